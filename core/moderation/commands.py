"""Admin moderation, appeals and the audit log: 警告 禁言 踢出 解除, 申诉 裁决, 审计.

Part of the core (not a plugin): plugins never mute or kick, admins do it
through these commands, and every step is recorded before it is announced.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from huzhu.core.clock import local_time
from huzhu.core.commands import Arg, Invocation
from huzhu.core.durations import format_duration
from huzhu.core.events import (
    Action,
    Kick,
    Mute,
    NotifyAdmins,
    PrivateMessage,
    Reply,
    Role,
    Severity,
)
from huzhu.core.moderation.enforcement import is_storage_error, kick_at
from huzhu.core.plugin import CORE
from huzhu.core.storage import repo
from huzhu.core.texts import TEXTS

if TYPE_CHECKING:
    from huzhu.core.engine import Engine

log = logging.getLogger("huzhu.moderation")

MAX_MUTE = 30 * 86400  # QQ's and Telegram's longest mute
UPHOLD = {"维持", "uphold", "驳回", "reject"}
PARDON = {"撤销", "pardon", "通过", "accept"}


class Moderation:
    """The moderation commands of one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------ helpers
    def _t(self, inv: Invocation, key: str, /, **kw: Any) -> str:
        return TEXTS.get(inv.lang, key, **kw)

    async def _name(self, inv: Invocation, member: str) -> str:
        return await self.engine.display_name(inv.event.group_id, member)

    async def _refusal(self, inv: Invocation, target: str, step: str) -> str | None:
        """Why the actor may not act against ``target`` with ``step`` (None: go ahead)."""
        ev, engine = inv.event, self.engine
        if target == ev.sender.id:
            return self._t(inv, "mod_self")
        why = ev.caps.why_not(step) if step in ("delete", "mute", "kick") else None
        if why is not None:
            return self._t(
                inv, "mod_cannot", step=self._t(inv, f"verb_{step}"), why=self._t(inv, why)
            )
        actor = engine.role_of(ev.sender)
        # ask the platform when the bot has not seen the target speak: an admin or the
        # owner who has been quiet since start-up is not a member
        theirs = await engine.known_role(ev.group_id, target)
        if theirs >= actor:
            return self._t(inv, "mod_rank", member=await self._name(inv, target),
                           role=self._t(inv, f"role_{theirs.name.lower()}"))  # fmt: skip
        return None

    async def _record(
        self, inv: Invocation, target: str, step: str, reason: str, strikes: int, seconds: int = 0
    ) -> int:
        """Append the admin's action as a violation (and its audit entry); return active strikes.

        Raises the storage error when the database cannot take the write.
        """
        ev, engine = inv.event, self.engine
        now = engine.clock.time()
        settings = engine.resolver.group(ev.group_id).enforcement

        def op(c: Any) -> int:
            repo.record_violation(c, {
                "group_id": ev.group_id, "member_id": target, "rule": f"admin.{step}",
                "severity": int(Severity.MINOR), "strikes": strikes, "step": step, "reason": reason,
                "evidence": {"by": ev.sender.id, "seconds": seconds}, "message_id": ev.message_id, "at": now,
            }, audit=False)  # fmt: skip
            repo.add_audit(c, ev.group_id, ev.sender.id, f"mod:{step}", target,
                           {"reason": reason, "seconds": seconds}, now)  # fmt: skip
            return repo.active_strikes(c, ev.group_id, target, now - settings.decay)

        return await engine.db.write(op)

    async def _record_or_note(
        self, inv: Invocation, target: str, step: str, seconds: int = 0
    ) -> list[Action]:
        """Record a mute or kick; when storage fails, carry it out anyway and tell the admins."""
        try:
            await self._record(inv, target, step, inv.args.get("reason") or "", 0, seconds)
        except Exception as exc:
            if not is_storage_error(exc):
                raise
            log.error("/%s in %s not recorded: %s", step, inv.event.group_id, exc)
            return [inv.reply(self._t(inv, "mod_unsaved"))]
        return []

    def _reason(self, inv: Invocation) -> str:
        reason = (inv.args.get("reason") or "").strip()[:200]
        return self._t(inv, "mod_reason", reason=reason) if reason else ""

    async def _address(self, inv: Invocation, member: str, text: str) -> Reply:
        """A reply in the group to ``member``: a mention names them, else the text does."""
        ev = inv.event
        if ev.caps.mention:
            if inv.lang == "en":
                text = text[:1].upper() + text[1:]
            return Reply(ev.group_id, text, mention=(member,))
        name = await self._name(inv, member)
        return Reply(ev.group_id, self._t(inv, "addressed", member=name, text=text))

    def _tell(self, inv: Invocation, member: str, text: str) -> list[Action]:
        """A private note to ``member`` where the platform allows it."""
        if inv.event.caps.can("private_message"):
            return [PrivateMessage(inv.event.group_id, member, text)]
        return []

    # ------------------------------------------------------------ commands
    async def warn(self, inv: Invocation) -> Any:
        """/警告 @成员 [理由]: one strike, counted by the ladder like any other."""
        target = inv.args["member"]
        refusal = await self._refusal(inv, target, "warn")
        if refusal:
            return refusal
        reason = self._reason(inv)
        strikes = await self._record(inv, target, "warn", inv.args.get("reason") or "", strikes=1)
        settings = self.engine.resolver.group(inv.event.group_id).enforcement
        limit = kick_at(settings.rules.get("admin.warn", settings.ladder))
        of = self._t(inv, "strike_limit", limit=limit) if limit and strikes < limit else ""
        text = self._t(inv, "mod_warned", reason=reason, strikes=strikes, of=of,
                       decay=format_duration(settings.decay, inv.lang))  # fmt: skip
        warned = await self._address(inv, target, text)
        if not limit or strikes < limit:
            return warned
        # the warning reached the ladder's removal: remove as an automatic strike would,
        # or tell the admin why not and how (never a silent "5th violation" and nothing)
        name = await self._name(inv, target)
        why = await self._refusal(inv, target, "kick")
        if why is not None:
            return [warned, inv.reply(self._t(inv, "mod_warn_limit", member=name, limit=limit,
                                              why=why))]  # fmt: skip
        unsaved = await self._record_or_note(inv, target, "kick")
        done = self._t(inv, "mod_warn_kicked", member=name, limit=limit)
        return [Kick(inv.event.group_id, target), inv.reply(done), *unsaved]

    async def mute(self, inv: Invocation) -> Any:
        """/禁言 @成员 <时长> [理由]."""
        target, seconds = inv.args["member"], inv.args["duration"]
        if not 60 <= seconds <= MAX_MUTE:
            return self._t(inv, "mod_mute_range")
        refusal = await self._refusal(inv, target, "mute")
        if refusal:
            return refusal
        unsaved = await self._record_or_note(inv, target, "mute", seconds)
        # a muted member cannot post in the group: they appeal privately where the platform
        # takes private messages (``Engine.handle_private``), else once the mute ends
        appeal = (
            "appeal_hint_muted"
            if inv.event.caps.can("private_message")
            else "appeal_hint_muted_later"
        )
        text = self._t(inv, "mod_muted", member=await self._name(inv, target),
                       duration=format_duration(seconds, inv.lang), reason=self._reason(inv),
                       appeal=self._t(inv, appeal))  # fmt: skip
        return [Mute(inv.event.group_id, target, seconds), inv.reply(text), *unsaved]

    async def kick(self, inv: Invocation) -> Any:
        """/踢出 @成员 [理由]."""
        target = inv.args["member"]
        refusal = await self._refusal(inv, target, "kick")
        if refusal:
            return refusal
        name = await self._name(inv, target)  # before the member is gone
        unsaved = await self._record_or_note(inv, target, "kick")
        text = self._t(inv, "mod_kicked", member=name, reason=self._reason(inv))
        return [Kick(inv.event.group_id, target), inv.reply(text), *unsaved]

    async def _pardon(self, inv: Invocation, target: str) -> tuple[list[Action], str]:
        """Clear strikes and lift a mute; returns the actions and the 'and unmuted' fragment."""
        ev, engine = inv.event, self.engine
        now = engine.clock.time()

        def op(c: Any) -> None:
            repo.add_pardon(c, ev.group_id, target, ev.sender.id, now)
            repo.add_audit(c, ev.group_id, ev.sender.id, "mod:pardon", target, {}, now)

        await engine.db.write(op)
        engine.record_changes.mark(ev.group_id, target)  # cached 信用分 are stale now
        if ev.caps.can("mute"):
            return [Mute(ev.group_id, target, 0)], self._t(inv, "mod_unmuted")
        return [], ""

    async def pardon(self, inv: Invocation) -> Any:
        """/解除 @成员: clear strikes and lift a mute."""
        target = inv.args["member"]
        if target == inv.event.sender.id and not self.engine.is_superuser(target):
            return self._t(inv, "mod_self")
        actions, unmuted = await self._pardon(inv, target)
        return [
            *actions,
            inv.reply(
                self._t(inv, "mod_pardoned", member=await self._name(inv, target), unmuted=unmuted)
            ),
        ]

    async def unmute(self, inv: Invocation) -> Any:
        """/解禁 @成员: lift a mute; the violation record stays (/解除 clears it too)."""
        ev, engine = inv.event, self.engine
        target = inv.args["member"]
        refusal = await self._refusal(inv, target, "mute")
        if refusal:
            return refusal
        now = engine.clock.time()
        await engine.db.write(lambda c: repo.add_audit(c, ev.group_id, ev.sender.id, "mod:unmute",
                                                       target, {}, now))  # fmt: skip
        name = await self._name(inv, target)
        return [
            Mute(ev.group_id, target, 0),
            inv.reply(self._t(inv, "mod_unmute_done", member=name)),
        ]

    async def appeal(self, inv: Invocation) -> Any:
        """/申诉 <理由>: record an appeal and tell the admins. Admins without text: list open ones."""
        ev, engine = inv.event, self.engine
        text = (inv.args.get("text") or "").strip()
        role = engine.role_of(ev.sender)
        if not text:
            if role < Role.ADMIN:  # what to write, not just the syntax
                return self._t(inv, "appeal_usage", name=await self._name(inv, ev.sender.id))
            rows = await engine.db.read(lambda c: repo.open_appeals(c, ev.group_id))
            if not rows:
                return self._t(inv, "appeal_none")
            lines = [self._t(inv, "appeal_list_header")]
            lines += [self._t(inv, "appeal_line", id=r["id"], member=await self._name(inv, r["member_id"]),
                              text=r["text"][:60]) for r in rows]  # fmt: skip
            return "\n".join(lines)
        text = text[:300]
        now = engine.clock.time()

        def op(c: Any) -> tuple[bool, dict[str, Any] | None]:
            existing = repo.appeal_open_of(c, ev.group_id, ev.sender.id)
            if existing is not None:
                return False, existing
            if repo.latest_violation(c, ev.group_id, ev.sender.id) is None:
                return False, None  # nothing on record to appeal against
            return True, repo.add_appeal(c, ev.group_id, ev.sender.id, text, now)

        created, row = await engine.db.write(op)
        if row is None:
            return inv.reply(self._t(inv, "appeal_nothing"), mention=True)
        if not created:
            return inv.reply(self._t(inv, "appeal_exists", id=row["id"]), mention=True)
        last = row.get("violation")
        about = ""
        if last is not None and last["rule"].startswith("admin."):
            # 管理员禁言 already says the step: not 管理员禁言，禁言（不计违规）
            no_strike = self._t(inv, "audit_no_strike") if not last["strikes"] else ""
            about = self._t(inv, "appeal_last_admin", rule=self._rule(inv, last["rule"]),
                            no_strike=no_strike, when=self._when(inv, last["at"]))  # fmt: skip
        elif last is not None:
            about = self._t(inv, "appeal_last", rule=self._rule(inv, last["rule"]),
                            step=self._step(inv, last["step"], last["strikes"]),
                            when=self._when(inv, last["at"]))  # fmt: skip
        name = await self._name(inv, ev.sender.id)
        notify = self._t(inv, "appeal_notify", id=row["id"], member=name, text=text, last=about)
        return [NotifyAdmins(ev.group_id, notify),
                inv.reply(self._t(inv, "appeal_received", id=row["id"]), mention=True)]  # fmt: skip

    async def ruling(self, inv: Invocation) -> Any:
        """/裁决 <编号> 维持|撤销 [备注]: resolve an appeal."""
        ev, engine = inv.event, self.engine
        appeal_id, decision = inv.args["id"], inv.args["decision"].lower()
        note = (inv.args.get("note") or "").strip()[:200]
        if decision not in UPHOLD | PARDON:
            return self._t(inv, "ruling_bad")
        status = "upheld" if decision in UPHOLD else "pardoned"
        now = engine.clock.time()

        def op(c: Any) -> dict[str, Any] | None:
            row = repo.get_appeal(c, ev.group_id, appeal_id)
            if row is None or row["status"] != "open":
                return None
            if row["member_id"] == ev.sender.id:
                # nobody rules on their own appeal (a superuser neither): another admin,
                # the owner or a superuser must
                return row
            if not repo.resolve_appeal(c, ev.group_id, appeal_id, status, ev.sender.id, note, now):
                return None
            repo.add_audit(c, ev.group_id, ev.sender.id, f"appeal:{status}", row["member_id"],
                           {"appeal": appeal_id, "note": note}, now)  # fmt: skip
            return row

        row = await engine.db.write(op)
        if row is None:
            return self._t(inv, "appeal_unknown", id=appeal_id)
        member = row["member_id"]
        if member == ev.sender.id:
            return self._t(inv, "appeal_own", id=appeal_id)
        note_text = self._t(inv, "mod_reason", reason=note) if note else ""
        if status == "upheld":
            text = self._t(inv, "appeal_upheld", id=appeal_id, note=note_text)
            private = self._t(inv, "addressed", member=await self._name(inv, member), text=text)
            return [await self._address(inv, member, text), *self._tell(inv, member, private)]
        actions, unmuted = await self._pardon(inv, member)
        text = self._t(inv, "appeal_pardoned", id=appeal_id, unmuted=unmuted, note=note_text)
        return [*actions, await self._address(inv, member, text)]

    def _rule(self, inv: Invocation, rule: str) -> str:
        """A violation's rule for people: the plugin's title; admin actions by what they were."""
        return rule_name(self.engine, rule, inv.lang)

    def _step(self, inv: Invocation, step: str, strikes: int) -> str:
        """A recorded step in words (a removal without a strike says so)."""
        key = f"penalty_{step}"
        text = self._t(inv, key) if TEXTS.has(inv.lang, key) else self._t(inv, "audit_unknown")
        return text + (self._t(inv, "audit_no_strike") if not strikes else "")

    def _when(self, inv: Invocation, at: float) -> str:
        tz = self.engine.resolver.group(inv.event.group_id).timezone
        return local_time(at, tz).strftime("%m-%d %H:%M")

    async def audit(self, inv: Invocation) -> Any:
        """/审计 [@成员]: the group's recent audit entries, people by name, actions in words."""
        ev, engine = inv.event, self.engine
        target = inv.args.get("member")
        rows = await engine.db.read(lambda c: repo.audit_recent(c, ev.group_id, 10, target))
        if not rows:
            return self._t(inv, "audit_empty")
        about = self._t(inv, "audit_about", member=await self._name(inv, target)) if target else ""
        lines = [self._t(inv, "audit_header", about=about)]
        for r in rows:
            actor = (
                self._t(inv, "audit_bot")
                if r["actor"] == "bot"
                else await self._name(inv, r["actor"])
            )
            line = self._t(inv, "audit_line", when=self._when(inv, r["at"]), actor=actor,
                           action=describe_action(r["action"], inv.lang, r["detail"]),
                           target=await self._who(inv, r["target"] if r["target"] != r["actor"] else ""),
                           detail=describe_detail(engine, r["detail"], inv.lang))  # fmt: skip
            lines.append(" ".join(line.split()))  # no double spaces where a part is empty
        return "\n".join(lines)

    async def _who(self, inv: Invocation, target: str) -> str:
        """An audit target: a member (namespaced id ``qq:…``) by name, anything else as it is."""
        if not target:
            return ""
        if ":" in target:
            return await self._name(inv, target)
        return target


