"""Core commands that cannot be disabled: help, plugins, enable/disable, config, reload."""

from __future__ import annotations

import difflib
import json
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ValidationError

from huzhu.core import config_yaml
from huzhu.core import help as help_
from huzhu.core.commands import Arg, Invocation
from huzhu.core.config_errors import explain
from huzhu.core.durations import format_duration, is_duration
from huzhu.core.events import Role
from huzhu.core.plugin import CORE
from huzhu.core.resolver import ENABLED_KEY
from huzhu.core.storage import repo
from huzhu.core.texts import TEXTS

if TYPE_CHECKING:
    from huzhu.core.engine import Engine


def register(engine: Engine) -> None:
    """Add the core commands to the engine's table."""
    help_.register(engine)
    reg = engine.commands.registrar(CORE)

    def t(inv: Invocation, text_key: str, /, **kw: Any) -> str:
        return TEXTS.get(inv.lang, text_key, **kw)

    async def audit(inv: Invocation, action: str, target: str, detail: dict[str, Any]) -> None:
        gid, actor, at = inv.event.group_id, inv.event.sender.id, engine.clock.time()
        await engine.db.write(lambda c: repo.add_audit(c, gid, actor, action, target, detail, at))

    def find_plugin(inv: Invocation, name: str) -> str | None:
        return name if name in engine.registry.plugins else None

    def unknown_plugin(inv: Invocation, name: str) -> str:
        close = difflib.get_close_matches(name, engine.registry.names(), n=1)
        return t(
            inv,
            "unknown_plugin",
            plugin=name,
            hint=TEXTS.get(inv.lang, "did_you_mean_plugin", name=close[0]) if close else "",
        )

    async def set_enabled(inv: Invocation, on: bool) -> str:
        name = inv.args["plugin"]
        if name == CORE:
            return t(inv, "core_plugin", plugin=name)
        if find_plugin(inv, name) is None:
            return unknown_plugin(inv, name)
        gid, actor, at = inv.event.group_id, inv.event.sender.id, engine.clock.time()

        def op(c: Any) -> None:
            repo.override_set(c, gid, name, ENABLED_KEY, on, actor, at)
            repo.add_audit(c, gid, actor, "enable" if on else "disable", name, {}, at)

        await engine.db.write(op)
        engine.resolver.set_override(gid, name, ENABLED_KEY, on)
        return t(inv, "enabled" if on else "disabled", plugin=name)

    async def enable(inv: Invocation) -> str:
        return await set_enabled(inv, True)

    async def disable(inv: Invocation) -> str:
        return await set_enabled(inv, False)

    async def plugins(inv: Invocation) -> str:
        gid = inv.event.group_id
        lines = [t(inv, "plugins_header")]
        for name in engine.registry.names():
            on, source = engine.resolver.enabled(gid, name)
            meta = engine.registry.plugins[name].meta
            lines.append(t(inv, "plugins_line", mark="✅" if on else "⛔", name=name, source=t(inv, f"source_{source}"),
                           description=meta.describe(inv.lang)))  # fmt: skip
        return "\n".join(lines)

    async def config(inv: Invocation) -> str:
        gid = inv.event.group_id
        name, key, raw = inv.args["plugin"], inv.args["key"], inv.args["value"]
        if find_plugin(inv, name) is None:
            return unknown_plugin(inv, name)
        model = engine.registry.plugins[name].meta.config
        fields = sorted(model.model_fields)
        if key is None:
            if not fields:
                return t(inv, "config_none", plugin=name)
            try:
                current = engine.resolver.plugin_config(gid, name).model_dump(mode="json")
            except ValidationError:
                current = model().model_dump(mode="json")
            sources = engine.resolver.sources(gid, name)
            lines = [t(inv, "config_header", plugin=name)]
            lines += [
                t(inv, "config_line", key=k, value=show_setting(model, k, current.get(k), inv.lang),
                  source=t(inv, f"source_{sources[k]}"))
                for k in fields
            ]  # fmt: skip
            return "\n".join(lines)
        if key not in fields:
            return t(inv, "config_unknown_key", plugin=name, key=key, keys=", ".join(fields) or "-")
        actor, at = inv.event.sender.id, engine.clock.time()
        if raw is None:
            return t(inv, "usage", usage=inv.command.usage(inv.lang))
        if raw.strip() in ("default", "reset", "默认", "重置"):
            await engine.db.write(lambda c: repo.override_delete(c, gid, name, key))
            engine.resolver.delete_override(gid, name, key)
            await audit(inv, "config_reset", name, {"key": key})
            return t(inv, "config_reset", plugin=name, key=key)
        if len(raw) > MAX_VALUE:
            return t(inv, "config_too_long", limit=MAX_VALUE)
        try:
            validated = _validate_value(engine, gid, name, key, raw)
        except ValidationError as exc:
            sep = "；" if inv.lang == "zh" else "; "
            problem = sep.join(explain(e, model, inv.lang) for e in exc.errors())
            return t(inv, "config_invalid", plugin=name, key=key, problem=problem)
        stored = validated.model_dump(mode="json")[key]
        shown = show_setting(model, key, stored, inv.lang)

        def op(c: Any) -> None:
            repo.override_set(c, gid, name, key, stored, actor, at)
            # the audit log shows the value as the owner reads it (20分钟, 关), not 1200 / False
            repo.add_audit(c, gid, actor, "config_set", name,
                           {"key": key, "value": stored, "shown": shown}, at)  # fmt: skip

        await engine.db.write(op)
        engine.resolver.set_override(gid, name, key, stored)
        return t(inv, "config_set", plugin=name, key=key, value=shown)

    async def reload(inv: Invocation) -> str:
        result = await engine.reload_file(inv.lang)
        await audit(
            inv, "reload", "plugins.yaml", {"applied": result.applied, "errors": len(result.errors)}
        )
        errors = "\n".join(str(e) for e in result.errors[:10])
        if not result.applied:
            return t(inv, "reload_failed", errors=errors)
        if result.errors:
            return t(inv, "reload_partial", errors=errors)
        return t(inv, "reloaded", groups=result.groups)

    reg("功能", plugins, aliases=("plugins",), summary="查看本群启用的功能及其来源", summary_en="list plugins and where their on/off comes from",
        permission=Role.ADMIN, examples=("/功能",))  # fmt: skip
    reg("启用", enable, aliases=("enable",), summary="在本群启用一个功能", summary_en="enable a plugin in this group",
        args=(Arg("plugin"),), permission=Role.ADMIN, examples=("/启用 queue",))  # fmt: skip
    reg("禁用", disable, aliases=("disable",), summary="在本群禁用一个功能", summary_en="disable a plugin in this group",
        args=(Arg("plugin"),), permission=Role.ADMIN, examples=("/禁用 flood",))  # fmt: skip
    reg("配置", config, aliases=("config",), summary="查看或修改功能设置（值写 重置 恢复文件设置）",
        summary_en="show or set a plugin's settings (value 'reset' restores the file's)",
        args=(Arg("plugin"), Arg("key", optional=True), Arg("value", "text", optional=True)), permission=Role.ADMIN,
        examples=("/配置 flood", "/配置 flood messages 15", "/配置 flood messages 重置"))  # fmt: skip
    reg("重载", reload, aliases=("reload",), summary="重新加载配置文件", summary_en="reload plugins.yaml",
        permission=Role.SUPERUSER, examples=("/重载",))  # fmt: skip


