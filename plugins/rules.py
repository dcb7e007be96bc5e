"""群规 (group rules): ``/群规`` shows the rules; new members are welcomed with them."""

from __future__ import annotations

from huzhu.core import (
    Catalog,
    GroupContext,
    Invocation,
    MemberEvent,
    PluginConfig,
    PluginMeta,
    Reply,
    ScheduledItem,
    hookimpl,
)
from huzhu.core.schedule.scheduler import LocalTime, daily_cron

DEFAULT_RULES = (
    "1. 先助人后求助：发求助前先帮别人助力。\n"
    "2. 求助请用 /求助 发链接，一次一条，不要刷屏。\n"
    "3. 禁止广告、拉人、代助收费、刷单返利。\n"
    "4. 不要发身份证号、银行卡号、验证码；任何“先交押金”的都是骗局。\n"
    "5. 助力后发 /已助，被助力者请及时 /确认。"
)


class Config(PluginConfig):
    """Settings of the rules plugin."""

    #: the rules text; shown by /群规 and in the welcome
    text: str = DEFAULT_RULES
    #: greet new members with the rules
    welcome: bool = True
    #: post the rules every day at this local time, e.g. "09:00" (null: never)
    post_at: LocalTime | None = None


TEXTS = Catalog(
    {
        "zh": {"title": "📜 本群群规", "welcome": "欢迎 {name} 入群！请先看群规：\n{rules}"},
        "en": {
            "title": "📜 Group rules",
            "welcome": "Welcome, {name}! Please read the rules first:\n{rules}",
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "text": "群规内容",
    "welcome": "新成员入群时发群规",
    "post_at": "每天定时发群规的时间",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "text": "rules text",
    "welcome": "post the rules to new members",
    "post_at": "time to post the rules daily",
}

__plugin_meta__ = PluginMeta(
    name="rules",
    title="群规",
    title_en="group rules",
    aliases=("规则",),
    labels=LABELS,
    labels_en=LABELS_EN,
    description="群规：/群规 查看规则，新成员入群时自动发送",
    description_en="group rules: /rules shows them; new members get them on joining",
    usage="/群规",
    config=Config,
    default_enabled=True,
    texts=TEXTS,
)


async def show_rules(inv: Invocation) -> str:
    """Reply with the group's rules."""
    cfg: Config = inv.ctx.config  # type: ignore[assignment]
    return f"{inv.ctx.t('title')}\n{cfg.text}"


@hookimpl
def register_commands(register) -> None:  # type: ignore[no-untyped-def]
    """Add /群规."""
    register(
        "群规",
        show_rules,
        aliases=("rules",),
        summary="查看群规",
        summary_en="show the group rules",
        unlimited=True,
        group="query",
        examples=("/群规",),
    )


@hookimpl
async def tick(ctx: GroupContext) -> None:
    """Keep the daily rules post in step with ``post_at`` (a no-op once in step)."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    if cfg.post_at:
        assert ctx.schedule is not None
        await ctx.schedule.sync({"rules_post": (daily_cron(cfg.post_at), "rules_post", {}, "skip")})


@hookimpl
async def schedule_due(ctx: GroupContext, item: ScheduledItem) -> Reply | None:
    """The daily rules post (cancelled instead when ``post_at`` was switched off)."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    if item.kind != "rules_post":
        return None
    if not cfg.post_at:
        assert ctx.schedule is not None
        await ctx.schedule.cancel(item.id)
        return None
    return Reply(ctx.group_id, f"{ctx.t('title')}\n{cfg.text}")


@hookimpl
def member_joined(ctx: GroupContext, event: MemberEvent) -> Reply | None:
    """Welcome a new member with the rules."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    if not cfg.welcome:
        return None
    return Reply(
        ctx.group_id,
        ctx.t("welcome", name=event.member.display, rules=cfg.text),
        mention=(event.member.id,),
    )
