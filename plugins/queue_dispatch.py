"""派单 (dispatch), the queue plugin's half that asks members to help.

- Incremental planning: a new request is placed against the current assignment
  (``place``: only its requester's repeat pairs are read); every tick lapses the
  assignments nobody acted on and re-plans all unstaffed slots (``match``).
- Delivery: one ``PrivateNotes`` action per round, each assignee their own
  private note with the link; the platform's adapter puts whoever it cannot reach
  privately into ONE group line mentioning them all.
- Members choose: /接单 puts them first, /休息 keeps them out (for a while, or
  until /接单). An assignment not acted on within ``reassign_after`` goes to
  someone else; a member who let ``ignore_limit`` lapse in a row is not asked
  for ``pause_for`` and is told so once, privately.
- Requests closest to done are staffed first (``finish_rank``: fewest helps
  missing, counting claims on their way; those that can no longer finish in time
  last): members give only so many helps a day, and helps spread over requests that
  expire half-done are lost. Requests near expiry (``urgent_within``) that can still
  finish get two assignees for every help they still miss, and their notes say so.
- The ⏰ line (one group line per round, outside quiet hours) brings back the requests
  that just got a help or a claim, as the public answers to /已助 did in a broadcast
  queue: the helpers who come next finish what is under way. A shorter one also comes with
  the answer to a reported help, at most once per ``resurface_gap`` and within the hourly
  cap, so the busy hours get more of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from huzhu.core import (
    GroupContext,
    HelpRequest,
    Invocation,
    PrivateMessage,
    PrivateNotes,
    Reply,
)
from huzhu.core.durations import format_duration
from huzhu.core.i18n import clause_sep
from huzhu.core.requests.dispatch import (
    Need,
    can_finish,
    covered,
    finish_rank,
    match,
    missing,
    pending_from,
    place,
)
from huzhu.core.requests.helpdesk import describe

if TYPE_CHECKING:
    from huzhu.plugins.queue import Config, Dispatch

AVAILABLE, AWAY = "available", "away"


def _need(r: HelpRequest, slots: int, now: float, pending: int) -> Need:
    # closest to done first; those that can no longer finish in time last
    rank = finish_rank(r, now, pending)
    return Need(r.id, r.requester, slots, f"{r.platform}:{r.activity}", rank)


async def _snapshot(
    ctx: GroupContext,
    d: Dispatch,
    requesters: list[str],
    only: HelpRequest | None,
    member: str | None = None,
) -> dict[str, Any]:
    now = ctx.now()
    # placing one request reads the claimants and past assignees of that request alone: the
    # plan (and ``place``) looks at no other request's; a plan for one member reads that
    # member's claims, assignments and repeat pairs, and only the number of each request's
    # claimants (a plan with one helper looks at no one else's)
    return await ctx.data.dispatch_state(
        now - d.active_within, now - 86400, now - d.pair_window, requesters,
        flush=only is None and member is None, request_ids=None if only is None else [only.id],
        helper=member,
    )  # fmt: skip


async def _may_ask(ctx: GroupContext, d: Dispatch, member: str) -> bool:
    """Whether ``member`` may be asked now (``_helpers``), from what that alone needs: most
    members who just helped may not (their daily cap reached, a note already waiting), and
    their plan then reads no open request, claimant nor repeat pair."""
    now = ctx.now()
    snap = await ctx.data.dispatch_state(
        now - d.active_within, now - 86400, now - d.pair_window, [], flush=False, helper=member,
        parts=False,
    )  # fmt: skip
    return member in _helpers(snap, d, now, ctx.data.in_quiet_hours())[0]


def _claim_counts(snap: dict[str, Any]) -> dict[int, int]:
    """request id → live claimants (what ``pending_of`` counts), from either kind of snapshot."""
    counts = snap.get("claim_counts")
    if counts is not None:
        return counts  # type: ignore[no-any-return]
    return {rid: len(hs) for rid, hs in snap["claimants"].items()}


def _helpers(
    snap: dict[str, Any], d: Dispatch, now: float, quiet: bool = False
) -> tuple[list[str], dict[str, float], dict[str, int]]:
    """Who may be asked now (active, not away or paused, under the daily cap), their
    priority (lower first — /接单 first, then those who act on what they are asked), and
    how many requests each may be given now (``asks_at_once`` less what they hold).
    ``quiet``: the group's quiet hours — only members in the app now (``_awake``)."""
    busy: dict[str, int] = {}
    for _, h, _ in snap["assignments"]:
        busy[h] = busy.get(h, 0) + 1
    done_today, stances, asked = snap["helps_today"], snap["stances"], snap["last_asked"]
    helpers: list[str] = []
    priority: dict[str, float] = {}
    capacity: dict[str, int] = {}
    for member, seen in snap["active"].items():
        if asked.get(member, 0.0) >= seen:
            continue  # not back since they were last asked: one note waits for them already
        if quiet and not _awake(seen, now, d):
            continue
        stance, away_until, acted, ignored, paused_until = stances.get(member, ("", 0.0, 0, 0, 0.0))
        room = min(d.asks_at_once, d.daily_cap - done_today.get(member, 0)) - busy.get(member, 0)
        if room <= 0 or paused_until > now:
            continue
        if stance == AWAY and (not away_until or away_until > now):
            continue
        helpers.append(member)
        capacity[member] = room
        # acted / asked, with one act and one lapse assumed (a newcomer sits in the middle)
        answers = (acted + 1) / (acted + ignored + 2)
        # in the app now (seen within ``online_within``): the note pops up while they look at
        # their phone; read at a later visit it comes hours late (median 3.1 h, simulated)
        online = -2.0 if seen >= now - d.online_within else 0.0
        priority[member] = online + (-1.0 if stance == AVAILABLE else 0.0) - answers
    return sorted(helpers), priority, capacity


