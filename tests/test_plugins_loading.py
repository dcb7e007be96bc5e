"""Plugin discovery: entry points, the env switches, a plugin that fails to import, the layout."""

from __future__ import annotations

import re
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from huzhu.core import plugin as plugin_mod
from huzhu.core.plugin import PluginMeta, PluginRegistry

ROOT = Path(__file__).resolve().parents[1]


class _Dist:
    def __init__(self, name: str) -> None:
        self.name = name


def _ep(name: str, value: str, dist: str) -> EntryPoint:
    ep = EntryPoint(name=name, value=value, group="huzhu")
    object.__setattr__(ep, "dist", _Dist(dist))
    return ep


@pytest.fixture
def fake_entry_points(monkeypatch):
    eps = [
        _ep("rules", "huzhu.plugins.rules", "huzhu"),
        _ep("content", "huzhu.plugins.content", "huzhu"),
        _ep("broken", "tests.no_such_module", "third-party"),
        _ep("keywordish", "tests.sample_third_party", "third-party"),
    ]
    monkeypatch.setattr(
        plugin_mod, "entry_points", lambda group: [e for e in eps if e.group == group]
    )


def test_builtins_load_through_entry_points_and_broken_ones_are_reported(fake_entry_points, caplog):
    reg = PluginRegistry()
    reg.load_entry_points()
    assert reg.names() == ["content", "keywordish", "rules"]
    assert "broken" in reg.failed and "ModuleNotFoundError" in reg.failed["broken"]
    assert any("plugin broken failed to load" in r.getMessage() for r in caplog.records)
    assert reg.hooks_of("keywordish") == ("check_message",)


def test_load_plugins_allow_list(fake_entry_points, monkeypatch):
    monkeypatch.setenv("HUZHU_LOAD_PLUGINS", "rules, keywordish")
    reg = PluginRegistry()
    reg.load_entry_points()
    assert reg.names() == ["keywordish", "rules"]


def test_disable_autoload_keeps_only_builtins(fake_entry_points, monkeypatch):
    monkeypatch.setenv("HUZHU_DISABLE_PLUGIN_AUTOLOAD", "1")
    reg = PluginRegistry()
    reg.load_entry_points()
    assert reg.names() == ["content", "rules"] and not reg.failed


def test_duplicate_names_and_missing_meta_are_refused():
    reg = PluginRegistry()
    reg.load_module("huzhu.plugins.rules")
    with pytest.raises(ValueError, match="already loaded"):
        reg.load_module("huzhu.plugins.rules")
    with pytest.raises(TypeError, match="__plugin_meta__"):
        reg.register(object())


def test_config_without_forbid_is_made_strict():
    from pydantic import BaseModel, ValidationError

    class Loose(BaseModel):
        a: int = 1

    class P:
        __plugin_meta__ = PluginMeta(name="loose", description="", config=Loose)

    reg = PluginRegistry()
    reg.register(P())
    with pytest.raises(ValidationError):
        reg.plugins["loose"].meta.config.model_validate({"b": 2})


def test_layout_and_imports():
    import subprocess

    tracked = subprocess.run(
        ["git", "-c", "core.quotepath=off", "ls-files"],  # docs/群成员指南.md unquoted
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    top = {line.split("/", 1)[0] for line in tracked.splitlines() if not line.startswith(".")}
    assert {"core", "plugins", "adapters", "tests", "pyproject.toml", "plugins.yaml"} <= top
    assert top - {"core", "plugins", "adapters", "tests", "pyproject.toml", "plugins.yaml", "README.md",
                  "Makefile", "bench", "docs", "data", "examples", "deploy", "tools"} == set()  # fmt: skip
    bare = re.compile(r"^\s*(from|import) (core|plugins|adapters)\b", re.M)
    for folder in ("core", "plugins", "adapters", "tests", "bench", "tools"):
        for path in (ROOT / folder).rglob("*.py"):
            assert not bare.search(path.read_text(encoding="utf-8")), (
                f"{path} imports a bare package; use huzhu.*"
            )
    nonebot_users = [
        p.relative_to(ROOT).as_posix()
        for folder in ("core", "plugins")
        for p in (ROOT / folder).rglob("*.py")
        if re.search(r"^\s*(from|import) nonebot", p.read_text(encoding="utf-8"), re.M)
    ]
    assert nonebot_users == [], "only huzhu.adapters may import nonebot"
