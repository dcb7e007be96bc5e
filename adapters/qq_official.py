"""The official QQ bot platform (nonebot-adapter-qq): QQ groups through the open API.

Ids are ``qqbot:<group openid>`` and ``qqbot:<member openid>``: the platform never
reveals QQ numbers, and openids differ per bot, so these never match ``qq:`` ids.

What the platform allows a group bot (and what huzhu therefore declares):
- it sees only messages that @-mention it (unless the bot has the full-message
  permission, then it sees all; both are handled);
- it replies *passively*: a reply quotes the id of a member's message and must be
  sent within 5 minutes of it; a message id takes a handful of replies, told apart
  by ``msg_seq``; unsolicited posts (reminders, digests) ride on the latest message
  seen in the group while it is fresh, otherwise they are sent as active messages,
  which the platform rations and may refuse (the refusal is logged);
- it cannot recall members' messages, mute, kick or write privately to members,
  so those capabilities are off and the enforcement ladder degrades to warnings
  and notes to the admins.
"""

from __future__ import annotations

import logging
from typing import Any

from nonebot.adapters.qq import (
    Bot,
    C2CMessageCreateEvent,
    GroupAtMessageCreateEvent,
    GroupMemberAddEvent,
    GroupMemberRemoveEvent,
    GroupMessageCreateEvent,
    Message,
    MessageSegment,
)

from huzhu.adapters.platforms import Expiring, Translator
from huzhu.core.events import (
    Action,
    Capabilities,
    DecideJoin,
    Member,
    MemberEvent,
    NotifyAdmins,
    Reply,
    Role,
)
from huzhu.core.events import MessageEvent as CoreMessage

log = logging.getLogger("huzhu.bridge")

CAPS = Capabilities(
    platform="qqbot", reply=True, mention=True, delete=False, mute=False, kick=False,
    private_message=False,
)  # fmt: skip
#: the platform's passive-reply window
REPLY_WINDOW = 300.0
_ROLES = {"owner": Role.OWNER, "admin": Role.ADMIN}


def _id(value: str) -> str:
    return f"qqbot:{value}"


def _raw(namespaced: str) -> str:
    return namespaced.partition(":")[2]


class QQOfficialTranslator(Translator):
    """Group messages that reach the bot, member joins and leaves; replies only."""

    adapter_name = "QQ"
    platform = "qqbot"

    def __init__(self) -> None:
        #: (bot id, group openid) → the latest member message id (for unsolicited posts)
        self._latest: Expiring[tuple[str, str], str] = Expiring(REPLY_WINDOW - 10)
        #: message id → replies sent to it so far (msg_seq must differ per reply)
        self._seq: Expiring[str, int] = Expiring(REPLY_WINDOW, size=50_000)

    async def message(self, bot: Bot, event: Any) -> CoreMessage | None:
        if not isinstance(event, GroupMessageCreateEvent):
            return None
        try:
            me = bot.self_info.id
        except RuntimeError:  # not identified yet
            me = ""
        parts: list[str] = []
        mentions: list[str] = []
        images: list[str] = []
        for seg in event.get_message():
            if seg.type == "text":
                parts.append(seg.data.get("text", ""))
            elif seg.type == "mention_user":
                user = str(seg.data.get("user_id", ""))
                if user and user != me and not seg.data.get("is_bot"):
                    mentions.append(_id(user))
            elif seg.type == "image" and seg.data.get("url"):
                url = str(seg.data["url"])  # the attachment URL, sometimes without a scheme
                images.append(url if url.startswith(("http://", "https://")) else f"https://{url}")
            # emoji, files, mention_everyone: no text to judge
        author = event.author
        self._latest.put((bot.self_id, event.group_openid), event.id)
        return CoreMessage(
            group_id=_id(event.group_openid),
            sender=Member(
                _id(author.member_openid),
                author.username or "",
                _ROLES.get(author.member_role, Role.MEMBER),
            ),
            text="".join(parts).strip(),
            message_id=event.id,
            mentions=tuple(mentions),
            to_me=isinstance(event, GroupAtMessageCreateEvent) or event.to_me,
            caps=CAPS,
            reply_text=event.get_reply_message().extract_plain_text() if event.reply else None,
            images=tuple(images),
        )

    async def notice(self, bot: Bot, event: Any) -> MemberEvent | None:
        if isinstance(event, GroupMemberAddEvent | GroupMemberRemoveEvent):
            return MemberEvent(
                group_id=_id(event.group_openid),
                member=Member(_id(event.member_openid)),
                joined=isinstance(event, GroupMemberAddEvent),
                caps=CAPS,
            )
        return None

    def private_hint_target(self, bot: Bot, event: Any) -> bool:
        return isinstance(event, C2CMessageCreateEvent)

    def _next_seq(self, msg_id: str) -> int:
        seq = (self._seq.get(msg_id) or 0) + 1
        self._seq.put(msg_id, seq)
        return seq

    async def perform(self, bot: Bot, action: Action) -> Any:
        if isinstance(action, Reply | NotifyAdmins):
            group = _raw(action.group_id)
            message = Message()
            if isinstance(action, Reply):
                for member in action.mention:
                    message += MessageSegment.mention_user(_raw(member))
                    message += MessageSegment.text(" ")
                message += MessageSegment.text(action.text)
                msg_id = action.reply_to
            else:
                message += MessageSegment.text(f"🔔 管理员请注意：{action.text}")
                msg_id = None
            msg_id = msg_id or self._latest.get((bot.self_id, group))
            return await bot.send_to_group(
                group_openid=group,
                message=message,
                msg_id=msg_id,
                msg_seq=self._next_seq(msg_id) if msg_id else None,
            )
        if isinstance(action, DecideJoin):
            # no join requests reach a bot here (CAPS): nothing to answer
            log.info("qqbot: no join requests on this platform; %r ignored", action)
            return None
        # the capabilities say none of these exist here; the core should not ask
        raise NotImplementedError(f"the official QQ bot platform cannot {type(action).__name__}")


TRANSLATOR = QQOfficialTranslator()
