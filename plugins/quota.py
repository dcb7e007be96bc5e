"""配额 (quota): how many requests a member may post per day and per week, and how often."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from huzhu.core import (
    Catalog,
    Duration,
    GroupContext,
    HelpRequest,
    MessageEvent,
    PluginConfig,
    PluginMeta,
    Role,
    Severity,
    Verdict,
    hookimpl,
)
from huzhu.core.durations import format_duration
from huzhu.core.settings.choices import Zero

#: 0 switches a limit off
NO_LIMIT = Zero("不限", "no limit")


class Config(PluginConfig):
    """Settings of quota. 0 switches a limit off. Days and weeks follow the group's time zone."""

    #: requests per member per calendar day
    per_day: Annotated[int, NO_LIMIT] = Field(default=3, ge=0, le=1000)
    #: requests per member per calendar week (Monday to Sunday)
    per_week: Annotated[int, NO_LIMIT] = Field(default=0, ge=0, le=10000)
    #: minimum time between two requests of a member
    cooldown: Annotated[Duration, NO_LIMIT] = 600
    #: open requests per member at once (the core's requests.max_open also applies)
    max_open: Annotated[int, NO_LIMIT] = Field(default=0, ge=0, le=100)
    #: admins and the group owner are not limited
    exempt_admins: bool = True


TEXTS = Catalog(
    {
        "zh": {
            "rule_quota": "求助次数限制",
            "per_day": "今天已发布 {count} 个求助，每人每天最多 {limit} 个，明天再来吧。",
            "per_week": "本周已发布 {count} 个求助，每人每周最多 {limit} 个。",
            "cooldown": "两次求助至少间隔{cooldown}，请{wait}后再发。",
            "max_open": "你已有 {count} 个进行中的求助（最多 {limit} 个），请先完成或 /取消 一个。",
        },
        "en": {
            "rule_quota": "request limits",
            "per_day": "You reached the daily limit ({count} posted today, {limit} a day). Try again tomorrow.",
            "per_week": "You reached the weekly limit ({count} posted this week, {limit} a week).",
            "cooldown": "Requests must be at least {cooldown} apart; try again in {wait}.",
            "max_open": "Your open requests are at the limit ({count} open, at most {limit}); finish or /cancel one first.",
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "per_day": "每人每天最多求助几次",
    "per_week": "每人每周最多求助几次",
    "cooldown": "两次求助的最短间隔",
    "max_open": "每人同时进行中的求助上限",
    "exempt_admins": "管理员不受限",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "per_day": "requests per member per day",
    "per_week": "requests per member per week",
    "cooldown": "least time between two requests",
    "max_open": "open requests per member at most",
    "exempt_admins": "admins are exempt",
}

__plugin_meta__ = PluginMeta(
    name="quota",
    title="求助配额",
    title_en="request quotas",
    aliases=("配额", "限额", "求助限额"),
    labels=LABELS,
    labels_en=LABELS_EN,
    description="求助配额：每人每天/每周上限、两次求助的间隔、同时进行中的上限",
    description_en="request quotas: per member per day/week, cooldown between requests, open requests at once",
    config=Config,
    texts=TEXTS,
)


@hookimpl
async def check_request(
    ctx: GroupContext, request: HelpRequest, event: MessageEvent
) -> Verdict | None:
    """Refuse a request over any limit; the reason says which and for how long."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    if cfg.exempt_admins and event.sender.role >= Role.ADMIN:
        return None
    now = ctx.now()
    stats = await ctx.data.asker(request.requester, ctx.day_start(now), ctx.week_start(now))
    # a 信用分 tier may grant more (reputation), and so may an extra request bought today (shop)
    standing = await ctx.data.standing(request.requester)
    max_open = cfg.max_open + standing.max_open_bonus if cfg.max_open else 0
    per_day = cfg.per_day + standing.daily_bonus if cfg.per_day else 0
    if per_day:
        per_day += await ctx.data.extra_requests(request.requester, ctx.day_start(now))
    reason = None
    if max_open and stats["open"] >= max_open:
        reason = ctx.t("max_open", count=stats["open"], limit=max_open)
    elif per_day and stats["posted_today"] >= per_day:
        reason = ctx.t("per_day", count=stats["posted_today"], limit=per_day)
    elif cfg.per_week and stats["posted_week"] >= cfg.per_week:
        reason = ctx.t("per_week", count=stats["posted_week"], limit=cfg.per_week)
    elif cfg.cooldown and stats["last_posted_at"] is not None:
        wait = int(stats["last_posted_at"] + cfg.cooldown - now)
        if wait > 0:
            reason = ctx.t(
                "cooldown",
                cooldown=format_duration(cfg.cooldown, ctx.language),
                wait=format_duration(wait, ctx.language),
            )
    if reason is None:
        return None
    return Verdict(rule="quota", severity=Severity.MINOR, reason=reason, evidence=dict(stats))
