"""合谋检测 (collusion): helps that go round in a small circle, reviewed by the admins.

On tick (at most every ``every``) the plugin reads the helps confirmed since
its last look (an index on the decision time) and adds them to what it has
seen in the last ``window`` (30 days, kept in memory and read once after a
restart), so evidence piles up across looks: a ring that trades one help a day
is found once it has traded enough, not only if it did so within a few hours.
``huzhu.core.trust.collusion`` looks for what honest groups do not show: pairs
and rings of three whose helps go mostly to each other far above the group's
base rate — with four such helps, or three that were each confirmed by hand
within a minute when the group's own rate of such confirmations makes that a
1-in-1000 record — helpers who help only one requester, members who joined
together, bursts of claims on nearly every open request, and members whose
helps were reversed who help each other again (at ``again_min`` helps). Each threshold is
a sentence an admin can say to the members concerned (see that module).

A finding is a row of its own (migration 16), at most one open per pattern:
when several processes serve the group on one PostgreSQL, each looks, and only
the one that records a finding first tells the admins. It goes to the admins
as a review with its evidence and into /审计; nothing is punished.
``/复核 <编号> 维持`` keeps the helps, ``/复核 <编号> 撤销`` reverses them with
compensating ledger rows (the originals stay in the hash-chained ledger; the
requests' helped counts drop and a request whose link is still live opens
again). A decision is taken once, even when two admins send it at the same
moment. ``action: reverse`` reverses at once and tells the admins.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from huzhu.core import (
    Arg,
    Catalog,
    Duration,
    GroupContext,
    Invocation,
    NotifyAdmins,
    PluginConfig,
    PluginMeta,
    Role,
    hookimpl,
)
from huzhu.core.durations import format_duration
from huzhu.core.settings.choices import Choices
from huzhu.core.trust.collusion import Claimed, Finding, Help, Thresholds, Window, bursts, find

PAGE = 5000
#: claims kept as evidence per finding
MAX_CLAIMS = 500
#: requests stay open at most this long in any sane configuration (bounds "open at the time")
LONGEST_EXPIRY = 7 * 86400
#: reversed findings read back per look (the newest; older ones have had their chance)
REVERSED_SEEN = 200
KEEP = {"维持", "keep", "uphold"}
REVERSE = {"撤销", "reverse", "revoke"}


class Config(PluginConfig):
    """Settings of collusion. A finding is a review for the admins; nothing is punished by default."""

    #: how far back helps are compared (evidence piles up over this long)
    window: Duration = 30 * 86400
    #: look at most this often (each look reads only what is new since the last)
    every: Duration = 1800
    #: helps inside a pair or ring of three before it is looked at
    min_helps: int = Field(default=4, ge=2, le=1000)
    #: … or this many when each was confirmed by hand within ``fast_confirm`` of the claim
    min_fast_helps: int = Field(default=3, ge=2, le=1000)
    #: either way on this many separate occasions, ``occasion_gap`` apart (members online together
    #: help each other's requests by chance once; a ring does it again and again)
    min_occasions: int = Field(default=3, ge=1, le=1000)
    occasion_gap: Duration = 3600
    #: share of the members' helps that stay inside the pair or ring
    min_share: float = Field(default=0.6, gt=0, le=1)
    #: how many times the group's base rate
    min_ratio: float = Field(default=10.0, ge=1)
    #: a confirmation this soon after the claim is "instant" (someone who opened the link,
    #: helped and came back rarely manages within a minute; a mate sitting beside them does)
    fast_confirm: Duration = 60
    #: instant confirmations count only when the group's own rate of them makes the record
    #: this unlikely (the binomial tail; 0.001: one in a thousand)
    fast_chance: float = Field(default=0.001, gt=0, le=1)
    #: fast confirmations between the same two members that make a review on their own
    fast_min: int = Field(default=4, ge=2, le=1000)
    #: helps of one helper, all to the same requester, that make a review
    one_way_min: int = Field(default=5, ge=2, le=1000)
    #: members first seen this close together joined together (a lower bar for them)
    joined_within: Duration = 600
    #: members whose helps were reversed (/复核 撤销) and who help each other again: this many
    #: helps among them since make a new review at once (no occasions needed)
    again_min: int = Field(default=2, ge=1, le=1000)
    #: a burst: claims on at least ``burst_min`` requests within ``burst_window`` …
    burst_window: Duration = 120
    burst_min: int = Field(default=5, ge=2, le=1000)
    #: … covering this share of the requests open then, ``burst_repeat`` times in the window
    burst_share: float = Field(default=0.8, gt=0, le=1)
    burst_repeat: int = Field(default=2, ge=1, le=1000)
    #: review: tell the admins and wait for /复核; reverse: reverse the helps at once and tell them
    action: Annotated[
        Literal["review", "reverse"],
        Choices(
            review=("复核", "告诉管理员，等 /复核 决定", "tell the admins and wait for /review")
        ),
    ] = "review"


TEXTS = Catalog(
    {
        "zh": {
            "kind_ring": "合谋嫌疑",
            "kind_one_way": "只帮一人",
            "kind_fast": "秒确认",
            "kind_burst": "抢单嫌疑",
            "kind_again": "再次互刷",
            "ev_ring": "{who} 在最近 {window} 内互相助力 {helps} 次，占他们全部助力的 {share}，是全群基线的 {ratio} 倍",
            "ev_one_way": "{helper} 最近 {window} 内的 {helps} 次助力有 {share} 给了 {requester}，是全群基线的 {ratio} 倍",
            "ev_fast": "{requester} 确认 {helper} 的助力 {helps} 次，其中 {fast} 次在声称助力后 {seconds} 内就确认",
            "ev_burst": "{helper} 有 {bursts} 次在 {seconds} 内对几乎所有开放中的求助声称已助（共 {helps} 次，覆盖当时开放求助的 {share}）",
            "ev_again": "{who} 的助力此前已被撤销，之后又互相助力 {helps} 次，占他们此后全部助力的 {share}，是全群基线的 {ratio} 倍",
            "ev_fast_extra": "；其中 {fast} 次在声称助力后 {seconds} 内就确认",
            "ev_joined": "；他们在 {joined} 内先后入群",
            "notify": "🔍 {kind} #{id}（待复核）：{evidence}。未作任何处罚。管理员请核实后发 /复核 {id} 维持（保留这些助力）或 /复核 {id} 撤销（用冲正记录撤回这些助力值）。",
            "notify_reversed": "🔍 {kind} #{id}：{evidence}。按本群设置已自动撤回 {count} 次助力（冲正记录，原记录仍在账本中）。如属误判，请联系群主调整设置。",
            "audit_text": "#{id} {evidence}",
            "list_none": "当前没有待复核的记录。可疑的助力出现时，机器人会通知管理员。",
            "list_head": "待复核（处理：/复核 编号 维持 或 /复核 编号 撤销）：",
            "list_line": "#{id} {kind}：{evidence}",
            "unknown": "没有编号为 #{id} 的复核记录。发送 /复核 查看待复核的记录。",
            "done_already": "#{id} 已经处理过了（{status}），不需要再处理。",
            "status_kept": "维持",
            "status_reversed": "撤销",
            "bad_decision": "请写明处理方式，例如 /复核 {id} 维持 或 /复核 {id} 撤销。",
            "kept": "已维持 #{id}：这些助力照常计入。以后只有新的可疑助力才会再提醒管理员。",
            "reversed": "已撤销 #{id}：{count} 次助力已用冲正记录撤回，{who} 的助力值已相应调整；原记录仍保留在账本中，发送 /账本 可查看链头指纹。",
            "reversed_none": "#{id} 已标记为撤销；其中的助力此前已撤回或不再有效，账本没有新的变动。",
        },
        "en": {
            "kind_ring": "Possible collusion",
            "kind_one_way": "Helps only one member",
            "kind_fast": "Instant confirmations",
            "kind_burst": "Claim bursts",
            "kind_again": "Collusion again",
            "ev_ring": "{who} helped each other {helps} times in the last {window}, {share} of all their helps, {ratio} times the group's base rate",
            "ev_one_way": "{share} of {helper}'s {helps} helps in the last {window} went to {requester}, {ratio} times the group's base rate",
            "ev_fast": "{requester} confirmed {helper}'s helps {helps} times, {fast} of them within {seconds} of the claim",
            "ev_burst": "{helper} claimed nearly every open request within {seconds}, {bursts} times ({helps} claims, {share} of the requests open then)",
            "ev_again": "{who} had their helps reversed before and have since helped each other {helps} times, {share} of all their helps since, {ratio} times the group's base rate",
            "ev_fast_extra": "; {fast} confirmed within {seconds} of the claim",
            "ev_joined": "; they joined within {joined} of each other",
            "notify": "🔍 {kind} #{id} (for review): {evidence}. Nobody was punished. Admins, please check, then /review {id} keep (the helps stand) or /review {id} reverse (compensating rows take the credit back).",
            "notify_reversed": "🔍 {kind} #{id}: {evidence}. As this group's settings say, {count} helps were reversed with compensating rows (the originals stay in the ledger). If this is wrong, ask the owner to change the settings.",
            "audit_text": "#{id} {evidence}",
            "list_none": "Nothing to review. The bot tells the admins when helps look suspicious.",
            "list_head": "For review (/review <number> keep or /review <number> reverse):",
            "list_line": "#{id} {kind}: {evidence}",
            "unknown": "There is no review #{id}. Send /review to list open reviews.",
            "done_already": "#{id} was already decided ({status}); nothing to do.",
            "status_kept": "kept",
            "status_reversed": "reversed",
            "bad_decision": "Say what to do, e.g. /review {id} keep or /review {id} reverse.",
            "kept": "#{id} kept: these helps count as before. The admins are told again only about new suspicious helps.",
            "reversed": "#{id} reversed: {count} helps were taken back with compensating rows and {who}'s balances adjusted; the originals stay in the ledger (/ledger shows its head).",
            "reversed_none": "#{id} marked reversed; its helps were already reversed or no longer count, so the ledger did not change.",
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "window": "比对多久内的助力",
    "every": "多久检查一次",
    "min_helps": "互助几次才检查",
    "min_fast_helps": "秒确认几次才检查",
    "min_occasions": "至少几个不同时段",
    "occasion_gap": "时段间隔",
    "min_share": "圈内助力占比下限",
    "min_ratio": "高于全群水平几倍",
    "fast_confirm": "多快确认算秒确认",
    "fast_chance": "秒确认的巧合概率上限",
    "fast_min": "两人之间秒确认几次就复核",
    "one_way_min": "只帮同一人几次就复核",
    "joined_within": "多近入群算一起入群",
    "again_min": "撤销后再互助几次就复核",
    "burst_window": "抢单时间窗",
    "burst_min": "抢单至少几个求助",
    "burst_share": "抢单占当时求助的比例",
    "burst_repeat": "时间窗内抢单几次",
    "action": "发现后怎么处理",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "window": "how far back helps are compared",
    "every": "time between checks",
    "min_helps": "helps before a check",
    "min_fast_helps": "instant confirmations before a check",
    "min_occasions": "separate occasions at least",
    "occasion_gap": "gap between occasions",
    "min_share": "least share of helps inside the ring",
    "min_ratio": "times the group's base rate",
    "fast_confirm": "confirmed this fast is instant",
    "fast_chance": "largest chance of instant confirmations by luck",
    "fast_min": "instant confirmations between two members for a review",
    "one_way_min": "helps to one member only for a review",
    "joined_within": "joined this close together",
    "again_min": "helps again after a reversal for a review",
    "burst_window": "claim burst window",
    "burst_min": "requests in a claim burst at least",
    "burst_share": "share of open requests in a burst",
    "burst_repeat": "bursts within the window",
    "action": "what to do with a finding",
}

__plugin_meta__ = PluginMeta(
    name="collusion",
    title="合谋检测",
    title_en="collusion",
    aliases=("合谋", "刷单检测", "互刷检测"),
    labels=LABELS,
    labels_en=LABELS_EN,
    description="合谋检测：互刷助力、秒确认、只帮一人、抢单，通知管理员复核（默认不处罚）",
    description_en="collusion: mutual help farming, instant confirmations, one-requester helpers, claim bursts; admins review",
    usage="/复核  /复核 <编号> 维持|撤销",
    config=Config,
    default_enabled=False,
    texts=TEXTS,
)


def _cfg(ctx: GroupContext) -> Config:
    return ctx.config  # type: ignore[return-value]


def _thresholds(cfg: Config) -> Thresholds:
    return Thresholds(
        min_helps=cfg.min_helps, min_fast_helps=cfg.min_fast_helps, min_occasions=cfg.min_occasions,
        occasion_gap=cfg.occasion_gap, fast_chance=cfg.fast_chance, min_share=cfg.min_share,
        min_ratio=cfg.min_ratio, fast_confirm=cfg.fast_confirm, fast_min=cfg.fast_min, one_way_min=cfg.one_way_min,
        joined_within=cfg.joined_within, again_min=cfg.again_min,
    )  # fmt: skip


# ---------------------------------------------------------------- reading the window
async def _read(ctx: GroupContext, now: float) -> Window:
    """The window's confirmed helps: the window kept since the last look, with what was
    confirmed since added and what aged out dropped (its counts follow: no rebuild)."""
    cfg, state = _cfg(ctx), ctx.scratch
    start = now - cfg.window
    window: Window | None = state.get("window")
    if window is None or window.fast_confirm != cfg.fast_confirm:
        old, window = window, Window(cfg.fast_confirm)
        if old is not None:  # fast_confirm changed: the same helps, counted anew
            window.update(old.helps.values())
        state["window"] = window
    after = max(float(state.get("read_until", start)), start)
    while True:
        rows = await ctx.data.confirmed_between(after, now, PAGE)
        for r in rows:
            window.add(Help(int(r["id"]), r["helper"], r["requester"], float(r["created_at"]),
                            float(r["decided_at"]), r["decided_by"] != "auto"))  # fmt: skip
        if len(rows) < PAGE or float(rows[-1]["decided_at"]) == after:
            break
        after = float(rows[-1]["decided_at"])
    state["read_until"] = now
    window.expire(start)
    return window


async def _reversed(ctx: GroupContext, since: float) -> dict[tuple[str, ...], float]:
    """Members of each pair or ring whose helps were reversed in the window → when (the latest)."""
    out: dict[tuple[str, ...], float] = {}
    for f in await ctx.data.findings("reversed", REVERSED_SEEN):
        at = float(f["decided_at"] or 0)
        members = tuple(sorted(f["members"]))
        if f["kind"] in ("ring", "again", "one_way", "fast") and at > since:
            out[members] = max(at, out.get(members, at))
    return out


async def _bursts(ctx: GroupContext, now: float) -> list[Finding]:
    """Helpers who claimed nearly every open request within seconds, ``burst_repeat`` times."""
    cfg, state = _cfg(ctx), ctx.scratch
    start = now - cfg.window
    seen: dict[str, dict[int, tuple[float, int, float, list[int]]]] = state.setdefault("bursts", {})
    after = max(float(state.get("claims_until", start)) - cfg.burst_window, start)
    rows = await ctx.data.claimed_between(after, now, PAGE)
    state["claims_until"] = now
    claims = [
        Claimed(int(r["id"]), r["helper"], int(r["request_id"]), float(r["created_at"]))
        for r in rows
    ]
    for helper, runs in bursts(claims, cfg.burst_window, cfg.burst_min).items():
        for run in runs:
            first = run[0]
            if first.claim_id in seen.get(helper, {}):
                continue
            open_then = await ctx.data.open_at(first.at, helper, first.at - LONGEST_EXPIRY)
            share = len({c.request_id for c in run}) / max(open_then, 1)
            if share >= cfg.burst_share:
                seen.setdefault(helper, {})[first.claim_id] = (
                    first.at, len(run), min(share, 1.0), [c.claim_id for c in run],
                )  # fmt: skip
    out = []
    for helper in list(seen):
        runs_of = {k: v for k, v in seen[helper].items() if v[0] > start}
        seen[helper] = runs_of
        if len(runs_of) >= cfg.burst_repeat:
            claim_ids = tuple(sorted(c for v in runs_of.values() for c in v[3]))
            share = sum(v[2] for v in runs_of.values()) / len(runs_of)
            out.append(Finding("burst", (helper,), len(claim_ids), share, 0.0, len(runs_of),
                               claim_ids=claim_ids))  # fmt: skip
    return out


# ---------------------------------------------------------------- findings
async def _evidence(ctx: GroupContext, f: dict[str, Any]) -> str:
    cfg = _cfg(ctx)
    names = await ctx.data.display_names(list(f["members"]))
    who = "、".join(names[m] for m in f["members"])
    lang = ctx.language
    values = {
        "who": who, "helps": f["helps"], "share": f"{f['share']:.0%}", "ratio": f"{f['ratio']:.0f}",
        "window": format_duration(cfg.window, lang), "fast": f["fast"], "bursts": f["fast"],
        "seconds": format_duration(cfg.fast_confirm if f["kind"] != "burst" else cfg.burst_window, lang),
        "helper": names[f["members"][0]], "requester": names[f["members"][-1]],
    }  # fmt: skip
    if f["kind"] == "fast":  # members are (helper, requester)
        values["helper"], values["requester"] = names[f["members"][0]], names[f["members"][1]]
    text = ctx.t(f"ev_{f['kind']}", **values)
    if f["kind"] in ("ring", "one_way", "again") and f["fast"]:
        text += ctx.t("ev_fast_extra", **values)
    if f.get("joined"):
        text += ctx.t("ev_joined", joined=format_duration(cfg.joined_within, lang))
    return text


def _detail(f: Finding) -> dict[str, Any]:
    """A finding's evidence as stored (numbers rounded, claims bounded)."""
    return {
        "kind": f.kind, "members": list(f.members), "helps": f.helps, "share": round(f.share, 4),
        "ratio": round(min(f.ratio, 1e6), 1), "fast": f.fast, "joined": f.joined_together,
        "claims": list(f.claim_ids[-MAX_CLAIMS:]),
    }  # fmt: skip


