"""``plugins.yaml``: loading with line numbers, and validation against each plugin's Config.

The file has a ``defaults`` block and a ``groups`` mapping of group id → block.
A block may set ``language``, ``enforcement``, ``commands`` and ``plugins``
(plugin name → ``true`` / ``false`` / a mapping of settings). Every error names
the file, line, YAML path and what is expected. A broken group block is
reported and never takes other groups down.
"""

from __future__ import annotations

import difflib
import gc
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationError,
    field_validator,
)

from huzhu.core import config_yaml
from huzhu.core.config_errors import TEXTS, explain, show_value, yaml_problem
from huzhu.core.durations import (
    DURATION,
    MAX_SECONDS,
    Duration,
    SettingError,
    format_duration,
    parse_duration,
    short_duration,
)
from huzhu.core.events import StepKind
from huzhu.core.plugin import CORE, PluginRegistry
from huzhu.core.settings import choices
from huzhu.core.settings import names as plugin_names
from huzhu.core.settings.choices import Zero

#: a namespaced id: the platform, then an id that platform could really have
#: (QQ numbers and Telegram chat ids are numbers; official-bot openids are words)
GROUP_ID = re.compile(
    r"^(?:qq:[1-9][0-9]{0,14}|tg:-?[1-9][0-9]{0,15}|qqbot:[A-Za-z0-9_-]{1,100}|console:[^\s:]{1,100})$"
)
YamlPath = config_yaml.YamlPath


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
            raise SettingError(
                "每一步是 warn（警告）、delete（撤回）、mute:10m（禁言）或 kick（移出）",
                "a step is a word: warn, delete, mute:<duration> or kick",
            )
        word, _, arg = value.strip().replace(" ", ":", 1).partition(":")
        try:
            kind = StepKind(word.lower())
        except ValueError:
            shown = show_value(value, "en")
            raise SettingError(
                f"没有 {shown} 这一步；可用 warn、delete、mute:10m 或 kick",
                f"unknown step {shown}; expected warn, delete, mute:<duration> or kick",
            ) from None
        if kind is StepKind.MUTE:
            if not arg:
                raise SettingError(
                    "mute 要写时长，例如 mute:10m", "mute needs a duration, e.g. mute:10m"
                )
            seconds = parse_duration(arg)
            if not 60 <= seconds <= 30 * 86400:
                raise SettingError(
                    "禁言时长在 1 分钟到 30 天之间，例如 mute:10m",
                    "a mute lasts from 1 minute to 30 days, e.g. mute:10m",
                )
            return cls(kind, seconds)
        if arg:
            raise SettingError(f"{kind.value} 后面不写时长", f"{kind.value} takes no duration")
        return cls(kind)

    def text(self) -> str:
        """The step as plugins.yaml writes it: ``warn``, ``mute:10m``."""
        return (
            f"{self.kind.value}:{short_duration(self.seconds)}" if self.seconds else self.kind.value
        )


DEFAULT_LADDER = ("warn", "delete", "mute:10m", "mute:1d", "kick")


