"""``plugins.yaml``: loading with line numbers, and validation against each plugin's Config.

The file has a ``defaults`` block and a ``groups`` mapping of group id → block.
A block may set ``language``, ``enforcement``, ``commands`` and ``plugins``
(plugin name → ``true`` / ``false`` / a mapping of settings). Every error names
the file, line, YAML path and what is expected. A broken group block is
reported and never takes other groups down.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from huzhu.core.durations import Duration, parse_duration
from huzhu.core.events import StepKind
from huzhu.core.plugin import CORE, PluginRegistry

GROUP_ID = re.compile(r"^(console|qq|qqbot|tg):[^\s:]{1,100}$")
YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class ConfigError:
    """One problem in the file, with where it is."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.path or '(top)'}: {self.message}"
            if self.path
            else f"{where}: {self.message}"
        )


@dataclass(frozen=True, slots=True)
class Step:
    """One rung of the ladder: a kind and, for mutes, a length."""

    kind: StepKind
    seconds: int = 0

    @classmethod
    def parse(cls, value: Any) -> Step:
        """Parse ``warn``, ``delete``, ``kick``, ``mute:10m`` or ``mute 10m``."""
        if isinstance(value, Step):
            return value
        if not isinstance(value, str):
            raise ValueError("a step is a word: warn, delete, mute:<duration> or kick")
        word, _, arg = value.strip().replace(" ", ":", 1).partition(":")
        try:
            kind = StepKind(word.lower())
        except ValueError:
            raise ValueError(
                f"unknown step {value!r}; expected warn, delete, mute:<duration> or kick"
            ) from None
        if kind is StepKind.MUTE:
            if not arg:
                raise ValueError("mute needs a duration, e.g. mute:10m")
            seconds = parse_duration(arg)
            if not 60 <= seconds <= 30 * 86400:
                raise ValueError("a mute lasts from 1 minute to 30 days")
            return cls(kind, seconds)
        if arg:
            raise ValueError(f"{kind.value} takes no duration")
        return cls(kind)


DEFAULT_LADDER = ("warn", "delete", "mute:10m", "mute:1d", "kick")


