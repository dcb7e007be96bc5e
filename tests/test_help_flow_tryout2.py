"""The second members' tryout of the help flow (求助 → 已助), one test per defect found.

Core only (no nonebot): the kit's FakeGroup and clock.
"""

from __future__ import annotations

import pytest

from huzhu.core.storage import requests as store
from huzhu.testing import FakeGroup, make_config, text

PDD = "https://mobile.yangkeduo.com/bargain_card.html?goods_id={}"
BASE = {"queue": True, "reminder": True, "help_before_ask": False, "quota": False}
LIMITS = {"commands": {"rate": 1000, "work_rate": 1000}}


def config(plugins=None, **defaults) -> str:
    return make_config({**BASE, **(plugins or {})}, defaults={**LIMITS, **defaults})


async def claims_on(engine, seq, gid):
    return sorted(await engine.db.read(lambda c: store.pending_on(c, gid, seq)))


@pytest.mark.parametrize(
    ("gid", "post", "words", "chat"),
    [
        ("qq:1", "/求助", ["已助了", "砍了", "已助力", "帮了！"], "好的"),
        ("tg:-100", "/post", ["done", "helped", "Done!", "I helped"], "ok thanks"),
    ],
)
async def test_natural_reply_words_claim_on_the_announcement_and_the_request_message(
    engine_factory, gid, post, words, chat
):
    engine = await engine_factory(config())
    g = FakeGroup(engine, gid)
    announced = text(await g.say(f"{post} {PDD.format(1)} 需要9人", by="u0", name="小红"))
    request_message = g.last_id
    for k, word in enumerate(words):
        said = text(await g.say(word, by=f"u{k + 1}", name=f"m{k + 1}", reply_to="999",
                                reply_text=announced, reply_author="bot"))  # fmt: skip
        assert "#1" in said, word
    # 「已助」 replied to the requester's own /求助 message (no #1 in it) claims #1 too
    said = text(await g.say(words[0], by="u8", name="m8", reply_to=request_message))
    assert "#1" in said
    assert await claims_on(engine, 1, gid) == sorted(f"u{k}" for k in (1, 2, 3, 4, 8))
    # a plain chat reply is no claim, nor a colloquial word with a number outside a reply
    assert text(await g.say(chat, by="u9", name="m9", reply_to=request_message)) == ""
    await g.say(f"{words[-1]} 1", by="u9", name="m9")
    assert "u9" not in await claims_on(engine, 1, gid)


async def test_a_taobao_share_text_posts_its_code_with_a_clean_note(engine_factory):
    engine = await engine_factory(config())
    g = FakeGroup(engine, "qq:1")
    share = "8￥AbCd1234XyZ￥/ https://m.tb.cn/h.5RkYqwe 复制打开淘宝，帮我助力领红包"
    said = text(await g.say(f"/求助 {share}", by="u1", name="小明"))
    assert "备注：帮我助力领红包\n" in said  # no 8, no /, no link, no 复制打开淘宝
    assert "￥AbCd1234XyZ￥" in said.split("备注")[0]  # the 口令 is the request's
    assert "m.tb.cn" not in said  # the link beside it is the same share: not in the note
    assert "淘宝·助力" in said  # 领红包 is what the sharer gets: the member asks for 助力
    req = await engine.db.read(lambda c: store.get(c, "qq:1", 1))
    assert (req.link, req.note, req.activity) == ("￥AbCd1234XyZ￥", "帮我助力领红包", "助力")
    # the same share posted again is the same request
    again = text(await g.say(f"/求助 {share}", by="u1", name="小明"))
    assert "#1" in again and "#2" not in again


DISPATCH = """
defaults:
  commands: {rate: 1000, work_rate: 1000}
  plugins:
    queue: {dispatch: {enabled: true}}
    reminder: true
"""


async def test_where_answers_go_privately_the_expiry_reminder_does_too(engine_factory, clock):
    from huzhu.core import PrivateMessage, Reply

    engine = await engine_factory(DISPATCH)
    g = FakeGroup(engine, "qq:1")
    clock.set("2026-03-02 10:00")
    await g.say(f"/求助 {PDD.format(1)} 需要3人", by="qq:10", name="小红")
    req = await engine.db.read(lambda c: store.get(c, "qq:1", 1))
    clock.advance(int(req.expires_at - 1800 - clock.time()))
    said = []
    for _ in range(4):
        said += await g.tick()
        clock.advance("5m")
    expiring = [a for a in said if "就到期了" in getattr(a, "text", "")]
    assert expiring and all(isinstance(a, PrivateMessage) for a in expiring)
    assert {a.user_id for a in expiring} == {"qq:10"}
    assert not [a for a in said if isinstance(a, Reply) and "就到期了" in a.text]


