"""plugins.yaml mistakes an owner makes, said with the right line and what to write:
a Chinese input method's 「：」「　」「“”」, an unquoted group number, a duration
without a unit, a negative amount."""

from __future__ import annotations

from pathlib import Path

import pytest

from huzhu.core import config
from huzhu.testing import registry_with

SHIPPED = (Path(__file__).resolve().parent.parent / "plugins.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def registry():
    return registry_with()


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_full_width_colon_is_named_on_its_own_line(registry):
    text = SHIPPED.replace("      per_day: 3", "      per_day：3")
    result = config.loads(text, registry, lang="zh")
    assert result.fatal and len(result.errors) == 1
    err = result.errors[0]
    assert err.line == _line_of(text, "per_day：3")
    assert "全角冒号「：」" in err.message and "per_day: " in err.message
    en = config.loads(text, registry, lang="en").errors[0]
    assert "full-width colon" in en.message and en.line == err.line


def test_full_width_spaces_and_quotes(registry):
    text = SHIPPED.replace("      per_day: 3", "\u3000\u3000  per_day: 3")
    result = config.loads(text, registry, lang="zh")
    assert result.errors[0].line == _line_of(text, "per_day: 3")
    assert "全角空格" in result.errors[0].message
    quoted = SHIPPED.replace("severity: minor", "severity: “minor”", 1)
    result = config.loads(quoted, registry, lang="zh")
    assert any("全角引号" in w.message and w.line == _line_of(quoted, "“minor”")
               for w in result.warnings)  # fmt: skip


def test_a_rules_text_may_hold_full_width_punctuation(registry):
    text = (
        "defaults:\n  plugins:\n    rules:\n      text: |\n"
        "        \u3000\u3000第一条：先助人后求助。\n        QQ：12345\n        note: “请遵守”\n"
    )
    result = config.loads(text, registry, lang="zh")
    assert result.ok and not result.warnings, result.errors


def test_an_unquoted_group_number_says_what_to_write_and_hides_nothing(registry):
    text = SHIPPED + "  123456789:\n    plugin:\n      flood: false\n"
    result = config.loads(text, registry, lang="zh")
    messages = [(e.line, e.message) for e in result.errors]
    assert len(messages) == 2, messages
    (line, number), (typo_line, typo) = sorted(messages)
    assert line == _line_of(text, "123456789:") and '"qq:123456789"' in number
    assert typo_line == line + 1 and "plugins" in typo  # the other mistake is printed too
    assert not result.fatal and "tg:-1001234567890" in result.config.groups


def test_a_duration_without_a_unit_is_a_warning_saying_how_it_was_read(registry):
    text = SHIPPED.replace("cooldown: 10m", "cooldown: 10")
    result = config.loads(text, registry, lang="zh")
    assert result.ok
    (warning,) = [w for w in result.warnings if "cooldown" in w.path]
    assert warning.line == _line_of(text, "cooldown: 10")
    assert "按 10秒 读取" in warning.message and "10m" in warning.message
    assert not config.loads(SHIPPED, registry, lang="zh").warnings
    words = SHIPPED.replace("cooldown: 10m", "cooldown: 10分钟")
    assert config.loads(words, registry).config.defaults.plugins["quota"].settings == {
        "per_day": 3, "cooldown": "10分钟"}  # fmt: skip


def test_amount_and_levels_have_bounds(registry):
    text = SHIPPED.replace("      amount: 1 ", "      amount: -1 ")
    result = config.loads(text, registry, lang="zh")
    (err,) = result.errors
    assert err.line == _line_of(text, "amount: -1") and "不能是负数" in err.message
    balance = "defaults:\n  plugins:\n    help_before_ask: {require: balance, amount: -5}\n"
    assert config.loads(balance, registry).ok  # may owe 5 and still ask
    join = "defaults:\n  plugins:\n    join: {min_level: -3}\n"
    assert "不能小于 0" in config.loads(join, registry, lang="zh").errors[0].message


async def test_reload_says_the_warning_and_refuses_a_full_width_colon(engine_factory):
    from huzhu.testing import FakeGroup, text

    shipped = SHIPPED.replace("  - console:user", '  - "qq:10001"')
    engine = await engine_factory(shipped)
    path = engine.config_path
    owner = FakeGroup(engine, "qq:123456")
    path.write_text(shipped.replace("cooldown: 10m", "cooldown: 10"), encoding="utf-8")
    reply = text(await owner.say("/重载", by="qq:10001"))
    assert "配置已重新加载" in reply and "提示" in reply and "按 10秒 读取" in reply, reply
    path.write_text(shipped.replace("      per_day: 3", "      per_day：3"), encoding="utf-8")
    reply = text(await owner.say("/重载", by="qq:10001"))
    assert "继续使用上一次的有效配置" in reply and "全角冒号「：」" in reply, reply


def test_chinese_names_for_the_language_and_plugins_are_taken(registry):
    """language: 中文, and a plugin under the name /启用 takes (先助人后求助, 配额): read as
    zh and help_before_ask — so its settings are checked too (amount: -1 with require 每次)."""
    text = (
        "defaults:\n  language: 中文\n  plugins:\n"
        "    先助人后求助: {require: 每次, amount: 2}\n    配额: {per_day: 4}\n"
        "groups:\n  'qq:1': {language: 英文}\n"
    )
    result = config.loads(text, registry, lang="zh")
    assert not result.errors, result.errors
    defaults = result.config.defaults
    assert defaults.language == "zh" and result.config.groups["qq:1"].language == "en"
    assert defaults.plugins["help_before_ask"].settings == {"require": "per_request", "amount": 2}
    assert defaults.plugins["quota"].settings == {"per_day": 4}
    negative = config.loads(text.replace("amount: 2", "amount: -1"), registry, lang="zh")
    [err] = negative.errors
    assert err.path.endswith("先助人后求助.amount") and "不能是负数" in err.message
    assert err.line == 4
    twice = config.loads(text.replace("配额:", "quota: {}\n    配额:"), registry, lang="zh")
    assert any("已用 quota 写过一次" in e.message for e in twice.errors), twice.errors


def test_an_unknown_plugin_lists_the_chinese_names_with_their_keys(registry):
    result = config.loads("defaults:\n  plugins:\n    先助人后求组: {}\n", registry, lang="zh")
    [err] = result.errors
    assert "先助人后求助（help_before_ask）" in err.message and "求助配额（quota）" in err.message
    section = config.loads("defaults:\n  plugins:\n    派单: {}\n", registry, lang="zh")
    assert "请写在 queue 下面：queue: {dispatch: {...}}" in section.errors[0].message
