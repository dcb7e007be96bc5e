"""How moderation reads a message and what it says about it (a tryout's findings).

An admin's command is not chat; a harmless sentence that names a listed word is no ad;
/举报 names whose message it is; /申诉 is about the latest strike, not a later removal that
counted nothing; a muted member is told how to appeal in a way that works; an ad breaking
several rules is explained in one clear reason plus one short extra, without privacy advice.
"""

from __future__ import annotations

from huzhu.core import Capabilities, DeleteMessage, Member, NotifyAdmins, PrivateMessage, Role
from huzhu.core.storage import repo
from huzhu.testing import FakeGroup, of_type, text

OWNER = {"by": "qq:1", "role": Role.OWNER, "name": "群主"}
ADMIN = {"by": "qq:2", "role": Role.ADMIN, "name": "管理小张"}
YAML = """
defaults:
  commands: {rate: 1000}
  plugins:
    content: {words: [加微信, 刷单, 兼职日结, 代助收费, 返利群]}
    flood: {}
    anti_scam: {strict_new_members: 0}
"""
CONFIG = "/配置 内容规则 words=加微信,代助收费,返利群"


async def strikes(engine, member: str) -> int:
    return await engine.db.read(lambda c: repo.active_strikes(c, "qq:1", member, 0))


# ---------------------------------------------------------------- 1. admins' commands
async def test_an_owners_command_is_not_judged_as_chat(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    for _ in range(2):  # the second within the minute: it ran, it was not silently deleted
        actions = await g.say(CONFIG, **OWNER)
        assert not of_type(actions, DeleteMessage)
        assert "已设置" in text(actions) and "撤回" not in text(actions)
    cfg = engine.resolver.group("qq:1").configs["content"]
    assert cfg.words == ("加微信", "代助收费", "返利群")
    # an admin's command neither: ten /配置 while setting up are no flood
    for _ in range(12):
        assert not of_type(await g.say("/配置 内容规则 severity=minor", **ADMIN), DeleteMessage)


async def test_a_members_command_and_an_admins_chat_are_still_judged(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    # a member sending the admin's command with an ad word in it: judged like any message
    assert of_type(await g.say("/配置 内容规则 words=加微信", by="qq:9"), DeleteMessage)
    # an admin's own chat is still read by anti_scam (a hijacked admin account)
    pitch = "加我微信 wxid_abc123 帮你代砍一刀，5元一次"
    assert of_type(await g.say(pitch, **ADMIN), DeleteMessage)


# ---------------------------------------------------------------- 2. harmless sentences
async def test_a_word_said_no_to_or_quoted_from_the_rules_is_no_ad(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    for harmless in (
        "我不加微信的哈，有事群里说",
        "群主说了不能刷单，大家注意",
        "本群禁止刷单，大家注意安全",
        "群规第三条：刷单的直接踢",
        "刷单的都是骗子，别信",
    ):
        actions = await g.say(harmless, by="qq:5")
        assert not of_type(actions, DeleteMessage), harmless
        assert "禁止广告和违禁词" not in text(actions), harmless
    assert await strikes(engine, "qq:5") == 0


async def test_an_ad_stays_an_ad(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    for n, ad in enumerate(
        ("加微信领券", "刷单日结 加我", "要不加微信聊", "我不加微信，私聊我"), 5
    ):
        actions = await g.say(ad, by=f"qq:{n}")
        assert of_type(actions, DeleteMessage), ad
        assert await strikes(engine, f"qq:{n}") >= 1, ad
    # a word hidden by separators is written to slip past: never excused
    assert of_type(await g.say("我不加 微 信", by="qq:20"), DeleteMessage)


# ---------------------------------------------------------------- 3. /举报
async def test_a_report_names_the_author_and_quotes_the_text(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    # a platform that does not say whose message it was: no message id in its place
    actions = await g.say("/举报", by="qq:8", name="小红", reply_to="9999", reply_text="加我领券")
    [notice] = of_type(actions, NotifyAdmins)
    assert "举报了一条消息「加我领券」" in notice.text and "9999" not in notice.text
    # one that does (OneBot's reply sender, Telegram's reply_to_message.from): by name
    await g.say("拼多多官方福利群，进群每天领券", by="qq:7", name="阿强")
    post = g.last_id
    actions = await g.say("/举报 拉人进别的群", by="qq:8", name="小红", reply_to=post)
    [notice] = of_type(actions, NotifyAdmins)
    assert notice.text.startswith("举报：小红 举报了 阿强 的消息「拼多多官方福利群，进群每天领券」")
    assert "拉人进别的群" in notice.text and f"消息 {post}" not in notice.text
    rows = await engine.db.read(lambda c: repo.audit_recent(c, "qq:1"))
    assert rows[0]["action"] == "report" and rows[0]["target"] == "qq:7"
    assert rows[0]["detail"]["message"] == post


async def test_a_report_tells_the_admins_what_was_found_not_privacy_advice(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    quoted = "有事打我电话 13812345678"
    actions = await g.say("/举报", by="qq:8", reply_to="77", reply_text=quoted, reply_author="qq:7")
    [notice] = of_type(actions, NotifyAdmins)
    assert "手机号" in notice.text and "为保护你的隐私" not in notice.text


# ---------------------------------------------------------------- 4. /申诉
async def test_an_appeal_is_about_the_latest_strike_not_a_later_free_removal(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    assert of_type(
        await g.say("帮你代砍一刀，5元一次，需要的来", by="qq:5", name="小李"), DeleteMessage
    )
    assert await strikes(engine, "qq:5") >= 1
    clock.advance(120)
    removed = await g.say("我的电话 13812345678 有事打我", by="qq:5", name="小李")
    assert of_type(removed, DeleteMessage) and "不计违规" in text(removed)
    clock.advance(120)
    actions = await g.say("/申诉 我只是想帮大家，不是广告", by="qq:5", name="小李")
    [notice] = of_type(actions, NotifyAdmins)
    assert "最近处罚：禁止有偿代助、刷单返利" in notice.text
    assert "保护个人隐私" not in notice.text and "不计违规" not in notice.text


async def test_a_private_appeal_goes_to_the_group_of_the_penalty(engine_factory, clock):
    engine = await engine_factory(YAML)
    a, b = FakeGroup(engine, "qq:1"), FakeGroup(engine, "qq:2")
    await a.say("帮你代砍一刀，5元一次，需要的来", by="qq:5", name="小李")
    clock.advance(60)
    assert of_type(await b.say("我的电话 13812345678", by="qq:5", name="小李"), DeleteMessage)
    answer = await engine.handle_private(Member("qq:5", "小李"), "/申诉 我没有收钱")
    assert any("申诉" in getattr(x, "text", "") for x in answer)
    assert await engine.db.read(lambda c: repo.open_appeals(c, "qq:1"))
    assert not await engine.db.read(lambda c: repo.open_appeals(c, "qq:2"))


# ---------------------------------------------------------------- 5. a muted member's appeal
async def test_a_mute_says_how_to_appeal_where_the_member_can(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    said = text(await g.say("/禁言 @小李 10分钟 刷屏", **OWNER, mentions=["qq:5"]))
    assert "私聊机器人发送「/申诉 你的理由」" in said and "解除后" not in said
    # a platform that cannot take private messages: after the mute, in the group
    console = Capabilities(platform="qq", delete=True, mute=True, kick=True)
    c = FakeGroup(engine, "qq:3", caps=console)
    said = text(await c.say("/禁言 @小李 10分钟", **OWNER, mentions=["qq:5"]))
    assert "禁言结束后在群里发送「/申诉" in said and "私聊" not in said
    # the ladder's own mute says the same
    muting = await engine_factory(
        YAML.replace("defaults:\n", "defaults:\n  enforcement: {ladder: [mute:10m, kick]}\n")
    )
    g = FakeGroup(muting, "qq:1")
    [note] = of_type(await g.say("加微信领券", by="qq:6"), PrivateMessage)
    assert "禁言" in note.text and "私聊机器人发送「/申诉 你的理由」" in note.text


# ---------------------------------------------------------------- 6. one clear reason
AD = "加我微信 wxid_abc123 领拼多多优惠券，代砍一刀，先交押金 50 元，电话 13812345678"


async def test_an_ad_breaking_several_rules_reads_one_reason_and_one_short_extra(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    [note] = of_type(await g.say(AD, by="qq:5", name="阿花"), PrivateMessage)
    assert note.text.count("另外") <= 1
    assert "为保护你的隐私" not in note.text and "隐私" not in note.text
    assert note.text.count("：") <= 2  # the rule's reason, and no second explanation
    # one other rule: its gist, not its whole advice
    [note] = of_type(await g.say("帮我代砍一刀，加微信给你返现", by="qq:6"), PrivateMessage)
    assert note.text.count("另外") == 1 and note.text.count("本群禁止") <= 1


async def test_the_english_explanation_is_as_short(engine_factory):
    engine = await engine_factory(YAML.replace("defaults:\n", "defaults:\n  language: en\n"))
    g = FakeGroup(engine, "qq:1")
    [note] = of_type(await g.say(AD, by="qq:5", name="Ann"), PrivateMessage)
    assert note.text.count("Also,") + note.text.count("It also broke") <= 1
    assert "privacy" not in note.text