def _ladder(value: Any) -> tuple[Step, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise SettingError(
            "处罚阶梯是一个列表，例如 [warn, delete, mute:10m, kick]",
            "a ladder is a non-empty list of steps, e.g. [warn, delete, mute:10m, kick]",
        )
    return tuple(Step.parse(v) for v in value)


#: a ladder as pydantic checks it: each step on its own, so every bad step is reported
Ladder = typing.Annotated[
    tuple[
        typing.Annotated[
            Step, PlainValidator(Step.parse), PlainSerializer(Step.text, return_type=str)
        ],
        ...,
    ],
    Field(min_length=1),
]


def _ladder_shape(value: Any) -> Any:
    if not isinstance(value, list | tuple) or not value:
        return _ladder(value)  # raises the readable error
    return value


class Enforcement(BaseModel):
    """How the core punishes verdicts in a group."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ladder: Ladder = Field(default_factory=lambda: _ladder(list(DEFAULT_LADDER)))
    decay: Duration = 7 * 86400
    severe_strikes: int = Field(default=3, ge=1, le=20)
    rules: dict[str, Ladder] = Field(default_factory=dict)
    exempt_admins: bool = True
    notify_admins: bool = True
    #: where the member is told why: privately where the platform allows (else one
    #: short reply in the group), or always in the group
    explain: Literal["private", "group"] = "private"
    #: at most one explanation per member per this long; later violations are still enforced
    explain_every: Duration = 60

    _ladder_v = field_validator("ladder", mode="before")(_ladder_shape)

    @field_validator("rules", mode="before")
    @classmethod
    def _rules(cls, v: Any) -> Any:
        if not isinstance(v, dict):
            raise SettingError(
                "rules 是「规则名: 处罚阶梯」的映射，例如 anti_scam: [delete, kick]",
                "rules maps a rule name to its own ladder, e.g. anti_scam: [delete, kick]",
            )
        return {str(k): _ladder_shape(val) for k, val in v.items()}


class Commands(BaseModel):
    """Command routing limits of a group."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: commands a member may send per window before the bot ignores them
    rate: int = Field(default=6, ge=1, le=1000)
    #: work commands (/已助, /确认, replies 已助 …) a member may send per window: a
    #: separate, larger budget, so helping many members never trips the limit
    work_rate: int = Field(default=30, ge=1, le=1000)
    window: Duration = 60
    max_length: int = Field(default=1000, ge=50, le=100_000)
    #: answer a plain 帮助 / 菜单 (``pointer_words``) or a bare share link in chat with a
    #: short pointer to /帮助 or /求助, at most once per ``pointer_every`` per member and
    #: once per ``pointer_group_every`` in the group
    pointer: bool = True
    pointer_words: tuple[str, ...] = ("帮助", "菜单", "命令", "功能", "help", "menu")
    pointer_links: bool = True
    pointer_every: Duration = 600
    pointer_group_every: Duration = 60
    #: /帮助, /排行, /队列 asked again in the group with the answer unchanged within this
    #: long: one line saying where to scroll instead of the same list again (0: off)
    repeat_within: typing.Annotated[Duration, Zero("不限，总是重发", "off: always post")] = Field(
        default=300, le=86400
    )

    @field_validator("pointer_words", mode="before")
    @classmethod
    def _words(cls, v: Any) -> Any:
        if isinstance(v, list | tuple):
            return tuple(str(w).strip().lower() for w in v if str(w).strip())
        return v


DEFAULT_EXPIRY = {"砍价": 86400, "助力": 86400, "拼团": 86400, "现金": 3 * 86400, "default": 86400}


class Requests(BaseModel):
    """How help requests work in a group."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: a claim nobody denies is confirmed after this long; ``never`` turns that off
    auto_confirm: typing.Annotated[int | None, DURATION] = 2 * 3600
    #: how long a request stays open: by ``platform:activity``, activity, platform or ``default``
    expiry: typing.Annotated[dict[str, int], DURATION] = Field(
        default_factory=lambda: dict(DEFAULT_EXPIRY)
    )
    #: 助力值 a confirmed help gives the helper and takes from the requester
    credit: int = Field(default=1, ge=0, le=100)
    debit: int = Field(default=1, ge=0, le=100)
    #: open requests one member may have at once
    max_open: int = Field(default=3, ge=1, le=100)
    #: the most helpers one request may ask for
    max_needed: int = Field(default=20, ge=1, le=100)
    #: claims one member may have waiting for confirmation at once (on open requests)
    max_pending_claims: int = Field(default=10, ge=1, le=100)
    #: the same helper is credited once per link within this long (the platforms' own window)
    repeat_window: int = 24 * 3600
    #: helps a requester confirmed by hand before a helper's claims are confirmed automatically
    auto_confirm_min_helps: int = Field(default=1, ge=0, le=100)
    # --- screenshot evidence (huzhu.core.trust) ---
    #: screenshots read by OCR: ``off``; ``optional`` (a success screenshot confirms at once,
    #: a failure one is refused); ``required`` (/已助 without a screenshot is refused)
    evidence: typing.Literal["off", "optional", "required"] = "optional"
    #: a picture this soon after the member's /已助 is that claim's screenshot
    evidence_window: typing.Annotated[int, DURATION] = 120
    #: what a reused screenshot counts as on the ladder (``requests.fake_evidence``)
    fake_evidence: typing.Literal["info", "review", "minor", "severe"] = "minor"
    #: answer help commands (/求助 /已助 /确认 /队列 /我的 …) privately, keeping one line per
    #: request (its announcement) in the group: ``auto`` does so where 派单 is on
    #: (``queue.dispatch.enabled``), ``on`` always, ``off`` never. Where the platform cannot
    #: write privately (the official QQ bot) answers stay in the group.
    private_answers: typing.Literal["auto", "on", "off"] = "auto"

    @field_validator("evidence", mode="before")
    @classmethod
    def _evidence(cls, v: Any) -> Any:
        # YAML 1.1 reads a bare off / on as a boolean
        if v is False:
            return "off"
        if v is True:
            return "optional"
        return v.strip().lower() if isinstance(v, str) else v

    @field_validator("evidence_window", mode="before")
    @classmethod
    def _evidence_window(cls, v: Any) -> int:
        seconds = parse_duration(v)
        if not 10 <= seconds <= 3600:
            raise SettingError(
                "evidence_window 在 10 秒到 1 小时之间，例如 2m",
                "evidence_window is between 10 seconds and 1 hour, e.g. 2m",
            )
        return seconds

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
            raise SettingError(
                "auto_confirm 至少 1 分钟，或写 never（不自动确认）",
                "auto_confirm is at least 1 minute, or never",
            )
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
            raise SettingError(
                "expiry 把 砍价/助力/拼团/现金/其他、平台（pdd、taobao、jd）、pdd:砍价 或 default 对应到时长，例如 砍价: 1d",
                "expiry maps 砍价/助力/拼团/现金/其他, a platform (pdd, taobao, jd), pdd:砍价 or default"
                " to a duration, e.g. 砍价: 1d",
            )
        out = dict(DEFAULT_EXPIRY)
        problems: list[tuple[str, str]] = []
        for key, value in v.items():
            try:
                seconds = parse_duration(value)
            except SettingError as exc:
                problems.append((f"{key}：{exc.zh}", f"{key}: {exc.en}"))
                continue
            if not 600 <= seconds <= 30 * 86400:
                problems.append(
                    (f"{key} 的有效期在 10 分钟到 30 天之间，例如 1d",
                     f"expiry of {key} must be between 10 minutes and 30 days, e.g. 1d")
                )  # fmt: skip
                continue
            out[str(key)] = seconds
        if problems:
            raise SettingError("；".join(z for z, _ in problems), "; ".join(e for _, e in problems))
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
    #: unsolicited private notes per group per hour (0: no cap), counted apart from the
    #: group's posts: a note to one member does not fill the screen, so it must not use
    #: up the room of the group's own reminders
    max_private_per_hour: int = Field(default=60, ge=0, le=10000)
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
        m = _QUIET.match(v) if isinstance(v, str) else None
        if (
            not m
            or int(m.group(1)) > 23
            or int(m.group(3)) > 23
            or int(m.group(2)) > 59
            or int(m.group(4)) > 59
        ):
            raise SettingError(
                '免打扰时段写成 "23:00-07:00"（加引号），或 off',
                'quiet_hours is a local time window such as "23:00-07:00", or off',
            )
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
    plugins: dict[str, Any] = Field(default_factory=dict)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise SettingError(
                    f"没有 {value!r} 这个时区；请写 IANA 时区名，例如 Asia/Shanghai",
                    f"unknown time zone {value!r}; use an IANA name such as Asia/Shanghai",
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
    groups: dict[str, Any] | None = None


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
    #: what works but is probably not meant (``cooldown: 10`` read as 10 seconds,
    #: “full-width quotes” kept in a text): shown by ``huzhu check`` and /重载, never refused
    warnings: list[ConfigError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file has no error at all."""
        return not self.errors


# ---------------------------------------------------------------- errors with their lines
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


_PLAIN = (str, int, float, bool, type(None))


def _memo_key(value: Any) -> Any:
    """A hashable copy of plain YAML data, exact types kept (None: not only plain values;
    ``20:00`` read as a number remembers how it was written, so it is never merged).

    A string stands for itself (it equals no other kind of key); other scalars carry
    their type (``1``, ``1.0`` and ``true`` are equal in Python)."""
    kind = type(value)
    if kind is str:
        return value
    if kind in _PLAIN:
        return kind, value
    if kind is dict:
        items = []
        for k, v in value.items():
            kk = k if type(k) is str else _memo_key(k)
            vv = v if type(v) is str else _memo_key(v)
            if kk is None or vv is None:
                return None
            items.append((kk, vv))
        return dict, tuple(items)
    if kind is list:
        out = []
        for v in value:
            vv = v if type(v) is str else _memo_key(v)
            if vv is None:
                return None
            out.append(vv)
        return list, tuple(out)
    return None


class _Collector:
    def __init__(
        self,
        file: str,
        lines: dict[YamlPath, int] | Callable[[], dict[YamlPath, int]],
        lang: str = "en",
    ) -> None:
        """``lines``: each YAML path's line, or a function working them out when an error
        first needs them (a file with no problem never does)."""
        self.file, self.lang = file, lang
        self._lines = lines
        self.errors: list[ConfigError] = []
        self.warnings: list[ConfigError] = []
        self.checked: dict[tuple[type[BaseModel], Any], ValidationError | None] = {}

    @property
    def lines(self) -> dict[YamlPath, int]:
        """Each YAML path's 1-based line."""
        if callable(self._lines):
            self._lines = self._lines()
        return self._lines

    def check(self, model: type[BaseModel], data: dict[str, Any]) -> ValidationError | None:
        """Why ``data`` is not a valid ``model`` (None: it is); each distinct value is
        validated once per load (10,000 groups repeat a few settings)."""
        key = _memo_key(data)
        if key is not None and (model, key) in self.checked:
            return self.checked[model, key]
        try:
            model.model_validate(data)
            problem = None
        except ValidationError as exc:
            problem = exc
        if key is not None:
            self.checked[model, key] = problem
        return problem

    def line_of(self, path: YamlPath) -> int | None:
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                return self.lines[path[:n]]
        return None

    def add(self, path: YamlPath, message: str) -> None:
        self.errors.append(ConfigError(self.file, self.line_of(path), _fmt_path(path), message))

    def warn(self, path: YamlPath, key: str, /, **values: Any) -> None:
        """Add the catalogue's message ``key`` as a warning."""
        self.warnings.append(
            ConfigError(
                self.file, self.line_of(path), _fmt_path(path), TEXTS.get(self.lang, key, **values)
            )
        )

    def say(self, path: YamlPath, key: str, /, **values: Any) -> None:
        """Add the catalogue's message ``key`` in the collector's language."""
        self.add(path, TEXTS.get(self.lang, key, **values))

    def pydantic(
        self, path: YamlPath, exc: ValidationError, model: type[BaseModel] | None = None
    ) -> None:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if p not in ("function-before", "function-after"))
            self.add((*path, *loc), explain(err, model, self.lang))