def rule_name(engine: Engine, rule: str, lang: str) -> str:
    """A violation's rule for people: the plugin's title; an admin's action as 管理员警告."""
    if rule.startswith("admin."):
        key = "audit_mod_" + rule.removeprefix("admin.")
        action = TEXTS.get(lang, key) if TEXTS.has(lang, key) else TEXTS.get(lang, "audit_unknown")
        return TEXTS.get(lang, "rule_admin", action=action)
    return engine.rule_title(rule, lang)


def describe_action(action: str, lang: str, detail: Any = None) -> str:
    """An audit action in words (``enforce:mute`` → 处罚：禁言); never the raw key.

    A removal or warning that gave no strike says so (撤回（不计违规）); an action
    no catalogue knows (a third-party plugin's) gets a generic label.
    """
    key = "audit_" + action.replace(":", "_")
    if (
        action.startswith("enforce:")
        and isinstance(detail, dict)
        and detail.get("strikes") == 0
        and TEXTS.has(lang, key + "_free")
    ):
        key += "_free"
    return TEXTS.get(lang, key) if TEXTS.has(lang, key) else TEXTS.get(lang, "audit_unknown")


def describe_detail(engine: Engine | None, detail: Any, lang: str = "zh") -> str:
    """The interesting part of an audit entry's detail, short (a rule by its title, a mute by its length)."""
    if not isinstance(detail, dict):
        return ""
    parts = []
    rule = detail.get("rule")
    if rule:
        parts.append(rule_name(engine, str(rule), lang) if engine is not None else str(rule))
    seconds = detail.get("seconds")
    if isinstance(seconds, int) and seconds > 0:
        parts.append(format_duration(seconds, lang))
    shown = dict(detail)
    if "shown" in shown:  # a setting as the owner reads it (20分钟), not as stored (1200)
        shown["value"] = shown.pop("shown")
    parts += [
        str(shown[k])
        for k in ("reason", "key", "value", "text", "note")
        if shown.get(k) not in (None, "")
    ]
    return TEXTS.get(lang, "audit_detail_sep").join(parts)[:80]


