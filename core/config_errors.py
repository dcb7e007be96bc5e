"""Validation errors of settings in words an owner can act on, in Chinese or English.

One function, ``explain``, turns a pydantic error into a sentence with an
example of a valid value; ``plugins.yaml`` loading (``huzhu check``, start-up,
``/重载``) and the ``/配置`` command both use it.
"""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel

from huzhu.core.durations import (
    EXAMPLES_EN,
    EXAMPLES_ZH,
    SettingError,
    Sexagesimal,
    TooLongNumber,
    is_duration,
    short_duration,
)
from huzhu.core.i18n import Catalog
from huzhu.core.settings import choices

TEXTS = Catalog(
    {
        "zh": {
            "example": "，例如 {example}",
            "got": "（现在是{got}）",
            "need_int": "应为整数",
            "need_number": "应为数字",
            "need_bool": "应为 开 或 关（也可以写 是/否、要/不要、true/false）",
            "need_text": "应为文字",
            "need_time": "应为一天中的时刻",
            "need_list": "应为列表",
            "need_mapping": "应为映射（每行「名称: 值」）",
            "need_duration": "应为时长，" + EXAMPLES_ZH,
            "quote_time": '时刻要加引号："{time}"（不加引号时 YAML 会把 {time} 读成数字 {number}）',
            "min": "不能小于 {limit}",
            "max": "不能大于 {limit}",
            "above": "应大于 {limit}",
            "below": "应小于 {limit}",
            "choices": "只能是以下之一——{choices}",
            "too_many": "最多 {limit} 项",
            "too_few": "至少 {limit} 项",
            "too_long": "最多 {limit} 个字",
            "too_short": "至少 {limit} 个字",
            "missing": "缺少这一项",
            "invalid": "值无效：{detail}",
            "invalid_plain": "这个值用不了",
            "unknown_setting": "没有这个设置项。{hint}{known}",
            "did_you_mean": "你是不是想写「{name}」？",
            "known": "可设置：{names}。",
            "no_settings": "这个功能没有可设置的项目。",
            "big_number": "一个 {digits} 位的数",
            "too_big": "数字太大了",
            "or": " 或 ",
            "cannot_read": "读不了这个文件：{why}",
            "no_such_file": "文件不存在（检查路径，或把它放回原处）",
            "no_permission_file": "没有读取权限（检查文件的所有者和权限）",
            "is_a_folder": "这是一个文件夹，不是文件",
            "not_utf8": "文件不是 UTF-8 编码（用 UTF-8 保存后再试）",
            "syntax": "YAML 语法错误：{problem}",
            "duplicate": "重复的键（后一个会悄悄覆盖前一个，请删掉一个；两处的内容都已检查）",
            "file_not_mapping": "文件应是一个映射，包含 defaults 和 groups",
            "plugins_dir_failed": "{name}：{why}（机器人会在没有它的情况下运行）",
            "bad_superuser": "超级管理员写成「平台:号码」，例如 qq:10001 或 tg:12345",
            "bad_group_number": '群 ID 要写平台和引号："{platform}:{id}"（不加引号、不写平台时 YAML 读成数字 {id}，分不清是哪个平台的群）',
            "bare_duration": "{value} 没写单位，按 {read} 读取；要 {value} 分钟请写 {value}m 或 {value}分钟，确实是秒就写 {value}s",
            "bad_group": "群 ID 写成「平台:号码」，例如 qq:123456（QQ 群号）、tg:-1001234（Telegram 群）、console:general",
            "block_not_mapping": "配置块应是一个映射，可以有：{keys}",
            "unknown_block_key": "没有这个键。{hint}配置块可以有：{keys}",
            "core_no_settings": "核心功能总是开启，这里不能设置",
            "unknown_plugin": "没有这个功能。{hint}已知功能：{names}",
            "plugin_twice": "这个功能已用 {name} 写过一次（中文名和英文名是同一个功能），请合并成一处",
            "plugin_section_key": "这是 {plugin} 的一部分，请写在 {plugin} 下面：{plugin}: {{{section}: {{...}}}}",
            "plugin_value": "功能后面写 true（启用）、false（禁用）或它的设置（映射），现在是 {got}",
            "enabled_bool": "enabled 只能是 true 或 false",
        },
        "en": {
            "example": ", e.g. {example}",
            "got": " (got {got})",
            "need_int": "expected a whole number",
            "need_number": "expected a number",
            "need_bool": "expected true or false",
            "need_text": "expected text",
            "need_time": "expected a time of day",
            "need_list": "expected a list",
            "need_mapping": "expected a mapping (one 'name: value' per line)",
            "need_duration": "expected a duration, " + EXAMPLES_EN,
            "quote_time": 'put a time of day in quotes: "{time}" (unquoted, YAML reads {time} as the number {number})',
            "min": "must be at least {limit}",
            "max": "must be at most {limit}",
            "above": "must be greater than {limit}",
            "below": "must be less than {limit}",
            "choices": "must be one of {choices}",
            "too_many": "at most {limit} items",
            "too_few": "at least {limit} items",
            "too_long": "at most {limit} characters",
            "too_short": "at least {limit} characters",
            "missing": "this setting is required",
            "invalid": "invalid value: {detail}",
            "invalid_plain": "invalid value",
            "unknown_setting": "unknown setting; {hint}{known}",
            "did_you_mean": "did you mean {name!r}? ",
            "known": "Known settings: {names}.",
            "no_settings": "This plugin has no settings.",
            "big_number": "a number of {digits} digits",
            "too_big": "too big a number",
            "or": " or ",
            "cannot_read": "cannot read the file: {why}",
            "no_such_file": "it does not exist (check the path)",
            "no_permission_file": "no permission to read it",
            "is_a_folder": "it is a folder, not a file",
            "not_utf8": "it is not UTF-8 (save it as UTF-8)",
            "syntax": "YAML syntax error: {problem}",
            "duplicate": "duplicate key (the later one would silently win; both were checked)",
            "file_not_mapping": "the file must be a mapping with 'defaults' and 'groups'",
            "plugins_dir_failed": "{name}: {why} — the bot runs without it",
            "bad_superuser": "a superuser is a namespaced id such as qq:10001 or tg:12345",
            "bad_group_number": 'write a group id with its platform, in quotes: "{platform}:{id}" (unquoted, YAML reads the number {id}, of no platform)',
            "bare_duration": "{value} has no unit and is read as {read}; write {value}m for minutes, or {value}s to keep seconds",
            "bad_group": "a group id is platform:id, e.g. qq:123456 (a QQ group number), tg:-1001234, console:general",
            "block_not_mapping": "a block is a mapping ({keys})",
            "unknown_block_key": "unknown key; {hint}a block has: {keys}",
            "core_no_settings": "the core is always on and has no settings here",
            "unknown_plugin": "unknown plugin; {hint}known plugins: {names}",
            "plugin_twice": "this plugin is already listed as {name} (its Chinese and English names are the same plugin); keep one",
            "plugin_section_key": "this is part of {plugin}; write it under {plugin}: {plugin}: {{{section}: {{...}}}}",
            "plugin_value": "a plugin is true (on), false (off) or a mapping of its settings; got {got}",
            "enabled_bool": "enabled is true or false",
        },
    }
)

