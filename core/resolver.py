"""The one place that decides a group's effective settings.

Precedence, highest first: a runtime override set by an admin command (stored
in the database) > the group's block in ``plugins.yaml`` > the ``defaults``
block > the plugin's own defaults.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from huzhu.core.config import (
    Block,
    Commands,
    Enforcement,
    HuzhuConfig,
    PluginEntry,
    Posting,
    Requests,
)
from huzhu.core.plugin import PluginRegistry

log = logging.getLogger("huzhu.config")

Source = Literal["override", "group", "defaults", "plugin"]
ENABLED_KEY = "__enabled__"
DEFAULT_TIMEZONE = "Asia/Shanghai"


def merge_layer(merged: dict[str, Any], layer: dict[str, Any]) -> None:
    """Lay ``layer`` over ``merged``: a key names a setting, or with a dot one setting of a
    section (``dispatch.daily_cap``: an admin's /配置 of it keeps the section's other
    settings from the layers below)."""
    dotted = []
    for key, value in layer.items():
        if "." in key:
            dotted.append((key, value))
        else:
            merged[key] = value
    for key, value in sorted(dotted):
        head, _, rest = key.partition(".")
        section = merged.get(head)
        inner = dict(section) if isinstance(section, dict) else {}
        merge_layer(inner, {rest: value})
        merged[head] = inner


@dataclass(frozen=True, slots=True)
class GroupSettings:
    """Everything the engine needs to know about one group, resolved once."""

    group_id: str
    language: str
    timezone: str
    enforcement: Enforcement
    commands: Commands
    requests: Requests
    enabled: frozenset[str]
    configs: dict[str, BaseModel]
    posting: Posting = field(default_factory=Posting)


class Resolver:
    """Resolves and caches per-group settings; invalidated on reload or override change."""

    def __init__(
        self,
        registry: PluginRegistry,
        config: HuzhuConfig,
        overrides: dict[tuple[str, str], dict[str, Any]] | None = None,
    ) -> None:
        self.registry = registry
        self.config = config
        self.overrides: dict[tuple[str, str], dict[str, Any]] = overrides or {}
        self._cache: dict[str, GroupSettings] = {}
        self._shared: GroupSettings | None = None  # for groups with no block and no override
        self._overridden_groups = {g for g, _ in self.overrides}
        #: validated settings by (model, content): groups with equal settings share one
        #: immutable object (10,000 groups mostly differ in one or two plugins)
        self._models: dict[tuple[type[BaseModel], str], BaseModel] = {}
        #: equal sets of enabled plugins and equal plugin-config maps, shared between groups
        #: (a few distinct ones among 10,000 groups; read-only once resolved)
        self._interned: dict[Any, Any] = {}
        #: validated settings of groups that set nothing of their own (the defaults block and
        #: the models' defaults only), by plugin or settings model: most of 10,000 groups,
        #: shared without merging and keying their layers each time (frozen models only)
        self._defaults_only: dict[Any, BaseModel] = {}

    # ------------------------------------------------------------ changes
    def replace_config(self, config: HuzhuConfig) -> None:
        """Install a newly loaded configuration."""
        self.config = config
        self.invalidate()

    def set_override(self, group_id: str, plugin: str, key: str, value: Any) -> None:
        """Record an override in memory (the caller has stored it)."""
        self.overrides.setdefault((group_id, plugin), {})[key] = value
        self._overridden_groups.add(group_id)
        self.invalidate(group_id)

    def delete_override(self, group_id: str, plugin: str, key: str) -> None:
        """Forget an override in memory (the caller has deleted it)."""
        self.overrides.get((group_id, plugin), {}).pop(key, None)
        self.invalidate(group_id)

    def invalidate(self, group_id: str | None = None) -> None:
        """Drop cached resolutions (all, or one group's)."""
        if group_id is None:
            self._cache.clear()
            self._shared = None
            self._models.clear()
            self._interned.clear()
            self._defaults_only.clear()
        else:
            self._cache.pop(group_id, None)

    # ------------------------------------------------------------ queries
    def group(self, group_id: str) -> GroupSettings:
        """The resolved settings of a group (cached)."""
        hit = self._cache.get(group_id)
        if hit is not None:
            return hit
        if group_id not in self.config.groups and group_id not in self._overridden_groups:
            if self._shared is None:
                self._shared = self._resolve("*")
            return self._shared
        settings = self._resolve(group_id)
        self._cache[group_id] = settings
        return settings

    def block(self, group_id: str) -> Block:
        """The group's own block (empty when the file has none)."""
        return self.config.groups.get(group_id) or Block()

    def enabled(self, group_id: str, plugin: str) -> tuple[bool, Source]:
        """Whether ``plugin`` runs in the group, and which layer decided it."""
        ov = self.overrides.get((group_id, plugin), {})
        if ENABLED_KEY in ov:
            return bool(ov[ENABLED_KEY]), "override"
        entry = self.block(group_id).plugins.get(plugin)
        if entry is not None:
            return entry.enabled, "group"
        entry = self.config.defaults.plugins.get(plugin)
        if entry is not None:
            return entry.enabled, "defaults"
        return self.registry.plugins[plugin].meta.default_enabled, "plugin"

    def layers(self, group_id: str, plugin: str) -> list[tuple[Source, dict[str, Any]]]:
        """Settings layers from lowest to highest precedence."""
        empty = PluginEntry(False, {})
        return [
            ("defaults", self.config.defaults.plugins.get(plugin, empty).settings),
            ("group", self.block(group_id).plugins.get(plugin, empty).settings),
            (
                "override",
                {
                    k: v
                    for k, v in self.overrides.get((group_id, plugin), {}).items()
                    if k != ENABLED_KEY
                },
            ),
        ]

    def plugin_config(
        self, group_id: str, plugin: str, extra: dict[str, Any] | None = None
    ) -> BaseModel:
        """Validate the merged layers (plus ``extra``) against the plugin's Config; raises on error."""
        merged: dict[str, Any] = {}
        for _, layer in self.layers(group_id, plugin):
            merge_layer(merged, layer)
        merge_layer(merged, extra or {})
        return self._validated(self.registry.plugins[plugin].meta.config, merged)

    def _validated(self, model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
        """``model.model_validate(data)``, shared between groups when the model is frozen."""
        if not model.model_config.get("frozen"):
            return model.model_validate(data)
        try:
            key = (model, json.dumps(data, sort_keys=True, ensure_ascii=False))
        except (TypeError, ValueError):
            return model.model_validate(data)
        hit = self._models.get(key)
        if hit is None:
            hit = self._models[key] = model.model_validate(data)
        return hit

    def _section(
        self, model: type[BaseModel], defaults: dict[str, Any], own: dict[str, Any]
    ) -> BaseModel:
        """A settings section (enforcement, commands …): the defaults' model, shared, when the
        group sets nothing of its own in it."""
        if own or not model.model_config.get("frozen"):
            return self._validated(model, {**defaults, **own})
        hit = self._defaults_only.get(model)
        if hit is None:
            hit = self._defaults_only[model] = self._validated(model, dict(defaults))
        return hit

    def _group_plugin_config(self, group_id: str, plugin: str, block: Block) -> BaseModel:
        """``plugin_config`` of a group being resolved; one model for every group that sets
        nothing of its own for the plugin (no settings in its block, no override)."""
        entry = block.plugins.get(plugin)
        override = self.overrides.get((group_id, plugin))
        model = self.registry.plugins[plugin].meta.config
        if (
            (entry is not None and entry.settings)
            or (override and any(k != ENABLED_KEY for k in override))
            or not model.model_config.get("frozen")
        ):
            return self.plugin_config(group_id, plugin)
        key = (plugin, model)  # a plugin loaded again may bring another Config
        hit = self._defaults_only.get(key)
        if hit is None:
            hit = self._defaults_only[key] = self.plugin_config(group_id, plugin)
        return hit

    def sources(self, group_id: str, plugin: str) -> dict[str, Source]:
        """For each setting, the layer its effective value comes from."""
        model = self.registry.plugins[plugin].meta.config
        out: dict[str, Source] = dict.fromkeys(model.model_fields, "plugin")
        for source, layer in self.layers(group_id, plugin):
            for key in layer:
                out[key.partition(".")[0]] = source  # a section's one setting: the section
        return out

    def source_of(self, group_id: str, plugin: str, path: str) -> Source:
        """The layer a setting's value comes from; ``path`` may reach into a section
        (``dispatch.daily_cap``)."""
        head, _, rest = path.partition(".")
        for source, layer in reversed(self.layers(group_id, plugin)):
            if path in layer:
                return source
            if not rest:
                continue
            section = layer.get(head)
            if isinstance(section, dict) and rest in section:
                return source
        return "plugin"

    # ------------------------------------------------------------ resolution
    def _resolve(self, group_id: str) -> GroupSettings:
        block = self.block(group_id)
        defaults = self.config.defaults
        language = block.language or defaults.language or "zh"
        timezone = block.timezone or defaults.timezone or DEFAULT_TIMEZONE
        enforcement = self._section(Enforcement, defaults.enforcement, block.enforcement)
        commands = self._section(Commands, defaults.commands, block.commands)
        reqs = self._section(Requests, defaults.requests, block.requests)
        posting = self._section(Posting, defaults.posting, block.posting)
        enabled: set[str] = set()
        configs: dict[str, BaseModel] = {}
        for name in self.registry.plugins:
            on, _ = self.enabled(group_id, name)
            if not on:
                continue
            try:
                configs[name] = self._group_plugin_config(group_id, name, block)
            except ValidationError as exc:
                # Only an override can get here (the file was validated at load):
                # a plugin upgrade may have changed its settings. Fall back to the file.
                log.warning(
                    "override for %s in %s no longer valid, ignored: %s", name, group_id, exc
                )
                try:
                    configs[name] = self.registry.plugins[name].meta.config.model_validate(
                        {**defaults.plugins.get(name, PluginEntry(True, {})).settings,
                         **block.plugins.get(name, PluginEntry(True, {})).settings}
                    )  # fmt: skip
                except ValidationError:
                    continue
            enabled.add(name)
        frozen = frozenset(enabled)
        frozen = self._interned.setdefault(frozen, frozen)
        shape = ("configs", *((name, id(cfg)) for name, cfg in configs.items()))
        # the ids are of models held in _models (or in the interned map itself): never reused
        configs = self._interned.setdefault(shape, (configs, tuple(configs.values())))[0]
        return GroupSettings(
            group_id, language, timezone, enforcement, commands, reqs, frozen, configs, posting,
        )  # fmt: skip
