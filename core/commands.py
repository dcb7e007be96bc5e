"""Bot commands: declaration, the table of all commands, and argument parsing.

Commands are routed inside the core (one nonebot matcher for everything).
Each has a Chinese name and English aliases (Telegram allows only
``/[a-z0-9_]+``), typed arguments and a permission level.
"""

from __future__ import annotations

import math
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from huzhu.core.durations import parse_duration
from huzhu.core.events import Action, MessageEvent, Reply, Role

if TYPE_CHECKING:
    from huzhu.core.context import GroupContext

ArgKind = Literal["word", "int", "member", "duration", "text"]
#: where /帮助 lists a command, in this order (``request``: 求助与助力, ``query``: 查询,
#: ``report``: 举报与申诉, ``admin``: 管理); a command without one goes under ``admin``
#: when only admins may use it, else under ``other``
GROUPS = ("request", "query", "report", "other", "admin")
#: the largest number an ``int`` argument takes (request and item numbers, pages, counts)
INT_MAX = 999_999_999
PREFIXES = ("/", "／")
_ASCII_ALIAS = re.compile(r"^[a-z0-9_]{1,32}$")
_WS = re.compile(r"[\s\u3000]+")
#: a reply word leading a longer reply (``已助，顺便帮我也砍一下 …``): the word, then a break
_LEADING_WORD = re.compile(r"\s*([^\s，,。.！!、~：:；;]{1,8})[\s，,。.！!、~：:；;]")
#: what after a leading reply word says the help failed or asks something (「点了，没反应啊」,
#: 「砍了，但是提示砍价失败」, "done, but link expired"): no claim
_COMPLAINT = re.compile(
    r"但|可是|不过|没|失败|不行|不了|显示|提示|已经助力过|上限|过期|[?？]|吗"
    r"|\b(?:but|fail\w*|expired?|error|can'?t|cannot)\b",
    re.I,
)
#: a share link or 口令 in the rest (「已助，顺便帮我也砍一下 <link>」 is still a claim)
_SHARE = re.compile(r"https?://|[￥$€₴₤¢][A-Za-z0-9]{6,}[￥$€₴₤¢]", re.I)


#: how usage lines name common arguments when a command does not say (zh, en)
ARG_LABELS: dict[str, tuple[str, str]] = {
    "id": ("编号", "number"),
    "page": ("页码", "page"),
    "member": ("成员", "member"),
    "helper": ("助力者", "helper"),
    "duration": ("时长", "duration"),
    "reason": ("理由", "reason"),
    "note": ("备注", "note"),
    "text": ("内容", "text"),
    "command": ("命令名", "command"),
    "plugin": ("功能名", "plugin"),
    "key": ("设置项", "setting"),
    "value": ("值", "value"),
    "decision": ("维持或撤销", "uphold|pardon"),
    "times": ("次数", "times"),
}


@dataclass(frozen=True, slots=True)
class Arg:
    """One argument: ``text`` takes the rest of the line; ``member`` takes a mention or an id.

    ``label`` / ``label_en`` name it in usage lines and errors (``/已助 编号``);
    without them a common name from ``ARG_LABELS`` is used, else ``name``.
    ``max`` bounds an ``int`` argument (ASCII digits only, at most ``INT_MAX``).
    """

    name: str
    kind: ArgKind = "word"
    optional: bool = False
    label: str = ""
    label_en: str = ""
    max: int = INT_MAX
    #: a ``duration``'s shortest sensible value (seconds): with ``max`` it tells whether a
    #: bare number (``/禁言 @小明 5``) can only be minutes or only seconds, else a unit is asked
    min: int = 0
    #: a ``member`` given by display name reaches the handler as a ``MemberName`` to resolve
    #: itself (/否认 among the request's claimants); else the engine resolves it in the group
    names_to_handler: bool = False

    def display(self, lang: str = "zh") -> str:
        """The argument's name for members of a ``lang`` group."""
        if lang == "en":
            return self.label_en or ARG_LABELS.get(self.name, ("", self.name))[1]
        return self.label or ARG_LABELS.get(self.name, (self.name, ""))[0]


@dataclass(frozen=True, slots=True)
class MemberName:
    """A member written by display name (``/否认 3 小明``, or ``@小明`` typed as plain text, as
    in a private chat, where there are no mentions): resolved within the group by exact name."""

    name: str


