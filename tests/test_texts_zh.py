"""No machine words in Chinese: every catalogue text and every command's usage and summary.

Walks the core's texts, the help desk's, every built-in plugin's ``meta.texts``
and every command the built-ins register, in Chinese, and fails on ASCII
placeholders (``<id>``, ``[page]``) and English words. Allowed: ``{fields}``
filled in at run time, web addresses, ``/command`` names (English aliases shown
on purpose), keys of plugins.yaml (and, in examples, plugin and setting names)
as owners type them, platform names, units written after a number (``10m``,
``2h``) and the few ASCII words below. Each offender is reported as
``catalogue:key: word in «text»`` so the whole list can be fixed in one go.
"""

from __future__ import annotations

import re

import pytest

from huzhu.core.config import _Block, _File
from huzhu.core.requests import helpdesk
from huzhu.core.texts import TEXTS
from huzhu.core.trust import claims as evidence_claims
from huzhu.core.trust import evidence as evidence_table
from huzhu.testing import registry_with

#: ASCII words that are the right word in Chinese text too
ALLOWED = {"QQ", "Telegram", "NapCat", "Lagrange", "OneBot", "cron", "IP", "Ctrl"}  # Ctrl: a key
#: what an owner types into plugins.yaml itself, named in the file's error messages only
FILE_WORDS = {"YAML", "UTF", "ID", "true", "false", "enabled", "qq", "tg", "console", "general"}
#: keys of plugins.yaml, named as the owner types them (``请检查 superusers``)
YAML_KEYS = set(_File.model_fields) | set(_Block.model_fields)
_FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_URL = re.compile(r"https?://\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/\S*)?")
_COMMAND = re.compile(r"[/／][A-Za-z0-9_]+")
_CODE = re.compile(r"([¥￥€$])[A-Za-z0-9]{6,40}\1")  # a 淘宝 口令 in an example
_UNIT = re.compile(r"\b\d+(?:s|m|h|d|w|min)\b", re.I)
_ANGLE = re.compile(r"<[^<>\n]{1,40}>")
_ASCII_BRACKET = re.compile(r"\[[ -~]*[A-Za-z][ -~]*\]")
_WORD = re.compile(r"[A-Za-z]{2,}")


def offences(text: str) -> list[str]:
    """The machine words in one Chinese text."""
    found = [m.group(0) for m in _ANGLE.finditer(text)]
    found += [m.group(0) for m in _ASCII_BRACKET.finditer(text)]
    rest = _FIELD.sub(" ", text)
    rest = _URL.sub(" ", rest)
    rest = _CODE.sub(" ", rest)
    rest = _COMMAND.sub(" ", rest)
    rest = _UNIT.sub(" ", rest)
    rest = _ANGLE.sub(" ", rest)
    rest = _ASCII_BRACKET.sub(" ", rest)
    found += [w for w in _WORD.findall(rest) if w not in ALLOWED and w not in YAML_KEYS]
    return found


def test_the_checker_catches_what_it_should():
    assert offences("用法：/已助 <id>") == ["<id>"]
    assert offences("/队列 [page]") == ["[page]"]
    assert offences("来源：override=管理员设置，group=本群配置") == ["override", "group"]
    assert offences("请检查 superusers 后再发 /重载") == []
    assert offences("Input should be a valid integer") != []
    assert offences("发送 /help 或 /帮助，{name} 10m、2h，https://mobile.yangkeduo.com/x") == []
    assert offences("/求助 链接或口令 [备注]") == []


def _catalogues() -> list[tuple[str, dict[str, str]]]:
    registry = registry_with()
    from huzhu.adapters import console
    from huzhu.core import config_errors

    found = [
        ("core", TEXTS.templates("zh")),
        ("helpdesk", helpdesk.TEXTS.templates("zh")),
        ("config_errors", config_errors.TEXTS.templates("zh")),
        ("console", console.TEXTS.templates("zh")),
        ("evidence", evidence_claims.TEXTS.templates("zh")),
        ("evidence reasons", {s.label: s.reason[0] for s in evidence_table.SIGNS if s.reason[0]}),
    ]
    for name in registry.names():
        texts = registry.plugins[name].meta.texts
        if texts is not None:
            found.append((name, texts.templates("zh")))
        meta = registry.plugins[name].meta
        found.append((name, {"description": meta.description}))
    return found


async def _commands(engine_factory) -> list[tuple[str, dict[str, str]]]:
    engine = await engine_factory(None)
    found = []
    for cmd in engine.commands.commands.values():
        texts = {"usage": cmd.usage("zh"), "summary": cmd.describe("zh")}
        for arg in cmd.args:
            texts[f"arg {arg.name}"] = arg.display("zh")
        for i, example in enumerate(cmd.examples):
            # plugin names and setting keys are typed as they are: allowed in examples
            words = set(engine.registry.names())
            for plugin in engine.registry.plugins.values():
                words |= set(plugin.meta.config.model_fields)
                for field in plugin.meta.config.model_fields.values():  # sections' settings
                    inner = field.annotation
                    if isinstance(inner, type) and hasattr(inner, "model_fields"):
                        words |= set(inner.model_fields)
            texts[f"example {i}"] = " ".join(_typed(w, words) for w in example.split())
        found.append((f"/{cmd.name} ({cmd.plugin})", texts))
    return found


def _typed(word: str, keys: set[str]) -> str:
    """An example's word without the setting keys an owner types (``daily_cap=5`` → ``5``)."""
    key, eq, value = word.partition("=")
    if eq and all(part in keys for part in key.split(".")):
        return value
    return "" if word in keys else word


def _report(catalogues: list[tuple[str, dict[str, str]]]) -> list[str]:
    lines = []
    for where, texts in catalogues:
        for key, text in texts.items():
            bad = offences(text)
            if where == "config_errors":  # about the file: its literals are the right words
                bad = [w for w in bad if w not in FILE_WORDS]
            if bad:
                lines.append(f"{where}:{key}: {', '.join(bad)} in «{text[:80]}»")
    return lines


def test_no_machine_words_in_chinese_catalogues():
    bad = _report(_catalogues())
    if bad:
        pytest.fail(f"{len(bad)} Chinese texts with machine words:\n" + "\n".join(bad))


async def test_no_machine_words_in_chinese_usage_lines_and_summaries(engine_factory):
    bad = _report(await _commands(engine_factory))
    if bad:
        pytest.fail(f"{len(bad)} Chinese usage lines with machine words:\n" + "\n".join(bad))
