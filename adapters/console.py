"""The nonebot console adapter: a local terminal chat, the zero-setup default."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

import nonebot
from nonebot.adapters.console import Bot, Message, MessageEvent
from nonechat.model import DIRECT
from pydantic import BaseModel

from huzhu.adapters.platforms import Translator
from huzhu.core.events import (
    Action,
    Capabilities,
    DecideJoin,
    DeleteMessage,
    Kick,
    Member,
    Mute,
    NotifyAdmins,
    Reply,
    Role,
)
from huzhu.core.events import MessageEvent as CoreMessage
from huzhu.core.i18n import Catalog

#: the console can recall messages; it has no mute or kick, so the ladder degrades
CAPS = Capabilities(platform="console", delete=True, mute=False, kick=False, private_message=False)


#: the local chat's own command: speak as someone else, to see what members see
PERSONA_COMMANDS = ("扮演", "as")
_OWNER_WORDS = ("群主", "owner", "我", "me")
_ADMIN_WORDS = ("管理员", "admin")
_HELP_COMMANDS = ("帮助", "help")

TEXTS = Catalog(
    {
        "zh": {
            "as_member": "现在你以「{name}」（普通成员）的身份发言：群规和处罚对你生效，看到的就是成员看到的。发送 /扮演 群主 换回群主。",
            "as_admin": "现在你以「{name}」（管理员）的身份发言。发送 /扮演 群主 换回群主。",
            "as_owner": "现在你以群主（{name}）的身份发言。发送 /扮演 成员B 试试成员看到的。",
            "as_usage": "你现在是「{name}」（{role}）。本地聊天可以换人说话：/扮演 成员B（普通成员）、/扮演 管理员、/扮演 群主（英文 /as）。",
            "help_line": "本地聊天：发送 /扮演 成员B 以普通成员身份试用（规则和处罚会生效），/扮演 群主 换回（英文 /as）。",
            "role_member": "普通成员",
            "role_admin": "管理员",
            "role_owner": "群主",
            "ready": "群助手已就绪。你是这个本地群的群主「{name}」。发送 /帮助 查看命令，/扮演 成员B 以普通成员身份试用。给管理员的通知只发到左边的「🔏 私聊」，不在群里。关闭：Ctrl+Q，再按 Ctrl+C。",
            "notice": "🔔 给管理员（只有你看得到）：{text}",
            "notice_group": "🔔 管理员请注意：{text}",
        },
        "en": {
            "as_member": "You now speak as '{name}' (a member): the rules and penalties apply to you, and you see what members see. Send /as owner to switch back.",
            "as_admin": "You now speak as '{name}' (an admin). Send /as owner to switch back.",
            "as_owner": "You now speak as the owner ({name}). Send /as memberB to see what members see.",
            "as_usage": "You are '{name}' ({role}). The local chat can switch who speaks: /as memberB (a member), /as admin, /as owner (Chinese /扮演).",
            "help_line": "Local chat: send /as memberB to try it as a member (rules and penalties apply), /as owner to switch back (Chinese /扮演).",
            "role_member": "member",
            "role_admin": "admin",
            "role_owner": "owner",
            "ready": "The group helper is ready. You are '{name}', the owner of this local group. Send /help for the commands, /as memberB to try it as a member. Notices for admins go to 🔏 私聊 (private) on the left, not to the group. To quit: Ctrl+Q, then Ctrl+C.",
            "notice": "🔔 For admins (only you see this): {text}",
            "notice_group": "🔔 Admins, please note: {text}",
        },
    }
)


class ConsoleSettings(BaseModel):
    """``HUZHU_CONSOLE_NAME`` (``.env`` or environment): the local chat user's name."""

    huzhu_console_name: str = "群主"


@dataclass(frozen=True)
class Persona:
    """Who the person at the terminal speaks as."""

    id: str
    name: str
    role: Role


def _private(event: MessageEvent) -> bool:
    return event.channel.id == DIRECT.id or event.channel.id.startswith("private:")


def persona_argument(text: str) -> str | None:
    """The argument of ``/扮演 …`` / ``/as …`` ("" when none), or None for other messages."""
    stripped = text.strip()
    if not stripped.startswith(("/", "／")):
        return None
    word, _, rest = stripped[1:].partition(" ")
    if word.lower() not in PERSONA_COMMANDS:
        return None
    return rest.strip()


def _language(group_id: str) -> str:
    from huzhu.adapters.bridge import runtime  # the bridge imports this module; not at load time

    engine = runtime.engine
    return engine.resolver.group(group_id).language if engine is not None else "zh"


