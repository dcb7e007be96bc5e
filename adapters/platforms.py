"""Platform translators: nonebot events → core events, core actions → platform API calls."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from nonebot.adapters import Bot, Event

from huzhu.core import metrics
from huzhu.core.events import (
    Action,
    JoinRequest,
    Member,
    MemberEvent,
    MessageEvent,
    PrivateMessage,
    PrivateNotes,
    Reply,
)
from huzhu.core.expiring import Expiring

__all__ = [
    "PLATFORMS",
    "TRANSLATORS",
    "Expiring",
    "Translator",
    "translator_for",
    "translator_named",
]

log = logging.getLogger("huzhu.bridge")

#: nonebot adapter name (``Adapter.get_name()``) → module holding its translator
TRANSLATORS = {
    "Console": "huzhu.adapters.console",
    "OneBot V11": "huzhu.adapters.onebot_v11",
    "Telegram": "huzhu.adapters.telegram",
    "QQ": "huzhu.adapters.qq_official",
}
#: nonebot adapter name → the prefix of huzhu ids on that platform
PLATFORMS = {"Console": "console", "OneBot V11": "qq", "Telegram": "tg", "QQ": "qqbot"}
#: how nonebot itself names a platform in ``SUPERUSERS`` ("onebot:123") → huzhu's prefix
NONEBOT_PREFIXES = {"onebot": "qq", "telegram": "tg", "console": "console"}


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

    async def request(self, bot: Bot, event: Event) -> JoinRequest | None:
        """The core event for a request to join a group, or None to ignore it.

        Only requests the bot may answer are translated; invitations of the
        bot itself and friend requests are not.
        """
        return None

    def private_hint_target(self, bot: Bot, event: Event) -> bool:
        """True when ``event`` is a private message (the core serves groups)."""
        return False

    async def ready(self, bot: Bot) -> None:
        """The engine serves ``bot`` (it connected, or the engine started): nothing by default."""

    async def lookup(self, bot: Bot, group_id: str, member_id: str) -> Member | None:
        """Ask the platform for a member's name and role (None: it cannot say).

        Translators cache their answers; the engine calls this with a timeout.
        """
        return None

    async def groups(self, bot: Bot) -> list[str] | None:
        """The groups this account is in, asked when it connects (None: cannot list)."""
        return None

    async def execute(self, bot: Bot, actions: Sequence[Action]) -> None:
        """Carry out actions; one failing action never stops the others."""
        for action in actions:
            try:
                if isinstance(action, PrivateNotes):
                    await self.notes(bot, action)
                elif isinstance(action, PrivateMessage):
                    await self.direct(bot, action)
                else:
                    await self.perform(bot, action)
                metrics.actions[type(action).__name__] += 1  # metrics
            except Exception as exc:
                log.error("%s: %s failed: %r", self.platform, type(action).__name__, exc)
                metrics.action_failures[type(action).__name__] += 1  # metrics

    async def private(self, bot: Bot, group_id: str, user_id: str, text: str) -> bool:
        """Send ``text`` to a member privately; False when the platform refuses (no fallback)."""
        return False

    async def direct(self, bot: Bot, action: PrivateMessage) -> None:
        """A private message; where the platform will not deliver it (official QQ bot, a
        Telegram member who never started the bot, a QQ member who forbids temporary
        sessions) it is said in the group with the member mentioned, so they still learn
        it — unless it is ``secret`` (a binding code), which is then dropped and logged."""
        try:
            reached = await self.private(bot, action.group_id, action.user_id, action.text)
        except Exception as exc:
            log.info("%s: private message to %s failed (%r)", self.platform, action.user_id, exc)
            reached = False
        if reached:
            return
        if action.secret or action.group_id.endswith(":0"):
            log.warning(
                "%s: %s cannot be written to privately and the message is %s; dropped",
                self.platform,
                action.user_id,
                "secret (never said in a group)" if action.secret else "for no group",
            )
            metrics.action_failures["PrivateMessage"] += 1  # metrics
            return
        await self.perform(bot, Reply(action.group_id, action.text, mention=(action.user_id,)))

    async def notes(self, bot: Bot, action: PrivateNotes) -> None:
        """Each note privately; everyone the platform would not reach, in ONE group message."""
        missed: list[str] = []
        for user_id, text, _ in action.notes:
            try:
                reached = await self.private(bot, action.group_id, user_id, text)
            except Exception as exc:
                log.info("%s: private note to %s failed (%r)", self.platform, user_id, exc)
                reached = False
            if not reached:
                missed.append(user_id)
        if missed:
            await self.perform(bot, action.in_group(missed))

    async def perform(self, bot: Bot, action: Action) -> Any:
        """Carry out one action."""
        raise NotImplementedError


_cache: dict[str, Translator | None] = {}


def translator_for(bot: Bot) -> Translator | None:
    """The translator of the bot's adapter (imported on first use), or None if unsupported."""
    return translator_named(bot.adapter.get_name())


def translator_named(name: str) -> Translator | None:
    """The translator of a nonebot adapter by its name, or None if unsupported."""
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
