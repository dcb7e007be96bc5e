"""The enforcement ladder: verdicts → strikes → a step, degraded to what the platform can do."""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from huzhu.core.clock import Clock
from huzhu.core.commands import RateLimiter
from huzhu.core.config import Enforcement, Step
from huzhu.core.durations import format_duration
from huzhu.core.events import (
    Action,
    DeleteMessage,
    Kick,
    MessageEvent,
    Mute,
    NotifyAdmins,
    PrivateMessage,
    Reply,
    Role,
    Severity,
    StepKind,
    Verdict,
    Violation,
)
from huzhu.core.i18n import join_list
from huzhu.core.storage import repo
from huzhu.core.storage.db import Database
from huzhu.core.texts import TEXTS

log = logging.getLogger("huzhu.enforcement")
#: how long admins are not told again about the same storage outage in a group
STORAGE_NOTICE_EVERY = 3600


def is_storage_error(exc: BaseException) -> bool:
    """True when ``exc`` means the database cannot take writes now (disk full, read-only, locked, gone)."""
    return isinstance(exc, sa.exc.OperationalError | sqlite3.OperationalError | OSError)


@dataclass(frozen=True)
class Outcome:
    """What enforcement decided: actions to send, whether the message stands, what was recorded."""

    actions: list[Action]
    stopped: bool
    violation: Violation | None


def strikes_for(verdict: Verdict, settings: Enforcement) -> int:
    """How many strikes a verdict adds."""
    if verdict.severity >= Severity.SEVERE:
        return settings.severe_strikes
    return 1 if verdict.severity == Severity.MINOR else 0


def pick_step(ladder: tuple[Step, ...], strikes: int) -> Step:
    """The rung for a member's active strike count (the last rung repeats)."""
    return ladder[min(max(strikes, 1), len(ladder)) - 1]


def kick_at(ladder: tuple[Step, ...]) -> int | None:
    """The strike count at which the ladder removes a member (None: it never does)."""
    return next((i for i, s in enumerate(ladder, 1) if s.kind is StepKind.KICK), None)


def step_text(lang: str, step: Step) -> str:
    """A rung in words (``禁言 10分钟``)."""
    if step.kind is StepKind.MUTE:
        return TEXTS.get(lang, "step_mute", duration=format_duration(step.seconds, lang))
    return TEXTS.get(lang, f"step_{step.kind.value}")


def _clause(text: str) -> str:
    """A plugin's reason as a clause: without its closing full stop."""
    return text.strip().rstrip("。.！!")


#: rules whose verdict means the message is an ad or a scam (its contact is the pitch's)
PITCH_RULES = ("content.", "anti_scam.")
#: rules that ask members to keep their own contact details out of the group
PRIVACY_RULES = frozenset({"anti_scam.pii"})
_GIST_END = re.compile(r"[：。；！]|[:;.!] ")


def _gist(text: str) -> str:
    """What a reason says first, without its advice ("消息里有手机号（…）" of "消息里有手机号（…）。为保护
    你的隐私，请不要…"; "这条消息是有偿代助、代砍的广告" of "…的广告：本群禁止有偿代助…")."""
    return _clause(_GIST_END.split(text.strip(), maxsplit=1)[0])


_SENTENCE = re.compile(r"(?<=[。！；!;])|(?<=[.?] )")
_CLAUSE = re.compile(r"(?<=[，,：:])")
#: a clause that tells the member what to do next: pointless to someone removed from the group
_ADVICE = re.compile(
    r"^\s*(?:求助)?请|改好后|重新发送|重发|^\s*(?:please|fix it|send it again|post requests|never post)|resend",
    re.IGNORECASE,
)

_PURPOSE = re.compile(r"\s*(?:为了?|to (?:protect|keep))", re.IGNORECASE)


