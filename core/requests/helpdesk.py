"""Help requests end to end: 求助 → 已助 → 确认/否认 → 完成, the 助力值 ledger, expiry, auto-confirm.

The lifecycle is core domain logic (every transition is one transaction in
``huzhu.core.storage.requests``); plugins take part through ``check_request``,
``request_posted``, ``help_claimed``, ``help_confirmed``, ``request_closed`` and
``rank_queue``. A plugin that returns actions for ``request_posted`` takes over
the announcement (the queue plugin's digests do); otherwise the core announces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from huzhu.core import transaction
from huzhu.core.commands import Arg, Handler, Invocation, MemberName
from huzhu.core.durations import format_duration
from huzhu.core.errors import HelpError
from huzhu.core.events import (
    Action,
    Claim,
    HelpRequest,
    NotifyAdmins,
    Reply,
    Role,
    Severity,
    Verdict,
)
from huzhu.core.i18n import Catalog, join_clauses, join_list
from huzhu.core.requests.links import (
    ACTIVITY_EN,
    PLATFORM_NAMES,
    PLATFORM_NAMES_EN,
    ShareLink,
    find_share,
    find_shares,
    share_note,
)
from huzhu.core.requests.needed import without_needed
from huzhu.core.requests.privately import answers_privately
from huzhu.core.storage import identity, repo
from huzhu.core.storage import requests as store
from huzhu.core.storage import shop as shop_store
from huzhu.core.texts import TEXTS as CORE_TEXTS
from huzhu.core.texts import mask_id

if TYPE_CHECKING:
    from huzhu.core.engine import Engine

CLAIM_WORDS = ("已助", "已帮", "已砍", "已点", "已助力", "helped", "done")
#: how members naturally answer a request in a reply (「砍了」「已助了」): claims only as a reply
#: to the request (its announcement or the /求助 message), never as a plain 「砍了 3」 in chat
REPLY_ONLY_WORDS = (
    "已助了", "已助力了", "助了", "助力了", "砍了", "已砍了", "帮了", "已帮了", "已点了", "点了",
    "帮你砍了", "帮你助力了", "i helped", "helped you", "done it",
)  # fmt: skip
_SEQ_IN_TEXT = re.compile(r"#(\d{1,9})")

TEXTS = Catalog(
    {
        "zh": {
            "no_link": "没有识别到分享链接或口令。用法：/求助 后面粘贴链接或口令，可加备注和人数，例如：/求助 （拼多多链接） 帮我砍一刀 需要2人\n支持拼多多、淘宝/天猫、京东的链接、口令和小程序路径。",
            "refused": "求助未发布：{reasons}",
            "brief": "#{seq} {platform}·{activity}（还差 {left} 人）",
            "duplicate": "这个链接已在队列中：#{seq}，不用重发。",
            "cancel_which_one": "你的 #{seq}？发 /取消 {seq}",
            "cancel_which": "你有 {seqs} 在进行中：取消哪个？发 /取消 编号，例如 /取消 {seq}",
            "cancel_none": "你没有进行中的求助，不需要取消。",
            "done_which_one": "你的 #{seq} 完成了？发 /完成 {seq}",
            "done_which": "你有 {seqs} 在进行中：哪个完成了？发 /完成 编号，例如 /完成 {seq}",
            "done_none": "你没有进行中的求助。",
            "announce": "📣 求助 #{seq}｜{platform}·{activity}｜需要 {needed} 人\n{link}{note}\n助力后发送 /已助 {seq}，或回复本消息「已助」。",
            "announce_private": "📣 求助 #{seq}｜{platform}·{activity}｜需要 {needed} 人\n{link}{note}\n助力后私聊我发 /已助 {seq}（不占群屏幕），也可以回复本消息「已助」。",
            "note": "\n备注：{note}",
            "claimed": "{helper} 说已帮你助力 #{seq}，属实请发 /确认 {seq}，不实请发 /否认 {seq} @{helper}。\n{helper}：已记录你对 #{seq} 的助力，{next}",
            # the same two lines where the group answers privately: each to whom it is for
            # privately there is no @: the name is what the requester can send (/否认 3 小明)
            "claimed_requester": "{helper} 说已帮你助力 #{seq}，属实请发 /确认 {seq}，不实请发 /否认 {seq} {helper}。",
            "claimed_helper": "已记录你对 #{seq} 的助力，{next}",
            "own_link": "\n{helper}：你消息里的{platform}链接没有发布，想让大家也帮你，请另发一条 /求助 加上这个链接。",
            "auto_in": "{duration}内无人否认将自动确认。",
            "first_help": "你的首次助力需要求助者确认，确认后记入助力值。",
            "needs_hand": "你的助力需要求助者确认（被求助者确认满 {min} 次后才会自动确认，现在 {hand} 次）。",
            "after_confirm": "求助者确认后记入助力值。",
            "after_denial": "你有助力被否认过，之后的助力需要求助者确认（被确认满 {min} 次后恢复自动确认，现在 {hand} 次）。",
            "confirmed": "{requester} 已确认 {names} 对 #{seq} 的助力，助力值各 +{credit}，谢谢！{rest}",
            "confirmed_one": "{requester} 已确认你对 #{seq} 的助力，助力值 +{credit}，谢谢！{rest}",
            "still_needed": "#{seq} 还差 {left} 人。",
            "request_done": "#{seq} 已完成 🎉",
            "denied": "{requester} 否认了你对 #{seq} 的助力，不计助力值（已记录）。如确实助力过，请截图联系管理员。",
            # the requester's own line where answers are private (the helper gets "denied")
            "denied_requester": "已否认 {helper} 对 #{seq} 的助力，不计助力值（已记录）。",
            "confirmed_requester": "已确认 {names} 对 #{seq} 的助力，他们的助力值各 +{credit}。{rest}",
            "confirmed_requester_one": "已确认 {names} 对 #{seq} 的助力，对方助力值 +{credit}。{rest}",
            "deny_which": "#{seq} 有 {count} 条助力待你确认（{names}），请写明否认谁，例如 /否认 {seq} {example}。",
            "no_helper_named": "#{seq} 待确认的助力里没有「{name}」（名字要和对方的群名片一字不差）。待确认的是：{names}，例如 /{command} {seq} {example}。",
            "helpers_named": "#{seq} 有 {count} 位助力者都叫「{name}」（号码 {choices}）：请 @ 对方，或写对方的完整号码。",
            "closed_done": "#{seq} 已标记完成，谢谢大家！",
            "closed_cancelled": "#{seq} 已取消，已移出队列。",
            "closed_removed": "#{seq} 已被管理员移除（{requester} 的求助），不再接受助力。",
            "pending_left": "\n还有 {names} 的助力待你确认（结束后不会自动确认），属实请发 /确认 {seq}。",
            "expired_digest": "⌛ 以下求助已到期关闭：{items}。还需要帮忙的话请重新发 /求助。",
            "expired_item": "#{seq}（{name}，{helped}/{needed}）",
            "expired_pending": "\n#{seq} 还有 {count} 条助力待确认，到期后不再自动确认，属实请求助者发 /确认 {seq}。",
            "expired_pending_one": "\n#{seq} 还有 1 条助力待确认，到期后不再自动确认，属实请求助者发 /确认 {seq}。",
            "auto_digest": "⏱ 以下助力 {quiet}内无人否认，已自动确认并记入助力值：{items}。如有不实，请联系管理员。{done}",
            "auto_item": "#{seq} {helper}（帮 {requester}）",
            "auto_mine": "⏱ {requester}，这些助力 {quiet}内没有人否认，已自动确认并记入助力值：{items}。{done}如有不实，请联系管理员。",
            "auto_mine_item": "#{seq} {helper}",
            "expired_mine": "⌛ {name}，你的求助 #{seq} 已到期关闭（{helped}/{needed}）。还需要帮忙的话请重新发 /求助。",
            "expired_mine_private": "⌛ 你的求助 #{seq} 已到期关闭（{helped}/{needed}）。还需要帮忙的话请重新发 /求助。",
            "expired_mine_pending": "\n还有 {count} 条助力等你确认（到期后不再自动确认），属实请发 /确认 {seq}。",
            "me": "📒 {name} 的助力值：{balance}（助人 {given} 次，被助 {received} 次）\n进行中的求助：{open}\n你报的助力待确认：{pending}\n待你确认的助力：{to_confirm}{hint}",
            "me_open": "#{seq}（已助 {helped}/{needed}）",
            "me_pending": "#{seq}（{name}）",
            "me_to_confirm": "#{seq} {name}",
            "me_hint": "\n属实请发 /确认 {seq}，不实请发 /否认 {seq} {name}。",
            "me_trust": "\n提示：你的首次助力需要求助者确认，之后的助力 {quiet}内无人否认会自动确认。",
            "me_trust_more": "\n提示：你的助力需要求助者确认，被确认满 {min} 次后才会自动确认（现在 {hand} 次）。",
            "none": "无",
            "me_spends": "\n兑换记录：{items}",
            "me_spend": "「{item}」−{price}{state}",
            "me_refunded": "（已退款）",
            "me_person": "\n跨平台合计（已绑定 {accounts} 个账号，{groups} 个群）：助力值 {balance}，助人 {given} 次，被助 {received} 次",
            "used_pass": "（已使用一张免审券）",
            "and_more": " 等 {count} 条",
            "top_header": "🏆 助力排行（助人次数｜助力值）",
            "top_line": "{rank}. {name}：{given} 次｜{balance}",
            "top_empty": "还没有确认过的助力。发送 /队列 看看谁需要帮忙吧。",
            "no_such_request": "没有 #{seq} 这个求助。发送 /队列 查看进行中的求助。",
            "closed": "#{seq} 已结束（{status}），不能再操作。发送 /队列 看看其他求助。",
            "own_request": "不能给自己的求助 #{seq} 报已助哦。",
            "already_claimed": "你已经报过 #{seq} 的已助了，请等待求助者确认。",
            "claim_denied": "你对 #{seq} 的助力已被否认，如有异议请联系管理员。",
            "repeat_claim": "你在 {ago}前已为同一个链接报过助力（#{other}），同一链接 {window}内只记一次，#{seq} 不再记录。",
            "too_many_pending": "你已有 {limit} 条助力在等求助者确认（{waiting}），等他们确认后再发 /已助 {seq}。发送 /我的 可查看。",
            "not_yours": "#{seq} 不是你发的求助，只有求助者本人可以操作。",
            "nothing_to_confirm": "#{seq} 没有待确认的助力。",
            "no_claim": "{helper} 没有报过 #{seq} 的已助。",
            "already_decided": "这条助力已经处理过了（{status}）。",
            "too_many_open": "你已有 {limit} 个进行中的求助，请先完成或 /取消 一个再发。",
            "status_open": "进行中",
            "status_done": "已完成",
            "status_expired": "已过期",
            "status_cancelled": "已取消",
            "status_removed": "已移除",
            "status_confirmed": "已确认",
            "status_denied": "已否认",
            "status_reversed": "已撤回（复核）",
        },
        "en": {
            "no_link": "No share link or code found. Usage: /post followed by the link or code, then a note and how many helpers if you like, e.g. /post (Pinduoduo link) please help, 2 people\nPinduoduo, Taobao/Tmall and JD links, codes and mini-program paths work.",
            "refused": "Request not posted: {reasons}",
            "brief": "#{seq} {platform} {activity} ({left} more needed)",
            "duplicate": "This link is already queued: #{seq}; no need to post it again.",
            "cancel_which_one": "Your #{seq}? Send /cancel {seq}",
            "cancel_which": "You have {seqs} open: which one? Send /cancel and the number, e.g. /cancel {seq}",
            "cancel_none": "You have no open request to cancel.",
            "done_which_one": "Your #{seq} is done? Send /done {seq}",
            "done_which": "You have {seqs} open: which one is done? Send /done and the number, e.g. /done {seq}",
            "done_none": "You have no open request.",
            "announce": "📣 Request #{seq} | {platform} {activity} | {needed} needed\n{link}{note}\nAfter helping send /helped {seq}, or reply done to this message.",
            "announce_private": "📣 Request #{seq} | {platform} {activity} | {needed} needed\n{link}{note}\nAfter helping send /helped {seq} to me privately (keeps the chat clear), or reply done to this message.",
            "note": "\nNote: {note}",
            "claimed": "{helper} says they helped your #{seq}: send /confirm {seq} if so, or /deny {seq} @{helper} if not.\n{helper}: your help on #{seq} is recorded; {next}",
            "claimed_requester": "{helper} says they helped your #{seq}: send /confirm {seq} if so, or /deny {seq} {helper} if not.",
            "claimed_helper": "Your help on #{seq} is recorded; {next}",
            "own_link": "\n{helper}: the {platform} link in your message is not posted; to get help with it, send it in a message of its own with /post.",
            "auto_in": "it is confirmed automatically in {duration} unless denied.",
            "first_help": "your first help needs the requester's confirmation before it counts.",
            "needs_hand": "it needs the requester's confirmation (automatic only after {min} confirmed by requesters; you have {hand}).",
            "after_confirm": "it counts once the requester confirms.",
            "after_denial": "since a claim of yours was denied, your help needs the requester's confirmation again (automatic after {min} more; you have {hand}).",
            "confirmed": "{requester} confirmed help by {names} on #{seq}: +{credit} each, thank you! {rest}",
            "confirmed_one": "{requester} confirmed your help on #{seq}: +{credit}, thank you! {rest}",
            "still_needed": "#{seq} still needs {left}.",
            "request_done": "#{seq} is complete 🎉",
            "denied": "{requester} denied your claim on #{seq}; it does not count (recorded). If you did help, send an admin a screenshot.",
            "denied_requester": "You denied {helper}'s claim on #{seq}; it does not count (recorded).",
            "confirmed_requester": "You confirmed help by {names} on #{seq}: +{credit} each. {rest}",
            "confirmed_requester_one": "You confirmed help by {names} on #{seq}: +{credit} for them. {rest}",
            "deny_which": "#{seq} has {count} claims waiting for you ({names}); say which one you deny, e.g. /deny {seq} {example}.",
            "no_helper_named": "None of the claims waiting on #{seq} is by '{name}' (the name must match their display name exactly). Waiting: {names}, e.g. /{command} {seq} {example}.",
            "helpers_named": "{count} helpers on #{seq} are called '{name}' (numbers {choices}): @ the one you mean, or give their full number.",
            "closed_done": "#{seq} marked as done, thank you all!",
            "closed_cancelled": "#{seq} cancelled and removed from the queue.",
            "closed_removed": "#{seq} was removed by an admin ({requester}'s request); it takes no more help.",
            "pending_left": "\nHelp by {names} still waits for you (never confirmed automatically once closed): send /confirm {seq} if it is true.",
            "expired_digest": "⌛ Expired and closed: {items}. Post again with /post if you still need help.",
            "expired_item": "#{seq} ({name}, {helped}/{needed})",
            "expired_pending": "\n#{seq} has {count} claims waiting; they are no longer confirmed automatically, the requester may send /confirm {seq}.",
            "expired_pending_one": "\n#{seq} has 1 claim waiting; it is no longer confirmed automatically, the requester may send /confirm {seq}.",
            "auto_digest": "⏱ Nobody denied these within {quiet}; confirmed automatically: {items}. Tell an admin if one is false.{done}",
            "auto_item": "#{seq} {helper} (for {requester})",
            "auto_mine": "⏱ {requester}, nobody denied this help within {quiet}, so it is confirmed and counted: {items}. {done}Tell an admin if any of it is false.",
            "auto_mine_item": "#{seq} by {helper}",
            "expired_mine": "⌛ {name}, your request #{seq} expired and is closed ({helped}/{needed}). Post again with /post if you still need help.",
            "expired_mine_private": "⌛ Your request #{seq} expired and is closed ({helped}/{needed}). Post again with /post if you still need help.",
            "expired_mine_pending": "\n{count} claims still wait for you (no longer confirmed automatically): send /confirm {seq} if they are true.",
            "me": "📒 {name}: balance {balance} (helped {given}, was helped {received})\nOpen requests: {open}\nYour claims awaiting confirmation: {pending}\nClaims for you to confirm: {to_confirm}{hint}",
            "me_open": "#{seq} ({helped}/{needed} helped)",
            "me_pending": "#{seq} ({name})",
            "me_to_confirm": "#{seq} {name}",
            "me_hint": "\nSend /confirm {seq} if true, /deny {seq} {name} if not.",
            "me_trust": "\nNote: your first help needs the requester's confirmation; after that, help nobody denies within {quiet} is confirmed automatically.",
            "me_trust_more": "\nNote: your help is confirmed automatically once requesters confirmed {min} (you have {hand}).",
            "none": "none",
            "me_spends": "\nPurchases: {items}",
            "me_spend": "“{item}” −{price}{state}",
            "me_refunded": " (refunded)",
            "me_person": "\nAll your linked accounts ({accounts} accounts, {groups} groups): balance {balance}, helped {given}, was helped {received}",
            "used_pass": " (a pass was used)",
            "and_more": " … {count} in all",
            "top_header": "🏆 Top helpers (helps | balance)",
            "top_line": "{rank}. {name}: {given} | {balance}",
            "top_empty": "No confirmed help yet. Send /queue to see who needs help.",
            "no_such_request": "There is no request #{seq}. Send /queue to see open requests.",
            "closed": "#{seq} is closed ({status}). Send /queue for other requests.",
            "own_request": "You cannot claim your own request #{seq}.",
            "already_claimed": "You already claimed #{seq}; wait for the requester to confirm.",
            "claim_denied": "Your claim on #{seq} was denied; ask an admin if you disagree.",
            "repeat_claim": "You claimed the same link {ago} ago (#{other}); one help per link counts within {window}, so #{seq} is not recorded.",
            "too_many_pending": "You already have {limit} claims waiting for confirmation ({waiting}); send /helped {seq} once they are confirmed. See /me.",
            "not_yours": "#{seq} is not your request; only its requester can do that.",
            "nothing_to_confirm": "#{seq} has no claims waiting for confirmation.",
            "no_claim": "{helper} has not claimed #{seq}.",
            "already_decided": "That claim was already decided ({status}).",
            "too_many_open": "You already have {limit} open requests; finish or /cancel one first.",
            "status_open": "open",
            "status_done": "done",
            "status_expired": "expired",
            "status_cancelled": "cancelled",
            "status_removed": "removed",
            "status_confirmed": "confirmed",
            "status_denied": "denied",
            "status_reversed": "reversed (review)",
        },
    }
)


def listing(items: list[str], lang: str, limit: int = 8, total: int | None = None) -> str:
    """Items joined for one line, the rest counted (``#1、#2 等 12 条``) so a list never floods."""
    total = len(items) if total is None else total
    shown = join_list(items[:limit], lang)
    if total > limit:
        shown += TEXTS.get(lang, "and_more", count=total)
    return shown


def addressed(name: str, said: str, lang: str) -> str:
    """``said`` addressed to ``name`` (``小明，#1 不是你发的求助…``; ``Bob, you already …``)."""
    if lang == "en" and said[:4] in ("You ", "You'", "Your", "That", "Ther", "None"):
        said = said[0].lower() + said[1:]
    return CORE_TEXTS.get(lang, "addressed", member=name, text=said)


def describe(req: HelpRequest, lang: str) -> tuple[str, str]:
    """(platform, activity) names in ``lang``."""
    if lang == "en":
        return PLATFORM_NAMES_EN[req.platform], ACTIVITY_EN.get(req.activity, req.activity)
    return PLATFORM_NAMES[req.platform], req.activity


def brief(req: HelpRequest, lang: str) -> str:
    """One short line naming a request: ``#3 拼多多·砍价（还差 2 人）``."""
    platform, activity = describe(req, lang)
    return TEXTS.get(lang, "brief", seq=req.seq, platform=platform, activity=activity,
                     left=max(req.needed - req.helped, 1))  # fmt: skip


def announcement(req: HelpRequest, lang: str, privately: bool = False) -> str:
    """The default text announcing a request to the group (``privately``: in a group that
    answers help commands privately, it asks helpers to tell the bot privately)."""
    platform, activity = describe(req, lang)
    note = TEXTS.get(lang, "note", note=req.note) if req.note else ""
    return TEXTS.get(lang, "announce_private" if privately else "announce", seq=req.seq,
                     platform=platform, activity=activity, needed=req.needed, link=req.link,
                     note=note)  # fmt: skip


class HelpDesk:
    """The help-request commands and periodic work of one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------ helpers
    def _t(self, inv: Invocation, key: str, /, **kw: Any) -> str:
        return TEXTS.get(inv.lang, key, **kw)

    async def _error(self, inv: Invocation, exc: HelpError) -> str:
        lang, values = inv.lang, dict(exc.values)
        if "status" in values:
            values["status"] = TEXTS.get(lang, f"status_{values['status']}")
        for key in ("ago", "window"):
            if key in values:
                values[key] = format_duration(max(int(values[key]), 60) // 60 * 60, lang)
        if "waiting" in values:
            values["waiting"] = "、".join(f"#{s}" for s in values["waiting"])
        if "helper" in values:
            values["helper"] = await self._name(inv.event.group_id, values["helper"])
        said = TEXTS.get(lang, exc.key, **values)
        if inv.event.privately:
            return said  # a private answer is to its reader alone
        # in the group, said to whom it is for (「小明，你已经报过 #1 的已助了…」)
        return addressed(await self._name(inv.event.group_id, inv.event.sender.id), said, lang)

    def guard(self, handler: Handler) -> Handler:
        """Wrap a command so that an illegal move (HelpError) becomes its clear reply."""

        async def run(inv: Invocation) -> Any:
            try:
                return await handler(inv)
            except HelpError as exc:
                return await self._error(inv, exc)

        return run

    async def _name(self, group_id: str, member: str) -> str:
        return await self.engine.display_name(group_id, member)

    async def _names(self, group_id: str, members: Iterable[str]) -> str:
        return "、".join([await self._name(group_id, m) for m in dict.fromkeys(members)])

    def _settings(self, group_id: str) -> Any:
        return self.engine.resolver.group(group_id).requests

    async def _next_for_helper(
        self, group_id: str, helper: str, lang: str, trust: tuple[int, bool] | None = None
    ) -> str:
        """What happens to a new claim of ``helper``: confirmed automatically, or by hand only.
        ``trust``: ``store.trust`` of the helper when the claim's transaction read it already."""
        cfg = self._settings(group_id)
        if cfg.auto_confirm is None:
            return TEXTS.get(lang, "after_confirm")
        if trust is None:
            trust = await self.engine.db.read(lambda c: store.trust(c, group_id, helper))
        hand, denied = trust
        if hand >= cfg.auto_confirm_min_helps:
            return TEXTS.get(lang, "auto_in", duration=format_duration(cfg.auto_confirm, lang))
        if denied:
            return TEXTS.get(lang, "after_denial", min=cfg.auto_confirm_min_helps, hand=hand)
        if hand == 0:
            return TEXTS.get(lang, "first_help")
        return TEXTS.get(lang, "needs_hand", min=cfg.auto_confirm_min_helps, hand=hand)

    # ------------------------------------------------------------ commands
    async def post(self, inv: Invocation) -> Any:
        """/求助 <link or 口令> [备注] [需要N人]."""
        ev, engine = inv.event, self.engine
        text = inv.args["text"] or ""
        # the share it posts is its first (淘宝's 「8￥AbCd￥/ https://m.tb.cn/h.x 复制打开淘宝」
        # posts the 口令, what the app reads; the link beside it is the same activity and
        # goes in neither the request nor its note)
        shares = find_shares(text)
        if not shares:
            return self._t(inv, "no_link")
        link = shares[0]
        cfg = self._settings(ev.group_id)
        now = engine.clock.time()
        # how many (需要两人, 差3个人, need 2 people), and the note without exactly that phrase;
        # the note, like the link, is shown in the member's own characters (not folded)
        count, rest = without_needed(share_note(text, shares))
        needed = max(1, min(count or 1, cfg.max_needed))
        note = " ".join(rest.split()).strip("，,、;；:： ")[:120]
        draft = HelpRequest(
            id=0, group_id=ev.group_id, requester=ev.sender.id, link=link.url, platform=link.platform,
            activity=link.activity, note=note, needed=needed, created_at=now, kind=link.kind,
            expires_at=now + cfg.expiry_for(link.platform, link.activity), message_id=ev.message_id,
        )  # fmt: skip
        verdicts = await engine.check_request(draft, ev)
        refusals = [v for v in verdicts if v.severity >= Severity.MINOR]
        if refusals:
            # the same link while it is open: its number, not a quota's refusal (a member
            # reposting their link a minute later wants to hear it is there, not to wait 9
            # minutes); without a refusal, queuing it finds it (one read fewer per /求助)
            gid = ev.group_id
            queued = await engine.db.read(lambda c: store.open_by_link(c, gid, link.key))
            if queued is not None:
                return self._t(inv, "duplicate", seq=queued.seq)
        extra: list[Action] = [
            NotifyAdmins(ev.group_id, f"{v.rule}: {v.reason}")
            for v in verdicts
            if v.severity == Severity.REVIEW
        ]
        # a pass never covers a scam (a SEVERE verdict), only rules such as quotas
        passable = bool(refusals) and all(v.severity < Severity.SEVERE for v in refusals)
        if refusals and await self._pass_or_refuse(inv, passable, refusals, link.url, now):
            # a 免审 pass bought in the shop lets this one request through (audited)
            extra.append(inv.reply(self._t(inv, "used_pass")))
            refusals = []
        if refusals:
            return [
                *extra,
                inv.reply(
                    self._t(
                        inv,
                        "refused",
                        reasons=join_clauses(
                            (v.reason.rstrip("。.；; ") for v in refusals), inv.lang
                        )
                        + ("。" if inv.lang != "en" else "."),
                    ),
                    mention=True,
                ),
            ]
        req, created = await self._queue_request(inv, link, note, needed, now, draft.expires_at)
        if not created:
            return self._t(inv, "duplicate", seq=req.seq)
        actions = await engine.broadcast("request_posted", ev.group_id, request=req)
        if not actions:
            # "私聊我发" only where the platform takes private messages
            quiet = ev.caps.private_message and answers_privately(
                engine.resolver.group(ev.group_id)
            )
            actions = [Reply(ev.group_id, announcement(req, inv.lang, quiet), mention=(req.requester,),
                             audience="group")]  # fmt: skip
        return [*extra, *actions]

    async def _pass_or_refuse(
        self, inv: Invocation, passable: bool, refusals: list[Verdict], link: str, now: float
    ) -> bool:
        """In one write: use the member's 免审 pass when the refusals allow one (True), else
        record the refusal; either audited in the same transaction."""
        gid, actor, at = inv.event.group_id, inv.event.sender.id, self.engine.clock.time()
        rules = [v.rule for v in refusals]

        def write(c: Any) -> bool:
            if passable and shop_store.use(c, gid, actor, "pass", now):
                repo.add_audit(c, gid, actor, "shop:pass_used", "", {"rules": rules}, at)
                return True
            repo.add_audit(c, gid, actor, "request_refused", "", {"rules": rules, "link": link}, at)
            return False

        return bool(await self.engine.db.write(write))

    async def _queue_request(
        self,
        inv: Invocation,
        link: ShareLink,
        note: str,
        needed: int,
        now: float,
        expires_at: float,
    ) -> tuple[HelpRequest, bool]:
        """Write the request; the member's standing is asked for only when they reach the
        group's ``max_open`` (a 信用分 tier may allow more, reputation's ``max_open_bonus``):
        most posts are far below it, and asking costs a hook call and, for a member not seen
        lately, a read of their whole record. A bonus only adds (below 0 counts as none)."""
        ev, engine = inv.event, self.engine
        base = self._settings(ev.group_id).max_open

        # what plugins store with a new request (a reminder) joins its transaction
        stored = transaction.plan(engine, "request_stored", ev.group_id)

        def post(c: Any, max_open: int) -> tuple[HelpRequest, bool]:
            req, created = store.post(
                c, group_id=ev.group_id, requester=ev.sender.id, link=link, note=note,
                needed=needed, now=now, expires_at=expires_at, message_id=ev.message_id,
                max_open=max_open,
            )  # fmt: skip
            if created and stored:
                transaction.run(engine, c, "request_stored", stored, request=req)
            return req, created

        def write(max_open: int) -> Any:
            return engine.db.write(lambda c: post(c, max_open))

        try:
            return await write(base)
        except HelpError as exc:
            if exc.key != "too_many_open":
                raise
            from huzhu.core.requests.helpdata import GroupData  # it imports this module

            bonus = (await GroupData(engine, ev.group_id).standing(ev.sender.id)).max_open_bonus
            if bonus <= 0:
                raise
            return await write(base + bonus)

    async def claim(self, inv: Invocation) -> Any:
        """/已助 <id>, or replying 已助 to an announcement.

        One message for two people: it mentions the requester and tells them to
        /确认 or /否认, and quotes the helper's message telling them what
        happens to their claim next (automatic confirmation, or the requester's
        by hand for a helper without confirmed history).
        """
        ev, engine = inv.event, self.engine
        if engine.evidence.takes(ev):  # a screenshot, or one required (huzhu.core.trust)
            return await engine.evidence.claim(inv, self)
        seq = inv.args["id"]
        cfg = self._settings(ev.group_id)
        # what the reply tells the helper (``_next_for_helper``) is read in the claim's own
        # transaction: no second database round for it
        wants_trust = cfg.auto_confirm is not None
        # what plugins store with a claim (a reminder) joins its transaction
        stored = transaction.plan(engine, "claim_stored", ev.group_id)

        def write(c: Any) -> tuple[HelpRequest, Claim, tuple[int, bool] | None]:
            req, claim = store.claim(
                c, group_id=ev.group_id, seq=seq, helper=ev.sender.id, now=engine.clock.time(),
                message_id=ev.message_id, max_pending=cfg.max_pending_claims,
                repeat_window=cfg.repeat_window,
            )  # fmt: skip
            if stored:
                transaction.run(engine, c, "claim_stored", stored, request=req, claim=claim)
            return req, claim, store.trust(c, ev.group_id, ev.sender.id) if wants_trust else None

        req, claim, trust = await engine.db.write(write)
        actions = await engine.broadcast("help_claimed", ev.group_id, request=req, claim=claim)
        helper = await self._name(ev.group_id, ev.sender.id)
        after = await self._next_for_helper(ev.group_id, ev.sender.id, inv.lang, trust)
        if ev.privately:
            # answered privately: the requester gets their line, the helper theirs (one
            # message with both would tell each what the other is to do), not by name
            return [
                Reply(ev.group_id, self._t(inv, "claimed_requester", seq=seq, helper=helper),
                      mention=(req.requester,), audience="member"),
                Reply(ev.group_id, self._t(inv, "claimed_helper", seq=seq, helper=helper, next=after)
                      + self._own_link(inv, req, helper)),
                *actions,
            ]  # fmt: skip
        text = self._t(inv, "claimed", seq=seq, helper=helper, next=after)
        reply = Reply(ev.group_id, text + self._own_link(inv, req, helper),
                      mention=(req.requester,), reply_to=ev.message_id or None)  # fmt: skip
        return [reply, *actions]

    def _own_link(self, inv: Invocation, req: HelpRequest, helper: str) -> str:
        """A reply 「已助，顺便帮我也砍一下 <link>」 claims; its own link is not posted by it:
        the helper is told how (an empty string when the message has no other link)."""
        ev = inv.event
        if ev.text.lstrip().startswith(("/", "／")) or len(ev.text) < 12:
            return ""
        share = find_share(ev.text)
        if share is None or share.url == req.link:
            return ""
        names = PLATFORM_NAMES_EN if inv.lang == "en" else PLATFORM_NAMES
        return self._t(inv, "own_link", helper=helper, platform=names.get(share.platform, ""))

    async def confirm(self, inv: Invocation) -> Any:
        """/确认 <id> [@helper]: confirm one helper's claim, or all pending claims.

        The requester's own confirmation counts even after the request closed
        (done, expired, cancelled): they vouch for help that happened. Only the
        automatic confirmation is limited to open requests.
        """
        seq, helper = inv.args["id"], inv.args["helper"]
        if isinstance(helper, MemberName):
            helper = await self._helper_named(inv, seq, helper)
        return await self._confirm(inv, seq, helper, inv.event.sender.id)

    async def _confirm(
        self, inv: Invocation, seq: int, helper: str | None, requester: str | None
    ) -> Any:
        ev, engine = inv.event, self.engine
        cfg = self._settings(ev.group_id)
        req, confirmed, closed = await engine.db.write(
            lambda c: store.confirm(
                c,
                group_id=ev.group_id,
                seq=seq,
                requester=requester,
                helper=helper,
                now=engine.clock.time(),
                message_id=ev.message_id,
                by=ev.sender.id,
                credit=cfg.credit,
                debit=cfg.debit,
            )
        )
        actions = await self._after_confirm(req, confirmed, closed)
        names = await self._names(ev.group_id, (c.helper for c in confirmed))
        rest = self._t(inv, "request_done", seq=seq) if req.status == "done" else (
            self._t(inv, "still_needed", seq=seq, left=max(req.needed - req.helped, 0)) if req.status == "open" else ""
        )  # fmt: skip
        helpers = tuple(c.helper for c in confirmed)
        requester = await self._name(ev.group_id, req.requester)
        if ev.privately:
            # each their own line: the requester what they did, each helper what they got
            one = "_one" if len(confirmed) == 1 else ""
            mine = self._t(inv, f"confirmed_requester{one}", names=names, seq=seq,
                           credit=cfg.credit, rest=rest)  # fmt: skip
            theirs = self._t(inv, "confirmed_one", requester=requester, seq=seq,
                             credit=cfg.credit, rest=rest)  # fmt: skip
            return [Reply(ev.group_id, mine.rstrip()),
                    Reply(ev.group_id, theirs.rstrip(), mention=helpers, audience="member"),
                    *actions]  # fmt: skip
        key = "confirmed_one" if len(confirmed) == 1 else "confirmed"
        text = self._t(inv, key, requester=requester, names=names, seq=seq, credit=cfg.credit,
                       rest=rest)  # fmt: skip
        return [Reply(ev.group_id, text, mention=helpers), *actions]

    async def _after_confirm(
        self, req: HelpRequest, confirmed: list[Any], closed: bool
    ) -> list[Action]:
        actions: list[Action] = []
        for claim in confirmed:
            actions += await self.engine.broadcast(
                "help_confirmed", req.group_id, request=req, claim=claim
            )
        if closed:
            actions += await self.engine.broadcast(
                "request_closed", req.group_id, request=req, reason="done"
            )
        return actions

    async def deny(self, inv: Invocation) -> Any:
        """/否认 <id> [helper]: the helper is told that it does not count and what to do.

        The helper may be mentioned, given by id or by display name (a private chat has no
        mentions), or left out when the request has exactly one claim waiting.
        """
        ev, engine = inv.event, self.engine
        seq, helper = inv.args["id"], inv.args["helper"]
        if helper is None or isinstance(helper, MemberName):
            helper = await self._helper_named(inv, seq, helper)
        await engine.db.write(
            lambda c: store.deny(
                c,
                group_id=ev.group_id,
                seq=seq,
                requester=ev.sender.id,
                helper=helper,
                now=engine.clock.time(),
                message_id=ev.message_id,
            )
        )
        await self._audit(inv, "claim_denied", {"seq": seq, "helper": helper})
        requester = await self._name(ev.group_id, ev.sender.id)
        text = self._t(inv, "denied", seq=seq, requester=requester)
        if ev.privately:
            # the requester is told what they did; "否认了你的助力" is for the helper alone
            mine = self._t(inv, "denied_requester", seq=seq,
                           helper=await self._name(ev.group_id, helper))  # fmt: skip
            return [Reply(ev.group_id, mine),
                    Reply(ev.group_id, text, mention=(helper,), audience="member")]  # fmt: skip
        return [Reply(ev.group_id, text, mention=(helper,), reply_to=ev.message_id or None)]

    async def _helper_named(self, inv: Invocation, seq: int, named: MemberName | None) -> str:
        """The helper of a claim waiting on the sender's request #seq that /否认 or /确认 means:
        the one called ``named`` (exact display name), or, with no name, the only one waiting.
        HelpError (a reply saying what to send instead) when there is none or several."""
        ev = inv.event
        gid = ev.group_id

        def read(c: Any) -> tuple[HelpRequest, list[str]]:
            return store.get(c, gid, seq), store.pending_on(c, gid, seq)

        req, waiting = await self.engine.db.read(read)
        if req.requester != ev.sender.id:
            raise HelpError("not_yours", seq=seq)
        waiting = list(dict.fromkeys(waiting))
        if not waiting:
            raise HelpError("nothing_to_confirm", seq=seq)
        names = await self.engine.display_names(gid, waiting)
        shown = listing([names[h] for h in waiting], inv.lang)
        if named is None:
            if len(waiting) == 1:
                return waiting[0]
            raise HelpError("deny_which", seq=seq, count=len(waiting), names=shown,
                            example=names[waiting[0]])  # fmt: skip
        matches = [h for h in waiting if names[h] == named.name]
        if len(matches) == 1:
            return matches[0]
        if matches:
            # in the group the numbers are masked (@ the one meant); privately they are given
            shown_id = (lambda h: h.partition(":")[2] or h) if inv.event.privately else mask_id
            choices = join_list(map(shown_id, matches), inv.lang)
            raise HelpError("helpers_named", seq=seq, count=len(matches), name=named.name[:32],
                            choices=choices)  # fmt: skip
        command = (
            inv.command.aliases[0] if inv.lang == "en" and inv.command.aliases else inv.command.name
        )
        raise HelpError("no_helper_named", seq=seq, name=named.name[:32], names=shown,
                        example=names[waiting[0]], command=command)  # fmt: skip

    async def _close(self, inv: Invocation, reason: str, actor: str | None) -> Any:
        ev, engine = inv.event, self.engine
        seq = inv.args["id"]
        req = await engine.db.write(
            lambda c: store.close(
                c,
                group_id=ev.group_id,
                seq=seq,
                actor=actor,
                reason=reason,
                now=engine.clock.time(),
            )
        )
        if reason == "removed":
            await self._audit(inv, "request_removed", {"seq": seq})
        actions = await engine.broadcast("request_closed", ev.group_id, request=req, reason=reason)
        requester = await self._name(ev.group_id, req.requester)
        text = self._t(inv, f"closed_{reason}", seq=seq, requester=requester)
        if reason != "removed":
            waiting = await engine.db.read(lambda c: store.pending_on(c, ev.group_id, seq))
            if waiting:
                names = await self._names(ev.group_id, waiting)
                text += self._t(inv, "pending_left", names=names, seq=seq)
            return [inv.reply(text), *actions]
        return [Reply(ev.group_id, text, mention=(req.requester,)), *actions]

    async def done(self, inv: Invocation) -> Any:
        """/完成 <id>; without a number, which of the member's open requests it would be."""
        if inv.args.get("id") is None:
            return await self._which_own(inv, "done")
        return await self._close(inv, "done", inv.event.sender.id)

    async def cancel(self, inv: Invocation) -> Any:
        """/取消 <id>; without a number, which of the member's open requests it would be."""
        if inv.args.get("id") is None:
            return await self._which_own(inv, "cancel")
        return await self._close(inv, "cancelled", inv.event.sender.id)

    async def _which_own(self, inv: Invocation, what: str) -> str:
        """/取消 or /完成 alone (``what``: cancel | done): 「你的 #2？发 /取消 2」 when the member
        has one open request (closing is not undone, so it is asked, not done), their numbers
        when several, else that there is none."""
        gid, member = inv.event.group_id, inv.event.sender.id
        p = await self.engine.db.read(lambda c: store.profile(c, gid, member))
        seqs = [s for s, _, _ in p["open"]]
        if not seqs:
            return self._t(inv, f"{what}_none")
        if len(seqs) == 1:
            return self._t(inv, f"{what}_which_one", seq=seqs[0])
        shown = join_list([f"#{s}" for s in seqs[:8]], inv.lang)
        return self._t(inv, f"{what}_which", seqs=shown, seq=seqs[0])

    async def remove(self, inv: Invocation) -> Any:
        """/移除 <id> (admins)."""
        return await self._close(inv, "removed", None)

    async def me(self, inv: Invocation) -> Any:
        """/我的: balance, helps, open requests, claims both ways, and what to do about them."""
        ev = inv.event
        gid = ev.group_id
        p = await self.engine.db.read(lambda c: store.profile(c, gid, ev.sender.id))
        none = self._t(inv, "none")
        opened = "、".join(self._t(inv, "me_open", seq=s, helped=h, needed=n)
                          for s, h, n in p["open"]) or none  # fmt: skip
        mine, waiting = p["pending_with"], p["to_confirm_list"]
        pending = listing([self._t(inv, "me_pending", seq=s, name=await self._name(gid, r))
                           for s, r in mine[:8]], inv.lang, 8, len(mine)) or none  # fmt: skip
        to_confirm = listing([self._t(inv, "me_to_confirm", seq=s, name=await self._name(gid, h))
                              for s, h in waiting[:8]], inv.lang, 8, len(waiting)) or none  # fmt: skip
        hint = (
            self._t(inv, "me_hint", seq=waiting[0][0], name=await self._name(gid, waiting[0][1]))
            if waiting
            else ""
        )
        cfg = self._settings(gid)
        untrusted = p["hand_confirmed"] < cfg.auto_confirm_min_helps
        if cfg.auto_confirm is not None and mine and untrusted:  # said to helpers, not to askers
            hint += (
                self._t(inv, "me_trust", quiet=format_duration(cfg.auto_confirm, inv.lang))
                if cfg.auto_confirm_min_helps == 1 and not p["denied_before"]
                else self._t(inv, "me_trust_more", min=cfg.auto_confirm_min_helps, hand=p["hand_confirmed"])
            )  # fmt: skip
        hint += await self._me_more(inv, gid, ev.sender.id)
        return self._t(inv, "me", name=await self._name(gid, ev.sender.id), balance=p["balance"],
                       given=p["given"], received=p["received"], open=opened, pending=pending,
                       to_confirm=to_confirm, hint=hint)  # fmt: skip

    async def _me_more(self, inv: Invocation, gid: str, member: str) -> str:
        """/我的's shop purchases and, for accounts bound with /绑定, the person's totals."""
        spends, person = await self.engine.db.read(
            lambda c: (shop_store.of_member(c, gid, member), identity.person_totals(c, member))
        )
        out = ""
        if spends:
            items = "、".join(
                self._t(inv, "me_spend", item=r["item"], price=r["price"],
                        state=self._t(inv, "me_refunded") if r["status"] == "refunded" else "")
                for r in spends
            )  # fmt: skip
            out += self._t(inv, "me_spends", items=items)
        if person is not None:
            out += self._t(inv, "me_person", **person)
        return out

    async def top(self, inv: Invocation) -> Any:
        """/排行: who helped most."""
        gid = inv.event.group_id
        rows = await self.engine.db.read(lambda c: store.leaderboard(c, gid, 10))
        if not rows:
            return self._t(inv, "top_empty")
        lines = [self._t(inv, "top_header")]
        lines += [self._t(inv, "top_line", rank=i, name=await self._name(gid, m), given=g, balance=b)
                  for i, (m, g, b) in enumerate(rows, 1)]  # fmt: skip
        return "\n".join(lines)

    async def _audit(self, inv: Invocation, action: str, detail: dict[str, Any]) -> None:
        gid, actor, at = inv.event.group_id, inv.event.sender.id, self.engine.clock.time()
        await self.engine.db.write(lambda c: repo.add_audit(c, gid, actor, action, "", detail, at))

    # ------------------------------------------------------------ periodic work
    async def maintain(self, now: float) -> list[Action]:
        """Expire requests whose time is up and auto-confirm quiet claims; one digest per group.

        Auto-confirmation covers claims on open requests only, by helpers whose
        help requesters confirmed by hand at least ``auto_confirm_min_helps``
        times: a closed request never charges its requester for claims nobody
        vouched for, and a newcomer cannot collect 助力值 by claiming everything.
        """
        engine = self.engine
        actions: list[Action] = []
        expired = await engine.db.write(lambda c: store.expire_due(c, now))
        by_group: dict[str, list[HelpRequest]] = {}
        for req in expired:
            by_group.setdefault(req.group_id, []).append(req)
        for gid, reqs in by_group.items():
            actions += await self._expired_digest(gid, reqs)
        for gid in await engine.db.read(lambda c: store.groups_with_pending(c, now - 60)):
            actions += await self._auto_confirm(gid, now)
        return actions

    async def _expired_digest(self, gid: str, reqs: list[HelpRequest]) -> list[Action]:
        engine = self.engine
        lang = engine.resolver.group(gid).language
        actions: list[Action] = []
        for req in reqs:
            actions += await engine.broadcast("request_closed", gid, request=req, reason="expired")
        if engine.tells_privately(gid):
            return actions + await self._expired_notices(gid, lang, reqs)
        items = listing([TEXTS.get(lang, "expired_item", seq=r.seq, name=await self._name(gid, r.requester),
                                   helped=r.helped, needed=r.needed) for r in reqs[:10]], lang, 10, len(reqs))  # fmt: skip
        text = TEXTS.get(lang, "expired_digest", items=items)
        waiting = await engine.db.read(
            lambda c: {r.seq: len(store.pending_on(c, gid, r.seq)) for r in reqs}
        )
        for seq, count in [(s, n) for s, n in waiting.items() if n][:5]:
            key = "expired_pending_one" if count == 1 else "expired_pending"
            text += TEXTS.get(lang, key, seq=seq, count=count)
        actions.append(
            Reply(gid, text, mention=tuple(dict.fromkeys(r.requester for r in reqs[:10])))
        )
        return actions

    async def _expired_notices(self, gid: str, lang: str, reqs: list[HelpRequest]) -> list[Action]:
        """In a group that answers privately: each requester is told privately that their
        request expired (with the claims still waiting for their /确认), not the group."""
        engine = self.engine
        waiting = await engine.db.read(
            lambda c: {r.seq: len(store.pending_on(c, gid, r.seq)) for r in reqs}
        )
        out: list[Action] = []
        # privately (where the group answers so) the requester is not addressed by name
        mine = "expired_mine_private" if engine.tells_privately(gid) else "expired_mine"
        for r in reqs:
            text = TEXTS.get(lang, mine, name=await self._name(gid, r.requester),
                             seq=r.seq, helped=r.helped, needed=r.needed)  # fmt: skip
            if waiting.get(r.seq):
                text += TEXTS.get(lang, "expired_mine_pending", seq=r.seq, count=waiting[r.seq])
            out.append(Reply(gid, text, mention=(r.requester,), audience="member"))
        return out

    async def _auto_confirm(self, gid: str, now: float) -> list[Action]:
        engine = self.engine
        settings = engine.resolver.group(gid)
        cfg = settings.requests
        quiet = cfg.auto_confirm
        if quiet is None:
            return []
        due = await engine.db.read(
            lambda c: store.pending_older_than(c, gid, now - quiet, min_helps=cfg.auto_confirm_min_helps)
        )  # fmt: skip
        actions: list[Action] = []
        lang = settings.language
        done: list[str] = []
        completed: list[str] = []
        total = 0
        #: requester → (seq, helper, closed) of each help confirmed, for private notices
        mine: dict[str, list[tuple[int, str, bool]]] = {}
        # in one write (one transaction): a help decided or closed meanwhile is left out alone
        pairs = [(seq, helper) for seq, helper, _ in due]
        done_each: list[tuple[int, tuple[HelpRequest, list[Claim], bool]]] = []
        if pairs:
            done_each = await engine.db.write(
                lambda c: store.confirm_each(
                    c, group_id=gid, due=pairs, now=now, credit=cfg.credit, debit=cfg.debit
                )
            )
        for i, (req, confirmed, closed) in done_each:
            seq, helper, requester = due[i]
            actions += await self._after_confirm(req, confirmed, closed)
            total += 1
            mine.setdefault(requester, []).append((seq, helper, closed))
            if len(done) >= 10:
                continue  # counted, not named: the digest stays one short message
            done.append(TEXTS.get(lang, "auto_item", seq=seq, helper=await self._name(gid, helper),
                                  requester=await self._name(gid, requester)))  # fmt: skip
            if closed:
                completed.append(TEXTS.get(lang, "request_done", seq=seq))
        if done and engine.tells_privately(gid):
            actions += await self._auto_notices(gid, lang, quiet, mine)
        elif done:
            text = TEXTS.get(lang, "auto_digest", quiet=format_duration(quiet, lang),
                             items=listing(done, lang, 10, total), done=" ".join(completed[:5]))  # fmt: skip
            actions.append(Reply(gid, text))
        return actions

    async def _auto_notices(
        self, gid: str, lang: str, quiet: int, mine: dict[str, list[tuple[int, str, bool]]]
    ) -> list[Action]:
        """In a group that answers privately: each requester is told privately which helps on
        their requests were confirmed automatically (the group's screen is for the requests;
        the one who would object is the requester)."""
        out: list[Action] = []
        for requester, helps in mine.items():
            items = [TEXTS.get(lang, "auto_mine_item", seq=seq, helper=await self._name(gid, h))
                     for seq, h, _ in helps]  # fmt: skip
            closed = dict.fromkeys(seq for seq, _, c in helps if c)
            text = TEXTS.get(lang, "auto_mine", requester=await self._name(gid, requester),
                             quiet=format_duration(quiet, lang), items=listing(items, lang, 10),
                             done="".join(TEXTS.get(lang, "request_done", seq=q) + " " for q in closed))  # fmt: skip
            out.append(Reply(gid, text, mention=(requester,), audience="member"))
        return out


def register(engine: Engine) -> HelpDesk:
    """Add the help-request commands to the engine."""
    desk = HelpDesk(engine)
    reg = engine.commands.registrar("core")
    reg("求助", desk.guard(desk.post), aliases=("post",), also=("砍价", "发布"), group="request",
        summary="发布求助：贴上分享链接或口令，可加备注和需要几人", summary_en="post a request: /post <link or code> [note]",
        args=(Arg("text", "text", optional=True),), syntax="链接或口令 [备注] [需要几人]",
        syntax_en="<link or code> [note]",
        examples=("/求助 https://mobile.yangkeduo.com/bargain.html?goods_id=123456 帮我砍一刀",
                  "/求助 ￥AbCd1234efG￥ 淘宝助力 需要3人"),
        examples_en=("/post https://mobile.yangkeduo.com/bargain.html?goods_id=123456 please help",),
        private=True)  # fmt: skip
    reg("已助", desk.guard(desk.claim), aliases=("helped",), also=("已砍", "已帮", "已点", "已助力"),
        group="request", work=True,
        summary="帮别人助力后报已助（也可回复求助消息「已助」）", summary_en="say you helped (or reply done to the announcement)",
        args=(Arg("id", "int", label="求助编号"),), reply_words=CLAIM_WORDS + REPLY_ONLY_WORDS,
        examples=("/已助 12",), examples_en=("/helped 12",), private=True)  # fmt: skip
    reg("确认", desk.guard(desk.confirm), aliases=("confirm",), group="request", work=True,
        summary="求助者确认别人对你的助力（不写成员就确认全部）", summary_en="confirm help on your request",
        args=(Arg("id", "int", label="求助编号"), Arg("helper", "member", optional=True, names_to_handler=True)),
        examples=("/确认 12", "/确认 12 @小明", "/确认 12 小明"), examples_en=("/confirm 12",), private=True)  # fmt: skip
    reg("否认", desk.guard(desk.deny), aliases=("deny",), group="request", work=True,
        summary="求助者否认不实的已助（只有一条待确认时可不写成员；私聊时写对方的名字）",
        summary_en="deny a false claim (name them, or leave them out when only one waits)",
        args=(Arg("id", "int", label="求助编号"), Arg("helper", "member", optional=True, names_to_handler=True)),
        examples=("/否认 12 @小明", "/否认 12 小明", "/否认 12"),
        examples_en=("/deny 12 @someone", "/deny 12 someone", "/deny 12"), private=True)  # fmt: skip
    reg("完成", desk.guard(desk.done), aliases=("done",), group="request", work=True,
        summary="把你的求助标记为完成", summary_en="mark your request done",
        args=(Arg("id", "int", label="求助编号", optional=True),), examples=("/完成 12",), examples_en=("/done 12",), private=True)  # fmt: skip
    reg("取消", desk.guard(desk.cancel), aliases=("cancel",), group="request", work=True,
        summary="取消你的求助", summary_en="cancel your request",
        args=(Arg("id", "int", label="求助编号", optional=True),), examples=("/取消 12",), examples_en=("/cancel 12",), private=True)  # fmt: skip
    reg("我的", desk.me, aliases=("me",), group="query", summary="我的助力值、进行中的求助和待确认的助力",
        summary_en="your balance and open requests", examples=("/我的",), private=True)  # fmt: skip
    reg("排行", desk.top, aliases=("top", "rank", "leaderboard"), group="query", summary="助力排行榜", summary_en="top helpers",
        examples=("/排行",), quiet_repeat=True)  # fmt: skip
    reg("移除", desk.guard(desk.remove), aliases=("remove",), group="admin", summary="移除一个求助",
        summary_en="remove a request", args=(Arg("id", "int", label="求助编号"),), permission=Role.ADMIN,
        examples=("/移除 12",))  # fmt: skip
    return desk


def seqs_in_reply(text: str | None) -> list[int]:
    """The distinct request numbers quoted in a message (``#12``), in order."""
    if not text:
        return []
    return list(dict.fromkeys(int(m.group(1)) for m in _SEQ_IN_TEXT.finditer(text)))