def _ladder(value: Any) -> tuple[Step, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise ValueError("a ladder is a non-empty list of steps")
    return tuple(Step.parse(v) for v in value)


class Enforcement(BaseModel):
    """How the core punishes verdicts in a group."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ladder: tuple[Step, ...] = Field(default_factory=lambda: _ladder(list(DEFAULT_LADDER)))
    decay: int = 7 * 86400
    severe_strikes: int = Field(default=3, ge=1, le=20)
    rules: dict[str, tuple[Step, ...]] = Field(default_factory=dict)
    exempt_admins: bool = True
    notify_admins: bool = True
    #: where the member is told why: privately where the platform allows (else one
    #: short reply in the group), or always in the group
    explain: Literal["private", "group"] = "private"
    #: at most one explanation per member per this long; later violations are still enforced
    explain_every: int = 60

    _ladder_v = field_validator("ladder", mode="before")(_ladder)

    @field_validator("decay", "explain_every", mode="before")
    @classmethod
    def _decay(cls, v: Any) -> int:
        return parse_duration(v)

    @field_validator("rules", mode="before")
    @classmethod
    def _rules(cls, v: Any) -> dict[str, tuple[Step, ...]]:
        if not isinstance(v, dict):
            raise ValueError("rules maps a rule name to its own ladder")
        return {str(k): _ladder(val) for k, val in v.items()}


class Commands(BaseModel):
    """Command routing limits of a group."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: commands a member may send per window before the bot ignores them
    rate: int = Field(default=6, ge=1, le=1000)
    #: work commands (/已助, /确认, replies 已助 …) a member may send per window: a
    #: separate, larger budget, so helping many members never trips the limit
    work_rate: int = Field(default=30, ge=1, le=1000)
    window: int = 60
    max_length: int = Field(default=1000, ge=50, le=100_000)
    #: answer a plain 帮助 / 菜单 (``pointer_words``) or a bare share link in chat with a
    #: short pointer to /帮助 or /求助, at most once per ``pointer_every`` per member and
    #: once per ``pointer_group_every`` in the group
    pointer: bool = True
    pointer_words: tuple[str, ...] = ("帮助", "菜单", "命令", "功能", "help", "menu")
    pointer_links: bool = True
    pointer_every: Duration = 600
    pointer_group_every: Duration = 60

    @field_validator("pointer_words", mode="before")
    @classmethod
    def _words(cls, v: Any) -> Any:
        if isinstance(v, list | tuple):
            return tuple(str(w).strip().lower() for w in v if str(w).strip())
        return v

    @field_validator("window", mode="before")
    @classmethod
    def _window(cls, v: Any) -> int:
        return parse_duration(v)


DEFAULT_EXPIRY = {"砍价": 86400, "助力": 86400, "拼团": 86400, "现金": 3 * 86400, "default": 86400}


class Requests(BaseModel):
    """How help requests work in a group."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: a claim nobody denies is confirmed after this long; ``never`` turns that off
    auto_confirm: int | None = 2 * 3600
    #: how long a request stays open: by ``platform:activity``, activity, platform or ``default``
    expiry: dict[str, int] = Field(default_factory=lambda: dict(DEFAULT_EXPIRY))
    #: 助力值 a confirmed help gives the helper and takes from the requester
    credit: int = Field(default=1, ge=0, le=100)
    debit: int = Field(default=1, ge=0, le=100)
    #: open requests one member may have at once
    max_open: int = Field(default=3, ge=1, le=100)
    #: the most helpers one request may ask for
    max_needed: int = Field(default=20, ge=1, le=100)
    #: claims one member may have waiting for confirmation at once (on open requests)
    max_pending_claims: int = Field(default=5, ge=1, le=100)
    #: the same helper is credited once per link within this long (the platforms' own window)
    repeat_window: int = 24 * 3600
    #: helps a requester confirmed by hand before a helper's claims are confirmed automatically
    auto_confirm_min_helps: int = Field(default=1, ge=0, le=100)

    @field_validator("auto_confirm", mode="before")
    @classmethod
    def _auto(cls, v: Any) -> int | None:
        if (
            v is None
            or v is False
            or (isinstance(v, str) and v.strip().lower() in ("never", "off", "从不"))
        ):
            return None
        seconds = parse_duration(v)
        if seconds < 60:
            raise ValueError("auto_confirm is at least 1 minute, or never")
        return seconds

    @field_validator("repeat_window", mode="before")
    @classmethod
    def _repeat(cls, v: Any) -> int:
        seconds = parse_duration(v)
        if seconds > 30 * 86400:
            raise ValueError("repeat_window is at most 30 days (0: no limit)")
        return seconds

    @field_validator("expiry", mode="before")
    @classmethod
    def _expiry(cls, v: Any) -> dict[str, int]:
        if not isinstance(v, dict):
            raise ValueError(
                "expiry maps 砍价/助力/拼团/现金/其他, a platform (pdd, taobao, jd), pdd:砍价 or default to a duration"
            )
        out = dict(DEFAULT_EXPIRY)
        for key, value in v.items():
            seconds = parse_duration(value)
            if not 600 <= seconds <= 30 * 86400:
                raise ValueError(f"expiry of {key} must be between 10 minutes and 30 days")
            out[str(key)] = seconds
        return out

    def expiry_for(self, platform: str, activity: str) -> int:
        """Seconds a request of this platform and activity stays open."""
        for key in (f"{platform}:{activity}", activity, platform, "default"):
            if key in self.expiry:
                return self.expiry[key]
        return DEFAULT_EXPIRY["default"]


_QUIET = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class Posting(BaseModel):
    """When the bot may post on its own (reminders, digests, announcements, expiry notices).

    Replies to a member's own command and moderation are never held back.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: local time window with no unsolicited posts, e.g. "23:00-07:00"; off / null: none
    quiet_hours: str | None = "23:00-07:00"
    #: what happens to a post due in quiet hours or over the cap: defer (post later) or drop
    quiet_policy: Literal["defer", "drop"] = "defer"
    #: unsolicited bot messages per group per hour (0: no cap)
    max_per_hour: int = Field(default=10, ge=0, le=1000)
    #: a deferred post that could not go out within this long after it was due is
    #: dropped: a reminder half a day late helps nobody, and the backlog stays bounded
    max_delay: Duration = Field(default=12 * 3600, ge=3600, le=7 * 86400)

    @field_validator("quiet_hours", mode="before")
    @classmethod
    def _quiet(cls, v: Any) -> str | None:
        if (
            v is None
            or v is False
            or (isinstance(v, str) and v.strip().lower() in ("off", "none", ""))
        ):
            return None
        m = _QUIET.match(str(v))
        if (
            not m
            or int(m.group(1)) > 23
            or int(m.group(3)) > 23
            or int(m.group(2)) > 59
            or int(m.group(4)) > 59
        ):
            raise ValueError('quiet_hours is a local time window such as "23:00-07:00", or off')
        return str(v).replace(" ", "")

    def window(self) -> tuple[int, int] | None:
        """(start, end) in minutes after local midnight; None when there are no quiet hours."""
        if self.quiet_hours is None:
            return None
        m = _QUIET.match(self.quiet_hours)
        assert m is not None
        return int(m.group(1)) * 60 + int(m.group(2)), int(m.group(3)) * 60 + int(m.group(4))


class _Block(BaseModel):
    """The shape of a ``defaults`` or group block (plugin settings are checked separately)."""

    model_config = ConfigDict(extra="forbid")

    language: Literal["zh", "en"] | None = None
    #: IANA time zone for "per day" limits and scheduled posts (default Asia/Shanghai)
    timezone: str | None = None
    enforcement: dict[str, Any] | None = None
    commands: dict[str, Any] | None = None
    requests: dict[str, Any] | None = None
    posting: dict[str, Any] | None = None
    plugins: dict[str, bool | dict[str, Any] | None] = Field(default_factory=dict)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(
                    f"unknown time zone {value!r}; use an IANA name such as Asia/Shanghai"
                ) from None
        return value


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    superusers: list[str] = Field(default_factory=list)
    #: a folder of local plugin files (relative to this file), loaded before validation
    plugins_dir: str | None = None
    hook_timeout: float = Field(default=5.0, gt=0, le=120)
    tick_seconds: int = Field(default=60, ge=1, le=3600)
    defaults: dict[str, Any] | None = None
    groups: dict[str, dict[str, Any] | None] | None = None


@dataclass(frozen=True)
class PluginEntry:
    """A plugin as one block lists it: enabled or not, and its settings."""

    enabled: bool
    settings: dict[str, Any]


@dataclass(frozen=True)
class Block:
    """A validated block."""

    language: str | None = None
    timezone: str | None = None
    enforcement: dict[str, Any] = field(default_factory=dict)
    commands: dict[str, Any] = field(default_factory=dict)
    requests: dict[str, Any] = field(default_factory=dict)
    posting: dict[str, Any] = field(default_factory=dict)
    plugins: dict[str, PluginEntry] = field(default_factory=dict)


@dataclass(frozen=True)
class HuzhuConfig:
    """The whole validated configuration."""

    superusers: frozenset[str] = frozenset()
    hook_timeout: float = 5.0
    tick_seconds: int = 60
    defaults: Block = field(default_factory=Block)
    groups: dict[str, Block] = field(default_factory=dict)
    source: str = "(built-in defaults)"


@dataclass
class LoadResult:
    """What loading produced: the usable config, every error, and what was broken."""

    config: HuzhuConfig
    errors: list[ConfigError]
    fatal: bool = False
    defaults_broken: bool = False
    broken_groups: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        """True when the file has no error at all."""
        return not self.errors


# ---------------------------------------------------------------- YAML with line numbers
def _lines(
    node: yaml.Node, path: YamlPath, out: dict[YamlPath, int], dups: list[tuple[YamlPath, int]]
) -> None:
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                dups.append(((*path, key), key_node.start_mark.line + 1))
            seen.add(key)
            out[(*path, key)] = key_node.start_mark.line + 1
            _lines(value_node, (*path, key), out, dups)
            out[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, (*path, i), out, dups)


def _fmt_path(path: YamlPath) -> str:
    parts: list[str] = []
    for p in path:
        if isinstance(p, int):
            parts.append(f"[{p}]")
        else:
            text = str(p)
            parts.append(
                ("." if parts else "") + (text if re.fullmatch(r"[\w-]+", text) else f'"{text}"')
            )
    return "".join(parts)


class _Collector:
    def __init__(self, file: str, lines: dict[YamlPath, int]) -> None:
        self.file, self.lines, self.errors = file, lines, []  # type: list[ConfigError]

    def line_of(self, path: YamlPath) -> int | None:
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                return self.lines[path[:n]]
        return None

    def add(self, path: YamlPath, message: str) -> None:
        self.errors.append(ConfigError(self.file, self.line_of(path), _fmt_path(path), message))

    def pydantic(
        self, path: YamlPath, exc: ValidationError, model: type[BaseModel] | None = None
    ) -> None:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if p not in ("function-before", "function-after"))
            self.add((*path, *loc), _explain(err, model))


