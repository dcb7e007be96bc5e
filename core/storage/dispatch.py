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
)
from huzhu.core.storage.schema import assignments, claims, dispatch_members, members, requests

_STANCES = Prepared(
    "SELECT member_id, stance, away_until, acted, ignored, paused_until FROM dispatch_members "
    "WHERE group_id = :g AND (stance != '' OR ignored > 0 OR acted > 0 OR paused_until > 0)"
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
    wanted = set(requesters)
    if not wanted:
        return set()
    # the group's claims of the window (index ix_claims_recent), filtered here: a planner
    # given "requester IN …" may walk each requester's whole history instead
    rows = conn.execute(
        sa.select(claims.c.helper, claims.c.requester, requests.c.platform, requests.c.activity)
        .join(requests, requests.c.id == claims.c.request_id)
        .where(
            claims.c.group_id == group_id,
            claims.c.created_at >= since,
            claims.c.status != "denied",
        )
    )
    return {(r[0], r[1], f"{r[2]}:{r[3]}") for r in rows if r[1] in wanted}


def helps_since(conn: Connection, group_id: str, since: float) -> dict[str, int]:
    """helper → claims (not denied) since ``since``, counted here: with ``GROUP BY helper`` the
    planner walks the group's whole history by helper (1.6 s at 100,000 past requests)."""
    out: dict[str, int] = {}
    for (helper,) in conn.execute(
        sa.select(claims.c.helper).where(
            claims.c.group_id == group_id, claims.c.created_at >= since, claims.c.status != "denied"
        )
    ):
        out[helper] = out.get(helper, 0) + 1
    return out


def stances(conn: Connection, group_id: str) -> dict[str, tuple[str, float, int, int, float]]:
    """member → (stance, away until, acted, ignored, paused until), for members with a record."""
    return {r[0]: (r[1], r[2], r[3], r[4], r[5]) for r in _STANCES.rows(conn, {"g": group_id})}


def snapshot(
    conn: Connection,
    group_id: str,
    *,
    active_since: float,
    day_since: float,
    pairs_from: float,
    requesters: list[str],
) -> dict[str, Any]:
    """Everything a plan needs, in one read: members seen since ``active_since``, helps since
    ``day_since``, live assignments, claimants and past assignees of the open requests, the
    repeat pairs since ``pairs_from`` of ``requesters``, and members' stances."""
    return {
        "active": active_members(conn, group_id, active_since),
        "helps_today": helps_since(conn, group_id, day_since),
        "assignments": active_assignments(conn, group_id),
        "claimants": claimants(conn, group_id),
        "assigned_before": assigned_before(conn, group_id),
        "helped_pairs": pairs_since(conn, group_id, requesters, pairs_from),
        "stances": stances(conn, group_id),
        "last_asked": last_asked(conn, group_id, active_since),
    }


def set_stance(
    conn: Connection, group_id: str, member: str, stance: str, now: float, until: float = 0.0
) -> None:
    """/接单 (``available``) or /休息 (``away``, until ``until`` or 0: until /接单); either ends
    a pause for ignored assignments (the member spoke up)."""
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


def acted(conn: Connection, group_id: str, member: str) -> None:
    """``member`` acted on an assignment (or helped anyway): their ignored count starts again."""
    done = conn.execute(
        dispatch_members.update()
        .where(dispatch_members.c.group_id == group_id, dispatch_members.c.member_id == member)
        .values(acted=dispatch_members.c.acted + 1, ignored=0, paused_until=0.0)
    )
    if done.rowcount == 0:
        upsert(
            conn, dispatch_members,
            {"group_id": group_id, "member_id": member, "acted": 1, "ignored": 0},
            ["group_id", "member_id"],
        )  # fmt: skip


def lapse(
    conn: Connection, group_id: str, before: float, now: float, limit: int, pause: float
) -> tuple[list[tuple[int, str]], list[str]]:
    """End the assignments made before ``before`` that nobody acted on; count one ignored
    assignment per helper, and pause those who reached ``limit`` in a row for ``pause`` seconds.

    Returns the lapsed (request id, helper) pairs and the members paused just now.
    """
    cond = [
        assignments.c.group_id == group_id,
        assignments.c.status == "active",
        assignments.c.assigned_at <= before,
    ]
    rows = [
        (r[0], r[1], r[2])
        for r in conn.execute(
            sa.select(
                assignments.c.request_id, assignments.c.helper, assignments.c.assigned_at
            ).where(*cond)
        )
    ]
    if not rows:
        return [], []
    conn.execute(assignments.update().where(*cond).values(status="lapsed", ended_at=now))
    helpers = sorted({h for _, h, _ in rows})
    known = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            sa.select(
                dispatch_members.c.member_id, dispatch_members.c.ignored,
                dispatch_members.c.paused_until,
            ).where(dispatch_members.c.group_id == group_id, dispatch_members.c.member_id.in_(helpers))
        )
    }  # fmt: skip
    # ignored: they were in the group after being asked and did not act (a member who was
    # not around has not ignored anything)
    seen = {
        r[0]: r[1]
        for r in conn.execute(
            sa.select(members.c.member_id, members.c.last_seen).where(
                members.c.group_id == group_id, members.c.member_id.in_(helpers)
            )
        )
    }
    paused: list[str] = []
    for helper in helpers:
        ignored, until = known.get(helper, (0, 0.0))
        ignored += sum(1 for _, h, at in rows if h == helper and seen.get(h, 0.0) > at)
        if ignored >= limit and until <= now:
            until = now + pause
            paused.append(helper)
            ignored = 0
        if helper in known:
            conn.execute(
                dispatch_members.update()
                .where(dispatch_members.c.group_id == group_id, dispatch_members.c.member_id == helper)
                .values(ignored=ignored, paused_until=until)
            )  # fmt: skip
        else:
            conn.execute(
                dispatch_members.insert().values(
                    group_id=group_id, member_id=helper, ignored=ignored, paused_until=until
                )
            )
    return [(rid, h) for rid, h, _ in rows], paused


def last_asked(conn: Connection, group_id: str, since: float) -> dict[str, float]:
    """helper → when they were last asked, for assignments made since ``since``."""
    rows = conn.execute(
        sa.select(assignments.c.helper, sa.func.max(assignments.c.assigned_at))
        .where(assignments.c.group_id == group_id, assignments.c.assigned_at >= since)
        .group_by(assignments.c.helper)
    )
    return {r[0]: float(r[1]) for r in rows}


def assignment_group(conn: Connection, member: str, seq: int = 0) -> str | None:
    """The group of ``member``'s latest assignment (to request #``seq`` when given), or None:
    where a private /已助 12 or /休息 sent to the bot belongs."""
    row = _LATEST_ASSIGNMENT.first(conn, {"m": member, "seq": seq})
    return None if row is None else str(row[0])


def member_groups(conn: Connection, member: str, limit: int = 20) -> list[str]:
    """The groups ``member`` was seen in, latest first (index ``ix_members_member``)."""
    rows = conn.execute(
        sa.select(members.c.group_id)
        .where(members.c.member_id == member)
        .order_by(members.c.last_seen.desc())
        .limit(limit)
    )
    return [str(r[0]) for r in rows]


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
                for r in conn.execute(
                    sa.select(requests.c.group_id, requests.c.requester, requests.c.status).where(
                        requests.c.group_id.in_(groups), requests.c.seq == seq
                    )
                )
            }
            for pick in (
                lambda g, who, _: who == member,
                lambda g, _w, status: status == "open",
            ):
                for g in groups:
                    if any(fg == g and pick(fg, who, st) for fg, who, st in found):
                        return g
    return groups[0] if groups else None
