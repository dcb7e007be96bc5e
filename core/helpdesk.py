"""Help requests end to end: 求助 → 已助 → 确认/否认 → 完成, the 助力值 ledger, expiry, auto-confirm.

The lifecycle is core domain logic (every transition is one transaction in
``huzhu.core.storage.requests``); plugins take part through ``check_request``,
``request_posted``, ``help_claimed``, ``help_confirmed``, ``request_closed`` and
``rank_queue``. A plugin that returns actions for ``request_posted`` takes over
the announcement (the queue plugin's digests do); otherwise the core announces.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from huzhu.core.commands import Arg, Handler, Invocation
from huzhu.core.durations import format_duration
from huzhu.core.errors import HelpError
from huzhu.core.events import Action, HelpRequest, NotifyAdmins, Reply, Role, Severity
from huzhu.core.i18n import Catalog
from huzhu.core.links import (
    ACTIVITY_EN,
    PLATFORM_NAMES,
    PLATFORM_NAMES_EN,
    find_share,
    needed_helpers,
    normalise,
)
from huzhu.core.storage import repo
from huzhu.core.storage import requests as store

if TYPE_CHECKING:
    from huzhu.core.engine import Engine

CLAIM_WORDS = ("已助", "已帮", "已砍", "已点", "已助力", "helped", "done")
_SEQ_IN_TEXT = re.compile(r"#(\d{1,9})")
_NEEDED_TEXT = re.compile(r"(?:需要|需|还差|差|要)\s*\d{1,3}\s*(?:人|个|次|刀|位)")

TEXTS = Catalog(
    {
        "zh": {
            "no_link": "没有识别到分享链接或口令。用法：/求助 <链接或口令> [备注] [需要N人]\n支持拼多多、淘宝/天猫、京东的链接、口令和小程序路径。",
            "refused": "求助未发布：{reasons}",
            "brief": "#{seq} {platform}·{activity}（还差 {left} 人）",
            "duplicate": "这个链接已在队列中：#{seq}。",
            "announce": "📣 求助 #{seq}｜{platform}·{activity}｜需要 {needed} 人\n{link}{note}\n助力后发送 /已助 {seq}，或回复本消息「已助」。",
            "note": "\n备注：{note}",
            "claimed": "已记录你对 #{seq} 的助力，等待求助者确认。{auto}",
            "auto_in": "（{duration}内无异议将自动确认）",
            "confirmed": "已确认 {names} 对 #{seq} 的助力，助力值已记入。{rest}",
            "still_needed": "#{seq} 还差 {left} 人。",
            "request_done": "#{seq} 已完成 🎉",
            "denied": "已否认该成员对 #{seq} 的助力（已记录）。",
            "closed_done": "#{seq} 已标记完成。",
            "closed_cancelled": "#{seq} 已取消。",
            "closed_removed": "#{seq} 已被管理员移除。",
            "expired_digest": "⌛ 以下求助已过期：{items}",
            "auto_digest": "⏱ 以下助力无人否认，已自动确认：{items}",
            "me": "📒 {name} 的助力值：{balance}（助人 {given} 次，被助 {received} 次）\n进行中的求助：{open}\n待对方确认的助力：{pending}\n待你确认的助力：{to_confirm} 条",
            "none": "无",
            "top_header": "🏆 助力排行（助人次数｜助力值）",
            "top_line": "{rank}. {name}：{given} 次｜{balance}",
            "top_empty": "还没有确认过的助力。",
            "no_such_request": "没有 #{seq} 这个求助。发送 /队列 查看进行中的求助。",
            "closed": "#{seq} 已结束（{status}），不能再操作。",
            "own_request": "不能给自己的求助 #{seq} 报已助哦。",
            "already_claimed": "你已经报过 #{seq} 的已助了，请等待确认。",
            "claim_denied": "你对 #{seq} 的助力已被否认，如有异议请联系管理员。",
            "not_yours": "#{seq} 不是你发的求助，只有求助者本人可以操作。",
            "nothing_to_confirm": "#{seq} 没有待确认的助力。",
            "no_claim": "该成员没有报过 #{seq} 的已助。",
            "already_decided": "这条助力已经处理过了（{status}）。",
            "too_many_open": "你已有 {limit} 个进行中的求助，请先完成或 /取消 一个再发。",
            "status_open": "进行中",
            "status_done": "已完成",
            "status_expired": "已过期",
            "status_cancelled": "已取消",
            "status_removed": "已移除",
        },
        "en": {
            "no_link": "No share link or code found. Usage: /post <link or code> [note] [需要N人]\nPinduoduo, Taobao/Tmall and JD links, codes and mini-program paths work.",
            "refused": "Request not posted: {reasons}",
            "brief": "#{seq} {platform} {activity} ({left} more needed)",
            "duplicate": "This link is already queued: #{seq}.",
            "announce": "📣 Request #{seq} | {platform} {activity} | {needed} needed\n{link}{note}\nAfter helping send /helped {seq}, or reply 已助 to this message.",
            "note": "\nNote: {note}",
            "claimed": "Recorded your help on #{seq}; waiting for the requester to confirm. {auto}",
            "auto_in": "(confirmed automatically in {duration} unless denied)",
            "confirmed": "Confirmed help by {names} on #{seq}; recorded in the ledger. {rest}",
            "still_needed": "#{seq} still needs {left}.",
            "request_done": "#{seq} is complete 🎉",
            "denied": "Denied that member's claim on #{seq} (recorded).",
            "closed_done": "#{seq} marked as done.",
            "closed_cancelled": "#{seq} cancelled.",
            "closed_removed": "#{seq} was removed by an admin.",
            "expired_digest": "⌛ Expired: {items}",
            "auto_digest": "⏱ Confirmed automatically (nobody denied): {items}",
            "me": "📒 {name}: balance {balance} (helped {given}, was helped {received})\nOpen requests: {open}\nYour claims awaiting confirmation: {pending}\nClaims for you to confirm: {to_confirm}",
            "none": "none",
            "top_header": "🏆 Top helpers (helps | balance)",
            "top_line": "{rank}. {name}: {given} | {balance}",
            "top_empty": "No confirmed help yet.",
            "no_such_request": "There is no request #{seq}. Send /queue to see open requests.",
            "closed": "#{seq} is closed ({status}).",
            "own_request": "You cannot claim your own request #{seq}.",
            "already_claimed": "You already claimed #{seq}; wait for the confirmation.",
            "claim_denied": "Your claim on #{seq} was denied; ask an admin if you disagree.",
            "not_yours": "#{seq} is not your request; only its requester can do that.",
            "nothing_to_confirm": "#{seq} has no claims waiting for confirmation.",
            "no_claim": "That member has not claimed #{seq}.",
            "already_decided": "That claim was already decided ({status}).",
            "too_many_open": "You already have {limit} open requests; finish or /cancel one first.",
            "status_open": "open",
            "status_done": "done",
            "status_expired": "expired",
            "status_cancelled": "cancelled",
            "status_removed": "removed",
        },
    }
)


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


def announcement(req: HelpRequest, lang: str) -> str:
    """The default text announcing a request to the group."""
    platform, activity = describe(req, lang)
    note = TEXTS.get(lang, "note", note=req.note) if req.note else ""
    return TEXTS.get(lang, "announce", seq=req.seq, platform=platform, activity=activity,
                     needed=req.needed, link=req.link, note=note)  # fmt: skip


class HelpDesk:
    """The help-request commands and periodic work of one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------ helpers
    def _t(self, inv: Invocation, key: str, /, **kw: Any) -> str:
        return TEXTS.get(inv.lang, key, **kw)

    def _error(self, inv: Invocation, exc: HelpError) -> str:
        values = dict(exc.values)
        if "status" in values:
            values["status"] = TEXTS.get(inv.lang, f"status_{values['status']}")
        return TEXTS.get(inv.lang, exc.key, **values)

    def guard(self, handler: Handler) -> Handler:
        """Wrap a command so that an illegal move (HelpError) becomes its clear reply."""

        async def run(inv: Invocation) -> Any:
            try:
                return await handler(inv)
            except HelpError as exc:
                return self._error(inv, exc)

        return run

    def _name(self, group_id: str, member: str) -> str:
        return self.engine.member_name(group_id, member)

    def _settings(self, group_id: str) -> Any:
        return self.engine.resolver.group(group_id).requests

    # ------------------------------------------------------------ commands
    async def post(self, inv: Invocation) -> Any:
        """/求助 <link or 口令> [备注] [需要N人]."""
        ev, engine = inv.event, self.engine
        text = inv.args["text"] or ""
        link = find_share(text)
        if link is None:
            return self._t(inv, "no_link")
        cfg = self._settings(ev.group_id)
        now = engine.clock.time()
        needed = needed_helpers(text, default=1, limit=cfg.max_needed)
        note = " ".join(_NEEDED_TEXT.sub("", normalise(text).replace(link.raw, "", 1)).split())[
            :120
        ]
        draft = HelpRequest(
            id=0, group_id=ev.group_id, requester=ev.sender.id, link=link.url, platform=link.platform,
            activity=link.activity, note=note, needed=needed, created_at=now, kind=link.kind,
            expires_at=now + cfg.expiry_for(link.platform, link.activity), message_id=ev.message_id,
        )  # fmt: skip
        verdicts = await engine.check_request(draft, ev)
        refusals = [v for v in verdicts if v.severity >= Severity.MINOR]
        extra: list[Action] = [
            NotifyAdmins(ev.group_id, f"{v.rule}: {v.reason}")
            for v in verdicts
            if v.severity == Severity.REVIEW
        ]
        if refusals:
            await self._audit(
                inv, "request_refused", {"rules": [v.rule for v in refusals], "link": link.url}
            )
            return [
                *extra,
                inv.reply(
                    self._t(inv, "refused", reasons="；".join(v.reason for v in refusals)),
                    mention=True,
                ),
            ]
        req, created = await engine.db.write(
            lambda c: store.post(
                c,
                group_id=ev.group_id,
                requester=ev.sender.id,
                link=link,
                note=note,
                needed=needed,
                now=now,
                expires_at=draft.expires_at,
                message_id=ev.message_id,
                max_open=cfg.max_open,
            )
        )
        if not created:
            return self._t(inv, "duplicate", seq=req.seq)
        actions = await engine.broadcast("request_posted", ev.group_id, request=req)
        if not actions:
            actions = [Reply(ev.group_id, announcement(req, inv.lang), mention=(req.requester,))]
        return [*extra, *actions]

    async def claim(self, inv: Invocation) -> Any:
        """/已助 <id>, or replying 已助 to an announcement."""
        ev, engine = inv.event, self.engine
        seq = inv.args["id"]
        req, claim = await engine.db.write(
            lambda c: store.claim(
                c,
                group_id=ev.group_id,
                seq=seq,
                helper=ev.sender.id,
                now=engine.clock.time(),
                message_id=ev.message_id,
            )
        )
        actions = await engine.broadcast("help_claimed", ev.group_id, request=req, claim=claim)
        quiet = self._settings(ev.group_id).auto_confirm
        auto = self._t(inv, "auto_in", duration=format_duration(quiet, inv.lang)) if quiet else ""
        reply = Reply(ev.group_id, self._t(inv, "claimed", seq=seq, auto=auto), mention=(req.requester,),
                      reply_to=ev.message_id or None)  # fmt: skip
        return [reply, *actions]

    async def confirm(self, inv: Invocation) -> Any:
        """/确认 <id> [@helper]: confirm one helper's claim, or all pending claims."""
        return await self._confirm(inv, inv.args["id"], inv.args["helper"], inv.event.sender.id)

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
        names = "、".join(self._name(ev.group_id, c.helper) for c in confirmed)
        rest = self._t(inv, "request_done", seq=seq) if req.status == "done" else (
            self._t(inv, "still_needed", seq=seq, left=max(req.needed - req.helped, 0)) if req.status == "open" else ""
        )  # fmt: skip
        text = self._t(inv, "confirmed", names=names, seq=seq, rest=rest)
        return [Reply(ev.group_id, text, mention=tuple(c.helper for c in confirmed)), *actions]

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
        """/否认 <id> @helper."""
        ev, engine = inv.event, self.engine
        await engine.db.write(
            lambda c: store.deny(
                c,
                group_id=ev.group_id,
                seq=inv.args["id"],
                requester=ev.sender.id,
                helper=inv.args["helper"],
                now=engine.clock.time(),
                message_id=ev.message_id,
            )
        )
        await self._audit(
            inv, "claim_denied", {"seq": inv.args["id"], "helper": inv.args["helper"]}
        )
        return self._t(inv, "denied", seq=inv.args["id"])

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
        return [inv.reply(self._t(inv, f"closed_{reason}", seq=seq)), *actions]

    async def done(self, inv: Invocation) -> Any:
        """/完成 <id>."""
        return await self._close(inv, "done", inv.event.sender.id)

    async def cancel(self, inv: Invocation) -> Any:
        """/取消 <id>."""
        return await self._close(inv, "cancelled", inv.event.sender.id)

    async def remove(self, inv: Invocation) -> Any:
        """/移除 <id> (admins)."""
        return await self._close(inv, "removed", None)

    async def me(self, inv: Invocation) -> Any:
        """/我的: balance, helps, open requests, pending claims."""
        ev = inv.event
        p = await self.engine.db.read(lambda c: store.profile(c, ev.group_id, ev.sender.id))
        none = self._t(inv, "none")
        opened = "、".join(f"#{s}（{h}/{n}）" for s, h, n in p["open"]) or none
        pending = "、".join(f"#{s}" for s in p["pending"]) or none
        return self._t(inv, "me", name=ev.sender.display, balance=p["balance"], given=p["given"],
                       received=p["received"], open=opened, pending=pending, to_confirm=p["to_confirm"])  # fmt: skip

    async def top(self, inv: Invocation) -> Any:
        """/排行: who helped most."""
        gid = inv.event.group_id
        rows = await self.engine.db.read(lambda c: store.leaderboard(c, gid, 10))
        if not rows:
            return self._t(inv, "top_empty")
        lines = [self._t(inv, "top_header")]
        lines += [self._t(inv, "top_line", rank=i, name=self._name(gid, m), given=g, balance=b)
                  for i, (m, g, b) in enumerate(rows, 1)]  # fmt: skip
        return "\n".join(lines)

    async def _audit(self, inv: Invocation, action: str, detail: dict[str, Any]) -> None:
        gid, actor, at = inv.event.group_id, inv.event.sender.id, self.engine.clock.time()
        await self.engine.db.write(lambda c: repo.add_audit(c, gid, actor, action, "", detail, at))

    # ------------------------------------------------------------ periodic work
    async def maintain(self, now: float) -> list[Action]:
        """Expire requests whose time is up and auto-confirm quiet claims; one digest per group."""
        engine = self.engine
        actions: list[Action] = []
        expired = await engine.db.write(lambda c: store.expire_due(c, now))
        by_group: dict[str, list[HelpRequest]] = {}
        for req in expired:
            by_group.setdefault(req.group_id, []).append(req)
        for gid, reqs in by_group.items():
            lang = engine.resolver.group(gid).language
            for req in reqs:
                actions += await engine.broadcast(
                    "request_closed", gid, request=req, reason="expired"
                )
            items = " ".join(f"#{r.seq}" for r in reqs)
            actions.append(
                Reply(
                    gid,
                    TEXTS.get(lang, "expired_digest", items=items),
                    mention=tuple({r.requester for r in reqs}),
                )
            )
        for gid in await engine.db.read(lambda c: store.groups_with_pending(c, now - 60)):
            settings = engine.resolver.group(gid)
            quiet = settings.requests.auto_confirm
            if quiet is None:
                continue
            due = await engine.db.read(
                lambda c, g=gid, q=quiet: store.pending_older_than(c, g, now - q)
            )
            done: list[str] = []
            for seq, helper in due:
                try:
                    req, confirmed, closed = await engine.db.write(
                        lambda c, g=gid, s=seq, h=helper, r=settings.requests: store.confirm(
                            c,
                            group_id=g,
                            seq=s,
                            requester=None,
                            helper=h,
                            now=now,
                            message_id="",
                            by="auto",
                            credit=r.credit,
                            debit=r.debit,
                        )
                    )
                except HelpError:
                    continue  # decided meanwhile
                actions += await self._after_confirm(req, confirmed, closed)
                done.append(f"#{seq} {self._name(gid, helper)}")
            if done:
                actions.append(
                    Reply(gid, TEXTS.get(settings.language, "auto_digest", items="、".join(done)))
                )
        return actions


