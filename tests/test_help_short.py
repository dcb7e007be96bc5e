"""/帮助 in a group is short, says once where to scroll when asked again, and lists no
command of a part switched off; the whole list comes on request or privately."""

from __future__ import annotations

from pathlib import Path

from huzhu.core import Role
from huzhu.core.events import Member
from huzhu.testing import FakeGroup, text

SHIPPED = (Path(__file__).resolve().parent.parent / "plugins.yaml").read_text(encoding="utf-8")
GID = "qq:1000"


async def test_group_help_is_short_and_points_at_the_rest(engine_factory):
    engine = await engine_factory(SHIPPED)
    g = FakeGroup(engine, GID)
    shown = text(await g.say("/帮助", by="qq:8"))
    lines = shown.splitlines()
    assert len(lines) <= 8, shown
    for name in ("求助", "已助", "确认", "我的"):
        assert f"/{name}　" in shown
    assert "/帮助 命令名" in lines[-1] and "/帮助 全部" in lines[-1]
    assert "/申诉" not in shown and "【" not in shown
    full = text(await g.say("/帮助 全部", by="qq:8"))
    assert "【查询】" in full and "/申诉　" in full and len(full.splitlines()) > 12
    admin = text(await g.say("/帮助", by="qq:3", role=Role.ADMIN))
    assert "/帮助 管理" in admin and "/警告" not in admin
    assert "/警告　" in text(await g.say("/帮助 管理", by="qq:3", role=Role.ADMIN))
    assert "/警告" not in text(await g.say("/帮助 管理", by="qq:8"))


async def test_the_same_help_again_is_a_pointer_once_then_nothing(engine_factory, clock):
    engine = await engine_factory(SHIPPED)
    g = FakeGroup(engine, GID)
    first = text(await g.say("/帮助", by="qq:8"))
    second = text(await g.say("/帮助", by="qq:9", name="小红"))
    assert second.startswith("小红") and "往上翻" in second and len(second.splitlines()) == 1
    assert "刚刚发过" in second  # 0 s ago is not 「1分钟前」
    third = text(await g.say("/帮助", by="qq:10", name="阿强"))  # everyone who asks is answered
    assert third.startswith("阿强") and "上面" in third and len(third.splitlines()) == 1
    clock.advance("2m")
    assert "2分钟前发过" in text(await g.say("/帮助", by="qq:12", name="老王"))
    clock.advance("6m")
    assert text(await g.say("/帮助", by="qq:11")) == first
    # an empty /排行 is not posted again unchanged either; /队列 has only its own guard, for a
    # page (queue.repeat_within): its one line when empty is simply said again
    answer = text(await g.say("/排行", by="qq:8"))
    assert "往上翻" not in answer
    assert "往上翻" in text(await g.say("/排行", by="qq:9"))
    assert "上面" in text(await g.say("/排行", by="qq:10"))
    empty = text(await g.say("/队列", by="qq:8"))
    assert "队列是空的" in empty and text(await g.say("/队列", by="qq:9")) == empty


async def test_repeats_may_be_turned_off(engine_factory):
    engine = await engine_factory("defaults:\n  commands: {repeat_within: 0}\n")
    g = FakeGroup(engine, GID)
    assert text(await g.say("/帮助", by="qq:8")) == text(await g.say("/帮助", by="qq:9"))


async def test_help_lists_no_command_of_a_part_switched_off(engine_factory):
    engine = await engine_factory(SHIPPED)
    g = FakeGroup(engine, GID)
    full = text(await g.say("/帮助 全部", by="qq:8"))
    assert "/接单" not in full and "/休息" not in full  # 派单 is off in the shipped file
    assert "/兑换" not in full and "/商店" not in full  # the shop sells nothing yet
    on = await engine_factory(
        "defaults:\n  plugins:\n    queue: {dispatch: {enabled: true}}\n"
        "    shop: {items: [{name: 置顶, price: 5, effect: pin}]}\n"
    )
    full_on = text(await FakeGroup(on, GID).say("/帮助 全部", by="qq:8"))
    assert "/接单　" in full_on and "/休息　" in full_on and "/兑换　" in full_on


async def test_help_sent_privately_is_the_full_list(engine_factory):
    engine = await engine_factory(SHIPPED)
    g = FakeGroup(engine, GID)
    await g.say("你好", by="qq:8")  # the bot knows qq:8's group
    private = await engine.handle_private(Member("qq:8", "小明"), "/帮助")
    assert private is not None and "【查询】" in text(private)


async def test_did_you_mean_offers_no_command_help_would_not_list(engine_factory):
    """The guesses for an unknown /命令 come from the list /帮助 shows: /兑换 is not offered
    while the shop sells nothing, and is once it does."""
    engine = await engine_factory(SHIPPED)
    said = text(await FakeGroup(engine, GID).say("/兑奂", by="qq:8"))
    assert "/兑换" not in said, said
    on = await engine_factory(
        "defaults:\n  plugins:\n    shop: {items: [{name: 置顶, price: 5, effect: pin}]}\n"
    )
    said = text(await FakeGroup(on, GID).say("/兑奂", by="qq:8"))
    assert "你是不是想用 /兑换" in said, said
