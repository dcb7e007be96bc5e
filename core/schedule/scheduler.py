"""The persistent scheduler: one-shot and cron items in the database, fired once each.

Nothing here depends on in-memory timers. The engine's ``tick`` calls
``Scheduler.claim`` with the clock's time; every due occurrence is claimed by
a compare-and-swap in the database (``storage.schedules.claim_due``), so after
a restart a due item fires once, and several processes sharing one database
fire it once between them.

Catch-up: an occurrence found more than ``GRACE`` seconds late (the bot was
down) follows the item's policy — ``once`` fires it once, marked late;
``skip`` lets it pass. Either way a recurring item then moves to its next
occurrence after *now*, so a long outage never replays a backlog.

Delivery is at most once: the claim commits before the actions are sent, so a
crash in the milliseconds between the two loses that one reminder rather than
sending it twice.

Plugins use the handle ``ctx.schedule`` (a ``Schedule``); items come back to
the owning plugin through the ``schedule_due`` hook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator

from huzhu.core.clock import Clock, zone
from huzhu.core.durations import parse_duration
from huzhu.core.events import ScheduledItem
from huzhu.core.storage import schedules as store

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from huzhu.core.storage.db import Database

CatchUp = Literal["skip", "once"]
#: an occurrence later than this counts as missed (the bot was down), not just a slow tick
GRACE = 600.0
#: items claimed per transaction (a tick claims batch after batch until none are due)
BATCH = 500


# croniter is imported where it is used: it costs ~75 ms, and most runs of the
# ``huzhu`` command (check, scan, plugins) never evaluate a cron expression.
def next_after(cron: str, after: float, tz: str) -> float:
    """The first time strictly after ``after`` that ``cron`` matches, in the zone ``tz``."""
    from croniter import croniter

    start = datetime.fromtimestamp(after, zone(tz))
    return float(croniter(cron, start).get_next(datetime).timestamp())


def valid_cron(cron: str) -> bool:
    """True for a five-field cron expression croniter accepts."""
    from croniter import croniter

    return len(cron.split()) == 5 and croniter.is_valid(cron)


_LOCAL_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _local_time(value: Any) -> Any:
    if isinstance(value, str):
        if not _LOCAL_TIME.match(value.strip()):
            raise ValueError(f"{value!r} is not a local time such as 09:00")
        return value.strip()
    return value


#: A Config field for a local time of day, written "09:00" in plugins.yaml.
LocalTime = Annotated[str, BeforeValidator(_local_time)]


def daily_cron(local_time: str) -> str:
    """The cron expression for every day at ``local_time`` ("09:00" → "0 9 * * *")."""
    hour, minute = local_time.split(":")
    return f"{int(minute)} {int(hour)} * * *"


# ---------------------------------------------------------------- "when" in commands
_HM = re.compile(r"^(\d{1,2})[:：](\d{2})$")
_DATE_TIME = re.compile(r"^(?:(\d{4})-)?(\d{1,2})-(\d{1,2})[T ](\d{1,2})[:：](\d{2})$")
_WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 0, "天": 0}
_EN_DAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 0}


@dataclass(frozen=True)
class When:
    """A parsed time: one-shot ``at`` or recurring ``cron``, and the text that follows."""

    at: float
    cron: str
    rest: str
    label: str


def _hm(token: str) -> tuple[int, int] | None:
    m = _HM.match(token)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    return (hour, minute) if hour < 24 and minute < 60 else None


def parse_when(text: str, now: float, tz: str) -> When:
    """Read a time at the start of ``text``; raise ValueError with a usage hint when there is none.

    One-shot: ``21:00`` (the next 21:00), ``30m`` / ``2h`` / ``1d`` (from now),
    ``12-01 09:00`` or ``2026-12-01T09:00``. Recurring: ``每天 21:00`` /
    ``daily 21:00``, ``工作日 9:00`` / ``weekdays 9:00``, ``每周一 9:00`` /
    ``mon 9:00``, or a five-field cron expression ``0 9 * * 1-5``.
    """
    tokens = text.split()
    if not tokens:
        raise ValueError("empty")
    local = datetime.fromtimestamp(now, zone(tz))
    first = tokens[0].lower()
    # a cron expression: five fields
    if len(tokens) >= 5 and valid_cron(" ".join(tokens[:5])):
        cron = " ".join(tokens[:5])
        return When(next_after(cron, now, tz), cron, " ".join(tokens[5:]), cron)
    # presets with a time
    preset: str | None = None
    head = first
    for word, fields in (("每天", "*"), ("daily", "*"), ("工作日", "1-5"), ("weekdays", "1-5")):
        if head.startswith(word):
            preset, head = fields, head[len(word) :]
            break
    else:
        if head.startswith("每周") and len(head) >= 3 and head[2] in _WEEKDAYS:
            preset, head = str(_WEEKDAYS[head[2]]), head[3:]
        elif head[:3] in _EN_DAYS:
            preset, head = str(_EN_DAYS[head[:3]]), head[3:]
    if preset is not None:
        used = 1
        if not head and len(tokens) > 1:
            head, used = tokens[1], 2
        hm = _hm(head)
        if hm is None:
            raise ValueError("preset without a time")
        cron = f"{hm[1]} {hm[0]} * * {preset}"
        label = " ".join(tokens[:used])
        return When(next_after(cron, now, tz), cron, " ".join(tokens[used:]), label)
    # one-shot: HH:MM today or tomorrow
    hm = _hm(first)
    if hm is not None:
        at = local.replace(hour=hm[0], minute=hm[1], second=0, microsecond=0)
        if at.timestamp() <= now:
            at = (at + timedelta(days=1)).replace(hour=hm[0], minute=hm[1])
        return When(at.timestamp(), "", " ".join(tokens[1:]), at.strftime("%m-%d %H:%M"))
    # one-shot: a date and a time (one token with T, or two tokens)
    for used in (1, 2):
        m = _DATE_TIME.match(" ".join(tokens[:used]))
        if m:
            year = int(m.group(1) or local.year)
            try:
                at = local.replace(
                    year=year, month=int(m.group(2)), day=int(m.group(3)),
                    hour=int(m.group(4)), minute=int(m.group(5)), second=0, microsecond=0,
                )  # fmt: skip
            except ValueError:
                raise ValueError("no such date") from None
            if at.timestamp() <= now:
                raise ValueError("that time has passed")
            return When(at.timestamp(), "", " ".join(tokens[used:]), at.strftime("%Y-%m-%d %H:%M"))
    # one-shot: after a duration
    try:
        delay = parse_duration(first)
    except ValueError:
        raise ValueError("no time") from None
    if delay <= 0:
        raise ValueError("no time")
    at = now + delay
    label = datetime.fromtimestamp(at, zone(tz)).strftime("%m-%d %H:%M")
    return When(at, "", " ".join(tokens[1:]), label)


# ---------------------------------------------------------------- the engine's side
class Scheduler:
    """Claims due items for the engine's tick."""

    def __init__(self, db: Database, timezone_of: Any) -> None:
        self.db = db
        #: group id → IANA zone, for cron items (the group's current setting)
        self.timezone_of = timezone_of

    def _plan(self, now: float) -> Any:
        def plan(item: dict[str, Any]) -> tuple[float | None, bool]:
            late = now - item["next_at"] > GRACE
            fire = not late or item["catch_up"] == "once"
            if not item["cron"]:
                return None, fire
            return next_after(item["cron"], now, self.timezone_of(item["group_id"])), fire

        return plan

    async def claim(self, now: float) -> list[tuple[str, ScheduledItem]]:
        """Claim every due occurrence; return (owner, item) for those that fire."""
        plan = self._plan(now)
        rows: list[dict[str, Any]] = []
        while True:  # in batches, so one transaction never holds the writer for long
            batch = await self.db.write(lambda c: store.claim_due(c, now, BATCH, plan))
            rows.extend(batch)
            if len(batch) < BATCH:
                break
        return [
            (
                row["owner"],
                ScheduledItem(
                    id=row["id"],
                    group_id=row["group_id"],
                    kind=row["kind"],
                    payload=dict(row["payload"] or {}),
                    due_at=row["next_at"],
                    cron=row["cron"],
                    late=now - row["next_at"] > GRACE,
                ),
            )
            for row in rows
            if row["fire"]
        ]