@dataclass(frozen=True, slots=True)
class Invocation:
    """A parsed command call, given to the handler."""

    ctx: GroupContext
    event: MessageEvent
    command: Command
    args: dict[str, Any]
    name_used: str

    @property
    def lang(self) -> str:
        """The group's language."""
        return self.ctx.language

    def reply(self, text: str, *, mention: bool = False) -> Action:
        """A reply to the invoking message."""
        return Reply(
            self.event.group_id,
            text,
            mention=(self.event.sender.id,) if mention else (),
            reply_to=self.event.message_id or None,
        )


Handler = Callable[[Invocation], Awaitable[str | Action | Iterable[Action] | None]]


@dataclass(frozen=True)
class Command:
    """A bot command as a plugin registers it."""

    name: str
    handler: Handler
    aliases: tuple[str, ...] = ()
    summary: str = ""
    summary_en: str = ""
    args: tuple[Arg, ...] = ()
    permission: Role = Role.MEMBER
    plugin: str = ""
    #: exempt from the per-member rate limit (e.g. help)
    unlimited: bool = False
    #: plain words that run this command when sent as a reply to a message quoting ``#<n>``
    #: (its first argument becomes n): replying 已助 to an announcement claims it
    reply_words: tuple[str, ...] = ()
    #: the command does the group's work (已助, 确认 …): it never counts as flood and has
    #: its own, larger rate budget (``commands.work_rate``)
    work: bool = False
    #: where /帮助 lists it (one of ``GROUPS``; empty: by permission)
    group: str = ""
    #: whole example lines for /帮助, as a member would type them (zh, then en)
    examples: tuple[str, ...] = ()
    examples_en: tuple[str, ...] = ()
    #: the arguments as usage lines show them, when ``args`` cannot say it (a text argument
    #: holding several parts: ``链接或口令 [备注]``); zh, then en
    syntax: str = ""
    syntax_en: str = ""
    #: a help command: it may also be sent to the bot privately (a 派单 assignee answering
    #: its private note, a member keeping the group's screen clear) and then runs in the group
    #: it implies; where the group answers privately (``requests.private_answers``) its
    #: answer goes privately even when sent in the group (``huzhu.core.requests.privately``)
    private: bool = False
    #: whether /帮助 lists it, given the plugin's settings in the group (None: always):
    #: /兑换 only where the shop has items (a command of a ``section`` switched off is
    #: left out anyway)
    shown: Callable[[Any], bool] | None = None
    #: a query whose answer, unchanged, is not posted in the group again within
    #: ``commands.repeat_within``: a pointer up once instead (/帮助, /排行, /队列)
    quiet_repeat: bool = False
    #: other names members type for it (/已砍 for /已助, /砍价 for /求助): they run it, but
    #: menus and /帮助 show only ``name`` and ``aliases`` (Telegram takes ASCII names only)
    also: tuple[str, ...] = ()
    #: the plugin ``Section`` (its ``Config`` field) the command belongs to: where that section
    #: is switched off, the command is not suggested for a typo nor listed by /帮助 (/接单
    #: without 派单)
    section: str = ""

    def __post_init__(self) -> None:
        if self.group and self.group not in GROUPS:
            raise ValueError(f"/{self.name}: group {self.group!r} is not one of {GROUPS}")

    @property
    def help_group(self) -> str:
        """The /帮助 section: ``group`` when set, else ``admin`` or ``other`` by permission."""
        if self.group:
            return self.group
        return "admin" if self.permission >= Role.ADMIN else "other"

    def usage(self, lang: str = "zh") -> str:
        """``/已助 编号 [备注]`` (zh) or ``/helped <number> [note]`` (en, first alias)."""
        head = self.aliases[0] if lang == "en" and self.aliases else self.name
        syntax = self.syntax_en if lang == "en" else self.syntax
        if syntax:
            return f"/{head} {syntax}"
        parts = [f"/{head}"]
        for a in self.args:
            label = a.display(lang)
            if a.optional:
                parts.append(f"[{label}]")
            else:
                parts.append(f"<{label}>" if lang == "en" else label)
        return " ".join(parts)

    def describe(self, lang: str) -> str:
        """The summary in ``lang``."""
        return self.summary_en if lang == "en" and self.summary_en else self.summary

    def example_lines(self, lang: str) -> tuple[str, ...]:
        """The examples in ``lang`` (none in English unless given)."""
        return self.examples_en if lang == "en" else self.examples


