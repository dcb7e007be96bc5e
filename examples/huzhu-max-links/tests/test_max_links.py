"""max_links, tested with the kit huzhu ships (the fixtures come from huzhu's pytest11 plugin)."""

from huzhu.core import DeleteMessage, Mute
from huzhu.testing import make_config

LINK = "https://mobile.yangkeduo.com/a.html?id={}"


def links(n: int) -> str:
    return " ".join(LINK.format(i) for i in range(n))


async def test_up_to_the_limit_passes(huzhu_group):
    group = await huzhu_group(make_config({"max_links": {"limit": 2}}))
    await group.push("帮我砍一刀 " + links(2), by="qq:42")
    assert not group.actions(DeleteMessage)


async def test_one_more_is_removed_with_the_reason(huzhu_group):
    group = await huzhu_group(make_config({"max_links": {"limit": 2}}))
    await group.push("帮我砍一刀 " + links(3), by="qq:42")
    assert group.actions(DeleteMessage)
    assert "最多 2 个链接" in group.pop()


async def test_severe_setting_goes_further_up_the_ladder(huzhu_group):
    group = await huzhu_group(make_config({"max_links": {"limit": 1, "severity": "severe"}}))
    await group.push(links(5), by="qq:42")
    assert group.actions(Mute)


async def test_only_where_enabled(huzhu_group):
    yaml_text = make_config(groups={"qq:1": {"plugins": {"max_links": {"limit": 1}}}})
    group = await huzhu_group(yaml_text, group="qq:2")
    await group.push(links(5), by="qq:42")
    assert not group.actions(DeleteMessage)