@hookimpl
async def tick(ctx: GroupContext, now: float) -> list[NotifyAdmins] | None:
    """Look at what is new (at most every ``every``); tell the admins of new findings.

    Findings live in the database (one open per pattern): when several processes serve the
    group, each looks, but only the one that records a finding first tells the admins.
    """
    cfg, state = _cfg(ctx), ctx.scratch
    if now - float(state.get("looked", float("-inf"))) < cfg.every:
        return None
    state["looked"] = now
    window = await _read(ctx, now)
    suspects = sorted(window.mutual)
    first_seen = await ctx.data.first_seen_many(suspects) if suspects else {}
    cleared = await ctx.data.cleared_findings()
    found = find(window, _thresholds(cfg), first_seen=first_seen, cleared=cleared,
                 reversed_at=await _reversed(ctx, now - cfg.window))  # fmt: skip
    found += [
        f for f in await _bursts(ctx, now) if cleared.get(f.key, float("-inf")) < now - cfg.window
    ]
    actions = []
    for f in found:
        item = _detail(f)
        number, new = await ctx.data.record_finding(f.key, item)
        if not new:  # still open (here or found by another process): its evidence was updated
            continue
        item["number"] = number
        evidence = await _evidence(ctx, item)
        kind = ctx.t(f"kind_{f.kind}")
        if cfg.action == "reverse":
            count = await _reverse(ctx, item, "bot")
            actions.append(NotifyAdmins(ctx.group_id, ctx.t("notify_reversed", kind=kind, id=number,
                                                            evidence=evidence, count=count)))  # fmt: skip
        else:
            await ctx.data.audit("bot", "collusion_finding", f.members[0],
                                 {"finding": number, "text": ctx.t("audit_text", id=number, evidence=evidence)})  # fmt: skip
            actions.append(
                NotifyAdmins(ctx.group_id, ctx.t("notify", kind=kind, id=number, evidence=evidence))
            )
    return actions or None


