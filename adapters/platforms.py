"""Platform translators: nonebot events → core events, core actions → platform API calls."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from nonebot.adapters import Bot, Event

from huzhu.core.events import Action, MemberEvent, MessageEvent

log = logging.getLogger("huzhu.bridge")

#: nonebot adapter name (``Adapter.get_name()``) → module holding its translator
TRANSLATORS = {
    "Console": "huzhu.adapters.console",
    "OneBot V11": "huzhu.adapters.onebot_v11",
}


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
