"""Core commands that cannot be disabled: help, plugins, enable/disable, config, reload.

Plugins are named as owners say them (防骗, 反诈, 派单 or ``anti_scam``: see
``huzhu.core.settings.names``); settings are shown with Chinese labels and human values and set
with ``key=value`` (see ``huzhu.core.settings.view``). A change is an override row in the
database (``repo.override_set``), so it survives a restart; a setting inside a
section is stored under its path (``dispatch.daily_cap``) and keeps the section's
other settings from ``plugins.yaml``.
"""

from __future__ import annotations

import difflib
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from huzhu.core import help as help_
from huzhu.core.commands import Arg, Invocation, unit_question
from huzhu.core.config_errors import example, explain
from huzhu.core.events import Role
from huzhu.core.i18n import join_clauses
from huzhu.core.plugin import CORE, PluginMeta, Section
from huzhu.core.resolver import ENABLED_KEY
from huzhu.core.settings import view as sv
from huzhu.core.settings.names import Target, closest, display, listing, normalize, resolve, summary
from huzhu.core.storage import repo
from huzhu.core.texts import TEXTS

if TYPE_CHECKING:
    from huzhu.core.engine import Engine

#: kept for callers that import them from here (the web console)
MAX_VALUE = sv.MAX_VALUE


def t(inv: Invocation, text_key: str, /, **kw: Any) -> str:
    """A core text in the invoking group's language."""
    return TEXTS.get(inv.lang, text_key, **kw)


def find_target(engine: Engine, inv: Invocation, word: str) -> Target | None:
    """The plugin (or section) an admin named."""
    return resolve(engine.registry, word, engine.commands)


def unknown_plugin(engine: Engine, inv: Invocation, word: str) -> str:
    """The answer to a name that is no plugin: a guess, and every plugin's name."""
    close = closest(engine.registry, word, inv.lang, engine.commands)
    return t(
        inv,
        "unknown_plugin",
        plugin=word[:40],
        hint=t(inv, "did_you_mean_plugin", name=close) if close else "",
        names=listing(engine.registry, inv.lang),
    )


def _meta(engine: Engine, target: Target) -> PluginMeta:
    return engine.registry.plugins[target.plugin].meta


async def audit(
    engine: Engine, inv: Invocation, action: str, target: str, detail: dict[str, Any]
) -> None:
    """Write one audit row for the invoking admin."""
    gid, actor, at = inv.event.group_id, inv.event.sender.id, engine.clock.time()
    await engine.db.write(lambda c: repo.add_audit(c, gid, actor, action, target, detail, at))


# ---------------------------------------------------------------- /启用 /禁用
async def set_enabled(engine: Engine, inv: Invocation, on: bool) -> str:
    """Switch a plugin, or a section with an ``enabled`` setting (派单), for the group."""
    word = inv.args["plugin"]
    if normalize(word) in (CORE, "核心"):
        return t(inv, "core_plugin", plugin=word)
    target = find_target(engine, inv, word)
    if target is None:
        return unknown_plugin(engine, inv, word)
    meta = _meta(engine, target)
    shown = meta.display(inv.lang)
    if target.section is not None:
        return await _switch_section(engine, inv, target, on)
    gid, actor, at, name = inv.event.group_id, inv.event.sender.id, engine.clock.time(), meta.name

    def op(c: Any) -> None:
        repo.override_set(c, gid, name, ENABLED_KEY, on, actor, at)
        repo.add_audit(c, gid, actor, "enable" if on else "disable", name, {}, at)

    await engine.db.write(op)
    engine.resolver.set_override(gid, name, ENABLED_KEY, on)
    return t(inv, "enabled" if on else "disabled", plugin=shown)


async def _switch_section(engine: Engine, inv: Invocation, target: Target, on: bool) -> str:
    meta, section = _meta(engine, target), target.section
    assert section is not None
    path = f"{section.key}.enabled"
    if sv.field_at(meta.config, path) is None:
        return t(inv, "section_no_switch", section=section.display(inv.lang))
    problem = await store_setting(engine, inv, meta, path, on)
    if problem:
        return problem
    said = t(inv, "section_enabled" if on else "section_disabled",
             section=section.display(inv.lang), plugin=meta.display(inv.lang))  # fmt: skip
    if on and meta.name not in engine.resolver.group(inv.event.group_id).enabled:
        said += t(inv, "section_plugin_off", plugin=meta.display(inv.lang))
    return said


