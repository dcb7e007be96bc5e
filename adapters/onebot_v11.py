"""OneBot v11: QQ through NapCat, Lagrange or LLOneBot (reverse WebSocket)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from nonebot.adapters.onebot.v11 import (
    Bot,
    GroupAdminNoticeEvent,
    GroupDecreaseNoticeEvent,
    GroupIncreaseNoticeEvent,
    GroupMessageEvent,
    GroupRequestEvent,
    Message,
    MessageSegment,
    PrivateMessageEvent,
)
from nonebot.adapters.onebot.v11.exception import ActionFailed

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

log = logging.getLogger("huzhu.bridge")

CAPS_ADMIN = Capabilities(
    platform="qq", delete=True, mute=True, kick=True, private_message=True, join_requests=True,
    bot_is_admin=True,
)  # fmt: skip
#: QQ lets admins decide join requests: as a member the bot may not (``why_not_admin``)
CAPS_MEMBER = Capabilities(
    platform="qq", delete=True, mute=True, kick=True, private_message=True, join_requests=True,
    bot_is_admin=False,
)  # fmt: skip
#: the role words OneBot v11 sends (``sender.role``), parsed once
ROLES = {word: Role.parse(word) for word in ("owner", "admin", "member", None, "")}
#: how long the bot's own admin status is trusted before asking again
ADMIN_TTL = 600.0
#: how long a member's card / nickname and role from get_group_member_info are trusted
MEMBER_TTL = 600.0
#: how long get_stranger_info may take for an applicant before deciding without it
STRANGER_TIMEOUT = 3.0


def _id(value: int | str) -> str:
    return f"qq:{value}"


def _num(namespaced: str) -> int:
    return int(namespaced.partition(":")[2])


def _count(value: Any) -> int | None:
    """A positive whole number from an implementation's answer, else None (not reported)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number > 0 else None


def account_facts(info: Any, now: float) -> tuple[str, int | None, float | None]:
    """Name, QQ level and account age in days from a get_stranger_info answer.

    NapCat reports the level as ``qqLevel`` (older NapCat and go-cqhttp-style
    implementations as ``level``) and the registration as ``reg_time`` /
    ``regTime`` in epoch seconds. Zero or missing means not reported: NapCat
    fills fields it could not read with 0.
    """
    if not isinstance(info, dict):
        return "", None, None
    level = _count(info.get("qqLevel"))
    if level is None:
        level = _count(info.get("level"))
    registered = _count(info.get("reg_time")) or _count(info.get("regTime"))
    if registered is not None and registered > 10**11:
        registered //= 1000  # milliseconds
    age = (now - registered) / 86400 if registered is not None and registered <= now else None
    return str(info.get("nickname") or ""), level, age


