"""先助人后求助 (help before you ask): a request is accepted only from members who help.

Reads the append-only ledger through ``ctx.data``; never writes anything.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from huzhu.core import (
    Catalog,
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
from huzhu.core.durations import SettingError
from huzhu.core.i18n import join_list


class Config(PluginConfig):
    """Settings of help_before_ask."""

    #: what a member must have done before posting a request:
    #: ``per_request`` — given ``amount`` confirmed helps since their last request;
    #: ``helps`` — given ``amount`` confirmed helps in total;
    #: ``balance`` — hold a 助力值 balance of at least ``amount``
    require: Literal["per_request", "helps", "balance"] = "per_request"
    #: 0 asks nothing; below 0 only for ``balance`` (a member may owe that much and still ask)
    amount: int = Field(default=1, ge=-1000, le=1000)
    #: requests a member may post before the rule applies (1: the first one is free, 0: none)
    free_requests: int = Field(default=1, ge=0, le=100)
    #: admins and the group owner may always post
    exempt_admins: bool = True
    #: how many open requests the refusal suggests helping
    suggest: int = Field(default=3, ge=0, le=10)

    @field_validator("amount")
    @classmethod
    def _amount(cls, amount: int, info: ValidationInfo) -> int:
        if amount < 0 and info.data.get("require", "per_request") != "balance":
            raise SettingError(
                f"不能是负数（现在是 {amount}）；0 表示不要求。只有 require 是 balance（助力值）"
                "时才可以为负：允许欠着多少助力值还能求助",
                f"must not be negative (got {amount}); 0 asks nothing. Only with require: balance"
                " may it be negative (how much a member may owe and still ask)",
            )
        return amount


TEXTS = Catalog(
    {
        "zh": {
            "rule_help_before_ask": "先助人后求助",
            "need_per_request": "先助人后求助：每次求助前需助力 {amount} 次，你再助力 {missing} 次即可发布。",
            "need_helps": "先助人后求助：累计助力 {amount} 次后才能求助，你再助力 {missing} 次即可发布。",
            "need_balance": "先助人后求助：助力值需达到 {amount} 才能求助（当前 {have}，还差 {missing}），多帮别人助力即可。",
            "suggest": "\n可以先帮这些：\n{lines}\n助力后发送 /已助 编号（如 /已助 12），被确认后即可求助。",
            "nothing_open": "\n现在没有可助力的求助，等有人发布后再来吧。",
            # the member helped already, and that help waits for its requester's /确认
            "wait_per_request": "先助人后求助：每次求助前需有 {amount} 次助力被确认。",
            "wait_helps": "先助人后求助：累计有 {amount} 次助力被确认后才能求助。",
            "waiting": "你对 {items} 的助力在等 {names} 确认，{then}",
            "then_post": "确认后即可发布。",
            "then_more": "确认后还要再助力 {more} 次。",
            "then_balance": "确认后会记入助力值。",
        },
        "en": {
            "rule_help_before_ask": "help before you ask",
            "need_per_request": "Help before you ask: each request needs {amount} {helps} first; help {missing} more {times} and you can post.",
            "need_helps": "Help before you ask: requests open after {amount} {helps} in total; help {missing} more {times} and you can post.",
            "need_balance": "Help before you ask: your help balance must reach {amount} to post (now {have}, {missing} short); help others to earn it.",
            "suggest": "\nYou could help these:\n{lines}\nAfter helping send /helped <number>; once confirmed you can post.",
            "nothing_open": "\nNothing is open to help right now; come back when someone posts.",
            "wait_per_request": "Help before you ask: each request needs {amount} confirmed {helps} first.",
            "wait_helps": "Help before you ask: requests open after {amount} confirmed {helps} in total.",
            "waiting": "Your help on {items} waits for {names} to confirm it; {then}",
            "then_post": "once confirmed you can post.",
            "then_more": "once confirmed, help {more} more {times} and you can post.",
            "then_balance": "once confirmed it counts towards your balance.",
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "require": "要求方式",
    "amount": "要求的次数或助力值",
    "free_requests": "免检的求助次数",
    "exempt_admins": "管理员不受限",
    "suggest": "拒绝时推荐几个求助",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "require": "what is required",
    "amount": "helps or balance required",
    "free_requests": "requests free of the check",
    "exempt_admins": "admins are exempt",
    "suggest": "requests suggested on refusal",
}

__plugin_meta__ = PluginMeta(
    name="help_before_ask",
    title="先助人后求助",
    title_en="help before asking",
    aliases=("先助后求", "先帮后求"),
    labels=LABELS,
    labels_en=LABELS_EN,
    description="先助人后求助：助力够了才能发求助（按次、累计或助力值），拒绝时列出可帮的求助",
    description_en="help before you ask: post only after helping (per request, in total or by balance); the refusal lists requests to help",
    config=Config,
    texts=TEXTS,
)


@hookimpl
async def check_request(
    ctx: GroupContext, request: HelpRequest, event: MessageEvent
) -> Verdict | None:
    """Refuse a request until the member has helped enough; say exactly what is missing."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    if cfg.exempt_admins and event.sender.role >= Role.ADMIN:
        return None
    stats = await ctx.data.asker(request.requester, ctx.day_start(), ctx.week_start())
    if stats["posted"] < cfg.free_requests:
        return None
    have = {
        "per_request": stats["given_since_last"],
        "helps": stats["given"],
        "balance": stats["balance"],
    }[cfg.require]
    missing = cfg.amount - have
    if missing <= 0:
        return None
    counts = _counts(ctx.language, cfg.amount, missing)
    waiting = (await ctx.data.profile(request.requester))["pending_with"]
    if waiting:
        # "help once more" would mislead one whose help waits for its requester's /确认
        reason = await _waiting(ctx, cfg, waiting, missing, counts)
    else:
        reason = ctx.t(f"need_{cfg.require}", amount=cfg.amount, missing=missing, have=have,
                       **counts)  # fmt: skip
    covered = len(waiting) >= missing and cfg.require != "balance"
    if cfg.suggest:
        options = await ctx.data.open_to_help(request.requester, cfg.suggest)
        if options:
            reason += ctx.t("suggest", lines="\n".join(ctx.data.brief(r) for r in options))
        elif not covered:
            reason += ctx.t("nothing_open")
    return Verdict(
        rule="help_before_ask",
        severity=Severity.MINOR,
        reason=reason,
        evidence={"require": cfg.require, "amount": cfg.amount, "have": have},
    )