def without_advice(text: str) -> str:
    """A reason without its advice to the member ("请改发完整的官方链接", "Please post …"), for a
    member who was removed: what they did stays, what to do next goes (all of it if all is advice)."""
    kept = []
    for sentence in _SENTENCE.split(text.strip()):
        clauses = [c for c in _CLAUSE.split(sentence) if c.strip()]
        if any(_ADVICE.search(c) for c in clauses):  # and the advice's purpose (为保护你的隐私，…)
            clauses = [c for c in clauses if not _ADVICE.search(c) and not _PURPOSE.match(c)]
        if clauses:
            kept.append(
                "".join(clauses).rstrip("，,：: ")
                + ("。" if clauses[-1].rstrip()[-1:] in "，：" else "")
            )
    return "".join(kept).strip() or text


async def _id_as_name(_group: str, member: str) -> str:
    return member


class StorageWatch:
    """Logs a storage outage once and says when the admins of a group should hear of it."""

    def __init__(self) -> None:
        self.down = False
        self._told: dict[str, float] = {}

    def failed(self, exc: BaseException, where: str, group_id: str, now: float) -> bool:
        """Note a failed write; True when the group's admins should be told now."""
        if not self.down:
            log.error(
                "database cannot be written (%s): %s; moderation goes on unrecorded", where, exc
            )
            self.down = True
        last = self._told.get(group_id)
        if last is not None and now - last < STORAGE_NOTICE_EVERY:
            return False
        self._told[group_id] = now
        return True

    def ok(self) -> None:
        """A write committed: the outage (if any) is over."""
        if self.down:
            log.warning("database writes work again")
            self.down = False
            self._told.clear()


