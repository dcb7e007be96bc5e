"""anti_scam's cheap gates skip only what their readers could not find: on every labelled
text, one without a character of ``_POSING_GATE`` gets nothing from the readers it guards."""

from __future__ import annotations

import json
from pathlib import Path

from huzhu.plugins.anti_scam import _POSING_GATE, notice, recovery, warning_frame
from huzhu.plugins.anti_scam.textnorm import scan_view

DATA = Path(__file__).parent / "data"


def _texts() -> list[str]:
    out = []
    for path in sorted(DATA.glob("antiscam_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["text"])
    return out


def test_posing_gate_skips_only_texts_its_readers_pass() -> None:
    outside = [v for v in map(scan_view, _texts()) if _POSING_GATE.search(v) is None]
    assert outside  # the gate does skip texts of the corpus
    # each reader's own words need a gate character: none of them finds anything there
    for view in outside:
        assert recovery.offer(view) is None, view
        assert notice.forged(view) is None, view
        assert warning_frame.dressed_demand(view) is None, view
    # and on the texts it lets through, each reader is still found to act
    inside = [v for v in map(scan_view, _texts()) if _POSING_GATE.search(v) is not None]
    assert any(recovery.offer(v) for v in inside)
    assert any(notice.forged(v) for v in inside)
    assert any(warning_frame.dressed_demand(v) for v in inside)


def test_warning_readers_remember_without_changing_answers() -> None:
    # remembered per text: the same answer a second time, for a warning and for an ad
    for view in ("有人私聊让我加微信刷单，大家别信", "刷单日结，加我微信 vx12345678"):
        first = (warning_frame.frame(view), warning_frame.channel(view), warning_frame.demand(view))
        again = (warning_frame.frame(view), warning_frame.channel(view), warning_frame.demand(view))
        assert first == again
    assert warning_frame.channel("刷单日结，加我微信 vx12345678") is not None
    assert warning_frame.warns("有人私聊让我加微信刷单，大家别信") is not None
