"""The nonebot console adapter: a local terminal chat, the zero-setup default."""

from __future__ import annotations

from typing import Any

from nonebot.adapters.console import Bot, Message, MessageEvent
from nonechat.model import DIRECT

from huzhu.adapters.platforms import Translator
from huzhu.core.events import (
    Action,
    Capabilities,
    DeleteMessage,
    Kick,
    Member,
    Mute,
    NotifyAdmins,
    PrivateMessage,
    Reply,
    Role,
)
from huzhu.core.events import MessageEvent as CoreMessage

#: the console can recall messages; it has no mute or kick, so the ladder degrades
CAPS = Capabilities(platform="console", delete=True, mute=False, kick=False, private_message=False)


def _private(event: MessageEvent) -> bool:
    return event.channel.id == DIRECT.id or event.channel.id.startswith("private:")


class ConsoleTranslator(Translator):
    """Everyone at the local terminal is the group's owner."""

    adapter_name = "Console"
    platform = "console"

    def __init__(self) -> None:
        #: console user id → nickname, so mentions show names (a terminal has a few users)
        self._names: dict[str, str] = {}

    async def message(self, bot: Bot, event: Any) -> CoreMessage | None:
        if not isinstance(event, MessageEvent) or _private(event):
            return None
        if event.user.nickname and len(self._names) < 10_000:
            self._names[event.user.id] = event.user.nickname
        return CoreMessage(
            group_id=f"console:{event.channel.id}",
            sender=Member(f"console:{event.user.id}", event.user.nickname, Role.OWNER),
            text=event.get_plaintext(),
            message_id=str(event.message_id),
            to_me=event.to_me,
            caps=CAPS,
        )

    def private_hint_target(self, bot: Bot, event: Any) -> bool:
        return isinstance(event, MessageEvent) and _private(event)

    async def perform(self, bot: Bot, action: Action) -> Any:
        channel = action.group_id.partition(":")[2]
        if isinstance(action, Reply):
            mentions = " ".join(
                "@" + self._names.get(m.partition(":")[2], m.partition(":")[2])
                for m in action.mention
            )
            text = f"{mentions} {action.text}" if mentions else action.text
            return await bot.send_message(channel, Message(text))
        if isinstance(action, NotifyAdmins):
            return await bot.send_message(channel, Message(f"🔔 管理员：{action.text}"))
        if isinstance(action, DeleteMessage):
            return await bot.recall_message(action.message_id, channel)
        if isinstance(action, PrivateMessage):
            return await bot.send_private_message(
                action.user_id.partition(":")[2], Message(action.text)
            )
        if isinstance(action, Mute | Kick):
            raise NotImplementedError(
                "the console cannot mute or kick"
            )  # CAPS says so; the core degrades
        raise TypeError(f"unknown action {action!r}")


TRANSLATOR = ConsoleTranslator()
