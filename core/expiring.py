"""A bounded map whose entries expire: what the bot learnt and may forget.

Used for what platforms tell the bot (members' names and roles, the bot's own
rights) and for message ids already handled, so memory stays bounded however
many groups and members pass by.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import islice
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Expiring(Generic[K, V]):
    """A bounded map whose entries expire ``ttl`` seconds after they were put.

    ``now`` is the time source (``time.monotonic`` unless given, e.g. a test clock).
    At most ``size`` entries are kept: when a put goes over, the oldest go until a sixteenth
    of ``size`` is free (a plain dict keeps insertion order and is the cheapest map there
    is, but finding its oldest entry walks past what earlier removals left: done seldom).
    """

    def __init__(
        self, ttl: float, size: int = 20_000, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl, self.size, self._now = ttl, size, now
        #: key → (value, when put), oldest first: a key put again moves to the end
        self._items: dict[K, tuple[V, float]] = {}

    def get(self, key: K) -> V | None:
        """The value if it is still fresh, else None."""
        hit = self._items.get(key)
        if hit is None or self._now() - hit[1] >= self.ttl:
            return None
        return hit[0]

    def put(self, key: K, value: V) -> None:
        """Remember ``value`` from now on (the oldest entries go when full)."""
        items = self._items
        items.pop(key, None)  # (a dict keeps a key where it was first put)
        items[key] = (value, self._now())
        if len(items) > self.size:
            self._evict()

    def put_new(self, key: K, value: V) -> bool:
        """Put ``value`` unless ``key`` has a fresh entry: True when put (``get`` then ``put``
        in one lookup for a new key, the clock read once)."""
        items = self._items
        now = self._now()
        hit = items.get(key)
        if hit is not None:
            if now - hit[1] < self.ttl:
                return False
            del items[key]
        items[key] = (value, now)
        if len(items) > self.size:
            self._evict()
        return True

    def _evict(self) -> None:
        items = self._items
        for old in list(islice(items, len(items) - self.size + self.size // 16)):
            del items[old]

    def forget(self, key: K) -> None:
        """Drop ``key`` (e.g. after a notice said it changed)."""
        self._items.pop(key, None)

    def __len__(self) -> int:
        return len(self._items)