def _counts(lang: str, amount: int, missing: int) -> dict[str, str]:
    """``help``/``helps`` and ``time``/``times`` for English texts (Chinese needs none)."""
    if lang != "en":
        return {"helps": "", "times": ""}
    return {
        "helps": "help" if amount == 1 else "helps",
        "times": "time" if missing == 1 else "times",
    }


async def _waiting(
    ctx: GroupContext,
    cfg: Config,
    waiting: list[tuple[int, str]],
    missing: int,
    counts: dict[str, str],
) -> str:
    """The refusal of a member whose helps wait for confirmation: which, by whom, and then what."""
    shown = waiting[:5]
    items = join_list((f"#{seq}" for seq in dict.fromkeys(s for s, _ in shown)), ctx.language)
    names = await ctx.data.display_names([r for _, r in shown])
    who = join_list(dict.fromkeys(names[r] for _, r in shown), ctx.language)
    if cfg.require == "balance":
        head = ctx.t("need_balance", amount=cfg.amount, missing=missing, have=cfg.amount - missing)
        then = ctx.t("then_balance")
    else:
        head = ctx.t(f"wait_{cfg.require}", amount=cfg.amount, **counts)
        more = missing - len(waiting)
        then = (
            ctx.t("then_post")
            if more <= 0
            else ctx.t("then_more", more=more, times="time" if more == 1 else "times")
        )
    return f"{head}{' ' if ctx.language == 'en' else ''}" + ctx.t(
        "waiting", items=items, names=who, then=then
    )
