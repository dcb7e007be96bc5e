"""联盟: a SEVERE removal in one group follows the person into allied groups, across platforms."""

from __future__ import annotations

import re

import yaml

from huzhu.core import Capabilities, Kick, Member, Mute, NotifyAdmins, Role
from huzhu.core.storage import repo
from huzhu.testing import FakeGroup, make_config, of_type, text

TG_CAPS = Capabilities(platform="tg", delete=True, mute=True, kick=True, private_message=True,
                       join_requests=True)  # fmt: skip
SCAM = "帮我砍一刀 https://mobile.yangkeduo.com.evil.cn/x"


def _yaml() -> str:
    config = yaml.safe_load(make_config(
        {"anti_scam": True},
        groups={
            "qq:1": {"plugins": {"alliance": {"names": ["华东联盟"]}}},
            "qq:2": {"plugins": {"alliance": {"names": ["华东联盟"], "on_sight": "mute",
                                                 "shared_reputation": True}}},
            "tg:-100": {"plugins": {"alliance": {"names": ["华东联盟"], "on_sight": "kick"},
                                    "join": {"mode": "approve_all"}}},
            "qq:3": {"plugins": {"alliance": {"names": ["别的联盟"]}}},
        },
    ))  # fmt: skip
    config["defaults"]["enforcement"] = {"ladder": ["kick"]}  # a scam removes at once
    config["defaults"]["commands"] = {"rate": 1000, "pointer": False}
    return yaml.safe_dump(config, allow_unicode=True)


async def _link(engine, a: str, b: str) -> None:
    got = (await engine.handle_private(Member(a), "/绑定"))[0].text
    code = re.search(r"绑定码：([A-Z0-9]{8})", got).group(1)
    assert "绑定成功" in (await engine.handle_private(Member(b), f"/link {code}"))[0].text


async def test_a_scammer_is_flagged_across_groups_and_platforms(engine_factory, clock):
    engine = await engine_factory(_yaml())
    home, muting, other = (
        FakeGroup(engine, "qq:1"),
        FakeGroup(engine, "qq:2"),
        FakeGroup(engine, "qq:3"),
    )
    tg = FakeGroup(engine, "tg:-100", caps=TG_CAPS)
    await home.say("大家好", by="qq:66", name="骗子")
    await _link(engine, "qq:66", "tg:660")  # the same person on Telegram
    assert not of_type(await muting.say("早", by="qq:66"), NotifyAdmins)  # nothing on record yet
    await home.say(SCAM, by="qq:66", name="骗子")
    assert of_type(home.log, Kick) == [Kick("qq:1", "qq:66")]
    # speaking in an allied QQ group that mutes on sight: muted once, admins get the evidence
    actions = await muting.say("你好", by="qq:66", name="小王")
    notice = next(a.text for a in actions if isinstance(a, NotifyAdmins))
    assert (
        "联盟提示：小王 在联盟的另一个群里" in notice
        and "被移出" in notice
        and "qq:1" not in notice
    )
    assert of_type(actions, Mute) == [Mute("qq:2", "qq:66", 7 * 86400)]
    assert "/申诉" in text(actions)
    assert not await muting.say("再说一句", by="qq:66")  # once
    # shared reputation: the removal in qq:1 counts in qq:2's 信用分 (the mute here repeats it: not twice)
    assert "违规 1 次 −15" in text(await muting.say("/信用", by="qq:66"))
    # a group outside the alliance knows nothing
    assert not of_type(await other.say("你好", by="qq:66"), NotifyAdmins)
    # the bound Telegram account asking to join the allied Telegram group is refused …
    d = await tg.request_join("tg:660", "砍价")
    assert d is not None and not d.approve
    # … and if already inside, is removed on sight when they speak
    actions = await tg.say("hi", by="tg:660", name="Wang")
    assert of_type(actions, Kick) == [Kick("tg:-100", "tg:660")]
    assert "qq:" not in text(tg.log)  # no QQ id in the Telegram group
    # audited in both groups; the penalty here is on record, so it can be appealed
    here = await engine.db.read(lambda c: repo.audit_recent(c, "tg:-100", 10))
    there = await engine.db.read(lambda c: repo.audit_recent(c, "qq:1", 10))
    assert any(a["action"] == "alliance:kick" and a["detail"]["from_group"] == "qq:1" for a in here)
    assert {a["detail"]["group"] for a in there if a["action"] == "alliance:seen_elsewhere"} == {
        "qq:2",
        "tg:-100",
    }
    assert await engine.db.read(lambda c: repo.latest_penalty_group(c, "tg:660")) == "tg:-100"
    appeal = await engine.handle_private(Member("tg:660"), "/申诉 我不是骗子")
    assert appeal and "申诉" in appeal[0].text


async def test_owners_of_both_sides_join_an_alliance(engine_factory):
    engine = await engine_factory(
        make_config({"alliance": True}, defaults={"commands": {"rate": 1000}})
    )
    a, b = FakeGroup(engine, "qq:10"), FakeGroup(engine, "tg:-200", caps=TG_CAPS)
    assert "邀请码" not in text(
        await a.say("/联盟 邀请 西部联盟", by="qq:1", role=Role.ADMIN)
    )  # owners only
    invited = text(await a.say("/联盟 邀请 西部联盟", by="qq:1", role=Role.OWNER))
    code = re.search(r"邀请码 ([A-Z0-9]{8})", invited).group(1)
    assert "本群自己发出" in text(await a.say(f"/联盟 加入 {code}", by="qq:1", role=Role.OWNER))
    assert "已加入联盟「西部联盟」" in text(
        await b.say(f"/联盟 加入 {code}", by="tg:2", role=Role.OWNER)
    )
    assert "已经用过" in text(await b.say(f"/联盟 加入 {code}", by="tg:2", role=Role.OWNER))
    assert "「西部联盟」（2 个群）" in text(await a.say("/联盟", by="qq:1", role=Role.OWNER))
    assert "已退出联盟「西部联盟」" in text(
        await b.say("/联盟 退出 西部联盟", by="tg:2", role=Role.OWNER)
    )
    assert "没有加入联盟" in text(await b.say("/联盟", by="tg:2", role=Role.OWNER))
