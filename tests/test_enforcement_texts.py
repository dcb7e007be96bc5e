"""What a member is told when a message of theirs is removed: always once per burst, one clear text."""

from __future__ import annotations

from huzhu.core import (
    Capabilities,
    DeleteMessage,
    Kick,
    Mute,
    NotifyAdmins,
    PrivateMessage,
    Reply,
    Role,
)
from huzhu.core.durations import format_duration
from huzhu.core.storage import repo
from huzhu.testing import FakeGroup, of_type, text
from tests.sample_plugins import Keyword

YAML = """
defaults:
  commands: {rate: 1000}
  plugins:
    keyword: {word: spam}
    flood: {messages: 3, window: 1m}
    anti_scam: {strict_new_members: 0}
"""
PHONE = "我的手机 13812345678 有事找我"
ADMIN = {"by": "qq:1", "role": Role.ADMIN}


async def test_a_privacy_removal_is_explained_after_another_rule_in_the_same_minute(engine_factory):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(engine, "qq:1")
    assert of_type(await g.say("spam", by="qq:5"), PrivateMessage)  # told about the keyword
    actions = await g.say(PHONE, by="qq:5")  # seconds later: a different rule
    assert of_type(actions, DeleteMessage)
    [note] = of_type(actions, PrivateMessage)
    assert "手机号（138*****678）" in note.text or "手机号" in note.text
    # a burst of the same rule is still told once
    again = await g.say(PHONE, by="qq:5")
    assert of_type(again, DeleteMessage) and not of_type(again, PrivateMessage)


