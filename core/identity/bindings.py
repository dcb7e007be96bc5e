"""身份绑定: one person, accounts on several platforms (``/绑定`` / ``/link``, ``/解绑``).

A code is made privately (``/绑定`` sent to the bot in a private chat: a code
shown in a group could be used by anyone) and typed into a private chat with
the bot on the other platform (``/绑定 CODE``). Codes last ``CODE_TTL``, work
once, and a new code cancels the member's older one. Bound accounts are one
person for the 信用分, alliance bans and the ``/我的`` totals; per-group ledgers
stay where they are. No reply in a group ever shows an account of another
platform.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from huzhu.core.commands import Arg, Invocation
from huzhu.core.durations import format_duration
from huzhu.core.events import Action, Member, PrivateMessage
from huzhu.core.i18n import Catalog
from huzhu.core.plugin import CORE
from huzhu.core.storage import identity, repo

if TYPE_CHECKING:
    from huzhu.core.engine import Engine

#: how long a binding code works
CODE_TTL = 600
#: no 0/O or 1/I: read from one screen, typed on another
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PLATFORMS = {"qq": "QQ", "tg": "Telegram"}

TEXTS = Catalog(
    {
        "zh": {
            "in_group": "{name}，为保护你的账号，绑定码只私聊发送：请私聊机器人发送 /绑定 领取，"
            "再到另一个平台私聊机器人发送 /绑定 绑定码。",
            "code": "你的绑定码：{code}\n{ttl}内有效，只能用一次。请在另一个平台（{other}）私聊本机器人发送：/绑定 {code}\n"
            "不是你本人在操作的话，不要把绑定码发给任何人。",
            "linked": "✅ 绑定成功：你的 {here} 账号和 {there} 账号现在算同一个人（信用分、联盟记录、/我的 合计）。"
            "要取消请发 /解绑。",
            "unknown": "绑定码不对或已经用过了。请在另一个平台私聊机器人发送 /绑定 重新领取。",
            "expired": "绑定码已过期（{ttl}内有效）。请在另一个平台私聊机器人发送 /绑定 重新领取。",
            "self": "这是你自己刚领取的绑定码：请到另一个平台私聊机器人发送 /绑定 {code}。",
            "same_platform": "两个账号在同一个平台，不能绑定：请在另一个平台（{other}）私聊机器人发送这个绑定码。",
            "unlinked": "{name}，已解除绑定：这个账号不再和其他平台的账号算同一个人。",
            "not_linked": "{name}，这个账号没有绑定其他平台的账号。要绑定请私聊机器人发送 /绑定。",
        },
        "en": {
            "in_group": "{name}, to keep your account safe binding codes are sent privately: send /link to the bot "
            "in a private chat, then send /link and the code to the bot on the other platform.",
            "code": "Your binding code: {code}\nIt works once, for {ttl}. On the other platform ({other}) send the bot "
            "privately: /link {code}\nIf this was not you, do not give the code to anyone.",
            "linked": "✅ Linked: your {here} and {there} accounts are now one person (credit score, alliance "
            "record, /me totals). Send /unlink to undo it.",
            "unknown": "That code is wrong or was used already. Send /link privately to the bot on the other platform for a new one.",
            "expired": "That code has expired (it works for {ttl}). Send /link privately to the bot on the other platform for a new one.",
            "self": "That is the code you just got: send /link {code} to the bot on the other platform.",
            "same_platform": "Both accounts are on one platform and cannot be linked: send the code to the bot on {other}.",
            "unlinked": "{name}, unlinked: this account no longer counts as one person with your other accounts.",
            "not_linked": "{name}, this account is not linked to another platform. Send /link privately to the bot to link one.",
        },
    }
)


def _other(account: str) -> str:
    platform = account.partition(":")[0]
    return "、".join(v for k, v in PLATFORMS.items() if k != platform) or "QQ、Telegram"


def new_code() -> str:
    """A fresh 8-character code (32^8 choices: not guessable within its ten minutes)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(8))


