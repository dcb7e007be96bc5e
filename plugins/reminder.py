"""提醒 (reminder): request and claim reminders, digests, owner announcements and 防沉迷.

Every reminder is a durable item of the core scheduler (``ctx.schedule``), so
nothing depends on in-memory timers: a restart neither loses nor repeats one,
and several processes sharing a database send each once. What this plugin
posts on its own obeys the group's quiet hours and hourly cap (``posting`` in
plugins.yaml).

- a request about to expire: the requester (and helpers assigned by dispatch)
  are mentioned ``expiring_before`` its end;
- a claim still unconfirmed after ``confirm_after``: the requester is reminded
  and told when auto-confirm happens;
- members who owe help (negative 助力值, active this week) while others'
  requests are open: one gentle group note a day at ``owe_at``;
- a digest of open requests at the ``digest_at`` times;
- ``/定时`` announcements by admins (one-shot or recurring), ``/定时列表``, ``/取消定时``;
- 防沉迷: ``daily_requests`` refuses further requests for the day with a
  friendly note; ``daily_helps`` sends a private "take a break" note when a
  member reaches it (helps already done are always recorded).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from huzhu.core import (
    Arg,
    Catalog,
    Claim,
    Duration,
    GroupContext,
    HelpRequest,
    Invocation,
    PluginConfig,
    PluginMeta,
    PrivateMessage,
    Reply,
    Role,
    ScheduledItem,
    Severity,
    Transaction,
    Verdict,
    hookimpl,
)
from huzhu.core.durations import format_duration
from huzhu.core.i18n import join_clauses, join_list
from huzhu.core.requests.helpdesk import describe
from huzhu.core.schedule.scheduler import LocalTime, daily_cron, parse_when
from huzhu.core.settings.choices import Zero

MAX_TEXT = 500
OWE_ACTIVE_DAYS = 7
OWE_MENTIONS = 10


class Config(PluginConfig):
    """Settings of reminder. A duration of 0 (or an empty list) switches that reminder off."""

    #: mention the requester (and assigned helpers) this long before a request expires
    expiring_before: Annotated[Duration, Zero("关", "off")] = 3600
    #: remind the requester of a claim still unconfirmed after this long
    confirm_after: Annotated[Duration, Zero("关", "off")] = 1800
    #: daily gentle note to members with a negative 助力值, e.g. "20:00" (null: off)
    owe_at: LocalTime | None = None
    #: post a digest of open requests at these local times, e.g. ["12:00", "20:00"]
    digest_at: list[LocalTime] = Field(default_factory=list, max_length=12)
    #: 防沉迷: requests a member may post per day (0: no limit)
    daily_requests: int = Field(default=0, ge=0, le=1000)
    #: 防沉迷: helps per day after which a member is told to take a break (0: off)
    daily_helps: int = Field(default=0, ge=0, le=1000)
    #: active /定时 announcements per group
    max_announcements: int = Field(default=20, ge=1, le=200)
    #: an announcement missed while the bot was down: skip it, or post it once when back
    announce_catch_up: Literal["skip", "once"] = "once"

    @field_validator("digest_at")
    @classmethod
    def _digest(cls, v: list[str]) -> list[str]:
        return sorted(set(v))


TEXTS = Catalog(
    {
        "zh": {
            "rule_reminder.daily_requests": "防沉迷：每日求助上限",
            "expiring": "⏰ 求助 #{seq}（{platform}·{activity}）还有 {left} 就到期了，还差 {missing} 人助力。",
            "expiring_assigned": "被派单的朋友请帮忙：",
            "confirm": "🔔 {helper} 说已助力你的 #{seq}，请 /确认 {seq}（不实请 /否认 {seq} @{helper}）。{auto}",
            # sent privately (the group answers privately): no @ there, the name is what works
            "confirm_private": "🔔 {helper} 说已助力你的 #{seq}，请 /确认 {seq}（不实请 /否认 {seq} {helper}）。{auto}",
            "confirm_auto": "{at} 起无异议将自动确认。",
            # several claims waiting for one requester: one line, the helpers named
            "confirm_many": "🔔 {helpers} 说已助力你的 #{seq}，属实请发 /确认 {seq}（一次确认全部），不实请发 /否认 {seq} 加对方名字，例如 /否认 {seq} {example}。{auto}",
            "confirm_seqs": "🔔 有 {count} 条助力等你确认：{items}。属实请发 /确认 编号（例如 /确认 {seq}），不实请发 /否认 编号 加对方名字（例如 /否认 {seq} {example}）。{auto}",
            "confirm_item": "#{seq} {helpers}",
            "confirm_auto_all": "无异议的话 {at} 起陆续自动确认。",
            "confirm_auto_some": "其中 {helpers} 的助力 {at} 起无异议将自动确认。",
            "owe": "🙏 温馨提示：你们的助力值为负，现在有 {count} 个求助等待助力，发 /队列 看看吧～",
            "digest": "📋 当前待助力的求助（{count} 个）：\n{lines}",
            "digest_more": "…还有 {more} 个，发送 /队列 查看。",
            "break_requests": "今天已经发了 {count} 个求助啦（每天最多 {limit} 个），休息一下，明天再来吧 ☕",
            "break_helps": "你今天已经助力 {count} 次了，谢谢你！休息一下眼睛吧 ☕",
            "announce": "📢 {text}",
            "announce_late": "📢（补发，原定 {at}）{text}",
            "schedule_usage": (
                "用法：/定时 时间 内容，例如 /定时 每天 9:00 早上好\n时间可以是：21:00（下一个 21:00）、"
                "30分钟 / 2小时（多久以后，最多 10 年）、12-01 09:00、每天 21:00、工作日 9:00、每周一 9:00，"
                "或 cron 表达式 0 9 * * 1-5"
            ),
            "schedule_empty_text": "请在时间后写上要发的内容。",
            "schedule_long": "内容太长（{length} 字），最多 {limit} 字。",
            "schedule_full": "本群已有 {count} 个定时消息（最多 {limit} 个），请先 /取消定时 一个。",
            "scheduled": "已设定定时消息 #{id}：{label}，下次 {next}。",
            "list_none": "本群没有定时消息。发送 /定时 时间 内容 添加，例如 /定时 每天 9:00 早上好。",
            "list_head": "⏱ 定时消息：",
            "list_line": "#{id} {label}（下次 {next}）{text}",
            "cancelled": "已取消定时消息 #{id}。",
            "no_such": "没有编号为 #{id} 的定时消息，/定时列表 查看。",
            "repeat": "重复：",
        },
        "en": {
            "rule_reminder.daily_requests": "daily request limit",
            "expiring": "⏰ Request #{seq} ({platform} {activity}) expires in {left}; {missing} more needed.",
            "expiring_assigned": "Assigned helpers, please: ",
            "confirm": "🔔 {helper} says they helped your #{seq}: /confirm {seq} (or /deny {seq} @{helper}). {auto}",
            "confirm_private": "🔔 {helper} says they helped your #{seq}: /confirm {seq} (or /deny {seq} {helper}). {auto}",
            "confirm_auto": "Confirmed automatically from {at} unless denied.",
            "confirm_many": "🔔 {helpers} say they helped your #{seq}: /confirm {seq} confirms them all (or /deny {seq} and a name, e.g. /deny {seq} {example}). {auto}",
            "confirm_seqs": "🔔 {count} claims wait for you: {items}. Send /confirm and the number if true (e.g. /confirm {seq}), /deny with the number and a name if not (e.g. /deny {seq} {example}). {auto}",
            "confirm_item": "#{seq} {helpers}",
            "confirm_auto_all": "Unless denied, they are confirmed automatically from {at} on.",
            "confirm_auto_some": "Help by {helpers} is confirmed automatically from {at} unless denied.",
            "owe": "🙏 Friendly note: your help balance is negative and {count} requests are waiting — try /queue.",
            "digest": "📋 Open requests ({count}):\n{lines}",
            "digest_more": "…and {more} more, send /queue.",
            "break_requests": "You reached today's limit ({count} posted, {limit} a day). Take a break and come back tomorrow ☕",
            "break_helps": "You helped {count} times today — thank you! Time for a break ☕",
            "announce": "📢 {text}",
            "announce_late": "📢 (late, was due {at}) {text}",
            "schedule_usage": (
                "Usage: /schedule <time> <text>\nTime: 21:00 (the next 21:00), 30m / 2h (from now), "
                "12-01 09:00, daily 21:00, weekdays 9:00, mon 9:00, or cron 0 9 * * 1-5"
            ),
            "schedule_empty_text": "Write the text to post after the time.",
            "schedule_long": "The text is too long ({length} characters, at most {limit}).",
            "schedule_full": "This group has {count} scheduled posts (at most {limit}); /unschedule one first.",
            "scheduled": "Scheduled post #{id}: {label}, next at {next}.",
            "list_none": "No scheduled posts. Add one with /schedule <time> <text>.",
            "list_head": "⏱ Scheduled posts:",
            "list_line": "#{id} {label} (next {next}) {text}",
            "cancelled": "Scheduled post #{id} cancelled.",
            "no_such": "There is no scheduled post #{id}; see /schedules.",
            "repeat": "repeats: ",
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "expiring_before": "求助过期前多久提醒",
    "confirm_after": "多久未确认就提醒",
    "owe_at": "每天提醒欠助力的时间",
    "digest_at": "每天公布求助汇总的时间",
    "daily_requests": "每人每天最多求助几次（防沉迷）",
    "daily_helps": "每天助力几次后提醒休息",
    "max_announcements": "最多几条定时公告",
    "announce_catch_up": "错过的定时公告怎么办",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "expiring_before": "reminder time before a request expires",
    "confirm_after": "time unconfirmed before a reminder",
    "owe_at": "time of the daily reminder of owed helps",
    "digest_at": "times of the daily digest of requests",
    "daily_requests": "requests per member per day (anti-addiction)",
    "daily_helps": "suggest a rest after this many helps a day",
    "max_announcements": "scheduled announcements at most",
    "announce_catch_up": "missed scheduled announcements",
}

__plugin_meta__ = PluginMeta(
    name="reminder",
    title="提醒",
    title_en="reminders",
    aliases=("定时提醒", "防沉迷"),
    labels=LABELS,
    labels_en=LABELS_EN,
    description="提醒：求助将过期、待确认的助力、欠助力提醒、定时汇总、/定时 公告、防沉迷",
    description_en="reminders: expiring requests, unconfirmed claims, owed help, digests, /schedule, daily limits",
    usage="/定时 <时间> <内容>  /定时列表  /取消定时 <编号>",
    config=Config,
    default_enabled=True,
    texts=TEXTS,
)


def _cfg(ctx: GroupContext) -> Config:
    return ctx.config  # type: ignore[return-value]


def _local(ctx: GroupContext, ts: float, fmt: str = "%m-%d %H:%M") -> str:
    return datetime.fromtimestamp(ts, ctx.zone).strftime(fmt)


def _wanted(cfg: Config) -> dict[str, tuple[str, str, dict[str, Any], Literal["skip", "once"]]]:
    """The recurring items the settings ask for, by key."""
    wanted: dict[str, tuple[str, str, dict[str, Any], Literal["skip", "once"]]] = {}
    for at in cfg.digest_at:
        wanted[f"digest@{at}"] = (daily_cron(at), "digest", {}, "skip")
    if cfg.owe_at:
        wanted["owe"] = (daily_cron(cfg.owe_at), "owe", {}, "skip")
    return wanted


# ---------------------------------------------------------------- scheduling the reminders
@hookimpl
async def tick(ctx: GroupContext) -> None:
    """Keep the digest and owe items in step with the settings (a no-op once in step)."""
    wanted = _wanted(_cfg(ctx))
    if wanted:
        assert ctx.schedule is not None
        await ctx.schedule.sync(wanted)


@hookimpl
def request_stored(ctx: GroupContext, tx: Transaction, request: HelpRequest) -> None:
    """Schedule the expiry reminder, stored with the request (one transaction)."""
    before = _cfg(ctx).expiring_before
    when = request.expires_at - before
    if before and request.expires_at and when > ctx.now():
        tx.schedule_at(when, "expiring", {"seq": request.seq}, key=f"expiring#{request.id}")


@hookimpl
def claim_stored(ctx: GroupContext, tx: Transaction, request: HelpRequest, claim: Claim) -> None:
    """Schedule the confirmation reminder, stored with the claim (one transaction)."""
    cfg = _cfg(ctx)
    auto = ctx.data.auto_confirm_after()
    if cfg.confirm_after and (auto is None or cfg.confirm_after < auto):
        tx.schedule_at(
            claim.created_at + cfg.confirm_after,
            "confirm",
            {"seq": request.seq, "claim": claim.id, "helper": claim.helper},
            key=f"confirm#{claim.id}",
        )


@hookimpl
async def help_claimed(ctx: GroupContext, claim: Claim) -> PrivateMessage | None:
    """防沉迷: tell a busy helper to take a break."""
    cfg = _cfg(ctx)
    if cfg.daily_helps:
        count = (await ctx.data.helps_since(ctx.day_start())).get(claim.helper, 0)
        if count == cfg.daily_helps:
            return PrivateMessage(ctx.group_id, claim.helper, ctx.t("break_helps", count=count))
    return None


@hookimpl
async def check_request(ctx: GroupContext, request: HelpRequest) -> Verdict | None:
    """防沉迷: refuse requests beyond the member's daily limit, kindly."""
    limit = _cfg(ctx).daily_requests
    if not limit:
        return None
    stats = await ctx.data.asker(request.requester, ctx.day_start(), ctx.week_start())
    if stats["posted_today"] < limit:
        return None
    return Verdict(
        "reminder.daily_requests",
        Severity.MINOR,
        ctx.t("break_requests", count=stats["posted_today"], limit=limit),
    )


