"""What a plugin receives as ``ctx``: its group, its config, its store, the clock, the language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from huzhu.core.clock import Clock, day_start, week_start, zone
from huzhu.core.i18n import Catalog
from huzhu.core.requests.helpdata import GroupData
from huzhu.core.schedule.scheduler import Schedule
from huzhu.core.storage import repo
from huzhu.core.storage.db import Database

_MISSING = object()


class KVStore:
    """A plugin's key-value store for one group: JSON values, cached, durable on ``set``."""

    __slots__ = ("_cache", "_clock", "_db", "group_id", "namespace")

    def __init__(
        self,
        db: Database,
        cache: dict[tuple[str, str, str], Any],
        clock: Clock,
        group_id: str,
        namespace: str,
    ) -> None:
        self._db, self._cache, self._clock = db, cache, clock
        self.group_id, self.namespace = group_id, namespace

    async def get(self, key: str, default: Any = None) -> Any:
        """The stored value, or ``default``."""
        ck = (self.group_id, self.namespace, key)
        value = self._cache.get(ck, _MISSING)
        if value is _MISSING:
            value = await self._db.read(
                lambda c: repo.kv_get(c, self.group_id, self.namespace, key)
            )
            self._cache[ck] = value
        return default if value is None else value

    async def set(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable value; returns after the commit."""
        at = self._clock.time()
        await self._db.write(
            lambda c: repo.kv_set(c, self.group_id, self.namespace, key, value, at)
        )
        self._cache[(self.group_id, self.namespace, key)] = value

    async def delete(self, key: str) -> None:
        """Remove a value."""
        await self._db.write(lambda c: repo.kv_delete(c, self.group_id, self.namespace, key))
        self._cache[(self.group_id, self.namespace, key)] = None


@dataclass(frozen=True, slots=True)
class GroupContext:
    """The first argument of every hook."""

    group_id: str
    plugin: str
    config: BaseModel
    kv: KVStore
    clock: Clock
    language: str
    texts: Catalog
    #: read-mostly view of the group's help requests and ledger (``huzhu.core.requests.helpdata``)
    data: GroupData
    #: the group's IANA time zone (``timezone`` in plugins.yaml; default Asia/Shanghai)
    timezone: str = "Asia/Shanghai"
    #: in-memory scratch space of this plugin in this group, kept for the life of the
    #: process and forgotten on restart (short windows, caches); use ``kv`` for anything durable
    scratch: dict[str, Any] = field(default_factory=dict)
    #: this plugin's durable scheduled items in this group; they come back through
    #: the ``schedule_due`` hook (``huzhu.core.schedule.scheduler``)
    schedule: Schedule | None = None

    def t(self, key: str, /, **values: Any) -> str:
        """The plugin's text ``key`` in the group's language."""
        return self.texts.get(self.language, key, **values)

    def now(self) -> float:
        """The current time in epoch seconds (from the injectable clock)."""
        return self.clock.time()

    @property
    def zone(self) -> ZoneInfo:
        """The group's time zone (``datetime.fromtimestamp(ctx.now(), ctx.zone)``)."""
        return zone(self.timezone)

    def day_start(self, ts: float | None = None) -> float:
        """Local midnight (in the group's time zone) of the day containing ``ts`` (default: now)."""
        return day_start(self.now() if ts is None else ts, self.timezone)

    def week_start(self, ts: float | None = None) -> float:
        """Local Monday 00:00 of the week containing ``ts`` (default: now)."""
        return week_start(self.now() if ts is None else ts, self.timezone)
