"""Issue 16.13: 助力值 cannot be inflated — closed requests, re-posted links, pending caps, first helps."""

from __future__ import annotations

from huzhu.core.storage import requests as store
from huzhu.testing import FakeGroup, text

YAML = """
defaults:
  commands: {{rate: 1000}}
  requests: {{auto_confirm: 2h{extra}}}
  plugins: {{reminder: false, help_before_ask: false, quota: false}}
"""
LINK = "https://mobile.yangkeduo.com/bargain.html?goods_id={}&share_uin=X"


async def _group(engine_factory, extra: str = "") -> tuple[object, FakeGroup]:
    engine = await engine_factory(YAML.format(extra=extra))
    return engine, FakeGroup(engine, "qq:1")


async def _trust(g: FakeGroup, helpers: list[str]) -> None:
    """Give each helper one help that its requester confirmed by hand."""
    for i, helper in enumerate(helpers):
        out = text(await g.say(f"/求助 https://p.pinduoduo.com/Warm{i:04d}", by="qq:900"))
        seq = int(out.split("#", 1)[1].split("｜", 1)[0])
        await g.say(f"/已助 {seq}", by=helper)
        assert "已完成" in text(await g.say(f"/确认 {seq}", by="qq:900"))


async def _balance(engine, member: str) -> int:
    rows = await engine.db.read(lambda c: store.balances(c, "qq:1", [member]))
    return rows.get(member, (0, 0, 0))[0]


async def test_auto_confirm_never_credits_a_done_request(engine_factory, clock):
    engine, g = await _group(engine_factory)
    await _trust(g, ["qq:20", "qq:21", "qq:22"])
    await g.say(f"/求助 {LINK.format(1)}", by="qq:10", name="小红")  # needs one helper: #4
    for helper in ("qq:20", "qq:21", "qq:22"):
        await g.say("/已助 4", by=helper)
    assert "#4 已完成" in text(await g.say("/确认 4 qq:20", by="qq:10"))
    clock.advance(3 * 3600)
    digest = text(await g.tick())
    assert "自动确认" not in digest
    assert await _balance(engine, "qq:10") == -1  # not −3
    claims = await engine.db.read(lambda c: store.claims_of(c, "qq:1", 4))
    assert [c.status for c in claims] == ["confirmed", "pending", "pending"]
    # the requester may still vouch for extra help by hand: that counts
    assert "小红 已确认你对 #4 的助力" in text(
        await g.say("/确认 4 qq:21", by="qq:10", name="小红")
    )
    assert await _balance(engine, "qq:10") == -2


async def test_auto_confirm_never_credits_an_expired_request(engine_factory, clock):
    engine, g = await _group(engine_factory, ", expiry: {砍价: 1h}")
    await _trust(g, ["qq:20"])
    await g.say(f"/求助 {LINK.format(2)}", by="qq:10", name="小红")
    await g.say("/已助 2", by="qq:20")
    clock.advance(3600)
    expired = text(await g.tick())
    assert "以下求助已到期关闭：#2（小红，0/1）" in expired
    assert "#2 还有 1 条助力待确认，到期后不再自动确认，属实请求助者发 /确认 2" in expired
    clock.advance(2 * 3600)
    assert "自动确认" not in text(await g.tick())
    assert await _balance(engine, "qq:10") == 0


async def test_same_helper_same_link_reposted_is_refused(engine_factory, clock):
    engine, g = await _group(engine_factory)
    await g.say(f"/求助 {LINK.format(3)}", by="qq:10")
    await g.say("/已助 1", by="qq:20")
    await g.say("/确认 1", by="qq:10")
    clock.advance(3600)
    # the same link posted again (tracking parameters differ): a new number, the same activity
    reposted = text(await g.say(f"/求助 {LINK.format(3)}&refer_share_id=zz", by="qq:10"))
    assert "#2" in reposted
    refused = text(await g.say("/已助 2", by="qq:20"))
    assert (
        "你在 1小时前已为同一个链接报过助力（#1），同一链接 1天内只记一次，#2 不再记录" in refused
    )
    assert "已记录" in text(await g.say("/已助 2", by="qq:21"))  # someone else may help
    assert await _balance(engine, "qq:20") == 1
    # past the platform's window the same helper may help the same link again
    await g.say("/完成 2", by="qq:10")
    clock.advance(24 * 3600)
    await g.say(f"/求助 {LINK.format(3)}", by="qq:10")
    assert "已记录你对 #3 的助力" in text(await g.say("/已助 3", by="qq:20"))