# ---------------------------------------------------------------- validation
def load(
    path: str | Path | None,
    registry: PluginRegistry,
    *,
    lang: str = "en",
    load_dir: Callable[[Path], dict[str, str]] | None = None,
) -> LoadResult:
    """Load and validate ``path``; a missing path means built-in defaults.

    ``load_dir`` loads a ``plugins_dir`` (default ``registry.load_dir``); a reload
    in a worker thread passes one that does it on the event loop.
    """
    if path is None:
        return LoadResult(HuzhuConfig(), [])
    file = str(path)
    try:
        text = config_yaml.read_text(path)
    except config_yaml.YamlProblem as exc:
        return LoadResult(
            HuzhuConfig(source=file), [ConfigError(file, None, "", exc.text(lang))], fatal=True
        )
    except (OSError, UnicodeDecodeError) as exc:
        why = TEXTS.get(lang, "cannot_read", why=_os_problem(exc, lang))
        return LoadResult(HuzhuConfig(), [ConfigError(file, None, "", why)], fatal=True)
    return loads(text, registry, file=file, lang=lang, load_dir=load_dir)


def loads(
    text: str,
    registry: PluginRegistry,
    *,
    file: str = "plugins.yaml",
    lang: str = "en",
    load_dir: Callable[[Path], dict[str, str]] | None = None,
) -> LoadResult:
    """Validate YAML text (see ``load``); messages in ``lang`` (zh or en)."""
    # the parse makes ~10 objects per line and keeps them all: the cyclic collector would
    # walk the growing heap again and again (two thirds of a 10,000-group load); nothing
    # made here needs it (the few cycles, errors with their tracebacks, are collected after)
    paused = gc.isenabled()
    gc.disable()
    try:
        return _loads(text, registry, file=file, lang=lang, load_dir=load_dir)
    finally:
        if paused:
            gc.enable()


