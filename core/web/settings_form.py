"""A plugin's settings as the console's form: labelled fields, human values, sections apart.

The same words as ``/配置`` (``huzhu.core.settings.view``): a setting's label (每天最多接几单 /
its English label for ``en``), its value as an owner types it (20分钟, 开/关, a list
written 加微信、代刷), and each section (派单) as its own labelled group of fields. A value
typed into a field is what ``/配置 功能 设置项 值`` takes; JSON is left only for
free-form values (a list of tiers, of shop items, of phrase rules).
"""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from huzhu.core.durations import is_duration
from huzhu.core.i18n import join_list
from huzhu.core.settings import view as sv

if TYPE_CHECKING:
    from huzhu.core.engine import Engine
    from huzhu.core.plugin import PluginMeta

#: what an admin types for on/off in a form (``/配置`` reads both languages' words)
SWITCH = {"zh": ("开", "关"), "en": ("on", "off")}


@dataclass
class Field:
    """One setting as a form field."""

    path: str  #: ``page_size``, ``dispatch.daily_cap``
    label: str
    kind: str  #: bool, enum, number, duration, list, text, long, json
    raw: str  #: the value as typed into ``/配置``
    source: str
    options: list[tuple[str, str]] = field(default_factory=list)  #: (value, text)
    error: str = ""

    @property
    def key(self) -> str:
        """The setting's own name (``daily_cap``)."""
        return self.path.rsplit(".", 1)[-1]


@dataclass
class Group:
    """The plugin's own settings (``title`` "") or one section's (派单)."""

    key: str
    title: str
    fields: list[Field]


def _literal_values(annotation: Any) -> list[Any] | None:
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    return None


def _accepts_none(info: FieldInfo) -> bool:
    return type(None) in typing.get_args(info.annotation)


def _plain_list(value: Any) -> bool:
    """A list an owner can write as 加微信、代刷 (no item holds a separator)."""
    return isinstance(value, list) and all(
        isinstance(v, str | int)
        and not isinstance(v, bool)
        and not sv.LIST_SEPARATORS.search(str(v))
        for v in value
    )


def field_kind(info: FieldInfo, value: Any) -> str:
    """How the field is edited."""
    if isinstance(value, bool):
        return "bool"
    if _literal_values(info.annotation) is not None:
        return "enum"
    if is_duration(info):
        return "duration"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list) and _plain_list(value) and sv.takes_list(info):
        return "list"
    if isinstance(value, str) or value is None:
        return "long" if isinstance(value, str) and (len(value) > 60 or "\n" in value) else "text"
    return "json"


def raw_value(info: FieldInfo, value: Any, lang: str) -> str:
    """A setting's value as typed into its field (and into ``/配置``)."""
    kind = field_kind(info, value)
    if kind == "bool":
        return "true" if value else "false"
    if kind == "duration":
        return sv.human(info, value, lang)
    if kind == "list":
        return join_list(value, lang)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind == "json":
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def typed(info: FieldInfo, raw: str, current: Any) -> str:
    """What to send to ``/配置`` for ``raw`` typed into an emptied field: null, [] or ""."""
    if raw:
        return raw
    if current is None or _accepts_none(info):
        return "null"
    if isinstance(current, list):
        return "[]"
    return '""'


def leaf_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every setting that is not itself a section, sections' settings after their own."""
    own, inner = [], []
    for path in sv.paths(model, prefix):
        if sv.section_model(sv.field_at(model, path)) is not None:
            inner.extend(leaf_paths(model, path))
        else:
            own.append(path)
    return own + inner


def current(engine: Engine, group_id: str, name: str) -> dict[str, Any]:
    """The group's settings of the plugin as JSON data (its defaults if an override broke)."""
    from huzhu.core.admin import current_config

    return current_config(engine, group_id, name)


def form(engine: Engine, group_id: str, meta: PluginMeta, lang: str) -> list[Group]:
    """The plugin's settings as groups of fields: its own first, then each section's."""
    from huzhu.core.admin import section_of

    data = current(engine, group_id, meta.name)
    groups: dict[str, Group] = {}
    for path in leaf_paths(meta.config):
        info = sv.field_at(meta.config, path)
        assert info is not None
        value = sv.dig(data, path)
        kind = field_kind(info, value)
        options: list[tuple[str, str]] = []
        if kind == "bool":
            on, off = SWITCH[lang]
            options = [("true", on), ("false", off)]
        elif kind == "enum":
            options = [(str(v), str(v)) for v in _literal_values(info.annotation) or []]
        head = path.rpartition(".")[0]
        if head not in groups:
            title = section_of(meta, head).display(lang) if head else ""
            groups[head] = Group(head, title, [])
        groups[head].fields.append(
            Field(
                path=path,
                label=sv.label(meta, path, lang),
                kind=kind,
                raw=raw_value(info, value, lang),
                source=engine.resolver.source_of(group_id, meta.name, path),
                options=options,
            )
        )
    return list(groups.values())