async def test_pending_claims_are_capped(engine_factory):
    engine, g = await _group(engine_factory, ", max_pending_claims: 5")
    for i in range(7):
        await g.say(f"/求助 {LINK.format(100 + i)}", by=f"qq:{10 + i}")
    for seq in range(1, 6):
        assert "已记录你对" in text(await g.say(f"/已助 {seq}", by="qq:50"))
    capped = text(await g.say("/已助 6", by="qq:50"))
    assert "你已有 5 条助力在等求助者确认（#1、#2、#3、#4、#5），等他们确认后再发 /已助 6" in capped
    claims = await engine.db.read(lambda c: store.claims_of(c, "qq:1", 6))
    assert claims == []
    await g.say("/确认 1", by="qq:10")  # one confirmed: room for another
    assert "已记录你对 #6 的助力" in text(await g.say("/已助 6", by="qq:50"))
    # claims left waiting on a closed request do not hold the helper back
    await g.say("/取消 2", by="qq:11")
    assert "已记录你对 #7 的助力" in text(await g.say("/已助 7", by="qq:50"))


async def test_first_help_is_confirmed_by_the_requester_not_by_the_clock(engine_factory, clock):
    engine, g = await _group(engine_factory)
    await g.say(f"/求助 {LINK.format(4)}", by="qq:10", name="小红")
    first = text(await g.say("/已助 1", by="qq:20", name="成员B"))
    assert "你的首次助力需要求助者确认" in first and "自动确认" not in first
    clock.advance(5 * 3600)
    assert "自动确认" not in text(await g.tick())
    assert await _balance(engine, "qq:20") == 0
    assert "小红 已确认你对 #1 的助力" in text(await g.say("/确认 1", by="qq:10", name="小红"))
    # with help confirmed by hand on record, the next claim is confirmed automatically
    await g.say(f"/求助 {LINK.format(5)}", by="qq:11", name="阿强")
    assert "2小时内无人否认将自动确认" in text(await g.say("/已助 2", by="qq:20", name="成员B"))
    clock.advance(2 * 3600 + 61)
    assert "#2 成员B（帮 阿强）" in text(await g.tick())
    assert await _balance(engine, "qq:20") == 2


async def test_first_help_rule_can_be_turned_off(engine_factory, clock):
    engine, g = await _group(engine_factory, ", auto_confirm_min_helps: 0")
    await g.say(f"/求助 {LINK.format(6)}", by="qq:10")
    assert "2小时内无人否认将自动确认" in text(await g.say("/已助 1", by="qq:20"))
    clock.advance(2 * 3600 + 61)
    assert "已自动确认" in text(await g.tick())
    assert await _balance(engine, "qq:20") == 1


async def test_a_denial_takes_auto_confirm_away_until_a_requester_confirms_again(
    engine_factory, clock
):
    engine, g = await _group(engine_factory)
    await _trust(g, ["qq:20"])
    for i in range(3):
        await g.say(f"/求助 {LINK.format(200 + i)}", by=f"qq:{10 + i}")  # #2, #3, #4
    await g.say("/已助 2", by="qq:20")
    await g.say("/否认 2", by="qq:10", mentions=["qq:20"])
    clock.advance(1)
    after = text(await g.say("/已助 3", by="qq:20"))
    assert "你有助力被否认过，之后的助力需要求助者确认" in after and "自动确认。" not in after
    clock.advance(3 * 3600)
    assert "自动确认" not in text(await g.tick())
    assert await _balance(engine, "qq:20") == 1  # only the warm-up help
    await g.say("/确认 3", by="qq:11")  # a requester vouches again: trust is back
    clock.advance(1)
    assert "2小时内无人否认将自动确认" in text(await g.say("/已助 4", by="qq:20"))
