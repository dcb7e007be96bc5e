"""Issue 22, the per-message pipeline: contexts bound once per group's settings, the
shared folded text, the collector tuned once, and the benchmark's no-framework limit."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from huzhu.core import engine as engine_mod
from huzhu.core.events import Member, MessageEvent, folded, normalized
from huzhu.core.requests.links import fold_nfkc
from huzhu.testing import FakeGroup, text
from tests.sample_plugins import Keyword

BENCH = str(Path(__file__).resolve().parents[1] / "bench")
YAML = """
defaults:
  plugins:
    keyword: {word: spam}
"""


async def test_a_round_reuses_the_groups_contexts_until_its_settings_change(engine_factory):
    engine = await engine_factory(YAML, plugins=[Keyword()], builtins=False)
    made: list[tuple[str, str]] = []
    real = engine.caller.contexts

    def counting(group_id: str, plugin: str):
        made.append((group_id, plugin))
        return real(group_id, plugin)

    engine.caller.contexts = counting
    enabled = frozenset({"keyword"})

    async def reasons(gid: str, said: str) -> list[str]:
        event = MessageEvent(gid, Member("qq:9", ""), said)
        return [v.reason for _, v in await engine.caller.collect(
            "check_message", gid, enabled, event=event)]  # fmt: skip

    assert await reasons("qq:5", "spam") == ["不要说 spam"]
    assert await reasons("qq:5", "spam again") == ["不要说 spam"]
    assert made.count(("qq:5", "keyword")) == 1  # bound once, not looked up per message
    # an admin's override makes new settings: the next round sees the new config at once
    engine.resolver.set_override("qq:5", "keyword", "word", "eggs")
    assert await reasons("qq:5", "spam") == []
    assert await reasons("qq:5", "eggs") == ["不要说 eggs"]
    assert made.count(("qq:5", "keyword")) == 2
    # another group keeps its own binding
    assert await reasons("qq:6", "spam") == ["不要说 spam"]


def test_the_folded_text_is_computed_once_and_equals_fold_nfkc():
    for raw in ("加 微-信 领红包", "ＡＢＣ\u200b１２３", "hello", "x" * 5000):
        event = MessageEvent("qq:1", Member("qq:2", ""), raw)
        value = folded(event)
        assert value == fold_nfkc(normalized(event))
        assert event.folded is value and folded(event) is value


async def test_content_still_matches_words_through_the_shared_folded_form(engine_factory):
    engine = await engine_factory(
        "defaults:\n  plugins:\n    content: {words: [加微信]}\n", builtins=True
    )
    actions = await FakeGroup(engine, "qq:7").say("有事加 微-信 聊")
    assert "加微信" in text(actions)


async def test_the_collector_is_tuned_once_after_the_first_engine_starts(engine_factory):
    await engine_factory(YAML, plugins=[Keyword()], builtins=False)
    assert engine_mod._tuned
    assert gc.get_freeze_count() > 0
    young = gc.get_threshold()[0]
    assert young == 0 or young >= engine_mod.GC_YOUNG


async def test_the_benchmark_measures_the_plugins_own_work(tmp_path: Path):
    sys.path.insert(0, BENCH)
    try:
        import pipeline
    finally:
        sys.path.pop(0)
    limit, per_plugin = await pipeline.bench_plugins(pipeline.make_mix(300, 20), tmp_path)
    assert limit > 0
    assert set(per_plugin) == {"flood", "content", "anti_scam"}
    assert all(us > 0 for us in per_plugin.values())
