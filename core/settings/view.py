"""Plugin settings as owners read and write them in /配置: labels, human values, key=value.

A setting is named by its field (``daily_cap``), its path into a section
(``dispatch.daily_cap``) or its label (每天最多接几单, ``requests per member per day at
most``). Its Chinese label comes from the field's own ``title``, else the plugin's
``labels``, else its name; its English one from the plugin's ``labels_en``, else its name.
Values are read as ``plugins.yaml`` would read them, plus what admins type in
chat: 开/关/是/否, 20分钟 (a duration setting parses those itself), and a list
written 加微信、代刷 without brackets.
"""

from __future__ import annotations

import json
import re
import typing
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from huzhu.core import config_yaml
from huzhu.core.durations import format_duration, is_duration
from huzhu.core.i18n import join_list
from huzhu.core.plugin import PluginMeta
from huzhu.core.settings import choices
from huzhu.core.settings.names import normalize

#: on/off as admins say it (true/false/yes/no/on/off work as in plugins.yaml)
SWITCH_WORDS = choices.SWITCH_WORDS
#: the value that removes an admin's setting (back to the file's)
RESET_WORDS = ("default", "reset", "默认", "重置", "恢复")
#: a value typed into /配置: the longest setting (a rules text) fits; 4,300 digits do not
MAX_VALUE = 800
#: what may stand between a list's items as typed (加微信、代刷 / 加微信, 代刷 / 加微信 代刷)
LIST_SEPARATORS = re.compile(r"[、,，;；\s]+")
_SEQUENCES = (list, tuple, set, frozenset)


def section_model(field: FieldInfo | None) -> type[BaseModel] | None:
    """The settings model a field holds (a section such as ``dispatch``), or None."""
    inner = getattr(field, "annotation", None)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def field_at(model: type[BaseModel], path: str) -> FieldInfo | None:
    """The field ``path`` (``a`` or ``a.b``) names in ``model``, or None."""
    current: type[BaseModel] | None = model
    field = None
    for part in path.split("."):
        if current is None or part not in current.model_fields:
            return None
        field = current.model_fields[part]
        current = section_model(field)
    return field


def paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    """The settings of ``model`` (or of its section ``prefix``), in declaration order."""
    scope = model
    if prefix:
        inner = section_model(field_at(model, prefix))
        if inner is None:
            return []
        scope = inner
    return [f"{prefix}.{k}" if prefix else k for k in scope.model_fields]


def label(meta: PluginMeta, path: str, lang: str) -> str:
    """A setting's name for a ``lang`` group: 每天最多接几单 / requests per member per day at most."""
    if lang == "en":
        return meta.labels_en.get(path) or path.rsplit(".", 1)[-1]
    field = field_at(meta.config, path)
    title = getattr(field, "title", None)
    return title or meta.labels.get(path) or path.rsplit(".", 1)[-1]


def find(meta: PluginMeta, word: str, prefix: str = "") -> str | None:
    """The setting ``word`` names: a field of the section ``prefix``, a path, or a label."""
    model = meta.config
    word = word.strip()
    for candidate in (f"{prefix}.{word}" if prefix else word, word):
        if field_at(model, candidate) is not None:
            return candidate
    wanted = normalize(word)
    scopes = [prefix] if prefix else [""]
    scopes += [p for p in paths(model) if section_model(field_at(model, p))]
    for scope in scopes:
        for path in paths(model, scope):
            names = (label(meta, path, "zh"), label(meta, path, "en"), path)
            if wanted in {normalize(n) for n in names}:
                return path
    return _short_form(meta, wanted, scopes)


#: words owners use for a setting whose label says it otherwise (冷却 → cooldown)
KEY_WORDS = {"冷却": "cooldown", "冷却时间": "cooldown", "cd": "cooldown"}


def _short_form(meta: PluginMeta, wanted: str, scopes: list[str]) -> str | None:
    """A setting named by a short form of its label: a word the label contains (每天 → 每人每天
    最多求助几次), else its characters in order (确认提醒 → 多久未确认就提醒), else a common
    word for its key (冷却 → cooldown) — only when one setting fits."""
    if len(wanted) < 2:
        return None
    every = [p for scope in scopes for p in paths(meta.config, scope)]
    labels = {p: normalize(label(meta, p, "zh")) for p in every}

    def only(found: list[str]) -> str | None:
        return found[0] if len(set(found)) == 1 else None

    def in_order(word: str, text: str) -> bool:
        rest = iter(text)
        return all(ch in rest for ch in word)

    contained = [p for p, shown in labels.items() if wanted in shown]
    if contained:
        return only(contained)
    if not wanted.isascii():
        spread = [p for p, shown in labels.items() if in_order(wanted, shown)]
        if spread:
            return only(spread)
    key = KEY_WORDS.get(wanted)
    return only([p for p in every if p.rsplit(".", 1)[-1] == key]) if key else None


