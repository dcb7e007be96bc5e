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
        },
        "en": {
            "rule_help_before_ask": "help before you ask",
            "need_per_request": "Help before you ask: each request needs {amount} help(s) first; help {missing} more time(s) and you can post.",
            "need_helps": "Help before you ask: requests open after {amount} help(s) in total; help {missing} more time(s) and you can post.",
            "need_balance": "Help before you ask: your 助力值 must reach {amount} to post (now {have}, {missing} short); help others to earn it.",
            "suggest": "\nYou could help these:\n{lines}\nAfter helping send /helped <number>; once confirmed you can post.",
            "nothing_open": "\nNothing is open to help right now; come back when someone posts.",
        },
    }
)

#: the settings' names in /配置 (Chinese; English groups see the keys)
LABELS = {
    "require": "要求方式",
    "amount": "要求的次数或助力值",
    "free_requests": "免检的求助次数",
    "exempt_admins": "管理员不受限",
    "suggest": "拒绝时推荐几个求助",
}

__plugin_meta__ = PluginMeta(
    name="help_before_ask",
    title="先助人后求助",
    title_en="help before asking",
    aliases=("先助后求", "先帮后求"),
    labels=LABELS,
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
    reason = ctx.t(f"need_{cfg.require}", amount=cfg.amount, missing=missing, have=have)
    if cfg.suggest:
        options = await ctx.data.open_to_help(request.requester, cfg.suggest)
        if options:
            reason += ctx.t("suggest", lines="\n".join(ctx.data.brief(r) for r in options))
        else:
            reason += ctx.t("nothing_open")
    return Verdict(
        rule="help_before_ask",
        severity=Severity.MINOR,
        reason=reason,
        evidence={"require": cfg.require, "amount": cfg.amount, "have": have},
    )