def export_rows(rows: list[dict[str, Any]], tz: str) -> list[list[str]]:
    """Audit entries as CSV rows (the header is ``CSV_HEADER``)."""
    out = []
    for r in rows:
        when = local_time(r["at"], tz).isoformat(timespec="seconds")
        out.append([str(r["id"]), when, r["group_id"], r["actor"], r["action"], r["target"],
                    json.dumps(r["detail"], ensure_ascii=False, sort_keys=True)])  # fmt: skip
    return out


CSV_HEADER = ["id", "time", "group", "actor", "action", "target", "detail"]


def register(engine: Engine) -> Moderation:
    """Add the moderation, appeal and audit commands to the engine's table."""
    mod = Moderation(engine)
    reg = engine.commands.registrar(CORE)
    reg("警告", mod.warn, aliases=("warn",), summary="警告成员（记一次违规）", summary_en="warn a member (one strike)",
        args=(Arg("member", "member"), Arg("reason", "text", optional=True)), permission=Role.ADMIN,
        examples=("/警告 @小明 发广告",))  # fmt: skip
    reg("禁言", mod.mute, aliases=("mute",), summary="禁言成员一段时间", summary_en="mute a member for a while",
        args=(Arg("member", "member"), Arg("duration", "duration", min=60, max=MAX_MUTE), Arg("reason", "text", optional=True)),
        permission=Role.ADMIN, examples=("/禁言 @小明 10分钟 刷屏",))  # fmt: skip
    reg("踢出", mod.kick, aliases=("kick",), summary="将成员移出本群", summary_en="remove a member from the group",
        args=(Arg("member", "member"), Arg("reason", "text", optional=True)), permission=Role.ADMIN,
        examples=("/踢出 @小明 冒充客服骗钱",))  # fmt: skip
    reg("解除", mod.pardon, aliases=("pardon",), summary="清除成员的违规记录并解除禁言",
        summary_en="clear a member's strikes and lift a mute", args=(Arg("member", "member"),),
        permission=Role.ADMIN, examples=("/解除 @小明",))  # fmt: skip
    reg("解禁", mod.unmute, aliases=("unmute",), summary="解除成员的禁言（违规记录保留；/解除 会一并清除）",
        summary_en="lift a member's mute (strikes stay; /pardon clears them too)",
        args=(Arg("member", "member"),), permission=Role.ADMIN, examples=("/解禁 @小明",))  # fmt: skip
    reg("申诉", mod.appeal, aliases=("appeal",), group="report", summary="对处罚提出申诉（管理员不带内容：查看待处理申诉）",
        summary_en="appeal a penalty (admins without text: list open appeals)",
        args=(Arg("text", "text", optional=True, label="理由", label_en="reason"),),
        examples=("/申诉 我发的是自己的拼多多链接，不是广告",),
        examples_en=("/appeal I posted my own Pinduoduo link, not an ad",))  # fmt: skip
    reg("裁决", mod.ruling, aliases=("ruling",), summary="处理申诉：维持 或 撤销（撤销即清除违规并解除禁言）",
        summary_en="resolve an appeal: uphold or pardon (pardon clears strikes and lifts a mute)",
        args=(Arg("id", "int", label="申诉编号"), Arg("decision"), Arg("note", "text", optional=True)),
        permission=Role.ADMIN, examples=("/裁决 3 撤销 误判，已核实",))  # fmt: skip
    reg("审计", mod.audit, aliases=("audit",), summary="查看最近的审计记录（可指定成员）",
        summary_en="recent audit entries (optionally about one member)",
        args=(Arg("member", "member", optional=True),), permission=Role.ADMIN,
        examples=("/审计 @小明", "/审计"))  # fmt: skip
    return mod