def _loads(
    text: str,
    registry: PluginRegistry,
    *,
    file: str,
    lang: str,
    load_dir: Callable[[Path], dict[str, str]] | None,
) -> LoadResult:
    # a Chinese input method's 「：」 or 「　」 breaks the structure, and libyaml then names a
    # later line in its own words: say what and where first
    wide, wide_warnings = config_yaml.full_width(text) if _MAY_BE_WIDE.search(text) else ([], [])
    if wide:
        return LoadResult(
            HuzhuConfig(source=file),
            [ConfigError(file, line, "", en if lang == "en" else zh) for line, zh, en in wide],
            fatal=True,
        )
    try:
        data, dups, lines = config_yaml.read(text)
    except config_yaml.YamlProblem as exc:
        return LoadResult(
            HuzhuConfig(source=file), [ConfigError(file, exc.line, "", exc.text(lang))], fatal=True
        )
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        return LoadResult(
            HuzhuConfig(source=file),
            [
                ConfigError(
                    file, line, "", TEXTS.get(lang, "syntax", problem=yaml_problem(problem, lang))
                )
            ],
            fatal=True,
        )
    # the node tree (~40 bytes of nodes and marks per byte of YAML) is not kept: a file of
    # 10,000 groups does not hold both it and the validated groups; lines are worked out
    # again from the text when the first error needs them
    col = _Collector(file, lines, lang)
    col.warnings.extend(
        ConfigError(file, line, "", en if lang == "en" else zh) for line, zh, en in wide_warnings
    )
    for dup_path, line, _hidden in dups:
        col.errors.append(
            ConfigError(file, line, _fmt_path(dup_path), TEXTS.get(lang, "duplicate"))
        )
    if data is None:
        data = {}
    if not isinstance(data, dict):
        col.say((), "file_not_mapping")
        return LoadResult(HuzhuConfig(source=file), col.errors, fatal=True)
    top, failed = _top(data, col)

    if top.plugins_dir:
        folder = Path(file).parent / Path(top.plugins_dir).expanduser()
        for name, why in (load_dir or registry.load_dir)(folder).items():
            col.say(("plugins_dir",), "plugins_dir_failed", name=name, why=why)
    for i, su in enumerate(top.superusers):
        if not GROUP_ID.match(su):
            col.say(("superusers", i), "bad_superuser")
    before = len(col.errors)
    defaults = _block(top.defaults or {}, ("defaults",), None, registry, col)
    defaults_broken = len(col.errors) > before
    if defaults_broken:
        defaults = _block(
            top.defaults or {}, ("defaults",), None, registry, _Collector(file, {}), lenient=True
        )
    groups, broken = _groups(top.groups or {}, defaults, registry, col)
    _check_hidden(dups, data, defaults, registry, col)
    cfg = HuzhuConfig(
        superusers=frozenset(top.superusers),
        hook_timeout=top.hook_timeout,
        tick_seconds=top.tick_seconds,
        defaults=defaults,
        groups=groups,
        source=file,
    )
    warnings = sorted(col.warnings, key=lambda w: w.line or 0)
    if failed:
        return LoadResult(HuzhuConfig(source=file), col.errors, fatal=True, warnings=warnings)
    return LoadResult(
        cfg, col.errors, defaults_broken=defaults_broken, broken_groups=broken, warnings=warnings
    )