async def test_private_answers_do_not_address_the_member_by_name(engine_factory, clock):
    from huzhu.core import Member, PrivateMessage

    engine = await engine_factory(DISPATCH)
    g = FakeGroup(engine, "qq:1")
    await g.say("在", by="qq:20", name="小明")
    await g.say(f"/求助 {PDD.format(1)} 需要3人", by="qq:10", name="小红")
    told = [a for a in await g.say("/已助 1", by="qq:20", name="小明")
            if isinstance(a, PrivateMessage) and a.user_id == "qq:20"]  # fmt: skip
    assert told and told[0].text.startswith("已记录你对 #1 的助力")
    await g.say("在", by="qq:21", name="阿强")
    told = await engine.handle_private(Member("qq:21", "阿强"), "/已助 1")
    mine = [a.text for a in told if isinstance(a, PrivateMessage) and a.user_id == "qq:21"]
    assert mine and mine[0].startswith("已记录你对 #1") and "阿强：" not in mine[0]
    # the requester's ⌛ at expiry, privately: no 「小红，」 either
    clock.advance("3d")
    closed = [a.text for a in await g.tick() if isinstance(a, PrivateMessage) and "⌛" in a.text]
    assert closed and all("小红" not in t for t in closed)


async def test_small_things_of_the_help_flow(engine_factory, clock):
    yaml_text = config({"quota": True}, commands={**LIMITS["commands"], "pointer": True})
    engine = await engine_factory(yaml_text)
    g = FakeGroup(engine, "qq:1")
    await g.say(f"/求助 {PDD.format(1)} 需要3人", by="qq:10", name="小红")
    await g.say(f"/求助 {PDD.format(2)}", by="qq:11", name="小明")
    # /已助3 is /已助 3's number written against it
    assert "#2" in text(await g.say("/已助2", by="qq:20", name="老王"))
    assert "qq:20" in await claims_on(engine, 2, "qq:1")
    # /取消 alone with one open request: which one, not the usage
    assert text(await g.say("/取消", by="qq:11", name="小明")).endswith("你的 #2？发 /取消 2")
    # /完成 alone the same: asked, not done
    assert text(await g.say("/完成", by="qq:11", name="小明")).endswith(
        "你的 #2 完成了？发 /完成 2"
    )
    assert (await engine.db.read(lambda c: store.get(c, "qq:1", 2))).status == "open"
    # the same link again while open: its number, not a quota's cooldown
    clock.advance(60)
    again = text(await g.say(f"/求助 {PDD.format(1)} 需要3人", by="qq:10", name="小红"))
    assert "已在队列中：#1" in again and "间隔" not in again
    # a shop's promotion with a 拼多多 page is not pointed to /求助; a share link is
    promo = "【拼多多】双十二狂欢，全场5折起，爆款直降 https://mobile.yangkeduo.com/promotion.html 退订回T"
    assert "想让大家帮你助力" not in text(await g.say(promo, by="qq:12", name="阿强"))
    share = "https://mobile.yangkeduo.com/pincard_ask.html?goods_id=999 帮我砍一刀"
    assert "想让大家帮你助力" in text(await g.say(share, by="qq:13", name="小李"))


async def test_a_jd_note_is_only_the_members_words_and_appeals_say_where_the_answer_goes(
    engine_factory,
):
    from huzhu.core.texts import TEXTS

    engine = await engine_factory(config())
    g = FakeGroup(engine, "qq:1")
    said = text(
        await g.say("/求助 【京东】￥AbCdEf12345￥ 复制打开京东APP，帮我  助力赢大奖", by="qq:1")
    )
    assert "备注：帮我 助力赢大奖\n" in said
    assert "群里" in TEXTS.get("zh", "appeal_received", id=1)
    assert "in the group" in TEXTS.get("en", "appeal_received", id=1)
