"""State that must hold across every process serving the same groups.

Three things the engine keeps between events are per process when one process
serves everything, and must be shared when several do (PostgreSQL, several
machines): which platform messages were already handled (a re-delivered or
doubly received event runs once), the per-member command rate limits, and the
pacer's hourly counts and bookings. ``SharedState`` is that small interface:

- ``LocalState``: in process memory, for SQLite (one process; no round trip
  on the hot path, the embedded default keeps its speed);
- ``DatabaseState``: rows in the database, each operation ONE short
  transaction of its own beside the group commit (``Database.write_now``):
  an ``INSERT … ON CONFLICT`` that only a first (or expired) claim passes
  claims a message id, a row lock on one key serialises a rate-limit window, a
  conditional upsert takes a slot under a cap. Rows carry an expiry and
  ``sweep`` deletes the old ones.

``shared_state(db)`` picks: PostgreSQL → ``DatabaseState``, SQLite → ``LocalState``.
A failing shared operation fails open (the event is handled, the command
allowed, the post sent) and is logged: these guard against noise, never
against loss.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from huzhu.core.commands import RateLimiter
from huzhu.core.expiring import Expiring
from huzhu.core.storage import shared as store

if TYPE_CHECKING:
    from huzhu.core.storage.db import Database

log = logging.getLogger("huzhu.shared")

#: how long a handled message id is remembered, so a re-delivered event does not run twice
DEDUPE_WINDOW = 3600.0
#: message ids remembered in memory (LocalState)
CACHE_SIZE = 100_000
#: seconds between two sweeps of expired shared rows
SWEEP_EVERY = 60.0


@dataclass(frozen=True, slots=True)
class Hit:
    """The outcome of one hit on a rate limit."""

    allowed: bool
    #: refused, and the first refusal in this window: tell the member (once)
    tell: bool = False
    #: whole seconds until the oldest hit leaves the window (when refused)
    retry_after: int = 0


ALLOWED = Hit(True)
REFUSED = Hit(False)


class SharedState(Protocol):
    """What must hold across processes; see the module docstring."""

    async def first_delivery(self, group_id: str, message_id: str, now: float) -> bool:
        """True the first time a (group, platform message id) is seen within the window."""
        ...

    async def hit(self, key: str, now: float, limit: int, window: float) -> Hit:
        """Count one use of ``key`` in a sliding window of ``window`` seconds, at most ``limit``."""
        ...

    async def take(self, key: str, cap: int, expires_at: float) -> bool:
        """Take one unit of a counter kept until ``expires_at``; False when it has reached ``cap``.

        ``cap`` 0 means no cap (always True, nothing counted).
        """
        ...

    async def sweep(self, now: float) -> None:
        """Forget what has expired."""
        ...


class LocalState:
    """Everything in this process's memory (SQLite, one process)."""

    shared = False

    def __init__(self) -> None:
        self._handled: Expiring[tuple[str, str], bool] = Expiring(DEDUPE_WINDOW, CACHE_SIZE)
        self._limiter = RateLimiter(6, 60)
        self._counts: dict[str, tuple[int, float]] = {}

    async def first_delivery(self, group_id: str, message_id: str, now: float) -> bool:
        """True the first time a (group, platform message id) is seen within the window."""
        return self.first_delivery_now(group_id, message_id)

    def first_delivery_now(self, group_id: str, message_id: str) -> bool:
        """``first_delivery`` without awaiting (in memory: the engine's hot path calls this)."""
        return self._handled.put_new((group_id, message_id), True)

    async def hit(self, key: str, now: float, limit: int, window: float) -> Hit:
        """Count one use of ``key``; see ``SharedState.hit``."""
        limiter = self._limiter
        if limiter.hit(key, now, limit, window):
            return ALLOWED
        if limiter.tell_once(key, now, window):
            return Hit(False, True, limiter.retry_after(key, now, window))
        return REFUSED

    async def take(self, key: str, cap: int, expires_at: float) -> bool:
        """Take one unit under ``cap``; see ``SharedState.take``."""
        if not cap:
            return True
        count = self._counts.get(key, (0, expires_at))[0]
        if count >= cap:
            return False
        self._counts[key] = (count + 1, expires_at)
        return True

    async def sweep(self, now: float) -> None:
        """Forget expired counters."""
        if len(self._counts) > 1000:
            self._counts = {k: v for k, v in self._counts.items() if v[1] > now}


class DatabaseState:
    """Rows in the shared database (PostgreSQL: several processes, several machines)."""

    shared = True

    def __init__(self, db: Database) -> None:
        self.db = db
        self._swept = float("-inf")

    async def _run(self, what: str, fn: Any, default: Any) -> Any:
        try:
            return await self.db.write_now(fn)
        except Exception as exc:  # fail open: noise control must never drop a member's message
            log.warning("shared state (%s) unavailable, going on without it: %r", what, exc)
            return default

    async def first_delivery(self, group_id: str, message_id: str, now: float) -> bool:
        """True the first time a (group, platform message id) is seen within the window."""
        return await self._run(
            "dedupe",
            lambda c: store.first_delivery(c, group_id, message_id, now, DEDUPE_WINDOW),
            True,
        )

    async def hit(self, key: str, now: float, limit: int, window: float) -> Hit:
        """Count one use of ``key``; see ``SharedState.hit``."""
        allowed, tell, wait = await self._run(
            "rate limit", lambda c: store.hit(c, key, now, limit, window), (True, False, 0)
        )
        return ALLOWED if allowed else Hit(False, tell, wait)

    async def take(self, key: str, cap: int, expires_at: float) -> bool:
        """Take one unit under ``cap``; see ``SharedState.take``."""
        if not cap:
            return True
        return await self._run("counter", lambda c: store.take(c, key, cap, expires_at), True)

    async def sweep(self, now: float) -> None:
        """Delete expired rows, at most once every ``SWEEP_EVERY`` seconds."""
        if now - self._swept < SWEEP_EVERY:
            return
        self._swept = now
        await self._run("sweep", lambda c: store.sweep(c, now), None)


def shared_state(db: Database) -> LocalState | DatabaseState:
    """The shared state for a database: in memory on SQLite, in the database on PostgreSQL."""
    return LocalState() if db.is_sqlite else DatabaseState(db)
