"""What plugins may read (and the little they may write) of a group's help requests.

Plugins never touch SQL; ``ctx.data`` gives them this read-mostly view,
bound to their group. It is part of the stable plugin API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from huzhu.core.errors import HelpError
from huzhu.core.events import Claim, HelpRequest
from huzhu.core.requests.helpdesk import brief
from huzhu.core.storage import dispatch as dispatch_store
from huzhu.core.storage import repo
from huzhu.core.storage import requests as store

if TYPE_CHECKING:
    from huzhu.core.engine import Engine


class GroupData:
    """Help-request data of one group."""

    __slots__ = ("_engine", "group_id")

    def __init__(self, engine: Engine, group_id: str) -> None:
        self._engine = engine
        self.group_id = group_id

    async def open_requests(self) -> list[HelpRequest]:
        """Open requests, oldest first."""
        return await self._engine.db.read(lambda c: store.open_requests(c, self.group_id))

    async def ranked_open_requests(self) -> list[HelpRequest]:
        """Open requests in queue order (``rank_queue``: first result wins; FIFO if none)."""
        requests = await self.open_requests()
        enabled = self._engine.resolver.group(self.group_id).enabled
        ranked = await self._engine.caller.first(
            "rank_queue", self.group_id, enabled, requests=requests
        )
        return list(ranked) if ranked is not None else requests

    async def open_to_help(self, member: str, limit: int = 3) -> list[HelpRequest]:
        """Open requests ``member`` could help now (not theirs, not yet claimed by them), in queue order."""
        ranked = await self.ranked_open_requests()
        mine = await self.claimed_ids(member)
        return [r for r in ranked if r.requester != member and r.id not in mine][:limit]

    async def claimed_ids(self, member: str) -> set[int]:
        """Ids of open requests ``member`` has claimed (pending, confirmed or denied)."""
        return await self._engine.db.read(lambda c: store.claimed_by(c, self.group_id, member))

    async def request(self, seq: int) -> HelpRequest | None:
        """Request #seq of the group, or None."""

        def get(c: Any) -> HelpRequest | None:
            try:
                return store.get(c, self.group_id, seq)
            except HelpError:
                return None

        return await self._engine.db.read(get)

    async def claims(self, seq: int) -> list[Claim]:
        """Every claim on request #seq, oldest first (empty when there is no such request)."""

        def get(c: Any) -> list[Claim]:
            try:
                return store.claims_of(c, self.group_id, seq)
            except HelpError:
                return []

        return await self._engine.db.read(get)

    async def assignees(self, request_id: int) -> list[str]:
        """Helpers assigned to a request under dispatch who have not acted yet."""
        rows = await self._engine.db.read(lambda c: store.active_assignments(c, self.group_id))
        return [helper for rid, helper, _ in rows if rid == request_id]

    async def helps_since(self, since: float) -> dict[str, int]:
        """helper → help claims (not denied) made since ``since``."""
        return await self._engine.db.read(lambda c: store.helps_since(c, self.group_id, since))

    async def active_members(self, since: float) -> dict[str, float]:
        """member → last seen, for members seen since ``since``."""
        await self._engine.flush_members()
        return await self._engine.db.read(lambda c: store.active_members(c, self.group_id, since))

    def name(self, member: str) -> str:
        """The member's last display name seen in the group, else their id."""
        return self._engine.member_name(self.group_id, member)

    async def display_name(self, member: str) -> str:
        """The member's display name (platform card / nickname when known), else their id."""
        return await self._engine.display_name(self.group_id, member)

    async def display_names(self, members: list[str]) -> dict[str, str]:
        """member → display name, for several members at once."""
        return {
            m: await self._engine.display_name(self.group_id, m) for m in dict.fromkeys(members)
        }

    def auto_confirm_after(self) -> int | None:
        """Seconds after which an undenied claim is confirmed automatically (None: never).

        The group's setting; whether it applies to a given helper's claims is
        ``auto_confirm_for`` (a helper without confirmed history waits for the requester).
        """
        return self._engine.resolver.group(self.group_id).requests.auto_confirm

    async def auto_confirm_for(self, helper: str) -> int | None:
        """Seconds after which ``helper``'s undenied claims are confirmed automatically (None: never,
        e.g. their first help, which the requester must confirm by hand)."""
        cfg = self._engine.resolver.group(self.group_id).requests
        if cfg.auto_confirm is None:
            return None
        hand, _ = await self._engine.db.read(lambda c: store.trust(c, self.group_id, helper))
        return cfg.auto_confirm if hand >= cfg.auto_confirm_min_helps else None

    def brief(self, request: HelpRequest) -> str:
        """``#3 拼多多·砍价（还差 2 人）`` in the group's language."""
        lang = self._engine.resolver.group(self.group_id).language
        return brief(request, lang)

    async def balances(self, members: list[str] | None = None) -> dict[str, tuple[int, int, int]]:
        """member → (助力值 balance, helps given, helps received), derived from the ledger."""
        return await self._engine.db.read(lambda c: store.balances(c, self.group_id, members))

    async def profile(self, member: str) -> dict[str, Any]:
        """What /我的 shows for ``member``."""
        return await self._engine.db.read(lambda c: store.profile(c, self.group_id, member))

    async def asker(self, member: str, day_since: float, week_since: float) -> dict[str, Any]:
        """About a member who wants to post: ``balance``, ``given`` (confirmed helps), ``posted``
        (requests ever), ``posted_today`` / ``posted_week`` (since the given times), ``open``,
        ``last_posted_at`` (or None) and ``given_since_last`` (confirmed helps since then)."""
        return await self._engine.db.read(
            lambda c: store.asker_stats(c, self.group_id, member, day_since, week_since)
        )

    async def audit(self, actor: str, action: str, target: str, detail: dict[str, Any]) -> None:
        """Append an entry to the group's audit log (shown by /审计, exported as CSV)."""
        now = self._engine.clock.time()
        await self._engine.db.write(
            lambda c: repo.add_audit(c, self.group_id, actor, action, target, detail, now)
        )

    async def severe_removal(self, member: str, since: float) -> dict[str, Any] | None:
        """The latest removal of ``member`` here for a SEVERE verdict (scam) since ``since``, not
        pardoned since: ``{"rule", "reason", "at"}``, or None."""
        return await self._engine.db.read(
            lambda c: repo.severe_removal(c, self.group_id, member, since)
        )

    async def first_seen(self, member: str) -> float | None:
        """When the bot first saw ``member`` in this group (None: never)."""
        return await self._engine.first_seen(self.group_id, member)

    async def dispatch_snapshot(
        self, active_since: float, day_since: float, requesters: list[str]
    ) -> dict[str, Any]:
        """In one read: active members, helps since ``day_since``, live assignments, claimants,
        past assignments and helped pairs (see ``storage.requests.dispatch_snapshot``)."""
        await self._engine.flush_members()
        return await self._engine.db.read(
            lambda c: store.dispatch_snapshot(c, self.group_id, active_since, day_since, requesters)
        )

    async def assign(self, pairs: list[tuple[int, str]]) -> None:
        """Record assignments (durable when this returns)."""
        now = self._engine.clock.time()
        await self._engine.db.write(lambda c: store.assign(c, self.group_id, pairs, now))

    async def lapse_assignments(self, before: float) -> list[tuple[int, str]]:
        """End assignments made before ``before`` that the helper did not act on."""
        now = self._engine.clock.time()
        return await self._engine.db.write(
            lambda c: store.lapse_assignments(c, self.group_id, before, now)
        )

    # ------------------------------------------------------------ 派单 (see plugins/queue_dispatch)
    async def dispatch_state(
        self,
        active_since: float,
        day_since: float,
        pairs_from: float,
        requesters: list[str],
        *,
        flush: bool = True,
    ) -> dict[str, Any]:
        """What a dispatch plan needs and nothing more (see ``storage.dispatch.snapshot``);
        ``flush``: write the members seen since the last flush first (a second round trip)."""
        if flush:
            await self._engine.flush_members()
        # members seen since the last flush count too, without a write round first
        recent = {
            m: at
            for (g, m), (_, at) in self._engine._seen.items()
            if g == self.group_id and at >= active_since
        }
        state = await self._engine.db.read(
            lambda c: dispatch_store.snapshot(
                c, self.group_id, active_since=active_since, day_since=day_since,
                pairs_from=pairs_from, requesters=requesters,
            )
        )  # fmt: skip
        state["active"].update(recent)
        return state

    async def set_stance(self, member: str, stance: str, until: float = 0.0) -> None:
        """/接单 (``available``) or /休息 (``away``, until ``until``; 0: until /接单)."""
        now = self._engine.clock.time()
        await self._engine.db.write(
            lambda c: dispatch_store.set_stance(c, self.group_id, member, stance, now, until)
        )

    async def lapse_dispatch(
        self, before: float, ignore_limit: int, pause_for: float
    ) -> tuple[list[tuple[int, str]], list[str]]:
        """End assignments made before ``before`` nobody acted on; returns them and the
        members paused just now (``ignore_limit`` ignored in a row)."""
        now = self._engine.clock.time()
        return await self._engine.db.write(
            lambda c: dispatch_store.lapse(c, self.group_id, before, now, ignore_limit, pause_for)
        )

    async def dispatch_acted(self, member: str) -> None:
        """``member`` claimed a help: their ignored assignments are forgiven."""
        await self._engine.db.write(lambda c: dispatch_store.acted(c, self.group_id, member))