_SIMPLE = {
    "int_type": "need_int", "int_parsing": "need_int", "int_from_float": "need_int",
    "float_type": "need_number", "float_parsing": "need_number",
    "bool_type": "need_bool", "bool_parsing": "need_bool",
    "string_type": "need_text", "list_type": "need_list", "tuple_type": "need_list",
    "set_type": "need_list", "dict_type": "need_mapping", "model_type": "need_mapping",
    "missing": "missing", "iterable_type": "need_list", "finite_number": "too_big",
}  # fmt: skip
_LIMITS = {
    "greater_than_equal": ("min", "ge"), "less_than_equal": ("max", "le"),
    "greater_than": ("above", "gt"), "less_than": ("below", "lt"),
    "too_long": ("too_many", "max_length"), "too_short": ("too_few", "min_length"),
    "string_too_long": ("too_long", "max_length"), "string_too_short": ("too_short", "min_length"),
}  # fmt: skip


def show_value(value: Any, lang: str) -> str:
    """A short, safe rendering of what was written (huge numbers and long texts cut)."""
    if isinstance(value, Sexagesimal):
        return value.written
    if isinstance(value, TooLongNumber):
        return TEXTS.get(lang, "big_number", digits=value.digits)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        digits = len(str(abs(value))) if abs(value) < 10**4000 else 4000
        if digits > 18:
            return TEXTS.get(lang, "big_number", digits=f"{digits}+" if digits >= 4000 else digits)
        return str(value)
    if isinstance(value, float):
        return repr(value) if len(repr(value)) <= 24 else f"{value:.6g}"
    if value is None:
        return "null"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:40] + "…"
        return f"「{short}」" if lang == "zh" else repr(short)
    if isinstance(value, list | tuple):
        return "[…]" if value else "[]"
    if isinstance(value, dict):
        return "{…}" if value else "{}"
    return type(value).__name__


