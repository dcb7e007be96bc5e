"""积分兑换: purchases are ledger rows checked in one transaction; effects; refunds; races."""

from __future__ import annotations

import asyncio
import re

import pytest

from huzhu.core import NotifyAdmins, Role
from huzhu.core.storage import repo
from huzhu.core.storage import requests as store
from huzhu.testing import FakeGroup, make_config, text

LINKS = [f"https://p.pinduoduo.com/Shop{i:04d}" for i in range(20)]
ITEMS = [
    {"name": "抢购", "price": 0, "stock": 3},
    {"name": "置顶", "price": 1, "effect": "pin", "hours": 2},
    {"name": "加一次", "price": 1, "effect": "extra_request", "per_member": 1},
    {"name": "免审", "price": 1, "effect": "pass"},
    {"name": "抱枕", "price": 1, "effect": "custom", "note": "群主寄一个抱枕"},
]
YAML = make_config(
    {"shop": {"items": ITEMS}, "quota": {"per_day": 1, "cooldown": 0},
     "help_before_ask": False, "queue": {"strategy": "fifo"}},
    defaults={"commands": {"rate": 1000, "work_rate": 1000}},
)  # fmt: skip


async def _earn(g: FakeGroup, helper: str, n: int) -> None:
    """``helper`` earns ``n`` 助力值 helping fresh askers."""
    for i in range(n):
        asker = f"qq:{900 + i}"
        posted = text(await g.say(f"/求助 https://p.pinduoduo.com/Earn{helper[-3:]}{i}", by=asker))
        seq = re.search(r"#(\d+)", posted).group(1)
        await g.say(f"/已助 {seq}", by=helper)
        await g.say(f"/确认 {seq}", by=asker)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_fifty_concurrent_purchases_of_three_sell_exactly_three(
    backend, engine_factory, request
):
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    engine = await engine_factory(YAML, database_url=url)
    gid = f"qq:race{backend}"
    g = FakeGroup(engine, gid)
    results = await asyncio.gather(*(g.say("/兑换 抢购", by=f"qq:{100 + i}") for i in range(50)))
    replies = [text(r) for r in results]
    assert sum("✅" in r for r in replies) == 3
    assert sum("已经兑完了（共 3 件）" in r for r in replies) == 47
    rows = await engine.db.read(lambda c: store.ledger_entries(c, gid))
    assert [r["kind"] for r in rows] == ["spend"] * 3
    # one member with 2 助力值 buying 20 times at once gets exactly two
    await _earn(g, "qq:7", 2)
    results = await asyncio.gather(*(g.say("/兑换 免审", by="qq:7") for _ in range(20)))
    assert sum("✅" in text(r) for r in results) == 2
    assert (await engine.context(gid).data.balances(["qq:7"]))["qq:7"][0] == 0
    await engine.close()


async def test_shop_effects_refund_and_me(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    shop = text(await g.say("/商店", by="qq:7", name="小李"))
    assert "小李 的助力值：0" in shop and "「抢购」0 助力值" in shop and "剩 3 件" in shop
    assert "群主寄一个抱枕" in shop and "每人限 1 件" in shop
    assert "你的助力值是 0，「置顶」要 1" in text(await g.say("/兑换 抱枕", by="qq:7")).replace(
        "抱枕", "置顶"
    )
    assert "没有「火箭」这件物品" in text(await g.say("/兑换 火箭", by="qq:7"))
    await _earn(g, "qq:7", 4)
    # 置顶 needs an open request, then puts it first
    assert "先发 /求助" in text(await g.say("/兑换 置顶", by="qq:7"))
    await g.say(f"/求助 {LINKS[0]}", by="qq:8")
    await g.say(f"/求助 {LINKS[1]}", by="qq:7")
    bought = text(await g.say("/兑换 置顶", by="qq:7"))
    assert "花费 1 助力值，余额 3" in bought and "已置顶 2小时" in bought
    queue = text(await g.say("/队列", by="qq:9"))
    assert queue.index(LINKS[1]) < queue.index(LINKS[0])
    clock.advance(2 * 3600 + 1)
    queue = text(await g.say("/队列", by="qq:10"))
    assert queue.index(LINKS[0]) < queue.index(LINKS[1])
    # one extra request today (per_day is 1, and qq:7 posted one), limited to one per member
    assert "每人每天最多 1 个" in text(await g.say(f"/求助 {LINKS[2]}", by="qq:7"))
    assert "今天可以多发一个求助" in text(await g.say("/兑换 加一次", by="qq:7"))
    assert "每人限兑 1 件" in text(await g.say("/兑换 加一次", by="qq:7"))
    assert "#" in text(await g.say(f"/求助 {LINKS[2]}", by="qq:7"))
    # 免审: the next refused request goes through once
    assert "每人每天最多" in text(await g.say(f"/求助 {LINKS[3]}", by="qq:7"))
    await g.say("/兑换 免审", by="qq:7")
    passed = text(await g.say(f"/求助 {LINKS[3]}", by="qq:7"))
    assert "免审券" in passed and "#" in passed
    # the refusal and the pass's use are audited (each in the write that decided it)
    audit = await engine.db.read(lambda c: repo.audit_recent(c, "qq:1", 10))
    assert [(a["action"], a["detail"]["rules"]) for a in audit[:2]] == [
        ("shop:pass_used", ["quota"]),
        ("request_refused", ["quota"]),
    ]
    # custom: the admins are asked to hand it over; a refund is a compensating row
    actions = await g.say("/兑换 抱枕", by="qq:7")
    notice = next(a.text for a in actions if isinstance(a, NotifyAdmins))
    pid = re.search(r"兑换编号 (\d+)", notice).group(1)
    assert "余额 0" in text(actions)
    assert "只有" in text(await g.say(f"/退款 {pid}", by="qq:7")) or "权限" in g.pending()[-1]
    assert "1 助力值已退回" in text(await g.say(f"/退款 {pid}", by="qq:99", role=Role.ADMIN))
    assert "没有可以退款" in text(await g.say(f"/退款 {pid}", by="qq:99", role=Role.ADMIN))
    rows = await engine.db.read(lambda c: store.ledger_entries(c, "qq:1", "qq:7"))
    assert [r["kind"] for r in rows][-5:] == ["spend", "spend", "spend", "spend", "refund"]
    me = text(await g.say("/我的", by="qq:7"))
    assert "助力值：1" in me and "兑换记录：「抱枕」−1（已退款）、「免审」−1" in me


async def test_no_items_by_default(engine_factory):
    engine = await engine_factory(make_config())
    g = FakeGroup(engine, "qq:1")
    said = text(await g.say("/商店"))
    assert "积分商店还没有上架商品，请联系群主" in said and "plugins.yaml" not in said
    en = FakeGroup(await engine_factory(make_config(groups={"qq:2": {"language": "en"}})), "qq:2")
    said = text(await en.say("/shop"))
    assert "ask the group owner" in said and "plugins.yaml" not in said, said
