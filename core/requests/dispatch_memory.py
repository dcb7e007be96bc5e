"""派单's per-group state in memory: who was seen lately, when each member was last asked,
and members' stances — what every post's placement reads.

The database stays the truth: every write goes there first and then here (write-through),
a group's memory is loaded from the database on first use (after a restart nothing is
lost) and reloaded by every full plan (each tick). A post then reads only what is its
own (the new request's claimants, its requester's repeat pairs, the live assignments):
reading the group's active members, stances and last asks on every post cost ~6 ms at
1,000 members, most of a post under 派单.

Several processes on one database (PostgreSQL, ``core/shared.py``): stances are read
from the database on every post there (a /休息 sent to another process holds at once);
the members another process saw or asked reach this one's memory at its next tick.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

#: member → (stance, away until, acted, ignored, paused until), as ``storage.dispatch.stances``
Stances = dict[str, tuple[str, float, int, int, float]]
NO_STANCE = ("", 0.0, 0, 0, 0.0)
#: claims are read again from this long before the last read: one made (or denied) that long
#: before its transaction committed is still seen
CLAIMS_MARGIN = 300.0
#: a full plan (each tick) reads everything from the database again when the memory is this
#: old (on a database shared by several processes: every time)
REFRESH = 3600.0


V = TypeVar("V")


def of_member(values: dict[str, V], member: str) -> dict[str, V]:
    """``values`` of ``member`` alone (empty when it has none): a plan for one helper."""
    return {member: values[member]} if member in values else {}


@dataclass(slots=True)
class GroupMemory:
    """One group's state as in the database, from ``since`` on."""

    since: float
    #: member → last seen (members table), for members seen since ``since``
    active: dict[str, float]
    #: helper → when last asked, for assignments made since ``since``
    last_asked: dict[str, float]
    #: None: read them from the database next time (after a lapse changed several)
    stances: Stances | None = field(default=None)
    #: claim id → (made at, helper): the claims (not denied) made since ``helps_from``
    helps: dict[int, tuple[float, str]] = field(default_factory=dict)
    helps_from: float = 0.0
    #: helper → their claims in ``helps``; (made at, id) of ``helps``, oldest first (a heap)
    counts: dict[str, int] = field(default_factory=dict)
    order: list[tuple[float, int]] = field(default_factory=list)
    #: when the claims were last read: the next read asks for what was made or denied since
    claims_read: float = 0.0
    #: when it was read from the database
    loaded_at: float = 0.0

    def claims(
        self,
        made: list[tuple[int, str, float, str]],
        denied: list[int],
        day_since: float,
        at: float,
        only: str | None = None,
    ) -> dict[str, int]:
        """Take what was made or denied since the last read (read at ``at``); return helper →
        claims (not denied) made since ``day_since`` (``storage.requests.helps_since``), of the
        helper ``only`` alone when given."""
        helps, counts = self.helps, self.counts
        for cid, helper, made_at, status in made:
            if status == "denied":
                self._drop(cid)
            elif made_at >= self.helps_from and cid not in helps:
                helps[cid] = (made_at, helper)
                counts[helper] = counts.get(helper, 0) + 1
                heapq.heappush(self.order, (made_at, cid))
        for cid in denied:
            self._drop(cid)
        if day_since > self.helps_from:
            order = self.order
            while order and order[0][0] < day_since:
                self._drop(heapq.heappop(order)[1])
            self.helps_from = day_since
        self.claims_read = max(self.claims_read, at)
        return dict(counts) if only is None else of_member(counts, only)

    def _drop(self, cid: int) -> None:
        gone = self.helps.pop(cid, None)
        if gone is not None:
            left = self.counts[gone[1]] - 1
            if left:
                self.counts[gone[1]] = left
            else:
                del self.counts[gone[1]]


def _kept(row: tuple[str, float, int, int, float]) -> bool:
    # the rows ``storage.dispatch.stances`` returns (the others read as NO_STANCE)
    stance, _, acted, ignored, paused = row
    return bool(stance) or ignored > 0 or acted > 0 or paused > 0


