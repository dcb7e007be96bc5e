"""Neutral, frozen payloads that flow between adapters, the engine and plugins.

Nothing here knows about nonebot, QQ or Telegram. Ids are namespaced by
platform (``qq:123456``, ``tg:-1001234``, ``console:general``).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any

from huzhu.core.requests.links import fold_nfkc


class Role(IntEnum):
    """Permission level of a member; higher includes lower."""

    MEMBER = 0
    ADMIN = 1
    OWNER = 2
    SUPERUSER = 3

    @classmethod
    def parse(cls, value: str | None) -> Role:
        """Map a platform's role word (``owner``, ``admin``, ``member`` …) to a Role."""
        if not value:
            return cls.MEMBER
        value = value.lower()
        if value in ("owner", "creator", "群主"):
            return cls.OWNER
        if value in ("admin", "administrator", "管理员"):
            return cls.ADMIN
        return cls.MEMBER


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a platform (and the bot's rights in this group) allow the core to do."""

    platform: str
    reply: bool = True
    mention: bool = True
    delete: bool = False
    mute: bool = False
    kick: bool = False
    private_message: bool = False
    #: the bot may approve or refuse join requests (OneBot as admin, Telegram with invite rights)
    join_requests: bool = False
    #: moderation (delete/mute/kick) also needs the bot to be a group admin.
    bot_is_admin: bool = True

    def can(self, what: str) -> bool:
        """True when the platform supports ``what`` and, for moderation, the bot has the right."""
        supported = bool(getattr(self, what, False))
        if what in ("delete", "mute", "kick", "join_requests"):
            return supported and self.bot_is_admin
        return supported

    def why_not(self, what: str) -> str | None:
        """Why ``what`` cannot be done (the text key ``why_platform`` or ``why_not_admin``), or None."""
        if self.can(what):
            return None
        return "why_not_admin" if getattr(self, what, False) else "why_platform"


CONSOLE_CAPS = Capabilities(
    platform="console", delete=True, mute=True, kick=True, join_requests=True
)


@dataclass(frozen=True, slots=True)
class Member:
    """A member of a group as the event reports them."""

    id: str
    name: str = ""
    role: Role = Role.MEMBER

    @property
    def display(self) -> str:
        """The member's name, falling back to the id."""
        return self.name or self.id


@dataclass(frozen=True, slots=True)
class MessageEvent:
    """A message posted in a group.

    ``text`` is the text of the message without mention segments; ``mentions``
    lists the mentioned members' ids in order; ``reply_to`` is the id of the
    message this one replies to.
    """

    group_id: str
    sender: Member
    text: str
    message_id: str = ""
    mentions: tuple[str, ...] = ()
    reply_to: str | None = None
    to_me: bool = False
    caps: Capabilities = CONSOLE_CAPS
    time: datetime | None = None
    #: the text of the quoted message, when the platform provides it
    reply_text: str | None = None
    #: set by the engine before ``check_message``: the name of the bot command this
    #: message runs (``已助`` for ``/helped 3`` and for a reply 已助), else ""
    command: str = ""
    #: set by the engine: that command does the group's work (已助, 确认 …), so rules
    #: against chatter (flood) leave it alone; its rate is limited by the core instead
    work: bool = False
    #: set by the engine: this command's answer goes to the members it concerns privately
    #: (sent to the bot privately, or a help command where the group answers privately and the
    #: platform can write privately): an answer for two people is then two lines, one each
    privately: bool = False
    #: the text in Unicode NFKC form (full-width letters and digits, compatibility
    #: characters folded), computed once per message and shared by every rule that
    #: reads words: read it with ``normalized(event)`` (filled in on first use)
    nfkc: str | None = field(default=None, compare=False, repr=False)
    #: the pictures in the message, in order, as references the core can fetch with
    #: ``huzhu.core.media.fetch.fetch_image``: an ``http(s)://`` URL (OneBot v11 image
    #: segment ``url``, the official QQ attachment URL) or ``scheme:ref`` for a platform
    #: file resolved at fetch time (``tg-file:<bot>/<file_id>`` for Telegram, whose
    #: download URL carries the bot token and so is never put in an event). Never the bytes.
    images: tuple[str, ...] = ()
    #: ``nfkc`` folded for word rules (lower-case, no invisible characters or separators:
    #: ``links.fold_nfkc``), computed once per message like it: read it with ``folded(event)``
    folded: str | None = field(default=None, compare=False, repr=False)
    #: the id of the quoted message's author (``qq:…``), when the platform says (OneBot's
    #: reply sender, Telegram's ``reply_to_message.from``); None when it does not
    reply_author: str | None = None

    @property
    def platform(self) -> str:
        """The id namespace of the group (``qq``, ``tg`` …)."""
        return self.group_id.partition(":")[0]


#: characters normalised for ``MessageEvent.nfkc`` (links.SCAN_LIMIT: longer is never read)
NORMALIZE_LIMIT = 4096


def normalized(event: MessageEvent) -> str:
    """The NFKC form of the first ``NORMALIZE_LIMIT`` characters of a message's text, computed
    once per message and kept on the event (``MessageEvent.nfkc``) for the other rules."""
    if event.nfkc is None:
        text = event.text
        # a pure function of the text: short lines come again and again (remembered)
        value = _nfkc_short(text) if len(text) <= _FOLD_MEMO_TEXT else _nfkc(text)
        object.__setattr__(event, "nfkc", value)  # a cache of a pure function of ``text``
    return event.nfkc  # type: ignore[return-value]


def _nfkc(text: str) -> str:
    """NFKC of the first ``NORMALIZE_LIMIT`` characters (``normalized``)."""
    text = text[:NORMALIZE_LIMIT]
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text


def folded(event: MessageEvent) -> str:
    """``links.fold_nfkc`` of ``normalized(event)`` (加 微-信 → 加微信): what word rules and
    repeat checks compare, computed once per message and kept on the event (``folded``)."""
    if event.folded is None:
        # a pure function of the text: the same short lines (谢谢, 已助 …) come again and again
        text = normalized(event)
        value = _fold_short(text) if len(text) <= _FOLD_MEMO_TEXT else fold_nfkc(text)
        object.__setattr__(event, "folded", value)
    return event.folded  # type: ignore[return-value]


#: texts up to this long have their folded form remembered (``_fold_short``)
_FOLD_MEMO_TEXT = 160
_fold_short = functools.lru_cache(maxsize=4096)(fold_nfkc)
_nfkc_short = functools.lru_cache(maxsize=4096)(_nfkc)


@dataclass(frozen=True, slots=True)
class MemberEvent:
    """A member joined or left a group."""

    group_id: str
    member: Member
    joined: bool
    operator: str | None = None
    caps: Capabilities = CONSOLE_CAPS
    time: datetime | None = None


@dataclass(frozen=True, slots=True)
class JoinRequest:
    """Someone asked to join a group (OneBot ``request``/``group``/``add``, Telegram ``chat_join_request``).

    ``answer`` is what the applicant wrote (the answer to the group's question
    where the platform asks one); ``request_id`` is the platform's handle for
    answering it. ``account_level`` and ``account_age_days`` are what the
    platform reports about the account, ``None`` where it reports nothing.
    """

    group_id: str
    applicant: Member
    request_id: str
    answer: str = ""
    caps: Capabilities = CONSOLE_CAPS
    time: datetime | None = None
    account_level: int | None = None
    account_age_days: float | None = None


class Severity(IntEnum):
    """How bad a verdict is; the core turns it into strikes on the group's ladder."""

    #: recorded in the audit log, nothing shown
    INFO = 0
    #: held for review: admins are told, no strike
    REVIEW = 1
    #: one strike on the ladder
    MINOR = 2
    #: counts as ``enforcement.severe_strikes`` strikes (default 3)
    SEVERE = 3


@dataclass(frozen=True, slots=True)
class Verdict:
    """A rule's judgement on a message or request.

    ``reason`` is shown to the member; ``evidence`` is stored (never put raw
    personal data in it); ``remove`` asks for the message to be deleted even
    when the ladder step is only a warning (e.g. leaked personal data).
    """

    rule: str
    severity: Severity
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)
    remove: bool = False


