"""The enforcement ladder: escalation, decay, severity, degradation, exemptions, records."""

from __future__ import annotations

from huzhu.core import (
    Capabilities,
    DeleteMessage,
    Kick,
    Mute,
    NotifyAdmins,
    PluginMeta,
    PrivateMessage,
    Reply,
    Role,
    Severity,
    Violation,
    hookimpl,
)
from huzhu.core.storage import repo
from huzhu.testing import FakeGroup, of_type, text
from tests.sample_plugins import Echo, Keyword

YAML = """
defaults:
  plugins:
    keyword: {word: spam}
  enforcement:
    ladder: [warn, delete, "mute:10m", "mute:1d", kick]
    decay: 7d
groups:
  "qq:2":
    plugins:
      keyword: {word: spam, severity: 3}
  "qq:3":
    plugins:
      keyword: {word: spam, severity: 1}
  "qq:4":
    enforcement:
      rules:
        keyword: [delete, kick]
"""


class Watcher:
    __plugin_meta__ = PluginMeta(name="watcher", description="", default_enabled=True)

    def __init__(self) -> None:
        self.seen: list[Violation] = []

    @hookimpl
    def violation_detected(self, violation: Violation) -> None:
        self.seen.append(violation)


async def test_ladder_escalates_and_decays(engine_factory, clock):
    watcher = Watcher()
    engine = await engine_factory(YAML, plugins=[Keyword(), watcher])
    g = FakeGroup(engine, "qq:1")

    async def say(*args, **kw):
        clock.advance(61)  # past the one-explanation-per-minute limit
        return await g.say(*args, **kw)

    first = await say("spam")
    assert (
        not of_type(first, DeleteMessage)
        and "第 1 次违规" in text(first)
        and "再犯将撤回消息" in text(first)
    )
    second = await say("spam")
    assert of_type(second, DeleteMessage) and "消息已撤回" in text(second)
    third = await say("spam")
    assert of_type(third, Mute)[0].seconds == 600 and "并被禁言 10分钟" in text(third)
    assert of_type(await say("spam"), Mute)[0].seconds == 86400
    fifth = await say("spam")
    assert of_type(fifth, Kick) and "并被移出本群" in text(fifth)
    assert "/申诉" not in text(fifth) and "请联系群主或管理员" in text(fifth)
    assert of_type(await say("spam"), Kick)  # the last rung repeats
    assert [v.strikes for v in watcher.seen] == [1, 2, 3, 4, 5, 6]
    other = await say("spam", by="qq:99")
    assert "第 1 次违规" in text(other)  # strikes are per member
    clock.advance(7 * 86400 + 1)
    assert "第 1 次违规" in text(await g.say("spam"))  # old strikes decayed
    assert await engine.db.read(lambda c: repo.count_rows(c, "violations")) == 8


async def test_severe_verdict_jumps_the_ladder(engine_factory):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    actions = await FakeGroup(engine, "qq:2").say("spam")
    assert of_type(actions, Mute)[0].seconds == 600 and of_type(actions, DeleteMessage)


async def test_per_rule_ladder(engine_factory):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(engine, "qq:4")
    assert of_type(await g.say("spam"), DeleteMessage)
    assert of_type(await g.say("spam"), Kick)


async def test_review_tells_admins_and_lets_the_message_stand(engine_factory):
    engine = await engine_factory(YAML, plugins=[Keyword(), Echo()])
    actions = await FakeGroup(engine, "qq:3").say("/echo spam")
    assert of_type(actions, NotifyAdmins) and "待审核" in text(actions)
    assert "echo:spam" in text(actions)
    assert await engine.db.read(lambda c: repo.count_rows(c, "violations")) == 0


async def test_degrades_when_platform_or_rights_are_missing(engine_factory):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    no_mute = Capabilities(platform="x", delete=True, mute=False, kick=False)
    g = FakeGroup(engine, "qq:2", caps=no_mute)
    actions = await g.say("spam")
    assert not of_type(actions, Mute) and of_type(actions, DeleteMessage)
    assert "本应禁言 10分钟，但此平台不支持该操作，已通知管理员" in text(actions)
    assert "请手动处理" in text(of_type(actions, NotifyAdmins))
    not_admin = Capabilities(platform="qq", delete=True, mute=True, kick=True, bot_is_admin=False)
    actions = await FakeGroup(engine, "qq:2", caps=not_admin).say("spam", by="qq:77")
    assert not of_type(actions, Mute) and not of_type(actions, DeleteMessage)
    assert "机器人不是管理员" in text(actions)
    assert await engine.db.read(lambda c: repo.count_rows(c, "violations")) == 2


async def test_admins_are_recorded_not_punished(engine_factory):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    actions = await FakeGroup(engine, "qq:2").say("spam", role=Role.ADMIN)
    assert not of_type(actions, Mute) and "管理员不计违规" in text(actions)
    assert "申诉" not in text(actions)  # nothing to appeal


async def test_remove_flag_deletes_on_a_warning(engine_factory):
    yaml_text = "defaults:\n  plugins:\n    keyword: {word: 身份证, remove: true}\n"
    engine = await engine_factory(yaml_text, plugins=[Keyword()])
    actions = await FakeGroup(engine, "qq:1").say("我的身份证号是…")
    assert of_type(actions, DeleteMessage) and not of_type(actions, Mute)


async def test_pardon_clears_strikes(engine_factory, clock):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(engine, "qq:1")
    await g.say("spam")
    await g.say("spam")
    clock.advance(1)
    await engine.db.write(lambda c: repo.add_pardon(c, "qq:1", "qq:42", "qq:1", clock.time()))
    clock.advance(61)
    assert "第 1 次违规" in text(await g.say("spam"))


async def test_english_explanation(engine_factory):
    engine = await engine_factory(YAML + '  "qq:9":\n    language: en\n', plugins=[Keyword()])
    reply = text(await FakeGroup(engine, "qq:9").say("spam"))
    assert reply.startswith(
        "⚠️ qq:42, your message broke 'test keyword rule': 不要说 spam. This is violation 1"
    )
    assert "Severity" not in reply and Severity.MINOR == 2


async def test_explanations_are_private_where_possible_and_never_flood(engine_factory, clock):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(engine, "qq:1")  # FULL_CAPS: private messages work
    first = await g.say("spam")
    [note] = of_type(first, PrivateMessage)
    assert note.user_id == "qq:42" and "第 1 次违规" in note.text and "/申诉" in note.text
    assert not of_type(first, Reply)  # a warning is not announced to the group
    # a burst of violations: every one enforced, one explanation per minute
    burst = [await g.say("spam") for _ in range(5)]
    assert [bool(of_type(a, PrivateMessage)) for a in burst] == [False] * 5
    assert sum(len(of_type(a, DeleteMessage)) for a in burst) == 5
    # a mute is visible to everyone: one short line in the group says why
    assert "qq:42 因违反「test keyword rule」被禁言" in text(of_type(burst[1], Reply))
    clock.advance(61)
    assert of_type(await g.say("spam"), PrivateMessage)
    # no private messages on this platform: one short reply in the group
    group_only = Capabilities(platform="x", delete=True, mute=True, kick=True)
    actions = await FakeGroup(engine, "qq:1", caps=group_only).say("spam", by="qq:5")
    assert not of_type(actions, PrivateMessage) and len(of_type(actions, Reply)) == 1