def _top(data: dict[str, Any], col: _Collector) -> tuple[_File, bool]:
    """The top level, each key checked on its own so one mistake does not hide the others.

    Returns what was valid and whether anything failed (which makes the file unusable).
    """
    fields: dict[str, Any] = {}
    failed = False
    for key, value in data.items():
        if key == "groups" and isinstance(value, dict):
            # ``123456789:`` unquoted is a number: said for that group (``_groups``), and
            # the file's other groups and errors still checked
            value = {_number_key(k): v for k, v in value.items()}
        try:
            checked = _File.model_validate({key: value})
        except ValidationError as exc:
            col.pydantic((), exc, _File)
            failed = True
            continue
        fields[key] = getattr(checked, key)
    return _File.model_validate(fields), failed


def _number_key(key: Any) -> Any:
    """A group key YAML read as a number (``123456789:``) as the text it was written as."""
    return str(key) if isinstance(key, int | float) and not isinstance(key, bool) else key


def _groups(
    raw_groups: dict[str, Any], defaults: Block, registry: PluginRegistry, col: _Collector
) -> tuple[dict[str, Block], set[str]]:
    groups: dict[str, Block] = {}
    broken: set[str] = set()
    #: blocks found valid, by content: a group whose block equals one of them shares its
    #: validated Block (read-only) instead of being checked again; a block with a problem
    #: is checked (and its problems reported) in every group that has it
    valid: dict[Any, Block] = {}
    for gid, raw in raw_groups.items():
        before = len(col.errors)
        if not GROUP_ID.match(str(gid)):
            number = str(gid).lstrip("-")
            if number.isdigit():  # 123456789: a QQ group number (-100…: a Telegram group)
                platform = "tg" if str(gid).startswith("-") else "qq"
                col.say(("groups", gid), "bad_group_number", id=gid, platform=platform)
            else:
                col.say(("groups", gid), "bad_group")
        key = _memo_key(raw)
        block = valid.get(key) if key is not None else None
        if block is None:
            block = _block(raw or {}, ("groups", gid), defaults, registry, col)
        if len(col.errors) > before:
            broken.add(str(gid))
        else:
            groups[str(gid)] = block
            if key is not None:
                valid[key] = block
    return groups, broken


