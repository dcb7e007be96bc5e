"""Admin commands take plugins by the names owners use: 防骗, 反诈, 派单 as well as anti_scam."""

from __future__ import annotations

from huzhu.core import Role
from huzhu.core.plugin import PluginMeta
from huzhu.core.settings.names import normalize, resolve
from huzhu.testing import FakeGroup, registry_with, text

QUEUE = "defaults:\n  plugins:\n    queue: {dispatch: {enabled: true, helpers_per_request: 3}}\n"


async def _owner(g: FakeGroup, said: str) -> str:
    return text(await g.say(said, by="qq:7", role=Role.OWNER))


def test_every_builtin_plugin_has_a_chinese_name_that_resolves_to_it():
    registry = registry_with()
    for name in registry.names():
        meta = registry.plugins[name].meta
        assert meta.title and not meta.title.isascii(), f"{name} has no Chinese title"
        assert resolve(registry, meta.title).plugin == name
        assert resolve(registry, name).plugin == name
        for alias in meta.aliases:
            assert resolve(registry, alias).plugin == name, alias
    assert resolve(registry, "反诈").plugin == "anti_scam"
    assert resolve(registry, "「防骗功能」").plugin == "anti_scam"
    assert resolve(registry, "anti-scam").plugin == "anti_scam"
    dispatch = resolve(registry, "派单")
    assert dispatch.plugin == "queue" and dispatch.section.key == "dispatch"
    assert resolve(registry, "飞机") is None
    assert normalize("ＡＮＴＩ_scam 插件") == "anti_scam"


def test_a_third_party_plugin_without_a_title_is_named_by_its_description():
    meta = PluginMeta(name="max_links", description="链接上限：每条消息最多 N 个链接")
    assert meta.display("zh") == "链接上限"
    assert PluginMeta(name="x", description="no colon here").display("zh") == "x"


async def test_disable_and_enable_by_chinese_name_and_alias(engine_factory):
    engine = await engine_factory(QUEUE)
    g = FakeGroup(engine, "qq:1")
    assert await _owner(g, "/禁用 反诈") == "已在本群禁用「防骗」。"
    assert engine.resolver.enabled("qq:1", "anti_scam") == (False, "override")
    assert await _owner(g, "/启用 防骗") == "已在本群启用「防骗」。"
    assert engine.resolver.enabled("qq:1", "anti_scam") == (True, "override")
    assert await _owner(g, "/禁用 flood") == "已在本群禁用「防刷屏」。"
    assert await _owner(g, "/禁用 信用") == "已在本群禁用「信用分」。"  # its command names it
    assert engine.resolver.enabled("qq:1", "reputation")[0] is False


async def test_disable_dispatch_switches_only_the_queues_dispatch(engine_factory):
    engine = await engine_factory(QUEUE)
    g = FakeGroup(engine, "qq:1")
    said = await _owner(g, "/禁用 派单")
    assert said == "已在本群关闭「派单」，「求助队列」的其他部分照常工作。"
    cfg = engine.resolver.plugin_config("qq:1", "queue")
    assert cfg.dispatch.enabled is False
    assert cfg.dispatch.helpers_per_request == 3  # the file's other dispatch settings stay
    assert "queue" in engine.resolver.group("qq:1").enabled
    assert "已在本群开启「派单」" in await _owner(g, "/启用 派单")
    assert engine.resolver.plugin_config("qq:1", "queue").dispatch.enabled is True
    await _owner(g, "/禁用 求助队列")
    said = await _owner(g, "/启用 派单")
    assert "「求助队列」本群还没有启用，发送 /启用 求助队列 后才会生效" in said


async def test_unknown_name_lists_the_plugins_by_chinese_name(engine_factory):
    engine = await engine_factory(QUEUE)
    g = FakeGroup(engine, "qq:1")
    said = await _owner(g, "/禁用 飞机")
    assert said.startswith("没有名为「飞机」的功能。可用的功能：联盟、防骗、")
    assert "求助队列" in said and "anti_scam" not in said
    assert "你是不是想说「防刷屏」" in await _owner(g, "/配置 防刷平")
    assert "不能禁用" in await _owner(g, "/禁用 core")


async def test_english_groups_read_english_names(engine_factory):
    engine = await engine_factory("defaults:\n  language: en\n")
    g = FakeGroup(engine, "qq:1")
    assert await _owner(g, "/disable anti_scam") == "'anti-scam' is now disabled in this group."
    assert await _owner(g, "/enable 反诈") == "'anti-scam' is now enabled in this group."
    said = await _owner(g, "/disable plane")
    assert "Plugins: alliance, anti_scam," in said


async def test_plugins_list_uses_chinese_names(engine_factory):
    engine = await engine_factory(QUEUE)
    shown = await _owner(FakeGroup(engine, "qq:1"), "/功能")
    assert "✅ 求助队列（默认配置）/队列、公平排序" in shown
    assert "✅ 防骗（插件默认）识别钓鱼" in shown  # the description does not repeat the name


async def test_a_disabled_plugins_command_names_it_in_chinese(engine_factory):
    engine = await engine_factory("defaults:\n  plugins:\n    reputation: false\n")
    said = text(await FakeGroup(engine, "qq:1").say("/信用", by="qq:8"))
    assert "/信用 属于「信用分」功能，本群未启用。管理员可发送 /启用 信用分" in said
