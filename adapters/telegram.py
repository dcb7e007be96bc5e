"""Telegram (nonebot-adapter-telegram): groups and supergroups, polling or webhook.

Ids are ``tg:<chat id>`` for groups and ``tg:<user id>`` for members. Text the
bot sends is HTML with every member-provided part escaped; members are
mentioned by id (``tg://user?id=``), which works without a username.
"""

from __future__ import annotations

import html
import logging
import time
from typing import Any

from nonebot.adapters import Bot as BaseBot
from nonebot.adapters.telegram import Bot
from nonebot.adapters.telegram.event import (
    ChatJoinRequestEvent,
    GroupMessageEvent,
    LeftChatMemberEvent,
    NewChatMemberEvent,
    PrivateMessageEvent,
)
from nonebot.adapters.telegram.exception import ActionFailed

from huzhu.adapters.platforms import Expiring, Translator
from huzhu.core.events import (
    Action,
    Capabilities,
    DecideJoin,
    DeleteMessage,
    JoinRequest,
    Kick,
    Member,
    MemberEvent,
    Mute,
    NotifyAdmins,
    Reply,
    Role,
)
from huzhu.core.events import MessageEvent as CoreMessage
from huzhu.core.media.fetch import register_resolver

log = logging.getLogger("huzhu.bridge")

#: how long a member's role and the bot's own rights are trusted before asking again
ROLE_TTL = 600.0
#: what a mute takes away (use_independent_chat_permissions is off: this is all of it)
MUTED = {"can_send_messages": False}
#: an unmute gives back what members may do (the group's own defaults still apply)
UNMUTED = dict.fromkeys(
    (
        "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
        "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
        "can_send_other_messages", "can_add_web_page_previews", "can_invite_users",
    ),
    True,
)  # fmt: skip
_ROLES = {"creator": Role.OWNER, "administrator": Role.ADMIN}


def _id(value: int | str) -> str:
    return f"tg:{value}"


def _num(namespaced: str) -> int:
    return int(namespaced.partition(":")[2])


def _name(user: Any) -> str:
    first = getattr(user, "first_name", "") or ""
    last = getattr(user, "last_name", "") or ""
    return f"{first} {last}".strip() or (getattr(user, "username", "") or "")


def _name_of(user: dict[str, Any]) -> str:
    """The same name from a raw Bot API ``User`` object."""
    first, last = user.get("first_name") or "", user.get("last_name") or ""
    return f"{first} {last}".strip() or (user.get("username") or "")