def _field(
    model: type[BaseModel] | None, loc: tuple[Any, ...]
) -> tuple[type[BaseModel] | None, str | None, Any]:
    """The deepest setting ``loc`` reaches (``dispatch.daily_cap``), and the model holding it."""
    found: tuple[type[BaseModel] | None, str | None, Any] = (model, None, None)
    if model is None:
        return found
    for part in loc:
        if isinstance(part, str) and part in model.model_fields:
            field = model.model_fields[part]
            found = (model, part, field)
            inner = field.annotation
            if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
                break
            model = inner
    return found


def _is_local_time(field: Any) -> bool:
    return any(
        getattr(getattr(m, "func", None), "__name__", "") == "_local_time"
        for m in getattr(field, "metadata", ())
    ) or "_local_time" in repr(getattr(field, "annotation", ""))


def example(model: type[BaseModel] | None, name: str | None, lang: str) -> str:
    """An example of a valid value for a setting, as one would write it in plugins.yaml."""
    if model is None or name is None or name not in model.model_fields:
        return ""
    field = model.model_fields[name]
    default = field.get_default(call_default_factory=True)
    if is_duration(field):
        seconds = default if isinstance(default, int) and default > 0 else 600
        return short_duration(seconds)
    if _is_local_time(field):
        return '"20:00"'
    annotation = field.annotation
    if typing.get_origin(annotation) is typing.Literal:
        return " / ".join(choices.name(field, str(a), lang) for a in typing.get_args(annotation))
    if isinstance(default, bool):
        if lang == "zh":
            return "开" if default else "关"
        return "true" if default else "false"
    if isinstance(default, int | float):
        value = default
        for meta in field.metadata:
            for attr in ("ge", "gt"):
                low = getattr(meta, attr, None)
                if low is not None and value < low:
                    value = low + (1 if attr == "gt" else 0)
        return str(value)
    if isinstance(default, str) and default and len(default) <= 30:
        return default
    return ""


