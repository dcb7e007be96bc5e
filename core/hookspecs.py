"""The hook contract between the core and plugins.

Every hook is called by the core's one caller (``huzhu.core.caller``) with
keyword arguments. An implementation may accept fewer arguments than the spec
and may be ``async``. ``ctx`` is always the group context: the group id, the
plugin's own validated config, its key-value store, the clock and the
group's language. Broadcast hooks may return actions (or a list of them);
the core sends them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from huzhu.core.context import GroupContext
    from huzhu.core.events import (
        Action,
        Claim,
        HelpRequest,
        JoinRequest,
        MemberEvent,
        MessageEvent,
        ScheduledItem,
        Verdict,
        Violation,
    )
    from huzhu.core.standing import Standing
    from huzhu.core.transaction import Transaction

PROJECT = "huzhu"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def check_message(ctx: GroupContext, event: MessageEvent) -> Verdict | Iterable[Verdict] | None:
    """Verdicts, all collected: judge every group message (anti-scam, PII, flood, off-topic).

    Return a ``Verdict``, several, or ``None`` when the message is fine. The
    core applies the group's enforcement ladder to what is returned. A command
    sent by an admin, the owner or a superuser (``/配置 …``) is not passed here:
    it runs the group and is not chat; their other messages are.
    """


@hookspec
def check_request(
    ctx: GroupContext, request: HelpRequest, event: MessageEvent
) -> Verdict | Iterable[Verdict] | None:
    """Verdicts, all collected: judge a help request before it is accepted.

    Help-before-ask, quotas, duplicate links, link allow-lists. Any verdict of
    severity MINOR or worse refuses the request; its ``reason`` is the reply.
    """


@hookspec
def request_posted(ctx: GroupContext, request: HelpRequest) -> Action | Iterable[Action] | None:
    """Broadcast: a help request was accepted and queued."""


@hookspec
def help_claimed(
    ctx: GroupContext, request: HelpRequest, claim: Claim
) -> Action | Iterable[Action] | None:
    """Broadcast: a helper said they helped ``request``."""


@hookspec
def request_stored(ctx: GroupContext, tx: Transaction, request: HelpRequest) -> None:
    """In the transaction that stores a new request, before it commits: write what must
    be stored with it (``tx.schedule_at``), so a crash keeps both or neither and the command
    costs one commit round. A plain function run on the database's writer: no ``async``, no
    reads, no actions (those belong in ``request_posted``); one that fails is undone alone."""


@hookspec
def claim_stored(ctx: GroupContext, tx: Transaction, request: HelpRequest, claim: Claim) -> None:
    """In the transaction that stores a claim, before it commits (as ``request_stored``)."""


@hookspec
def help_confirmed(
    ctx: GroupContext, request: HelpRequest, claim: Claim
) -> Action | Iterable[Action] | None:
    """Broadcast: the requester (or the timeout rule) confirmed ``claim``."""


@hookspec
def request_closed(
    ctx: GroupContext, request: HelpRequest, reason: str
) -> Action | Iterable[Action] | None:
    """Broadcast: ``request`` closed (reason: done, expired, cancelled or removed)."""


@hookspec
def violation_detected(ctx: GroupContext, violation: Violation) -> Action | Iterable[Action] | None:
    """Broadcast: after the core enforced a verdict (the step taken is in ``violation``)."""


@hookspec
def member_joined(ctx: GroupContext, event: MemberEvent) -> Action | Iterable[Action] | None:
    """Broadcast: a member joined the group."""


@hookspec
def join_requested(ctx: GroupContext, request: JoinRequest) -> Action | Iterable[Action] | None:
    """Broadcast: someone asked to join the group; return a ``DecideJoin`` to approve or refuse.

    Any refusal wins over approvals. Without a decision (no plugin decided, or
    one failed or timed out) the request is left to the admins: the core never
    approves on its own. Other actions (e.g. ``NotifyAdmins``) are sent as usual.
    """


@hookspec
def member_left(ctx: GroupContext, event: MemberEvent) -> Action | Iterable[Action] | None:
    """Broadcast: a member left (or was removed from) the group."""


@hookspec
def tick(ctx: GroupContext, now: float) -> Action | Iterable[Action] | None:
    """Broadcast: periodic (every ``tick_seconds``) for reminders, expiry and digests."""


@hookspec
def schedule_due(ctx: GroupContext, item: ScheduledItem) -> Action | Iterable[Action] | None:
    """Targeted: called on the one plugin that scheduled ``item`` (``ctx.schedule``) when it comes due.

    Each occurrence is delivered once, across restarts and processes. What it
    returns is posted subject to the group's quiet hours and hourly cap.
    """


@hookspec
def register_commands(register: Callable[..., Any]) -> None:
    """Contribution, called once when the plugin loads: add bot commands with ``register(...)``.

    ``register`` takes the same arguments as ``huzhu.core.commands.Command``
    (``name``, ``handler``, ``aliases``, ``summary``, ``args`` …); the core
    validates them and refuses duplicate names.
    """


@hookspec(firstresult=True)
def rank_queue(ctx: GroupContext, requests: list[HelpRequest]) -> list[HelpRequest] | None:
    """First result wins: order the group's open requests for the queue; ``None`` to pass."""


@hookspec(firstresult=True)
def member_standing(ctx: GroupContext, member: str) -> Standing | None:
    """First result wins: ``member``'s tier and privileges in the group (``huzhu.core.standing``).

    Read by other rules through ``ctx.data.standing(member)``; ``None`` to pass.
    """