async def enable(engine: Engine, inv: Invocation) -> str:
    """/启用 功能名."""
    return await set_enabled(engine, inv, True)


async def disable(engine: Engine, inv: Invocation) -> str:
    """/禁用 功能名."""
    return await set_enabled(engine, inv, False)


# ---------------------------------------------------------------- /功能
async def plugins(engine: Engine, inv: Invocation) -> str:
    """/功能: every plugin, on or off, and which layer decided it."""
    gid, lang = inv.event.group_id, inv.lang
    lines = [t(inv, "plugins_header")]
    for name in engine.registry.names():
        on, source = engine.resolver.enabled(gid, name)
        meta = engine.registry.plugins[name].meta
        shown = meta.name if lang == "en" else meta.display(lang)
        description = summary(meta, lang)
        lines.append(t(inv, "plugins_line", mark="✅" if on else "⛔", name=shown,
                       source=t(inv, f"source_{source}"), description=description))  # fmt: skip
    return "\n".join(lines)


# ---------------------------------------------------------------- /配置
def setting_name(meta: PluginMeta, path: str, lang: str) -> str:
    """每天最多接几单（daily_cap） / requests per member per day at most (daily_cap); the key
    alone when it has no label."""
    shown, key = sv.label(meta, path, lang), path.rsplit(".", 1)[-1]
    return key if shown == key else TEXTS.get(lang, "setting_name", label=shown, key=key)


def current_config(engine: Engine, gid: str, name: str) -> dict[str, Any]:
    """The group's settings of a plugin as JSON data (its defaults if an override broke)."""
    try:
        return engine.resolver.plugin_config(gid, name).model_dump(mode="json")
    except ValidationError:
        return engine.registry.plugins[name].meta.config().model_dump(mode="json")


def sample(meta: PluginMeta, paths: list[str], lang: str) -> str:
    """``daily_cap=3``: an assignment an owner can copy, from the first number or duration."""
    for path in paths:
        field = sv.field_at(meta.config, path)
        if field is None or sv.section_model(field) is not None:
            continue
        owner = meta.config
        if "." in path:
            owner = sv.section_model(sv.field_at(meta.config, path.rsplit(".", 1)[0])) or owner
        key = path.rsplit(".", 1)[-1]
        shown = example(owner, key, lang)
        if shown and " / " not in shown and shown not in ("true", "false", "开", "关"):
            return f"{key}={shown}"
    return ""


def section_of(meta: PluginMeta, path: str) -> Section:
    """The section at ``path``: declared (派单), or one named by its key (``weights``)."""
    declared = next((s for s in meta.sections if s.key == path), None)
    return declared or Section(
        key=path, title=sv.label(meta, path, "zh"), title_en=sv.label(meta, path, "en")
    )


def typed_name(meta: PluginMeta, target: Target, lang: str) -> str:
    """What an owner types after /配置 to reach ``target``: 派单, 防刷屏, ``信用分 weights``."""
    plugin = meta.display("zh") if lang == "zh" else meta.name
    section = target.section
    if section is None:
        return plugin
    if section in meta.sections:
        return section.display(lang)
    return f"{plugin} {section.key}"