class StepKind(StrEnum):
    """One rung of the enforcement ladder."""

    WARN = "warn"
    DELETE = "delete"
    MUTE = "mute"
    KICK = "kick"


@dataclass(frozen=True, slots=True)
class Violation:
    """What the core did about a verdict; the payload of ``violation_detected``."""

    group_id: str
    member_id: str
    verdict: Verdict
    strikes: int
    step: StepKind
    mute_seconds: int
    message_id: str
    degraded: bool


@dataclass(frozen=True, slots=True)
class HelpRequest:
    """A help request (求助) as plugins see it; ``seq`` is the number members type (#12)."""

    id: int
    group_id: str
    requester: str
    link: str
    platform: str
    activity: str
    note: str = ""
    needed: int = 1
    status: str = "open"
    created_at: float = 0.0
    seq: int = 0
    helped: int = 0
    kind: str = "url"
    expires_at: float = 0.0
    message_id: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a claim's screenshot said, read on the bot (``huzhu.core.trust``).

    Never the picture and never a number on it: ``words`` are the labels of
    the table rows that matched (``助力成功``, ``已帮好友砍掉…元``), ``hash`` the
    picture's perceptual hash (16 hex digits).
    """

    #: success | failure | unknown
    result: str
    #: how it was read: ``ocr``
    source: str = "ocr"
    #: pdd | taobao | jd | "" as read on the picture
    platform: str = ""
    #: 砍价 | 助力 | 现金 | 拼团 | ""
    activity: str = ""
    words: tuple[str, ...] = ()
    hash: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    """A helper's claim that they helped a request."""

    id: int
    request_id: int
    helper: str
    status: str = "pending"
    created_at: float = 0.0
    group_id: str = ""
    requester: str = ""
    message_id: str = ""
    #: the screenshot's reading when the claim came with one (``help_claimed`` /
    #: ``help_confirmed``); None without a picture or with ``requests.evidence: off``
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class ScheduledItem:
    """A scheduled item that came due (``schedule_due``); made with ``ctx.schedule``."""

    id: int
    group_id: str
    kind: str
    payload: dict[str, Any]
    #: when this occurrence was due (epoch seconds)
    due_at: float
    #: a cron expression for recurring items, "" for one-shot
    cron: str = ""
    #: fired late, by catch-up after downtime (policy ``once``)
    late: bool = False


