"""plugins.yaml: validation with line numbers, precedence, broken blocks, reload, `huzhu check`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from huzhu.core import Role
from huzhu.core.config import loads
from huzhu.testing import FakeGroup, registry_with, text
from tests.sample_plugins import Echo, Keyword

ROOT = Path(__file__).resolve().parents[1]


def _registry():
    return registry_with([Keyword(), Echo()])


def test_shipped_plugins_yaml_is_valid():
    result = loads((ROOT / "plugins.yaml").read_text(encoding="utf-8"), registry_with())
    assert result.errors == []
    assert "tg:-1001234567890" in result.config.groups


def test_typo_in_a_plugin_setting_names_the_line():
    yaml_text = "defaults:\n  plugins:\n    keyword:\n      wrod: eggs\n"
    result = loads(yaml_text, _registry(), file="p.yaml")
    assert [str(e) for e in result.errors] == [
        "p.yaml:4: defaults.plugins.keyword.wrod: unknown setting; did you mean 'word'? "
        "Known settings: remove, severity, word."
    ]


def test_wrong_type_and_yaml_syntax_and_unknown_plugin():
    bad = loads(
        'groups:\n  "qq:1":\n    plugins:\n      keyword: {severity: high}\n',
        _registry(),
        file="p.yaml",
    )
    assert (
        'p.yaml:4: groups."qq:1".plugins.keyword.severity: expected a whole number, e.g. 2'
        in str(bad.errors[0])
    )
    syntax = loads("defaults:\n  plugins: [a,\n", _registry(), file="p.yaml")
    assert (
        syntax.fatal
        and syntax.errors[0].line == 3
        and "YAML syntax error" in syntax.errors[0].message
    )
    unknown = loads("defaults:\n  plugins:\n    keywrod: {}\n", _registry(), file="p.yaml")
    assert "p.yaml:3" in str(unknown.errors[0]) and "did you mean 'keyword'" in str(
        unknown.errors[0]
    )


def test_every_error_is_reported_not_just_the_first():
    yaml_text = """\
defaults:
  languag: zh
  enforcement:
    ladder: [warn, "mute:3s", explode]
groups:
  "qq:1":
    language: fr
    plugins: {nothere: {}}
  "irc:1": {}
  "qq:2":
    plugins: {keyword: {word: a}}
  "qq:2":
    plugins: {}
"""
    errors = [str(e) for e in loads(yaml_text, _registry(), file="p.yaml").errors]
    assert any(
        e.startswith("p.yaml:2: defaults.languag: unknown key; did you mean 'language'")
        for e in errors
    )
    assert any(
        e.startswith("p.yaml:4: defaults.enforcement.ladder") and "1 minute" in e for e in errors
    )
    assert any(e.startswith('p.yaml:7: groups."qq:1".language') for e in errors)
    assert any(
        e.startswith('p.yaml:8: groups."qq:1".plugins.nothere: unknown plugin') for e in errors
    )
    assert any(e.startswith('p.yaml:9: groups."irc:1": a group id is platform:id') for e in errors)
    assert any(e.startswith('p.yaml:12: groups."qq:2": duplicate key') for e in errors)


def test_a_broken_group_block_does_not_take_others_down():
    yaml_text = """\
defaults:
  plugins: {keyword: {word: spam}}
groups:
  "qq:1":
    plugins: {keyword: {word: 123, severity: x}}
  "qq:2":
    plugins: {keyword: {word: eggs}}
"""
    result = loads(yaml_text, _registry())
    assert result.broken_groups == {"qq:1"}
    assert "qq:2" in result.config.groups and "qq:1" not in result.config.groups


async def test_precedence_override_group_defaults_plugin(engine_factory):
    yaml_text = """\
defaults:
  plugins:
    keyword: {word: spam, remove: true}
groups:
  "qq:1":
    plugins:
      keyword: {word: eggs}
