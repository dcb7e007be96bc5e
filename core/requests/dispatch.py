"""派单: assign open requests to helpers as a real matching, not first-come greedy.

Each request needs some helpers (slots); each helper takes at most one new
assignment per round. Among all assignments that respect eligibility, the
solver picks one that serves the most slots, prefers filling every request's
first slot before anyone's second (so more requests get help), then the requests
``Need.rank`` puts first (``finish_rank``: the fewest helps missing, those that can
no longer finish in time last), and then helpers by priority (available and
responsive first, then owed-first). This is a rectangular
assignment problem, solved exactly by ``scipy.optimize.linear_sum_assignment``.

Planning is incremental: a new request is placed against the current assignment
(``place``: the helpers already assigned stay where they are), and the whole is
re-planned on tick (``match`` over every unstaffed slot).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huzhu.core import HelpRequest

# numpy and scipy are imported in ``match``, the only user: together they cost a bot that
# never dispatches ~1 s of start-up and tens of MB

_BIG = 1e9  # an ineligible pair; larger than any sum of real costs
_SLOT = 1e4  # a second slot costs more than any priority difference


#: time a missing help is assumed to take: a request with less time left than this per
#: missing help is unlikely to finish, and is served after those that can
HOUR_PER_HELP = 3600


def pending_of(request: HelpRequest, claimants: Mapping[int, Collection[str]]) -> int:
    """Claims on ``request`` still waiting for confirmation: its live claimants (request id →
    helpers) beyond the helps already confirmed."""
    return max(len(claimants.get(request.id, ())) - request.helped, 0)


def pending_from(request: HelpRequest, counts: Mapping[int, int]) -> int:
    """``pending_of`` from each request's number of live claimants (request id → count)."""
    return max(counts.get(request.id, 0) - request.helped, 0)


def covered(request: HelpRequest, pending: int = 0) -> bool:
    """Whether its confirmed helps and the claims on their way make up what it needs (it
    waits for its requester's /确认, not for helpers)."""
    return request.needed - request.helped - pending <= 0


def missing(request: HelpRequest, pending: int = 0) -> int:
    """Helps a request still misses (``pending``: claims not yet confirmed), at least one."""
    return max(request.needed - request.helped - pending, 1)


def can_finish(request: HelpRequest, now: float, pending: int = 0) -> bool:
    """Whether the time left allows an hour per missing help (no expiry: always)."""
    if not request.expires_at:
        return True
    return request.expires_at - now >= missing(request, pending) * HOUR_PER_HELP


def finish_rank(request: HelpRequest, now: float, pending: int = 0) -> float:
    """``Need.rank`` for finishing the most requests with the helps there are: 0..1, the
    fewest helps missing first (ties: nearest expiry first), 1 when it cannot finish in time.

    Members can give only so many helps a day (拼多多: three); helps spread over many
    requests that all expire half-done are lost, helps on the request closest to done
    complete it."""
    if not can_finish(request, now, pending):
        return 1.0
    left = request.expires_at - now if request.expires_at else 86400.0
    return (min(missing(request, pending), 10) - 1) / 10 + 0.09 * min(max(left, 0) / 86400, 1.0)


@dataclass(frozen=True, slots=True)
class Need:
    """A request to staff: its id, its requester, how many helpers it still needs, what it is."""

    request_id: int
    requester: str
    slots: int
    kind: str  # "platform:activity": platforms cap one help per helper, requester and activity
    #: 0..1, lower is served first when helpers are scarce (requests near expiry get 0)
    rank: float = 0.5