class CommandTable:
    """All commands by name and alias; refuses duplicates and bad aliases."""

    def __init__(self) -> None:
        self.commands: dict[str, Command] = {}
        self._lookup: dict[str, Command] = {}
        self._reply_words: dict[str, Command] = {}
        #: counts additions: what is derived from the table (the commands a member sees) is
        #: kept while it is the same
        self.version = 0

    def add(self, command: Command) -> None:
        """Register a command; raise ValueError on a clash or a malformed name."""
        if not command.name or any(c in command.name for c in " /\u3000"):
            raise ValueError(f"bad command name {command.name!r}")
        for alias in command.aliases:
            if not _ASCII_ALIAS.match(alias):
                raise ValueError(
                    f"alias {alias!r} of /{command.name}: aliases must match [a-z0-9_] (Telegram)"
                )
        for key in (command.name, *command.aliases, *command.also):
            other = self._lookup.get(key.lower())
            if other is not None:
                raise ValueError(
                    f"/{key} of plugin {command.plugin} clashes with /{other.name} of {other.plugin}"
                )
        for word in command.reply_words:
            if word.lower() in self._reply_words:
                raise ValueError(f"reply word {word!r} of /{command.name} is taken")
        self.commands[command.name] = command
        for key in (command.name, *command.aliases, *command.also):
            self._lookup[key.lower()] = command
        for word in command.reply_words:
            self._reply_words[word.lower()] = command
        self.version += 1

    def get(self, word: str) -> Command | None:
        """Find by name or alias (aliases are case-insensitive)."""
        return self._lookup.get(word.lower())

    def by_reply_word(self, text: str) -> Command | None:
        """The command a bare reply word (``已助``) stands for."""
        return (
            self._reply_words.get(text.strip().strip("!！。.~").lower())
            if len(text) <= 16
            else None
        )

    def by_leading_reply_word(self, text: str) -> Command | None:
        """The command a reply word opening a longer reply stands for (``已助，顺便帮我也砍一下``):
        the word must stand alone, followed by punctuation or a space, and the rest must not say
        the help failed or ask something (「点了，没反应啊」) unless it shares a link of its own."""
        m = _LEADING_WORD.match(text)
        if m is None:
            return None
        rest = text[m.end() :]
        if _COMPLAINT.search(rest) and not _SHARE.search(rest):
            return None  # 「点了，没反应啊」: the help failed or a question, not a claim
        return self._reply_words.get(m.group(1).lower())

    def mentions_first(self, text: str) -> str | None:
        """A message that is only mentions then a /command, as that command: the mentions moved
        after it when it takes a member (``@阿强 /警告 发广告``), dropped otherwise (``@群主 /求助
        链接``, an unknown ``@小周 /foo`` gets the usual unknown-command answer); else None."""
        moved = mentions_first(text)
        split = split_command(moved) if moved is not None else None
        if split is None:
            return None
        cmd = self.get(split[0])
        return mentions_first(text, cmd is not None and any(a.kind == "member" for a in cmd.args))

    def names(self) -> list[str]:
        """Every name and alias."""
        return list(self._lookup)

    def registrar(self, plugin: str) -> Callable[..., Command]:
        """The ``register`` callback handed to a plugin's ``register_commands``."""

        def register(name: str, handler: Handler, **kwargs: Any) -> Command:
            if "args" in kwargs:
                kwargs["args"] = tuple(kwargs["args"])
            for key in ("aliases", "reply_words", "examples", "examples_en", "also"):
                if key in kwargs:
                    kwargs[key] = tuple(kwargs[key])
            cmd = Command(name=name, handler=handler, plugin=plugin, **kwargs)
            self.add(cmd)
            return cmd

        return register


def split_command(text: str) -> tuple[str, str] | None:
    """``/名 参数…`` → (name, rest) when ``text`` is a command, else None.

    Accepts ``/`` and full-width ``／``. A command still carrying a Telegram
    ``@botname`` suffix is addressed to another bot and is not ours: translators
    strip their own bot's suffix before the core sees the text.
    """
    stripped = text.lstrip()
    if not stripped.startswith(PREFIXES):
        return None
    body = stripped[1:]
    parts = _WS.split(body, maxsplit=1)
    word = parts[0] if parts else ""
    if not word or "@" in word:
        return None
    return word, (parts[1] if len(parts) > 1 else "")


