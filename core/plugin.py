"""Plugin metadata, discovery (entry-point group ``huzhu``) and the registry."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import pluggy
from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer

from huzhu.core import hookspecs
from huzhu.core.events import Severity
from huzhu.core.hookspecs import PROJECT
from huzhu.core.i18n import EMPTY, Catalog

log = logging.getLogger("huzhu.plugins")

ENTRY_POINT_GROUP = PROJECT
BUILTIN_DIST = "huzhu"
CORE = "core"
#: modules loaded from a ``plugins_dir`` live under this name in ``sys.modules``
LOCAL_PREFIX = "huzhu_local_plugins"


class PluginConfig(BaseModel):
    """Base for plugin settings: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _severity(value: Any) -> Severity:
    if isinstance(value, str):
        try:
            return Severity[value.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r}; use one of: info, review, minor, severe"
            ) from None
    return Severity(value)


#: A Config field owners write as ``info``, ``review``, ``minor`` or ``severe``.
SeverityLevel = Annotated[
    Severity,
    BeforeValidator(_severity),
    PlainSerializer(lambda s: s.name.lower(), return_type=str),
]


class NoConfig(PluginConfig):
    """Settings of a plugin that has none."""


@dataclass(frozen=True)
class Section:
    """A part of a plugin with a name of its own (派单 in the queue): a nested settings model.

    Owners may name it in /启用, /禁用, /配置 and /帮助 like a plugin; ``key`` is the
    field of the plugin's ``Config`` that holds its settings (switched by its ``enabled``).
    """

    key: str
    title: str
    title_en: str = ""
    aliases: tuple[str, ...] = ()
    description: str = ""
    description_en: str = ""

    def display(self, lang: str) -> str:
        """The section's name for a ``lang`` group."""
        return self.title_en if lang == "en" and self.title_en else self.title

    def describe(self, lang: str) -> str:
        """The description in ``lang``."""
        return self.description_en if lang == "en" and self.description_en else self.description


@dataclass(frozen=True)
class PluginMeta:
    """What every plugin declares as ``__plugin_meta__``.

    ``title`` is the name owners use (防骗, 求助队列); ``aliases`` are other names admin
    commands accept (反诈). ``labels`` name settings in Chinese, by field (``daily_cap``)
    or path (``dispatch.daily_cap``), where the field has no ``title`` of its own;
    ``labels_en`` name them for English groups (missing ones show the key).
    """

    name: str
    description: str
    usage: str = ""
    config: type[BaseModel] = NoConfig
    default_enabled: bool = False
    texts: Catalog = EMPTY
    description_en: str = ""
    title: str = ""
    title_en: str = ""
    aliases: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)
    labels_en: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)

    def describe(self, lang: str) -> str:
        """The description in ``lang``."""
        return self.description_en if lang == "en" and self.description_en else self.description

    def display(self, lang: str) -> str:
        """The plugin's name for a ``lang`` group: its title, else the head of its description
        (``防刷屏：…``), else its name."""
        title = self.title_en if lang == "en" else self.title
        if title:
            return title
        text = self.describe(lang)
        for colon in ("：", ":"):
            head = text.split(colon, 1)[0].strip()
            if colon in text and 0 < len(head) <= 12:
                return head
        return self.name


@dataclass
class LoadedPlugin:
    """A plugin the registry holds."""

    meta: PluginMeta
    module: Any
    source: str
    hooks: tuple[str, ...] = field(default_factory=tuple)


def _forbid_extra(model: type[BaseModel]) -> type[BaseModel]:
    """Make sure a plugin's Config rejects unknown keys, even if its author forgot."""
    if model.model_config.get("extra") == "forbid":
        return model
    return type(
        model.__name__, (model,), {"model_config": {**model.model_config, "extra": "forbid"}}
    )


