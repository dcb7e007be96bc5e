"""信用分 (reputation): an explainable score per member, tiers, and what each tier grants.

The score is derived from the record (confirmed helps given — more for those
verified by evidence —, helps received, claims denied, violations by severity
with decay, appeals won, tenure, recent activity), never stored as a second
truth: it is computed per member when asked, cached, and recomputed when a hook
says that member's record changed (``help_confirmed``, ``violation_detected``),
or after ``cache_for`` for what no hook announces (a denial,
an appeal won, tenure). Tiers grant privileges other rules read through
``ctx.data.standing(member)`` (the ``member_standing`` hook).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
    Reply,
    Role,
    Severity,
    Violation,
    hookimpl,
)
from huzhu.core.identity.alliances import reputation_groups
from huzhu.core.standing import Standing

DAY = 86400.0
#: an alliance repeating a removal made elsewhere: counted there, not twice (as the record does)
ALLIANCE_FLAG = "alliance.flagged"


class Weights(BaseModel):
    """Points per item of the record (negative lowers the score)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: each confirmed help given
    given: float = 1.0
    #: extra for each confirmed help whose evidence was verified
    verified: float = 0.5
    #: each help received
    received: float = 0.0
    #: each claim the requester denied
    denied: float = -5.0
    #: each MINOR violation (decays by half every ``half_life``)
    minor: float = -3.0
    #: each SEVERE violation (decays likewise)
    severe: float = -15.0
    #: each appeal won
    appeal_won: float = 2.0
    #: per day since first seen, up to ``tenure_cap``
    tenure_per_day: float = 0.1
    tenure_cap: float = 30.0
    #: per help given within ``recent_within``, up to ``recent_cap``
    recent: float = 0.5
    recent_cap: float = 10.0


