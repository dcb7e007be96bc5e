"""The rule plugins at their boundaries: help_before_ask, quota, flood and content."""

from __future__ import annotations

import itertools

import pytest

from huzhu.core import DeleteMessage, Member, MessageEvent, Mute, NotifyAdmins, Role, Severity
from huzhu.core.storage import repo
from huzhu.plugins.anti_scam.warning_frame import frame, warns
from huzhu.testing import FakeGroup, of_type, text

_goods = itertools.count(1)


def link() -> str:
    return f"帮我砍一刀 https://mobile.yangkeduo.com/bargain.html?goods_id={next(_goods)}"


def posted(actions) -> bool:
    return "📣 求助 #" in text(actions) or "📣 Request #" in text(actions)


async def post(g: FakeGroup, by: str, body: str | None = None):
    return await g.say(f"/求助 {body or link()}", by=by)


async def help_once(g: FakeGroup, helper: str, requester: str) -> None:
    """``requester`` posts (if needed) and ``helper`` helps; the requester confirms."""
    actions = await g.say(f"/求助 {link()}", by=requester, role=Role.ADMIN)  # admins are exempt
    seq = int(text(actions).split("#", 1)[1].split("｜", 1)[0])
    await g.say(f"/已助 {seq}", by=helper)
    await g.say(f"/确认 {seq}", by=requester, role=Role.ADMIN)


BASE = """
defaults:
  commands: {rate: 1000}
  requests: {max_open: 50, auto_confirm: never}
  plugins:
    content: false
    flood: false
"""


# ---------------------------------------------------------------- help_before_ask
@pytest.mark.parametrize(("helps", "ok"), [(1, False), (2, True)])
async def test_per_request_needs_exactly_n_helps(engine_factory, clock, helps, ok):
    yaml_text = BASE + "    help_before_ask: {require: per_request, amount: 2}\n"
    engine = await engine_factory(yaml_text)
    g = FakeGroup(engine, "qq:1")
    assert posted(await post(g, "qq:7"))  # the first request is free
    for i in range(helps):
        clock.advance(1)
        await help_once(g, "qq:7", f"qq:{100 + i}")
    await g.say(f"/求助 {link()}", by="qq:200", role=Role.ADMIN)  # open, to be suggested
    actions = await post(g, "qq:7")
    assert posted(actions) is ok
    if not ok:
        reply = text(actions)
        assert "求助未发布" in reply and "你再助力 1 次即可发布" in reply
        assert "可以先帮这些" in reply and "#" in reply and "砍价" in reply


async def test_per_request_counts_only_helps_since_the_last_request(engine_factory, clock):
    yaml_text = BASE + "    help_before_ask: {require: per_request, amount: 1}\n"
    engine = await engine_factory(yaml_text)
    g = FakeGroup(engine, "qq:1")
    await help_once(g, "qq:7", "qq:100")
    clock.advance(1)
    assert posted(await post(g, "qq:7"))  # free (first)
    clock.advance(1)
    assert not posted(await post(g, "qq:7"))  # the help before the first request is used up
    clock.advance(1)
    await help_once(g, "qq:7", "qq:101")
    assert posted(await post(g, "qq:7"))


@pytest.mark.parametrize(("helps", "ok"), [(2, False), (3, True)])
async def test_total_helps(engine_factory, helps, ok):
    yaml_text = BASE + "    help_before_ask: {require: helps, amount: 3, free_requests: 0}\n"
    engine = await engine_factory(yaml_text)
    g = FakeGroup(engine, "qq:1")
    for i in range(helps):
        await help_once(g, "qq:7", f"qq:{100 + i}")
    actions = await post(g, "qq:7")
    assert posted(actions) is ok
    if not ok:
        assert "累计助力 3 次后才能求助，你再助力 1 次即可发布" in text(actions)


async def test_balance_and_no_grace(engine_factory):
    yaml_text = (
        BASE + "    help_before_ask: {require: balance, amount: 1, free_requests: 0, suggest: 0}\n"
    )
    engine = await engine_factory(yaml_text)
    g = FakeGroup(engine, "qq:1")
    reply = text(await post(g, "qq:7"))
    assert "助力值需达到 1 才能求助（当前 0，还差 1）" in reply and "可以先帮" not in reply
    await help_once(g, "qq:7", "qq:100")
    assert posted(await post(g, "qq:7"))
    en = FakeGroup(await engine_factory(yaml_text + 'groups:\n  "qq:2": {language: en}\n'), "qq:2")
    reply = text(await post(en, "qq:8"))
    assert "your help balance must reach 1" in reply and "助力值" not in reply, reply


