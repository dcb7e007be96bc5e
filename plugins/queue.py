"""队列 (queue): /队列, fair ordering strategies, digest announcements and 派单 (dispatch).

Strategies (``strategy``):
- ``fifo``: oldest first.
- ``round_robin``: one request per member in turn, so one member's three links
  do not push everyone else back.
- ``owed_first``: members who helped most and were helped least first (by 助力值).
- ``anti_starvation``: ``owed_first``, but anything waiting longer than
  ``starvation_after`` goes to the front, oldest first — nothing waits forever.
- ``finish_first`` (default): the requests closest to done first (fewest helps
  missing, counting claims not yet confirmed; ties nearest expiry first), then those
  that can no longer finish in time (under an hour per missing help left), and last
  those whose claims cover what they miss (they wait for the requester's /确认). In a
  group where members can give only so many helps a day, helps spent on requests
  that expire half-done are lost: this order puts them where they complete a request
  (see the README's simulator figures). /队列 and the requests a 先助人后求助 refusal
  suggests follow it.
- ``reputation``: by waiting time times the requester's tier ``queue_weight``
  (信用分 tiers, ``ctx.data.standing``): a weight of 2 ages a request twice as fast;
  anything past ``starvation_after`` still goes first.

With ``digest_interval`` set, new requests are acknowledged briefly and announced
together at that interval instead of one message each (no 信息轰炸). With
``dispatch.enabled``, each request is assigned to ``helpers_per_request`` eligible
members (see ``huzhu.core.requests.dispatch`` and ``queue_dispatch``), who are told
privately where the platform allows it (else in one group line per round); an
assignee who does not act within ``reassign_after`` is replaced. /接单 and /休息 let
members say when they want to be asked.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from huzhu.core import (
    Catalog,
    Claim,
    GroupContext,
    HelpRequest,
    Invocation,
    PluginConfig,
    PluginMeta,
    Reply,
    Section,
    Transaction,
    hookimpl,
)
from huzhu.core.commands import Arg
from huzhu.core.durations import Duration, format_duration
from huzhu.core.repeats import ago as repeat_ago
from huzhu.core.requests.finish_page import finish_key
from huzhu.core.requests.helpdesk import announcement, describe
from huzhu.core.settings.choices import Zero
from huzhu.plugins import queue_dispatch


class Dispatch(BaseModel):
    """派单 settings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = False
    helpers_per_request: int = Field(default=2, ge=1, le=10)
    #: an assignment nobody acted on goes to someone else after this long (those asked are in
    #: the app: a note they have not acted on within minutes waits for their next visit)
    reassign_after: Duration = 10 * 60
    #: a member who reported this many helps today is not asked for another: the platform's
    #: own daily limit (拼多多: three; raise it for platforms that allow more). Asked beyond
    #: it, they hold a slot they cannot fill (simulated at 10: median 0.22 h, p90 10 h; at 3:
    #: 0.19 h, 7.3 h — the README's 派单 round 7b)
    daily_cap: int = Field(default=3, ge=1, le=200)
    #: only members seen in the group (or writing to the bot) this recently are asked: they
    #: are in the app, and a note reaches them while the requests in it are fresh (read at a
    #: later visit, hours on, it sends them to what is left: the largest requests)
    active_within: Duration = 15 * 60
    #: a member who let this many assignments lapse in a row is not asked for ``pause_for``
    ignore_limit: int = Field(default=3, ge=1, le=100)
    pause_for: Duration = 24 * 3600
    #: a helper is not asked again for the same requester and activity within this long
    #: (platforms refuse repeat helps: 拼多多 one 砍价 per friend a day)
    pair_window: Duration = 24 * 3600
    #: requests with less time left that can still finish get two assignees per missing help
    urgent_within: Duration = 8 * 3600
    #: requests one member may be asked about at once, in one private note (a member asked
    #: about one request at a time is asked again only after they next speak up)
    asks_at_once: int = Field(default=3, ge=1, le=10)
    #: one group line, once per request, when a request comes within ``urgent_within`` of
    #: expiring with helps missing (all such requests of a round in one line)
    remind_urgent: bool = True
    #: … and requests still missing helps this long after they were posted or last shown
    #: come back in that line, as do those that got a help or a claim since they were last
    #: shown (closest to done first, six at most a round; 0: only near expiry and on help)
    resurface_every: Duration = 15 * 60
    #: the ⏰ line (three requests) also comes with the bot's answer to a reported help
    #: (/已助) when the last line is at least this old (and each round's line waits as long
    #: after the last), within the hourly cap of the bot's own posts and outside quiet hours:
    #: busy hours report more helps, so the line comes more often when more members read the
    #: group (0: each round only). The broadcast queue's public answers to /已助 and its
    #: refusals naming three requests did this for it
    resurface_gap: Duration = 6 * 60
    #: members seen in the group (or writing to the bot) this recently are in the app now:
    #: a private note reaches them as a notification within minutes, so they are asked
    #: first (before /接单, which says "ask me" but not "I am here")
    online_within: Duration = 10 * 60
    #: a member who just reported a help (/已助) is asked at once for the next request that
    #: misses helps: they are looking at the bot's answer, on their phone, now
    ask_after_help: bool = True
    #: a request that just got a help (/已助) is staffed again at once, from the members in
    #: the app, instead of at the next round (the broadcast queue's public answer to /已助
    #: put it back before every reader; here one member is asked privately)
    restaff_on_claim: bool = True


