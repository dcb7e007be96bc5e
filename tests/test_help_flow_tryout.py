"""What a tryout as real members found in the help flow (求助 → 已助 → 确认), one test each.

Core only (no nonebot): the kit's FakeGroup and clock.
"""

from __future__ import annotations

from huzhu.core.storage import requests as store
from huzhu.testing import FakeGroup, make_config, text

PDD = "https://mobile.yangkeduo.com/bargain.html?goods_id={}&share_uin=X"
TB = "https://m.tb.cn/h.{}AbCdEf"
BASE = {"queue": True, "reminder": True, "help_before_ask": False, "quota": False}
LIMITS = {"commands": {"rate": 1000, "work_rate": 1000}}


def config(plugins=None, **defaults) -> str:
    return make_config({**BASE, **(plugins or {})}, defaults={**LIMITS, **defaults})


async def group_of(engine_factory, yaml_text=None, gid="qq:1"):
    engine = await engine_factory(yaml_text or config())
    return engine, FakeGroup(engine, gid)


async def claims_on(engine, seq, gid="qq:1"):
    return await engine.db.read(lambda c: store.pending_on(c, gid, seq))


async def test_a_reply_claim_with_a_link_of_its_own_is_recorded_and_the_link_explained(
    engine_factory,
):
    yaml_text = config(commands={**LIMITS["commands"], "pointer": True})
    engine, g = await group_of(engine_factory, yaml_text)
    posted = text(await g.say(f"/求助 {PDD.format(1)} 帮我砍一刀", by="qq:10", name="小红"))
    said = text(
        await g.say(
            f"已助，顺便帮我也砍一下 {PDD.format(9)}",
            by="qq:20",
            name="小明",
            reply_to="1",
            reply_text=posted,
        )
    )
    assert await claims_on(engine, 1) == ["qq:20"]  # the claim is recorded
    assert "已记录你对 #1 的助力" in said
    # and the member is told how to post their own link (not only pointed to /求助)
    assert "小明：你消息里的拼多多链接没有发布" in said and "/求助" in said
    assert "想让大家帮你助力" not in said  # not the pointer for a bare link instead
    # a plain reply 已助 says nothing of links; a word that merely starts with 已助 claims nothing
    quiet = text(await g.say("已助", by="qq:21", reply_to="1", reply_text=posted))
    assert "已记录" in quiet and "链接没有发布" not in quiet
    await g.say("已助力是什么意思", by="qq:22", reply_to="1", reply_text=posted)
    assert "qq:22" not in await claims_on(engine, 1)


async def test_a_help_waiting_for_confirmation_is_named_in_the_refusal(engine_factory, huzhu_clock):
    yaml_text = config({"help_before_ask": True})
    _, g = await group_of(engine_factory, yaml_text)
    await g.say(f"/求助 {PDD.format(1)}", by="qq:10", name="小红")
    await g.say(f"/求助 {PDD.format(2)}", by="qq:30", name="阿强")  # the first one is free
    huzhu_clock.advance(60)
    await g.say("/已助 1", by="qq:30", name="阿强")
    refused = text(await g.say(f"/求助 {PDD.format(3)}", by="qq:30", name="阿强"))
    assert "你对 #1 的助力在等 小红 确认，确认后即可发布" in refused
    assert "你再助力 1 次即可发布" not in refused and "现在没有可助力的求助" not in refused
    huzhu_clock.advance(60)
    await g.say("/确认 1", by="qq:10")
    huzhu_clock.advance(60)
    assert "📣 求助 #3" in text(await g.say(f"/求助 {PDD.format(3)}", by="qq:30", name="阿强"))


async def test_how_many_helpers_in_words_and_numerals(engine_factory):
    _, g = await group_of(engine_factory)
    two = text(await g.say(f"/求助 {PDD.format(1)} 帮我砍 需要两人", by="qq:10"))
    assert "需要 2 人" in two and "备注：帮我砍" in two and "两人" not in two
    three = text(await g.say(f"/求助 {PDD.format(2)} 差3个人 求大佬", by="qq:11"))
    assert "需要 3 人" in three and "备注：求大佬" in three and "人 求大佬" not in three
    twelve = text(await g.say(f"/求助 {PDD.format(3)} 还差十二位 谢谢", by="qq:12"))
    assert "需要 12 人" in twelve and "备注：谢谢" in twelve
    cuts = text(await g.say(f"/求助 {PDD.format(4)} 帮我砍一刀", by="qq:13"))
    assert "需要 1 人" in cuts and "备注：帮我砍一刀" in cuts  # 砍一刀 is what, not how many
    english = text(await g.say(f"/post {PDD.format(5)} please help 2 people", by="qq:14"))
    assert "需要 2 人" in english and "备注：please help" in english


