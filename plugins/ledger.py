"""账本 (ledger): the chain head members can keep — /账本 and an optional daily fingerprint.

Every 助力值 row is hash-chained to the group's previous one (``huzhu.core.trust.chain``).
``/账本`` shows how many rows there are and the head's hash (short); with
``fingerprint_at`` set, the head is posted once a day (through the core
scheduler, so quiet hours and the hourly cap apply), so members hold copies the
admins cannot rewrite. ``huzhu ledger verify`` / ``export`` check the chain.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from huzhu.core import (
    Catalog,
    GroupContext,
    Invocation,
    PluginConfig,
    PluginMeta,
    Reply,
    ScheduledItem,
    hookimpl,
)
from huzhu.core.schedule.scheduler import LocalTime, daily_cron

#: hex characters of the head shown in chat (64 bits: enough to tell two heads apart by eye)
SHORT = 16


class Config(PluginConfig):
    """Settings of ledger."""

    #: post the chain head once a day at this local time, e.g. "21:00" (null: off)
    fingerprint_at: LocalTime | None = None


TEXTS = Catalog(
    {
        "zh": {
            "empty": "{member}，本群账本还没有记录。第一笔助力被确认后，这里会显示记录数和链头指纹。",
            "head": (
                "📒 {member}，本群账本共 {rows} 条记录，链头指纹 {short}。"
                "可以截图留存：账本里任何一条被改动、删除或插入，指纹都会对不上。"
            ),
            "unchained": "另有 {count} 条记录不在链上，请管理员核查账本。",
            "fingerprint": (
                "📒 今日账本指纹（{date}）：共 {rows} 条记录，链头 {short}\n完整指纹：{head}\n"
                "请大家留存，日后可用它核对账本是否被改动。"
            ),
        },
        "en": {
            "empty": "{member}, this group's ledger has no rows yet. After the first confirmed help, "
            "this shows the row count and the chain head.",
            "head": (
                "📒 {member}, this group's ledger has {rows} rows; chain head {short}. "
                "Keep a screenshot: if any row is edited, deleted or inserted, the head will not match."
            ),
            "unchained": "{count} more rows are outside the chain; admins, please check the ledger.",
            "fingerprint": (
                "📒 Today's ledger fingerprint ({date}): {rows} rows, head {short}\nFull: {head}\n"
                "Keep it: it shows later whether the ledger was changed."
            ),
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "fingerprint_at": "每天公布指纹的时间",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "fingerprint_at": "time of the daily fingerprint",
}

__plugin_meta__ = PluginMeta(
    name="ledger",
    title="账本",
    title_en="ledger",
    aliases=("账本指纹",),
    labels=LABELS,
    labels_en=LABELS_EN,
    description="账本：/账本 查看记录数和链头指纹；可每天定时公布指纹",
    description_en="ledger: /ledger shows the row count and chain head; optional daily fingerprint",
    usage="/账本",
    config=Config,
    default_enabled=True,
    texts=TEXTS,
)


def _cfg(ctx: GroupContext) -> Config:
    return ctx.config  # type: ignore[return-value]


@hookimpl
async def tick(ctx: GroupContext) -> None:
    """Keep the daily fingerprint item in step with ``fingerprint_at`` (free once in step)."""
    at = _cfg(ctx).fingerprint_at
    assert ctx.schedule is not None
    await ctx.schedule.sync(
        {"fingerprint": (daily_cron(at), "fingerprint", {}, "skip")} if at else {}
    )


@hookimpl
async def schedule_due(ctx: GroupContext, item: ScheduledItem) -> Reply | None:
    """Post the day's chain head (nothing while the ledger is empty)."""
    if item.kind != "fingerprint":
        return None
    _rows, chained, head = await ctx.data.ledger_head()
    if not chained:
        return None
    date = datetime.fromtimestamp(ctx.now(), ctx.zone).strftime("%Y-%m-%d")
    return Reply(
        ctx.group_id, ctx.t("fingerprint", date=date, rows=chained, short=head[:SHORT], head=head)
    )


async def ledger_cmd(inv: Invocation) -> str:
    """/账本: the row count and the chain head, for the member who asked."""
    ctx = inv.ctx
    member = await ctx.data.display_name(inv.event.sender.id)
    rows, chained, head = await ctx.data.ledger_head()
    if not rows:
        return ctx.t("empty", member=member)
    text = ctx.t("head", member=member, rows=chained, short=head[:SHORT])
    if rows > chained:
        text += ctx.t("unchained", count=rows - chained)
    return text


@hookimpl
def register_commands(register: Any) -> None:
    """Add /账本 (everyone)."""
    register("账本", ledger_cmd, aliases=("ledger",), summary="查看本群账本的记录数和链头指纹",
             summary_en="the ledger's row count and chain head", examples=("/账本",), group="query")  # fmt: skip
