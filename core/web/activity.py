"""Counts of the bot's own posts per group and hour, for the overview's chart against the cap."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from huzhu.core.events import Action, Reply
from huzhu.core.schedule.pacing import next_hour
from huzhu.core.storage import web as store

if TYPE_CHECKING:
    from huzhu.core.engine import Engine


async def record_posts(engine: Engine, actions: Sequence[Action]) -> None:
    """Add the group messages among ``actions`` (what a tick sends) to their group's hourly
    count, the one ``posting.max_per_hour`` caps (private notes have a cap of their own)."""
    counts: dict[tuple[str, float], int] = {}
    now = engine.clock.time()
    for action in actions:
        if isinstance(action, Reply):
            tz = engine.resolver.group(action.group_id).timezone
            key = (action.group_id, next_hour(now, tz) - 3600)
            counts[key] = counts.get(key, 0) + 1
    if counts:
        rows = [(gid, hour, n) for (gid, hour), n in counts.items()]
        await engine.db.write(lambda c: store.posts_add(c, rows))