# ---------------------------------------------------------------- when items come due
@hookimpl
async def schedule_due(ctx: GroupContext, item: ScheduledItem) -> list[Any] | Reply | None:
    """Turn a due item into a post (or nothing, when it no longer applies)."""
    handler = _DUE.get(item.kind)
    return None if handler is None else await handler(ctx, item)


async def _expiring(ctx: GroupContext, item: ScheduledItem) -> Reply | None:
    request = await ctx.data.request(int(item.payload["seq"]))
    if request is None or request.status != "open":
        return None
    left = max(0.0, request.expires_at - ctx.now())
    platform, activity = describe(request, ctx.language)
    text = ctx.t(
        "expiring",
        seq=request.seq,
        platform=platform,
        activity=activity,
        left=format_duration(int(left // 60 * 60) or 60, ctx.language),
        missing=max(0, request.needed - request.helped),
    )
    assigned = await ctx.data.assignees(request.id)
    if assigned:
        text += "\n" + ctx.t("expiring_assigned")
    # for the requester (and who was sent to help): privately where the group answers so,
    # like the 🔔 reminders; an @ in the group elsewhere
    return Reply(ctx.group_id, text, mention=(request.requester, *assigned), audience="member")


async def _confirm(ctx: GroupContext, item: ScheduledItem) -> Reply | None:
    """One reminder per requester: the claims waiting for them whose reminder is due (or
    nearly) go in one line, the helpers named; their own reminders then post nothing."""
    seq, claim_id = int(item.payload["seq"]), int(item.payload["claim"])
    told: dict[int, float] = ctx.scratch.setdefault("confirm_told", {})
    if told.pop(claim_id, None) is not None:
        return None  # in the line of another claim for the same requester
    request = await ctx.data.request(seq)
    claim = next((c for c in await ctx.data.claims(seq) if c.id == claim_id), None)
    if request is None or claim is None or claim.status != "pending":
        return None
    waiting = await _waiting_for(ctx, request, claim)
    await _cover(ctx, told, [c.id for _, c in waiting if c.id != claim_id])
    # no automatic confirmation for a helper's first help, nor on a request that closed
    autos: list[tuple[str, float]] = []
    for req, c in waiting:
        auto = await ctx.data.auto_confirm_for(c.helper) if req.status == "open" else None
        if auto:
            autos.append((c.helper, c.created_at + auto))
    names = await ctx.data.display_names(list(dict.fromkeys(c.helper for _, c in waiting)))
    text = _confirm_text(ctx, waiting, autos, names)
    return Reply(
        ctx.group_id,
        text,
        mention=(request.requester,),
        audience="member",  # for the requester alone: privately where the group answers so
    )


#: a claim whose reminder falls due this soon joins the line of one due now
CONFIRM_TOGETHER = 600


async def _waiting_for(
    ctx: GroupContext, request: HelpRequest, claim: Claim
) -> list[tuple[HelpRequest, Claim]]:
    """The claims waiting for ``request``'s requester to confirm whose reminder is due by now
    (or within ``CONFIRM_TOGETHER``), ``claim`` first, then by request and time."""
    cfg = _cfg(ctx)
    by = ctx.now() + min(CONFIRM_TOGETHER, cfg.confirm_after / 3)
    out = [(request, claim)]
    profile = await ctx.data.profile(request.requester)
    for s in dict.fromkeys(s for s, _ in profile["to_confirm_list"]):
        req = request if s == request.seq else await ctx.data.request(s)
        if req is None:
            continue
        out += [
            (req, c)
            for c in await ctx.data.claims(s)
            if c.status == "pending" and c.id != claim.id and c.created_at + cfg.confirm_after <= by
        ]
    return sorted(out, key=lambda rc: (rc[0].seq, rc[1].created_at))


async def _cover(ctx: GroupContext, told: dict[int, float], claim_ids: list[int]) -> None:
    """The reminders of ``claim_ids`` are said in this line: due ones (fired in this same
    round) are remembered to post nothing; later ones are cancelled."""
    if not claim_ids:
        return
    now = ctx.now()
    if len(told) > 1000:  # (entries left by a round that never came: old ones go)
        for key in [k for k, at in told.items() if now - at > 86400]:
            del told[key]
    covered = set(claim_ids)
    assert ctx.schedule is not None
    for row in await ctx.schedule.list("confirm"):
        claim = int((row.get("payload") or {}).get("claim", -1))
        if claim in covered and await ctx.schedule.cancel(row["id"]):
            covered.discard(claim)
    told.update((c, now) for c in covered)


def _confirm_text(
    ctx: GroupContext,
    waiting: list[tuple[HelpRequest, Claim]],
    autos: list[tuple[str, float]],
    names: dict[str, str],
) -> str:
    # without an automatic confirmation the line ends where its last sentence does ("…). ")
    return _confirm_line(ctx, waiting, autos, names).rstrip()


def _confirm_line(
    ctx: GroupContext,
    waiting: list[tuple[HelpRequest, Claim]],
    autos: list[tuple[str, float]],
    names: dict[str, str],
) -> str:
    lang = ctx.language
    first = waiting[0][1]
    auto_text = ""
    if autos:
        at = _local(ctx, min(t for _, t in autos), "%H:%M")
        if len(waiting) == 1:
            auto_text = ctx.t("confirm_auto", at=at)
        elif len(autos) == len(waiting):
            auto_text = ctx.t("confirm_auto_all", at=at)
        else:
            who = join_list(dict.fromkeys(names[h] for h, _ in autos), lang)
            auto_text = ctx.t("confirm_auto_some", helpers=who, at=at)
    seqs = list(dict.fromkeys(r.seq for r, _ in waiting))
    example = names[first.helper]
    if len(waiting) == 1:
        # where it goes privately (the engine's ``for_members``), "@name" would be plain text
        key = "confirm_private" if ctx.data.tells_privately() else "confirm"
        return ctx.t(key, helper=example, seq=seqs[0], auto=auto_text)
    if len(seqs) == 1:
        helpers = join_list(dict.fromkeys(names[c.helper] for _, c in waiting), lang)
        return ctx.t("confirm_many", helpers=helpers, seq=seqs[0], example=example, auto=auto_text)
    items = join_clauses((
        ctx.t("confirm_item", seq=s, helpers=join_list(
            dict.fromkeys(names[c.helper] for r, c in waiting if r.seq == s), lang))
        for s in seqs
    ), lang)  # fmt: skip
    return ctx.t("confirm_seqs", count=len(waiting), items=items, seq=seqs[0], example=example,
                 auto=auto_text)  # fmt: skip


async def _owe(ctx: GroupContext, item: ScheduledItem) -> Reply | None:
    """Members active this week with a negative 助力值, while others' requests wait."""
    if not _cfg(ctx).owe_at:
        return await _retire(ctx, item)
    open_requests = await ctx.data.open_requests()
    active = await ctx.data.active_members(ctx.now() - OWE_ACTIVE_DAYS * 86400)
    if not open_requests or not active:
        return None
    balances = await ctx.data.balances(sorted(active))
    owing = sorted((bal, m) for m, (bal, _given, _received) in balances.items() if bal < 0)
    members = [m for _, m in owing if any(r.requester != m for r in open_requests)][:OWE_MENTIONS]
    if not members:
        return None
    return Reply(
        ctx.group_id,
        ctx.t("owe", count=len(open_requests)),
        mention=tuple(members),
    )


async def _digest(ctx: GroupContext, item: ScheduledItem) -> Reply | None:
    key = next((k for k in _wanted(_cfg(ctx)) if k.startswith("digest@")), None)
    if key is None:
        return await _retire(ctx, item)
    ranked = await ctx.data.ranked_open_requests()
    if not ranked:
        return None
    lines = [ctx.data.brief(r) for r in ranked[:10]]
    if len(ranked) > 10:
        lines.append(ctx.t("digest_more", more=len(ranked) - 10))
    return Reply(ctx.group_id, ctx.t("digest", count=len(ranked), lines="\n".join(lines)))


async def _announce(ctx: GroupContext, item: ScheduledItem) -> Reply:
    text = str(item.payload.get("text", ""))
    if item.late:
        return Reply(ctx.group_id, ctx.t("announce_late", at=_local(ctx, item.due_at), text=text))
    return Reply(ctx.group_id, ctx.t("announce", text=text))


async def _retire(ctx: GroupContext, item: ScheduledItem) -> None:
    """An item the settings no longer ask for: cancel it, post nothing."""
    assert ctx.schedule is not None
    await ctx.schedule.cancel(item.id)


_DUE = {
    "expiring": _expiring,
    "confirm": _confirm,
    "owe": _owe,
    "digest": _digest,
    "announce": _announce,
}


# ---------------------------------------------------------------- /定时 commands
async def schedule_cmd(inv: Invocation) -> str:
    """/定时 <time> <text>."""
    ctx, cfg = inv.ctx, _cfg(inv.ctx)
    raw = str(inv.args.get("text") or "").strip()
    if not raw:
        return ctx.t("schedule_usage")
    try:
        when = parse_when(raw, ctx.now(), ctx.timezone)
    except ValueError:
        return ctx.t("schedule_usage")
    text = when.rest.strip()
    if not text:
        return ctx.t("schedule_empty_text")
    if len(text) > MAX_TEXT:
        return ctx.t("schedule_long", length=len(text), limit=MAX_TEXT)
    assert ctx.schedule is not None
    current = await ctx.schedule.list("announce")
    if len(current) >= cfg.max_announcements:
        return ctx.t("schedule_full", count=len(current), limit=cfg.max_announcements)
    payload = {"text": text, "label": when.label}
    by = inv.event.sender.id
    if when.cron:
        item_id = await ctx.schedule.every(
            when.cron, "announce", payload, catch_up=cfg.announce_catch_up, by=by
        )
        label = ctx.t("repeat") + when.label
    else:
        item_id = await ctx.schedule.at(
            when.at, "announce", payload, catch_up=cfg.announce_catch_up, by=by
        )
        label = when.label
    await ctx.data.audit(by, "schedule_add", "", {"id": item_id, "when": when.label, "text": text})
    return ctx.t("scheduled", id=item_id, label=label, next=_local(ctx, when.at))


async def list_cmd(inv: Invocation) -> str:
    """/定时列表."""
    ctx = inv.ctx
    assert ctx.schedule is not None
    items = await ctx.schedule.list("announce")
    if not items:
        return ctx.t("list_none")
    lines = [ctx.t("list_head")]
    for it in items:
        label = (ctx.t("repeat") if it["cron"] else "") + str(it["payload"].get("label", ""))
        preview = str(it["payload"].get("text", ""))
        preview = preview if len(preview) <= 30 else preview[:30] + "…"
        lines.append(
            ctx.t(
                "list_line", id=it["id"], label=label, next=_local(ctx, it["next_at"]), text=preview
            )
        )
    return "\n".join(lines)


async def cancel_cmd(inv: Invocation) -> str:
    """/取消定时 <id>."""
    ctx = inv.ctx
    item_id = int(inv.args["id"])
    assert ctx.schedule is not None
    if not any(it["id"] == item_id for it in await ctx.schedule.list("announce")):
        return ctx.t("no_such", id=item_id)
    await ctx.schedule.cancel(item_id)
    await ctx.data.audit(inv.event.sender.id, "schedule_cancel", "", {"id": item_id})
    return ctx.t("cancelled", id=item_id)


@hookimpl
def register_commands(register) -> None:  # type: ignore[no-untyped-def]
    """Add /定时, /定时列表, /取消定时 (admins)."""
    register("定时", schedule_cmd, aliases=("schedule",), permission=Role.ADMIN,
             summary="定时发一条消息（时间可写 21:00、2小时、每天 9:00、工作日 9:00）",
             summary_en="schedule a post: /schedule <time> <text>",
             args=(Arg("text", "text", optional=True),), syntax="时间 内容", syntax_en="<time> <text>",
             examples=("/定时 每天 9:00 早上好，今天也互相助力吧", "/定时 2小时 拼团活动快结束了"),
             examples_en=("/schedule 21:00 good night",))  # fmt: skip
    register("定时列表", list_cmd, aliases=("schedules",), permission=Role.ADMIN,
             summary="查看定时消息", summary_en="list scheduled posts", examples=("/定时列表",))  # fmt: skip
    register("取消定时", cancel_cmd, aliases=("unschedule",), permission=Role.ADMIN,
             summary="取消一条定时消息", summary_en="cancel a scheduled post",
             args=(Arg("id", "int"),), examples=("/取消定时 3",))  # fmt: skip
