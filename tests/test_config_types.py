"""Wrong YAML types in any setting are validation errors with a line, never a crash (issue 16.1)."""

from __future__ import annotations

import pytest

from huzhu.core.config import Commands, Enforcement, Posting, Requests, loads
from huzhu.core.resolver import Resolver
from huzhu.testing import FakeGroup, Role, registry_with, text

#: what a careless owner leaves in plugins.yaml: blank, a list, a mapping, a word, a
#: 4,301-digit number, a boolean
BAD_VALUES = {
    "blank": "",
    "list": "[1]",
    "empty list": "[]",
    "mapping": "{a: 1}",
    "empty mapping": "{}",
    "word": "abc",
    "huge": "1" + "0" * 4300,
    "true": "true",
}
CORE_SECTIONS = {
    "enforcement": Enforcement,
    "commands": Commands,
    "requests": Requests,
    "posting": Posting,
}
REGISTRY = registry_with()


def _cases() -> list[tuple[str, str, str]]:
    """(yaml prefix path, setting, indent) for every setting of every built-in plugin and core section."""
    cases = []
    for name, plugin in sorted(REGISTRY.plugins.items()):
        for key in plugin.meta.config.model_fields:
            cases.append((f"plugins:\n    {name}:\n      ", key, f"plugins.{name}"))
    for section, model in CORE_SECTIONS.items():
        for key in model.model_fields:
            cases.append((f"{section}:\n    ", key, section))
    return cases


CASES = _cases()


def test_the_fuzz_covers_the_duration_settings_named_in_the_issue():
    covered = {f"{where}.{key}" for _, key, where in CASES}
    assert {"plugins.flood.window", "enforcement.decay", "requests.expiry"} <= covered
    assert {"plugins.reminder.expiring_before", "plugins.reminder.owe_at"} <= covered


@pytest.mark.parametrize("value", list(BAD_VALUES), ids=list(BAD_VALUES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_setting_survives_every_wrong_type(value, lang):
    crashed: list[str] = []
    for prefix, key, where in CASES:
        text = f"defaults:\n  {prefix}{key}: {BAD_VALUES[value]}\n"
        try:
            result = loads(text, REGISTRY, file="p.yaml", lang=lang)
            for err in result.errors:
                assert err.line is not None, err
                assert err.path.startswith(f"defaults.{where}.{key}") or err.path.startswith(
                    f"defaults.{where}"
                ), err
                assert "Traceback" not in err.message
                if lang == "zh":
                    assert "Input should" not in err.message and "Value error" not in err.message
                    assert len(err.message) < 400
                str(err)  # printing never fails (a 4,301-digit number would)
            if not result.errors:
                # accepted: the group's settings resolve without an exception
                Resolver(REGISTRY, result.config).group("qq:123456")
        except Exception as exc:
            crashed.append(f"{where}.{key} = {value}: {type(exc).__name__}: {exc}"[:300])
    assert crashed == []


def test_a_blank_duration_is_an_error_with_its_line_not_a_crash():
    text = "defaults:\n  plugins:\n    flood:\n      window:\n  enforcement:\n    decay: [1]\n"
    errors = sorted(str(e) for e in loads(text, REGISTRY, file="p.yaml", lang="zh").errors)
    assert errors == [
        "p.yaml:4: defaults.plugins.flood.window: 应为时长，如 30s、10m、2h、1d、10分钟、半小时、两天（现在是 null）",
        "p.yaml:6: defaults.enforcement.decay: 应为时长，如 30s、10m、2h、1d、10分钟、半小时、两天（现在是 […]）",
    ]


def test_each_bad_expiry_and_reminder_duration_is_reported():
    text = (
        "defaults:\n  requests:\n    expiry: {砍价: [], 助力: abc}\n"
        "  plugins:\n    reminder:\n      confirm_after: {}\n"
    )
    errors = [str(e) for e in loads(text, REGISTRY, file="p.yaml", lang="zh").errors]
    assert any("requests.expiry" in e and "砍价" in e and "助力" in e for e in errors), errors
    assert any(e.startswith("p.yaml:6: defaults.plugins.reminder.confirm_after") for e in errors)


# ---------------------------------------------------------------- the same through /配置
async def test_config_command_shows_durations_and_sources_in_chinese(engine_factory):
    engine = await engine_factory(
        'groups:\n  "qq:1":\n    plugins:\n      flood: {window: 20m}\n'
        "      reminder: {confirm_after: 30m}\n"
    )
    g = FakeGroup(engine, "qq:1")
    shown = text(await g.say("/配置 flood", role=Role.ADMIN))
    assert "· 发言时间窗（window）：20分钟　〔本群配置〕" in shown
    assert "（repeat_window）：5分钟　〔插件默认〕" in shown
    assert "1200" not in shown and "group" not in shown and "plugin）" not in shown
    reply = text(await g.say("/配置 reminder expiring_before 6h", role=Role.ADMIN))
    assert (
        reply
        == "已设置「提醒」的 求助过期前多久提醒（expiring_before） = 6小时（已保存，仅本群生效）。"
    )
    assert "（expiring_before）：6小时　〔管理员设置〕" in text(
        await g.say("/配置 reminder", role=Role.ADMIN)
    )
    plugins = text(await g.say("/功能", role=Role.ADMIN))
    assert "防刷屏（本群配置）" in plugins and "（插件默认）" in plugins
    assert "override" not in plugins and "defaults" not in plugins


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("[]", "应为时长"),
        ("{}", "应为时长"),
        ("abc", "「abc」不是时长"),
        ("true", "应为时长"),
        ("9" * 900, "值太长了"),
        ("9" * 200, "时长太长"),
        ("&a [*a]", "不是时长"),
    ],
)
async def test_config_command_refuses_wrong_types_in_words(engine_factory, raw, expected):
    engine = await engine_factory("defaults:\n  plugins:\n    flood: {}\n")
    g = FakeGroup(engine, "qq:1")
    reply = text(await g.say(f"/配置 flood window {raw}", role=Role.ADMIN))
    assert expected in reply, reply
    assert reply.startswith("设置无效：「防刷屏」的 发言时间窗（window）") or "值太长了" in reply
    assert "Input should" not in reply and "出错了" not in reply
    assert engine.resolver.plugin_config("qq:1", "flood").window == 60  # nothing changed