async def test_several_claims_waiting_are_one_reminder_per_requester(engine_factory, huzhu_clock):
    yaml_text = config({"reminder": {"confirm_after": "30m"}})
    _, g = await group_of(engine_factory, yaml_text)
    await g.say(f"/求助 {PDD.format(1)} 需要3人", by="qq:10", name="小红")
    await g.say(f"/求助 {PDD.format(2)} 需要2人", by="qq:11", name="小兰")
    for helper, name in (("qq:20", "小明"), ("qq:21", "小刚"), ("qq:22", "小李")):
        await g.say("/已助 1", by=helper, name=name)
    await g.say("/已助 2", by="qq:20", name="小明")
    huzhu_clock.advance(1800)
    reminders = [a for a in await g.tick() if "🔔" in getattr(a, "text", "")]
    assert len(reminders) == 2  # one for 小红 (three claims), one for 小兰
    red = next(r for r in reminders if r.mention == ("qq:10",))
    assert "小明、小刚、小李 说已助力你的 #1" in red.text and "/确认 1" in red.text
    huzhu_clock.advance(60)
    assert not [a for a in await g.tick() if "🔔" in getattr(a, "text", "")]


async def test_unknown_commands_point_to_commands_that_work_here(engine_factory):
    engine, g = await group_of(engine_factory)  # the queue is on, its 派单 is off
    menu = text(await g.say("/菜单", by="qq:40"))
    assert "你是不是想用 /帮助？" in menu and "/接单" not in menu
    for i, word in enumerate(("助力值", "积分", "余额")):
        assert "你是不是想用 /我的？" in text(await g.say(f"/{word}", by=f"qq:5{i}"))
    assert "📣 求助 #1" in text(await g.say(f"/砍价 {PDD.format(1)}", by="qq:10"))
    assert "📣 求助 #2" in text(await g.say(f"/发布 {PDD.format(2)}", by="qq:11"))
    assert "已记录你对 #1 的助力" in text(await g.say("/已砍 1", by="qq:20"))
    assert await claims_on(engine, 1) == ["qq:20"]


async def test_expiry_reminder_reads_naturally(engine_factory, huzhu_clock):
    yaml_text = config({"reminder": {"expiring_before": "1h"}})
    engine, g = await group_of(engine_factory, yaml_text)
    await g.say(f"/求助 {TB.format(1)}", by="qq:10")
    request = (await engine.db.read(lambda c: store.open_requests(c, "qq:1")))[0]
    huzhu_clock.advance(request.expires_at - 54 * 60 - huzhu_clock.time())
    (reminder,) = [a for a in await g.tick() if "⏰" in getattr(a, "text", "")]
    assert reminder.text == "⏰ 求助 #1（淘宝·其他）还有 54分钟 就到期了，还差 1 人助力。"


async def test_refusals_say_whom_they_are_for(engine_factory):
    _, g = await group_of(engine_factory)
    await g.say(f"/求助 {PDD.format(1)} 需要2人", by="qq:10", name="小红")
    await g.say("/已助 1", by="qq:20", name="小明")
    assert "小明，你已经报过 #1 的已助了" in text(await g.say("/已助 1", by="qq:20", name="小明"))
    assert "小明，用法：/已助 求助编号，例如 /已助 12" in text(
        await g.say("/已助", by="qq:20", name="小明")
    )
    assert "小明，#1 不是你发的求助" in text(await g.say("/确认 1", by="qq:20", name="小明"))


async def test_english_group_texts(engine_factory, huzhu_clock):
    yaml_text = config(
        {"help_before_ask": True, "quota": {"per_day": 0, "cooldown": "10m"}}, language="en"
    )
    _, g = await group_of(engine_factory, yaml_text)
    posted = text(await g.say(f"/post {PDD.format(1)}", by="qq:10", name="Amy"))
    assert "or reply done to this message" in posted and "已助" not in posted
    assert "recorded" in text(await g.say("done", by="qq:20", reply_to="1", reply_text=posted))
    await g.say(f"/post {PDD.format(2)}", by="qq:30", name="Bob")  # the first one is free
    huzhu_clock.advance(140)
    refused = text(await g.say(f"/post {PDD.format(3)}", by="qq:30", name="Bob"))
    assert "7m 40s; Help before you ask" in refused and "；" not in refused
    assert "needs 1 help first; help 1 more time and" in refused and "(s)" not in refused
    appeal = text(await g.say("/appeal", by="qq:30", name="Bob"))
    assert "Bob, to appeal, write after /appeal which penalty you think is wrong and why" in appeal