async def test_a_flood_burst_does_not_silence_the_privacy_notice(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    said = [await g.say(f"第{i}条 闲聊", by="qq:5") for i in range(5)]
    flood_notes = [a for s in said for a in of_type(s, PrivateMessage)]
    assert len(flood_notes) == 1 and "1分钟内" in flood_notes[0].text
    assert "1分钟 内" not in flood_notes[0].text
    actions = await g.say(PHONE, by="qq:5")
    assert of_type(actions, DeleteMessage)
    assert "为保护你的隐私" in text(of_type(actions, PrivateMessage))


async def test_a_privacy_removal_is_one_sentence_without_strike_or_appeal(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    engine.display_name = _names({"qq:5": "小王"})  # type: ignore[method-assign]
    [note] = of_type(await g.say(PHONE, by="qq:5"), PrivateMessage)
    assert note.text.startswith(
        "⚠️ 小王，你的消息已撤回，因为违反「保护个人隐私」：消息里有手机号（"
    )
    assert note.text.count("撤回") == 1
    assert note.text.endswith("这次不计违规。")
    assert "申诉" not in note.text and "处罚" not in note.text
    [row] = await engine.db.read(lambda c: repo.audit_recent(c, "qq:1"))
    assert row["action"] == "enforce:delete" and row["detail"]["strikes"] == 0
    audit = text(await g.say("/审计", **ADMIN))
    assert "机器人 撤回（不计违规） 小王 保护个人隐私" in audit
    assert "处罚：警告" not in audit


async def test_a_strike_says_which_one_what_comes_next_and_how_to_appeal(engine_factory, clock):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(
        engine, "qq:1", caps=Capabilities(platform="qq", delete=True, mute=True, kick=True)
    )
    engine.display_name = _names({"qq:5": "小王"})  # type: ignore[method-assign]
    [first] = of_type(await g.say("spam", by="qq:5"), Reply)
    assert first.mention == ("qq:5",)  # the mention names the member; the text does not repeat it
    assert first.text == (
        "⚠️ 你的消息违反了「test keyword rule」：不要说 spam。"
        "这是你7天内第 1 次违规（满 5 次移出本群），再犯将撤回消息。如有异议，可发送「/申诉 你的理由」。"
    )
    clock.advance(61)
    await g.say("spam", by="qq:5")
    clock.advance(61)
    third = await g.say("spam", by="qq:5")
    assert of_type(third, Mute) and of_type(third, DeleteMessage)
    assert (
        "⚠️ 你的消息已撤回，并被禁言 10分钟，因为违反「test keyword rule」：不要说 spam。这是你7天内第 3 次违规"
        in text(third)
    )
    assert text(third).count("撤回") == 1


async def test_the_rule_title_is_not_repeated_when_the_reason_says_it(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    [note] = of_type(await g.say("代助收费 私聊", by="qq:5"), PrivateMessage)
    assert note.text.count("禁止有偿代助、刷单返利") == 1


async def test_admins_are_told_removal_without_an_appeal_hint(engine_factory):
    engine = await engine_factory(YAML)
    actions = await FakeGroup(engine, "qq:1").say(
        "https://yangkeduo.com.evil.cn/", by="qq:2", role=Role.ADMIN
    )
    assert of_type(actions, DeleteMessage) and not of_type(actions, Mute)
    [note] = of_type(actions, PrivateMessage)
    assert "管理员不计违规" in note.text and "申诉" not in note.text and "处罚" not in note.text


async def test_english_explanation_is_one_sentence(engine_factory):
    engine = await engine_factory(
        YAML + 'groups:\n  "qq:9":\n    language: en\n', plugins=[Keyword()]
    )
    [note] = of_type(await FakeGroup(engine, "qq:9").say("spam", by="qq:5"), PrivateMessage)
    assert note.text == (
        "⚠️ qq:5, your message broke 'test keyword rule': 不要说 spam. This is violation 1 within "
        f"{format_duration(7 * 86400, 'en')} (at 5 you are removed); next time: message removal. "
        "To appeal, send /appeal with your reason."
    )


async def test_review_notice_names_the_member(engine_factory):
    engine = await engine_factory(YAML)
    engine.display_name = _names({"qq:5": "小王"})  # type: ignore[method-assign]
    actions = await FakeGroup(engine, "qq:1").say("看 https://t.cn/abc", by="qq:5")
    assert "待审核：小王 的消息" in text(of_type(actions, NotifyAdmins))


def _names(table: dict[str, str]):
    async def display_name(group_id: str, member_id: str) -> str:
        return table.get(member_id, member_id)

    return display_name


def test_enforcement_moderation_and_audit_texts_are_chinese():
    import re

    from huzhu.core.texts import TEXTS

    mine = ("head_", "strike", "no_strike", "admin_exempt", "appeal", "mod_", "audit_", "penalty_",
            "step_", "notify_", "storage_", "enforce_", "degraded", "why_", "public_notice", "ruling_")  # fmt: skip
    zh = TEXTS._texts["zh"]
    checked = 0
    for key, template in zh.items():
        if not key.startswith(mine):
            continue
        checked += 1
        words = re.sub(r"\{\w+\}|/\S+", "", template)  # placeholders and commands (/申诉) aside
        assert not re.search(r"[A-Za-z<>\[\]]", words), (key, template)
        assert not re.search(r"\d (分钟|小时|天|秒)|(分钟|小时|天|秒) 内", template), (
            key,
            template,
        )
        assert key in TEXTS._texts["en"], key  # every text has its English form
    assert checked > 50


async def test_a_first_severe_offence_reads_as_one_that_counts_several(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    [note] = of_type(
        await g.say("领红包 https://yangkeduo.com.hongbao-vip.cn/login", by="qq:5"), PrivateMessage
    )
    assert "这是严重违规，一次记 3 次，你7天内累计 3 次违规" in note.text, note.text
    assert "第 3 次违规" not in note.text


async def test_a_command_removed_with_its_message_says_it_was_not_carried_out(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    posted = "/求助 https://mobile.yangkeduo.com/bargain.html?goods_id=1 联系13812345678"
    actions = await g.say(posted, by="qq:5")
    assert of_type(actions, DeleteMessage)
    [note] = of_type(actions, PrivateMessage)
    assert note.text.endswith("这条 /求助 没有执行，改好后请重新发送。"), note.text
    assert "队列是空的" in text(await g.say("/队列", by="qq:6"))


async def test_a_flood_notice_says_how_long_and_a_request_in_the_burst_is_not_lost(engine_factory):
    engine = await engine_factory(YAML + "    help_before_ask: false\n    quota: false\n")
    g = FakeGroup(engine, "qq:1")
    said = [await g.say(f"第{i}条 闲聊", by="qq:5") for i in range(4)]
    [note] = [a for s in said for a in of_type(s, PrivateMessage)]
    assert "1分钟内再发的聊天消息会被撤回，之后恢复正常。" in note.text, note.text
    assert of_type(await g.say("再聊一句", by="qq:5"), DeleteMessage)  # chat in the burst goes
    posted = await g.say("/求助 https://mobile.yangkeduo.com/bargain.html?goods_id=9", by="qq:5")
    assert not of_type(posted, DeleteMessage) and "求助 #1" in text(posted)


async def test_a_member_removed_from_the_group_is_not_told_to_send_the_command_again(
    engine_factory, clock
):
    from huzhu.core import Kick

    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    await g.say("领红包 https://yangkeduo.com.hongbao-vip.cn/login", by="qq:5")  # 3 strikes
    clock.advance("1h")  # told again: not the same burst
    actions = await g.say("/求助 领红包 https://yangkeduo.com.hongbao-vip.cn/login", by="qq:5")
    assert of_type(actions, Kick)
    [note] = of_type(actions, PrivateMessage)
    assert "移出本群" in note.text and "重新发送" not in note.text, note.text


async def test_english_notices_read_as_english(engine_factory):
    """ "Dana was muted for 10m", not "got mute for"; "Also, this message …" (not "This")."""
    engine = await engine_factory(YAML + "groups:\n  'tg:-100': {language: en}\n")
    g = FakeGroup(engine, "tg:-100")
    await g.say("hi all", by="tg:5", name="Dana")
    scam = ("Hi, this is Taobao customer service. Your order failed quality check, we will refund "
            "you double. Please download Zoom and share your screen to receive the refund")  # fmt: skip
    actions = await g.say(scam, by="tg:5", name="Dana")
    assert of_type(actions, Mute)
    [public] = [r for r in of_type(actions, Reply) if r.text.startswith("Dana ")]
    assert public.text.startswith("Dana was muted for "), public.text
    [note] = of_type(actions, PrivateMessage)
    assert "Also, this message" in note.text, note.text


async def test_a_member_removed_is_not_told_to_fix_and_resend(engine_factory, clock):
    engine = await engine_factory(
        YAML.replace("strict_new_members: 0", "strict_new_members: 0, shorteners: block"),
        plugins=[Keyword()],
    )
    engine.display_name = _names({"qq:5": "阿强"})  # type: ignore[method-assign]
    g = FakeGroup(engine, "qq:1")
    for _ in range(4):
        await g.say("spam", by="qq:5")
        clock.advance(120)
    actions = await g.say("/求助 https://t.cn/A6abcd 帮忙", by="qq:5")
    assert of_type(actions, Kick)
    [note] = of_type(actions, PrivateMessage)
    assert "已撤回，并被移出本群" in note.text and "短链接 t.cn 看不出真实去向" in note.text
    assert "请改发" not in note.text and "重新发送" not in note.text, note.text
    # a member who stays is still told what to do
    clock.advance(120)
    [note] = of_type(await g.say("看 https://t.cn/A6abcd", by="qq:7"), PrivateMessage)
    assert "请改发完整的官方链接" in note.text


def test_advice_is_separable_from_every_reason():
    from huzhu.core.moderation.enforcement import without_advice

    assert without_advice("短链接 t.cn 看不出真实去向，本群不收短链接。请改发完整的官方链接。") == (
        "短链接 t.cn 看不出真实去向，本群不收短链接。"
    )
    assert without_advice("入群 6 小时内不能发站外链接（a.cn），求助请用 /求助 发官方链接。") == (
        "入群 6 小时内不能发站外链接（a.cn）。"
    )
    assert without_advice(
        "消息里有手机号（138****5678）。为保护你的隐私，请不要在群里发手机号"
    ) == ("消息里有手机号（138****5678）。")
    assert without_advice("Short link t.cn hides where it goes. Please post the full link.") == (
        "Short link t.cn hides where it goes."
    )
