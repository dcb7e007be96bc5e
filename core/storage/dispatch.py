"""SQL of 派单 (dispatch): what eligibility needs and nothing more, and members' stance.

Every read here is bounded by the work at hand (the open requests, the members
seen lately, the claims of the last day or of the repeat window), never by the
group's history: a group with a million past requests plans as fast as a new one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.prepared import Prepared
from huzhu.core.storage.repo import upsert
from huzhu.core.storage.requests import (
    active_assignments,
    active_members,
    assigned_before,
    claimants,
    helps_since,
)
from huzhu.core.storage.schema import dispatch_members

_STANCES = Prepared(
    "SELECT member_id, stance, away_until, acted, ignored, paused_until FROM dispatch_members "
    "WHERE group_id = :g AND (stance != '' OR ignored > 0 OR acted > 0 OR paused_until > 0)"
)
#: each requester's claims of the window, from ix_claims_pair (group, requester, created_at): the
#: open requests' few requesters, never the group's whole window (EXPLAIN QUERY PLAN: SEARCH c
#: USING INDEX ix_claims_pair (group_id=? AND requester=? AND created_at>?))
_PAIRS = Prepared(
    "SELECT c.helper, c.requester, r.platform, r.activity FROM claims c "
    "JOIN requests r ON r.id = c.request_id WHERE c.group_id = :g AND c.requester IN (:rs) "
    "AND c.created_at >= :since AND c.status != 'denied'"
)
#: the group's claims of a window (index ix_claims_recent)
_LAST_ASKED = Prepared(
    "SELECT helper, max(assigned_at) FROM assignments WHERE group_id = :g AND assigned_at >= :since "
    "GROUP BY helper"
)
_SEQ_IN_GROUPS = Prepared(
    "SELECT group_id, requester, status FROM requests WHERE group_id IN (:gs) AND seq = :seq"
)
_LATEST_ASSIGNMENT = Prepared(
    "SELECT a.group_id FROM assignments a JOIN requests r ON r.id = a.request_id "
    "WHERE a.helper = :m AND (:seq = 0 OR r.seq = :seq) ORDER BY a.assigned_at DESC, a.id DESC LIMIT 1"
)


def pairs_since(
    conn: Connection, group_id: str, requesters: Iterable[str], since: float
) -> set[tuple[str, str, str]]:
    """(helper, requester, "platform:activity") of claims (not denied) on ``requesters`` made
    since ``since``: the repeat helps a platform refuses (index ``ix_claims_pair``)."""
    wanted = sorted(set(requesters))
    if not wanted:
        return set()
    rows = _PAIRS.rows(conn, {"g": group_id, "rs": wanted, "since": since})
    return {(r[0], r[1], f"{r[2]}:{r[3]}") for r in rows}


def stances(conn: Connection, group_id: str) -> dict[str, tuple[str, float, int, int, float]]:
    """member → (stance, away until, acted, ignored, paused until), for members with a record."""
    return {r[0]: (r[1], r[2], r[3], r[4], r[5]) for r in _STANCES.rows(conn, {"g": group_id})}


#: claimants and past assignees of some of the open requests (a new request placed on post:
#: its own, instead of every open request's, which grow with the group's backlog)
_OPEN_AMONG = "request_id IN (:ids) AND request_id IN (SELECT id FROM requests WHERE group_id = :g AND status = 'open')"  # fmt: skip
_CLAIMANTS_AMONG = Prepared(
    f"SELECT request_id, helper FROM claims WHERE {_OPEN_AMONG} AND status != 'denied'"
)
_ASSIGNED_AMONG = Prepared(f"SELECT request_id, helper FROM assignments WHERE {_OPEN_AMONG}")


#: a plan for one helper (``snapshot``'s ``helper``): how many live claims each open request
#: has (its claimants' number, what ``pending_of`` counts), and that helper's own claims,
#: past assignments and repeat pairs, from the indexes on (request, helper) and (helper, …)
_OPEN_IDS = "SELECT id FROM requests WHERE group_id = :g AND status = 'open'"
_CLAIM_COUNTS = Prepared(
    f"SELECT request_id, count(*) FROM claims WHERE request_id IN ({_OPEN_IDS}) "
    "AND status != 'denied' GROUP BY request_id"
)
_HELPER_CLAIMED = Prepared(
    f"SELECT request_id FROM claims WHERE helper = :h AND request_id IN ({_OPEN_IDS}) "
    "AND status != 'denied'"
)
_HELPER_ASSIGNED = Prepared(
    f"SELECT request_id FROM assignments WHERE helper = :h AND request_id IN ({_OPEN_IDS})"
)
_HELPER_PAIRS = Prepared(
    "SELECT c.requester, r.platform, r.activity FROM claims c JOIN requests r ON r.id = c.request_id "
    "WHERE c.group_id = :g AND c.helper = :h AND c.created_at >= :since AND c.status != 'denied'"
)


def claim_counts(conn: Connection, group_id: str) -> dict[int, int]:
    """request id → live claims (not denied) of each open request with any (the claimants'
    number ``pending_of`` counts), from the covering index ``ix_claims_live``."""
    return {r[0]: r[1] for r in _CLAIM_COUNTS.rows(conn, {"g": group_id})}


def helper_part(
    conn: Connection, group_id: str, helper: str, requesters: Iterable[str], pairs_from: float
) -> dict[str, Any]:
    """``snapshot``'s claimants, past assignees and repeat pairs as a plan for ``helper`` alone
    sees them: the claimants' number of each open request (``claim_counts``) and ``helper``'s
    own claims, assignments and pairs (a plan with one helper looks at no one else's)."""
    g = {"g": group_id, "h": helper}
    counts = claim_counts(conn, group_id)
    wanted = set(requesters)
    return {
        "claim_counts": counts,
        "claimants": {r[0]: {helper} for r in _HELPER_CLAIMED.rows(conn, g)},
        "assigned_before": {(r[0], helper) for r in _HELPER_ASSIGNED.rows(conn, g)},
        "helped_pairs": {
            (helper, r[0], f"{r[1]}:{r[2]}")
            for r in _HELPER_PAIRS.rows(conn, g | {"since": pairs_from})
            if r[0] in wanted
        },
    }


def _requests_part(
    conn: Connection,
    group_id: str,
    requesters: list[str],
    pairs_from: float,
    request_ids: list[int] | None,
) -> dict[str, Any]:
    """``snapshot``'s claimants, past assignees and repeat pairs, for every helper."""
    if request_ids is None:
        claimed, assigned = claimants(conn, group_id), assigned_before(conn, group_id)
    else:
        among = {"g": group_id, "ids": sorted(request_ids)}
        claimed = {}
        for rid, who in _CLAIMANTS_AMONG.rows(conn, among):
            claimed.setdefault(rid, set()).add(who)
        assigned = {(r[0], r[1]) for r in _ASSIGNED_AMONG.rows(conn, among)}
    return {
        "claimants": claimed,
        "assigned_before": assigned,
        "helped_pairs": pairs_since(conn, group_id, requesters, pairs_from),
    }


def snapshot(
    conn: Connection,
    group_id: str,
    *,
    active_since: float,
    day_since: float,
    pairs_from: float,
    requesters: list[str],
    request_ids: list[int] | None = None,
    members: bool = True,
    with_stances: bool = True,
    claims_from: float | None = None,
    helper: str | None = None,
    parts: bool = True,
) -> dict[str, Any]:
    """Everything a plan needs, in one read: members seen since ``active_since``, helps since
    ``day_since``, live assignments, claimants and past assignees of the open requests (only
    of ``request_ids`` among them when given), the repeat pairs since ``pairs_from`` of
    ``requesters``, and members' stances.

    ``members`` / ``with_stances`` False: leave out ``active`` and ``last_asked`` / ``stances``
    (the caller has them in memory, ``core/requests/dispatch_memory``); ``claims_from``: instead
    of ``helps_today``, ``claims``: what ``claims_since`` returns from then on; ``helper``:
    the claimants, past assignees and repeat pairs of that helper alone (``helper_part``);
    ``parts`` False: none of those (who may be asked, without what they may be asked for)."""
    state: dict[str, Any] = {"assignments": active_assignments(conn, group_id)}
    if parts and helper is not None:
        state |= helper_part(conn, group_id, helper, requesters, pairs_from)
    elif parts:
        state |= _requests_part(conn, group_id, requesters, pairs_from, request_ids)
    if claims_from is None:
        state["helps_today"] = helps_since(conn, group_id, day_since)
    else:
        state["claims"] = claims_since(conn, group_id, claims_from)
    if members:
        state["active"] = active_members(conn, group_id, active_since)
        state["last_asked"] = last_asked(conn, group_id, active_since)
    if with_stances:
        state["stances"] = stances(conn, group_id)
    return state


#: claims of any status made since a time (index ix_claims_recent): the day's helps, kept in
#: memory and brought up to date by what was made or denied since the last read
_CLAIMS_SINCE = Prepared(
    "SELECT id, helper, created_at, status FROM claims WHERE group_id = :g AND created_at >= :since"
)
#: claims denied since a time (index ix_claims_decided, migration 8)
_DENIED_SINCE = Prepared(
    "SELECT id FROM claims WHERE group_id = :g AND decided_at >= :since AND status = 'denied'"
)


def claims_since(
    conn: Connection, group_id: str, since: float
) -> tuple[list[tuple[int, str, float, str]], list[int]]:
    """(id, helper, made at, status) of the claims made since ``since``, and the ids of the
    claims denied since then (a denial is final: nothing makes a denied claim count again)."""
    made = [(int(r[0]), r[1], float(r[2]), r[3]) for r in _CLAIMS_SINCE.rows(conn, {"g": group_id, "since": since})]  # fmt: skip
    denied = [int(r[0]) for r in _DENIED_SINCE.rows(conn, {"g": group_id, "since": since})]
    return made, denied


def set_stance(
    conn: Connection, group_id: str, member: str, stance: str, now: float, until: float = 0.0
) -> tuple[str, float, int, int, float]:
    """/接单 (``available``) or /休息 (``away``, until ``until`` or 0: until /接单); either ends
    a pause for ignored assignments (the member spoke up). Returns the member's row as
    ``stances`` reads it."""
    row = conn.execute(
        sa.select(dispatch_members.c.acted).where(
            dispatch_members.c.group_id == group_id, dispatch_members.c.member_id == member
        )
    ).first()
    upsert(
        conn, dispatch_members,
        {"group_id": group_id, "member_id": member, "stance": stance, "stance_at": now,
         "away_until": until, "acted": row[0] if row else 0, "ignored": 0, "paused_until": 0.0},
        ["group_id", "member_id"],
    )  # fmt: skip
    return (stance, until, row[0] if row else 0, 0, 0.0)


_ACTED = Prepared(
    "UPDATE dispatch_members SET acted = acted + 1, ignored = 0, paused_until = 0.0 "
    "WHERE group_id = :g AND member_id = :m"
)
#: the live assignments (index ix_assignments_group): ``+assigned_at`` keeps SQLite from
#: ranging ix_assignments_recent over every assignment before ``before``, the group's whole
#: history (9 ms a tick after five simulated days, growing)
_LAPSING = "WHERE group_id = :g AND status = 'active' AND +assigned_at <= :before"
_LAPSE_SELECT = Prepared("SELECT request_id, helper, assigned_at, id FROM assignments " + _LAPSING)
_LAPSE = Prepared("UPDATE assignments SET status = 'lapsed', ended_at = :now " + _LAPSING)
_IGNORED = Prepared(
    "SELECT member_id, ignored, paused_until FROM dispatch_members "
    "WHERE group_id = :g AND member_id IN (:ms)"
)
_LAST_SEEN = Prepared(
    "SELECT member_id, last_seen FROM members WHERE group_id = :g AND member_id IN (:ms)"
)
_SET_IGNORED = Prepared(
    "UPDATE dispatch_members SET ignored = :ignored, paused_until = :until "
    "WHERE group_id = :g AND member_id = :m"
)
_ADD_IGNORED = Prepared(
    "INSERT INTO dispatch_members (group_id, member_id, ignored, paused_until) "
    "VALUES (:g, :m, :ignored, :until)"
)


def acted(conn: Connection, group_id: str, member: str) -> None:
    """``member`` acted on an assignment (or helped anyway): their ignored count starts again."""
    if _ACTED.count(conn, {"g": group_id, "m": member}) == 0:
        upsert(
            conn, dispatch_members,
            {"group_id": group_id, "member_id": member, "acted": 1, "ignored": 0},
            ["group_id", "member_id"],
        )  # fmt: skip


def lapse(
    conn: Connection, group_id: str, before: float, now: float, limit: int, pause: float
) -> tuple[list[tuple[int, str]], list[str], dict[str, tuple[int, float]]]:
    """End the assignments made before ``before`` that nobody acted on; count one ignored
    assignment per helper, and pause those who reached ``limit`` in a row for ``pause`` seconds.

    Returns the lapsed (request id, helper) pairs, the members paused just now, and what was
    written of each helper (member → (ignored, paused until)).
    """
    where = {"g": group_id, "before": before}
    # in the order of the index this read used before (time, helper, id): sorted here, since
    # an ORDER BY would send SQLite back to that index
    found = sorted(_LAPSE_SELECT.rows(conn, where), key=lambda r: (r[2], r[1], r[3]))
    rows = [(r[0], r[1], r[2]) for r in found]
    if not rows:
        return [], [], {}
    _LAPSE.run(conn, {**where, "now": now})
    helpers = sorted({h for _, h, _ in rows})
    known = {r[0]: (r[1], r[2]) for r in _IGNORED.rows(conn, {"g": group_id, "ms": helpers})}
    # ignored: they were in the group after being asked and did not act (a member who was
    # not around has not ignored anything)
    seen = {r[0]: r[1] for r in _LAST_SEEN.rows(conn, {"g": group_id, "ms": helpers})}
    paused: list[str] = []
    updates: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    for helper in helpers:
        ignored, until = known.get(helper, (0, 0.0))
        ignored += sum(1 for _, h, at in rows if h == helper and seen.get(h, 0.0) > at)
        if ignored >= limit and until <= now:
            until = now + pause
            paused.append(helper)
            ignored = 0
        change = {"g": group_id, "m": helper, "ignored": ignored, "until": until}
        (updates if helper in known else inserts).append(change)
    if updates:
        _SET_IGNORED.run(conn, updates)
    if inserts:
        _ADD_IGNORED.run(conn, inserts)
    written = {c["m"]: (int(c["ignored"]), float(c["until"])) for c in [*updates, *inserts]}
    return [(rid, h) for rid, h, _ in rows], paused, written


def last_asked(conn: Connection, group_id: str, since: float) -> dict[str, float]:
    """helper → when they were last asked, for assignments made since ``since``."""
    return {r[0]: float(r[1]) for r in _LAST_ASKED.rows(conn, {"g": group_id, "since": since})}


def assignment_group(conn: Connection, member: str, seq: int = 0) -> str | None:
    """The group of ``member``'s latest assignment (to request #``seq`` when given), or None:
    where a private /已助 12 or /休息 sent to the bot belongs."""
    row = _LATEST_ASSIGNMENT.first(conn, {"m": member, "seq": seq})
    return None if row is None else str(row[0])


def private_group(conn: Connection, member: str, seq: int, groups: list[str]) -> str | None:
    """Where a help command ``member`` sent privately belongs: the group of their assignment
    to #``seq``, else the latest of ``groups`` (theirs, latest first) where #``seq`` is their
    own request, else where anyone's #``seq`` is open, else the latest of ``groups``."""
    if seq:
        row = _LATEST_ASSIGNMENT.first(conn, {"m": member, "seq": seq})
        if row is not None:
            return str(row[0])
        if groups:
            found = {
                (str(r[0]), str(r[1]), str(r[2]))
                for r in _SEQ_IN_GROUPS.rows(conn, {"gs": groups, "seq": seq})
            }
            for pick in (
                lambda g, who, _: who == member,
                lambda g, _w, status: status == "open",
            ):
                for g in groups:
                    if any(fg == g and pick(fg, who, st) for fg, who, st in found):
                        return g
    return groups[0] if groups else None