class Tier(BaseModel):
    """One tier: its name, the score it starts at, and what it grants."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=16)
    #: the score from which a member is in this tier (the lowest tier takes everyone below)
    min: float = 0.0
    queue_weight: float = Field(default=1.0, ge=0.1, le=10.0)
    max_open_bonus: int = Field(default=0, ge=0, le=20)
    daily_bonus: int = Field(default=0, ge=0, le=50)
    exempt_new_member_rules: bool = False
    dispatch_weight: float = Field(default=1.0, ge=0.0, le=10.0)
    evidence_required: bool = False


DEFAULT_TIERS = (
    Tier(name="新人", min=-1e9),
    Tier(name="普通", min=10),
    Tier(name="可信", min=50, queue_weight=1.5, daily_bonus=1, exempt_new_member_rules=True, dispatch_weight=1.2),
    Tier(name="荣誉", min=150, queue_weight=2.0, max_open_bonus=1, daily_bonus=2,
         exempt_new_member_rules=True, dispatch_weight=1.5),
)  # fmt: skip


class Config(PluginConfig):
    """Settings of reputation."""

    weights: Weights = Field(default_factory=Weights)
    #: lowest first; each tier's privileges are the owner's choice
    tiers: tuple[Tier, ...] = DEFAULT_TIERS
    #: a violation counts half after this long, a quarter after twice as long …
    half_life: Duration = 30 * 86400
    recent_within: Duration = 30 * 86400
    #: a cached score is recomputed after this long even without a hook (denials, appeals, tenure)
    cache_for: Duration = 600
    #: tell a member once when they drop a tier, and why
    tell_drops: bool = True

    @field_validator("tiers")
    @classmethod
    def _ordered(cls, tiers: tuple[Tier, ...]) -> tuple[Tier, ...]:
        if not tiers:
            raise ValueError("at least one tier")
        if list(tiers) != sorted(tiers, key=lambda t: t.min):
            raise ValueError("tiers must be listed lowest first (min increasing)")
        if len({t.name for t in tiers}) != len(tiers):
            raise ValueError("tier names must differ")
        return tiers


TEXTS = Catalog(
    {
        "zh": {
            "score": "{name} 的信用分 {score}（{tier}）：{parts}。{next}",
            "next": "再得 {gap} 分升为「{tier}」：多助力、按时确认就会涨。",
            "top": "已是最高等级，继续保持。",
            "given": "确认助力 {n} 次 {pts}",
            "verified": "有凭证 {n} 次 {pts}",
            "received": "被助力 {n} 次 {pts}",
            "denied": "被否认 {n} 次 {pts}",
            "violations": "违规 {n} 次 {pts}",
            "no_violations": "违规 0",
            "appeals": "申诉成功 {n} 次 {pts}",
            "tenure": "入群 {days} 天 {pts}",
            "recent": "近期助力 {n} 次 {pts}",
            "not_yours": "{name}，只有管理员能查看别人的信用分；发送 /信用 查看你自己的。",
            "dropped": "{name}，你的信用等级从「{old}」降为「{new}」（信用分 {score}），原因：{why}。"
            "遵守群规、多助力就能升回；有异议可以发 /申诉 理由。",
            "sep": " · ",
        },
        "en": {
            "score": "{name}'s credit score is {score} ({tier}): {parts}. {next}",
            "next": "{gap} more points to reach “{tier}”: help others and confirm on time.",
            "top": "That is the highest tier; keep it up.",
            "given": "confirmed helps {n} {pts}",
            "verified": "with evidence {n} {pts}",
            "received": "helped {n} times {pts}",
            "denied": "denied {n} {pts}",
            "violations": "violations {n} {pts}",
            "no_violations": "violations 0",
            "appeals": "appeals won {n} {pts}",
            "tenure": "member {days} days {pts}",
            "recent": "recent helps {n} {pts}",
            "not_yours": "{name}, only admins can see another member's credit score; send /credit for yours.",
            "dropped": "{name}, your tier dropped from “{old}” to “{new}” (score {score}) because of: {why}. "
            "Keep the rules and help others to climb back; to dispute it send /appeal with your reason.",
            "sep": " · ",
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "weights": "计分权重",
    "tiers": "等级",
    "half_life": "违规记录减半时间",
    "recent_within": "近期助力的范围",
    "cache_for": "信用分缓存时间",
    "tell_drops": "降级时通知本人",
    "weights.given": "每次助力",
    "weights.verified": "助力有截图证实加分",
    "weights.received": "每次被助力",
    "weights.denied": "每次助力被否认",
    "weights.minor": "每次一般违规",
    "weights.severe": "每次严重违规",
    "weights.appeal_won": "每次申诉成功",
    "weights.tenure_per_day": "入群每天加分",
    "weights.tenure_cap": "入群加分上限",
    "weights.recent": "每次近期助力",
    "weights.recent_cap": "近期助力加分上限",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "weights": "score weights",
    "tiers": "tiers",
    "half_life": "time for a violation to count half",
    "recent_within": "how recent a recent help is",
    "cache_for": "how long scores are cached",
    "tell_drops": "tell members when they drop a tier",
    "weights.given": "per help given",
    "weights.verified": "extra per help proven by a screenshot",
    "weights.received": "per help received",
    "weights.denied": "per help denied",
    "weights.minor": "per minor violation",
    "weights.severe": "per severe violation",
    "weights.appeal_won": "per appeal won",
    "weights.tenure_per_day": "per day in the group",
    "weights.tenure_cap": "points for days in the group at most",
    "weights.recent": "per recent help",
    "weights.recent_cap": "points for recent helps at most",
}

__plugin_meta__ = PluginMeta(
    name="reputation",
    title="信用分",
    title_en="credit score",
    aliases=("信用", "信誉", "信誉分"),
    labels=LABELS,
    labels_en=LABELS_EN,
    description="信用分：可解释的信用分、等级与等级特权（/信用）",
    description_en="credit score: an explainable score, tiers and their privileges (/credit)",
    usage="/信用 [@成员]",
    config=Config,
    default_enabled=True,
    texts=TEXTS,
)


@dataclass(frozen=True, slots=True)
class Score:
    """A member's score with its parts: (text key, count, points) in display order."""

    total: float
    parts: tuple[tuple[str, int, float], ...]
    tier: Tier
    next_tier: Tier | None