class Config(PluginConfig):
    """Settings of the queue plugin."""

    strategy: Literal[
        "fifo", "round_robin", "owed_first", "anti_starvation", "finish_first", "reputation"
    ] = "finish_first"
    #: requests per /队列 page (each shows its link, so pages stay short)
    page_size: int = Field(default=5, ge=1, le=15)
    #: the same page, unchanged, is not posted again within this long: a pointer up instead
    #: (several members asking /队列 at once must not fill the screen; 0: always post)
    repeat_within: Annotated[Duration, Zero("总是重发", "always post")] = 120
    #: announce new requests together every this long (0: one announcement each)
    digest_interval: Duration = 0
    starvation_after: Duration = 6 * 3600
    dispatch: Dispatch = Field(default_factory=Dispatch)


TEXTS = Catalog(
    {
        "zh": {
            "empty": "队列是空的。需要帮忙就发 /求助 加上链接或口令。",
            "header": "📋 进行中的求助（第 {page}/{pages} 页，共 {total} 个），复制链接去助力：",
            "line": "#{seq} {platform}·{activity}｜{name} 求助｜还差 {left} 人｜还剩 {time}{mark}\n{link}{note}",
            "line_note": "\n备注：{note}",
            "mark_own": "（你的求助）",
            "mark_claimed": "（你已报已助）",
            "footer": "助力后发送 /已助 编号（例如 /已助 {example}），或回复那条求助公告「已助」。",
            "next_page": "下一页：/队列 {next}",
            "just_posted": "{name}，这一页队列{ago}发过，没有变化，往上翻就能看到。助力后发送 /已助 编号。",
            "no_page": "没有第 {page} 页（共 {pages} 页），发送 /队列 从第 1 页看。",
            "queued": "✅ 求助 #{seq} 已排队，将在 {when}内的汇总中公布。",
            "digest": "📋 新求助汇总（{count} 个），助力后发送 /已助 编号：\n{lines}",
            "digest_more": "…还有 {more} 个，发送 /队列 查看。",
            "digest_line": "#{seq} {platform}·{activity}｜{name} 求助｜需要 {needed} 人\n{link}",
            "assigned": "📌 派单：{items}\n请在 {within}内助力，完成后发送 /已助 编号。",
            "assigned_item": "#{seq} → {who}",
            "note": (
                "📌 派单给你：请帮 {requester} 助力 #{seq}（{platform}·{activity}，还差 {left} 人，"
                "还剩 {time}）{urgent}\n{link}\n助力后直接回复我 /已助 {seq}；现在不方便就回复 /休息。"
                "{within}内没有回复，会改派给别人。"
            ),
            "note_urgent": "⏰ 快过期了，请优先帮忙",
            "urgent": "⏰ 这些求助还差人（快完成的在前），路过的朋友帮一把：\n{lines}\n助力后私聊我发 /已助 编号（例如 /已助 {example}，不占群屏幕），在群里发也行。",
            # where the platform takes no private messages (the official QQ bot, the local chat)
            "urgent_group": "⏰ 这些求助还差人（快完成的在前），路过的朋友帮一把：\n{lines}\n助力后在群里发 /已助 编号（例如 /已助 {example}）。",
            "urgent_line": "#{seq} {platform}·{activity}｜还差 {left} 人｜还剩 {time}\n{link}",
            "note_many": (
                "📌 派给你 {count} 个求助，能帮几个帮几个：\n{items}\n"
                "每帮完一个直接回复我 /已助 编号（例如 /已助 {example}）；现在不方便就回复 /休息。"
                "{within}内没有回复，会改派给别人。"
            ),
            "note_item": "#{seq} 帮 {requester}（{platform}·{activity}，还差 {left} 人，还剩 {time}）{urgent}\n{link}",
            "paused": (
                "{name}，你最近 {count} 次派单都没有回复，接下来 {pause}内不再派单给你。"
                "想接单随时在群里或私聊我发 /接单。"
            ),
            "paused_group": (
                "{name}，你最近 {count} 次派单都没有回复，接下来 {pause}内不再派单给你。"
                "想接单随时在群里发 /接单。"
            ),
            "available_ok": "✅ {name}，已记下你可以接单：有求助时会优先私聊派给你。不方便时发 /休息。",
            "available_ok_group": "✅ {name}，已记下你可以接单：有求助时会优先派给你（在群里 @ 你）。不方便时发 /休息。",
            "away_ok": "😴 {name}，已记下你在休息：不会再派单给你。回来后发 /接单。",
            "away_for": "😴 {name}，已记下你休息 {duration}：这段时间不会派单给你，之后照常。想提前接单就发 /接单。",
            "dispatch_off": "{name}，本群没有开启派单，/接单 和 /休息 在这里不起作用。想帮忙就发 /队列 看看进行中的求助。",
        },
        "en": {
            "empty": "The queue is empty. Need help? Send /post with your link or code.",
            "header": "📋 Open requests (page {page}/{pages}, {total} in all); copy a link to help:",
            "line": "#{seq} {platform} {activity} | asked by {name} | {left} more needed | {time} left{mark}\n{link}{note}",
            "line_note": "\nNote: {note}",
            "mark_own": " (yours)",
            "mark_claimed": " (you claimed it)",
            "footer": "After helping send /helped and the number (e.g. /helped {example}), or reply done to its announcement.",
            "next_page": "Next page: /queue {next}",
            "just_posted": "{name}, this queue page was posted {ago} and has not changed: scroll up. After helping send /helped <number>.",
            "no_page": "There is no page {page} ({pages} pages); send /queue for page 1.",
            "queued": "✅ Request #{seq} is queued; it will be announced within {when}.",
            "digest": "📋 New requests ({count}); after helping send /helped and the number:\n{lines}",
            "digest_more": "…and {more} more, send /queue.",
            "digest_line": "#{seq} {platform} {activity} | asked by {name} | {needed} needed\n{link}",
            "assigned": "📌 Assigned: {items}\nPlease help within {within}, then send /helped and the number.",
            "assigned_item": "#{seq} → {who}",
            "note": (
                "📌 A request for you: please help {requester} with #{seq} ({platform} {activity}, "
                "{left} more needed, {time} left){urgent}\n{link}\nAfter helping, reply /helped {seq} here; "
                "busy now? reply /away. Without a reply within {within} it goes to someone else."
            ),
            "note_urgent": " ⏰ expiring soon, please help first",
            "urgent": "⏰ These requests still need help (closest to done first):\n{lines}\nAfter helping send /helped and the number to me privately (keeps the chat clear; e.g. /helped {example}), or here.",
            "urgent_group": "⏰ These requests still need help (closest to done first):\n{lines}\nAfter helping send /helped and the number here (e.g. /helped {example}).",
            "urgent_line": "#{seq} {platform} {activity} | {left} more needed | {time} left\n{link}",
            "note_many": (
                "📌 {count} requests for you; help with as many as you can:\n{items}\n"
                "After each, reply /helped and its number here (e.g. /helped {example}); busy now? "
                "reply /away. Without a reply within {within} they go to someone else."
            ),
            "note_item": "#{seq} for {requester} ({platform} {activity}, {left} more needed, {time} left){urgent}\n{link}",
            "paused": (
                "{name}, the last {count} requests sent to you got no reply, so none will be sent to you "
                "for {pause}. Send /available (in the group or here) whenever you want them again."
            ),
            "paused_group": (
                "{name}, the last {count} requests sent to you got no reply, so none will be sent to you "
                "for {pause}. Send /available in the group whenever you want them again."
            ),
            "available_ok": "✅ {name}, noted: you are available and will be asked first, privately. Send /away when busy.",
            "available_ok_group": "✅ {name}, noted: you are available and will be asked first (mentioned in the group). Send /away when busy.",
            "away_ok": "😴 {name}, noted: you are away and will not be asked. Send /available when you are back.",
            "away_for": "😴 {name}, noted: you are away for {duration} and will not be asked until then. Send /available to come back earlier.",
            "dispatch_off": "{name}, this group does not assign requests, so /available and /away do nothing here. Send /queue to see open requests.",
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "strategy": "排序方式",
    "page_size": "每页几个求助",
    "repeat_within": "同一页多久内不重发",
    "digest_interval": "新求助汇总公布间隔",
    "starvation_after": "等待多久优先",
    "dispatch": "派单",
    "dispatch.enabled": "开启派单",
    "dispatch.helpers_per_request": "每个求助派给几人",
    "dispatch.reassign_after": "多久没动静就改派",
    "dispatch.daily_cap": "每人每天最多接几单",
    "dispatch.active_within": "多久内说过话才派",
    "dispatch.ignore_limit": "连续几次不理就暂停",
    "dispatch.pause_for": "暂停派单多久",
    "dispatch.pair_window": "同一对人多久内不重复派",
    "dispatch.urgent_within": "剩余多久算紧急",
    "dispatch.asks_at_once": "一次最多派几个求助",
    "dispatch.remind_urgent": "群里提醒快过期的求助",
    "dispatch.resurface_every": "缺人的求助多久再提一次",
    "dispatch.resurface_gap": "报已助时附带提醒的间隔",
    "dispatch.online_within": "多久内说过话算在线",
    "dispatch.ask_after_help": "刚报已助的人马上派下一单",
    "dispatch.restaff_on_claim": "有人报已助后立刻补派",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "strategy": "ordering",
    "page_size": "requests per page",
    "repeat_within": "time before a page is posted again",
    "digest_interval": "time between digests of new requests",
    "starvation_after": "waiting time that moves a request up",
    "dispatch": "dispatch",
    "dispatch.enabled": "dispatch on",
    "dispatch.helpers_per_request": "helpers asked per request",
    "dispatch.reassign_after": "time before reassigning",
    "dispatch.daily_cap": "requests per member per day at most",
    "dispatch.active_within": "how recently a member must be seen to be asked",
    "dispatch.ignore_limit": "ignored asks in a row before a pause",
    "dispatch.pause_for": "pause length",
    "dispatch.pair_window": "time before the same pair is asked again",
    "dispatch.urgent_within": "time left that makes a request urgent",
    "dispatch.asks_at_once": "requests asked about at once",
    "dispatch.remind_urgent": "remind the group of expiring requests",
    "dispatch.resurface_every": "time before requests missing helps are shown again",
    "dispatch.resurface_gap": "least time between reminders with a reported help",
    "dispatch.online_within": "how recently seen counts as online",
    "dispatch.ask_after_help": "ask who just helped at once",
    "dispatch.restaff_on_claim": "restaff a request at once after a help",
}

__plugin_meta__ = PluginMeta(
    name="queue",
    title="求助队列",
    title_en="request queue",
    aliases=("队列", "排队"),
    labels=LABELS,
    labels_en=LABELS_EN,
    sections=(
        Section(
            key="dispatch",
            title="派单",
            title_en="dispatch",
            aliases=("自动派单", "派单提醒"),
            description="把每个求助私聊派给几位在线的成员，没人理会就改派；成员用 /接单 /休息 说自己方便与否",
            description_en="each request is sent privately to a few members in the app, and to others if they do not act; members say /available or /away",
        ),
    ),
    description="求助队列：/队列、公平排序、汇总公布、派单",
    description_en="the request queue: /queue, fair ordering, digests, dispatch",
    usage="/队列 [页码]",
    config=Config,
    default_enabled=True,
    texts=TEXTS,
)


# ---------------------------------------------------------------- ordering
def fifo(requests: list[HelpRequest]) -> list[HelpRequest]:
    """Oldest first."""
    return sorted(requests, key=lambda r: (r.created_at, r.id))


def round_robin(requests: list[HelpRequest]) -> list[HelpRequest]:
    """Each member's oldest request, members in order of their oldest; then everyone's second …"""
    per: dict[str, list[HelpRequest]] = {}
    for r in fifo(requests):
        per.setdefault(r.requester, []).append(r)
    out: list[HelpRequest] = []
    depth = 0
    while len(out) < len(requests):
        for reqs in per.values():
            if depth < len(reqs):
                out.append(reqs[depth])
        depth += 1
    return out


def owed_first(
    requests: list[HelpRequest], balances: dict[str, tuple[int, int, int]]
) -> list[HelpRequest]:
    """Highest 助力值 first (helped most, helped least); ties oldest first."""
    return sorted(
        requests, key=lambda r: (-balances.get(r.requester, (0, 0, 0))[0], r.created_at, r.id)
    )


def anti_starvation(
    requests: list[HelpRequest], balances: dict[str, tuple[int, int, int]], now: float, after: int
) -> list[HelpRequest]:
    """Requests waiting longer than ``after`` first (oldest first), then owed-first."""
    starving = [r for r in requests if now - r.created_at >= after]
    rest = [r for r in requests if now - r.created_at < after]
    return fifo(starving) + owed_first(rest, balances)


def finish_first(
    requests: list[HelpRequest], now: float, pending: dict[int, int] | None = None
) -> list[HelpRequest]:
    """Closest to done first (fewest helps missing, ties nearest expiry), those that cannot
    finish in time next, and last those whose claims cover what they miss (waiting for the
    requester's /确认); ``pending``: request id → claims not yet confirmed."""
    p = pending or {}
    return sorted(requests, key=lambda r: finish_key(r, now, p.get(r.id, 0)))


def by_weight(
    requests: list[HelpRequest], weights: dict[str, float], now: float, after: int
) -> list[HelpRequest]:
    """Starving requests first (oldest first), then by waiting time × the requester's weight."""
    starving = [r for r in requests if now - r.created_at >= after]
    rest = [r for r in requests if now - r.created_at < after]
    ranked = sorted(
        rest,
        key=lambda r: (
            -(now - r.created_at + 1.0) * weights.get(r.requester, 1.0),
            r.created_at,
            r.id,
        ),
    )
    return fifo(starving) + ranked


@hookimpl(trylast=True)
async def rank_queue(ctx: GroupContext, requests: list[HelpRequest]) -> list[HelpRequest]:
    """Order open requests by the group's strategy."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    if cfg.strategy == "fifo":
        return fifo(requests)
    if cfg.strategy == "round_robin":
        return round_robin(requests)
    if cfg.strategy == "finish_first":
        return finish_first(requests, ctx.now(), await queue_dispatch.pending_claims(ctx, requests))
    if cfg.strategy == "reputation":
        weights = {
            m: (await ctx.data.standing(m)).queue_weight for m in {r.requester for r in requests}
        }
        return by_weight(requests, weights, ctx.now(), cfg.starvation_after)
    balances = await ctx.data.balances(sorted({r.requester for r in requests}))
    if cfg.strategy == "owed_first":
        return owed_first(requests, balances)
    return anti_starvation(requests, balances, ctx.now(), cfg.starvation_after)


# ---------------------------------------------------------------- /队列
#: strategies whose order the database pages (the others order every open request in Python)
_PAGED = ("fifo", "owed_first", "anti_starvation", "finish_first")


async def show_queue(inv: Invocation) -> str:
    """/队列 [页码]: each request with its link as announced, who asked, what is missing, time left."""
    ctx = inv.ctx
    cfg: Config = ctx.config  # type: ignore[assignment]
    page = inv.args["page"] or 1
    start = (page - 1) * cfg.page_size
    viewer = inv.event.sender.id
    if cfg.strategy in _PAGED and ctx.data.ranked_by("queue"):
        # paged in SQL: a group with a long queue costs one page, not the whole queue
        total, shown, claimed = await ctx.data.open_page(
            cfg.strategy, cfg.starvation_after, start, cfg.page_size, viewer
        )
    else:
        ranked = await ctx.data.ranked_open_requests()
        total, shown = len(ranked), ranked[start : start + cfg.page_size]
        claimed = await ctx.data.claimed_ids(viewer, [r.id for r in shown])
    if not total:
        return ctx.t("empty")
    pages = (total + cfg.page_size - 1) // cfg.page_size
    if not 1 <= page <= pages:
        return ctx.t("no_page", page=page, pages=pages)
    now = ctx.now()
    # what this viewer would see: the page, its progress and their own marks
    signature = (total, tuple((r.seq, r.helped, r.requester == viewer, r.id in claimed)
                                    for r in shown))  # fmt: skip
    posted: dict[int, tuple[Any, float]] = ctx.scratch.setdefault("queue_posted", {})
    last = posted.get(page)
    # answered privately, the page was not in the group for anyone to scroll up to
    shared = not ctx.data.tells_privately()
    if shared and last is not None and last[0] == signature and now - last[1] < cfg.repeat_within:
        ago = repeat_ago(now - last[1], ctx.language)
        name = await ctx.data.display_name(viewer)
        return ctx.t("just_posted", name=name, ago=ago)
    posted[page] = (signature, now)
    names = await ctx.data.display_names([r.requester for r in shown])
    lines = [ctx.t("header", page=page, pages=pages, total=total)]
    for r in shown:
        platform, activity = describe(r, ctx.language)
        mark = (
            ctx.t("mark_own") if r.requester == viewer
            else ctx.t("mark_claimed") if r.id in claimed else ""
        )  # fmt: skip
        note = ctx.t("line_note", note=_short(r.note)) if r.note else ""
        lines.append(ctx.t("line", seq=r.seq, platform=platform, activity=activity, name=names[r.requester],
                           left=max(r.needed - r.helped, 1), time=time_left(r, now, ctx.language),
                           mark=mark, link=r.link, note=note))  # fmt: skip
    example = next(
        (r.seq for r in shown if r.requester != viewer and r.id not in claimed), shown[0].seq
    )
    lines.append(ctx.t("footer", example=example))
    if page < pages:
        lines.append(ctx.t("next_page", next=page + 1))
    return "\n".join(lines)


def time_left(request: HelpRequest, now: float, lang: str) -> str:
    """How long a request stays open, in whole minutes (at least one): ``5小时``."""
    left = int(max(request.expires_at - now, 60))
    return format_duration(left // 60 * 60, lang)


def _short(note: str, limit: int = 40) -> str:
    return note if len(note) <= limit else note[: limit - 1] + "…"


@hookimpl
def register_commands(register: Any) -> None:
    """Add /队列."""
    # no quiet_repeat: the page has its own per-viewer guard (``repeat_within``), one setting
    register("队列", show_queue, aliases=("queue",), summary="查看进行中的求助（按本群规则排序）", group="query",
             summary_en="open requests in queue order", args=(Arg("page", "int", optional=True, max=10_000),),
             unlimited=True, examples=("/队列", "/队列 2"), examples_en=("/queue", "/queue 2"), private=True)  # fmt: skip
    register("接单", queue_dispatch.available_cmd, aliases=("available",), group="request", work=True,
             section="dispatch",
             summary="派单时优先派给我（私聊发链接）", summary_en="assign requests to me first (sent privately)",
             examples=("/接单",), examples_en=("/available",), private=True)  # fmt: skip
    register("休息", queue_dispatch.away_cmd, aliases=("away",), group="request", work=True,
             section="dispatch",
             summary="暂时不要派单给我（可加时长）", summary_en="do not assign requests to me (for a while)",
             args=(Arg("duration", "duration", optional=True),), examples=("/休息", "/休息 2小时"),
             examples_en=("/away", "/away 2h"), private=True)  # fmt: skip


# ---------------------------------------------------------------- announcements and dispatch
@hookimpl
async def request_posted(ctx: GroupContext, request: HelpRequest) -> list[Any]:
    """Announce now (and place it against the current 派单), or acknowledge and hold for the digest."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    if cfg.digest_interval:
        pending = list(await ctx.kv.get("digest", []))
        pending.append(request.seq)
        await ctx.kv.set("digest", pending)
        when = format_duration(cfg.digest_interval, ctx.language)
        return [
            Reply(
                ctx.group_id,
                ctx.t("queued", seq=request.seq, when=when),
                mention=(request.requester,),
            )
        ]
    out: list[Any] = [
        Reply(
            ctx.group_id,
            announcement(request, ctx.language, ctx.data.tells_privately()),
            mention=(request.requester,),
            audience="group",
        )
    ]
    if cfg.dispatch.enabled:
        out += await queue_dispatch.dispatch(ctx, cfg, only=request)
    return out


@hookimpl
def claim_stored(ctx: GroupContext, tx: Transaction, claim: Claim) -> None:
    """Under 派单, a member who helps has their ignored assignments forgiven, stored with the
    claim (one transaction)."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    if cfg.dispatch.enabled:
        ctx.data.store_dispatch_acted(tx, claim.helper)


@hookimpl
async def help_claimed(ctx: GroupContext, request: HelpRequest, claim: Claim) -> list[Any] | None:
    """Under 派单, a member who helps is asked again (their ignored assignments were forgiven
    with the claim), and, with ``ask_after_help``, at once: a re-plan while they are in the
    app; the request they helped is staffed again at once (``queue_dispatch.after_claim``)."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    if cfg.dispatch.enabled:
        ctx.data.dispatch_acted_stored(claim.helper)
        return await queue_dispatch.after_claim(ctx, cfg, request, claim.helper)
    return None


@hookimpl
async def tick(ctx: GroupContext, now: float) -> list[Any]:
    """Send the digest when it is due; lapse assignments and re-plan 派单 as a whole."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    out: list[Any] = []
    if cfg.digest_interval:
        last = float(await ctx.kv.get("digest_at", 0.0))
        pending = list(await ctx.kv.get("digest", []))
        if pending and now - last >= cfg.digest_interval:
            out.append(await _digest(ctx, pending))
            await ctx.kv.set("digest", [])
            await ctx.kv.set("digest_at", now)
    if cfg.dispatch.enabled:
        out += await queue_dispatch.tick(ctx, cfg, now)
    return out


async def _digest(ctx: GroupContext, seqs: list[int]) -> Reply:
    by_seq = {r.seq: r for r in await ctx.data.open_requests()}
    live = [by_seq[s] for s in seqs if s in by_seq]
    names = await ctx.data.display_names([r.requester for r in live[:10]])
    lines = []
    for r in live[:10]:
        platform, activity = describe(r, ctx.language)
        lines.append(ctx.t("digest_line", seq=r.seq, platform=platform, activity=activity,
                           name=names[r.requester], needed=r.needed, link=r.link))  # fmt: skip
    if len(live) > 10:
        lines.append(ctx.t("digest_more", more=len(live) - 10))
    return Reply(ctx.group_id, ctx.t("digest", count=len(live), lines="\n".join(lines)),
                 mention=tuple(dict.fromkeys(r.requester for r in live[:10])),
                 audience="group")  # fmt: skip


async def plan(ctx: GroupContext, cfg: Config) -> dict[int, list[str]]:
    """Who should help which open request now, re-planned as a whole (no side effects)."""
    return await queue_dispatch.plan(ctx, cfg)