class DispatchMemory:
    """Per group: a ``GroupMemory`` kept equal to the database by this process's writes."""

    __slots__ = ("_groups", "_writes")

    def __init__(self) -> None:
        self._groups: dict[str, GroupMemory] = {}
        #: group → writes told so far: a read that began before one may have missed it
        self._writes: dict[str, int] = {}

    def mark(self, group_id: str) -> int:
        """Take before reading the database; ``load`` keeps the read only if no write came since."""
        return self._writes.get(group_id, 0)

    def current(self, group_id: str, mark: int) -> bool:
        """True when no write was told since ``mark`` was taken."""
        return self._writes.get(group_id, 0) == mark

    def _wrote(self, group_id: str) -> GroupMemory | None:
        self._writes[group_id] = self._writes.get(group_id, 0) + 1
        return self._groups.get(group_id)

    def get(
        self, group_id: str, since: float, day_since: float, refresh_before: float = float("-inf")
    ) -> GroupMemory | None:
        """The group's memory when it covers ``since`` and ``day_since`` and was read from the
        database after ``refresh_before`` (else read the database)."""
        memory = self._groups.get(group_id)
        if memory is None or memory.since > since or memory.helps_from > day_since:
            return None
        return memory if memory.loaded_at > refresh_before else None

    def load(
        self,
        group_id: str,
        mark: int,
        since: float,
        active: dict[str, float],
        last_asked: dict[str, float],
        stances: Stances | None,
        at: float = 0.0,
    ) -> GroupMemory | None:
        """Keep what was just read from the database (copies: callers own theirs), unless a
        write was told since ``mark`` (a read running meanwhile may not have seen it)."""
        if not self.current(group_id, mark):
            self._groups.pop(group_id, None)
            return None
        memory = GroupMemory(
            since,
            dict(active),
            dict(last_asked),
            None if stances is None else dict(stances),
            loaded_at=at,
        )
        self._groups[group_id] = memory
        return memory

    def forget(self, group_id: str) -> None:
        """Drop a group's memory (read it from the database next time)."""
        self._groups.pop(group_id, None)

    def seen(self, rows: Iterable[tuple[str, str, str, float]]) -> None:
        """(group, member, name, at) written to the members table (``last_seen = at``)."""
        for group_id, member, _, at in rows:
            memory = self._wrote(group_id)
            if memory is not None:
                memory.active[member] = at

    def asked(self, group_id: str, helpers: Iterable[str], at: float) -> None:
        """Assignments to ``helpers`` made at ``at`` were written."""
        memory = self._wrote(group_id)
        if memory is not None:
            last = memory.last_asked
            for helper in helpers:
                if last.get(helper, at) <= at:
                    last[helper] = at

    def stance(self, group_id: str, member: str, row: tuple[str, float, int, int, float]) -> None:
        """``member``'s dispatch_members row is now ``row``."""
        memory = self._wrote(group_id)
        if memory is not None and memory.stances is not None:
            if _kept(row):
                memory.stances[member] = row
            else:
                memory.stances.pop(member, None)

    def acted(self, group_id: str, member: str) -> None:
        """``member`` acted: acted + 1, ignored and pause cleared (``storage.dispatch.acted``)."""
        memory = self._wrote(group_id)
        if memory is not None and memory.stances is not None:
            stance, away_until, acted, _, _ = memory.stances.get(member, NO_STANCE)
            memory.stances[member] = (stance, away_until, acted + 1, 0, 0.0)

    def ignored(self, group_id: str, rows: dict[str, tuple[int, float]]) -> None:
        """A lapse wrote these members' ignored count and pause (member → (ignored, paused
        until)), their stance and acts unchanged (``storage.dispatch.lapse``)."""
        memory = self._wrote(group_id)
        if memory is not None and memory.stances is not None:
            for member, (ignored, until) in rows.items():
                stance, away_until, acted, _, _ = memory.stances.get(member, NO_STANCE)
                row = (stance, away_until, acted, ignored, until)
                if _kept(row):
                    memory.stances[member] = row
                else:
                    memory.stances.pop(member, None)

    def stances_changed(self, group_id: str) -> None:
        """Several stances rows changed (a lapse): read them from the database next time."""
        memory = self._wrote(group_id)
        if memory is not None:
            memory.stances = None