async def test_config_command_in_english_groups(engine_factory):
    engine = await engine_factory("defaults:\n  language: en\n  plugins:\n    flood: {}\n")
    g = FakeGroup(engine, "qq:1")
    reply = text(await g.say("/config flood messages lots", role=Role.ADMIN))
    assert reply.startswith(
        "Invalid setting: messages per member per window (messages) of 'flood control': "
        "expected a whole number, e.g. 10"
    )
    assert "1m" in text(await g.say("/config flood", role=Role.ADMIN))


async def test_config_command_switches_in_chinese(engine_factory):
    engine = await engine_factory("defaults:\n  plugins:\n    rules: {}\n")
    g = FakeGroup(engine, "qq:1")
    assert "（welcome）：开　〔插件默认〕" in text(await g.say("/配置 rules", role=Role.ADMIN))
    reply = text(await g.say("/配置 rules welcome 关", role=Role.ADMIN))
    assert reply == "已设置「群规」的 新成员入群时发群规（welcome） = 关（已保存，仅本群生效）。"
    assert engine.resolver.plugin_config("qq:1", "rules").welcome is False
    # an unquoted time of day typed in chat is taken as the time it looks like
    assert "（post_at） = 20:00" in text(await g.say("/配置 rules post_at 20:00", role=Role.ADMIN))


def test_choices_and_times_are_explained_in_chinese():
    text_ = (
        "defaults:\n  language: fr\n  enforcement: {explain: loud}\n"
        '  plugins:\n    reminder: {owe_at: 7pm, digest_at: ["25:00"]}\n'
    )
    errors = sorted(str(e) for e in loads(text_, REGISTRY, file="p.yaml", lang="zh").errors)
    assert errors == [
        "p.yaml:2: defaults.language: 只能是以下之一——中文（zh）；英文（en）（现在是「fr」）",
        "p.yaml:3: defaults.enforcement.explain: 只能是以下之一——私聊（private）：私聊告诉本人（平台不支持时在群里简短说明）；群里（group）：在群里说（现在是「loud」）",
        'p.yaml:5: defaults.plugins.reminder.digest_at[0]: 应为一天中的时刻，例如 "20:00"（现在是「25:00」）',
        'p.yaml:5: defaults.plugins.reminder.owe_at: 应为一天中的时刻，例如 "20:00"（现在是「7pm」）',
    ]
    # the fuzz above already holds the English side to no crash; here its words stay the scheduler's
    en = [str(e) for e in loads(text_, REGISTRY, file="p.yaml", lang="en").errors]
    assert any("'7pm' is not a local time such as 09:00" in e for e in en)