async def test_refusal_when_nothing_is_open_and_in_english(engine_factory):
    yaml_text = (
        BASE + '    help_before_ask: {free_requests: 0}\ngroups:\n  "qq:2": {language: en}\n'
    )
    engine = await engine_factory(yaml_text)
    assert "现在没有可助力的求助" in text(await post(FakeGroup(engine, "qq:1"), "qq:7"))
    reply = text(await post(FakeGroup(engine, "qq:2"), "qq:7"))
    assert (
        "Request not posted: Help before you ask: each request needs 1 help first; help 1 more time"
        in reply
    )


async def test_suggestions_skip_own_and_already_claimed(engine_factory):
    yaml_text = BASE + "    help_before_ask: {free_requests: 0}\n"
    engine = await engine_factory(yaml_text)
    g = FakeGroup(engine, "qq:1")
    await g.say(f"/求助 {link()}", by="qq:100", role=Role.ADMIN)  # #1
    await g.say(f"/求助 {link()}", by="qq:101", role=Role.ADMIN)  # #2
    await g.say(f"/求助 {link()}", by="qq:7", role=Role.ADMIN)  # #3, qq:7's own
    await g.say("/已助 1", by="qq:7")  # claimed, not yet confirmed
    reply = text(await post(g, "qq:7"))
    assert "#2 拼多多·砍价（还差 1 人）" in reply
    assert "#1 拼多多" not in reply and "#3 " not in reply
    # the claim waiting for confirmation is named as such, not suggested
    assert "你对 #1 的助力在等 qq:100 确认，确认后即可发布" in reply


# ---------------------------------------------------------------- quota
QUOTA = BASE + "    quota: {per_day: 2, cooldown: 10m, per_week: 3}\n"


async def test_per_day_limit_and_local_midnight(engine_factory, clock):
    engine = await engine_factory(QUOTA)
    g = FakeGroup(engine, "qq:1")
    # the manual clock starts at 2026-01-01 08:00 in Asia/Shanghai
    assert posted(await post(g, "qq:7"))
    clock.advance(600)
    assert posted(await post(g, "qq:7"))  # exactly the limit
    clock.advance(600)
    reply = text(await post(g, "qq:7"))
    assert "今天已发布 2 个求助，每人每天最多 2 个" in reply
    clock.advance(16 * 3600 - 1200 - 1)  # 23:59:59 local
    assert not posted(await post(g, "qq:7"))
    clock.advance(1)  # local midnight: a new day (UTC is still the old one)
    assert posted(await post(g, "qq:7"))
    clock.advance(600)
    assert "本周已发布 3 个求助" in text(await post(g, "qq:7"))


async def test_cooldown_exact_boundary(engine_factory, clock):
    engine = await engine_factory(QUOTA)
    g = FakeGroup(engine, "qq:1")
    assert posted(await post(g, "qq:7"))
    clock.advance(599)
    assert "请1秒后再发。" in text(await post(g, "qq:7"))
    clock.advance(1)
    assert posted(await post(g, "qq:7"))


async def test_max_open_and_admin_exemption(engine_factory):
    engine = await engine_factory(BASE + "    quota: {max_open: 1, per_day: 0, cooldown: 0}\n")
    g = FakeGroup(engine, "qq:1")
    assert posted(await post(g, "qq:7"))
    assert "你已有 1 个进行中的求助（最多 1 个）" in text(await post(g, "qq:7"))
    assert posted(await g.say(f"/求助 {link()}", by="qq:8", role=Role.ADMIN))
    assert posted(await g.say(f"/求助 {link()}", by="qq:8", role=Role.ADMIN))


async def test_quota_in_another_time_zone(engine_factory, clock):
    yaml_text = QUOTA.replace("defaults:\n", "defaults:\n  timezone: America/New_York\n")
    engine = await engine_factory(yaml_text)
    g = FakeGroup(engine, "qq:1")
    # 2026-01-01 00:00 UTC is 19:00 on Dec 31 in New York: midnight there is 5 hours away
    await post(g, "qq:7")
    clock.advance(600)
    await post(g, "qq:7")
    clock.advance(5 * 3600 - 600)
    assert posted(await post(g, "qq:7"))


