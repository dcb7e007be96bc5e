"""Bot commands: declaration, the table of all commands, and argument parsing.

Commands are routed inside the core (one nonebot matcher for everything).
Each has a Chinese name and English aliases (Telegram allows only
``/[a-z0-9_]+``), typed arguments and a permission level.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from huzhu.core.durations import parse_duration
from huzhu.core.events import Action, MessageEvent, Reply, Role

if TYPE_CHECKING:
    from huzhu.core.context import GroupContext

ArgKind = Literal["word", "int", "member", "duration", "text"]
PREFIXES = ("/", "／")
_ASCII_ALIAS = re.compile(r"^[a-z0-9_]{1,32}$")
_WS = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True, slots=True)
class Arg:
    """One argument: ``text`` takes the rest of the line; ``member`` takes a mention or an id."""

    name: str
    kind: ArgKind = "word"
    optional: bool = False


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

    def usage(self, lang: str = "zh") -> str:
        """``/name <arg> [optional]`` in the group's language (English uses the first alias)."""
        head = self.aliases[0] if lang == "en" and self.aliases else self.name
        parts = [f"/{head}"]
        for a in self.args:
            parts.append(f"[{a.name}]" if a.optional else f"<{a.name}>")
        return " ".join(parts)

    def describe(self, lang: str) -> str:
        """The summary in ``lang``."""
        return self.summary_en if lang == "en" and self.summary_en else self.summary


class CommandTable:
    """All commands by name and alias; refuses duplicates and bad aliases."""

    def __init__(self) -> None:
        self.commands: dict[str, Command] = {}
        self._lookup: dict[str, Command] = {}
        self._reply_words: dict[str, Command] = {}

    def add(self, command: Command) -> None:
        """Register a command; raise ValueError on a clash or a malformed name."""
        if not command.name or any(c in command.name for c in " /\u3000"):
            raise ValueError(f"bad command name {command.name!r}")
        for alias in command.aliases:
            if not _ASCII_ALIAS.match(alias):
                raise ValueError(
                    f"alias {alias!r} of /{command.name}: aliases must match [a-z0-9_] (Telegram)"
                )
        for key in (command.name, *command.aliases):
            other = self._lookup.get(key.lower())
            if other is not None:
                raise ValueError(
                    f"/{key} of plugin {command.plugin} clashes with /{other.name} of {other.plugin}"
                )
        for word in command.reply_words:
            if word.lower() in self._reply_words:
                raise ValueError(f"reply word {word!r} of /{command.name} is taken")
        self.commands[command.name] = command
        for key in (command.name, *command.aliases):
            self._lookup[key.lower()] = command
        for word in command.reply_words:
            self._reply_words[word.lower()] = command

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

    def names(self) -> list[str]:
        """Every name and alias."""
        return list(self._lookup)

    def registrar(self, plugin: str) -> Callable[..., Command]:
        """The ``register`` callback handed to a plugin's ``register_commands``."""

        def register(name: str, handler: Handler, **kwargs: Any) -> Command:
            if "args" in kwargs:
                kwargs["args"] = tuple(kwargs["args"])
            for key in ("aliases", "reply_words"):
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


class ArgError(ValueError):
    """An argument could not be parsed; ``arg`` names it, the message says why (i18n key)."""

    def __init__(self, arg: str, key: str) -> None:
        super().__init__(key)
        self.arg, self.key = arg, key


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
            continue
        if not remaining:
            if arg.optional:
                values[arg.name] = None
                continue
            if arg.kind == "member":
                raise ArgError(arg.name, "need_member")
            raise UsageError(arg.name)
        token, _, remaining = _WS.sub(" ", remaining).partition(" ")
        values[arg.name] = _convert(arg, token, platform)
    if remaining:
        raise UsageError("extra")
    return values


def _looks_like_id(token: str) -> bool:
    return bool(re.fullmatch(r"(\w+:)?-?\d{3,20}|@\S+", token))


def _convert(arg: Arg, token: str, platform: str) -> Any:
    if arg.kind == "int":
        try:
            return int(token)
        except ValueError:
            raise ArgError(arg.name, "need_int") from None
    if arg.kind == "duration":
        try:
            return parse_duration(token)
        except ValueError:
            raise ArgError(arg.name, "need_duration") from None
    if arg.kind == "member":
        token = token.lstrip("@")
        if re.fullmatch(r"\w+:\S+", token):
            return token
        if re.fullmatch(r"-?\w{1,64}", token):
            return f"{platform}:{token}"
        raise ArgError(arg.name, "need_member")
    return token


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

    def retry_after(self, key: Any, now: float, window: float | None = None) -> int:
        """Seconds until the oldest hit leaves the window."""
        hits = self._hits.get(key) or [now]
        return max(1, int(hits[0] + (window or self.window) - now) + 1)

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