def explain(err: Any, model: type[BaseModel] | None, lang: str = "zh") -> str:
    """One pydantic error (``exc.errors()`` item) as a sentence with an example."""
    kind = err["type"]
    loc = tuple(p for p in err["loc"] if p not in ("function-before", "function-after"))
    owner, name, field = _field(model, loc)
    if kind == "extra_forbidden" and owner is not None and name is not None and len(loc) > 1:
        inner = owner.model_fields[name].annotation  # a typo inside a section: its keys
        owner = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else owner
    got = err.get("input")
    if kind == "extra_forbidden":
        known = sorted(owner.model_fields) if owner is not None else []
        close = difflib.get_close_matches(str(loc[-1]) if loc else "", known, n=1)
        hint = TEXTS.get(lang, "did_you_mean", name=close[0]) if close else ""
        listing = (
            TEXTS.get(lang, "known", names=", ".join(known))
            if known
            else TEXTS.get(lang, "no_settings")
        )
        return TEXTS.get(lang, "unknown_setting", hint=hint, known=listing)
    if isinstance(got, Sexagesimal) and (_is_local_time(field) or kind in ("string_type",)):
        return TEXTS.get(lang, "quote_time", time=got.written, number=int(got))
    ctx = err.get("ctx") or {}
    error = ctx.get("error")
    if kind == "value_error" and isinstance(error, SettingError):
        said = error.text(lang)
        return said if show_value(got, lang).strip("「」'") in said else said + _got(got, lang)
    if kind == "value_error" and _is_local_time(field) and lang == "zh":
        kind = "string_type"  # the scheduler's own words are English; say it like the others
    if kind in _SIMPLE:
        key = _SIMPLE[kind]
        if is_duration(field) and key.startswith("need_"):
            key = "need_duration"
        elif _is_local_time(field) and key == "need_text":
            key = "need_time"
        text = TEXTS.get(lang, key)
    elif kind in _LIMITS:
        key, attr = _LIMITS[kind]
        limit = ctx.get(attr, "?")
        if is_duration(field) and isinstance(limit, int) and kind in _LIMITS:
            limit = short_duration(limit)
        text = TEXTS.get(lang, key, limit=limit)
    elif kind in ("literal_error", "enum"):
        listed = choices.explained(field, lang) or str(ctx.get("expected", "?")).replace(
            " or ", TEXTS.get(lang, "or")
        )
        return TEXTS.get(lang, "choices", choices=listed) + _got(got, lang)
    else:
        detail = str(err.get("msg", "")).removeprefix("Value error, ")
        if lang == "en":
            text = detail
        elif kind == "value_error":  # a plugin's own check: its words say what is wrong
            text = TEXTS.get(lang, "invalid", detail=detail)
        else:  # pydantic's English is no help to an owner: what was given and an example
            text = TEXTS.get(lang, "invalid_plain")
    if kind == "missing":
        return text
    sample = example(owner, name, lang)
    return text + (TEXTS.get(lang, "example", example=sample) if sample else "") + _got(got, lang)


def _got(got: Any, lang: str) -> str:
    if isinstance(got, dict | list) and len(got) > 3:
        return ""
    shown = show_value(got, lang)
    return TEXTS.get(
        lang, "got", got=shown if shown.startswith("「") or lang != "zh" else f" {shown}"
    )


def explain_all(exc: Any, model: type[BaseModel] | None, lang: str = "zh") -> list[str]:
    """Every error of a ``ValidationError``, explained (the setting's name first when known)."""
    out = []
    for err in exc.errors():
        out.append(explain(err, model, lang))
    return out


#: libyaml's commonest complaints, in words an owner can act on
_YAML_PROBLEMS_ZH = (
    ("did not find expected ',' or ']'", "列表 [ ] 没写完：缺少逗号或右括号 ]"),
    ("did not find expected ',' or '}'", "映射 { } 没写完：缺少逗号或右括号 }"),
    ("mapping values are not allowed", "这里不能有「键: 值」：检查缩进，或给含冒号的值加引号"),
    ("cannot start any token", "有不能出现在这里的字符（缩进要用空格，不能用 Tab）"),
    ("did not find expected key", "缩进不对：这一行应与上面的键对齐"),
    ("expected <block end>", "缩进不对：这一行应与上面的键对齐"),
    ("could not find expected ':'", "缺少冒号「:」"),
    ("found undefined alias", "用了没有定义的别名（*名字）"),
    ("found unexpected end of stream", "文件提前结束了：引号或括号没有闭合？"),
    ("found unhashable key", "键不能是列表或映射"),
    ("could not determine a constructor", "不支持这个标签（!!…）"),
    ("found duplicate anchor", "锚点（&名字）重复了"),
)


def yaml_problem(problem: str, lang: str) -> str:
    """A YAML syntax problem from libyaml, in Chinese where we know it (English as it is)."""
    if lang == "zh":
        for needle, said in _YAML_PROBLEMS_ZH:
            if needle in problem:
                return said
    return problem