def show_settings(engine: Engine, inv: Invocation, target: Target) -> str:
    """Every setting of a plugin, or of one of its sections, as the owner reads them."""
    gid, lang, meta = inv.event.group_id, inv.lang, _meta(engine, target)
    prefix = target.section.key if target.section is not None else ""
    paths = sv.paths(meta.config, prefix)
    shown = display(meta, target, lang)
    if not paths:
        return t(inv, "config_none", plugin=shown)
    data = current_config(engine, gid, meta.name)
    lines = [t(inv, "config_header", plugin=shown, name=typed_name(meta, target, lang),
               example=sample(meta, paths, lang) or f"{paths[0].rsplit('.', 1)[-1]}=…")]  # fmt: skip
    for path in paths:
        key = path.rsplit(".", 1)[-1]
        field = sv.field_at(meta.config, path)
        label = sv.label(meta, path, lang)
        inner = sv.section_model(field)
        if inner is not None:
            value = sv.dig(data, path)
            state = value.get("enabled") if isinstance(value, dict) else None
            section_text = "config_section_line" if label != key else "config_section_line_bare"
            lines.append(t(inv, section_text, label=label, key=key,
                           value=sv.human(None, state, lang) if isinstance(state, bool) else "…",
                           count=len(inner.model_fields),
                           name=typed_name(meta, Target(meta.name, section_of(meta, path)), lang)))  # fmt: skip
            continue
        value = sv.human(field, sv.dig(data, path), lang, short=True)
        source = t(inv, f"source_{engine.resolver.source_of(gid, meta.name, path)}")
        key_text = "config_line" if label != key else "config_line_bare"
        lines.append(t(inv, key_text, label=label, key=key, value=value, source=source))
    return "\n".join(lines)


async def store_setting(
    engine: Engine, inv: Invocation, meta: PluginMeta, path: str, value: Any, shown_as: str = ""
) -> str:
    """Validate and save one setting as an override; "" when saved, else the problem."""
    gid, actor, at, name = inv.event.group_id, inv.event.sender.id, engine.clock.time(), meta.name
    try:
        validated = engine.resolver.plugin_config(gid, name, {path: value})
    except ValidationError as exc:
        problem = join_clauses((explain(e, meta.config, inv.lang) for e in exc.errors()), inv.lang)
        return t(inv, "config_invalid", plugin=shown_as or meta.display(inv.lang),
                 key=setting_name(meta, path, inv.lang), problem=problem)  # fmt: skip
    stored = sv.dig(validated.model_dump(mode="json"), path)
    shown = sv.human(sv.field_at(meta.config, path), stored, inv.lang)
    # a whole section set at once replaces the admin's settings inside it
    inside = [k for k in engine.resolver.overrides.get((gid, name), {}) if k.startswith(path + ".")]

    def op(c: Any) -> None:
        for key in inside:
            repo.override_delete(c, gid, name, key)
        repo.override_set(c, gid, name, path, stored, actor, at)
        # the audit log shows the value as the owner reads it (20分钟, 关), not 1200 / False
        repo.add_audit(c, gid, actor, "config_set", name,
                       {"key": path, "value": stored, "shown": shown}, at)  # fmt: skip

    await engine.db.write(op)
    for key in inside:
        engine.resolver.delete_override(gid, name, key)
    engine.resolver.set_override(gid, name, path, stored)
    return ""


async def config(engine: Engine, inv: Invocation) -> str:
    """/配置 功能名 [设置项=值]."""
    gid, lang, word = inv.event.group_id, inv.lang, inv.args["plugin"]
    target = find_target(engine, inv, word)
    if target is None:
        return dotted(engine, inv, word) or unknown_plugin(engine, inv, word)
    meta = _meta(engine, target)
    shown = display(meta, target, lang)
    key, raw = sv.split_assignment(inv.args["key"], inv.args["value"])
    if key is None:
        return show_settings(engine, inv, target)
    prefix = target.section.key if target.section is not None else ""
    path = sv.find(meta, key, prefix)
    if path is None:
        return unknown_key(inv, meta, prefix, key, shown)
    field = sv.field_at(meta.config, path)
    if sv.section_model(field) is not None:
        if raw is None:
            return show_settings(engine, inv, Target(meta.name, section_of(meta, path)))
        head, _, tail = raw.strip().partition(" ")
        inner, value = sv.split_assignment(head, tail.strip() or None)
        inner_path = sv.find(meta, inner or "", path) if value is not None else None
        if inner_path is not None and inner_path.startswith(path + "."):
            path, raw, field = inner_path, value, sv.field_at(meta.config, inner_path)
    name = setting_name(meta, path, lang)
    if raw is None:
        value = sv.human(field, sv.dig(current_config(engine, gid, meta.name), path), lang)
        source = t(inv, f"source_{engine.resolver.source_of(gid, meta.name, path)}")
        return t(inv, "config_one", plugin=shown, key=name, value=value, source=source,
                 command=f"/{inv.name_used} {typed_name(meta, target, lang)} {path.removeprefix(prefix + '.')}")  # fmt: skip
    if sv.is_reset(raw):
        return await reset_setting(engine, inv, meta, path, shown, name)
    if len(raw) > sv.MAX_VALUE:
        return t(inv, "config_too_long", limit=sv.MAX_VALUE)
    value = _read_value(engine, gid, meta.name, path, raw)
    if sv.is_duration(field) and raw.strip().isdigit() and raw.strip().isascii():
        value = _bare_duration(engine, gid, meta.name, path, int(raw.strip()))
        if value is None:
            return t(inv, "config_duration_unit", key=name, **unit_question(int(raw.strip())))
    problem = await store_setting(engine, inv, meta, path, value, shown)
    if problem:
        return problem
    stored = sv.dig(current_config(engine, gid, meta.name), path)
    if isinstance(stored, dict) and isinstance(value, dict):  # a section: what was given
        shown_value = ("，" if lang == "zh" else ", ").join(
            f"{setting_name(meta, f'{path}.{k}', lang)}={sv.human(sv.field_at(meta.config, f'{path}.{k}'), stored.get(k), lang)}"
            for k in value
            if k in stored
        )
    else:
        shown_value = sv.human(field, stored, lang)
    return t(inv, "config_set", plugin=shown, key=name, value=shown_value)


