"""Read-only queries behind the web console's pages (writes go through the engine's commands).

Every query is bounded (a window of days, a page of rows) and reads an index,
so a page stays fast with a million past requests in the group.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.schema import (
    bot_posts,
    claims,
    ledger,
    members,
    pardons,
    requests,
    violations,
)

DAY = 86400.0
_STATES = ("open", "done", "expired", "cancelled", "removed")


def _day(conn: Connection, column: Any, offset: float) -> Any:
    """The local day number of a timestamp column (``offset``: the zone's seconds east of UTC).

    Times are positive, so SQLite's truncating cast is the floor; PostgreSQL rounds, so floor.
    """
    shifted = (column + offset) / DAY
    if conn.dialect.name != "sqlite":
        shifted = sa.func.floor(shifted)
    return sa.cast(shifted, sa.Integer)


def _recent_requests(group_id: str, since: float) -> Any:
    # the covering index (group_id, created_at, status, closed_at): no table rows read
    return sa.and_(requests.c.group_id == group_id, requests.c.created_at >= since)


def requests_per_day(
    conn: Connection, group_id: str, since: float, offset: float
) -> list[tuple[int, int, int, int]]:
    """(local day, requests posted, of them done, of them still open) since ``since``."""
    day = _day(conn, requests.c.created_at, offset).label("day")
    done = sa.func.sum(sa.case((requests.c.status == "done", 1), else_=0))
    still = sa.func.sum(sa.case((requests.c.status == "open", 1), else_=0))
    stmt = (
        sa.select(day, sa.func.count(), done, still)
        .where(_recent_requests(group_id, since))
        .group_by(day)
    )
    return [(int(d), int(n), int(k or 0), int(o or 0)) for d, n, k, o in conn.execute(stmt)]


def done_minutes(conn: Connection, group_id: str, since: float) -> list[tuple[int, int]]:
    """(whole minutes from posting to done, how many requests) for those posted since ``since``.

    One pass over the covering index; the quantiles are read off this histogram, exact to
    the minute, instead of sorting every duration.
    """
    took = sa.cast((requests.c.closed_at - requests.c.created_at) / 60, sa.Integer)
    if conn.dialect.name != "sqlite":
        took = sa.cast(
            sa.func.floor((requests.c.closed_at - requests.c.created_at) / 60), sa.Integer
        )
    minute = took.label("minute")
    stmt = (
        sa.select(minute, sa.func.count())
        # status through an expression: the planner keeps to the covering index
        .where(_recent_requests(group_id, since), sa.func.coalesce(requests.c.status, "") == "done")
        .group_by(minute)
        .order_by(minute)
    )
    return [(int(m), int(n)) for m, n in conn.execute(stmt)]


def helps_histogram(
    conn: Connection, group_id: str, since: float, buckets: tuple[tuple[int, int], ...]
) -> list[int]:
    """How many members gave a number of helps in each bucket (lo, hi) since ``since``."""
    per_member = (
        sa.select(sa.func.count().label("n"))
        .where(ledger.c.group_id == group_id, ledger.c.kind == "given", ledger.c.at >= since)
        # grouped by an expression, so the range of ix_ledger_recent is read, not the whole ledger
        .group_by(sa.func.coalesce(ledger.c.member, ""))
        .subquery()
    )
    bucket = sa.case(
        *[
            (sa.and_(per_member.c.n >= lo, per_member.c.n <= hi), i)
            for i, (lo, hi) in enumerate(buckets)
        ],
        else_=-1,
    ).label("bucket")
    counts = [0] * len(buckets)
    for b, n in conn.execute(sa.select(bucket, sa.func.count()).group_by(bucket)):
        if b >= 0:
            counts[int(b)] = int(n)
    return counts


def violations_per_day(
    conn: Connection, group_id: str, since: float, offset: float
) -> list[tuple[int, str, int]]:
    """(local day, rule, verdicts) since ``since``."""
    day = _day(conn, violations.c.at, offset).label("day")
    stmt = (
        sa.select(day, violations.c.rule, sa.func.count())
        .where(violations.c.group_id == group_id, violations.c.at >= since)
        .group_by(day, violations.c.rule)
        .order_by(day)
    )
    return [(int(d), str(r), int(n)) for d, r, n in conn.execute(stmt)]


def posts_per_hour(conn: Connection, group_id: str, since: float) -> list[tuple[float, int]]:
    """(start of the hour, the bot's unsolicited posts) since ``since``."""
    stmt = (
        sa.select(bot_posts.c.hour, bot_posts.c.count)
        .where(bot_posts.c.group_id == group_id, bot_posts.c.hour >= since)
        .order_by(bot_posts.c.hour)
    )
    return [(float(h), int(n)) for h, n in conn.execute(stmt)]


# ---------------------------------------------------------------- queue
def open_queue(conn: Connection, group_id: str, limit: int = 200) -> list[dict[str, Any]]:
    """Open requests, oldest first, each with its claims (helper, status)."""
    rows = conn.execute(
        sa.select(requests.c.id, requests.c.seq, requests.c.requester, requests.c.platform,
                  requests.c.activity, requests.c.note, requests.c.needed, requests.c.helped,
                  requests.c.created_at, requests.c.expires_at)
        .where(requests.c.group_id == group_id, requests.c.status == "open")
        .order_by(requests.c.created_at)
        .limit(limit)
    ).all()  # fmt: skip
    out = [dict(r._mapping, claims=[]) for r in rows]
    by_id = {r["id"]: r for r in out}
    if by_id:
        for rid, helper, status in conn.execute(
            sa.select(claims.c.request_id, claims.c.helper, claims.c.status)
            .where(claims.c.request_id.in_(list(by_id)))
            .order_by(claims.c.id)
        ):
            by_id[rid]["claims"].append((helper, status))
    return out


# ---------------------------------------------------------------- ledger
def ledger_page(
    conn: Connection,
    group_id: str,
    member: str | None = None,
    cause: str | None = None,
    before_id: int | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Ledger rows, newest first; of one member, and/or caused by one request (its number)."""
    stmt = (
        sa.select(ledger, requests.c.seq)
        .select_from(ledger.outerjoin(requests, requests.c.id == ledger.c.request_id))
        .where(ledger.c.group_id == group_id)
    )
    order: Any = ledger.c.id.desc()
    if member:
        stmt = stmt.where(ledger.c.member == member)
        # a member's rows through their index, then sorted: not the whole ledger walked by id
        order = sa.func.coalesce(ledger.c.id, 0).desc()
    if cause:
        seq = cause.strip().lstrip("#＃")
        request_id = (
            conn.execute(
                sa.select(requests.c.id).where(
                    requests.c.group_id == group_id, requests.c.seq == int(seq)
                )
            ).scalar()
            if seq.isdigit() and len(seq) < 10
            else None
        )
        claim_ids = [
            c
            for (c,) in conn.execute(
                sa.select(claims.c.id).where(claims.c.request_id == request_id)
            )
        ]
        stmt = stmt.where(ledger.c.claim_id.in_(claim_ids or [-1]))
    if before_id is not None:
        stmt = stmt.where(ledger.c.id < before_id)
    rows = conn.execute(stmt.order_by(order).limit(limit))
    return [dict(r._mapping) for r in rows]


# ---------------------------------------------------------------- members
def member_page(
    conn: Connection, group_id: str, search: str = "", limit: int = 100
) -> list[dict[str, Any]]:
    """Members, most recently seen first (filtered by id or name), with their name and times."""
    stmt = sa.select(members.c.member_id, members.c.name, members.c.first_seen,
                     members.c.last_seen).where(members.c.group_id == group_id)  # fmt: skip
    if search:
        like = "%" + search.replace("%", "").replace("_", "") + "%"
        stmt = stmt.where(sa.or_(members.c.member_id.like(like), members.c.name.like(like)))
    rows = conn.execute(stmt.order_by(members.c.last_seen.desc()).limit(limit))
    return [dict(r._mapping) for r in rows]


def member_totals(
    conn: Connection, group_id: str, ids: list[str], strikes_since: float
) -> dict[str, dict[str, int]]:
    """For each member: 助力值 (sum of the ledger), helps given and received, active strikes."""
    out = {m: {"balance": 0, "given": 0, "received": 0, "strikes": 0} for m in ids}
    if not ids:
        return out
    for member, kind, n, total in conn.execute(
        sa.select(ledger.c.member, ledger.c.kind, sa.func.count(), sa.func.sum(ledger.c.delta))
        .where(ledger.c.group_id == group_id, ledger.c.member.in_(ids))
        .group_by(ledger.c.member, ledger.c.kind)
    ):
        row = out[member]
        row["balance"] += int(total or 0)
        if kind in ("given", "received"):
            row[kind] = int(n)
    last_pardon = (
        sa.select(sa.func.coalesce(sa.func.max(pardons.c.at), 0.0))
        .where(pardons.c.group_id == group_id, pardons.c.member_id == violations.c.member_id)
        .scalar_subquery()
    )
    for member, strikes in conn.execute(
        sa.select(violations.c.member_id, sa.func.sum(violations.c.strikes))
        .where(violations.c.group_id == group_id, violations.c.member_id.in_(ids),
               violations.c.at >= strikes_since, violations.c.at > last_pardon)
        .group_by(violations.c.member_id)
    ):  # fmt: skip
        out[member]["strikes"] = int(strikes or 0)
    return out


# ---------------------------------------------------------------- moderation
def recent_violations(conn: Connection, group_id: str, limit: int = 50) -> list[dict[str, Any]]:
    """The newest verdicts the bot enforced in a group."""
    rows = conn.execute(
        sa.select(violations)
        .where(violations.c.group_id == group_id)
        .order_by(violations.c.at.desc())
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]


def known_groups(conn: Connection) -> list[str]:
    """Groups the database has seen (members or requests), for a superuser's list."""
    found = {g for (g,) in conn.execute(sa.select(members.c.group_id).distinct())}
    return sorted(found)