_MENTIONS_FIRST = re.compile(r"\s*((?:[@＠][^\s@＠/／]+\s+)+)([/／][^\s/／]+)(.*)", re.S)


def mentions_first(text: str, takes_member: bool = True) -> str | None:
    """``@阿强 /警告 发广告`` written mention first, as ``/警告 @阿强 发广告``; None when ``text``
    does not open with mentions and then a command. A command that takes no member drops them
    (``@群主 /求助 链接`` is ``/求助 链接``): ``takes_member`` says which, see ``CommandTable``."""
    m = _MENTIONS_FIRST.fullmatch(text)
    if m is None:
        return None
    mentions, command, rest = m.group(1).strip(), m.group(2), m.group(3).strip()
    return f"{command} {mentions} {rest}".rstrip() if takes_member else f"{command} {rest}".rstrip()


class ArgError(ValueError):
    """An argument could not be parsed: ``arg`` is it, ``key`` the text saying why (with ``values``)."""

    def __init__(self, arg: Arg | str, key: str, **values: Any) -> None:
        super().__init__(key)
        self.arg = arg if isinstance(arg, Arg) else Arg(arg)
        self.key, self.values = key, values


class UsageError(ValueError):
    """Too few or too many arguments."""


def parse_args(command: Command, rest: str, event: MessageEvent) -> dict[str, Any]:
    """Parse ``rest`` against the command's argument list."""
    mentions = list(event.mentions)
    platform = event.platform
    values: dict[str, Any] = {}
    remaining = rest.strip()
    for i, arg in enumerate(command.args):
        if arg.kind == "text":
            if i != len(command.args) - 1:
                raise ValueError(f"/{command.name}: a text argument must come last")
            if not remaining and not arg.optional:
                raise UsageError(arg.name)
            values[arg.name] = remaining or None
            remaining = ""
            break
        if (
            arg.kind == "member"
            and mentions
            and not (remaining and _looks_like_id(remaining.split()[0]))
        ):
            values[arg.name] = mentions.pop(0)
            if remaining.startswith(
                ("@", "＠")
            ):  # the mention's own text, where a platform keeps it
                remaining = _WS.sub(" ", remaining).partition(" ")[2]
            continue
        if not remaining:
            if arg.optional:
                values[arg.name] = None
                continue
            if arg.kind == "member":
                raise ArgError(arg, "need_member")
            raise UsageError(arg.name)
        token, _, remaining = _WS.sub(" ", remaining).partition(" ")
        if (
            arg.kind == "member"
            and i == len(command.args) - 1
            and remaining
            and not _looks_like_id(token)
        ):
            # the last argument: a display name may hold spaces (``/否认 3 Tom Lee``)
            whole = _WS.sub(" ", f"{token} {remaining}")
            if isinstance(named := _convert(arg, whole, platform), MemberName):
                values[arg.name], remaining = named, ""
                continue
        values[arg.name] = _convert(arg, token, platform)
    if remaining:
        raise UsageError("extra")
    return values


def _looks_like_id(token: str) -> bool:
    return bool(re.fullmatch(r"(\w+:)?-?\d{3,20}|@-?\d{3,20}", token))


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９＃", "0123456789#")
_ASCII_NUMBER = re.compile(r"#?([0-9]+)")


def parse_int(token: str, limit: int = INT_MAX) -> int:
    """A whole number a member typed: ASCII (or full-width) digits, an optional ``#``, at most ``limit``.

    Raises ValueError (``need_int``) or OverflowError (``int_too_big``): other
    scripts' digits and huge numbers never reach the database, where an
    integer past 2^63 fails the whole write.
    """
    m = _ASCII_NUMBER.fullmatch(token.translate(_FULLWIDTH_DIGITS))
    if m is None:
        raise ValueError("need_int")
    digits = m.group(1).lstrip("0") or "0"
    if len(digits) > len(str(limit)) or int(digits) > limit:
        raise OverflowError("int_too_big")
    return int(digits)