class ConsoleTranslator(Translator):
    """The person at the local terminal is the group's owner, or whoever ``/扮演`` says."""

    adapter_name = "Console"
    platform = "console"

    def __init__(self) -> None:
        #: terminal user id → who they speak as (absent: themselves, the owner)
        self.personas: dict[str, Persona] = {}
        #: recent /帮助 messages, whose answer gets the local chat's own line
        self._help_ids: deque[str] = deque(maxlen=50)
        #: console user id → nickname, so mentions show names (a terminal has a few users)
        self._names: dict[str, str] = {}
        #: console bots told that the bot is ready (once each)
        self._greeted: set[str] = set()
        #: the terminal user's id in the console (admin notices go to their private channel)
        self._local_user: str | None = None

    async def ready(self, bot: Bot) -> None:
        """Name the person at the terminal and say in the chat that the bot listens.

        nonechat calls everyone at a terminal "User"; the owner gets a name
        (``HUZHU_CONSOLE_NAME``, default 群主) before their first message. Not in
        headless mode (tests): no window, nobody to greet.
        """
        if bot.adapter.console_config.console_headless_mode or bot.self_id in self._greeted:
            return
        self._greeted.add(bot.self_id)
        name = nonebot.get_plugin_config(ConsoleSettings).huzhu_console_name.strip() or "群主"
        user = await bot.get_current_user()
        user.nickname = name[:32]  # the frontend's own object: the window shows it from now on
        self._local_user = user.id
        channel = await bot.get_current_channel()
        text = TEXTS.get(_language(f"console:{channel.id}"), "ready", name=user.nickname)
        await bot.send_message(channel.id, Message(text))

    def speaker(self, user_id: str, nickname: str) -> Persona:
        """Who a message from the terminal user ``user_id`` comes from."""
        return self.personas.get(user_id) or Persona(f"console:{user_id}", nickname, Role.OWNER)

    def switch(self, user_id: str, nickname: str, arg: str, lang: str) -> str:
        """Handle ``/扮演 arg``; return the reply."""
        t = lambda key, **kw: TEXTS.get(lang, key, **kw)  # noqa: E731
        if not arg:
            now = self.speaker(user_id, nickname)
            return t("as_usage", name=now.name, role=t(f"role_{now.role.name.lower()}"))
        if arg.lower() in _OWNER_WORDS:
            self.personas.pop(user_id, None)
            return t("as_owner", name=nickname)
        name = "_".join(arg.split())[:32]
        role = Role.ADMIN if arg.lower() in _ADMIN_WORDS else Role.MEMBER
        self.personas[user_id] = Persona(f"console:{name}", name, role)
        return t("as_admin" if role is Role.ADMIN else "as_member", name=name)

    async def message(self, bot: Bot, event: Any) -> CoreMessage | None:
        if not isinstance(event, MessageEvent) or _private(event):
            return None
        group_id = f"console:{event.channel.id}"
        text = event.get_plaintext()
        arg = persona_argument(text)
        if arg is not None:
            reply = self.switch(event.user.id, event.user.nickname, arg, _language(group_id))
            await bot.send_message(event.channel.id, Message(reply))
            return None
        if text.strip().lstrip("/／").lower() in _HELP_COMMANDS:
            self._help_ids.append(str(event.message_id))
        who = self.speaker(event.user.id, event.user.nickname)
        if who.name and len(self._names) < 10_000:
            self._names[who.id.partition(":")[2]] = who.name
        return CoreMessage(
            group_id=group_id,
            sender=Member(who.id, who.name, who.role),
            text=text,
            message_id=str(event.message_id),
            to_me=event.to_me,
            caps=CAPS,
        )

    def private_hint_target(self, bot: Bot, event: Any) -> bool:
        return isinstance(event, MessageEvent) and _private(event)

    async def private(self, bot: Bot, group_id: str, user_id: str, text: str) -> bool:
        await bot.send_private_message(user_id.partition(":")[2], Message(text))
        return True

    async def perform(self, bot: Bot, action: Action) -> Any:
        channel = action.group_id.partition(":")[2]
        if isinstance(action, Reply):
            mentions = " ".join(
                "@" + self._names.get(m.partition(":")[2], m.partition(":")[2])
                for m in action.mention
            )
            text = f"{mentions} {action.text}" if mentions else action.text
            if action.reply_to is not None and action.reply_to in self._help_ids:
                text += "\n" + TEXTS.get(_language(action.group_id), "help_line")
            return await bot.send_message(channel, Message(text))
        if isinstance(action, NotifyAdmins):
            # for the admins only: the terminal user's private channel (the window pops a
            # notice up), never the group, where a persona speaking as a member would see it
            lang = _language(action.group_id)
            if self._local_user is not None:
                text = TEXTS.get(lang, "notice", text=action.text)
                return await bot.send_private_message(self._local_user, Message(text))
            return await bot.send_message(
                channel, Message(TEXTS.get(lang, "notice_group", text=action.text))
            )
        if isinstance(action, DeleteMessage):
            return await bot.recall_message(action.message_id, channel)
        if isinstance(action, Mute | Kick):
            raise NotImplementedError(
                "the console cannot mute or kick"
            )  # CAPS says so; the core degrades
        if isinstance(action, DecideJoin):
            return None  # nobody asks to join a console chat
        raise TypeError(f"unknown action {action!r}")


TRANSLATOR = ConsoleTranslator()