def _explain(err: Any, model: type[BaseModel] | None) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        known = sorted(model.model_fields) if model is not None else []
        name = str(err["loc"][-1])
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        listing = (
            f" Known settings: {', '.join(known)}." if known else " This plugin has no settings."
        )
        return f"unknown setting{hint}{listing}"
    msg = err["msg"].removeprefix("Value error, ")
    got = err.get("input")
    if isinstance(got, str | int | float | bool) and kind != "missing":
        return f"{msg} (got {got!r})"
    return msg


# ---------------------------------------------------------------- validation
def load(path: str | Path | None, registry: PluginRegistry) -> LoadResult:
    """Load and validate ``path``; a missing path means built-in defaults."""
    if path is None:
        return LoadResult(HuzhuConfig(), [])
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return LoadResult(
            HuzhuConfig(), [ConfigError(file, None, "", f"cannot read the file: {exc}")], fatal=True
        )
    return loads(text, registry, file=file)


#: libyaml's parser when PyYAML has it (its wheels do): ~10x faster on a big plugins.yaml
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data, from one parse."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def loads(text: str, registry: PluginRegistry, *, file: str = "plugins.yaml") -> LoadResult:
    """Validate YAML text (see ``load``)."""
    try:
        node, data = _parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        return LoadResult(
            HuzhuConfig(source=file),
            [ConfigError(file, line, "", f"YAML syntax error: {problem}")],
            fatal=True,
        )
    lines: dict[YamlPath, int] = {}
    dups: list[tuple[YamlPath, int]] = []
    if node is not None:
        _lines(node, (), lines, dups)
    col = _Collector(file, lines)
    for dup_path, line in dups:
        col.errors.append(
            ConfigError(
                file, line, _fmt_path(dup_path), "duplicate key (the later one would silently win)"
            )
        )
    if data is None:
        data = {}
    if not isinstance(data, dict):
        col.add((), "the file must be a mapping with 'defaults' and 'groups'")
        return LoadResult(HuzhuConfig(source=file), col.errors, fatal=True)
    try:
        top = _File.model_validate(data)
    except ValidationError as exc:
        col.pydantic((), exc, _File)
        return LoadResult(HuzhuConfig(source=file), col.errors, fatal=True)

    if top.plugins_dir:
        folder = Path(file).parent / Path(top.plugins_dir).expanduser()
        for name, why in registry.load_dir(folder).items():
            col.add(("plugins_dir",), f"{name}: {why} — the bot runs without it")
    for i, su in enumerate(top.superusers):
        if not GROUP_ID.match(su):
            col.add(
                ("superusers", i), "a superuser is a namespaced id such as qq:10001 or tg:12345"
            )
    before = len(col.errors)
    defaults = _block(top.defaults or {}, ("defaults",), None, registry, col)
    defaults_broken = len(col.errors) > before
    if defaults_broken:
        defaults = _block(
            top.defaults or {}, ("defaults",), None, registry, _Collector(file, lines), lenient=True
        )

    groups: dict[str, Block] = {}
    broken: set[str] = set()
    for gid, raw in (top.groups or {}).items():
        before = len(col.errors)
        if not GROUP_ID.match(str(gid)):
            col.add(
                ("groups", gid),
                "a group id is platform:id, e.g. qq:123456, tg:-1001234, console:general",
            )
        block = _block(raw or {}, ("groups", gid), defaults, registry, col)
        if len(col.errors) > before:
            broken.add(str(gid))
        else:
            groups[str(gid)] = block
    cfg = HuzhuConfig(
        superusers=frozenset(top.superusers),
        hook_timeout=top.hook_timeout,
        tick_seconds=top.tick_seconds,
        defaults=defaults,
        groups=groups,
        source=file,
    )
    return LoadResult(cfg, col.errors, defaults_broken=defaults_broken, broken_groups=broken)