async def _reverse(ctx: GroupContext, item: dict[str, Any], by: str) -> int | None:
    """Reverse a finding's helps (and those confirmed since between the same members) and mark
    it reversed, in one transaction; None when it had been decided already."""
    members = set(item["members"])
    window: Window | None = ctx.scratch.get("window")
    if window is None:  # not looked yet in this process: the finding's own claims
        window = Window()
    ids = set(item["claims"])
    if item["kind"] in ("ring", "again"):
        ids |= {c for a in members for b in members for c in window.pair.get((a, b), ())}
    elif item["kind"] in ("one_way", "fast"):
        helper, requester = item["members"]
        ids |= set(window.pair.get((helper, requester), ()))
    done = await ctx.data.decide_finding(item["number"], "reversed", by, sorted(ids))
    if done is None:
        return None
    for cid in done:
        window.discard(cid)
    await ctx.data.audit(by, "collusion_reversed", item["members"][0],
                         {"finding": item["number"], "count": len(done), "text": f"#{item['number']}"})  # fmt: skip
    return len(done)


# ---------------------------------------------------------------- /复核
async def review_cmd(inv: Invocation) -> str:
    """/复核 [<编号> 维持|撤销]: list open reviews, or decide one."""
    ctx = inv.ctx
    fid = inv.args.get("id")
    if fid is None:
        pending = await ctx.data.findings("open", 10)
        if not pending:
            return ctx.t("list_none")
        lines = [ctx.t("list_head")]
        for f in pending:
            lines.append(ctx.t("list_line", id=f["number"], kind=ctx.t(f"kind_{f['kind']}"),
                               evidence=await _evidence(ctx, f)))  # fmt: skip
        return "\n".join(lines)
    item = await ctx.data.finding(fid)
    if item is None:
        return ctx.t("unknown", id=fid)
    if item["status"] != "open":
        return ctx.t("done_already", id=fid, status=ctx.t(f"status_{item['status']}"))
    decision = str(inv.args.get("decision") or "").strip().lower()
    admin = inv.event.sender.id
    if decision in KEEP:
        if await ctx.data.decide_finding(fid, "kept", admin) is None:
            return await _decided_meanwhile(ctx, fid)
        await ctx.data.audit(
            admin, "collusion_kept", item["members"][0], {"finding": fid, "text": f"#{fid}"}
        )
        return ctx.t("kept", id=fid)
    if decision in REVERSE:
        count = await _reverse(ctx, item, admin)
        if count is None:
            return await _decided_meanwhile(ctx, fid)
        if not count:
            return ctx.t("reversed_none", id=fid)
        names = await ctx.data.display_names(item["members"])
        return ctx.t(
            "reversed", id=fid, count=count, who="、".join(names[m] for m in item["members"])
        )
    return ctx.t("bad_decision", id=fid)


async def _decided_meanwhile(ctx: GroupContext, fid: int) -> str:
    """Another admin (or process) decided ``fid`` between our read and our write."""
    item = await ctx.data.finding(fid) or {"status": "kept"}
    return ctx.t("done_already", id=fid, status=ctx.t(f"status_{item['status']}"))


@hookimpl
def register_commands(register: Any) -> None:
    """Add /复核 (admins)."""
    register("复核", review_cmd, aliases=("review",), permission=Role.ADMIN,
             summary="复核可疑助力：维持 或 撤销（撤销用冲正记录撤回助力值）",
             summary_en="review suspicious helps: keep or reverse (compensating rows)",
             args=(Arg("id", "int", optional=True), Arg("decision", optional=True, label="维持或撤销",
                                                        label_en="keep or reverse")),
             syntax="编号 维持或撤销", syntax_en="<number> keep|reverse",
             examples=("/复核", "/复核 3 撤销", "/复核 3 维持"), examples_en=("/review 3 reverse",))  # fmt: skip