def _awake(seen: float, now: float, d: Dispatch) -> bool:
    """In the group's quiet hours a private note goes only to a member in the app now (seen
    within ``online_within``): it pops up on a phone they are looking at and wakes nobody.
    Asking nobody at night left the requests posted late in the evening to the morning
    (simulated: most 1- and 3-help requests that took over 2 h were posted 20:00–24:00)."""
    return seen >= now - d.online_within


def _slots(r: HelpRequest, assigned: int, pending: int, now: float, d: Dispatch) -> int:
    """Members to ask now for ``r``: ``helpers_per_request`` working on it at once, less the
    ``assigned`` ones still asked. Claims on their way (``pending``) are helps done, waiting
    for the requester's /确认: they leave fewer helps to find, and hold no helper (counting
    them as staff stopped every request at two claims until its requester confirmed —
    hours, with auto-confirmation after 2h)."""
    short = r.needed - r.helped - pending
    if short <= 0:
        return 0
    left = r.expires_at - now if r.expires_at else float("inf")
    # near expiry and still able to finish: every missing help, twice over (not everyone
    # asked answers in time); one that cannot finish gets no more than usual
    urgent = left <= d.urgent_within and can_finish(r, now, pending)
    wanted = 2 * short if urgent else min(d.helpers_per_request, short)
    return wanted - assigned


async def plan(
    ctx: GroupContext, cfg: Config, only: HelpRequest | None = None
) -> dict[int, list[str]]:
    """Who should help which open request now (no side effects).

    ``only``: incremental — place that new request against the current assignment;
    otherwise re-plan every unstaffed slot of the open requests.
    """
    return (await _plan(ctx, cfg, only))[0]


async def _plan(
    ctx: GroupContext, cfg: Config, only: HelpRequest | None = None, member: str | None = None
) -> tuple[dict[int, list[str]], dict[int, int]]:
    """``plan``, and each open request's claims on their way (request id → count): the notes
    order what they list by them, as the planner does. ``member``: plan for that member
    alone (the one who just helped), everyone else as they are."""
    d = cfg.dispatch
    now = ctx.now()
    if member is not None and not await _may_ask(ctx, d, member):
        return {}, {}
    requests = [only] if only is not None else await ctx.data.open_requests()
    if not requests:
        return {}, {}
    # a post reads once (members seen since the last tick join at the next re-plan)
    snap = await _snapshot(ctx, d, sorted({r.requester for r in requests}), only, member)
    claimants, live, counts = snap["claimants"], snap["assignments"], _claim_counts(snap)
    open_assigned: dict[int, int] = {}
    for rid, _, _ in live:
        open_assigned[rid] = open_assigned.get(rid, 0) + 1
    needs = []
    # nearest expiry first: when helpers are few, the requests about to lapse get them
    for r in sorted(requests, key=lambda r: (r.expires_at or float("inf"), r.id)):
        # claims still waiting for confirmation are helps on their way; confirmed ones are
        # in ``helped`` already (counting them twice left a request with helps unstaffed)
        pending = pending_from(r, counts)
        slots = _slots(r, open_assigned.get(r.id, 0), pending, now, d)
        if slots > 0:
            needs.append(_need(r, slots, now, pending))
    if not needs:  # nothing to staff (most re-plans after a claim): nobody to weigh
        return {}, {r.id: pending_from(r, counts) for r in requests}
    helpers, priority, capacity = _helpers(snap, d, now, ctx.data.in_quiet_hours())
    if member is not None:
        helpers = [h for h in helpers if h == member]
    excluded = set(snap["assigned_before"]) | {
        (rid, h) for rid, hs in claimants.items() for h in hs
    }
    kw = {"priority": priority, "helped_pairs": snap["helped_pairs"], "excluded": excluded,
          "capacity": capacity}  # fmt: skip
    pending = {r.id: pending_from(r, counts) for r in requests}
    if only is not None:
        if not needs:
            return {}, pending
        current: dict[int, list[str]] = {}
        for rid, h, _ in live:
            current.setdefault(rid, []).append(h)
        return place(needs[0], helpers, current, **kw), pending
    return match(needs, helpers, **kw), pending