def _check_hidden(
    dups: list[config_yaml.Duplicate],
    data: dict[str, Any],
    defaults: Block,
    registry: PluginRegistry,
    col: _Collector,
) -> None:
    """Validate what a duplicate key hides too: its mistakes are reported, never used."""
    seen = {str(e) for e in col.errors}
    for path, _line, hidden in dups:
        if path[0] not in ("defaults", "groups") or (path[0] == "groups" and len(path) == 1):
            if path == ("groups",):
                value = config_yaml.construct(hidden)
                shadow = _shadow_collector(col, path, hidden)
                if isinstance(value, dict):
                    _groups(value, defaults, registry, shadow)
                _add_new(col, shadow, seen)
            continue
        root = path[:1] if path[0] == "defaults" else path[:2]
        groups = data.get("groups")
        if len(root) == 1:
            block = data.get(path[0])
        else:
            block = groups.get(path[1]) if isinstance(groups, dict) else None
        if len(path) == len(root):
            block = config_yaml.construct(hidden)
        else:
            block = _replace(block, path[len(root) :], config_yaml.construct(hidden))
        shadow = _shadow_collector(col, path, hidden)
        base = None if root == ("defaults",) else defaults
        _block(block or {}, root, base, registry, shadow)
        _add_new(col, shadow, seen)


