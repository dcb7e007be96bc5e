"""刷屏 (flood): too many messages, the same message again and again, bursts of links.

State is a short in-memory window per member in ``ctx.scratch`` (a restart
forgets a few minutes of chatter; nothing accepted is lost). One burst is one incident: the
message that crosses a limit earns a strike, the rest of the burst is removed
without further strikes, so a member is not muted for one bad minute.
"""

from __future__ import annotations

import difflib
import functools
from collections import OrderedDict
from typing import Any, Literal

from pydantic import Field

from huzhu.core import (
    Catalog,
    Duration,
    GroupContext,
    MessageEvent,
    PluginConfig,
    PluginMeta,
    Role,
    Severity,
    Verdict,
    hookimpl,
)
from huzhu.core.commands import split_command
from huzhu.core.durations import format_duration
from huzhu.core.events import folded, normalized
from huzhu.core.requests.links import count_links, fold_nfkc
from huzhu.core.requests.links import fold as fold_text

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
            "too_many": "发言太快，{window}内发了 {count} 条消息（上限 {limit} 条），请慢一点。",
            "repeated": "请不要重复发送相同的内容（{window}内第 {count} 次）。",
            "links": "{window}内发了 {count} 个链接（上限 {limit} 个），求助请用 /求助，一次一条。",
            "burst": "仍在刷屏",
            "pause": "{window}内再发的聊天消息会被撤回，之后恢复正常。",
        },
        "en": {
            "rule_flood": "no flooding",
            "too_many": "Too fast: {count} messages in {window} (limit {limit}); please slow down.",
            "repeated": "Please do not post the same thing again ({count} times in {window}).",
            "links": "{count} links in {window} (limit {limit}); post requests with /post, one at a time.",
            "burst": "still flooding",
            "pause": " Chat messages in the next {window} will be removed; then all is back to normal.",
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "messages": "时间窗内每人最多发几条",
    "window": "发言时间窗",
    "repeats": "重复几次算刷屏",
    "repeat_window": "重复消息时间窗",
    "similarity": "多相似算重复",
    "min_repeat_length": "多短的消息不算重复",
    "links": "时间窗内每人最多发几个链接",
    "link_window": "链接时间窗",
    "severity": "违规严重程度",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "messages": "messages per member per window",
    "window": "message window",
    "repeats": "repeats that count as flooding",
    "repeat_window": "repeat window",
    "similarity": "how alike counts as a repeat",
    "min_repeat_length": "shorter messages never count as repeats",
    "links": "links per member per window",
    "link_window": "link window",
    "severity": "severity",
}

__plugin_meta__ = PluginMeta(
    name="flood",
    title="防刷屏",
    title_en="flood control",
    aliases=("刷屏",),
    labels=LABELS,
    labels_en=LABELS_EN,
    description="防刷屏：发言频率、重复/近似重复消息、短时间大量链接",
    description_en="flood control: message rate, repeated or near-identical messages, bursts of links",
    config=Config,
    texts=TEXTS,
)


class _Member:
    """One member's recent activity: lists, oldest first, made on first use (a deque costs
    ~600 bytes even empty, and most members of 10,000 groups never need two of the three)."""

    __slots__ = ("incident_until", "last", "links", "texts", "times")

    def __init__(self, last: float = 0.0) -> None:
        self.times: list[float] | None = None
        self.texts: list[tuple[float, str]] | None = None
        self.links: list[tuple[float, int]] | None = None
        #: until when the current incident lasts (further messages are removed, no new strike)
        self.incident_until = 0.0
        self.last = last


def _drop_before(items: list[Any], cutoff: float, key: bool) -> None:
    """Remove the entries at or before ``cutoff`` from the front (``key``: (time, …) tuples)."""
    k = 0
    n = len(items)
    while k < n and (items[k][0] if key else items[k]) <= cutoff:
        k += 1
    if k:
        del items[:k]


_MAX_MEMBERS = 50_000  # per group
_SEVERITY = {"minor": Severity.MINOR, "severe": Severity.SEVERE}


def fold(text: str) -> str:
    """What counts for sameness: the folded text (see ``links.fold``), bounded in length."""
    return fold_text(text[: _MAX_COMPARE * 2])[:_MAX_COMPARE]


def _fold_event(event: MessageEvent) -> str:
    """``fold`` of a message, from the NFKC form the engine shares between the rules."""
    nfkc = normalized(event)
    if len(nfkc) <= _MAX_COMPARE * 2:  # the whole text: the folded form the rules share
        return folded(event)[:_MAX_COMPARE]
    return fold_nfkc(nfkc[: _MAX_COMPARE * 2])[:_MAX_COMPARE]