def _block(
    raw: Any,
    path: YamlPath,
    base: Block | None,
    registry: PluginRegistry,
    col: _Collector,
    *,
    lenient: bool = False,
) -> Block:
    """Validate one block; with ``base`` (the defaults), check the merged result too."""
    if not isinstance(raw, dict):
        col.add(
            path,
            "a block is a mapping (language, timezone, enforcement, commands, requests, posting, plugins)",
        )
        return Block()
    # Check each field on its own, so one mistake does not hide the others.
    fields: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _Block.model_fields:
            close = difflib.get_close_matches(str(key), list(_Block.model_fields), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            col.add(
                (*path, key), f"unknown key; {hint}a block has: {', '.join(_Block.model_fields)}"
            )
            continue
        try:
            fields[key] = getattr(_Block.model_validate({key: value}), key)
        except ValidationError as exc:
            col.pydantic(path, exc, _Block)
    shape = _Block.model_construct(**fields)
    base = base or Block()
    # core sections: each is checked merged over the defaults' version of it
    sections: dict[str, dict[str, Any]] = {}
    for name, model in (
        ("enforcement", Enforcement),
        ("commands", Commands),
        ("requests", Requests),
        ("posting", Posting),
    ):
        own = getattr(shape, name) or {}
        try:
            model.model_validate({**getattr(base, name), **own})
        except ValidationError as exc:
            col.pydantic((*path, name), exc, model)
            own = {}
        sections[name] = own
    plugins: dict[str, PluginEntry] = {}
    for name, value in shape.plugins.items():
        ppath = (*path, "plugins", name)
        if name not in registry.plugins:
            if name == CORE:
                col.add(ppath, "the core is always on and has no settings here")
                continue
            close = difflib.get_close_matches(name, registry.names(), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            col.add(
                ppath,
                f"unknown plugin; {hint}known plugins: {', '.join(registry.names()) or 'none'}",
            )
            continue
        if value is False:
            entry = PluginEntry(False, {})
        elif value is True or value is None:
            entry = PluginEntry(True, {})
        else:
            settings = dict(value)
            enabled = settings.pop("enabled", True)
            if not isinstance(enabled, bool):
                col.add((*ppath, "enabled"), "enabled is true or false")
                enabled = True
            entry = PluginEntry(enabled, settings)
        model = registry.plugins[name].meta.config
        inherited = base.plugins.get(name, PluginEntry(False, {})).settings
        try:
            model.model_validate({**inherited, **entry.settings})
        except ValidationError as exc:
            col.pydantic(ppath, exc, model)
            if lenient:
                continue
        plugins[name] = entry
    return Block(language=shape.language, timezone=shape.timezone, plugins=plugins, **sections)