def _shadow_collector(col: _Collector, path: YamlPath, hidden: yaml.Node) -> _Collector:
    lines, _ = config_yaml.line_map(hidden)
    return _Collector(
        col.file, {**col.lines, **{(*path, *p): n for p, n in lines.items()}}, col.lang
    )


def _add_new(col: _Collector, shadow: _Collector, seen: set[str]) -> None:
    for err in shadow.errors:
        if str(err) not in seen:
            seen.add(str(err))
            col.errors.append(err)


def _replace(block: Any, rest: YamlPath, value: Any) -> Any:
    """A copy of ``block`` with the value at ``rest`` replaced."""
    if not rest or not isinstance(block, dict):
        return value if not rest else block
    out = dict(block)
    out[rest[0]] = _replace(block.get(rest[0]), rest[1:], value)
    return out


def _shape(raw: dict[Any, Any], path: YamlPath, col: _Collector) -> _Block:
    """A block's own keys checked (plugin settings and core sections come later)."""
    if isinstance(raw.get("language"), str):  # language: 中文 / 英文, as settings take choices
        language = choices.translate_value(_Block.model_fields["language"], raw["language"])
        raw = {**raw, "language": language}
    if raw.keys() <= _Block.model_fields.keys():
        try:  # nearly every block: one check of all its keys
            return _Block.model_validate(raw)
        except ValidationError:
            pass
    # Check each field on its own, so one mistake does not hide the others.
    fields: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _Block.model_fields:
            close = difflib.get_close_matches(str(key), list(_Block.model_fields), n=1)
            hint = TEXTS.get(col.lang, "did_you_mean", name=close[0]) if close else ""
            col.say(
                (*path, key), "unknown_block_key", hint=hint, keys=", ".join(_Block.model_fields)
            )
            continue
        try:
            fields[key] = getattr(_Block.model_validate({key: value}), key)
        except ValidationError as exc:
            col.pydantic(path, exc, _Block)
    return _Block.model_construct(**fields)


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
        col.say(path, "block_not_mapping", keys=", ".join(_Block.model_fields))
        return Block()
    shape = _shape(raw, path, col)
    base = base or Block()
    # core sections: each is checked merged over the defaults' version of it
    sections: dict[str, dict[str, Any]] = {}
    for name, model in (
        ("enforcement", Enforcement),
        ("commands", Commands),
        ("requests", Requests),
        ("posting", Posting),
    ):
        own = choices.translate(model, getattr(shape, name) or {})
        # with nothing of its own the section is the defaults' one, valid already
        problem = col.check(model, {**getattr(base, name), **own}) if own else None
        if problem is not None:
            col.pydantic((*path, name), problem, model)
            own = {}
        _bare_durations(model, own, (*path, name), col)
        sections[name] = own
    plugins: dict[str, PluginEntry] = {}
    for written, value in shape.plugins.items():
        ppath = (*path, "plugins", written)
        name = _plugin_key(written, ppath, registry, col)
        if name is None:
            continue
        if name != written and name in shape.plugins:
            col.say(ppath, "plugin_twice", name=name)
            continue
        if value is False:
            entry = PluginEntry(False, {})
        elif value is True or value is None:
            entry = PluginEntry(True, {})
        elif not isinstance(value, dict):
            col.say(ppath, "plugin_value", got=show_value(value, col.lang))
            continue
        else:
            settings = dict(value)
            enabled = settings.pop("enabled", True)
            if not isinstance(enabled, bool):
                col.say((*ppath, "enabled"), "enabled_bool")
                enabled = True
            entry = PluginEntry(enabled, settings)
        model = registry.plugins[name].meta.config
        if entry.settings:  # 严重 for severe, 拼多多 for pdd, 不要 for false
            entry = PluginEntry(entry.enabled, choices.translate(model, entry.settings))
        inherited = base.plugins.get(name, PluginEntry(False, {})).settings
        problem = col.check(model, {**inherited, **entry.settings})
        if problem is not None:
            col.pydantic(ppath, problem, model)
            if lenient:
                continue
        _bare_durations(model, entry.settings, ppath, col)
        plugins[name] = entry
    return Block(language=shape.language, timezone=shape.timezone, plugins=plugins, **sections)