def split_assignment(key: str | None, value: str | None) -> tuple[str | None, str | None]:
    """``daily_cap=5``, ``daily_cap = 5`` and ``daily_cap 5`` as (key, value); no value: None."""
    if key is None:
        return None, value
    rest = (value or "").strip()
    for sign in ("=", "＝"):
        if sign in key:
            head, _, tail = key.partition(sign)
            joined = " ".join(p for p in (tail.strip(), rest) if p)
            return head.strip(), joined or None
    if rest[:1] in ("=", "＝"):
        return key, rest[1:].strip() or None
    return key, value


def is_reset(raw: str) -> bool:
    """True when ``raw`` asks to drop the admin's setting."""
    return raw.strip().lower() in RESET_WORDS


def coerce(raw: str, field: FieldInfo | None) -> Any:
    """What ``raw`` means for ``field``: YAML's reading, on/off words, a list without brackets;
    a bare number for a duration is minutes, as admins say it (/配置 first asks which one was
    meant when seconds would do too: ``huzhu.core.admin._bare_duration``)."""
    if is_duration(field) and raw.strip().isdigit() and raw.strip().isascii():
        return raw.strip()  # parse_duration reads a bare number written as text as minutes
    try:
        value = config_yaml.safe_value(raw)
    except (yaml.YAMLError, config_yaml.YamlProblem):
        value = raw
    text = raw.strip()
    if takes_list(field) and not isinstance(value, list) and not text.startswith("["):
        # one item or several, as written: 21:00 is a time, not YAML's 1260
        value = [part for part in LIST_SEPARATORS.split(text) if part]
    # 严重 for severe, 拼多多 for pdd, 不要 for false
    return choices.translate_value(field, value)


def takes_list(field: FieldInfo | None) -> bool:
    """Whether ``field`` holds a list of plain items (words, numbers, times), written as
    加微信、代刷 rather than as YAML."""
    annotation = getattr(field, "annotation", None)
    for candidate in (annotation, *typing.get_args(annotation)):
        origin = typing.get_origin(candidate) or candidate
        if origin in _SEQUENCES:
            args = typing.get_args(candidate)
            return all(_plain_item(a) for a in args if a is not Ellipsis)
    return False


def _plain_item(annotation: Any) -> bool:
    """A list item written as a word: text, a number, one of some words, a time (21:00)."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is typing.Literal:
        return all(isinstance(a, str | int) for a in typing.get_args(annotation))
    return annotation in (str, int)


def dig(data: Any, path: str) -> Any:
    """The value at ``path`` in a dumped config."""
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def human(field: FieldInfo | None, value: Any, lang: str, *, short: bool = False) -> str:
    """A value as an owner reads it: 20分钟, 开/关, 加微信、代刷; JSON for what is bigger."""
    zh = lang == "zh"
    if value == 0 and not isinstance(value, bool) and (nothing := choices.zero(field)) is not None:
        return f"0（{nothing.zh}）" if zh else f"0 ({nothing.en})"
    if (
        field is not None
        and is_duration(field)
        and isinstance(value, int)
        and not isinstance(value, bool)
    ):
        return format_duration(value, lang) if value else "0"
    if isinstance(value, bool):
        return ("开" if value else "关") if zh else ("on" if value else "off")
    if isinstance(value, str) and choices.codes(field):
        return choices.name(field, value, lang)  # 严重, not severe
    if isinstance(value, list | tuple) and value and choices.codes(field):
        return join_list((choices.name(field, str(v), lang) for v in value), lang)
    if value is None:
        return "无" if zh else "none"
    if isinstance(value, str):
        return value if not short or len(value) <= 40 else value[:40] + "…"
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        if not value:
            return "（空）" if zh else "(empty)"
        return join_list(value, lang)
    shown = json.dumps(value, ensure_ascii=False)
    return shown if not short or len(shown) <= 80 else shown[:80] + "…"
