"""积分兑换 (shop): members spend 助力值 on items the owner defines (/商店, /兑换).

A purchase is a ledger row of kind ``spend`` written in the same transaction
that checks the balance, the stock and the member's limit (``huzhu.core.storage.shop``);
a refund (/退款) is a compensating ``refund`` row. Built-in effects: ``pin``
(置顶 the member's open request for ``hours``), ``extra_request`` (one more
request today over ``quota.per_day``), ``pass`` (免审: the next request a rule
would refuse goes through once); ``custom`` asks the admins to hand it over.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from huzhu.core import (
    Arg,
    Catalog,
    Invocation,
    NotifyAdmins,
    PluginConfig,
    PluginMeta,
    Role,
    hookimpl,
)
from huzhu.core.durations import format_duration


class Item(BaseModel):
    """One item for sale."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: what members type after /兑换
    name: str = Field(min_length=1, max_length=16)
    #: in 助力值
    price: int = Field(ge=0, le=100_000)
    effect: Literal["pin", "extra_request", "pass", "custom"] = "custom"
    #: how many can ever be sold (null: no limit)
    stock: int | None = Field(default=None, ge=0)
    #: how many one member may buy (null: no limit)
    per_member: int | None = Field(default=None, ge=1)
    #: how long a ``pin`` lasts
    hours: int = Field(default=2, ge=1, le=168)
    #: a line shown in /商店 (custom items: what the member gets)
    note: str = Field(default="", max_length=60)


class Config(PluginConfig):
    """Settings of shop."""

    #: nothing is for sale until the owner lists items
    items: tuple[Item, ...] = ()

    @field_validator("items")
    @classmethod
    def _unique(cls, items: tuple[Item, ...]) -> tuple[Item, ...]:
        if len({i.name for i in items}) != len(items):
            raise ValueError("item names must differ")
        return items