class PluginRegistry:
    """Holds the pluggy manager and the metadata of every loaded plugin."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.plugins: dict[str, LoadedPlugin] = {}
        self.failed: dict[str, str] = {}
        self.generation = 0
        self._local: dict[Path, str] = {}

    def names(self) -> list[str]:
        """Names of the loaded plugins, sorted."""
        return sorted(self.plugins)

    def register(self, module: ModuleType | Any, source: str = "local") -> LoadedPlugin:
        """Register a plugin object (normally a module) that has ``__plugin_meta__``."""
        meta = getattr(module, "__plugin_meta__", None)
        if not isinstance(meta, PluginMeta):
            raise TypeError(f"{module!r} has no __plugin_meta__ of type PluginMeta")
        if meta.name in self.plugins or meta.name == CORE:
            raise ValueError(f"a plugin named {meta.name!r} is already loaded")
        meta = PluginMeta(**{**meta.__dict__, "config": _forbid_extra(meta.config)})
        self.pm.register(module, name=meta.name)
        hooks = tuple(
            sorted(
                hook.name
                for hook in self.pm.get_hookcallers(module) or []
                if hook.name != "register_commands"
            )
        )
        loaded = LoadedPlugin(meta=meta, module=module, source=source, hooks=hooks)
        self.plugins[meta.name] = loaded
        self.generation += 1
        return loaded

    def load_entry_points(self) -> None:
        """Load plugins from the ``huzhu`` entry-point group, honouring the env switches.

        ``HUZHU_LOAD_PLUGINS=a,b`` loads only those names;
        ``HUZHU_DISABLE_PLUGIN_AUTOLOAD=1`` loads only the built-in plugins.
        A plugin that fails to import is reported and skipped.
        """
        allow_env = os.environ.get("HUZHU_LOAD_PLUGINS", "").strip()
        allow = {n.strip() for n in allow_env.split(",") if n.strip()} if allow_env else None
        no_autoload = os.environ.get("HUZHU_DISABLE_PLUGIN_AUTOLOAD", "").strip() not in ("", "0")
        #: distribution → its name: each ``.name`` parses the METADATA file again (the
        #: built-in plugins' one holds the whole README: ~5 ms a plugin at start-up)
        dist_names: dict[Any, str] = {}
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if ep.dist is None:
                dist = ""
            elif ep.dist in dist_names:
                dist = dist_names[ep.dist]
            else:
                dist = dist_names[ep.dist] = ep.dist.name
            if allow is not None and ep.name not in allow:
                continue
            if no_autoload and dist != BUILTIN_DIST:
                continue
            if ep.name in self.plugins:
                continue
            try:
                module = ep.load()
                self.register(module, source=f"entry point {ep.value} ({dist or '?'})")
            except Exception as exc:  # a broken plugin must not stop the bot
                self.failed[ep.name] = f"{type(exc).__name__}: {exc}"
                log.error("plugin %s failed to load and is skipped: %s", ep.name, exc)

    def load_dir(self, folder: str | Path) -> dict[str, str]:
        """Load the plugins in a local folder (``plugins_dir``): ``name.py`` and ``name/__init__.py``.

        Files starting with ``_`` or ``.`` and tests (``test_*.py``, ``*_test.py``,
        ``conftest.py``) are skipped; a file already loaded is not
        loaded again (restart the bot to pick up edits). Returns ``{file: error}`` for
        the files that failed; they are also in ``failed`` and logged, and the bot
        runs without them.
        """
        folder = Path(folder).resolve()
        errors: dict[str, str] = {}
        if not folder.is_dir():
            errors[str(folder)] = "no such folder"
            return errors
        candidates = sorted(
            p / "__init__.py" if p.is_dir() else p
            for p in folder.iterdir()
            if not p.name.startswith(("_", ".", "test_"))
            and not p.name.endswith("_test.py")
            and p.name != "conftest.py"
            and ((p.is_dir() and (p / "__init__.py").is_file()) or p.suffix == ".py")
        )
        for path in candidates:
            if path in self._local:
                continue
            stem = path.parent.name if path.name == "__init__.py" else path.stem
            module_name = f"{LOCAL_PREFIX}.{stem}"
            try:
                spec = importlib.util.spec_from_file_location(
                    module_name,
                    path,
                    submodule_search_locations=[str(path.parent)]
                    if path.name == "__init__.py"
                    else None,
                )
                assert spec is not None and spec.loader is not None
                module = importlib.util.module_from_spec(spec)
                sys.modules[module_name] = module
                try:
                    spec.loader.exec_module(module)
                    loaded = self.register(module, source=f"file {path}")
                except BaseException:
                    sys.modules.pop(module_name, None)
                    raise
            except Exception as exc:  # a broken local plugin must not stop the bot
                why = f"{type(exc).__name__}: {exc}"
                errors[path.name if path.name != "__init__.py" else stem] = why
                self.failed[stem] = why
                log.error("plugin file %s failed to load and is skipped: %s", path, why)
                continue
            self._local[path] = loaded.meta.name
            self.failed.pop(stem, None)
        return errors

    def load_module(self, dotted: str) -> LoadedPlugin:
        """Import and register a plugin module by dotted name."""
        return self.register(importlib.import_module(dotted), source=f"module {dotted}")

    def hooks_of(self, name: str) -> tuple[str, ...]:
        """The hooks a plugin implements."""
        return self.plugins[name].hooks


def accepts(func: Any, names: tuple[str, ...]) -> tuple[str, ...]:
    """The subset of ``names`` that ``func`` takes as parameters (plugins may take fewer)."""
    params = inspect.signature(func).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return names
    return tuple(n for n in names if n in params)
