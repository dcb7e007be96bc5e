"""``huzhu scan``: try a configuration's ``check_message`` plugins on sample messages.

Each text is judged as a message from a different established member of the
group (``new_member=True``: a member seen for the first time), with the real
plugins and the settings ``plugins.yaml`` gives that group. Nothing is sent
and nothing is enforced; a throwaway database holds whatever plugins write.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from huzhu.core.caller import flatten
from huzhu.core.engine import Engine
from huzhu.core.events import Capabilities, Member, MessageEvent, Severity, Verdict

SCAN_CAPS = Capabilities(platform="scan", delete=True, mute=True, kick=True, private_message=True)


def summarise(verdicts: list[Verdict]) -> dict[str, Any]:
    """``verdict``: block (it would be removed or punished), review (admins are asked) or allow."""
    if any(v.severity >= Severity.MINOR or v.remove for v in verdicts):
        outcome = "block"
    elif any(v.severity == Severity.REVIEW for v in verdicts):
        outcome = "review"
    else:
        outcome = "allow"
    ordered = sorted(verdicts, key=lambda v: -v.severity)
    return {
        "verdict": outcome,
        "rules": [v.rule for v in ordered],
        "reasons": [v.reason for v in ordered],
        "severity": ordered[0].severity.name.lower() if ordered else "none",
    }


async def scan_texts(
    texts: Iterable[str],
    *,
    config: str | Path | None,
    group: str = "scan:group",
    new_member: bool = False,
) -> list[dict[str, Any]]:
    """Judge each text; one summary per text, in order."""
    return await _scan([(t, ()) for t in texts], config=config, group=group, new_member=new_member)


async def scan_images(
    pictures: Iterable[tuple[str, bytes]], *, config: str | Path | None, group: str = "scan:group"
) -> list[dict[str, Any]]:
    """Judge each picture (name, bytes) as a message of that picture alone; one summary each,
    with its ``file`` name. The bytes are handed to the plugins in memory (never fetched)."""
    from huzhu.core.media import qr

    named = list(pictures)
    refs = []
    for i, (_name, data) in enumerate(named):
        ref = f"local:scan-{i}"
        qr.LOCAL[ref] = data
        refs.append(ref)
    try:
        # reading a picture's text takes seconds (the first one loads the OCR models): the
        # hooks get a minute here, where nobody waits, instead of a chat's few seconds
        out = await _scan(
            [("", (ref,)) for ref in refs], config=config, group=group, hook_seconds=60.0
        )
    finally:
        for ref in refs:
            qr.LOCAL.pop(ref, None)
    return [{"file": name, **result} for (name, _), result in zip(named, out, strict=True)]


async def _scan(
    items: list[tuple[str, tuple[str, ...]]],
    *,
    config: str | Path | None,
    group: str,
    new_member: bool = False,
    hook_seconds: float | None = None,
) -> list[dict[str, Any]]:
    texts = items
    with tempfile.TemporaryDirectory(prefix="huzhu-scan-") as tmp:
        engine = Engine.from_settings(config_path=config, data_dir=tmp)
        await engine.start()
        if hook_seconds is not None:  # after start(), which sets the configured one
            engine.caller.timeout = hook_seconds
        try:
            settings = engine.resolver.group(group)
            out = []
            for i, (text, images) in enumerate(texts):
                member = f"scan:{i}"
                if new_member:
                    engine._seen.setdefault(group, {})[member] = ("", engine.clock.time())
                event = MessageEvent(group, Member(member, member), text, message_id=str(i),
                                     caps=SCAN_CAPS, images=images)  # fmt: skip
                results = await engine.caller.collect(
                    "check_message", group, settings.enabled, event=event
                )
                out.append(summarise([v for _, v in flatten(results, Verdict)]))
            return out
        finally:
            await engine.close()