# ---------------------------------------------------------------- flood
FLOOD = """
defaults:
  commands: {rate: 1000, pointer: false}
  plugins:
    content: false
    anti_scam: false
    flood: {messages: 5, window: 60s, repeats: 3, links: 3, link_window: 2m}
"""


async def test_message_rate_boundary_and_one_strike_per_burst(engine_factory, clock):
    engine = await engine_factory(FLOOD)
    g = FakeGroup(engine, "qq:1")
    for said in ["早上好", "今天砍价的人好多", "我先去帮几个", "刚才那个链接打不开", "换一个试试"]:
        assert not await g.say(said, by="qq:7")  # five: exactly the limit
        clock.advance(1)
    sixth = await g.say("第六句", by="qq:7")
    assert of_type(sixth, DeleteMessage) and "60秒" not in text(sixth)
    assert "1分钟内发了 6 条消息（上限 5 条）" in text(sixth)
    for _ in range(10):  # the rest of the burst goes, without more strikes
        clock.advance(1)
        assert of_type(await g.say("还在说", by="qq:7"), DeleteMessage)
    strikes = await engine.db.read(lambda c: repo.active_strikes(c, "qq:1", "qq:7", 0))
    assert strikes == 1
    clock.advance(60)
    assert not await g.say("好了", by="qq:7")
    assert not await g.say("别人不受影响", by="qq:8")


async def test_repeated_and_near_identical_messages(engine_factory, clock):
    engine = await engine_factory(FLOOD)
    g = FakeGroup(engine, "qq:1")
    assert not await g.say("快来帮我砍一刀吧求求了", by="qq:7")
    clock.advance(20)
    assert not await g.say("快来帮我砍一刀吧 求求了！", by="qq:7")
    clock.advance(20)
    third = await g.say("快来帮我砍一刀吧求求了!!", by="qq:7")
    assert "请不要重复发送相同的内容" in text(third) and of_type(third, DeleteMessage)


async def test_short_chatter_and_commands_are_not_repeats(engine_factory, clock):
    engine = await engine_factory(FLOOD)
    g = FakeGroup(engine, "qq:1")
    for i in range(4):
        assert not of_type(await g.say("已助", by="qq:7", reply_to=str(i)), DeleteMessage)
        clock.advance(20)
    for _ in range(4):
        assert not of_type(await g.say("/排行", by="qq:8"), DeleteMessage)
        clock.advance(20)


async def test_bursts_of_links(engine_factory, clock):
    engine = await engine_factory(FLOOD)
    g = FakeGroup(engine, "qq:1")
    assert not await g.say("看这个 www.a-shop.top 和 b-shop.xyz", by="qq:7")
    clock.advance(10)
    assert not await g.say(link(), by="qq:7")
    clock.advance(10)
    actions = await g.say("还有 http://c.example/x", by="qq:7")
    assert "个链接（上限 3 个）" in text(actions)


async def test_repeated_bursts_climb_the_ladder(engine_factory, clock):
    engine = await engine_factory(FLOOD)
    g = FakeGroup(engine, "qq:1")
    mutes = []
    for _burst in range(3):
        for i in range(7):
            mutes += of_type(await g.say(f"刷屏 {i} {_burst}", by="qq:7"), Mute)
        clock.advance(61)
    assert [m.seconds for m in mutes] == [600]  # warn, delete, then mute 10 min


# ---------------------------------------------------------------- content
SHARE_TEXTS = [
    "【淘宝】假一赔四 https://m.tb.cn/h.5ZxYzAb?tk=abcd CZ0001 「夏季新款连衣裙」点击链接直接打开 或者 淘宝搜索直接打开",
    "8￥AbCdEfGh123￥/ 复制这段描述，打开手机淘宝，帮我助力一下",
    "【京东】https://u.jd.com/AbCdEfG 京东红包，快来帮我助力领现金！",
    "20:/！AbCd1234EfGh！ 快来和我一起瓜分红包",
    "https://mobile.yangkeduo.com/bargain.html?goods_id=123456789012&share_uin=XYZ 帮我砍一刀，还差 2 刀！",
    "#小程序://拼多多/AbCdEf12 帮我点一下，谢谢老铁",
    "拼多多 砍价免费拿 p.pinduoduo.com/AbCdEf 帮砍一下",
]
CHATTER = [
    "已助",
    "谢谢",
    "已助 #3 谢谢大家",
    "好的👌",
    "帮了，互助一下我的",
    "早上好",
    "1",
    "收到～",
    "在吗",
]


