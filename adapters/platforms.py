"""Platform translators: nonebot events → core events, core actions → platform API calls."""

from __future__ import annotations

import importlib
import logging
import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from nonebot.adapters import Bot, Event

from huzhu.core.events import Action, MemberEvent, MessageEvent

log = logging.getLogger("huzhu.bridge")

#: nonebot adapter name (``Adapter.get_name()``) → module holding its translator
TRANSLATORS = {
    "Console": "huzhu.adapters.console",
    "OneBot V11": "huzhu.adapters.onebot_v11",
    "Telegram": "huzhu.adapters.telegram",
    "QQ": "huzhu.adapters.qq_official",
}

K = TypeVar("K")
V = TypeVar("V")


class Expiring(Generic[K, V]):
    """A bounded map whose entries expire: what the bot learnt from a platform call.

    Used for roles and the bot's own rights, so a busy group costs one API call
    per member per ``ttl`` instead of one per message.
    """

    def __init__(self, ttl: float, size: int = 20_000) -> None:
        self.ttl, self.size = ttl, size
        self._items: OrderedDict[K, tuple[V, float]] = OrderedDict()

    def get(self, key: K) -> V | None:
        """The value if it is still fresh, else None."""
        hit = self._items.get(key)
        if hit is None or time.monotonic() - hit[1] >= self.ttl:
            return None
        return hit[0]

    def put(self, key: K, value: V) -> None:
        """Remember ``value`` from now on (the oldest entry goes when full)."""
        self._items[key] = (value, time.monotonic())
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def forget(self, key: K) -> None:
        """Drop ``key`` (e.g. after a notice said it changed)."""
        self._items.pop(key, None)


class Translator:
    """Base class: one per supported nonebot adapter."""

    adapter_name: ClassVar[str]
    platform: ClassVar[str]

    async def message(self, bot: Bot, event: Event) -> MessageEvent | None:
        """The core event for a group message, or None to ignore it."""
        raise NotImplementedError

    async def notice(self, bot: Bot, event: Event) -> MemberEvent | None:
        """The core event for a membership notice, or None to ignore it."""
        return None

    def private_hint_target(self, bot: Bot, event: Event) -> bool:
        """True when ``event`` is a private message (the core serves groups)."""
        return False

    async def execute(self, bot: Bot, actions: Sequence[Action]) -> None:
        """Carry out actions; one failing action never stops the others."""
        for action in actions:
            try:
                await self.perform(bot, action)
            except Exception as exc:
                log.error("%s: %s failed: %r", self.platform, type(action).__name__, exc)

    async def perform(self, bot: Bot, action: Action) -> Any:
        """Carry out one action."""
        raise NotImplementedError


_cache: dict[str, Translator | None] = {}


def translator_for(bot: Bot) -> Translator | None:
    """The translator of the bot's adapter (imported on first use), or None if unsupported."""
    name = bot.adapter.get_name()
    if name in _cache:
        return _cache[name]
    module = TRANSLATORS.get(name)
    found: Translator | None = None
    if module is None:
        log.warning("adapter %s is not supported by huzhu; its events are ignored", name)
    else:
        try:
            found = importlib.import_module(module).TRANSLATOR
        except Exception as exc:
            log.error("translator for %s failed to load: %r", name, exc)
    _cache[name] = found
    return found
