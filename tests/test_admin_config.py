"""/配置 as owners use it: Chinese labels, human values, key=value, nested keys, /帮助."""

from __future__ import annotations

import pytest

from huzhu.core import Role
from huzhu.core.resolver import merge_layer
from huzhu.core.settings.view import coerce, field_at, split_assignment
from huzhu.plugins.queue import Config as QueueConfig
from huzhu.testing import FakeGroup, text

QUEUE = "defaults:\n  plugins:\n    queue: {dispatch: {enabled: true, helpers_per_request: 3}}\n"


async def _owner(g: FakeGroup, said: str) -> str:
    return text(await g.say(said, by="qq:7", role=Role.OWNER))


def test_assignments_are_split_however_they_are_typed():
    assert split_assignment("daily_cap=5", None) == ("daily_cap", "5")
    assert split_assignment("daily_cap", "= 5") == ("daily_cap", "5")
    assert split_assignment("daily_cap＝5", None) == ("daily_cap", "5")
    assert split_assignment("daily_cap", "5") == ("daily_cap", "5")
    assert split_assignment("text=欢迎", "大家") == ("text", "欢迎 大家")
    assert split_assignment("daily_cap=", None) == ("daily_cap", None)


def test_values_are_read_as_owners_write_them():
    enabled = field_at(QueueConfig, "dispatch.enabled")
    assert coerce("开", enabled) is True and coerce("否", enabled) is False
    assert coerce("false", enabled) is False
    assert coerce("5", field_at(QueueConfig, "dispatch.daily_cap")) == 5
    assert coerce("20分钟", field_at(QueueConfig, "dispatch.reassign_after")) == "20分钟"
    assert coerce('{"enabled": true}', field_at(QueueConfig, "dispatch")) == {"enabled": True}


async def test_lists_of_choices_and_times_are_written_without_brackets(engine_factory):
    engine = await engine_factory("defaults:\n  plugins:\n    content: {}\n    reminder: {}\n")
    g = FakeGroup(engine, "qq:1")
    said = await _owner(g, "/配置 内容规则 platforms=pdd、jd")
    assert said.endswith("（已保存，仅本群生效）。"), said
    assert engine.resolver.plugin_config("qq:1", "content").platforms == ("pdd", "jd")
    said = await _owner(g, "/配置 提醒 digest_at=21:00")  # one time, not YAML's 1260
    assert "= 21:00（" in said, said
    assert engine.resolver.plugin_config("qq:1", "reminder").digest_at == ["21:00"]


def test_a_dotted_override_keeps_the_sections_other_settings():
    merged = {"dispatch": {"enabled": True, "helpers_per_request": 3}}
    merge_layer(merged, {"dispatch.daily_cap": 5, "page_size": 8})
    assert merged == {
        "dispatch": {"enabled": True, "helpers_per_request": 3, "daily_cap": 5},
        "page_size": 8,
    }


async def test_config_shows_chinese_labels_and_human_values(engine_factory):
    engine = await engine_factory(QUEUE)
    g = FakeGroup(engine, "qq:1")
    shown = await _owner(g, "/配置 派单")
    assert shown.startswith("「派单」当前设置（修改：/配置 派单 设置项=值")
    assert "· 开启派单（enabled）：开　〔默认配置〕" in shown
    assert "· 多久没动静就改派（reassign_after）：10分钟　〔插件默认〕" in shown
    assert "· 暂停派单多久（pause_for）：1天　〔插件默认〕" in shown
    assert "600" not in shown and "86400" not in shown and "true" not in shown
    plugin = await _owner(g, "/配置 求助队列")
    assert "· 派单（dispatch）：开，共 16 项，发送 /配置 派单 查看" in plugin
    assert "· 每页几个求助（page_size）：5　〔插件默认〕" in plugin


