"""Admin moderation (警告 禁言 踢出 解除), appeals (申诉 裁决) and the audit log (审计, CSV export)."""

from __future__ import annotations

import asyncio
import csv
import io

from huzhu.core import Capabilities, Kick, Mute, NotifyAdmins, Reply, Role
from huzhu.core.cli import main
from huzhu.core.storage import repo
from huzhu.testing import FakeGroup, of_type, text
from tests.sample_plugins import Keyword

YAML = """
defaults:
  commands: {rate: 1000}
  plugins:
    keyword: {word: spam}
"""
ADMIN = {"by": "qq:1", "role": Role.ADMIN}


async def strikes(engine, member: str) -> int:
    return await engine.db.read(lambda c: repo.active_strikes(c, "qq:1", member, 0))


async def test_members_cannot_moderate(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    for command in (
        "/警告 @qq:5",
        "/禁言 qq:5 10m",
        "/踢出 qq:5",
        "/解除 qq:5",
        "/审计",
        "/裁决 1 撤销",
    ):
        reply = text(await g.say(command, by="qq:9"))
        assert "需要管理员权限" in reply, command
    assert not await engine.db.read(lambda c: repo.audit_recent(c, "qq:1"))


async def test_a_name_that_is_no_member_is_refused_not_punished(engine_factory):
    """A name typed without a real mention never becomes a member id (qq:小红 does not exist)."""
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    for command in ("/警告 小红", "/禁言 @小红 10分钟", "/踢出 小红 广告", "/禁言 qq:abc 1h"):
        actions = await g.say(command, **ADMIN)
        assert "找不到成员" in text(actions) and "请直接 @ 对方" in text(actions), command
        assert not of_type(actions, Mute) and not of_type(actions, Kick), command
    assert not await engine.db.read(lambda c: repo.audit_recent(c, "qq:1"))
    tg = FakeGroup(engine, "tg:-1001")
    assert "找不到成员「bob」" in text(await tg.say("/禁言 @bob 10分钟", **ADMIN | {"by": "tg:1"}))
    # a number, a namespaced id and a real mention still work
    assert of_type(await g.say("/禁言 12345 10分钟", **ADMIN), Mute)
    assert of_type(await g.say("/禁言 @小明 10分钟", **ADMIN, mentions=["qq:5"]), Mute)


async def test_warn_counts_on_the_ladder(engine_factory, clock):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(engine, "qq:1")
    actions = await g.say("/警告 qq:5 别发广告", **ADMIN)
    [reply] = of_type(actions, Reply)
    assert reply.mention == ("qq:5",) and "管理员警告了你（理由：别发广告）" in reply.text
    assert await strikes(engine, "qq:5") == 1
    clock.advance(61)
    assert "这是你7天内第 2 次违规" in text(await g.say("spam", by="qq:5"))


async def test_mute_kick_and_pardon(engine_factory, clock):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(engine, "qq:1")
    actions = await g.say("/禁言 qq:5 2h 刷屏", **ADMIN)
    assert of_type(actions, Mute) == [Mute("qq:1", "qq:5", 7200)]
    assert "已禁言 qq:5 2小时（理由：刷屏）" in text(actions)
    assert "禁言时长应在1分钟到30天之间" in text(await g.say("/禁言 qq:5 31d", **ADMIN))
    assert "应为时长" in text(await g.say("/禁言 qq:5 很久", **ADMIN))
    await g.say("spam", by="qq:5")
    clock.advance(61)
    await g.say("spam", by="qq:5")
    assert await strikes(engine, "qq:5") == 2
    clock.advance(1)
    actions = await g.say("/解除 qq:5", **ADMIN)
    assert of_type(actions, Mute) == [Mute("qq:1", "qq:5", 0)]
    assert "已清除 qq:5 的违规记录并解除禁言" in text(actions)
    assert await strikes(engine, "qq:5") == 0
    actions = await g.say("/踢出 qq:6 拉人", **ADMIN)
    assert of_type(actions, Kick) == [Kick("qq:1", "qq:6")]
    audit = await engine.db.read(lambda c: repo.audit_recent(c, "qq:1"))
    assert {"mod:mute", "mod:pardon", "mod:kick"} <= {a["action"] for a in audit}


async def test_bot_rights_are_checked_first(engine_factory):
    engine = await engine_factory(YAML)
    not_admin = Capabilities(platform="qq", delete=True, mute=True, kick=True, bot_is_admin=False)
    g = FakeGroup(engine, "qq:1", caps=not_admin)
    assert "无法禁言：机器人不是管理员" in text(await g.say("/禁言 qq:5 10m", **ADMIN))
    assert "无法移出成员：机器人不是管理员" in text(await g.say("/踢出 qq:5", **ADMIN))
    no_mute = Capabilities(platform="x", delete=True)
    g2 = FakeGroup(engine, "qq:1", caps=no_mute)
    actions = await g2.say("/禁言 qq:5 10m", **ADMIN)
    assert "无法禁言：此平台不支持该操作" in text(actions) and not of_type(actions, Mute)
    # nothing was recorded for a refused step
    assert not await engine.db.read(lambda c: repo.audit_recent(c, "qq:1"))
    # a pardon still clears strikes where the platform cannot unmute
    assert "已清除 qq:5 的违规记录。" in text(await g2.say("/解除 qq:5", **ADMIN))


async def test_admins_cannot_act_against_their_peers_or_themselves(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    await g.say("大家好", by="qq:2", role=Role.ADMIN)  # the bot learns qq:2 is an admin
    assert "qq:2 是管理员，不能处置" in text(await g.say("/禁言 qq:2 10m", **ADMIN))
    assert "不能对自己使用" in text(await g.say("/警告 qq:1", **ADMIN))
    assert of_type(await g.say("/禁言 qq:2 10m", by="qq:3", role=Role.OWNER), Mute)


async def test_appeal_and_pardon(engine_factory, clock):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(engine, "qq:1")
    await g.say("spam", by="qq:5", name="小王")
    clock.advance(61)
    await g.say("spam", by="qq:5", name="小王")
    actions = await g.say("/申诉 我发的是正常链接", by="qq:5", name="小王")
    [notice] = of_type(actions, NotifyAdmins)
    assert (
        "申诉 #1：小王：「我发的是正常链接」（最近处罚：test keyword rule，撤回，01-01 08:01）"
        in notice.text
    )
    assert "/裁决 1 撤销" in notice.text
    assert "已收到你的申诉 #1" in text(of_type(actions, Reply))
    assert "已有一条待处理的申诉 #1" in text(await g.say("/申诉 再说一次", by="qq:5", name="小王"))
    assert "小王，申诉请在 /申诉 后面写明你觉得哪次处罚不对、为什么" in text(
        await g.say("/申诉", by="qq:5", name="小王")
    )
    assert "#1 小王：我发的是正常链接" in text(await g.say("/申诉", **ADMIN))
    assert "裁决应为「维持」或「撤销」" in text(await g.say("/裁决 1 也许", **ADMIN))
    clock.advance(1)
    actions = await g.say("/裁决 1 撤销 误判", **ADMIN)
    assert of_type(actions, Mute) == [Mute("qq:1", "qq:5", 0)]
    [ruled] = of_type(actions, Reply)
    assert ruled.mention == ("qq:5",)
    assert (
        ruled.text == "你的申诉 #1 已处理：撤销处罚，已清除你的违规记录并解除禁言（理由：误判）。"
    )
    assert await strikes(engine, "qq:5") == 0
    assert "没有待处理的申诉 #1" in text(await g.say("/裁决 1 维持", **ADMIN))
    assert "当前没有待处理的申诉" in text(await g.say("/申诉", **ADMIN))


async def test_appeal_upheld(engine_factory, clock):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(engine, "qq:1")
    await g.say("spam", by="qq:5")
    await g.say("/申诉 冤枉", by="qq:5")
    actions = await g.say("/ruling 1 uphold", **ADMIN)
    assert "申诉 #1 已处理：维持原处罚" in text(actions) and not of_type(actions, Mute)
    assert await strikes(engine, "qq:5") == 1


async def test_audit_command_and_csv_export(engine_factory, clock, tmp_path, capsys):
    engine = await engine_factory(YAML, plugins=[Keyword()], data_dir=tmp_path / "db")
    g = FakeGroup(engine, "qq:1")
    await g.say("spam", by="qq:5")
    await g.say("/警告 qq:6 别闹", **ADMIN)
    await g.say("/禁用 keyword", **ADMIN)
    reply = text(await g.say("/审计", **ADMIN))
    lines = reply.splitlines()
    assert lines[0] == "最近的审计记录：" and len(lines) == 4
    assert (
        "禁用功能" in lines[1]
        and "警告 qq:6 别闹" in lines[2]
        and "处罚：警告 qq:5 test keyword rule：不要说 spam" in lines[3]
    )
    assert lines[3].startswith("01-01 08:00 机器人")  # in the group's time zone
    about = text(await g.say("/审计 qq:6", **ADMIN))
    assert "（qq:6）" in about and "qq:5" not in about
    await engine.close()
    out = tmp_path / "audit.csv"
    export = ["audit", "export", "--data-dir", str(tmp_path / "db")]
    assert await asyncio.to_thread(main, [*export, "--group", "qq:1", "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["id", "time", "group", "actor", "action", "target", "detail"]
    assert [r[4] for r in rows[1:]] == ["enforce:warn", "mod:warn", "disable"]
    assert rows[1][1] == "2026-01-01T08:00:00+08:00" and '"rule": "keyword"' in rows[1][6]
    assert await asyncio.to_thread(main, [*export, "--group", "qq:404"]) == 0
    assert capsys.readouterr().out.strip() == "id,time,group,actor,action,target,detail"


async def test_the_rank_check_asks_about_members_the_bot_has_not_seen(engine_factory, monkeypatch):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")

    async def known_role(group_id: str, member_id: str) -> Role:
        # the platform says qq:7 owns the group, although qq:7 never spoke since start-up
        return Role.OWNER if member_id == "qq:7" else Role.MEMBER

    async def display_name(group_id: str, member_id: str) -> str:
        return {"qq:7": "老张"}.get(member_id, member_id)

    monkeypatch.setattr(engine, "known_role", known_role)
    monkeypatch.setattr(engine, "display_name", display_name)
    for command in ("/警告 qq:7 别闹", "/禁言 qq:7 10m", "/踢出 qq:7"):
        actions = await g.say(command, **ADMIN)
        assert "老张 是群主，不能处置" in text(actions), command
        assert not of_type(actions, Mute) and not of_type(actions, Kick)
    assert await strikes(engine, "qq:7") == 0
    assert not await engine.db.read(lambda c: repo.audit_recent(c, "qq:1"))


async def test_nobody_rules_on_their_own_appeal(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    await g.say("/警告 qq:1 别闹", by="qq:3", role=Role.OWNER)
    assert await strikes(engine, "qq:1") == 1
    await g.say("/申诉 我没闹", **ADMIN)
    for ruling in ("/裁决 1 撤销", "/裁决 1 维持"):
        reply = text(await g.say(ruling, **ADMIN))
        assert "不能裁决自己的申诉 #1" in reply and "群主" in reply, ruling
    assert await strikes(engine, "qq:1") == 1
    assert "#1" in text(await g.say("/申诉", by="qq:2", role=Role.ADMIN))  # still open
    # the owner (or another admin, or a superuser) can
    clock.advance(1)
    actions = await g.say("/裁决 1 撤销", by="qq:3", role=Role.OWNER)
    assert "你的申诉 #1 已处理：撤销处罚" in text(actions)
    assert await strikes(engine, "qq:1") == 0


async def test_a_superuser_does_not_rule_on_their_own_appeal_either(engine_factory):
    engine = await engine_factory("superusers: ['qq:8']\n" + YAML)
    g = FakeGroup(engine, "qq:1")
    await engine.db.write(
        lambda c: repo.record_violation(c, {
            "group_id": "qq:1", "member_id": "qq:8", "rule": "admin.warn", "severity": 2, "strikes": 1,
            "step": "warn", "reason": "", "evidence": {}, "message_id": "", "at": 0.0,
        })
    )  # fmt: skip
    await g.say("/申诉 误会", by="qq:8")
    assert "不能裁决自己的申诉" in text(await g.say("/裁决 1 撤销", by="qq:8"))


async def test_moderation_texts_name_members(engine_factory, monkeypatch, clock):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(engine, "qq:1")
    names = {"qq:1": "管理员小李", "qq:5": "小王", "qq:6": "阿强"}

    async def display_name(group_id: str, member_id: str) -> str:
        return names.get(member_id, member_id)

    monkeypatch.setattr(engine, "display_name", display_name)
    assert "已禁言 小王 2小时（理由：刷屏）" in text(await g.say("/禁言 qq:5 2h 刷屏", **ADMIN))
    assert "已将 阿强 移出本群" in text(await g.say("/踢出 qq:6", **ADMIN))
    assert "已清除 小王 的违规记录" in text(await g.say("/解除 qq:5", **ADMIN))
    await g.say("spam", by="qq:5")
    [notice] = of_type(await g.say("/申诉 冤枉", by="qq:5"), NotifyAdmins)
    assert "申诉 #1：小王：「冤枉」（最近处罚：test keyword rule，警告" in notice.text
    assert "#1 小王：冤枉" in text(await g.say("/申诉", **ADMIN))
    audit = text(await g.say("/审计", **ADMIN)).splitlines()
    assert "管理员小李 禁言 小王 2小时：刷屏" in audit[-1]
    assert any("管理员小李 移出 阿强" in line for line in audit)
    assert any("机器人 处罚：警告 小王 test keyword rule" in line for line in audit)
    assert "qq:" not in "\n".join(audit)


async def test_every_audit_action_has_a_chinese_label(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    for action in ("schedule_add", "schedule_cancel", "request_removed", "claim_denied", "frobnicate",
                   "enforce:delete", "appeal:pardoned"):  # fmt: skip
        await engine.db.write(lambda c, a=action: repo.add_audit(c, "qq:1", "qq:1", a, "", {}, 0.0))
    audit = text(await g.say("/审计", **ADMIN))
    for label in (
        "添加定时消息",
        "取消定时消息",
        "删除求助",
        "否认助力",
        "其他操作",
        "处罚：撤回",
        "申诉撤销",
    ):
        assert label in audit, label
    assert not any(
        word in audit for word in ("schedule", "frobnicate", "enforce", "appeal", "request")
    )


async def test_nothing_to_appeal_without_a_penalty(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    actions = await g.say("/申诉 为什么", by="qq:5")
    assert "没有处罚记录，不需要申诉" in text(actions) and not of_type(actions, NotifyAdmins)
    assert not await engine.db.read(lambda c: repo.open_appeals(c, "qq:1"))


async def test_audit_shows_settings_as_the_owner_reads_them(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    owner = {"by": "qq:1", "role": Role.OWNER}
    assert "20分钟" in text(await g.say("/配置 flood window 20分钟", **owner))
    await g.say("/配置 anti_scam pii false", **owner)
    audit = text(await g.say("/审计", **owner))
    assert "window：20分钟" in audit or "window 20分钟" in audit, audit
    assert "1200" not in audit and "False" not in audit, audit


async def test_a_muted_member_appeals_privately(engine_factory):
    """A muted member cannot post in the group: /申诉 sent to the bot privately reaches the group
    of their latest penalty, and the answer comes back privately."""
    from huzhu.core import Member, PrivateMessage

    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(engine, "qq:1")
    await g.say("spam spam", by="qq:66", name="阿强")
    assert await strikes(engine, "qq:66") == 1
    actions = await engine.handle_private(Member("qq:66", "阿强"), "/申诉 我只是分享活动")
    assert actions is not None
    [note] = of_type(actions, NotifyAdmins)
    assert note.group_id == "qq:1" and "申诉 #1：阿强：「我只是分享活动」" in note.text
    [told] = of_type(actions, PrivateMessage)
    assert told.user_id == "qq:66" and "已收到你的申诉 #1" in told.text
    assert not of_type(actions, Reply)  # nothing posted in the group
    # of the other commands only the help commands (/我的 …) are taken privately
    assert await engine.handle_private(Member("qq:66"), "/排行") is None

    async def answer(who: str, said: str) -> str:
        [told] = await engine.handle_private(Member(who), said) or [None]
        assert isinstance(told, PrivateMessage) and told.user_id == who, (said, told)
        return told.text

    # /申诉 with no reason, or from someone with no penalty, is answered as in the group
    assert "/申诉 后面写明" in await answer("qq:66", "/申诉")
    assert "没有处罚记录" in await answer("qq:77", "/申诉 冤枉")
    assert "没有处罚记录" in await answer("qq:77", "/appeal 冤枉")
    # a plain private message: a one-line hint, addressed to no group (never said in one)
    assert "/帮助" in await answer("qq:77", "你好")
    [hint] = await engine.handle_private(Member("qq:79"), "你好") or [None]  # qq:77: once an hour
    assert hint.group_id == "qq:0"


async def test_a_bare_number_for_a_mute_is_asked_about_unless_only_one_reading_fits(engine_factory):
    """plugins.yaml reads a bare duration as seconds, admins mean minutes: /禁言 asks which,
    unless a mute's range (1 minute to 30 days) leaves one reading."""
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    await g.say("大家好", by="qq:66", name="阿强")
    owner = {"by": "qq:1", "name": "群主", "role": Role.OWNER}
    asked = await g.say("/禁言 @阿强 1800", mentions=["qq:66"], **owner)
    assert not of_type(asked, Mute)
    assert "1800 是分钟还是秒？请写 1800分钟（1天6小时）或 1800秒（30分钟）" in text(asked)
    [five] = of_type(await g.say("/禁言 @阿强 5", mentions=["qq:66"], **owner), Mute)
    assert five.seconds == 300  # 5 seconds is no mute: minutes
    [long] = of_type(await g.say("/禁言 @阿强 100000", mentions=["qq:66"], **owner), Mute)
    assert long.seconds == 100000  # 100000 minutes is past 30 days: seconds
    [unit] = of_type(await g.say("/禁言 @阿强 1800秒", mentions=["qq:66"], **owner), Mute)
    assert unit.seconds == 1800


async def test_an_admin_command_may_name_its_member_first(engine_factory):
    """@阿强 /警告 发广告 (the mention typed first, as QQ's @ picker leaves it) is /警告 @阿强 发广告;
    a command that takes no member drops the mention."""
    from huzhu.core.commands import mentions_first

    assert mentions_first("@阿强 /警告 发广告") == "/警告 @阿强 发广告"
    assert mentions_first("@阿强 @小明 /踢出") == "/踢出 @阿强 @小明"
    assert mentions_first("@阿强 你好 /警告") is None
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    await g.say("大家好", by="qq:66", name="阿强")
    owner = {"by": "qq:1", "name": "群主", "role": Role.OWNER}
    warned = text(await g.say("@阿强 /警告 发广告", mentions=["qq:66"], **owner))
    assert "管理员警告了你（理由：发广告）" in warned, warned
    assert await strikes(engine, "qq:66") == 1
    [mute] = of_type(await g.say("@阿强 /禁言 10分钟 刷屏", mentions=["qq:66"], **owner), Mute)
    assert (mute.user_id, mute.seconds) == ("qq:66", 600)
    # a command that takes no member runs without the mention (flowfin: @群主 /求助 链接)
    assert "还没有确认过的助力" in text(
        await g.say("@阿强 /排行", mentions=["qq:66"], by="qq:2", name="小明")
    )


async def test_the_appeal_note_names_an_admin_penalty_once(engine_factory):
    """管理员禁言（不计违规）, not 管理员禁言，禁言（不计违规） / "admin mute (no strike)"."""
    engine = await engine_factory(YAML + "groups:\n  'qq:2': {language: en}\n")
    for gid, said, lang in (("qq:1", "我没刷屏", "zh"), ("qq:2", "I did not flood", "en")):
        g = FakeGroup(engine, gid)
        await g.say("hi", by="qq:66", name="阿强")
        await g.say(
            "/禁言 @阿强 10分钟", mentions=["qq:66"], by="qq:1", name="群主", role=Role.OWNER
        )
        [note] = of_type(await g.say(f"/申诉 {said}", by="qq:66", name="阿强"), NotifyAdmins)
        if lang == "zh":
            assert "（最近处罚：管理员禁言（不计违规），" in note.text, note.text
        else:
            assert "(last penalty: admin mute (no strike), " in note.text, note.text


async def test_a_warning_that_reaches_the_limit_removes_like_an_automatic_strike(
    engine_factory, clock
):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(engine, "qq:1")
    for n in range(1, 5):
        actions = await g.say("/警告 @阿强 刷屏", **ADMIN, mentions=["qq:5"])
        assert f"第 {n} 次违规（满 5 次移出本群）" in text(actions) and not of_type(actions, Kick)
        clock.advance(61)
    actions = await g.say("/警告 @阿强 刷屏", **ADMIN, mentions=["qq:5"])
    assert of_type(actions, Kick) == [Kick("qq:1", "qq:5")]
    assert "已满 5 次违规，已移出本群" in text(actions)
    # where the bot cannot remove, the admin hears why instead of nothing
    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(
        engine, "qq:1", caps=Capabilities(platform="qq", delete=True, mute=True, kick=False)
    )
    for _ in range(5):
        actions = await g.say("/警告 qq:6 刷屏", **ADMIN)
        clock.advance(61)
    assert not of_type(actions, Kick) and "已满 5 次违规，按群规应移出本群，但没有移出" in text(
        actions
    )


async def test_unmute_lifts_the_mute_and_keeps_the_record(engine_factory, clock):
    engine = await engine_factory(YAML, plugins=[Keyword()])
    g = FakeGroup(engine, "qq:1")
    await g.say("spam", by="qq:5")
    clock.advance(61)
    await g.say("/禁言 qq:5 1h", **ADMIN)
    for command in ("/解禁 qq:5", "/unmute qq:5"):
        actions = await g.say(command, **ADMIN)
        assert of_type(actions, Mute) == [Mute("qq:1", "qq:5", 0)], command
        assert "已解除 qq:5 的禁言，违规记录保留" in text(actions)
        assert await strikes(engine, "qq:5") == 1
    assert "需要管理员权限" in text(await g.say("/解禁 qq:5", by="qq:9"))
    help_text = text(await g.say("/帮助 管理", **ADMIN))
    assert "/解禁" in help_text and "/解除" in help_text
    assert "/解禁" in text(await g.say("/解除禁言 @小周", **ADMIN))