def match(
    needs: Sequence[Need],
    helpers: Sequence[str],
    *,
    priority: dict[str, float] | None = None,
    helped_pairs: set[tuple[str, str, str]] = frozenset(),  # type: ignore[assignment]
    excluded: set[tuple[int, str]] = frozenset(),  # type: ignore[assignment]
    capacity: dict[str, int] | None = None,
) -> dict[int, list[str]]:
    """request id → assigned helpers.

    ``priority``: lower is preferred (e.g. minus the helper's debt).
    ``helped_pairs``: (helper, requester, kind) that already happened.
    ``excluded``: (request id, helper) that must not be paired (already asked, already claimed).
    ``capacity``: requests a helper may be given in this round (default 1); a helper's
    second request costs more than anyone's first, so work is spread before it is stacked.
    """
    rows = [(i, n) for i, n in enumerate(needs) for _ in range(max(n.slots, 0))]
    if not rows or not helpers:
        return {}
    # one column per request a helper may take: (helper, its copy number)
    columns = [(h, c) for h in helpers for c in range(max((capacity or {}).get(h, 1), 0))]
    if not columns:
        return {}
    cols: dict[str, list[int]] = {}
    for j, (h, _) in enumerate(columns):
        cols.setdefault(h, []).append(j)
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    prio = np.array([(priority or {}).get(h, 0.0) for h, _ in columns], dtype=float)
    span = float(prio.max() - prio.min()) or 1.0
    prio = (prio - prio.min()) / span + np.array([c for _, c in columns], dtype=float)
    slot_index = np.zeros(len(rows))
    seen: dict[int, int] = {}
    for r, (i, _) in enumerate(rows):
        slot_index[r] = seen.get(i, 0)
        seen[i] = seen.get(i, 0) + 1
    rank = np.array([min(max(n.rank, 0.0), 1.0) for _, n in rows])
    cost = (
        slot_index[:, None] * _SLOT
        + rank[:, None] * 2.0  # urgency outweighs any helper preference (0..1)
        + prio[None, :]
        + np.arange(len(rows))[:, None] * 1e-6
    )
    for r, (_, need) in enumerate(rows):
        for j in cols.get(need.requester, ()):
            cost[r, j] = _BIG
    by_request: dict[int, list[int]] = {}
    for r, (_, need) in enumerate(rows):
        by_request.setdefault(need.request_id, []).append(r)
    by_requester: dict[tuple[str, str], list[int]] = {}
    for r, (_, need) in enumerate(rows):
        by_requester.setdefault((need.requester, need.kind), []).append(r)
    for helper, requester, kind in helped_pairs:
        for j in cols.get(helper, ()):
            for r in by_requester.get((requester, kind), ()):
                cost[r, j] = _BIG
    for request_id, helper in excluded:
        for j in cols.get(helper, ()):
            for r in by_request.get(request_id, ()):
                cost[r, j] = _BIG
    row_ind, col_ind = linear_sum_assignment(cost)
    out: dict[int, list[str]] = {}
    for r, j in sorted(zip(row_ind, col_ind, strict=True)):
        helper = columns[j][0]
        chosen = out.setdefault(rows[r][1].request_id, [])
        # two copies of one helper on one request: the second slot waits for the next round
        if cost[r, j] < _BIG and helper not in chosen:
            chosen.append(helper)
    return {rid: hs for rid, hs in out.items() if hs}


def greedy(
    needs: Sequence[Need],
    helpers: Sequence[str],
    *,
    priority: dict[str, float] | None = None,
    helped_pairs: set[tuple[str, str, str]] = frozenset(),  # type: ignore[assignment]
    excluded: set[tuple[int, str]] = frozenset(),  # type: ignore[assignment]
) -> dict[int, list[str]]:
    """First come, first served: the baseline most bots would write (for comparison only)."""
    order = sorted(helpers, key=lambda h: (priority or {}).get(h, 0.0))
    free = list(order)
    out: dict[int, list[str]] = {}
    for need in needs:
        for _ in range(need.slots):
            pick = next(
                (h for h in free if h != need.requester and (h, need.requester, need.kind) not in helped_pairs
                 and (need.request_id, h) not in excluded and h not in out.get(need.request_id, [])),
                None,
            )  # fmt: skip
            if pick is None:
                break
            free.remove(pick)
            out.setdefault(need.request_id, []).append(pick)
    return out


def place(
    need: Need,
    helpers: Sequence[str],
    current: dict[int, list[str]],
    *,
    priority: dict[str, float] | None = None,
    helped_pairs: set[tuple[str, str, str]] = frozenset(),  # type: ignore[assignment]
    excluded: set[tuple[int, str]] = frozenset(),  # type: ignore[assignment]
    capacity: dict[str, int] | None = None,
) -> dict[int, list[str]]:
    """Incremental planning: ``need`` placed against the ``current`` assignment.

    Helpers already assigned keep their assignment (they have been told) and take the
    new request only within what is left of their ``capacity``; the new request gets the
    best eligible helpers by the same costs as ``match``. Returns the new request's part
    only ({} when nobody fits).
    """
    taken: dict[str, int] = {}
    for hs in current.values():
        for h in hs:
            taken[h] = taken.get(h, 0) + 1
    left = {h: (capacity or {}).get(h, 1) - taken.get(h, 0) for h in helpers}
    free = [h for h in helpers if left[h] > 0]
    return match([need], free, priority=priority, helped_pairs=helped_pairs, excluded=excluded,
                 capacity=left)  # fmt: skip