class TelegramTranslator(Translator):
    """Group messages, joins and leaves; moderation through the Bot API."""

    adapter_name = "Telegram"
    platform = "tg"

    def __init__(self) -> None:
        #: (bot id, chat id, user id) → the member's getChatMember answer (status and rights)
        self._members: Expiring[tuple[str, int, int], dict[str, Any]] = Expiring(ROLE_TTL)
        #: what members are called, learnt from their messages: mentions need a name
        self._names: Expiring[int, str] = Expiring(7 * 86400.0, size=100_000)
        #: lower-case username → user id, so ``@username`` can be resolved
        self._usernames: Expiring[str, int] = Expiring(7 * 86400.0, size=100_000)
        #: bot id → bot, so a ``tg-file:<bot>/<file_id>`` picture can be resolved when fetched
        self._bots: dict[str, Bot] = {}
        register_resolver("tg-file", self.file_url)

    async def file_url(self, ref: str) -> str:
        """getFile for ``<bot id>/<file_id>``: the download URL (it holds the token: never log it)."""
        bot_id, _, file_id = ref.partition("/")
        bot = self._bots.get(bot_id)
        if bot is None:
            raise LookupError(f"no telegram bot {bot_id}")
        found = await bot.get_file(file_id=file_id)
        path = getattr(found, "file_path", None)
        if not path:
            raise LookupError("getFile gave no file_path")
        config = bot.bot_config
        return f"{config.api_server.rstrip('/')}/file/bot{config.token}/{path}"

    def _images(self, bot: Bot, event: GroupMessageEvent) -> tuple[str, ...]:
        """The photos of a message as ``tg-file:`` references (the largest size of each)."""
        found = [
            f"tg-file:{bot.self_id}/{seg.data['file']}"
            for seg in event.message
            if seg.type == "photo" and seg.data.get("file")
        ]
        if found:
            self._bots[bot.self_id] = bot
        return tuple(found)

    async def member(self, bot: Bot, chat_id: int, user_id: int) -> dict[str, Any]:
        """getChatMember, cached; ``{}`` when the platform would not say."""
        key = (bot.self_id, chat_id, user_id)
        hit = self._members.get(key)
        if hit is not None:
            return hit
        try:
            # the raw answer: the adapter's strict models reject fields Telegram adds later
            found = await BaseBot.call_api(bot, "get_chat_member", chat_id=chat_id, user_id=user_id)
            info = dict(found) if isinstance(found, dict) else {}
        except Exception as exc:
            log.warning("tg: getChatMember %s in %s failed: %r", user_id, chat_id, exc)
            info = {}
        self._members.put(key, info)
        return info

    async def lookup(self, bot: Bot, group_id: str, member_id: str) -> Member | None:
        """getChatMember: the member's first/last name or username, and their status."""
        info = await self.member(bot, _num(group_id), _num(member_id))
        status = info.get("status")
        if not status:
            return None
        user = info.get("user") or {}
        name = _name_of(user)
        if name:
            self._names.put(_num(member_id), name)
        return Member(member_id, name, _ROLES.get(status, Role.MEMBER))

    async def caps(self, bot: Bot, chat_id: int, chat_type: str = "supergroup") -> Capabilities:
        """What the bot may do in this chat: its own administrator rights.

        A right the bot lacks while being an administrator reads as "the platform
        cannot"; not being an administrator at all reads as "make the bot an admin".
        Basic groups have no restrictChatMember, so no mute there. Join requests
        need the right to invite users (``can_invite_users``).
        """
        me = await self.member(bot, chat_id, int(bot.self_id))
        admin = me.get("status") in _ROLES
        return Capabilities(
            platform="tg",
            delete=not admin or bool(me.get("can_delete_messages")),
            mute=chat_type == "supergroup" and (not admin or bool(me.get("can_restrict_members"))),
            kick=not admin or bool(me.get("can_restrict_members")),
            private_message=True,
            join_requests=not admin or bool(me.get("can_invite_users")),
            bot_is_admin=admin,
        )

    def _learn(self, user: Any) -> None:
        if user is None:
            return
        self._names.put(user.id, _name(user))
        if getattr(user, "username", None):
            self._usernames.put(user.username.lower(), user.id)

    def _text(self, bot: Bot, event: GroupMessageEvent) -> tuple[str, list[str], bool]:
        """The text the core judges, the mentioned members, and whether it addresses this bot."""
        parts: list[str] = []
        mentions: list[str] = []
        to_me = event.is_tome()
        me = (getattr(bot, "username", None) or "").lower()
        for i, seg in enumerate(event.message):
            data = seg.data
            text = str(data.get("text", ""))
            if seg.type == "bot_command" and i == 0 and "@" in text:
                command, _, target = text.partition("@")
                if me and target.lower() == me:
                    text, to_me = command, True
            elif seg.type == "mention":
                user_id = self._usernames.get(text.lstrip("@").lower())
                if text.lstrip("@").lower() == me:
                    to_me = True
                    continue
                if user_id is not None:
                    mentions.append(_id(user_id))
                    continue
            elif seg.type == "text_mention":
                user = data.get("user")
                if user is not None:
                    self._learn(user)
                    mentions.append(_id(user.id))
                    continue
            elif seg.type == "text_link":
                # the link hidden behind the words is what a scammer wants clicked
                text = f"{text} {data.get('url', '')}"
            elif not seg.is_text():
                continue  # photos, stickers, polls …: no text to judge (captions are text)
            parts.append(text)
        return "".join(parts), mentions, to_me

    async def message(self, bot: Bot, event: Any) -> CoreMessage | None:
        if not isinstance(event, GroupMessageEvent):
            return None
        chat_id = event.chat.id
        sender = event.from_
        self._learn(sender)
        if event.sender_chat is not None and event.sender_chat.id == chat_id:
            role = Role.ADMIN  # an anonymous administrator posting as the group
        else:
            role = _ROLES.get(
                (await self.member(bot, chat_id, sender.id)).get("status"), Role.MEMBER
            )
        text, mentions, to_me = self._text(bot, event)
        reply = event.reply_to_message
        reply_text = reply_author = None
        if reply is not None:
            reply_text = reply.get_message().extract_plain_text()
            author = getattr(reply, "from_", None)
            reply_author = _id(author.id) if author is not None else None
            self._learn(author)
        return CoreMessage(
            group_id=_id(chat_id),
            sender=Member(_id(sender.id), _name(sender), role),
            text=text,
            message_id=str(event.message_id),
            mentions=tuple(mentions),
            reply_to=str(reply.message_id) if reply is not None else None,
            to_me=to_me,
            caps=await self.caps(bot, chat_id, event.chat.type),
            reply_text=reply_text,
            images=self._images(bot, event),
            reply_author=reply_author,
        )

    async def notice(self, bot: Bot, event: Any) -> MemberEvent | None:
        if isinstance(event, NewChatMemberEvent):
            users = [u for u in event.new_chat_members if str(u.id) != bot.self_id]
            if not users:
                return None  # the bot itself was added
            user, joined = users[0], True
        elif isinstance(event, LeftChatMemberEvent):
            user, joined = event.left_chat_member, False
            if str(user.id) == bot.self_id:
                return None
        else:
            return None
        self._learn(user)
        self._members.forget((bot.self_id, event.chat.id, user.id))
        operator = event.from_.id if event.from_ is not None else None
        return MemberEvent(
            group_id=_id(event.chat.id),
            member=Member(_id(user.id), _name(user)),
            joined=joined,
            operator=_id(operator) if operator is not None and operator != user.id else None,
            caps=await self.caps(bot, event.chat.id, event.chat.type),
        )

    async def request(self, bot: Bot, event: Any) -> JoinRequest | None:
        """chat_join_request in a group (an invite link that needs approval); channels are not served.

        Telegram asks no question: the answer the plugin judges is the
        applicant's bio, where they have one.
        """
        if not isinstance(event, ChatJoinRequestEvent):
            return None
        if event.chat.type not in ("group", "supergroup"):
            return None
        user = event.from_
        self._learn(user)
        return JoinRequest(
            group_id=_id(event.chat.id),
            applicant=Member(_id(user.id), _name(user)),
            request_id=str(user.id),
            answer=event.bio or "",
            caps=await self.caps(bot, event.chat.id, event.chat.type),
        )

    def private_hint_target(self, bot: Bot, event: Any) -> bool:
        return isinstance(event, PrivateMessageEvent)

    async def _mention(self, bot: Bot, chat_id: int, member: str) -> str:
        """A link that mentions the member by id, showing their name (asked if not known)."""
        user_id = _num(member)
        name = self._names.get(user_id)
        if not name:
            found = await self.lookup(bot, _id(chat_id), member)
            name = (found.name if found is not None else "") or str(user_id)
        return f'<a href="tg://user?id={user_id}">{html.escape(name)}</a>'

    async def _say(self, bot: Bot, chat_id: int, body: str, reply_to: str | None = None) -> Any:
        params: dict[str, Any] = {
            "chat_id": chat_id,
            "text": body,
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": True},
        }
        if reply_to and reply_to.lstrip("-").isdigit():
            params["reply_parameters"] = {
                "message_id": int(reply_to),
                "allow_sending_without_reply": True,
            }
        return await bot.send_message(**params)

    async def _direct(self, bot: Bot, user_id: str, text: str) -> Any:
        return await bot.send_message(
            chat_id=_num(user_id), text=html.escape(text, quote=False), parse_mode="HTML"
        )

    async def private(self, bot: Bot, group_id: str, user_id: str, text: str) -> bool:
        # only members who started a chat with the bot can be written to; others: 403
        try:
            await self._direct(bot, user_id, text)
        except ActionFailed as exc:
            log.info("tg: private note to %s refused (%r)", user_id, exc)
            return False
        return True

    async def perform(self, bot: Bot, action: Action) -> Any:
        if isinstance(action, Reply):
            chat_id = _num(action.group_id)
            mentions = "".join([await self._mention(bot, chat_id, m) + " " for m in action.mention])
            body = mentions + html.escape(action.text, quote=False)
            return await self._say(bot, _num(action.group_id), body, action.reply_to)
        if isinstance(action, NotifyAdmins):
            body = "🔔 管理员请注意：" + html.escape(action.text, quote=False)
            return await self._say(bot, _num(action.group_id), body)
        if isinstance(action, DeleteMessage):
            return await bot.delete_message(
                chat_id=_num(action.group_id), message_id=int(action.message_id)
            )
        if isinstance(action, Mute):
            chat_id, user_id = _num(action.group_id), _num(action.user_id)
            self._members.forget((bot.self_id, chat_id, user_id))
            if action.seconds <= 0:
                return await bot.restrict_chat_member(
                    chat_id=chat_id, user_id=user_id, permissions=UNMUTED
                )
            # Telegram reads until_date under 30 s from now as "forever": never send that
            until = int(time.time()) + max(action.seconds, 31)
            return await bot.restrict_chat_member(
                chat_id=chat_id, user_id=user_id, permissions=MUTED, until_date=until
            )
        if isinstance(action, Kick):
            chat_id, user_id = _num(action.group_id), _num(action.user_id)
            self._members.forget((bot.self_id, chat_id, user_id))
            # a kick removes the member; the unban lets them rejoin by invite later
            await bot.ban_chat_member(chat_id=chat_id, user_id=user_id)
            return await bot.unban_chat_member(
                chat_id=chat_id, user_id=user_id, only_if_banned=True
            )
        if isinstance(action, DecideJoin):
            # the request is answered by user id; Telegram carries no reason to the applicant
            chat_id, user_id = _num(action.group_id), int(action.request_id)
            if action.approve:
                return await bot.approve_chat_join_request(chat_id=chat_id, user_id=user_id)
            return await bot.decline_chat_join_request(chat_id=chat_id, user_id=user_id)
        raise TypeError(f"unknown action {action!r}")


TRANSLATOR = TelegramTranslator()