# ---------------------------------------------------------------- actions
# Actions are what the core asks an adapter to do. Every action names its
# group, so actions produced by ticks can be routed like any other.


@dataclass(frozen=True, slots=True)
class Reply:
    """Send ``text`` to the group, mentioning ``mention`` and quoting ``reply_to``."""

    group_id: str
    text: str
    mention: tuple[str, ...] = ()
    reply_to: str | None = None
    #: who it is for where the group answers privately (``requests.private_answers``):
    #: ``group`` stays in the group (a request's announcement), ``member`` goes to the
    #: members it mentions privately (a reminder to one requester); "" as its source decides
    #: (a command's answer goes privately, anything else stays)
    audience: str = ""


@dataclass(frozen=True, slots=True)
class PrivateMessage:
    """Send ``text`` privately to one member.

    Where the platform cannot write to them privately the text is said in the group with
    the member mentioned, unless ``secret`` (a binding code): then it is dropped.
    """

    group_id: str
    user_id: str
    text: str
    secret: bool = False


@dataclass(frozen=True, slots=True)
class DeleteMessage:
    """Delete (recall) a message."""

    group_id: str
    message_id: str


@dataclass(frozen=True, slots=True)
class Mute:
    """Mute a member for ``seconds`` (0 lifts a mute)."""

    group_id: str
    user_id: str
    seconds: int


@dataclass(frozen=True, slots=True)
class Kick:
    """Remove a member from the group."""

    group_id: str
    user_id: str


@dataclass(frozen=True, slots=True)
class NotifyAdmins:
    """Tell the group's admins something they must act on."""

    group_id: str
    text: str


@dataclass(frozen=True, slots=True)
class DecideJoin:
    """Approve or refuse a join request; ``reason`` is shown to a refused applicant where the platform can.

    ``rule`` names the check that decided (for the audit log, never shown to
    the applicant).
    """

    group_id: str
    request_id: str
    user_id: str
    approve: bool
    reason: str = ""
    rule: str = ""


@dataclass(frozen=True, slots=True)
class PrivateNotes:
    """Tell several members privately, each their own text (派单: one round of assignments).

    ``notes`` are (member id, private text, group line). The members the platform
    cannot reach privately (official QQ bot; Telegram members who never started the
    bot; QQ members whose settings refuse temporary sessions) are told in ONE group
    message instead: ``group_text`` with ``{items}`` replaced by their group lines,
    mentioning them all — never a line per member.
    """

    group_id: str
    notes: tuple[tuple[str, str, str], ...]
    group_text: str
    #: between the group lines (``"; "`` in an English group)
    separator: str = "；"

    def in_group(self, members: list[str]) -> Reply:
        """The one group message for ``members`` (those not reached privately)."""
        wanted = set(members)
        lines = [line for user, _, line in self.notes if user in wanted]
        text = self.group_text.replace("{items}", self.separator.join(dict.fromkeys(lines)))
        return Reply(self.group_id, text, mention=tuple(dict.fromkeys(members)))


Action = (
    Reply | PrivateMessage | DeleteMessage | Mute | Kick | NotifyAdmins | DecideJoin | PrivateNotes
)