class OneBotV11Translator(Translator):
    """Group messages and membership notices; moderation through the OneBot v11 API."""

    adapter_name = "OneBot V11"
    platform = "qq"

    def __init__(self) -> None:
        #: (bot id, group id) → is the bot an admin there
        self._admin: Expiring[tuple[str, int], bool] = Expiring(ADMIN_TTL)
        #: (bot id, group id, user id) → the member as get_group_member_info told
        self._members: Expiring[tuple[str, int, int], Member] = Expiring(MEMBER_TTL, 100_000)

    async def bot_is_admin(self, bot: Bot, group_id: int) -> bool:
        """Ask the implementation whether the bot is an admin of the group (cached)."""
        key = (bot.self_id, group_id)
        hit = self._admin.get(key)
        if hit is not None:
            return hit
        try:
            info = await bot.get_group_member_info(
                group_id=group_id, user_id=int(bot.self_id), no_cache=False
            )
            is_admin = str(info.get("role", "member")) in ("admin", "owner")
        except Exception as exc:
            # Unknown means do not moderate: the core then warns and tells the admins.
            log.warning("qq: cannot read the bot's role in group %s: %r", group_id, exc)
            is_admin = False
        self._admin.put(key, is_admin)
        return is_admin

    async def lookup(self, bot: Bot, group_id: str, member_id: str) -> Member | None:
        """get_group_member_info: the group card, else the nickname, and the role (cached)."""
        key = (bot.self_id, _num(group_id), _num(member_id))
        hit = self._members.get(key)
        if hit is not None:
            return hit
        try:
            info = await bot.get_group_member_info(group_id=key[1], user_id=key[2], no_cache=False)
        except Exception as exc:
            log.info("qq: get_group_member_info of %s in %s failed: %r", member_id, group_id, exc)
            return None
        if not isinstance(info, dict) or not info.get("role"):
            return None
        name = str(info.get("card") or info.get("nickname") or "")
        found = Member(member_id, name, Role.parse(str(info["role"])))
        self._members.put(key, found)
        return found

    async def groups(self, bot: Bot) -> list[str] | None:
        """get_group_list: every group the account is in."""
        found = await bot.get_group_list()
        return [_id(g["group_id"]) for g in found or () if isinstance(g, dict) and "group_id" in g]

    async def message(self, bot: Bot, event: Any) -> CoreMessage | None:
        if not isinstance(event, GroupMessageEvent):
            return None
        reply = event.reply
        reply_to: str | None = None
        reply_text: str | None = None
        reply_author: str | None = None
        if reply:
            reply_to = str(reply.message_id)
            reply_text = reply.message.extract_plain_text()
            author = getattr(reply.sender, "user_id", None)
            reply_author = _id(author) if author else None
        text_parts: list[str] = []
        mentions: list[str] = []
        images: list[str] = []
        for seg in event.message:
            kind = seg.type
            if kind == "text":
                text_parts.append(seg.data.get("text", ""))
            elif kind == "at":
                qq = str(seg.data.get("qq", ""))
                if qq.isdigit() and qq != bot.self_id:
                    mentions.append(_id(qq))
            elif kind == "reply" and reply_to is None:
                reply_to = str(seg.data.get("id", "")) or None
            elif kind == "image":
                # NapCat / Lagrange put the download URL in ``url``; some put it in ``file``
                url = str(seg.data.get("url") or seg.data.get("file") or "")
                if url.startswith(("http://", "https://")):
                    images.append(url)
            # faces, files, cards …: ignored, they carry no text to judge
        group = event.group_id
        # the bot's role, cached: a coroutine only when it must be asked
        is_admin = self._admin.get((bot.self_id, group))
        if is_admin is None:
            is_admin = await self.bot_is_admin(bot, group)
        sender = event.sender
        role = ROLES.get(sender.role)
        if role is None:
            role = Role.parse(sender.role)
        return CoreMessage(
            group_id=_id(group),
            sender=Member(_id(event.user_id), sender.card or sender.nickname or "", role),
            text="".join(text_parts),
            message_id=str(event.message_id),
            mentions=tuple(mentions),
            reply_to=reply_to,
            to_me=event.to_me,
            caps=CAPS_ADMIN if is_admin else CAPS_MEMBER,
            reply_text=reply_text,
            images=tuple(images),
            reply_author=reply_author,
        )

    async def notice(self, bot: Bot, event: Any) -> MemberEvent | None:
        if isinstance(event, GroupAdminNoticeEvent):
            if str(event.user_id) == bot.self_id:
                self._admin.put((bot.self_id, event.group_id), event.sub_type == "set")
            self._members.forget((bot.self_id, event.group_id, event.user_id))
            return None
        if isinstance(event, GroupIncreaseNoticeEvent | GroupDecreaseNoticeEvent):
            if str(event.user_id) == bot.self_id:
                return None
            known = self._admin.get((bot.self_id, event.group_id))
            caps = CAPS_MEMBER if known is False else CAPS_ADMIN
            return MemberEvent(
                group_id=_id(event.group_id),
                member=Member(_id(event.user_id)),
                joined=isinstance(event, GroupIncreaseNoticeEvent),
                operator=_id(event.operator_id) if event.operator_id else None,
                caps=caps,
            )
        return None

    async def request(self, bot: Bot, event: Any) -> JoinRequest | None:
        """A request to join (``sub_type`` add); invitations of the bot are left alone.

        The applicant's name, level and account age come from get_stranger_info
        where the implementation reports them; a slow or failing lookup leaves
        them unknown and never holds the decision up.
        """
        if not isinstance(event, GroupRequestEvent) or event.sub_type != "add":
            return None
        if str(event.user_id) == bot.self_id:
            return None
        name, level, age = "", None, None
        try:
            async with asyncio.timeout(STRANGER_TIMEOUT):
                info = await bot.get_stranger_info(user_id=event.user_id, no_cache=False)
            name, level, age = account_facts(info, time.time())
        except Exception as exc:
            log.info("qq: get_stranger_info of applicant %s failed: %r", event.user_id, exc)
        caps = CAPS_ADMIN if await self.bot_is_admin(bot, event.group_id) else CAPS_MEMBER
        return JoinRequest(
            group_id=_id(event.group_id),
            applicant=Member(_id(event.user_id), name),
            request_id=event.flag,
            answer=event.comment or "",
            caps=caps,
            account_level=level,
            account_age_days=age,
        )

    def private_hint_target(self, bot: Bot, event: Any) -> bool:
        return isinstance(event, PrivateMessageEvent)

    async def _temp_session(self, bot: Bot, group_id: str, user_id: str, text: str) -> Any:
        # group_id makes it a temporary session (NapCat, Lagrange): no friendship needed
        return await bot.send_private_msg(
            user_id=_num(user_id), group_id=_num(group_id), message=Message(text)
        )

    async def private(self, bot: Bot, group_id: str, user_id: str, text: str) -> bool:
        try:
            await self._temp_session(bot, group_id, user_id, text)
        except ActionFailed as exc:
            log.info("private note to %s refused (%r)", user_id, exc)
            return False
        return True

    async def perform(self, bot: Bot, action: Action) -> Any:
        if isinstance(action, Reply | NotifyAdmins):
            msg = Message()
            if isinstance(action, Reply):
                if action.reply_to and action.reply_to.isdigit():
                    msg += MessageSegment.reply(int(action.reply_to))
                for member in action.mention:
                    msg += MessageSegment.at(_num(member))
                    msg += MessageSegment.text(" ")
                msg += MessageSegment.text(action.text)
            else:
                msg += MessageSegment.text(f"🔔 管理员请注意：{action.text}")
            return await bot.send_group_msg(group_id=_num(action.group_id), message=msg)
        if isinstance(action, DeleteMessage):
            return await bot.delete_msg(message_id=int(action.message_id))
        if isinstance(action, Mute):
            return await bot.set_group_ban(
                group_id=_num(action.group_id),
                user_id=_num(action.user_id),
                duration=action.seconds,
            )
        if isinstance(action, Kick):
            return await bot.set_group_kick(
                group_id=_num(action.group_id),
                user_id=_num(action.user_id),
                reject_add_request=False,
            )
        if isinstance(action, DecideJoin):
            # QQ shows the reason with a refusal; an approval carries none
            params: dict[str, Any] = {"flag": action.request_id, "sub_type": "add"}
            if action.approve:
                return await bot.set_group_add_request(**params, approve=True)
            return await bot.set_group_add_request(**params, approve=False, reason=action.reason)
        raise TypeError(f"unknown action {action!r}")


TRANSLATOR = OneBotV11Translator()