def register(engine: Engine) -> HelpDesk:
    """Add the help-request commands to the engine."""
    desk = HelpDesk(engine)
    reg = engine.commands.registrar("core")
    reg("求助", desk.guard(desk.post), aliases=("post",), group="request",
        summary="发布求助：贴上分享链接或口令，可加备注和需要几人", summary_en="post a request: /post <link or code> [note]",
        args=(Arg("text", "text", optional=True),), syntax="链接或口令 [备注] [需要几人]",
        syntax_en="<link or code> [note]",
        examples=("/求助 https://mobile.yangkeduo.com/bargain.html?goods_id=123456 帮我砍一刀",
                  "/求助 ￥AbCd1234efG￥ 淘宝助力 需要3人"),
        examples_en=("/post https://mobile.yangkeduo.com/bargain.html?goods_id=123456 please help",))  # fmt: skip
    reg("已助", desk.guard(desk.claim), aliases=("helped",), group="request", work=True,
        summary="帮别人助力后报已助（也可回复求助消息「已助」）", summary_en="say you helped (or reply 已助 to the announcement)",
        args=(Arg("id", "int", label="求助编号"),), reply_words=CLAIM_WORDS,
        examples=("/已助 12",), examples_en=("/helped 12",))  # fmt: skip
    reg("确认", desk.guard(desk.confirm), aliases=("confirm",), group="request", work=True,
        summary="求助者确认别人对你的助力（不写成员就确认全部）", summary_en="confirm help on your request",
        args=(Arg("id", "int", label="求助编号"), Arg("helper", "member", optional=True)),
        examples=("/确认 12", "/确认 12 @小明"), examples_en=("/confirm 12",))  # fmt: skip
    reg("否认", desk.guard(desk.deny), aliases=("deny",), group="request", work=True,
        summary="求助者否认不实的已助", summary_en="deny a false claim",
        args=(Arg("id", "int", label="求助编号"), Arg("helper", "member")),
        examples=("/否认 12 @小明",), examples_en=("/deny 12 @someone",))  # fmt: skip
    reg("完成", desk.guard(desk.done), aliases=("done",), group="request", work=True,
        summary="把你的求助标记为完成", summary_en="mark your request done",
        args=(Arg("id", "int", label="求助编号"),), examples=("/完成 12",), examples_en=("/done 12",))  # fmt: skip
    reg("取消", desk.guard(desk.cancel), aliases=("cancel",), group="request", work=True,
        summary="取消你的求助", summary_en="cancel your request",
        args=(Arg("id", "int", label="求助编号"),), examples=("/取消 12",), examples_en=("/cancel 12",))  # fmt: skip
    reg("我的", desk.me, aliases=("me",), group="query", summary="我的助力值、进行中的求助和待确认的助力",
        summary_en="your balance and open requests", examples=("/我的",))  # fmt: skip
    reg("排行", desk.top, aliases=("top",), group="query", summary="助力排行榜", summary_en="top helpers",
        examples=("/排行",))  # fmt: skip
    reg("移除", desk.guard(desk.remove), aliases=("remove",), group="admin", summary="移除一个求助",
        summary_en="remove a request", args=(Arg("id", "int", label="求助编号"),), permission=Role.ADMIN,
        examples=("/移除 12",))  # fmt: skip
    return desk


def seq_in_reply(text: str | None) -> int | None:
    """The request number quoted in an announcement (``#12``), if any."""
    if not text:
        return None
    m = _SEQ_IN_TEXT.search(text)
    return int(m.group(1)) if m else None