async def issue(engine: Engine, account: str, lang: str) -> str:
    """Make a code for ``account``; the private text that carries it."""
    code = new_code()
    now = engine.clock.time()
    await engine.db.write(lambda c: identity.add_code(c, code, account, now, CODE_TTL))
    ttl = format_duration(CODE_TTL, lang)
    return TEXTS.get(lang, "code", code=code, ttl=ttl, other=_other(account))


async def redeem(engine: Engine, account: str, code: str, lang: str) -> str:
    """Use a code sent from ``account``; the private answer."""
    code = code.strip().upper()
    now = engine.clock.time()
    ttl = format_duration(CODE_TTL, lang)

    def run(c: Any) -> tuple[str, str | None]:
        status, origin = identity.redeem(c, code, account, now)
        if status == "linked" and origin is not None:
            for acc, other in ((origin, account), (account, origin)):
                group = identity.latest_group(c, acc)
                if group is not None:  # audited where each account is a member
                    repo.add_audit(c, group, acc, "identity:link", acc,
                                   {"platform": other.partition(":")[0]}, now)  # fmt: skip
        return status, origin

    status, origin = await engine.db.write(run)
    if status == "linked" and origin is not None:
        here = PLATFORMS.get(account.partition(":")[0], account.partition(":")[0])
        there = PLATFORMS.get(origin.partition(":")[0], origin.partition(":")[0])
        return TEXTS.get(lang, "linked", here=here, there=there)
    return TEXTS.get(lang, status, ttl=ttl, code=code, other=_other(account))


async def private(engine: Engine, sender: Member, rest: str, unlink: bool) -> list[Action]:
    """``/绑定`` [code] or ``/解绑`` sent to the bot privately; answered privately."""
    await engine.flush_members()  # who was seen in which group, for the temporary session
    group = await engine.db.read(lambda c: identity.latest_group(c, sender.id))
    lang = engine.resolver.group(group).language if group else "zh"
    # a QQ temporary session goes through a group the member is in
    target = group or f"{sender.id.partition(':')[0]}:0"
    if unlink:
        text = await _unlink(engine, sender.id, sender.name or "", lang, group)
    elif rest.strip():
        text = await redeem(engine, sender.id, rest.split()[0], lang)
    else:
        text = await issue(engine, sender.id, lang)
    return [PrivateMessage(target, sender.id, text, secret=True)]


async def _unlink(engine: Engine, account: str, name: str, lang: str, group: str | None) -> str:
    now = engine.clock.time()

    def run(c: Any) -> list[str]:
        rest = identity.unlink(c, account)
        if rest and group is not None:
            repo.add_audit(
                c, group, account, "identity:unlink", account, {"accounts": len(rest)}, now
            )
        return rest

    rest = await engine.db.write(run)
    return TEXTS.get(lang, "unlinked" if rest else "not_linked", name=name or "")


async def link_in_group(inv: Invocation) -> str:
    """/绑定 in a group: never a code there (how to get one privately); a code typed here is used."""
    if inv.args.get("code"):
        return await redeem(inv.ctx.data.engine, inv.event.sender.id, inv.args["code"], inv.lang)
    name = await inv.ctx.data.display_name(inv.event.sender.id)
    return TEXTS.get(inv.lang, "in_group", name=name)


async def unlink_in_group(inv: Invocation) -> str:
    """/解绑 in a group."""
    ev = inv.event
    name = await inv.ctx.data.display_name(ev.sender.id)
    return await _unlink(inv.ctx.data.engine, ev.sender.id, name, inv.lang, ev.group_id)


def register(engine: Engine) -> None:
    """Add /绑定 and /解绑 (core commands: every group has them)."""
    reg = engine.commands.registrar(CORE)
    reg("绑定", link_in_group, aliases=("link",), summary="把 QQ 和 Telegram 账号绑定为同一个人（私聊机器人领取绑定码）",
        summary_en="link your QQ and Telegram accounts (get a code from the bot privately)",
        args=(Arg("code", optional=True, label="绑定码", label_en="code"),), group="query",
        examples=("/绑定",), examples_en=("/link",))  # fmt: skip
    reg("解绑", unlink_in_group, aliases=("unlink",), summary="解除跨平台绑定", summary_en="undo /link", group="query",
        examples=("/解绑",), examples_en=("/unlink",))  # fmt: skip