def dotted(engine: Engine, inv: Invocation, word: str) -> str:
    """``/配置 quota.per_day 5`` (the plugins.yaml path): the form /配置 takes, else ""."""
    head, dot, tail = word.partition(".")
    target = find_target(engine, inv, head) if dot and tail else None
    if target is None:
        return ""
    meta = _meta(engine, target)
    prefix = target.section.key if target.section is not None else ""
    path = sv.find(meta, tail, prefix)
    if path is None:
        return ""
    value = " ".join(v for v in (inv.args["key"], inv.args["value"]) if v).lstrip("=＝ ") or "…"
    key = path.removeprefix(prefix + ".") if prefix else path
    command = f"/{inv.name_used} {typed_name(meta, target, inv.lang)} {key}={value}"
    return t(inv, "config_dotted", command=command)


def unknown_key(inv: Invocation, meta: PluginMeta, prefix: str, key: str, shown: str) -> str:
    """No such setting: a guess, and the settings there are."""
    keys = [p.rsplit(".", 1)[-1] if prefix else p for p in sv.paths(meta.config, prefix)]
    close = difflib.get_close_matches(key, keys, n=1)
    hint = t(inv, "did_you_mean_key", key=close[0]) if close else ""
    return t(inv, "config_unknown_key", plugin=shown, key=key[:40], hint=hint,
             keys=", ".join(keys) or "-")  # fmt: skip


async def reset_setting(
    engine: Engine, inv: Invocation, meta: PluginMeta, path: str, shown: str, name: str
) -> str:
    """Drop the admin's value of one setting (and inside a section, every one under it)."""
    gid, plugin = inv.event.group_id, meta.name
    keys = [k for k in engine.resolver.overrides.get((gid, plugin), {})
            if k == path or k.startswith(path + ".")]  # fmt: skip

    def op(c: Any) -> None:
        for key in keys or [path]:
            repo.override_delete(c, gid, plugin, key)

    await engine.db.write(op)
    for key in keys:
        engine.resolver.delete_override(gid, plugin, key)
    await audit(engine, inv, "config_reset", plugin, {"key": path})
    value = sv.human(
        sv.field_at(meta.config, path), sv.dig(current_config(engine, gid, plugin), path), inv.lang
    )
    return t(inv, "config_reset", plugin=shown, key=name, value=value)


def _read_value(engine: Engine, gid: str, name: str, path: str, raw: str) -> Any:
    """What ``raw`` means for the setting; a text setting takes a number as text (规则 123)."""
    model = engine.registry.plugins[name].meta.config
    value = sv.coerce(raw, sv.field_at(model, path))
    if value == raw:
        return value
    try:
        engine.resolver.plugin_config(gid, name, {path: value})
    except ValidationError as exc:
        if all(e["type"] == "string_type" for e in exc.errors()):
            return raw  # "/配置 rules text 123" means the text "123"
    return value


