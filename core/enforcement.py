"""The enforcement ladder: verdicts → strikes → a step, degraded to what the platform can do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
from huzhu.core.storage import repo
from huzhu.core.storage.db import Database
from huzhu.core.texts import TEXTS


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


class Enforcer:
    """Applies a group's ladder to the verdicts on one message and records the result."""

    def __init__(
        self, db: Database, clock: Clock, title: Callable[[str, str], str] | None = None
    ) -> None:
        self.db = db
        self.clock = clock
        #: (rule, language) → the rule's name for members (plugins' ``rule_<rule>`` texts)
        self.title = title or (lambda rule, _lang: rule)
        self._explained = RateLimiter(1, 60)

    def _step_text(self, lang: str, step: Step) -> str:
        if step.kind is StepKind.MUTE:
            return TEXTS.get(lang, "step_mute", duration=format_duration(step.seconds, lang))
        return TEXTS.get(lang, f"step_{step.kind.value}")

    async def apply(
        self,
        event: MessageEvent,
        verdicts: list[Verdict],
        settings: Enforcement,
        lang: str,
        superuser: bool,
    ) -> Outcome:
        """Decide and record; the returned actions are sent only after the record commits."""
        verdict = max(verdicts, key=lambda v: (v.severity, v.remove))
        gid, member = event.group_id, event.sender

        def t(text_key: str, /, **kw: object) -> str:
            return TEXTS.get(lang, text_key, **kw)

        now = self.clock.time()
        caps = event.caps
        title = self.title(verdict.rule, lang)
        if verdict.severity <= Severity.REVIEW and not verdict.remove:
            actions: list[Action] = []
            if verdict.severity == Severity.REVIEW and settings.notify_admins:
                actions.append(
                    NotifyAdmins(
                        gid,
                        t(
                            "notify_review",
                            member=member.display,
                            rule=title,
                            reason=verdict.reason,
                        ),
                    )
                )
            await self.db.write(
                lambda c: repo.add_audit(c, gid, "bot", f"verdict:{verdict.severity.name.lower()}", member.id,
                                         {"rule": verdict.rule, "reason": verdict.reason, "evidence": verdict.evidence,
                                          "message_id": event.message_id}, now)
            )  # fmt: skip
            return Outcome(actions, stopped=False, violation=None)

        added = strikes_for(verdict, settings)
        exempt = settings.exempt_admins and (member.role >= Role.ADMIN or superuser)
        ladder = settings.rules.get(verdict.rule, settings.ladder)
        counted = bool(added) and not exempt

        def step_for(strikes: int) -> Step:
            return pick_step(ladder, strikes) if counted else Step(StepKind.WARN)

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

        strikes = await self.db.write(record)
        step = step_for(strikes)
        next_step = pick_step(ladder, strikes + 1) if counted else None

        actions = []
        lines = [t("warn", reason=verdict.reason, rule=title)]
        degraded_why: str | None = None
        remove = verdict.remove or step.kind is not StepKind.WARN
        if remove and event.message_id:
            if caps.can("delete"):
                actions.append(DeleteMessage(gid, event.message_id))
                lines.append(t("action_delete"))
            elif step.kind is StepKind.DELETE or verdict.remove:
                degraded_why = caps.why_not("delete")
        if step.kind is StepKind.MUTE:
            if caps.can("mute"):
                actions.append(Mute(gid, member.id, step.seconds))
                lines.append(t("action_mute", duration=format_duration(step.seconds, lang)))
            else:
                degraded_why = caps.why_not("mute")
        elif step.kind is StepKind.KICK:
            if caps.can("kick"):
                actions.append(Kick(gid, member.id))
                lines.append(t("action_kick"))
            else:
                degraded_why = caps.why_not("kick")
        if exempt:
            lines.append(t("admin_exempt"))
        elif strikes:
            lines.append(t("strike", strikes=strikes))
            if next_step is not None and step.kind is not StepKind.KICK:
                lines.append(t("next_step", next=self._step_text(lang, next_step)))
        if degraded_why:
            lines.append(t("degraded", step=self._step_text(lang, step), why=t(degraded_why)))
            if settings.notify_admins:
                actions.append(NotifyAdmins(gid, t("notify_degraded", member=member.display, rule=title,
                                                   reason=verdict.reason, step=self._step_text(lang, step),
                                                   why=t(degraded_why))))  # fmt: skip
        if counted or verdict.remove:
            lines.append(t("appeal_hint"))
        # remove and mute first (a scam should be gone before anyone reads the explanation),
        # then tell the member, then the admins
        at = next((i for i, a in enumerate(actions) if isinstance(a, NotifyAdmins)), len(actions))
        actions[at:at] = self._explain(event, settings, lang, " ".join(lines), step, title, now)

        violation = Violation(
            group_id=gid, member_id=member.id, verdict=verdict, strikes=strikes, step=step.kind,
            mute_seconds=step.seconds, message_id=event.message_id, degraded=degraded_why is not None,
        )  # fmt: skip
        # a message that earned a strike (or must go) never runs as a command
        return Outcome(actions, stopped=True, violation=violation)

    def _explain(
        self,
        event: MessageEvent,
        settings: Enforcement,
        lang: str,
        text: str,
        step: Step,
        title: str,
        now: float,
    ) -> list[Action]:
        """Tell the member why: privately where possible, else one short reply; never a flood."""
        gid, member, caps = event.group_id, event.sender, event.caps
        out: list[Action] = []
        # once per member per `explain_every`: a flood of violations gets one explanation
        told = self._explained.hit((gid, member.id), now, 1, settings.explain_every)
        private = settings.explain == "private" and caps.can("private_message")
        if told:
            if private:
                out.append(PrivateMessage(gid, member.id, text))
            else:
                out.append(Reply(gid, text, mention=(member.id,) if caps.mention else ()))
        if private and step.kind in (StepKind.MUTE, StepKind.KICK) and caps.can(step.kind.value):
            # the group sees a mute or a kick happen: one line says why
            out.append(Reply(gid, TEXTS.get(lang, "public_notice", member=member.display, rule=title,
                                            step=self._step_text(lang, step))))  # fmt: skip
        return out