# ---------------------------------------------------------------- the plugin's handle
class Schedule:
    """``ctx.schedule``: a plugin's scheduled items in one group (durable, fired once)."""

    __slots__ = ("_clock", "_db", "_owner", "_synced", "_tz", "group_id")

    def __init__(self, db: Database, clock: Clock, group_id: str, owner: str, tz: str) -> None:
        self._db = db
        self._clock = clock
        self.group_id = group_id
        self._owner = owner
        self._tz = tz
        self._synced: dict[str, Any] | None = None

    async def at(
        self,
        when: float,
        kind: str,
        payload: dict[str, Any] | None = None,
        *,
        catch_up: CatchUp = "once",
        key: str | None = None,
        by: str = "",
    ) -> int:
        """Schedule a one-shot item at epoch ``when``; returns its id.

        With ``key``, an active item with the same key is kept instead (the id
        returned is then 0): scheduling is idempotent across processes.
        """
        return await self._add(when, "", kind, payload, catch_up, key, by)

    async def every(
        self,
        cron: str,
        kind: str,
        payload: dict[str, Any] | None = None,
        *,
        catch_up: CatchUp = "skip",
        key: str | None = None,
        by: str = "",
    ) -> int:
        """Schedule a recurring item (five-field cron, in the group's time zone)."""
        if not valid_cron(cron):
            raise ValueError(f"not a cron expression: {cron!r}")
        first = next_after(cron, self._clock.time(), self._tz)
        return await self._add(first, cron, kind, payload, catch_up, key, by)

    async def _add(
        self,
        when: float,
        cron: str,
        kind: str,
        payload: dict[str, Any] | None,
        catch_up: CatchUp,
        key: str | None,
        by: str,
    ) -> int:
        values = self._values(when, cron, kind, payload, catch_up, key, by)
        return await self._db.write(lambda c: store.add(c, values))

    async def at_each(self, items: list[tuple[float, str, dict[str, Any]]]) -> list[int]:
        """``at`` for several one-shot items (``(when, kind, payload)``, caught up ``once``, no
        key) in one write: one transaction instead of one each (the pacer's deferred posts)."""
        values = [self._values(w, "", k, p, "once", None, "") for w, k, p in items]
        if not values:
            return []
        return await self._db.write(lambda c: [store.add(c, v) for v in values])

    def add_in(
        self,
        conn: Connection,
        when: float,
        kind: str,
        payload: dict[str, Any] | None = None,
        *,
        catch_up: CatchUp = "once",
        key: str | None = None,
    ) -> int:
        """``at`` inside a transaction already open on ``conn`` (a ``*_stored`` hook's, see
        ``huzhu.core.transaction``): stored with that transaction's other writes."""
        return store.add(conn, self._values(when, "", kind, payload, catch_up, key, ""))

    def _values(
        self,
        when: float,
        cron: str,
        kind: str,
        payload: dict[str, Any] | None,
        catch_up: CatchUp,
        key: str | None,
        by: str,
    ) -> dict[str, Any]:
        if catch_up not in ("skip", "once"):
            raise ValueError("catch_up is 'skip' or 'once'")
        return {
            "group_id": self.group_id,
            "owner": self._owner,
            "kind": kind,
            "cron": cron,
            "payload": payload or {},
            "next_at": float(when),
            "catch_up": catch_up,
            "created_by": by,
            "created_at": self._clock.time(),
            "key": key,
        }

    async def list(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Active items (id, kind, cron, payload, next_at, catch_up, created_by, fired), soonest first."""
        return await self._db.read(lambda c: store.listing(c, self.group_id, self._owner, kind))

    async def cancel(self, item_id: int) -> bool:
        """Cancel one of this plugin's items in this group; False when there is no such item."""
        return await self._db.write(lambda c: store.cancel(c, self.group_id, item_id, self._owner))

    async def sync(self, wanted: dict[str, tuple[str, str, dict[str, Any], CatchUp]]) -> None:
        """Make the keyed recurring items exactly ``{key: (cron, kind, payload, catch_up)}``.

        For schedules that follow a plugin's settings (a daily rules post at
        ``post_at``): items no longer wanted are cancelled, missing ones added;
        safe to call from several processes at once. Calling it again with the
        same ``wanted`` is free (``ctx.schedule`` is rebuilt when settings change),
        so plugins may call it on every tick.
        """
        if wanted == self._synced:
            return
        now = self._clock.time()
        rows = {
            key: (cron, kind, payload or {}, catch_up, next_after(cron, now, self._tz))
            for key, (cron, kind, payload, catch_up) in wanted.items()
        }
        await self._db.write(lambda c: store.sync_keyed(c, self.group_id, self._owner, rows, now))
        self._synced = dict(wanted)