async def _requests_of(
    ctx: GroupContext, assigned: dict[int, list[str]], only: HelpRequest | None
) -> dict[int, HelpRequest]:
    """The assigned requests by id (``only`` itself, or the open requests)."""
    by_id = {only.id: only} if only is not None else {}
    if any(rid not in by_id for rid in assigned):
        by_id |= {r.id: r for r in await ctx.data.open_requests()}
    return by_id


async def dispatch(
    ctx: GroupContext, cfg: Config, only: HelpRequest | None = None, *, member: str | None = None
) -> list[PrivateNotes]:
    """Plan, record and deliver one round of assignments (one action for the whole round);
    in the group's quiet hours only to members in the app now (``_awake``: a private note to
    anyone else is a notification on a phone at night, as unwelcome as a group post)."""
    assigned, pending = await _plan(ctx, cfg, only, member)
    if not assigned:
        return []
    # read before the assignments are written: the plan's read, at this instant, serves it
    by_id = await _requests_of(ctx, assigned, only)
    await ctx.data.assign([(rid, h) for rid, hs in assigned.items() for h in hs])
    now = ctx.now()
    members = [h for hs in assigned.values() for h in hs]
    names = await ctx.data.display_names(
        members + [by_id[rid].requester for rid in assigned if rid in by_id]
    )
    d = cfg.dispatch
    within = format_duration(d.reassign_after, ctx.language)
    # each assignee's requests, most urgent first: one note per member however many
    per: dict[str, list[HelpRequest]] = {}
    for rid, hs in assigned.items():
        r = by_id.get(rid)
        if r is not None:
            for h in hs:
                per.setdefault(h, []).append(r)
    notes: list[tuple[str, str, str]] = []
    sep = clause_sep(ctx.language)  # between the group lines
    for h, reqs in per.items():
        # closest to done first, counting claims on their way (as the planner and ⏰ do)
        reqs.sort(key=lambda r: (finish_rank(r, now, pending.get(r.id, 0)), r.seq))
        items = []
        for r in reqs:
            platform, activity = describe(r, ctx.language)
            left = max(int(r.expires_at - now), 60) if r.expires_at else 86400
            urgent = ctx.t("note_urgent") if left <= d.urgent_within else ""
            values = {"name": names[h], "requester": names[r.requester], "seq": r.seq,
                      "platform": platform, "activity": activity, "left": max(r.needed - r.helped, 1),
                      "time": format_duration(left // 60 * 60, ctx.language), "urgent": urgent,
                      "link": r.link, "within": within}  # fmt: skip
            items.append(ctx.t("note" if len(reqs) == 1 else "note_item", **values))
        if len(reqs) == 1:
            text = items[0]
        else:
            text = ctx.t("note_many", name=names[h], count=len(reqs), items="\n".join(items),
                         example=reqs[0].seq, within=within)  # fmt: skip
        line = sep.join(ctx.t("assigned_item", seq=r.seq, who=names[h]) for r in reqs)
        notes.append((h, text, line))
    if not notes:
        return []
    group_text = ctx.t("assigned", items="{items}", within=within)
    return [PrivateNotes(ctx.group_id, tuple(notes), group_text, sep)]


async def after_claim(
    ctx: GroupContext, cfg: Config, request: HelpRequest, helper: str
) -> list[PrivateNotes]:
    """A help was reported on ``request``: ask ``helper`` for the next request at once
    (``ask_after_help``: they are looking at the bot's answer now), and put the request
    that moved in front of the next member in the app (``restaff_on_claim``) — what the
    broadcast queue's public answer to /已助 did for every reader, to one member privately
    (waiting for the next round left it unstaffed for up to a round)."""
    d = cfg.dispatch
    out = await dispatch(ctx, cfg, member=helper) if d.ask_after_help else []
    if d.restaff_on_claim and request.status == "open":
        out += await dispatch(ctx, cfg, only=request)
    if d.resurface_gap:
        # the ⏰ line with this answer, when the last is ``resurface_gap`` old: more reported
        # helps, more readers, more lines (the broadcast queue's public answers did it at
        # every /已助; here one line at most every few minutes, under the hourly cap)
        out += await surface_urgent(ctx, cfg, ctx.now(), on_help=True)
    return out


async def tick(ctx: GroupContext, cfg: Config, now: float) -> list[Any]:
    """Lapse what nobody acted on (pausing members who ignore several), then re-plan all."""
    d = cfg.dispatch
    _, paused = await ctx.data.lapse_dispatch(now - d.reassign_after, d.ignore_limit, d.pause_for)
    out: list[Any] = []
    pause = format_duration(d.pause_for, ctx.language)
    paused_key = "paused" if ctx.data.writes_privately() else "paused_group"
    for member in paused:
        name = await ctx.data.display_name(member)
        text = ctx.t(paused_key, name=name, count=d.ignore_limit, pause=pause)
        out.append(PrivateMessage(ctx.group_id, member, text))
    out += await surface_urgent(ctx, cfg, now)
    return out + await dispatch(ctx, cfg)


#: a request announced this recently is left out of the ⏰ line (its 📣 is still in view: a
#: /已助 right after it reposted the same link). One minute: a longer wait keeps the newest
#: requests out of the line that finishes them (1,000 × 7, seed 1, the ⏰ line's completion /
#: median / p90: 0 s 95.7% / 0.13 h / 3.9 h; 60 s 95.7% / 0.13 h / 3.6 h; 120 s 95.8% /
#: 0.14 h / 6.1 h; 300 s 96.3% / 0.18 h / 7.4 h — the queue alone 94.9% / 0.15 h / 4.6 h)
FRESH = 60
#: requests one round's reminder line shows at most (the rest wait for the next line, or
#: /队列): the few closest to done, so the helpers who read it finish them (1,000 × 7, seed 1:
#: eight, median 0.21 h, 97.0% done; six, 0.17 h, 95.8%; five, 0.15 h, 95.4% — and, seed 11,
#: 93.5%, below the broadcast queue's 93.8%: the README's 派单 round 7b)
URGENT_SHOWN = 6
#: … and the line that comes with an answer to a reported help (``resurface_gap``): three, as
#: the broadcast queue's refusals named three. Six there too sent the evening's few helps to
#: the near-done large requests before the fresh announcements (1,000 × 7, seed 11: median
#: 0.171 h with four; 0.149 h with three: the README's 派单 round 8)
ANSWER_SHOWN = 3


async def surface_urgent(
    ctx: GroupContext, cfg: Config, now: float, *, on_help: bool = False
) -> list[Reply]:
    """At most one group line per round, with links, for the requests still missing helps
    that (a) just came within ``urgent_within`` of expiring (once each), (b) have waited
    ``resurface_every`` since they were posted or last shown, or (c) got a help or a claim
    since then (``urgent_shown`` keeps when each was shown and its helps and claims then)
    — closest to done first (those
    that cannot finish in time after those that can; among as close, the newest first), at
    most ``URGENT_SHOWN`` of them (the rest wait for the next line); requests whose claims
    cover what they miss are left out. None within ``resurface_gap`` of the last line.
    ``on_help``: made with the answer to a reported help, not by a round: ``ANSWER_SHOWN``
    requests at most, and it takes its room in the hourly cap of the bot's own posts itself
    (none left: no line)."""
    d = cfg.dispatch
    if not d.remind_urgent:
        return []
    if ctx.data.in_quiet_hours():
        # made now, the line would be held back and posted in the morning with the night's
        # others (eight stale lines on one screen); the first round after makes a fresh one
        return []
    if d.resurface_gap and now - float(await ctx.kv.get("urgent_at", 0.0)) < d.resurface_gap:
        return []
    shown: dict[str, Any] = dict(await ctx.kv.get("urgent_shown", {}))
    open_requests = await ctx.data.open_requests()
    pending = await pending_claims(ctx, open_requests)
    due = []
    for r in open_requests:
        # claims covering what it misses: it waits for its requester's /确认, not for helpers
        if covered(r, pending[r.id]) or not r.expires_at:
            continue
        if now - r.created_at < FRESH:
            continue  # its announcement is still on the screen: no list repeating it

        last, progress = _shown(shown.get(str(r.id)), r)
        became_urgent = r.expires_at - d.urgent_within
        # a help came in since it was last shown (or posted): it is on its way, and the line
        # brings it the rest while it is fresh (what the group's answers to /已助 did when
        # they were public)
        moved = r.helped + pending[r.id] > progress
        waited = d.resurface_every and now - last >= d.resurface_every
        if now >= became_urgent > last or moved or waited:
            due.append(r)
    if not due or (on_help and not await ctx.data.take_post_room()):
        return []
    # closest to done first; among as close, the newest: the one just posted whose announcement
    # scrolled away before the others (the oldest of them had their hours on screen already)
    due.sort(key=lambda r: (_rank(r, now, pending[r.id]), -r.created_at, r.seq))
    picked = due[: ANSWER_SHOWN if on_help else URGENT_SHOWN]
    await ctx.kv.set("urgent_at", now)
    live = {str(r.id) for r in open_requests}
    shown = {k: v for k, v in shown.items() if k in live} | {
        str(r.id): [now, r.helped + pending[r.id]] for r in picked
    }
    await ctx.kv.set("urgent_shown", shown)
    lines = []
    for r in picked:
        platform, activity = describe(r, ctx.language)
        left = format_duration(max(int(r.expires_at - now), 60) // 60 * 60, ctx.language)
        lines.append(ctx.t("urgent_line", seq=r.seq, platform=platform, activity=activity,
                           left=missing(r, pending[r.id]), time=left, link=r.link))  # fmt: skip
    # "私聊我发" only where the platform takes private messages
    key = "urgent" if ctx.data.writes_privately() else "urgent_group"
    text = ctx.t(key, lines="\n".join(lines), example=picked[0].seq)
    return [Reply(ctx.group_id, text, audience="group")]


def _rank(r: HelpRequest, now: float, pending: int) -> tuple[bool, int]:
    """The ⏰ line's order: those that can still finish in time first, then by helps missing."""
    return (not can_finish(r, now, pending), min(missing(r, pending), 10))


def _shown(entry: Any, r: HelpRequest) -> tuple[float, int]:
    """(when it was last shown, helps and claims it had then) from ``urgent_shown``; a request
    never shown counts from its posting with no helps (an older entry is a bare time)."""
    if entry is None:
        return r.created_at, 0
    if isinstance(entry, int | float):
        return float(entry), r.helped
    return float(entry[0]), int(entry[1])


async def pending_claims(ctx: GroupContext, requests: list[HelpRequest]) -> dict[int, int]:
    """request id → claims (not denied) beyond its confirmed helps: helps on their way."""
    counts = await ctx.data.claim_counts()
    return {r.id: pending_from(r, counts) for r in requests}


# ---------------------------------------------------------------- /接单 /休息
def _enabled(inv: Invocation) -> Dispatch | None:
    cfg: Config = inv.ctx.config  # type: ignore[assignment]
    return cfg.dispatch if cfg.dispatch.enabled else None


async def available_cmd(inv: Invocation) -> str:
    """/接单: ask me first; ends /休息 and any pause."""
    ctx, member = inv.ctx, inv.event.sender.id
    name = await ctx.data.display_name(member)
    if _enabled(inv) is None:
        return ctx.t("dispatch_off", name=name)
    await ctx.data.set_stance(member, AVAILABLE)
    return ctx.t(
        "available_ok" if inv.event.caps.private_message else "available_ok_group", name=name
    )


async def away_cmd(inv: Invocation) -> str:
    """/休息 [时长]: do not ask me (for that long, or until /接单)."""
    ctx, member = inv.ctx, inv.event.sender.id
    name = await ctx.data.display_name(member)
    if _enabled(inv) is None:
        return ctx.t("dispatch_off", name=name)
    now = ctx.now()
    seconds = inv.args.get("duration") or 0
    until = now + seconds if seconds else 0.0
    await ctx.data.set_stance(member, AWAY, until)
    # what they were asked and did not do yet goes to someone else at the next round
    if seconds:
        return ctx.t("away_for", name=name, duration=format_duration(seconds, ctx.language))
    return ctx.t("away_ok", name=name)