def _bare_duration(engine: Engine, gid: str, name: str, path: str, number: int) -> int | None:
    """A duration written without a unit (``cooldown=10``): the one of minutes or seconds the
    setting takes (a bare number is seconds in plugins.yaml, minutes as admins say it), else
    None — the owner is asked which they meant. Neither valid: minutes (the error says why)."""
    fits = set()
    for seconds in {number * 60, number}:
        try:
            engine.resolver.plugin_config(gid, name, {path: seconds})
        except ValidationError:
            continue
        fits.add(seconds)
    if len(fits) > 1:
        return None
    return fits.pop() if fits else number * 60


def _validate_value(engine: Engine, gid: str, name: str, key: str, raw: str) -> BaseModel:
    """Validate ``raw`` as /配置 reads it (the web console's forms use this too)."""
    return engine.resolver.plugin_config(gid, name, {key: _read_value(engine, gid, name, key, raw)})


# ---------------------------------------------------------------- /重载
async def reload(engine: Engine, inv: Invocation) -> str:
    """/重载: read plugins.yaml again."""
    result = await engine.reload_file(inv.lang)
    await audit(
        engine,
        inv,
        "reload",
        "plugins.yaml",
        {"applied": result.applied, "errors": len(result.errors)},
    )
    errors = "\n".join(str(e) for e in result.errors[:10])
    loaded = engine.last_load
    shown = loaded.warnings[:5] if loaded is not None else []
    notes = t(inv, "reload_warnings", lines="\n".join(map(str, shown))) if shown else ""
    if not result.applied:
        return t(inv, "reload_failed", errors=errors) + notes
    if result.errors:
        return t(inv, "reload_partial", errors=errors) + notes
    return t(inv, "reloaded", groups=result.groups) + notes


def register(engine: Engine) -> None:
    """Add the core commands to the engine's table."""
    help_.register(engine)
    reg = engine.commands.registrar(CORE)
    reg("功能", partial(plugins, engine), aliases=("plugins",), summary="查看本群启用的功能及其来源",
        summary_en="list plugins and where their on/off comes from", permission=Role.ADMIN,
        examples=("/功能",), examples_en=("/plugins",))  # fmt: skip
    reg("启用", partial(enable, engine), aliases=("enable",), summary="在本群启用一个功能（写中文名或英文名）",
        summary_en="enable a plugin in this group", args=(Arg("plugin"),), permission=Role.ADMIN,
        examples=("/启用 求助队列", "/启用 派单"), examples_en=("/enable queue",))  # fmt: skip
    reg("禁用", partial(disable, engine), aliases=("disable",), summary="在本群禁用一个功能",
        summary_en="disable a plugin in this group", args=(Arg("plugin"),), permission=Role.ADMIN,
        examples=("/禁用 防刷屏", "/禁用 派单"), examples_en=("/disable flood",))  # fmt: skip
    reg("配置", partial(config, engine), aliases=("config",),
        summary="查看或修改功能设置：设置项=值，时长写 20分钟、2h、1天，开关写 开/关，值写 重置 恢复文件设置",
        summary_en="show or set a plugin's settings: key=value (durations 20m, 2h, 1d; on/off; 'reset' restores the file's)",
        args=(Arg("plugin"), Arg("key", optional=True), Arg("value", "text", optional=True)), permission=Role.ADMIN,
        syntax="功能名 [设置项=值]", syntax_en="<plugin> [key=value]",
        examples=("/配置 派单", "/配置 派单 daily_cap=5", "/配置 派单 reassign_after=20分钟",
                  "/配置 防刷屏 messages=15", "/配置 求助配额 exempt_admins=关", "/配置 防刷屏 messages=重置"),
        examples_en=("/config queue", "/config queue dispatch.daily_cap=5",
                     "/config queue dispatch.reassign_after=20m", "/config flood messages=reset"))  # fmt: skip
    reg("重载", partial(reload, engine), aliases=("reload",), summary="重新加载配置文件", summary_en="reload plugins.yaml",
        permission=Role.SUPERUSER, examples=("/重载",), examples_en=("/reload",))  # fmt: skip
