"""刷屏 (flood): too many messages, the same message again and again, bursts of links.

State is a short in-memory window per member in ``ctx.scratch`` (a restart
forgets a few minutes of chatter; nothing accepted is lost). One burst is one incident: the
message that crosses a limit earns a strike, the rest of the burst is removed
without further strikes, so a member is not muted for one bad minute.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from huzhu.core import (
    Catalog,
    Duration,
    GroupContext,
    MessageEvent,
    PluginConfig,
    PluginMeta,
    Severity,
    Verdict,
    hookimpl,
)
from huzhu.core.commands import split_command
from huzhu.core.durations import format_duration
from huzhu.core.links import INVISIBLE, find_shares, find_urls

_SPACE = re.compile(r"[\s\W_]+")
_MAX_COMPARE = 300  # characters compared for near-duplicates (bounded work per message)


class Config(PluginConfig):
    """Settings of flood. A limit of 0 switches that check off."""

    #: messages per member per ``window``
    messages: int = Field(default=10, ge=0, le=1000)
    window: Duration = 60
    #: the same (or nearly the same) message this many times within ``repeat_window``
    repeats: int = Field(default=3, ge=0, le=100)
    repeat_window: Duration = 300
    #: how alike two messages must be to count as the same (1.0: identical after folding)
    similarity: float = Field(default=0.9, ge=0.5, le=1.0)
    #: shorter messages (已助, 谢谢, 1) never count as repeats
    min_repeat_length: int = Field(default=6, ge=1, le=1000)
    #: links (share links and web addresses) per member per ``link_window``
    links: int = Field(default=5, ge=0, le=1000)
    link_window: Duration = 120
    severity: Literal["minor", "severe"] = "minor"


TEXTS = Catalog(
    {
        "zh": {
            "rule_flood": "禁止刷屏",
            "too_many": "发言太快：{window} 内发了 {count} 条消息（上限 {limit} 条），请慢一点。",
            "repeated": "请不要重复发送相同的内容（{window} 内第 {count} 次）。",
            "links": "{window} 内发了 {count} 个链接（上限 {limit} 个），求助请用 /求助，一次一条。",
            "burst": "刷屏中，消息已撤回。",
        },
        "en": {
            "rule_flood": "no flooding",
            "too_many": "Too fast: {count} messages in {window} (limit {limit}); please slow down.",
            "repeated": "Please do not post the same thing again ({count} times in {window}).",
            "links": "{count} links in {window} (limit {limit}); post requests with /post, one at a time.",
            "burst": "Still flooding; the message was removed.",
        },
    }
)

__plugin_meta__ = PluginMeta(
    name="flood",
    description="防刷屏：发言频率、重复/近似重复消息、短时间大量链接",
    description_en="flood control: message rate, repeated or near-identical messages, bursts of links",
    config=Config,
    texts=TEXTS,
)


@dataclass
class _Member:
    times: deque[float] = field(default_factory=deque)
    texts: deque[tuple[float, str]] = field(default_factory=deque)
    links: deque[tuple[float, int]] = field(default_factory=deque)
    #: until when the current incident lasts (further messages are removed, no new strike)
    incident_until: float = 0.0
    last: float = 0.0


_MAX_MEMBERS = 50_000  # per group
_SEVERITY = {"minor": Severity.MINOR, "severe": Severity.SEVERE}


def fold(text: str) -> str:
    """What counts for sameness: NFKC, lower case, no invisible characters, spaces or punctuation."""
    text = unicodedata.normalize("NFKC", text[: _MAX_COMPARE * 2])
    return _SPACE.sub("", INVISIBLE.sub("", text).lower())[:_MAX_COMPARE]


def _alike(a: str, b: str, threshold: float) -> bool:
    if a == b:
        return True
    if threshold >= 1.0:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= threshold
        and matcher.quick_ratio() >= threshold
        and matcher.ratio() >= threshold
    )


def _trim(q: deque, cutoff: float) -> None:
    """Drop entries at or before ``cutoff`` (a time, or a tuple starting with one)."""
    while q and (q[0] if isinstance(q[0], float) else q[0][0]) <= cutoff:
        q.popleft()


@hookimpl
def check_message(ctx: GroupContext, event: MessageEvent) -> Verdict | None:
    """Count the member's recent messages, repeats and links; flag the one that crosses a limit."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    now = ctx.now()
    members: dict[str, _Member] = ctx.scratch.setdefault("members", {})
    st = members.get(event.sender.id)
    if st is None:
        if len(members) >= _MAX_MEMBERS:
            _forget_idle(members, now - max(cfg.window, cfg.repeat_window, cfg.link_window))
        st = members[event.sender.id] = _Member()
    lang = ctx.language

    def verdict(kind: str, **values: object) -> Verdict:
        first = now >= st.incident_until
        if first:  # an incident lasts one window from its start; then a new one can begin
            st.incident_until = now + cfg.window
        return Verdict(
            rule="flood",
            severity=_SEVERITY[cfg.severity] if first else Severity.INFO,
            reason=ctx.t(kind, **values) if first else ctx.t("burst"),
            evidence={"kind": kind, **{k: v for k, v in values.items() if k != "window"}},
            remove=True,
        )

    def span(seconds: int) -> str:
        return format_duration(seconds, lang)

    st.last = now
    if now < st.incident_until:
        # still inside a burst: every message of it goes, without a new strike
        return verdict("burst")
    if cfg.messages:
        _trim(st.times, now - cfg.window)
        st.times.append(now)
        if len(st.times) > cfg.messages:
            count = len(st.times)
            st.times.clear()
            return verdict("too_many", count=count, limit=cfg.messages, window=span(cfg.window))
    is_command = split_command(event.text) is not None
    if cfg.repeats and not is_command:
        folded = fold(event.text)
        if len(folded) >= cfg.min_repeat_length:
            _trim(st.texts, now - cfg.repeat_window)
            same = 1 + sum(1 for _, t in st.texts if _alike(folded, t, cfg.similarity))
            st.texts.append((now, folded))
            if same >= cfg.repeats:
                st.texts.clear()
                return verdict("repeated", count=same, window=span(cfg.repeat_window))
    if cfg.links:
        n = max(len(find_urls(event.text)), len(find_shares(event.text)))
        if n:
            _trim(st.links, now - cfg.link_window)
            st.links.append((now, n))
            total = sum(c for _, c in st.links)
            if total > cfg.links:
                st.links.clear()
                return verdict("links", count=total, limit=cfg.links, window=span(cfg.link_window))
    return None


def _forget_idle(members: dict[str, _Member], before: float) -> None:
    """Drop members with no activity since ``before`` (bounds memory under many members)."""
    for key in [k for k, m in members.items() if m.last <= before]:
        del members[key]