@pytest.mark.parametrize(
    ("said", "path", "value", "reply"),
    [
        ("/配置 派单 daily_cap=5", "daily_cap", 5, "每人每天最多接几单（daily_cap） = 5"),
        ("/配置 派单 reassign_after=20分钟", "reassign_after", 1200, "（reassign_after） = 20分钟"),
        ("/配置 派单 reassign_after 2h", "reassign_after", 7200, "（reassign_after） = 2小时"),
        ("/配置 派单 pause_for=1天", "pause_for", 86400, "（pause_for） = 1天"),
        ("/配置 派单 remind_urgent=关", "remind_urgent", False, "（remind_urgent） = 关"),
        ("/配置 queue dispatch.daily_cap=7", "daily_cap", 7, "「求助队列」的 每人每天最多接几单"),
        ("/配置 求助队列 dispatch daily_cap=6", "daily_cap", 6, "（daily_cap） = 6"),
        ("/配置 派单 每人每天最多接几单=4", "daily_cap", 4, "（daily_cap） = 4"),
    ],
)
async def test_config_sets_with_key_equals_value(engine_factory, said, path, value, reply):
    engine = await engine_factory(QUEUE)
    g = FakeGroup(engine, "qq:1")
    answer = await _owner(g, said)
    assert reply in answer and answer.endswith("（已保存，仅本群生效）。"), answer
    dispatch = engine.resolver.plugin_config("qq:1", "queue").dispatch
    assert getattr(dispatch, path) == value
    assert dispatch.helpers_per_request == 3 and dispatch.enabled is True  # the file's stay


async def test_json_still_sets_a_whole_section(engine_factory):
    engine = await engine_factory(QUEUE)
    g = FakeGroup(engine, "qq:1")
    await _owner(g, "/配置 派单 daily_cap=9")
    said = await _owner(g, '/配置 queue dispatch {"enabled": false, "reassign_after": "20m"}')
    assert "开启派单（enabled）=关，多久没动静就改派（reassign_after）=20分钟" in said
    dispatch = engine.resolver.plugin_config("qq:1", "queue").dispatch
    assert (dispatch.enabled, dispatch.reassign_after, dispatch.daily_cap) == (False, 1200, 3)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "/配置 派单 daily_cap=很多",
            "每人每天最多接几单（daily_cap）：应为整数，例如 3（现在是「很多」）",
        ),
        (
            "/配置 派单 daily_cap=999",
            "每人每天最多接几单（daily_cap）：不能大于 200，例如 3（现在是 999）",
        ),
        (
            "/配置 派单 reassign_after=一会儿",
            "（reassign_after）：「一会儿」不是时长，如 30s、10m、2h、1d、10分钟",
        ),
        (
            "/配置 防刷屏 severity=big",
            "违规严重程度（severity）：只能是以下之一——轻微（minor）：记一次违规，按处罚阶梯处理；严重（severe）：",
        ),
        (
            "/配置 派单 enabled=也许",
            "开启派单（enabled）：应为 开 或 关（也可以写 是/否、要/不要、true/false）",
        ),
    ],
)
async def test_wrong_values_are_explained_in_chinese(engine_factory, said, expected):
    engine = await engine_factory(QUEUE + "    flood: {}\n")
    g = FakeGroup(engine, "qq:1")
    answer = await _owner(g, said)
    assert answer.startswith("设置无效：「") and expected in answer, answer
    assert "Input should" not in answer and "valid" not in answer
    assert answer.endswith("请改正后重发，原设置不变。")
    assert engine.resolver.plugin_config("qq:1", "queue").dispatch.daily_cap == 3


async def test_unknown_setting_gets_a_guess(engine_factory):
    engine = await engine_factory(QUEUE)
    said = await _owner(FakeGroup(engine, "qq:1"), "/配置 派单 dailycap=3")
    assert said.startswith("「派单」没有 dailycap 这一项。你是不是想写 daily_cap？可设置：enabled,")


async def test_settings_survive_a_restart_and_reset(engine_factory, tmp_path):
    data = tmp_path / "persist"
    engine = await engine_factory(QUEUE, data_dir=data)
    g = FakeGroup(engine, "qq:1")
    await _owner(g, "/配置 派单 daily_cap=5")
    await _owner(g, "/禁用 派单")
    await _owner(g, "/配置 防刷屏 window=2分钟")
    await engine.close()
    again = await engine_factory(QUEUE, data_dir=data)
    dispatch = again.resolver.plugin_config("qq:1", "queue").dispatch
    assert (dispatch.daily_cap, dispatch.enabled, dispatch.helpers_per_request) == (5, False, 3)
    assert again.resolver.plugin_config("qq:1", "flood").window == 120
    g2 = FakeGroup(again, "qq:1")
    assert "（daily_cap）：5　〔管理员设置〕" in await _owner(g2, "/配置 派单")
    said = await _owner(g2, "/配置 派单 daily_cap=重置")
    assert said == "已恢复「派单」的 每人每天最多接几单（daily_cap） 为配置文件中的值（现在是 3）。"
    assert again.resolver.plugin_config("qq:1", "queue").dispatch.daily_cap == 3