def _convert(arg: Arg, token: str, platform: str) -> Any:
    if arg.kind == "int":
        try:
            return parse_int(token, arg.max)
        except OverflowError:
            raise ArgError(arg, "int_too_big", max=arg.max) from None
        except ValueError:
            raise ArgError(arg, "need_int") from None
    if arg.kind == "duration":
        bare = token.translate(_FULLWIDTH_DIGITS)
        if bare.isdigit() and bare.isascii() and len(bare) <= 9:
            return _bare_duration(arg, int(bare))
        try:
            return parse_duration(token)
        except ValueError:
            raise ArgError(arg, "need_duration") from None
    if arg.kind == "member":
        return _member(arg, token, platform)
    return token


def _bare_duration(arg: Arg, number: int) -> int:
    """A duration written without a unit: seconds in plugins.yaml, minutes as admins say it —
    so in chat it counts only when one reading fits ``arg.min``..``arg.max`` (/禁言 5 is 5
    minutes: a mute is at least a minute), else the member is asked which one they meant."""
    fits = {s for s in (number * 60, number) if arg.min <= s <= arg.max}
    if len(fits) == 1:
        return fits.pop()
    if not fits:
        return number * 60  # out of range either way: the handler says the range
    raise ArgError(arg, "duration_unit", **unit_question(number))


def unit_question(number: int) -> dict[str, Any]:
    """The values of the ``duration_unit`` text: both readings of a bare ``number``."""
    from huzhu.core.durations import format_duration

    return {"value": number,
            "minutes": format_duration(number * 60), "seconds": format_duration(number),
            "minutes_en": format_duration(number * 60, "en"),
            "seconds_en": format_duration(number, "en")}  # fmt: skip


#: platforms whose member ids are numbers (QQ numbers, Telegram user ids)
_NUMERIC_IDS = frozenset(("qq", "tg"))


def _member(arg: Arg, token: str, platform: str) -> str | MemberName:
    """A member named by id (``123456``, ``qq:123456``), or, where ids are numbers, by display
    name (a ``MemberName`` the engine or the handler resolves within the group: a member
    who does not exist is never acted on)."""
    bare = token.lstrip("@＠").strip()
    ns, colon, rest = bare.partition(":")
    if not colon:
        ns, rest = platform, bare
    numeric = ns in _NUMERIC_IDS
    if (numeric and re.fullmatch(r"-?\d{1,20}", rest)) or (
        not numeric and re.fullmatch(r"[\w.-]{1,64}", rest)
    ):
        return f"{ns}:{rest}"
    if platform in _NUMERIC_IDS and bare and len(bare) <= 64:
        return MemberName(bare)
    raise ArgError(arg, "member_unknown", name=token[:32])


@dataclass
class RateLimiter:
    """A sliding-window counter per key; remembers whether the key was told it is limited."""

    limit: int
    window: float
    _hits: dict[Any, list[float]] = field(default_factory=dict)
    _told: dict[Any, float] = field(default_factory=dict)

    def hit(
        self, key: Any, now: float, limit: int | None = None, window: float | None = None
    ) -> bool:
        """Count a hit; True when it is within the limit."""
        limit = limit or self.limit
        window = window or self.window
        hits = self._hits.setdefault(key, [])
        cutoff = now - window
        while hits and hits[0] <= cutoff:
            hits.pop(0)
        if len(hits) >= limit:
            return False
        hits.append(now)
        if len(self._hits) > 100_000:  # bound memory under a flood of distinct members
            self._prune(now, window)
        return True

    def allows(
        self, key: Any, now: float, limit: int | None = None, window: float | None = None
    ) -> bool:
        """True when a hit now would be within the limit (counts nothing)."""
        limit = limit or self.limit
        hits = self._hits.get(key, ())
        if len(hits) < limit:  # (fewer hits than the limit at all: no need to look at when)
            return True
        cutoff = now - (window or self.window)
        return sum(1 for t in hits if t > cutoff) < limit

    def retry_after(self, key: Any, now: float, window: float | None = None) -> int:
        """Whole seconds until the oldest hit leaves the window (at least 1)."""
        hits = self._hits.get(key) or [now]
        return max(1, math.ceil(hits[0] + (window or self.window) - now))

    def tell_once(self, key: Any, now: float, window: float | None = None) -> bool:
        """True the first time in a window that ``key`` should be told it is limited."""
        last = self._told.get(key)
        if last is not None and now - last < (window or self.window):
            return False
        self._told[key] = now
        return True

    def _prune(self, now: float, window: float) -> None:
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - window]:
            del self._hits[key]
        for key in [k for k, t in self._told.items() if now - t >= window]:
            del self._told[key]