TEXTS = Catalog(
    {
        "zh": {
            "empty": "积分商店还没有上架商品，请联系群主。",
            "header": "🛒 积分商店（{name} 的助力值：{balance}），发送 /兑换 物品名 兑换：",
            "line": "「{item}」{price} 助力值｜{what}{stock}{limit}",
            "stock": "｜剩 {left} 件",
            "per_member": "｜每人限 {n} 件",
            "what_pin": "把你进行中的求助置顶 {hours}",
            "what_extra_request": "今天多发一个求助",
            "what_pass": "免审券：下一个被规则拦下的求助照常发布",
            "what_custom": "由管理员发放",
            "unknown": "没有「{item}」这件物品，发送 /商店 查看有哪些。",
            "no_request": "{name}，置顶要用在进行中的求助上：先发 /求助，再来 /兑换 {item}。",
            "balance": "{name}，你的助力值是 {balance}，「{item}」要 {price}。多帮别人助力就能攒够。",
            "sold_out": "「{item}」已经兑完了（共 {stock} 件），发送 /商店 看看别的。",
            "limit": "{name}，「{item}」每人限兑 {limit} 件，你已经兑过 {bought} 件了。",
            "bought": "✅ {name} 兑换了「{item}」，花费 {price} 助力值，余额 {balance}。{effect}",
            "done_pin": "求助 #{seq} 已置顶 {hours}。",
            "done_extra_request": "今天可以多发一个求助。",
            "done_pass": "下一个被规则拦下的求助会自动用掉这张免审券照常发布。",
            "done_custom": "已通知管理员为你发放，请留意管理员的消息。",
            "notify": "🎁 {name} 兑换了「{item}」（兑换编号 {id}），请为对方发放；如需退回发送 /退款 {id}。",
            "refunded": "已退款：{name} 兑换的「{item}」（编号 {id}），{price} 助力值已退回。",
            "no_refund": "没有可以退款的第 {id} 号兑换（编号见 /审计 或管理员通知）。",
        },
        "en": {
            "empty": "The points shop has nothing for sale yet; ask the group owner.",
            "header": "🛒 Shop ({name}'s points: {balance}); send /buy and the item's name:",
            "line": "“{item}” {price} points | {what}{stock}{limit}",
            "stock": " | {left} left",
            "per_member": " | at most {n} each",
            "what_pin": "pin your open request for {hours}",
            "what_extra_request": "one more request today",
            "what_pass": "a pass: your next request a rule would refuse is posted anyway",
            "what_custom": "handed over by the admins",
            "unknown": "There is no item “{item}”; send /shop to see what there is.",
            "no_request": "{name}, a pin needs an open request: send /post first, then /buy {item}.",
            "balance": "{name}, you have {balance} points and “{item}” costs {price}. Help others to earn more.",
            "sold_out": "“{item}” is sold out ({stock} in all); send /shop for the others.",
            "limit": "{name}, “{item}” is limited to {limit} per member and you have bought {bought}.",
            "bought": "✅ {name} bought “{item}” for {price} points; {balance} left. {effect}",
            "done_pin": "Request #{seq} is pinned for {hours}.",
            "done_extra_request": "You may post one more request today.",
            "done_pass": "Your next request a rule would refuse uses this pass and is posted.",
            "done_custom": "The admins were told to hand it over; watch for their message.",
            "notify": "🎁 {name} bought “{item}” (purchase {id}); please hand it over, or send /refund {id}.",
            "refunded": "Refunded: {name}'s “{item}” (purchase {id}); {price} points returned.",
            "no_refund": "There is no purchase {id} to refund.",
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "items": "商品",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "items": "items",
}

__plugin_meta__ = PluginMeta(
    name="shop",
    title="积分兑换",
    title_en="points shop",
    aliases=("商店", "积分商店", "兑换"),
    labels=LABELS,
    labels_en=LABELS_EN,
    description="积分兑换：用助力值兑换置顶、加次数、免审券或群主设置的奖品（/商店 /兑换）",
    description_en="points shop: spend points on a pin, an extra request, a pass or the owner's rewards (/shop /buy)",
    usage="/商店，/兑换 物品名",
    config=Config,
    default_enabled=True,
    texts=TEXTS,
)


def _find(cfg: Config, name: str) -> Item | None:
    wanted = name.strip().strip("「」“”\"'").casefold()
    return next((i for i in cfg.items if i.name.casefold() == wanted), None)


async def show_shop(inv: Invocation) -> str:
    """/商店: the items, their prices, what is left, and the member's balance."""
    ctx = inv.ctx
    cfg: Config = ctx.config  # type: ignore[assignment]
    if not cfg.items:
        return ctx.t("empty")
    me = inv.event.sender.id
    balance = (await ctx.data.balances([me])).get(me, (0, 0, 0))[0]
    sold = await ctx.data.shop_sold()
    lines = [ctx.t("header", name=await ctx.data.display_name(me), balance=balance)]
    for i in cfg.items:
        what = ctx.t(f"what_{i.effect}", hours=format_duration(i.hours * 3600, ctx.language))
        if i.effect == "custom" and i.note:
            what = i.note
        stock = (
            ctx.t("stock", left=max(0, i.stock - sold.get(i.name, 0)))
            if i.stock is not None
            else ""
        )
        limit = ctx.t("per_member", n=i.per_member) if i.per_member is not None else ""
        lines.append(ctx.t("line", item=i.name, price=i.price, what=what, stock=stock, limit=limit))
    return "\n".join(lines)


async def buy(inv: Invocation) -> Any:
    """/兑换 <物品>: one transaction checks and writes the ``spend`` row, then the effect applies."""
    ctx, ev = inv.ctx, inv.event
    cfg: Config = ctx.config  # type: ignore[assignment]
    item = _find(cfg, inv.args["item"])
    if item is None:
        return ctx.t("unknown", item=inv.args["item"][:16])
    me = ev.sender.id
    name = await ctx.data.display_name(me)
    now = ctx.now()
    request = None
    until = None
    if item.effect == "pin":
        mine = [r for r in await ctx.data.open_requests() if r.requester == me]
        if not mine:
            return ctx.t("no_request", name=name, item=item.name)
        request, until = mine[-1], now + item.hours * 3600
    status, facts = await ctx.data.buy(
        me, item.name, item.price, item.effect, stock=item.stock, limit=item.per_member,
        until=until, request_id=request.id if request else 0, message_id=ev.message_id,
    )  # fmt: skip
    if status == "balance":
        return ctx.t("balance", name=name, item=item.name, **facts)
    if status == "sold_out":
        return ctx.t("sold_out", item=item.name, **facts)
    if status == "limit":
        return ctx.t("limit", name=name, item=item.name, **facts)
    hours = format_duration(item.hours * 3600, ctx.language)
    effect = ctx.t(f"done_{item.effect}", seq=request.seq if request else 0, hours=hours)
    reply = inv.reply(ctx.t("bought", name=name, item=item.name, price=item.price,
                            balance=facts["balance"], effect=effect), mention=True)  # fmt: skip
    if item.effect == "custom":
        return [
            reply,
            NotifyAdmins(ev.group_id, ctx.t("notify", name=name, item=item.name, id=facts["id"])),
        ]
    return reply


async def refund(inv: Invocation) -> str:
    """/退款 <编号> (admins): a compensating ledger row gives the 助力值 back."""
    ctx = inv.ctx
    row = await ctx.data.refund(inv.args["id"], inv.event.sender.id)
    if row is None:
        return ctx.t("no_refund", id=inv.args["id"])
    name = await ctx.data.display_name(row["member"])
    return ctx.t("refunded", name=name, item=row["item"], id=row["id"], price=row["price"])


def _selling(cfg: Config) -> bool:
    """/帮助 lists /商店 and /兑换 only where the shop has something for sale."""
    return bool(cfg.items)


@hookimpl
def register_commands(register: Any) -> None:
    """Add /商店, /兑换 and /退款."""
    register(
        "商店",
        show_shop,
        aliases=("shop",),
        summary="看看能用助力值兑换什么",
        group="query",
        summary_en="what points can buy",
        unlimited=True,
        examples=("/商店",),
        examples_en=("/shop",),
        shown=_selling,
    )
    register(
        "兑换",
        buy,
        aliases=("buy",),
        summary="用助力值兑换一件物品",
        summary_en="buy an item with points",
        group="request",
        args=(Arg("item", "text", label="物品名", label_en="item"),),
        examples=("/兑换 置顶",),
        examples_en=("/buy pin",),
        shown=_selling,
    )
    register("退款", refund, aliases=("refund",), summary="退回一次兑换（补一条退款记录）",
             summary_en="refund a purchase (a compensating ledger row)", permission=Role.ADMIN,
             args=(Arg("id", "int", label="兑换编号", label_en="purchase"),),
             examples=("/退款 3",), examples_en=("/refund 3",))  # fmt: skip