def score_of(record: dict[str, Any], cfg: Config, now: float) -> Score:
    """The score for a record (``ctx.data.record``); pure, so it is tested without a group."""
    w = cfg.weights
    parts: list[tuple[str, int, float]] = [("given", record["given"], record["given"] * w.given)]
    if record["verified"]:
        parts.append(("verified", record["verified"], record["verified"] * w.verified))
    if w.received and record["received"]:
        parts.append(("received", record["received"], record["received"] * w.received))
    if record["denied"]:
        parts.append(("denied", record["denied"], record["denied"] * w.denied))
    bad = 0.0
    for severity, at in record["violations"]:
        decay = 0.5 ** (max(0.0, now - at) / cfg.half_life) if cfg.half_life else 1.0
        bad += (w.severe if severity >= 3 else w.minor) * decay
    parts.append(("violations", len(record["violations"]), bad))
    if record["appeals_won"]:
        parts.append(("appeals", record["appeals_won"], record["appeals_won"] * w.appeal_won))
    first = record["first_seen"]
    days = int(max(0.0, now - first) // DAY) if first is not None else 0
    parts.append(("tenure", days, min(days * w.tenure_per_day, w.tenure_cap)))
    if record["recent"]:
        parts.append(("recent", record["recent"], min(record["recent"] * w.recent, w.recent_cap)))
    total = round(sum(p for _, _, p in parts), 1)
    tier = cfg.tiers[0]
    nxt: Tier | None = None
    for t in cfg.tiers:
        if total >= t.min:
            tier = t
        elif nxt is None:
            nxt = t
    return Score(total, tuple(parts), tier, nxt)


def _num(x: float) -> str:
    return str(round(x)) if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def _pts(x: float) -> str:
    return ("+" if x >= 0 else "−") + _num(abs(x))


def explain(ctx: GroupContext, score: Score) -> str:
    """``确认助力 42 次 +42 · 被否认 1 次 −5 · 违规 0 · 入群 90 天 +9``."""
    out = []
    for key, n, pts in score.parts:
        if key == "violations" and n == 0:
            out.append(ctx.t("no_violations"))
        elif key == "tenure":
            out.append(ctx.t("tenure", days=n, pts=_pts(pts)))
        else:
            out.append(ctx.t(key, n=n, pts=_pts(pts)))
    return ctx.t("sep").join(out)


#: a cached record: (read at, ``record_changes`` version then, record, its score)
_Entry = tuple[float, int, dict[str, Any], Score]
_CACHE_CAP = 50_000


def _cache(ctx: GroupContext) -> dict[str, _Entry]:
    cache: dict[str, _Entry] | None = ctx.scratch.get("records")
    if cache is None:
        cache = ctx.scratch["records"] = {}
    return cache


def _cached(ctx: GroupContext, member: str) -> _Entry | None:
    """``member``'s cached record and score, unless older than ``cache_for`` or changed since
    without a hook (a pardon: ``engine.record_changes``)."""
    hit = _cache(ctx).get(member)
    if hit is None:
        return None
    cfg: Config = ctx.config  # type: ignore[assignment]
    if ctx.now() - hit[0] >= cfg.cache_for:
        return None
    if hit[1] != ctx.data.engine.record_changes.version(ctx.group_id, member):
        return None
    return hit


def _remember(ctx: GroupContext, member: str, entry: _Entry) -> None:
    cache = _cache(ctx)
    if len(cache) >= _CACHE_CAP and member not in cache:
        cache.clear()
    cache[member] = entry


async def compute(ctx: GroupContext, member: str) -> Score:
    """``member``'s score, from the cache unless stale."""
    hit = _cached(ctx, member)
    return hit[3] if hit is not None else (await _fresh(ctx, member))[0]


async def _fresh(ctx: GroupContext, member: str) -> tuple[Score, dict[str, Any]]:
    """``member``'s score computed now from the record (cached), with that record."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    now = ctx.now()
    version = ctx.data.engine.record_changes.version(ctx.group_id, member)
    groups = await reputation_groups(ctx, member)
    record = await ctx.data.record(member, groups, now - cfg.recent_within)
    score = score_of(record, cfg, now)
    _remember(ctx, member, (now, version, record, score))
    return score, record


def _counts(violation: Violation) -> bool:
    """Whether the record counts this violation (as ``storage.reputation.record`` does)."""
    return violation.verdict.severity >= Severity.MINOR and violation.verdict.rule != ALLIANCE_FLAG


def _standing(score: Score) -> Standing:
    t = score.tier
    return Standing(tier=t.name, score=score.total, queue_weight=t.queue_weight,
                    max_open_bonus=t.max_open_bonus, daily_bonus=t.daily_bonus,
                    exempt_new_member_rules=t.exempt_new_member_rules,
                    dispatch_weight=t.dispatch_weight, evidence_required=t.evidence_required)  # fmt: skip


@hookimpl
async def member_standing(ctx: GroupContext, member: str) -> Standing:
    """The member's tier and what it grants (cached score)."""
    return _standing(await compute(ctx, member))


async def _recheck(ctx: GroupContext, violation: Violation) -> Reply | None:
    """After a violation: recompute the member's score; if this violation cost them a tier,
    tell them (once: the next violation is compared with the tier it leaves), and why.

    A cached record takes the violation in memory (no read on the message path);
    otherwise the record is read, with the violation already in it.
    """
    cfg: Config = ctx.config  # type: ignore[assignment]
    member, cause, now = violation.member_id, violation.verdict.rule, ctx.now()
    hit = _cached(ctx, member)
    if hit is not None:
        if not _counts(violation):
            return None
        at, version, was, before = hit
        record = {**was, "violations": [*was["violations"], (int(violation.verdict.severity), now)]}
        score = score_of(record, cfg, now)
        _remember(ctx, member, (at, version, record, score))
    else:
        score, record = await _fresh(ctx, member)
        # the tier just before this violation: the same record without its newest violation
        bad = sorted(record["violations"], key=lambda v: v[1])
        before = score_of({**record, "violations": bad[:-1]}, cfg, now) if bad else score
    old = before.tier.name
    rank = {t.name: i for i, t in enumerate(cfg.tiers)}
    if rank[old] <= rank[score.tier.name] or not cfg.tell_drops:
        return None
    worst = [p for p in score.parts if p[2] < 0]
    why = (
        ctx.t("sep").join(
            ctx.t(k, n=n, pts=_pts(p)) for k, n, p in sorted(worst, key=lambda p: p[2])[:2]
        )
        or cause
    )
    name = await ctx.data.display_name(member)
    text = ctx.t(
        "dropped", name=name, old=old, new=score.tier.name, score=_num(score.total), why=why
    )
    return Reply(ctx.group_id, text, mention=(member,))


@hookimpl
def help_confirmed(ctx: GroupContext, request: HelpRequest, claim: Claim) -> None:
    """A help counts for the helper (and the requester's record changed): both are recomputed
    when next asked (a help never lowers a score by default: no query on this hot path)."""
    cache = _cache(ctx)
    cache.pop(claim.helper, None)
    cache.pop(request.requester, None)


@hookimpl
async def violation_detected(ctx: GroupContext, violation: Violation) -> Reply | None:
    """A violation lowers the score at once; a dropped tier is explained."""
    return await _recheck(ctx, violation)


async def show_credit(inv: Invocation) -> str:
    """/信用 [@成员]: score, tier and each part in one reply."""
    ctx, ev = inv.ctx, inv.event
    target = inv.args.get("member") or ev.sender.id
    if target != ev.sender.id and ev.sender.role < Role.ADMIN:
        return ctx.t("not_yours", name=await ctx.data.display_name(ev.sender.id))
    score = await compute(ctx, target)
    nxt = (
        ctx.t("next", gap=_num(score.next_tier.min - score.total), tier=score.next_tier.name)
        if score.next_tier is not None
        else ctx.t("top")
    )
    return ctx.t("score", name=await ctx.data.display_name(target), score=_num(score.total),
                 tier=score.tier.name, parts=explain(ctx, score), next=nxt)  # fmt: skip


@hookimpl
def register_commands(register: Any) -> None:
    """Add /信用."""
    register("信用", show_credit, aliases=("credit",), summary="查看信用分、等级和每一项怎么来的",
             summary_en="your credit score, tier and how each part adds up", group="query",
             args=(Arg("member", "member", optional=True),),
             examples=("/信用", "/信用 @成员"), examples_en=("/credit", "/credit @member"))  # fmt: skip
