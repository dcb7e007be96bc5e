"""What plugins may read (and the little they may write) of a group's help requests.

Plugins never touch SQL; ``ctx.data`` gives them this read-mostly view,
bound to their group. It is part of the stable plugin API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar
from weakref import WeakKeyDictionary

from huzhu.core.errors import HelpError
from huzhu.core.events import Claim, HelpRequest
from huzhu.core.requests.dispatch_memory import CLAIMS_MARGIN, REFRESH, GroupMemory, of_member
from huzhu.core.requests.finish_page import finish_page
from huzhu.core.requests.helpdesk import brief
from huzhu.core.requests.privately import answers_privately
from huzhu.core.schedule.pacing import in_quiet_hours, next_hour
from huzhu.core.standing import NEUTRAL, Standing
from huzhu.core.storage import chain, identity, repo, shop, trust
from huzhu.core.storage import dispatch as dispatch_store
from huzhu.core.storage import reputation as reputation_store
from huzhu.core.storage import requests as store

if TYPE_CHECKING:
    from huzhu.core.engine import Engine
    from huzhu.core.transaction import Transaction

T = TypeVar("T")
#: engine → (group, what) → (instant, database writes, value): ``GroupData._once``
_READ_ONCE: WeakKeyDictionary[Any, dict[tuple[str, str], tuple[float, int, Any]]] = (
    WeakKeyDictionary()
)


def reads_still_hold(engine: Any, before: int) -> None:
    """A write that touched neither requests nor claims (members seen, assignments) ran alone
    since ``db.writes`` was ``before``: what ``GroupData._once`` read at this instant (open
    requests, claimants) still holds, and is kept (派单 reads the open requests again after
    the plan's flush of members seen)."""
    writes = engine.db.writes
    memo = _READ_ONCE.get(engine)
    if before % 2 or writes != before + 2 or not memo:
        return  # another write began or ended meanwhile (or one was under way)
    for key, (at, mark, value) in memo.items():
        if mark == before:
            memo[key] = (at, writes, value)


#: database → group → its open requests as last read (id → request): ``open_requests``
_OPEN_KNOWN: WeakKeyDictionary[Any, dict[str, dict[int, HelpRequest]]] = WeakKeyDictionary()


class GroupData:
    """Help-request data of one group."""

    __slots__ = ("_engine", "group_id")

    def __init__(self, engine: Engine, group_id: str) -> None:
        self._engine = engine
        self.group_id = group_id

    async def open_requests(self) -> list[HelpRequest]:
        """Open requests, oldest first (those read before are read again only in part:
        ``storage.requests.open_requests_known``)."""
        known = _OPEN_KNOWN.setdefault(self._engine.db, {}).get(self.group_id, {})
        found = await self._once(
            "open", lambda c: store.open_requests_known(c, self.group_id, known)
        )
        _OPEN_KNOWN[self._engine.db][self.group_id] = {r.id: r for r in found}
        return list(found)

    async def claimants(self) -> dict[int, set[str]]:
        """request id → members with a live claim (pending or confirmed) on each open request."""
        found = await self._once("claimants", lambda c: store.claimants(c, self.group_id))
        return {rid: set(who) for rid, who in found.items()}

    async def claim_counts(self) -> dict[int, int]:
        """request id → live claims (pending or confirmed) on each open request with any:
        ``claimants`` counted, without the claimants."""
        found = await self._once(
            "claim_counts", lambda c: dispatch_store.claim_counts(c, self.group_id)
        )
        return dict(found)

    async def _once(self, what: str, read: Callable[[Any], T]) -> T:
        """``read``, or what it gave at this same instant with no write since (several plugins
        and the planner read the open requests during one event; callers get copies). Only
        where this process is the database's one writer: with several processes (PostgreSQL)
        another may have written meanwhile, so every read goes to the database."""
        engine, db = self._engine, self._engine.db
        if getattr(engine.shared, "shared", False):
            return await db.read(read)
        now, mark = engine.clock.time(), db.writes
        memo = _READ_ONCE.setdefault(engine, {})
        hit = memo.get((self.group_id, what))
        if hit is not None and hit[0] == now and hit[1] == mark:
            return hit[2]  # type: ignore[no-any-return]
        value = await db.read(read)
        if db.writes == mark:  # no write began or ended while it read
            memo[(self.group_id, what)] = (now, mark, value)
        return value

    async def ranked_open_requests(self) -> list[HelpRequest]:
        """Open requests in queue order (``rank_queue``: first result wins; FIFO if none)."""
        requests = await self.open_requests()
        enabled = self._engine.resolver.group(self.group_id).enabled
        ranked = await self._engine.caller.first(
            "rank_queue", self.group_id, enabled, requests=requests
        )
        ordered = list(ranked) if ranked is not None else requests
        now = self._engine.clock.time()
        pins = await self._engine.db.read(lambda c: shop.pinned(c, self.group_id, now))
        if pins:  # 置顶 bought in the shop goes before any strategy's order
            first = [r for pid in pins for r in ordered if r.id == pid]
            ordered = first + [r for r in ordered if r.id not in set(pins)]
        return ordered

    async def buy(
        self, member: str, item: str, price: int, effect: str, *, stock: int | None, limit: int | None,
        until: float | None = None, request_id: int = 0, message_id: str = "",
    ) -> tuple[str, dict[str, Any]]:  # fmt: skip
        """Buy one shop item: a ``spend`` ledger row, checked and written in one transaction
        (``huzhu.core.storage.shop.buy``); ("ok", {"id", "balance"}) or why not."""
        now = self._engine.clock.time()
        return await self._engine.db.write(
            lambda c: shop.buy(
                c,
                group_id=self.group_id,
                member=member,
                item=item,
                price=price,
                effect=effect,
                stock=stock,
                limit=limit,
                now=now,
                until=until,
                message_id=message_id,
                request_id=request_id,
            )
        )

    async def refund(self, purchase_id: int, by: str) -> dict[str, Any] | None:
        """Refund a purchase with a compensating ledger row (audited); None if there is none."""
        now = self._engine.clock.time()

        def run(c: Any) -> dict[str, Any] | None:
            row = shop.refund(c, self.group_id, purchase_id, now, by)
            if row is not None:
                repo.add_audit(c, self.group_id, by, "shop:refund", row["member"],
                               {"purchase": purchase_id, "item": row["item"], "price": row["price"]}, now)  # fmt: skip
            return row

        return await self._engine.db.write(run)

    async def shop_sold(self) -> dict[str, int]:
        """item → how many are sold (not refunded)."""
        return await self._engine.db.read(lambda c: shop.sold(c, self.group_id))

    async def extra_requests(self, member: str, since: float) -> int:
        """Extra requests ``member`` bought in the shop since ``since`` (today, for quotas)."""
        return await self._engine.db.read(
            lambda c: shop.count_since(c, self.group_id, member, "extra_request", since)
        )

    def ranked_by(self, plugin: str) -> bool:
        """True when ``plugin`` is the only enabled plugin ordering the queue (``rank_queue``)."""
        enabled = self._engine.resolver.group(self.group_id).enabled
        rankers = {i.plugin for i in self._engine.caller.impls("rank_queue") if i.plugin in enabled}
        return rankers == {plugin}

    async def open_page(
        self, order: str, after: float, offset: int, limit: int, viewer: str = ""
    ) -> tuple[int, list[HelpRequest], set[int]]:
        """(open requests in all, ``limit`` of them from ``offset`` on, the ids of those
        ``viewer`` has claimed) in ``order`` (``fifo``, ``owed_first``, ``anti_starvation``
        with ``after`` seconds, or ``finish_first``), paged in SQL, in one read."""
        now = self._engine.clock.time()

        def page_of(c: Any, offset: int, limit: int) -> tuple[int, list[HelpRequest]]:
            if order == "finish_first":
                return finish_page(c, self.group_id, now, offset, limit)
            return store.open_page(c, self.group_id, order, now, after, offset, limit)

        def read(c: Any) -> tuple[int, list[HelpRequest], set[int]]:
            # 置顶 bought in the shop goes before the strategy's order, as in ranked_open_requests
            pins = shop.pinned(c, self.group_id, now)
            first = store.open_by_ids(c, self.group_id, pins) if pins else []
            if not first:
                total, page = page_of(c, offset, limit)
            else:
                ids = {r.id for r in first}
                top = first[offset : offset + limit]
                skip = max(offset - len(first), 0)
                total, rest = page_of(c, skip, limit + len(first))
                page = top + [r for r in rest if r.id not in ids][: limit - len(top)]
            claimed = store.claimed_by(c, self.group_id, viewer, [r.id for r in page])
            return total, page, claimed if viewer else set()

        return await self._engine.db.read(read)

    async def open_to_help(self, member: str, limit: int = 3) -> list[HelpRequest]:
        """Open requests ``member`` could help now (not theirs, not yet claimed by them), in queue order."""
        ranked = await self.ranked_open_requests()
        mine = await self.claimed_ids(member)
        return [r for r in ranked if r.requester != member and r.id not in mine][:limit]

    async def claimed_ids(self, member: str, among: list[int] | None = None) -> set[int]:
        """Ids of open requests ``member`` has claimed (pending, confirmed or denied); only of
        the requests ``among`` when given."""
        return await self._engine.db.read(
            lambda c: store.claimed_by(c, self.group_id, member, among)
        )

    async def standing(self, member: str) -> Standing:
        """``member``'s tier and privileges here (``member_standing``; ``NEUTRAL`` when nobody says)."""
        enabled = self._engine.resolver.group(self.group_id).enabled
        found = await self._engine.caller.first(
            "member_standing", self.group_id, enabled, member=member
        )
        return found if isinstance(found, Standing) else NEUTRAL

    async def accounts(self, member: str) -> list[str]:
        """Every platform account of ``member``'s person (``/绑定``), ``member`` first."""
        return await self._engine.db.read(lambda c: identity.accounts_of(c, member))

    async def record(self, member: str, groups: list[str], recent_since: float) -> dict[str, Any]:
        """What the 信用分 is derived from, for ``member``'s person over ``groups``
        (``huzhu.core.storage.reputation.record``)."""
        # one read (one thread hop) for the accounts and their record
        return await self._engine.db.read(
            lambda c: reputation_store.record(
                c, groups, identity.accounts_of(c, member), recent_since
            )
        )

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

    @property
    def engine(self) -> Engine:
        """The engine (for core domain helpers such as ``huzhu.core.identity``; plugins use the methods)."""
        return self._engine

    def name(self, member: str) -> str:
        """The member's last display name seen in the group, else their id."""
        return self._engine.member_name(self.group_id, member)

    async def display_name(self, member: str) -> str:
        """The member's display name (platform card / nickname when known), else their id."""
        return await self._engine.display_name(self.group_id, member)

    async def display_names(self, members: list[str]) -> dict[str, str]:
        """member → display name, for several members at once."""
        return await self._engine.display_names(self.group_id, list(dict.fromkeys(members)))

    def answers_privately(self) -> bool:
        """True when this group answers help commands privately (``requests.private_answers``)."""
        return answers_privately(self._engine.resolver.group(self.group_id))

    def writes_privately(self) -> bool:
        """True when the group's platform can write to members privately and take their private
        messages (``Capabilities.private_message``; the official QQ bot and the local chat
        cannot): a text may say "私聊我发" only then."""
        return self._engine.writes_privately(self.group_id)

    def tells_privately(self) -> bool:
        """``answers_privately`` where the platform can write privately (``writes_privately``):
        the help commands' answers really go privately."""
        return self._engine.tells_privately(self.group_id)

    def in_quiet_hours(self) -> bool:
        """True while the group's quiet hours hold the bot's own posts back (``posting``)."""
        settings = self._engine.resolver.group(self.group_id)
        return in_quiet_hours(settings.posting, self._engine.clock.time(), settings.timezone)

    async def take_post_room(self) -> bool:
        """Take room for one of the bot's own group posts made outside a tick (the ⏰ line that
        comes with an answer to /已助) under this hour's ``posting.max_per_hour``, the count the
        pacer keeps for what ticks post: False in quiet hours or when the hour is full (the
        post is then not made; nothing is deferred)."""
        settings = self._engine.resolver.group(self.group_id)
        now, tz = self._engine.clock.time(), settings.timezone
        if in_quiet_hours(settings.posting, now, tz):
            return False
        return await self._engine.pacer.take_room(self.group_id, next_hour(now, tz))

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

    async def assign(self, pairs: list[tuple[int, str]]) -> None:
        """Record assignments (durable when this returns)."""
        now, before = self._engine.clock.time(), self._engine.db.writes
        await self._engine.db.write(lambda c: store.assign(c, self.group_id, pairs, now))
        reads_still_hold(self._engine, before)
        self._engine.dispatch_memory.asked(self.group_id, [h for _, h in pairs], now)

    # ---------------------------------------------------------------- trust (issue 17)
    async def ledger_head(self) -> tuple[int, int, str]:
        """(rows of the group's ledger, rows in its hash chain, the chain head's hash)."""
        return await self._engine.db.read(lambda c: chain.summary(c, self.group_id))

    async def confirmed_between(
        self, after: float, until: float, limit: int = 5000
    ) -> list[dict[str, Any]]:
        """Helps confirmed with ``after < decided_at <= until`` that still count, oldest first:
        ``id, request_id, helper, requester, status, created_at, decided_at, decided_by``."""
        return await self._engine.db.read(
            lambda c: trust.confirmed_between(c, self.group_id, after, until, limit)
        )

    async def claimed_between(
        self, after: float, until: float, limit: int = 5000
    ) -> list[dict[str, Any]]:
        """Claims of any status made with ``after < created_at <= until``, oldest first."""
        return await self._engine.db.read(
            lambda c: trust.claimed_between(c, self.group_id, after, until, limit)
        )

    async def open_at(self, at: float, member: str, oldest: float) -> int:
        """How many requests of others than ``member`` were open at ``at`` (posted since ``oldest``)."""
        return await self._engine.db.read(
            lambda c: trust.open_at(c, self.group_id, at, oldest, member)
        )

    async def first_seen_many(self, members: list[str]) -> dict[str, float]:
        """member → when the bot first saw them here (members never seen are left out)."""
        await self._engine.flush_members()
        return await self._engine.db.read(
            lambda c: trust.first_seen_many(c, self.group_id, members)
        )

    async def reverse_helps(self, claim_ids: list[int], ref: str) -> list[int]:
        """Reverse confirmed helps with compensating ledger rows (hash-chained, nothing deleted);
        return the claims reversed. ``ref`` (e.g. ``review:3``) is kept on each row."""
        now = self._engine.clock.time()
        return await self._engine.db.write(
            lambda c: chain.reverse(c, self.group_id, claim_ids, now=now, ref=ref)
        )

    # collusion reviews (migration 16): in the database, so several processes agree
    async def record_finding(self, key: str, detail: dict[str, Any]) -> tuple[int, bool]:
        """Record a finding unless one with ``key`` is open: (its number, True when new — only
        then tell the admins; of several processes exactly one gets True)."""
        now = self._engine.clock.time()
        return await self._engine.db.write(
            lambda c: trust.record_finding(c, self.group_id, key, detail, now)
        )

    async def findings(self, status: str = "open", limit: int = 10) -> list[dict[str, Any]]:
        """The newest ``limit`` findings with ``status`` (open | kept | reversed), oldest first."""
        return await self._engine.db.read(lambda c: trust.findings(c, self.group_id, status, limit))

    async def finding(self, number: int) -> dict[str, Any] | None:
        """Finding ``number`` (its evidence, ``status``, ``key``), or None."""
        return await self._engine.db.read(lambda c: trust.finding(c, self.group_id, number))

    async def decide_finding(
        self, number: int, status: str, by: str, reverse_ids: tuple[int, ...] | list[int] = ()
    ) -> list[int] | None:
        """Decide an open finding (kept | reversed, reversing ``reverse_ids`` in the same
        transaction); None when someone decided it first."""
        now = self._engine.clock.time()
        return await self._engine.db.write(
            lambda c: trust.decide_finding(c, self.group_id, number, status, by, now, reverse_ids)
        )

    async def cleared_findings(self) -> dict[str, float]:
        """finding key → when an admin last kept its helps."""
        return await self._engine.db.read(lambda c: trust.cleared(c, self.group_id))

    # ------------------------------------------------------------ 派单 (see plugins/queue_dispatch)
    async def dispatch_state(
        self,
        active_since: float,
        day_since: float,
        pairs_from: float,
        requesters: list[str],
        *,
        flush: bool = True,
        request_ids: list[int] | None = None,
        helper: str | None = None,
        parts: bool = True,
    ) -> dict[str, Any]:
        """What a dispatch plan needs and nothing more (see ``storage.dispatch.snapshot``);
        ``flush``: write the members seen since the last flush first (a second round trip),
        and read everything from the database (a full plan: the group's memory is reloaded);
        ``request_ids``: claimants and past assignees of these open requests only;
        ``helper``: a plan for that helper alone (their claimants, assignees and repeat pairs,
        and each open request's number of claimants, ``claim_counts``; of the members seen,
        asked, stances and the day's helps only theirs); ``parts`` False:
        who may be asked alone (no claimants, past assignees nor repeat pairs).

        Otherwise the active members, last asks and stances come from the group's memory
        (``core/requests/dispatch_memory``), loaded from the database on first use;
        stances are read from the database each time when other processes share it."""
        engine, gid = self._engine, self.group_id
        if flush:
            await engine.flush_members()
        memory, now = engine.dispatch_memory, engine.clock.time()
        shared = bool(getattr(engine.shared, "shared", False))
        # a full plan reads the database again: always when other processes write to it too
        # (what they did reaches this one at its next tick), else when the memory is old
        refresh = (now if shared else now - REFRESH) if flush else float("-inf")
        kept = memory.get(gid, active_since, day_since, refresh)
        read_stances = kept is None or kept.stances is None or shared
        # the day's claims: all of them on a load, else what was made or denied since the last read
        claims_from = day_since if kept is None else kept.claims_read - CLAIMS_MARGIN
        mark = memory.mark(gid)
        state = await engine.db.read(
            lambda c: dispatch_store.snapshot(
                c, gid, active_since=active_since, day_since=day_since,
                pairs_from=pairs_from, requesters=requesters, request_ids=request_ids,
                members=kept is None, with_stances=read_stances, claims_from=claims_from,
                helper=helper, parts=parts,
            )
        )  # fmt: skip
        made, denied = state.pop("claims")
        if kept is None:
            loaded = memory.load(gid, mark, active_since, state["active"], state["last_asked"],
                                 state["stances"], now)  # fmt: skip
            holder = loaded or GroupMemory(active_since, {}, {})
            holder.helps_from = day_since
            state["helps_today"] = holder.claims(made, denied, day_since, now, helper)
            if helper is not None:
                for what in ("active", "last_asked", "stances"):
                    state[what] = of_member(state[what], helper)
        else:
            state["helps_today"] = kept.claims(made, denied, day_since, now, helper)
            active, asked = kept.active, kept.last_asked
            if helper is not None:  # a plan for one helper reads nobody else's
                active, asked = of_member(active, helper), of_member(asked, helper)
            state["active"] = {m: at for m, at in active.items() if at >= active_since}
            state["last_asked"] = {h: at for h, at in asked.items() if at >= active_since}
            if read_stances:
                if not shared and memory.current(gid, mark):
                    kept.stances = dict(state["stances"])
                if helper is not None:
                    state["stances"] = of_member(state["stances"], helper)
            else:
                stances = kept.stances or {}
                state["stances"] = dict(stances) if helper is None else of_member(stances, helper)
        # members seen since the last flush count too, without a write round first
        seen = engine._seen.get(gid, {})
        if helper is not None:
            seen = of_member(seen, helper)
        for m, (_, at) in seen.items():
            if at >= active_since:
                state["active"][m] = at
        return state

    async def set_stance(self, member: str, stance: str, until: float = 0.0) -> None:
        """/接单 (``available``) or /休息 (``away``, until ``until``; 0: until /接单)."""
        now = self._engine.clock.time()
        row = await self._engine.db.write(
            lambda c: dispatch_store.set_stance(c, self.group_id, member, stance, now, until)
        )
        self._engine.dispatch_memory.stance(self.group_id, member, row)

    async def lapse_dispatch(
        self, before: float, ignore_limit: int, pause_for: float
    ) -> tuple[list[tuple[int, str]], list[str]]:
        """End assignments made before ``before`` nobody acted on; returns them and the
        members paused just now (``ignore_limit`` ignored in a row)."""
        now, memory = self._engine.clock.time(), self._engine.dispatch_memory
        try:
            lapsed, paused, written = await self._engine.db.write(
                lambda c: dispatch_store.lapse(
                    c, self.group_id, before, now, ignore_limit, pause_for
                )
            )
        except BaseException:  # ignored counts and pauses may have changed: read them again
            memory.stances_changed(self.group_id)
            raise
        memory.ignored(self.group_id, written)  # what it wrote, kept in memory as written
        return lapsed, paused

    def store_dispatch_acted(self, tx: Transaction, member: str) -> None:
        """``member`` claimed a help: their ignored assignments are forgiven, inside the claim's
        transaction (a ``claim_stored`` hook); once it committed, ``dispatch_acted_stored``
        brings the in-memory view up to date."""
        dispatch_store.acted(tx.conn, self.group_id, member)

    def dispatch_acted_stored(self, member: str) -> None:
        """The forgiveness ``store_dispatch_acted`` wrote has committed."""
        self._engine.dispatch_memory.acted(self.group_id, member)