async def test_english_groups_read_english_labels(engine_factory):
    engine = await engine_factory("defaults:\n  language: en\n")
    g = FakeGroup(engine, "qq:1")
    said = await _owner(g, "/config queue dispatch.reassign_after=20m")
    assert said == (
        "Set time before reassigning (reassign_after) = 20m for 'request queue' "
        "(saved, this group only)."
    )
    shown = await _owner(g, "/config dispatch")
    assert "- time before reassigning (reassign_after): 20m (admin command)" in shown
    assert "- requests per member per day at most (daily_cap): 3 (plugin default)" in shown
    flood = await _owner(g, "/config flood")
    assert "- messages per member per window (messages): 10 (plugin default)" in flood
    assert "时间窗" not in flood and "\n- messages:" not in flood
    queue = await _owner(g, "/config queue")
    assert "- dispatch: off, 16 settings: send /config dispatch" in queue


def test_every_chinese_label_has_an_english_one():
    from huzhu.core.settings.view import label, paths, section_model
    from huzhu.testing import registry_with

    registry = registry_with()
    missing = []
    for name in registry.names():
        meta = registry.plugins[name].meta
        todo = paths(meta.config)
        while todo:
            path = todo.pop()
            if section_model(field_at(meta.config, path)) is not None:
                todo += paths(meta.config, path)
            if label(meta, path, "zh") != path.rsplit(".", 1)[-1] and path not in meta.labels_en:
                missing.append(f"{name}: {path}")
    assert not missing


# ---------------------------------------------------------------- /帮助
async def test_help_for_a_plugin_by_chinese_name(engine_factory):
    engine = await engine_factory(QUEUE)
    g = FakeGroup(engine, "qq:1")
    said = text(await g.say("/帮助 派单", by="qq:8"))
    assert said.startswith("「派单」是「求助队列」的一部分（本群已开启）：把每个求助私聊派给")
    assert "设置：/配置 派单" in said and "/禁用 派单" in said
    scam = text(await g.say("/帮助 反诈", by="qq:8"))
    assert scam.startswith("「防骗」（本群已开启）：识别钓鱼")
    assert "/举报" in scam and "设置：/配置 防骗" in scam


async def test_help_for_config_shows_the_new_syntax(engine_factory):
    engine = await engine_factory(QUEUE)
    said = text(await FakeGroup(engine, "qq:1").say("/帮助 配置", by="qq:8"))
    assert "用法：/配置 功能名 [设置项=值]" in said
    assert "/配置 派单 daily_cap=5" in said and "/配置 派单 reassign_after=20分钟" in said
    assert "开/关" in said and "重置" in said


def test_pydantics_own_words_never_reach_a_chinese_owner():
    from huzhu.core.config_errors import explain

    err = {"type": "url_parsing", "loc": ("page_size",), "msg": "Input should be a valid URL",
           "input": "abc"}  # fmt: skip
    said = explain(err, QueueConfig, "zh")
    assert said == "这个值用不了，例如 5（现在是「abc」）"
    assert explain(err, QueueConfig, "en").startswith("Input should be a valid URL")


async def test_a_setting_is_named_by_a_short_form_of_its_label(engine_factory):
    """/配置 求助配额 冷却 5分钟, /配置 限额 每天 5: the space form with a word of the label
    (or a common word for the key); a word two settings share is not guessed."""
    engine = await engine_factory(
        "defaults:\n  plugins:\n    quota: {}\n    reminder: {}\n    anti_scam: {}\n"
    )
    g = FakeGroup(engine, "qq:1")
    assert "（cooldown） = 5分钟" in await _owner(g, "/配置 求助配额 冷却 5分钟")
    assert "（per_day） = 5" in await _owner(g, "/配置 限额 每天 5")
    assert "（confirm_after） = 20分钟" in await _owner(g, "/配置 提醒 确认提醒 20分钟")
    shared = await _owner(g, "/配置 求助配额 每人 5")  # per_day, per_week and max_open
    assert "没有 每人 这一项" in shared, shared
    # the plugins.yaml path: the form /配置 takes
    dotted = await _owner(g, "/配置 quota.per_day 5")
    assert "请写成：/配置 求助配额 per_day=5" in dotted, dotted
