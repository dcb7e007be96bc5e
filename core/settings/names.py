"""The names owners give plugins in admin commands: 防骗, 反诈, anti_scam, 派单 …

``/启用``, ``/禁用``, ``/配置`` and ``/帮助`` take a plugin's module name
(``anti_scam``), its title (防骗, ``PluginMeta.title``), its aliases (反诈), the
title of one of its sections (派单, a part of the queue), or one of its commands
(信用 names the reputation plugin). One index per set of plugins and commands.
"""

from __future__ import annotations

import difflib
import unicodedata
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from huzhu.core.plugin import CORE, PluginMeta, PluginRegistry, Section

if TYPE_CHECKING:
    from huzhu.core.commands import CommandTable

#: words owners add to a name: 防骗功能, 派单插件
_SUFFIXES = ("功能", "插件", "模块", "plugin")
_STRIP = "「」『』“”\"'‘’《》<>[]【】()（）/／"


@dataclass(frozen=True)
class Target:
    """What a name stands for: a plugin, or one section of it."""

    plugin: str
    section: Section | None = None


def normalize(word: str) -> str:
    """A name as compared: full-width folded, quotes and spaces dropped, lower case."""
    text = unicodedata.normalize("NFKC", word).strip().strip(_STRIP).lower()
    text = text.replace(" ", "").replace("-", "_")
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text


def display(meta: PluginMeta, target: Target, lang: str) -> str:
    """The name a ``lang`` group reads for ``target``."""
    return target.section.display(lang) if target.section is not None else meta.display(lang)


#: each registry's index, with the plugin and command versions it was built from
_INDEXES: weakref.WeakKeyDictionary[
    PluginRegistry, tuple[tuple[int, int, int], dict[str, Target]]
] = weakref.WeakKeyDictionary()


def _index(registry: PluginRegistry, commands: CommandTable | None) -> dict[str, Target]:
    key = (registry.generation, id(commands), commands.version if commands is not None else -1)
    hit = _INDEXES.get(registry)
    if hit is not None and hit[0] == key:
        return hit[1]
    index: dict[str, Target] = {}
    metas = [registry.plugins[n].meta for n in registry.names()]
    # earlier kinds of name win: a module name over a title, a title over an alias …
    for meta in metas:
        index.setdefault(normalize(meta.name), Target(meta.name))
    for meta in metas:
        for title in (meta.title, meta.title_en, meta.display("zh"), meta.display("en")):
            if title:
                index.setdefault(normalize(title), Target(meta.name))
    for meta in metas:
        for alias in meta.aliases:
            index.setdefault(normalize(alias), Target(meta.name))
    for meta in metas:
        for section in meta.sections:
            for word in (section.title, section.title_en, *section.aliases):
                if word:
                    index.setdefault(normalize(word), Target(meta.name, section))
    if commands is not None:
        for cmd in commands.commands.values():
            if cmd.plugin and cmd.plugin != CORE and cmd.plugin in registry.plugins:
                for word in (cmd.name, *cmd.aliases):
                    index.setdefault(normalize(word), Target(cmd.plugin))
    _INDEXES[registry] = (key, index)
    return index


def resolve(
    registry: PluginRegistry, word: str, commands: CommandTable | None = None
) -> Target | None:
    """The plugin (or section) ``word`` names, or None."""
    return _index(registry, commands).get(normalize(word))


def closest(
    registry: PluginRegistry, word: str, lang: str, commands: CommandTable | None = None
) -> str | None:
    """The display name of the plugin whose name is closest to ``word`` (a typo), if any."""
    index = _index(registry, commands)
    wanted = normalize(word)
    # one wrong character in a short Chinese name (派丹, 防刷平) is a large part of it
    cutoff = 0.5 if len(wanted) <= 2 else 0.6 if len(wanted) <= 4 else 0.7
    close = difflib.get_close_matches(wanted, list(index), n=1, cutoff=cutoff)
    if not close:
        return None
    target = index[close[0]]
    return display(registry.plugins[target.plugin].meta, target, lang)


def summary(meta: PluginMeta, lang: str) -> str:
    """The description without the name it opens with (防骗：识别… under the name 防骗)."""
    text, head = meta.describe(lang), meta.display(lang)
    for colon in ("：", ": ", ":"):
        if text.lower().startswith(head.lower() + colon):
            return text[len(head) + len(colon) :].strip()
    return text


def listing(registry: PluginRegistry, lang: str) -> str:
    """Every plugin by the name a ``lang`` group uses: 防骗、求助队列… / ``anti_scam`` …"""
    metas = [registry.plugins[n].meta for n in registry.names()]
    if lang == "en":
        return ", ".join(m.name for m in metas)
    return "、".join(m.display("zh") for m in metas)
