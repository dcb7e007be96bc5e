"""Screenshot evidence on claims: the policy ``requests.evidence`` (off | optional | required).

A helper attaches a screenshot in one of three ways:

1. a picture together with ``/已助 <编号>`` (caption or the same message);
2. a picture as a reply to the request's announcement (no words needed);
3. a picture on its own within ``requests.evidence_window`` (2 minutes) after
   their ``/已助``: it is the evidence of their latest pending claim.

Then: ``success`` confirms the claim at once (``decided_by`` ``ocr``; the
evidence row keeps the result, the matched words and the perceptual hash);
``failure`` refuses it with the reason read; ``unknown`` leaves it for the
requester as without a picture. A screenshot already used on another claim
of the group (any member, any request) is refused as 虚假助力 and counted as
the violation ``requests.fake_evidence``; the admins are shown both claims.
With ``required``, ``/已助`` without a picture is refused with how to attach one.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, Any

from huzhu.core import transaction
from huzhu.core.durations import format_duration
from huzhu.core.errors import HelpError
from huzhu.core.events import Action, Claim, MessageEvent, NotifyAdmins, Reply, Severity, Verdict
from huzhu.core.i18n import Catalog
from huzhu.core.storage import evidence as ev_store
from huzhu.core.storage import repo
from huzhu.core.storage import requests as store
from huzhu.core.trust.evidence import FAILURE, SUCCESS, is_reuse
from huzhu.core.trust.proof import Proof, Reader, read_picture

if TYPE_CHECKING:
    from huzhu.core.commands import Invocation
    from huzhu.core.config import GroupSettings
    from huzhu.core.engine import Engine
    from huzhu.core.requests.helpdesk import HelpDesk
    from huzhu.core.storage.evidence import Kept

log = logging.getLogger("huzhu.trust")

RULE = "requests.fake_evidence"
#: how far back a screenshot is compared with earlier ones
REUSE_HORIZON = 90 * 86400
_SEVERITY = {
    "info": Severity.INFO,
    "review": Severity.REVIEW,
    "minor": Severity.MINOR,
    "severe": Severity.SEVERE,
}

TEXTS = Catalog(
    {
        "zh": {
            "required": "{helper}：本群报已助要附上助力成功的截图。请把截图和 /已助 {seq} 放在同一条消息里发，或者直接回复 #{seq} 的求助消息发截图。",
            "confirmed": "{helper} 对 #{seq} 的助力截图显示「{words}」，已自动确认，{helper} 助力值 +{credit}。{requester}：不用再确认了。{rest}",
            # the same, each their own line where answers are private
            "confirmed_helper": "{helper}：你对 #{seq} 的助力截图显示「{words}」，已自动确认，助力值 +{credit}。{rest}",
            "confirmed_requester": "{helper} 为你的 #{seq} 发的助力截图显示「{words}」，已自动确认，你不用再确认了。{rest}",
            "failure": "{helper}：你发的截图显示「{words}」，{reason}，所以这次对 #{seq} 的已助不算。真的助力成功后，再发成功的截图和 /已助 {seq}。",
            "failure_late": "{helper}：你补发的截图显示「{words}」，{reason}，所以你对 #{seq} 的已助不算。{requester}：这条不用再确认了。",
            "unknown": "\n（截图没能认出助力结果，仍由求助者确认。）",
            "unknown_late": "{helper}：截图没能认出助力结果，#{seq} 的已助仍等 {requester} 确认。",
            "reused_reason": "这张截图之前已在 #{other} 的已助里用过，重复使用截图算虚假助力，这次已助不算。请助力后发自己刚截的图",
            "reused_admins": "虚假助力：{helper} 对 #{seq} 的已助用了重复的截图，和 {other_helper} 对 #{other} 的已助截图相同（{ago}前）。已拒绝这次已助并记一次违规；如属误判，可用 /解除 撤销。",
            "words_sep": "、",
        },
        "en": {
            "required": "{helper}: in this group a claim needs a screenshot of the successful help. Send it with /helped {seq} in one message, or reply to the announcement of #{seq} with the screenshot.",
            "confirmed": '{helper}\'s screenshot for #{seq} shows "{words}": confirmed automatically, {helper} +{credit}. {requester}: nothing to confirm. {rest}',
            "confirmed_helper": '{helper}: your screenshot for #{seq} shows "{words}": confirmed automatically, +{credit}. {rest}',
            "confirmed_requester": '{helper}\'s screenshot for your #{seq} shows "{words}": confirmed automatically, nothing for you to confirm. {rest}',
            "failure": '{helper}: your screenshot shows "{words}" ({reason}), so this claim on #{seq} does not count. Once a help really succeeds, send its screenshot with /helped {seq}.',
            "failure_late": '{helper}: the screenshot you added shows "{words}" ({reason}), so your claim on #{seq} does not count. {requester}: nothing to confirm.',
            "unknown": "\n(The screenshot could not be read; the requester confirms as usual.)",
            "unknown_late": "{helper}: the screenshot could not be read; your claim on #{seq} still waits for {requester}.",
            "reused_reason": "this screenshot was already used for the claim on #{other}; reusing screenshots is fake help and this claim does not count. Send a fresh screenshot of your own help",
            "reused_admins": "Fake help: {helper} claimed #{seq} with a reused screenshot, the same as {other_helper}'s claim on #{other} ({ago} ago). The claim was refused and a violation counted; /pardon undoes it if this is wrong.",
            "words_sep": ", ",
        },
    }
)


class EvidenceDesk:
    """Screenshots on claims for one engine; ``reader`` may be set to a smaller OCR pool."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reader: Reader | None = None

    def policy(self, group_id: str) -> str:
        """The group's ``requests.evidence``."""
        return str(self.engine.resolver.group(group_id).requests.evidence)

    def takes(self, event: MessageEvent) -> bool:
        """True when a /已助 of this message goes through the evidence path."""
        policy = self.policy(event.group_id)
        return policy != "off" and (bool(event.images) or policy == "required")

    # ------------------------------------------------------------ helpers
    async def _name(self, group_id: str, member: str) -> str:
        return await self.engine.display_name(group_id, member)

    def _words(self, proof: Proof, lang: str) -> str:
        return TEXTS.get(lang, "words_sep").join(proof.evidence.words)

    async def _reused(self, group_id: str, proof: Proof, helper: str, seq: int) -> Kept | None:
        """An earlier claim of the group whose screenshot is this one, or None.

        The helper's own screenshot sent again for the same request (a retry, or
        the picture after /已助 and again with it) is not reuse.
        """
        if not proof.fingerprint.hash:
            return None
        since = self.engine.clock.time() - REUSE_HORIZON
        kept = await self.engine.db.read(lambda c: ev_store.kept_since(c, group_id, since))
        for earlier in reversed(kept):
            if earlier.helper == helper and earlier.request_seq == seq:
                continue
            if is_reuse(proof.fingerprint, _fingerprint(earlier)):
                return earlier
        return None

    async def _fake(
        self, event: MessageEvent, settings: GroupSettings, seq: int, earlier: Kept, proof: Proof
    ) -> list[Action]:
        """Refuse a reused screenshot: a violation on the ladder, and both claims to the admins."""
        engine, gid, lang = self.engine, event.group_id, settings.language
        verdict = Verdict(
            rule=RULE,
            severity=_SEVERITY[settings.requests.fake_evidence],
            reason=TEXTS.get(lang, "reused_reason", other=earlier.request_seq),
            evidence={
                "seq": seq,
                "other_seq": earlier.request_seq,
                "other_claim": earlier.claim_id,
                "other_helper": earlier.helper,
                "hash": proof.fingerprint.hash,
                "other_hash": earlier.phash,
            },
        )
        outcome = await engine.enforcer.apply(
            event, [verdict], settings.enforcement, lang, engine.is_superuser(event.sender.id)
        )
        actions: list[Action] = list(outcome.actions)
        if outcome.violation is not None:
            actions += await engine.broadcast(
                "violation_detected", gid, violation=outcome.violation
            )
        ago = format_duration(max(60, int(engine.clock.time() - earlier.at)) // 60 * 60, lang)
        text = TEXTS.get(lang, "reused_admins", helper=await self._name(gid, event.sender.id),
                         seq=seq, other_helper=await self._name(gid, earlier.helper),
                         other=earlier.request_seq, ago=ago)  # fmt: skip
        actions.append(NotifyAdmins(gid, text))
        return actions

    async def _audit(self, event: MessageEvent, action: str, detail: dict[str, Any]) -> None:
        gid, actor, at = event.group_id, event.sender.id, self.engine.clock.time()
        await self.engine.db.write(lambda c: repo.add_audit(c, gid, actor, action, "", detail, at))

    # ------------------------------------------------------------ /已助 with a picture
    async def claim(self, inv: Invocation, desk: HelpDesk) -> Any:
        """/已助 <编号> through the evidence path (a picture, or ``required`` without one)."""
        ev, engine, lang = inv.event, self.engine, inv.lang
        gid, seq = ev.group_id, inv.args["id"]
        settings = engine.resolver.group(gid)
        cfg = settings.requests
        helper = await self._name(gid, ev.sender.id)
        if not ev.images:
            return inv.reply(TEXTS.get(lang, "required", helper=helper, seq=seq), mention=True)
        # what store.claim would refuse anyway is said before reading the picture
        req = await engine.db.read(lambda c: store.get(c, gid, seq))
        if req.status != store.OPEN:
            raise HelpError("closed", seq=seq, status=req.status)
        if req.requester == ev.sender.id:
            raise HelpError("own_request", seq=seq)
        proof = await read_picture(ev.images[0], self.reader)
        earlier = await self._reused(gid, proof, ev.sender.id, seq)
        if earlier is not None:
            await self._audit(ev, "evidence_reused", {"seq": seq, "other_seq": earlier.request_seq})
            return await self._fake(ev, settings, seq, earlier, proof)
        result = proof.evidence.result
        if result == FAILURE:
            await self._audit(
                ev, "evidence_failure", {"seq": seq, "words": list(proof.evidence.words)}
            )
            reason = proof.reason[1] if lang == "en" else proof.reason[0]
            return inv.reply(TEXTS.get(lang, "failure", helper=helper, seq=seq,
                                       words=self._words(proof, lang), reason=reason))  # fmt: skip
        now = engine.clock.time()

        stored = transaction.plan(engine, "claim_stored", gid)

        def write(c: Any) -> tuple[Any, Claim, list[Claim], bool]:
            req, claim = store.claim(
                c, group_id=gid, seq=seq, helper=ev.sender.id, now=now, message_id=ev.message_id,
                max_pending=cfg.max_pending_claims, repeat_window=cfg.repeat_window,
            )  # fmt: skip
            if stored:  # what plugins store with a claim (a reminder) joins its transaction
                transaction.run(engine, c, "claim_stored", stored, request=req,
                                claim=dataclasses.replace(claim, evidence=proof.evidence))  # fmt: skip
            ev_store.record(
                c, group_id=gid, claim_id=claim.id, request_seq=seq, helper=ev.sender.id,
                evidence=proof.evidence, lines=proof.fingerprint.lines, message_id=ev.message_id, now=now,
            )  # fmt: skip
            if result != SUCCESS:
                return req, claim, [], False
            req, confirmed, closed = store.confirm(
                c, group_id=gid, seq=seq, requester=None, helper=ev.sender.id, now=now,
                message_id=ev.message_id, by="ocr", credit=cfg.credit, debit=cfg.debit,
            )  # fmt: skip
            return req, claim, confirmed, closed

        req, claim, confirmed, closed = await engine.db.write(write)
        claim = dataclasses.replace(claim, evidence=proof.evidence)
        actions = await engine.broadcast("help_claimed", gid, request=req, claim=claim)
        if result == SUCCESS:
            confirmed = [dataclasses.replace(c, evidence=proof.evidence) for c in confirmed]
            actions += await desk._after_confirm(req, confirmed, closed)
            values = {"helper": helper, "seq": seq, "credit": cfg.credit, "rest": _rest(req, lang),
                      "words": self._words(proof, lang)}  # fmt: skip
            if ev.privately:  # each their own line
                return [Reply(gid, TEXTS.get(lang, "confirmed_helper", **values).rstrip()),
                        Reply(gid, TEXTS.get(lang, "confirmed_requester", **values).rstrip(),
                              mention=(req.requester,), audience="member"),
                        *actions]  # fmt: skip
            text = TEXTS.get(lang, "confirmed", requester=await self._name(gid, req.requester),
                             **values)  # fmt: skip
            return [
                Reply(gid, text, mention=(req.requester,), reply_to=ev.message_id or None),
                *actions,
            ]
        from huzhu.core.requests.helpdesk import TEXTS as DESK

        after = await desk._next_for_helper(gid, ev.sender.id, lang)
        if ev.privately:  # each their own line, as /已助 without a picture
            mine = DESK.get(lang, "claimed_helper", seq=seq, helper=helper, next=after)
            theirs = DESK.get(lang, "claimed_requester", seq=seq, helper=helper)
            return [Reply(gid, theirs, mention=(req.requester,), audience="member"),
                    Reply(gid, mine + TEXTS.get(lang, "unknown")), *actions]  # fmt: skip
        text = DESK.get(lang, "claimed", seq=seq, helper=helper, next=after)
        text += TEXTS.get(lang, "unknown")
        reply = Reply(gid, text, mention=(req.requester,), reply_to=ev.message_id or None)
        return [reply, *actions]

    # ------------------------------------------------------------ a picture right after /已助
    async def late_picture(self, event: MessageEvent, settings: GroupSettings) -> list[Action]:
        """A picture alone soon after the sender's /已助: the evidence of that pending claim."""
        gid, member = event.group_id, event.sender.id
        cfg = settings.requests
        if not event.images or cfg.evidence == "off":
            return []
        engine, lang = self.engine, settings.language
        now = engine.clock.time()
        since = now - cfg.evidence_window
        found = await engine.db.read(lambda c: ev_store.fresh_claim(c, gid, member, since))
        if found is None:
            return []
        claim_id, seq, requester = found
        proof = await read_picture(event.images[0], self.reader)
        helper = await self._name(gid, member)
        earlier = await self._reused(gid, proof, member, seq)
        result = proof.evidence.result
        if earlier is not None or result == FAILURE:

            def refuse(c: Any) -> None:
                ev_store.record(
                    c, group_id=gid, claim_id=claim_id, request_seq=seq, helper=member,
                    evidence=proof.evidence, lines=proof.fingerprint.lines, message_id=event.message_id, now=now,
                )  # fmt: skip
                ev_store.refuse_claim(c, claim_id, now, event.message_id)

            await engine.db.write(refuse)
            if earlier is not None:
                return await self._fake(event, settings, seq, earlier, proof)
            reason = proof.reason[1] if lang == "en" else proof.reason[0]
            text = TEXTS.get(lang, "failure_late", helper=helper, seq=seq, reason=reason,
                             words=self._words(proof, lang), requester=await self._name(gid, requester))  # fmt: skip
            return [
                Reply(gid, text, mention=(member, requester), reply_to=event.message_id or None)
            ]
        if result != SUCCESS:
            await engine.db.write(
                lambda c: ev_store.record(
                    c, group_id=gid, claim_id=claim_id, request_seq=seq, helper=member,
                    evidence=proof.evidence, lines=proof.fingerprint.lines, message_id=event.message_id, now=now,
                )
            )  # fmt: skip
            text = TEXTS.get(lang, "unknown_late", helper=helper, seq=seq,
                             requester=await self._name(gid, requester))  # fmt: skip
            return [Reply(gid, text, reply_to=event.message_id or None)]

        def write(c: Any) -> tuple[Any, list[Claim], bool]:
            ev_store.record(
                c, group_id=gid, claim_id=claim_id, request_seq=seq, helper=member,
                evidence=proof.evidence, lines=proof.fingerprint.lines, message_id=event.message_id, now=now,
            )  # fmt: skip
            return store.confirm(
                c, group_id=gid, seq=seq, requester=None, helper=member, now=now,
                message_id=event.message_id, by="ocr", credit=cfg.credit, debit=cfg.debit,
            )  # fmt: skip

        try:
            req, confirmed, closed = await engine.db.write(write)
        except HelpError:
            return []  # decided or closed meanwhile
        confirmed = [dataclasses.replace(c, evidence=proof.evidence) for c in confirmed]
        actions = await engine.helpdesk._after_confirm(req, confirmed, closed)
        text = TEXTS.get(lang, "confirmed", helper=helper, seq=seq, credit=cfg.credit,
                         words=self._words(proof, lang), requester=await self._name(gid, requester),
                         rest=_rest(req, lang))  # fmt: skip
        return [Reply(gid, text, mention=(requester,), reply_to=event.message_id or None), *actions]


def _fingerprint(kept: Kept) -> Any:
    from huzhu.core.trust.evidence import Fingerprint

    return Fingerprint(kept.phash, kept.lines)


def _rest(req: Any, lang: str) -> str:
    from huzhu.core.requests.helpdesk import TEXTS as DESK

    if req.status == "done":
        return DESK.get(lang, "request_done", seq=req.seq)
    if req.status == "open":
        return DESK.get(lang, "still_needed", seq=req.seq, left=max(req.needed - req.helped, 0))
    return ""