def _plugin_key(
    written: Any, ppath: YamlPath, registry: PluginRegistry, col: _Collector
) -> str | None:
    """The plugin a ``plugins:`` key names: its key (``help_before_ask``), or its Chinese name or
    alias (先助人后求助, 配额) as /启用 takes them; None (said why) when it names none."""
    if written in registry.plugins:
        return str(written)
    if written == CORE:
        col.say(ppath, "core_no_settings")
        return None
    target = plugin_names.resolve(registry, str(written))
    if target is not None and target.section is None:
        return target.plugin
    if target is not None and target.section is not None:  # 派单: a section of queue
        col.say(ppath, "plugin_section_key", plugin=target.plugin, section=target.section.key)
        return None
    close = difflib.get_close_matches(str(written), registry.names(), n=1)
    hint = TEXTS.get(col.lang, "did_you_mean", name=close[0]) if close else ""
    if col.lang == "en":
        names = ", ".join(registry.names())
    else:  # by the name owners know, with the key to write
        names = "、".join(
            f"{registry.plugins[n].meta.display('zh')}（{n}）" for n in registry.names()
        )
    col.say(ppath, "unknown_plugin", hint=hint, names=names or "-")
    return None


def _bare_durations(
    model: type[BaseModel], raw: dict[str, Any], path: YamlPath, col: _Collector
) -> None:
    """A warning for each duration written as a bare number (``cooldown: 10``): YAML reads
    it as seconds, which is seldom what an owner means; ``10m`` or ``10分钟`` says it."""
    for key, value in raw.items():
        field_ = model.model_fields.get(key) if isinstance(key, str) else None
        if field_ is None:
            continue
        inner = field_.annotation
        if isinstance(inner, type) and issubclass(inner, BaseModel) and isinstance(value, dict):
            _bare_durations(inner, value, (*path, key), col)
        elif (
            type(value) is int
            and 0 < value <= MAX_SECONDS
            and any(m is DURATION for m in field_.metadata)
        ):
            col.warn((*path, key), "bare_duration", key=key, value=value,
                     read=format_duration(value, col.lang))  # fmt: skip


#: characters of a Chinese input method that YAML does not take for its own (``full_width``)
_MAY_BE_WIDE = re.compile("[：\u3000“‘]")


def _os_problem(exc: Exception, lang: str) -> str:
    """Why a file could not be read, in words (not ``[Errno 2] No such file …``)."""
    if isinstance(exc, UnicodeDecodeError):
        key = "not_utf8"
    elif isinstance(exc, FileNotFoundError):
        key = "no_such_file"
    elif isinstance(exc, PermissionError):
        key = "no_permission_file"
    elif isinstance(exc, IsADirectoryError):
        key = "is_a_folder"
    else:
        return str(getattr(exc, "strerror", "") or exc)
    return TEXTS.get(lang, key)