async def test_share_texts_and_chatter_pass_the_default_word_list(engine_factory):
    engine = await engine_factory(
        "defaults:\n  commands: {rate: 1000, pointer: false}\n  plugins: {content: {}}\n"
    )
    g = FakeGroup(engine, "qq:1")
    for i, message in enumerate(SHARE_TEXTS + CHATTER):
        assert await g.say(message, by=f"qq:{i}") == [], message
    assert of_type(await g.say("兼职日结，加微信", by="qq:99"), DeleteMessage)
    # the owner's announcement names the words to forbid them: it stays
    notice = "群公告：本群只做拼多多砍价助力，禁止发广告、刷单、加微信，违者踢出。"
    assert await g.say(notice, by="qq:98", role=Role.OWNER) == []
    # a member repeating the rules is not removed either, nor the admins bothered
    assert await g.say(notice, by="qq:97") == []
    # a member warning others names a word: it passes (no contact given, nothing asked)
    story = "刚接到个电话说我快递丢了要理赔，让我加微信，我直接挂了，大家小心"
    assert await g.say(story, by="qq:96") == []
    # a "warning" that leaves a contact: content asks the admins (anti_scam reads the pitch)
    from huzhu.plugins import content

    event = MessageEvent("qq:1", Member("qq:95"), story + "，有问题私聊我 vx: abc12345")
    [verdict] = content.check_message(engine.context("qq:1", "content"), event)
    assert verdict.severity == Severity.REVIEW and not verdict.remove
    assert "提醒大家防骗" in verdict.reason
    # a "warning" that gives a way to reach the poster is no warning: it is removed
    pitch = "大家小心刷单骗子！想做正规兼职的加微信 zhuanqian888 找我"
    assert warns(pitch) is None and frame(pitch).strength == "strong"
    assert of_type(await g.say(pitch, by="qq:95"), DeleteMessage)


async def test_a_warning_that_gives_a_way_to_reach_the_poster_is_reviewed(engine_factory):
    # content alone (anti_scam off): the word in a warning's words with a channel is not
    # removed for the word, the admins are asked; the same warning without the channel stays
    engine = await engine_factory(
        "defaults:\n  commands: {rate: 1000, pointer: false}\n"
        "  plugins: {content: {}, anti_scam: false, flood: false}\n"
    )
    g = FakeGroup(engine, "qq:1")
    out = await g.say("大家小心刷单骗子！想做正规兼职的加微信 zhuanqian888 找我", by="qq:5")
    assert [type(a) for a in out] == [NotifyAdmins] and "提醒大家防骗" in out[0].text
    assert await g.say("大家小心刷单骗子！有人私聊让我加微信，我直接拉黑了", by="qq:6") == []


async def test_links_only_inside_requests(engine_factory):
    yaml_text = (
        "defaults:\n  plugins:\n    flood: false\n    content: {links_only_in_requests: true}\n"
    )
    engine = await engine_factory(yaml_text)
    g = FakeGroup(engine, "qq:1")
    actions = await g.say(SHARE_TEXTS[4], by="qq:7")
    assert of_type(actions, DeleteMessage) and "/求助" in text(actions)
    assert of_type(await g.say("看 www.a-shop.top", by="qq:8"), DeleteMessage)
    assert posted(await g.say(f"/求助 {SHARE_TEXTS[4]}", by="qq:9"))
    for message in CHATTER:
        assert await g.say(message, by="qq:10") == []


async def test_allowed_platforms_in_chat_and_in_requests(engine_factory):
    yaml_text = (
        "defaults:\n  commands: {pointer: false}\n  plugins:\n"
        "    flood: false\n    content: {platforms: [拼多多]}\n"
    )
    engine = await engine_factory(yaml_text)
    g = FakeGroup(engine, "qq:1")
    chat = await g.say(SHARE_TEXTS[2], by="qq:7")
    assert "本群只接受拼多多的链接，京东的请发到对应的群" in text(chat) and of_type(
        chat, DeleteMessage
    )
    refused = await g.say(f"/求助 {SHARE_TEXTS[0]}", by="qq:8")
    assert "求助未发布" in text(refused) and "淘宝" in text(refused)
    assert posted(await g.say(f"/求助 {SHARE_TEXTS[4]}", by="qq:9"))
    assert await g.say(SHARE_TEXTS[5], by="qq:10") == []
