"""One page of the queue in its default order (``finish_first``), read without the whole queue.

The order (``huzhu.plugins.queue.finish_first``): requests whose confirmed helps and claims
on their way do not cover what they need come first — those that can still finish in time
(``HOUR_PER_HELP`` per missing help) before those that cannot, each by helps missing, then
nearest expiry — and last those whose claims cover them. Claims on their way are few (they
wait for a /确认), so only their requests are read and placed one by one; every other
request's place follows from ``needed - helped`` and its expiry, which the partial index
``ix_requests_open_missing`` walks in order. A page costs a few index range reads whatever
the length of the queue (``bench/history.py``: 100,000 open requests in one group).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from itertools import islice
from typing import Any

from huzhu.core.events import HelpRequest
from huzhu.core.requests.dispatch import HOUR_PER_HELP, can_finish, covered, missing, pending_of
from huzhu.core.storage import requests as store


def finish_key(request: HelpRequest, now: float, pending: int = 0) -> tuple[Any, ...]:
    """Where ``request`` goes in ``finish_first`` order (``pending``: claims on their way)."""
    return (
        covered(request, pending),
        not can_finish(request, now, pending),
        missing(request, pending),
        request.expires_at or float("inf"),
        request.id,
    )


#: a queue shorter than this is read whole and ordered here: two reads instead of the index
#: walk's dozens (1,000 members x 7 days simulated, ~140 open: ~0.6 ms a page instead of ~1.1)
WHOLE_BELOW = 300


def finish_page(
    conn: Any, group_id: str, now: float, offset: int, limit: int
) -> tuple[int, list[HelpRequest]]:
    """(open requests in all, ``limit`` of them from ``offset`` on) in ``finish_first`` order."""
    total = store.open_count(conn, group_id)
    if offset >= total:
        return total, []
    if total < WHOLE_BELOW:
        live = store.claimants(conn, group_id)
        whole = store.open_requests(conn, group_id)
        whole.sort(key=lambda r: finish_key(r, now, pending_of(r, live)))
        return total, whole[offset : offset + limit]
    live = store.on_their_way(conn, group_id)
    placed = store.open_by_ids(conn, group_id, sorted(live))
    special = [(finish_key(r, now, pending_of(r, live)), r) for r in placed]
    special.sort(key=lambda kr: kr[0])
    wanted = offset + limit
    rest = _walk(conn, group_id, now, wanted + len(special), {r.id for r in placed})
    merged = heapq.merge(special, rest, key=lambda kr: kr[0])
    return total, [r for _, r in islice(merged, offset, wanted)]


def _walk(
    conn: Any, group_id: str, now: float, n: int, skip: set[int]
) -> Iterator[tuple[tuple[Any, ...], HelpRequest]]:
    """The open requests not in ``skip``, with their keys, in order, read as far as needed:
    by helps missing those that can finish, then by helps missing those that cannot, then
    those already covered. ``n`` bounds each range read (a page never needs more)."""
    for parts in (("later", "never"), ("sooner",)):
        k = 0
        while (found := store.next_missing(conn, group_id, k)) is not None:
            k = found
            for part in parts:
                for r in store.missing_exactly(conn, group_id, k, part, now + k * HOUR_PER_HELP, n):
                    if r.id not in skip:
                        yield finish_key(r, now), r
    done = [(finish_key(r, now), r) for r in store.missing_none(conn, group_id) if r.id not in skip]
    yield from sorted(done, key=lambda kr: kr[0])