#: on/off as admins say it in Chinese (true/false work as in plugins.yaml)
_SWITCH_WORDS = {"开": True, "是": True, "打开": True, "关": False, "否": False, "关闭": False}

#: a value typed into /配置: the longest setting (a rules text) fits; 4,300 digits do not
MAX_VALUE = 800


def _validate_value(engine: Engine, gid: str, name: str, key: str, raw: str) -> BaseModel:
    """Validate ``raw`` as plugins.yaml would read it; a text setting also takes it verbatim."""
    try:
        value = config_yaml.safe_value(raw)
    except (yaml.YAMLError, config_yaml.YamlProblem):
        value = raw
    if isinstance(value, str) and value.strip() in _SWITCH_WORDS:
        value = _SWITCH_WORDS[value.strip()]
    try:
        return engine.resolver.plugin_config(gid, name, {key: value})
    except ValidationError as exc:
        if value == raw or any(e["type"] != "string_type" for e in exc.errors()):
            raise
        try:  # "/配置 rules text 123" means the text "123"
            return engine.resolver.plugin_config(gid, name, {key: raw})
        except ValidationError:
            pass
        raise


def show_setting(model: type[BaseModel], key: str, value: Any, lang: str) -> str:
    """A setting's value as an owner reads it: durations as 20分钟, lists and maps as JSON."""
    field = model.model_fields.get(key)
    if (
        field is not None
        and is_duration(field)
        and isinstance(value, int)
        and not isinstance(value, bool)
    ):
        return format_duration(value, lang)
    if isinstance(value, bool) and lang == "zh":
        return "开" if value else "关"
    if isinstance(value, str):
        return value
    if value is None:
        return "无" if lang == "zh" else "none"
    return json.dumps(value, ensure_ascii=False)
