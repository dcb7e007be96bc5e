"""A bounded map whose entries expire: what the bot learnt and may forget.

Used for what platforms tell the bot (members' names and roles, the bot's own
rights) and for message ids already handled, so memory stays bounded however
many groups and members pass by.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Expiring(Generic[K, V]):
    """A bounded map whose entries expire ``ttl`` seconds after they were put.

    ``now`` is the time source (``time.monotonic`` unless given, e.g. a test clock).
    """

    def __init__(
        self, ttl: float, size: int = 20_000, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl, self.size, self._now = ttl, size, now
        self._items: OrderedDict[K, tuple[V, float]] = OrderedDict()

    def get(self, key: K) -> V | None:
        """The value if it is still fresh, else None."""
        hit = self._items.get(key)
        if hit is None or self._now() - hit[1] >= self.ttl:
            return None
        return hit[0]

    def put(self, key: K, value: V) -> None:
        """Remember ``value`` from now on (the oldest entry goes when full)."""
        self._items[key] = (value, self._now())
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def forget(self, key: K) -> None:
        """Drop ``key`` (e.g. after a notice said it changed)."""
        self._items.pop(key, None)

    def __len__(self) -> int:
        return len(self._items)