class Enforcer:
    """Applies a group's ladder to the verdicts on one message and records the result."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        title: Callable[[str, str], str] | None = None,
        name: Callable[[str, str], Awaitable[str]] | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        #: (rule, language) → the rule's name for members (plugins' ``rule_<rule>`` texts)
        self.title = title or (lambda rule, _lang: rule)
        #: (group, member) → the member's display name
        self.name = name or _id_as_name
        self._explained = RateLimiter(1, 60)
        self.storage = StorageWatch()

    async def _write(self, fn: Callable[[Any], Any], gid: str, now: float) -> tuple[Any, bool]:
        """Write ``fn``; on a storage failure return (None, False) instead of raising."""
        try:
            result = await self.db.write(fn)
        except Exception as exc:
            if not is_storage_error(exc):
                raise
            return None, self.storage.failed(exc, "enforcement", gid, now)
        self.storage.ok()
        return result, False

    def _storage_notice(self, gid: str, lang: str, member: str) -> NotifyAdmins:
        return NotifyAdmins(gid, TEXTS.get(lang, "storage_down_admins", member=member))

    async def apply(
        self,
        event: MessageEvent,
        verdicts: list[Verdict],
        settings: Enforcement,
        lang: str,
        superuser: bool,
    ) -> Outcome:
        """Decide and record; the returned actions are sent only after the record commits.

        Fails closed: when the record cannot be written the message is still
        removed (and the member muted) as the ladder says, and the admins are told.
        """
        try:
            return await self._apply(event, verdicts, settings, lang, superuser)
        except Exception:
            log.exception("enforcement failed in %s; removing the message anyway", event.group_id)
            return self._fallback(event, verdicts, lang)

    def _fallback(self, event: MessageEvent, verdicts: list[Verdict], lang: str) -> Outcome:
        """The least enforcement when deciding failed: remove what must go, tell the admins."""
        verdict = max(verdicts, key=lambda v: (v.severity, v.remove))
        actions: list[Action] = []
        must_go = verdict.remove or verdict.severity >= Severity.MINOR
        if must_go and event.message_id and event.caps.can("delete"):
            actions.append(DeleteMessage(event.group_id, event.message_id))
        actions.append(
            NotifyAdmins(event.group_id, TEXTS.get(lang, "enforce_failed_admins",
                                                   member=event.sender.display,
                                                   rule=self.title(verdict.rule, lang),
                                                   reason=_clause(verdict.reason)))
        )  # fmt: skip
        return Outcome(actions, stopped=True, violation=None)

    async def _apply(
        self,
        event: MessageEvent,
        verdicts: list[Verdict],
        settings: Enforcement,
        lang: str,
        superuser: bool,
    ) -> Outcome:
        verdict = max(verdicts, key=lambda v: (v.severity, v.remove))
        gid, member = event.group_id, event.sender

        def t(text_key: str, /, **kw: object) -> str:
            return TEXTS.get(lang, text_key, **kw)

        now = self.clock.time()
        caps = event.caps
        title = self.title(verdict.rule, lang)
        name = await self.name(gid, member.id)
        if name == member.id and member.name:
            name = member.name
        if verdict.severity <= Severity.REVIEW and not verdict.remove:
            actions: list[Action] = []
            if verdict.severity == Severity.REVIEW and settings.notify_admins:
                actions.append(NotifyAdmins(gid, t("notify_review", member=name, rule=title,
                                                   reason=_clause(verdict.reason))))  # fmt: skip
            _, tell = await self._write(
                lambda c: repo.add_audit(c, gid, "bot", f"verdict:{verdict.severity.name.lower()}", member.id,
                                         {"rule": verdict.rule, "reason": verdict.reason, "evidence": verdict.evidence,
                                          "message_id": event.message_id}, now),
                gid, now,
            )  # fmt: skip
            if tell:
                actions.append(self._storage_notice(gid, lang, name))
            return Outcome(actions, stopped=False, violation=None)

        added = strikes_for(verdict, settings)
        exempt = settings.exempt_admins and (member.role >= Role.ADMIN or superuser)
        ladder = settings.rules.get(verdict.rule, settings.ladder)
        counted = bool(added) and not exempt

        def step_for(strikes: int) -> Step:
            if counted:
                return pick_step(ladder, strikes)
            # no strike: the message goes if the rule says so, nothing more
            return Step(StepKind.DELETE if verdict.remove else StepKind.WARN)

        def record(conn: Any) -> int:
            # Count and append in one transaction: the single writer serialises
            # them, so two quick violations can never both see the old count.
            strikes = 0
            if counted:
                strikes = added + repo.active_strikes(conn, gid, member.id, now - settings.decay)
            row = {
                "group_id": gid, "member_id": member.id, "rule": verdict.rule, "severity": int(verdict.severity),
                "strikes": added if counted else 0, "step": step_for(strikes).kind.value, "reason": verdict.reason,
                "evidence": verdict.evidence, "message_id": event.message_id, "at": now,
            }  # fmt: skip
            repo.record_violation(conn, row)
            return strikes

        strikes, tell_admins = await self._write(record, gid, now)
        saved = strikes is not None
        if not saved:
            strikes = await self._strikes_unrecorded(gid, member.id, added if counted else 0,
                                                     now - settings.decay)  # fmt: skip
        step = step_for(strikes)
        next_step = pick_step(ladder, strikes + 1) if counted else None

        actions = []
        done: list[str] = []  # what happened, in the order it is said
        degraded_why: str | None = None
        remove = verdict.remove or step.kind is not StepKind.WARN
        removed = False
        if remove and event.message_id:
            if caps.can("delete"):
                actions.append(DeleteMessage(gid, event.message_id))
                removed = True
            elif step.kind is StepKind.DELETE or verdict.remove:
                degraded_why = caps.why_not("delete")
        if step.kind is StepKind.MUTE:
            if caps.can("mute"):
                actions.append(Mute(gid, member.id, step.seconds))
                done.append(t("done_mute", duration=format_duration(step.seconds, lang)))
            else:
                degraded_why = caps.why_not("mute")
        elif step.kind is StepKind.KICK:
            if caps.can("kick"):
                actions.append(Kick(gid, member.id))
                done.append(t("done_kick"))
            else:
                degraded_why = caps.why_not("kick")
        # the other rules the message broke are said too, short (a phone number in a flood
        # burst); not the privacy advice when the message is an ad or a scam: the contact in
        # it is the pitch's, not something to protect
        pitch = verdict.rule.startswith(PITCH_RULES)
        others: dict[str, Verdict] = {}
        for v in verdicts:
            if v.rule == verdict.rule or not (v.remove or v.severity >= Severity.MINOR):
                continue
            if pitch and v.rule in PRIVACY_RULES:
                continue
            others.setdefault(v.rule, v)
        text = self._sentence(lang, verdict, title, removed, done, settings, ladder, strikes,
                              counted, exempt, step, next_step, degraded_why, list(others.values()),
                              added, private=caps.can("private_message"))  # fmt: skip
        kicked = any(isinstance(a, Kick) for a in actions)
        if event.command and not kicked:  # a /求助 with a phone number in it was not posted:
            text += t("command_dropped", name=event.command)  # say so (not to someone removed)
        if degraded_why and settings.notify_admins:
            actions.append(NotifyAdmins(gid, t("notify_degraded", member=name, rule=title,
                                               reason=_clause(verdict.reason), step=step_text(lang, step),
                                               why=t(degraded_why))))  # fmt: skip
        if tell_admins:
            actions.append(self._storage_notice(gid, lang, name))
        # remove and mute first (a scam should be gone before anyone reads the explanation),
        # then tell the member, then the admins
        at = next((i for i, a in enumerate(actions) if isinstance(a, NotifyAdmins)), len(actions))
        rules = (verdict.rule, *others)
        actions[at:at] = self._explain(event, settings, lang, text, step, title, name, rules, now)

        violation = Violation(
            group_id=gid, member_id=member.id, verdict=verdict, strikes=strikes, step=step.kind,
            mute_seconds=step.seconds, message_id=event.message_id, degraded=degraded_why is not None,
        )  # fmt: skip
        # a message that earned a strike (or must go) never runs as a command
        return Outcome(actions, stopped=True, violation=violation)

    async def _strikes_unrecorded(self, gid: str, member: str, added: int, since: float) -> int:
        """The strike count a violation that could not be written would have made."""
        if not added:
            return 0
        try:
            before = await self.db.read(lambda c: repo.active_strikes(c, gid, member, since))
        except Exception:
            before = 0  # the database cannot even be read: treat it as the first strike
        return added + before

    def _sentence(
        self,
        lang: str,
        verdict: Verdict,
        title: str,
        removed: bool,
        done: list[str],
        settings: Enforcement,
        ladder: tuple[Step, ...],
        strikes: int,
        counted: bool,
        exempt: bool,
        step: Step,
        next_step: Step | None,
        degraded_why: str | None,
        others: list[Verdict] = (),  # type: ignore[assignment]
        added: int = 1,
        private: bool = False,
    ) -> str:
        """One explanation: what happened, why, what it means for the member, how to appeal.

        Written to the member ("your message …"); ``_explain`` adds their name where
        no mention carries it.
        """

        def t(text_key: str, /, **kw: object) -> str:
            return TEXTS.get(lang, text_key, **kw)

        kicked = step.kind is StepKind.KICK and not degraded_why
        # a member removed from the group is not told how to fix and resend
        reason = _clause(without_advice(verdict.reason) if kicked else verdict.reason)
        # the rule's name only where the reason does not already say it
        named = bool(title) and title not in reason
        if removed:
            head = t("head_removed", also=t("also", what=join_list(done, lang)) if done else "")
        elif done:
            head = t("head_done", what=join_list(done, lang))
        else:
            head = t("head_warned_rule", rule=title) if named else t("head_warned")
            named = False
        if named:
            first = t("sentence", head=head, rule=t("because", rule=title), reason=reason)
        elif not removed and not done:
            first = t("sentence", head=head, rule="", reason=reason)
        else:  # the reason is a sentence of its own
            first = t("sentence_bare", head=head, reason=reason[:1].upper() + reason[1:])
        parts = [first]
        # one clear reason (the most serious), then at most one short extra: the other rule's
        # gist when there is one, else the other rules by name
        if len(others) == 1:
            [other] = others
            # (the privacy rule's advice is its point: a phone number sent in a flood burst)
            why = _clause(other.reason) if other.rule in PRIVACY_RULES else _gist(other.reason)
            other_title = self.title(other.rule, lang)
            also = t("rule_paren", rule=other_title) if other_title not in why else ""
            if lang == "en" and why[1:2].islower():  # "Also, this message …", not "This"
                why = why[:1].lower() + why[1:]
            parts.append(t("also_reason", reason=why, rule=also))
        elif others:
            names = dict.fromkeys(self.title(o.rule, lang) for o in others)
            rules = join_list((t("rule_quoted", rule=n) for n in names), lang)
            parts.append(t("also_rules", rules=rules))
        if degraded_why:
            parts.append(t("degraded", step=step_text(lang, step), why=t(degraded_why)))
        if exempt:
            parts.append(t("admin_exempt"))
        elif not counted:
            parts.append(t("no_strike"))
        else:
            limit = kick_at(ladder)
            of = t("strike_limit", limit=limit) if limit and strikes < limit else ""
            decay = format_duration(settings.decay, lang)
            # a severe verdict counts several strikes at once: say so, not "your 3rd violation"
            key = "strike_severe" if added > 1 else "strike"
            if next_step is not None and step.kind is not StepKind.KICK:
                parts.append(t(f"{key}_next", decay=decay, strikes=strikes, of=of, added=added,
                               next=step_text(lang, next_step)))  # fmt: skip
            else:
                parts.append(t(key, decay=decay, strikes=strikes, of=of, added=added))
            # a member removed from the group cannot send /申诉 there; a muted one cannot
            # either until the mute ends: privately where the platform takes it
            hint = "appeal_hint"
            if step.kind is StepKind.KICK and not degraded_why:
                hint = "appeal_hint_kicked"
            elif step.kind is StepKind.MUTE and not degraded_why:
                hint = "appeal_hint_muted" if private else "appeal_hint_muted_later"
            parts.append(t(hint))
        return t("joiner").join(parts)

    def _explain(
        self,
        event: MessageEvent,
        settings: Enforcement,
        lang: str,
        text: str,
        step: Step,
        title: str,
        name: str,
        rules: tuple[str, ...],
        now: float,
    ) -> list[Action]:
        """Tell the member why: privately where possible, else one short reply; never a flood."""
        gid, member, caps = event.group_id, event.sender, event.caps
        out: list[Action] = []
        # once per member and rule per `explain_every`: a burst of one kind of violation gets
        # one explanation, and a different rule broken meanwhile (a phone number after a
        # flood) is still explained
        fresh = [
            r
            for r in rules
            if self._explained.hit((gid, member.id, r), now, 1, settings.explain_every)
        ]
        told = bool(fresh)
        private = settings.explain == "private" and caps.can("private_message")
        if told:
            mention = not private and caps.mention
            if not mention:  # a mention names the member; elsewhere the text does
                text = TEXTS.get(lang, "addressed", member=name, text=text)
            elif lang == "en":
                text = text[:1].upper() + text[1:]
            text = TEXTS.get(lang, "explain", text=text)
            if private:
                out.append(PrivateMessage(gid, member.id, text))
            else:
                out.append(Reply(gid, text, mention=(member.id,) if mention else ()))
        if private and step.kind in (StepKind.MUTE, StepKind.KICK) and caps.can(step.kind.value):
            # the group sees a mute or a kick happen: one line says why
            done = TEXTS.get(lang, f"done_{step.kind.value}",
                             duration=format_duration(step.seconds, lang))  # fmt: skip
            out.append(Reply(gid, TEXTS.get(lang, "public_notice", member=name, rule=title,
                                            step=step_text(lang, step), done=done)))  # fmt: skip
        return out