#: texts up to this long have their link count remembered (``count_links`` is a pure
#: function of the text, and a group's chat is the same few short lines again and again)
_LINKS_MEMO_TEXT = 160
_count_short = functools.lru_cache(maxsize=4096)(count_links)


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


def _verdict(
    ctx: GroupContext, cfg: Config, st: _Member, now: float, kind: str, **values: object
) -> Verdict:
    first = now >= st.incident_until
    if first:  # an incident lasts one window from its start; then a new one can begin
        st.incident_until = now + cfg.window
    shown = {k: format_duration(v, ctx.language) if k == "window" else v for k, v in values.items()}
    return Verdict(
        rule="flood",
        severity=_SEVERITY[cfg.severity] if first else Severity.INFO,
        # the first says what happened and how long the rest of the burst goes
        reason=ctx.t(kind, **shown)
        + ctx.t("pause", window=format_duration(cfg.window, ctx.language))
        if first
        else ctx.t("burst"),
        evidence={"kind": kind, **{k: v for k, v in values.items() if k != "window"}},
        remove=True,
    )


@hookimpl
def check_message(ctx: GroupContext, event: MessageEvent) -> Verdict | None:
    """Count the member's recent messages, repeats and links; flag the one that crosses a limit.

    Commands that do the group's work (``event.work``: /已助, /确认, a reply 已助 …)
    are not chatter: they never count, and are never removed as part of a burst. Nor are
    an admin's commands (``/配置`` ten times while setting the group up is not 刷屏).
    """
    if event.work or (event.command and event.sender.role >= Role.ADMIN):
        return None
    cfg: Config = ctx.config  # type: ignore[assignment]
    now = ctx.now()
    members: OrderedDict[str, _Member] | None = ctx.scratch.get("members")
    if members is None:
        members = ctx.scratch["members"] = OrderedDict()
    st = members.get(event.sender.id)
    if st is None:
        if len(members) >= _MAX_MEMBERS:
            _forget_idle(members, now - max(cfg.window, cfg.repeat_window, cfg.link_window))
        st = members[event.sender.id] = _Member()
    else:
        members.move_to_end(event.sender.id)  # least recently active first
    st.last = now
    if now < st.incident_until:
        # still inside a burst: every chat message of it goes, without a new strike; a
        # command (a /求助) is not lost silently: its own limits (rate, quota) apply
        return None if event.command else _verdict(ctx, cfg, st, now, "burst")
    if cfg.messages:
        times = st.times
        if times is None:
            times = st.times = []
        _drop_before(times, now - cfg.window, key=False)
        times.append(now)
        if len(times) > cfg.messages:
            count = len(times)
            times.clear()
            return _verdict(
                ctx, cfg, st, now, "too_many", count=count, limit=cfg.messages, window=cfg.window
            )
    text = event.text
    # a message shorter than the minimum can never fold into a longer one
    if cfg.repeats and len(text) >= cfg.min_repeat_length and split_command(text) is None:
        folded = _fold_event(event)
        if len(folded) >= cfg.min_repeat_length:
            texts = st.texts
            if texts is None:
                texts = st.texts = []
            _drop_before(texts, now - cfg.repeat_window, key=True)
            same = 1 + sum(1 for _, t in texts if _alike(folded, t, cfg.similarity))
            texts.append((now, folded))
            if same >= cfg.repeats:
                texts.clear()
                return _verdict(ctx, cfg, st, now, "repeated", count=same, window=cfg.repeat_window)
    if cfg.links:
        n = _count_short(text) if len(text) <= _LINKS_MEMO_TEXT else count_links(text)
        if n:
            links = st.links
            if links is None:
                links = st.links = []
            _drop_before(links, now - cfg.link_window, key=True)
            links.append((now, n))
            total = sum(c for _, c in links)
            if total > cfg.links:
                links.clear()
                return _verdict(
                    ctx, cfg, st, now, "links", count=total, limit=cfg.links, window=cfg.link_window
                )
    return None


def _forget_idle(members: OrderedDict[str, _Member], before: float) -> None:
    """Make room for one more member: drop those with no activity since ``before``, and the
    least recently active beyond the cap (their counts are older than anyone else's).

    ``members`` is kept least recently active first, so this reads only what it drops:
    amortised O(1) per message, however many members the group has.
    """
    while members:
        key, oldest = next(iter(members.items()))
        if oldest.last > before and len(members) < _MAX_MEMBERS:
            return
        del members[key]
