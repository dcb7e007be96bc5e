"""Clocks: the system clock and a manual one for tests and simulations."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    """Anything that tells the time in epoch seconds."""

    def time(self) -> float:
        """Seconds since the epoch (UTC)."""
        ...


class SystemClock:
    """The real clock."""

    def time(self) -> float:
        """Seconds since the epoch."""
        return time.time()


class ManualClock:
    """A clock that only moves when told to."""

    def __init__(self, start: float = 1_767_225_600.0) -> None:  # 2026-01-01 UTC
        self.now = start

    def time(self) -> float:
        """The current manual time."""
        return self.now

    def advance(self, seconds: float | str) -> None:
        """Move the clock forward by seconds or a duration such as ``"90m"`` or ``"1d"``."""
        if isinstance(seconds, str):
            from huzhu.core.durations import parse_duration

            seconds = parse_duration(seconds)
        self.now += seconds

    def set(self, local: str, tz: str = "Asia/Shanghai") -> None:
        """Jump to a local wall-clock time, e.g. ``set("2026-03-02 21:30")`` (ISO 8601)."""
        when = datetime.fromisoformat(local)
        if when.tzinfo is None:
            when = when.replace(tzinfo=zone(tz))
        self.now = when.timestamp()


def to_datetime(ts: float) -> datetime:
    """Epoch seconds to an aware UTC datetime."""
    return datetime.fromtimestamp(ts, UTC)


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """A time zone by IANA name (cached)."""
    return ZoneInfo(name)


def local_time(ts: float, tz: str) -> datetime:
    """Epoch seconds as an aware datetime in ``tz``."""
    return datetime.fromtimestamp(ts, zone(tz))


def day_start(ts: float, tz: str) -> float:
    """Epoch seconds of the local midnight that began the day containing ``ts``."""
    local = local_time(ts, tz)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def week_start(ts: float, tz: str) -> float:
    """Epoch seconds of the local Monday 00:00 that began the week containing ``ts``."""
    local = local_time(ts, tz)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime(monday.year, monday.month, monday.day, tzinfo=zone(tz)).timestamp()
