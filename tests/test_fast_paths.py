"""The fast paths of #22 catch what the slow paths caught: start-up (plugins.yaml) and
the per-message pipeline."""

from __future__ import annotations

import pytest

from huzhu.core import config_yaml
from huzhu.core.config import loads
from huzhu.core.config_yaml import MAX_DEPTH, YamlProblem
from huzhu.testing import registry_with
from tests.sample_plugins import Echo, Keyword


def _registry():
    return registry_with([Keyword(), Echo()])


def _nested(depth: int) -> str:
    return "a: " + "[" * depth + "1" + "]" * depth + "\n"


def test_a_file_without_anchors_is_still_refused_when_nested_too_deeply():
    # no "&" in the text: the cheap tree walk decides, as expanded_size did
    with pytest.raises(YamlProblem, match="nested too deeply"):
        config_yaml.parse(_nested(MAX_DEPTH + 2))
    node, data = config_yaml.parse(_nested(MAX_DEPTH - 2))
    assert data["a"] is not None
    for depth in (MAX_DEPTH - 2, MAX_DEPTH, MAX_DEPTH + 2):  # both walks agree
        node = config_yaml.Loader(_nested(depth)).get_single_node()
        try:
            a = config_yaml.expanded_size(node)
        except YamlProblem:
            a = None
        try:
            b = config_yaml.tree_size(node)
        except YamlProblem:
            b = None
        assert a == b


def test_cached_tags_read_every_scalar_as_before():
    text = "a: [yes, 'yes', 20:00, '20:00', 1, '1', null, ~, '', 1.5, 0x10]\nb: yes\n"
    _, data = config_yaml.parse(text)
    assert data["a"][:2] == [True, "yes"] and data["a"][2] == 1200 and data["a"][3] == "20:00"
    assert data["a"][4:] == [1, "1", None, None, "", 1.5, 16] and data["b"] is True


def test_the_same_bad_setting_in_two_groups_is_reported_for_each():
    # validation results are shared between groups with equal settings: errors are not
    text = (
        "groups:\n"
        '  "qq:1":\n    plugins:\n      keyword: {severity: high}\n'
        '  "qq:2":\n    plugins:\n      keyword: {severity: high}\n'
        '  "qq:3":\n    plugins:\n      keyword: {severity: 2}\n'
        '  "qq:4":\n    enforcement: {nonsense: 1}\n'
        '  "qq:5":\n    enforcement: {nonsense: 1}\n'
    )
    result = loads(text, _registry(), file="p.yaml")
    assert len(result.errors) == 4, [str(e) for e in result.errors]
    assert result.broken_groups == {"qq:1", "qq:2", "qq:4", "qq:5"}
    assert {str(e).split(":")[1] for e in result.errors} == {"4", "7", "12", "14"}
    assert "qq:3" in result.config.groups


@pytest.mark.parametrize(
    "text",
    [
        "a: [yes, 'yes', 20:00, '20:00', 1, '1', null, ~, '', 1.5, 0x10, -.inf]\nb: {c: d, c: e}\n",
        "a: !!str 12\nb: 2024-01-02\n",  # a tag, a date: the full constructor
        "a: {x: 1}\nb:\n  <<: {x: 2, y: 3}\n  z: 4\n",  # a merge key
        "? [1, 2]\n: x\n",  # a complex key: refused as before
        "=: 1\n",
    ],
)
def test_a_tree_reads_as_the_full_constructor_reads_it(text):
    import yaml

    try:
        expected = config_yaml.Loader(text).get_single_data()
    except yaml.YAMLError as exc:
        with pytest.raises(type(exc)):
            config_yaml.parse(text)
        return
    _, data = config_yaml.parse(text)
    assert data == expected and type(data) is type(expected)
    assert [type(v) for v in data.get("a", [])] == [type(v) for v in expected.get("a", [])]


MEMO_YAML = """
defaults:
  commands: {rate: 1000}
  plugins:
    flood: false
    anti_scam: {strict_new_members: 1d}
groups:
  "qq:2":
    plugins:
      anti_scam: {disable_rules: [brushing]}
"""


async def test_a_remembered_short_text_is_judged_as_the_first_time(engine_factory, clock):
    from huzhu.core import DeleteMessage
    from huzhu.plugins import anti_scam
    from huzhu.testing import FakeGroup, of_type

    engine = await engine_factory(MEMO_YAML)
    one, two = FakeGroup(engine, "qq:1"), FakeGroup(engine, "qq:2")
    ad = "刷单返利群，日结"
    for by in ("qq:5", "qq:6"):  # the second time from memory: still removed
        assert of_type(await one.say(ad, by=by), DeleteMessage)
    assert any(key[0].startswith("刷单返利群") for key in anti_scam._memo)  # (its NFKC form)
    # the same text in a group whose settings differ is judged by those settings
    assert not of_type(await two.say(ad, by="qq:5"), DeleteMessage)
    # the hosts of other sites are remembered too: a new member's link is still refused
    link = "看看 https://www.some-shop.top/x"
    await one.say("大家好", by="qq:8")
    await engine.flush_members()
    clock.advance(2 * 86400)
    assert await one.say(link, by="qq:8") == []  # established
    assert of_type(await one.say(link, by="qq:9"), DeleteMessage)  # new, from memory


async def test_a_remembered_share_link_still_gets_its_pointer(engine_factory, clock):
    from huzhu.testing import FakeGroup, text

    engine = await engine_factory("defaults:\n  commands: {rate: 1000}\n")
    link = "帮我砍一刀！https://mobile.yangkeduo.com/bargain.html?goods_id=1"
    for gid, by in (("qq:1", "qq:11"), ("qq:2", "qq:12")):  # the second from memory
        shown = text(await FakeGroup(engine, gid).say(link, by=by, name="小王"))
        assert shown.startswith("小王") and "这条拼多多链接" in shown and "/求助" in shown
    clock.advance(3600)
    assert await FakeGroup(engine, "qq:3").say("今天砍到了！谢谢", by="qq:13") == []
