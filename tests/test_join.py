"""入群审核: the join plugin's decisions, manual review, refusals and the core's never-approve rule."""

from __future__ import annotations

import yaml

from huzhu.core import Capabilities, DecideJoin, DeleteMessage, Kick, NotifyAdmins, Role
from huzhu.core.requests.helpdata import GroupData
from huzhu.core.storage import repo
from huzhu.testing import FakeGroup, make_config, of_type

ADMIN = {"by": "qq:9", "role": Role.ADMIN, "name": "管理员"}


async def group_with(huzhu_group, **join):
    return await huzhu_group(make_config({"join": join or True, "anti_scam": True}))


async def audit(group: FakeGroup) -> list[dict]:
    return await group.engine.db.read(lambda c: repo.audit_recent(c, group.group_id, 20, None))


async def test_answer_mode_folds_and_refuses_with_the_question(huzhu_group):
    group = await group_with(
        huzhu_group, mode="answer", question="本群做什么？", answers=["砍价", "拼多多砍价"]
    )
    ok = await group.request_join("qq:501", "问题：本群做什么？\n答案：拼多多 砍 价", name="小新")
    assert ok is not None and ok.approve and ok.user_id == "qq:501"
    ok = await group.request_join("qq:502", "ＫＡＮ砍价吧")
    assert ok is not None and ok.approve
    no = await group.request_join("qq:503", "问题：本群做什么？\n答案：聊天")
    assert no is not None and not no.approve
    assert no.reason == "答案不正确，请重新申请并回答：本群做什么？"
    assert "join" not in no.reason and "answer" not in no.reason
    rows = await audit(group)
    assert [(r["action"], r["target"]) for r in rows[:3]] == [
        ("join:refuse", "qq:503"), ("join:approve", "qq:502"), ("join:approve", "qq:501"),
    ]  # fmt: skip
    assert rows[0]["detail"]["rule"] == "join.answer"


async def test_blocklist_level_and_age_refuse_in_every_mode(huzhu_group):
    group = await group_with(
        huzhu_group, mode="approve_all", blocklist=["666", "qq:777"], min_level=16,
        min_account_days=30,
    )  # fmt: skip
    for who in ("qq:666", "qq:777"):
        d = await group.request_join(who, "砍价")
        assert d is not None and not d.approve and d.reason == "抱歉，你不符合本群的入群要求。"
    d = await group.request_join("qq:1", level=3)
    assert d is not None and not d.approve and "等级" in d.reason
    d = await group.request_join("qq:2", level=30, age_days=2)
    assert d is not None and not d.approve and "注册时间" in d.reason
    d = await group.request_join("qq:3")  # nothing reported: not held against them
    assert d is not None and d.approve


async def test_member_removed_for_a_scam_is_refused_until_pardoned(huzhu_group, huzhu_clock):
    config = yaml.safe_load(make_config({"join": {"mode": "approve_all"}, "anti_scam": True}))
    config["defaults"]["enforcement"] = {"ladder": ["kick"]}  # a scam removes at once
    group = await huzhu_group(yaml.safe_dump(config, allow_unicode=True))
    await group.say("帮我砍一刀 https://mobile.yangkeduo.com.evil.cn/x", by="qq:66")
    assert of_type(group.log, Kick) == [Kick(group.group_id, "qq:66")]
    d = await group.request_join("qq:66", "砍价")
    assert d is not None and not d.approve and "入群要求" in d.reason
    assert (await audit(group))[0]["detail"]["rule"] == "join.removed_for_scam"
    # after `remember` (90 days) the record no longer counts
    huzhu_clock.advance("91d")
    d = await group.request_join("qq:66", "砍价")
    assert d is not None and d.approve


async def test_manual_mode_asks_admins_and_they_decide(huzhu_group):
    group = await group_with(huzhu_group, mode="manual")
    assert await group.request_join("qq:5", "朋友介绍", name="阿花") is None
    note = of_type(group.log, NotifyAdmins)[-1].text
    assert "阿花" in note and "朋友介绍" in note and "/批准 1" in note and "/拒绝 1" in note
    group.log.clear()
    await group.say("/入群申请", **ADMIN)
    assert "#1 阿花：朋友介绍" in group.pending()[-1]
    await group.say("/批准 1", **ADMIN)
    (d,) = of_type(group.log, DecideJoin)
    assert (d.user_id, d.approve, d.reason, d.rule) == ("qq:5", True, "", "join.admin")
    assert d.request_id.startswith("flag-")
    assert "已批准 阿花" in group.pending()[-1]
    await group.say("/批准 1", **ADMIN)  # decided already
    assert "没有待处理的入群申请 #1" in group.pending()[-1]
    await group.request_join("qq:6", "", name="老王")
    group.log.clear()
    await group.say("/拒绝 2 不认识", **ADMIN)
    (d,) = of_type(group.log, DecideJoin)
    assert not d.approve and d.reason == "不认识"
    await group.say("/批准 3", by="qq:42")  # a member may not
    assert not of_type(group.log, DecideJoin)[1:]


async def test_wrong_answer_can_go_to_the_admins(huzhu_group):
    group = await group_with(huzhu_group, mode="answer", answers=["砍价"], wrong_answer="manual")
    assert await group.request_join("qq:8", "聊天") is None
    assert "答案与设置的不符" in of_type(group.log, NotifyAdmins)[-1].text


async def test_a_crash_leaves_the_request_to_the_admins(huzhu_group, monkeypatch):
    group = await group_with(huzhu_group, mode="approve_all")

    async def broken(self, member, since):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(GroupData, "severe_removal", broken)
    assert await group.request_join("qq:9", "砍价", name="小李") is None
    (note,) = of_type(group.log, NotifyAdmins)
    assert "小李" in note.text and "手动审核" in note.text


async def test_off_by_default_and_without_the_platforms_right(huzhu_group):
    group = await huzhu_group(make_config({"anti_scam": True}))
    assert await group.request_join("qq:1", "砍价") is None and group.log == []
    group = await group_with(huzhu_group, mode="approve_all")
    group.caps = Capabilities(platform="qq", delete=True, bot_is_admin=False)
    assert await group.request_join("qq:1", "砍价") is None
    assert "无法" in of_type(group.log, NotifyAdmins)[0].text


async def test_an_approved_member_starts_as_a_new_member(huzhu_group, huzhu_clock):
    group = await group_with(huzhu_group, mode="approve_all")
    await group.request_join("qq:70", "砍价")
    approved_at = huzhu_clock.time()
    huzhu_clock.advance("5m")
    assert await group.engine.first_seen(group.group_id, "qq:70") == approved_at
    # anti_scam's first day is strict: an outside link is removed for the new member …
    await group.say("看看 https://www.example.org/a", by="qq:70")
    assert of_type(group.log, DeleteMessage)
    # … and not for a member seen for longer than strict_new_members (1 day)
    group.log.clear()
    await group.say("你好", by="qq:71")
    await group.tick()  # members seen are written on tick
    huzhu_clock.advance("2d")
    await group.say("看看 https://www.example.org/a", by="qq:71")
    assert not of_type(group.log, DeleteMessage)