"""
    engine = await engine_factory(yaml_text, plugins=[Keyword(), Echo()])
    r = engine.resolver
    assert r.plugin_config("qq:1", "keyword").model_dump() == {
        "word": "eggs",
        "severity": 2,
        "remove": True,
    }
    assert r.sources("qq:1", "keyword") == {
        "word": "group",
        "severity": "plugin",
        "remove": "defaults",
    }
    admin = FakeGroup(engine, "qq:1")
    reply = text(await admin.say("/配置 keyword word ham", role=Role.ADMIN))
    assert "已设置「keyword」的 word = ham" in reply
    assert r.plugin_config("qq:1", "keyword").word == "ham"
    assert r.sources("qq:1", "keyword")["word"] == "override"
    assert "不要说 ham" in text(await admin.say("ham and eggs"))
    assert r.enabled("qq:1", "echo") == (True, "plugin")
    assert r.enabled("qq:1", "keyword") == (True, "group")
    assert r.enabled("qq:3", "keyword") == (True, "defaults")
    shown = text(await admin.say("/功能", role=Role.ADMIN))
    assert "✅ keyword（本群配置）" in shown and "✅ echo（插件默认）" in shown
    assert "override" not in shown and "group" not in shown
    reset = text(await admin.say("/配置 keyword word 重置", role=Role.ADMIN))
    assert "恢复" in reset and r.plugin_config("qq:1", "keyword").word == "eggs"


async def test_admin_commands_validate_and_persist(engine_factory, tmp_path):
    yaml_text = "defaults:\n  plugins: {keyword: {}}\n"
    data = tmp_path / "persist"
    engine = await engine_factory(yaml_text, plugins=[Keyword(), Echo()], data_dir=data)
    g = FakeGroup(engine, "qq:1")
    assert "设置无效：「keyword」的 severity：应为整数，例如 2（现在是「lots」）" in text(
        await g.say("/配置 keyword severity lots", role=Role.ADMIN)
    )
    assert "没有 colour 这一项" in text(await g.say("/配置 keyword colour red", role=Role.ADMIN))
    assert "你是不是想说「keyword」" in text(await g.say("/禁用 keywrd", role=Role.ADMIN))
    assert "已在本群禁用「keyword」" in text(await g.say("/禁用 keyword", role=Role.ADMIN))
    assert await g.say("spam") == []
    assert "不能禁用" in text(await g.say("/禁用 core", role=Role.ADMIN))
    await engine.close()
    engine2 = await engine_factory(yaml_text, plugins=[Keyword(), Echo()], data_dir=data)
    assert engine2.resolver.enabled("qq:1", "keyword") == (False, "override")
    assert await FakeGroup(engine2, "qq:1").say("spam") == []
    assert "不要说 spam" in text(await FakeGroup(engine2, "qq:2").say("spam"))
    shown = text(await FakeGroup(engine2, "qq:1").say("/功能", role=Role.OWNER))
    assert "⛔ keyword（管理员设置）" in shown


async def test_reload_keeps_last_good_config(engine_factory, tmp_path):
    good = 'superusers: ["qq:1"]\ndefaults:\n  plugins: {keyword: {word: spam}}\n'
    engine = await engine_factory(good, plugins=[Keyword(), Echo()])
    path = engine.config_path
    path.write_text("defaults: [oops\n", encoding="utf-8")
    reply = text(await FakeGroup(engine).say("/重载", by="qq:1"))
    assert "继续使用上一次的有效配置" in reply
    assert "plugins.yaml:2: YAML 语法错误：列表 [ ] 没写完：缺少逗号或右括号 ]" in reply
    assert "不要说 spam" in text(await FakeGroup(engine).say("spam"))
    path.write_text(
        good
        + 'groups:\n  "qq:5": {plugins: {keyword: {word: 1}}}\n  "qq:6": {plugins: {keyword: {word: eggs}}}\n',
        encoding="utf-8",
    )
    reply = text(await FakeGroup(engine).say("/重载", by="qq:1"))
    assert "以下部分有误" in reply and "qq:5" in reply
    assert "eggs" in text(await FakeGroup(engine, "qq:6").say("eggs"))
    assert "spam" in text(await FakeGroup(engine, "qq:5").say("spam"))  # broken block: defaults


def _huzhu(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "huzhu.core.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_huzhu_check_cli(tmp_path):
    ok = _huzhu("check", str(ROOT / "plugins.yaml"))
    assert ok.returncode == 0 and "OK" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("defaults:\n  plugins:\n    rules:\n      txt: hi\n", encoding="utf-8")
    res = _huzhu("check", str(bad))
    assert res.returncode == 1
    assert (
        f"{bad}:4: defaults.plugins.rules.txt: 没有这个设置项。你是不是想写「text」？" in res.stdout
    )
    res = _huzhu("check", "--lang", "en", str(bad))
    assert (
        f"{bad}:4: defaults.plugins.rules.txt: unknown setting; did you mean 'text'?" in res.stdout
    )
    missing = _huzhu("check", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_huzhu_plugins_cli():
    res = _huzhu("plugins")
    assert res.returncode == 0
    assert "rules" in res.stdout and "hooks: member_joined" in res.stdout
    assert "content" in res.stdout and "check_message" in res.stdout
