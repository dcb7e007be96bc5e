"""Read-only queries behind the web console's pages (writes go through the engine's commands).

Every query is bounded (a window of days, a page of rows) and reads an index,
so a page stays fast with a million past requests in the group.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.schema import (
    appeals,
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


def _day(column: Any, offset: float) -> Any:
    """The local day number of a timestamp column (``offset``: the zone's seconds east of UTC)."""
    return sa.cast(sa.func.floor((column + offset) / DAY), sa.Integer)


def requests_per_day(
    conn: Connection, group_id: str, since: float, offset: float
) -> list[tuple[int, int, int]]:
    """(local day, requests posted, of them done) for requests posted since ``since``."""
    day = _day(requests.c.created_at, offset).label("day")
    done = sa.func.sum(sa.case((requests.c.status == "done", 1), else_=0))
    stmt = (
        sa.select(day, sa.func.count(), done)
        .where(requests.c.group_id == group_id, requests.c.created_at >= since)
        .group_by(day)
        .order_by(day)
    )
    return [(int(d), int(n), int(k or 0)) for d, n, k in conn.execute(stmt)]


def closed_counts(conn: Connection, group_id: str, since: float) -> dict[str, int]:
    """How the requests posted since ``since`` ended so far, by status (open included)."""
    stmt = (
        sa.select(requests.c.status, sa.func.count())
        .where(requests.c.group_id == group_id, requests.c.created_at >= since)
        .group_by(requests.c.status)
    )
    return {s: int(n) for s, n in conn.execute(stmt)}


def done_durations(conn: Connection, group_id: str, since: float) -> list[float]:
    """Seconds from posting to done, for the requests posted since ``since`` and done."""
    stmt = sa.select(requests.c.closed_at - requests.c.created_at).where(
        requests.c.group_id == group_id,
        requests.c.created_at >= since,
        requests.c.status == "done",
    )
    return [float(x) for (x,) in conn.execute(stmt) if x is not None]


def helps_per_member(conn: Connection, group_id: str, since: float) -> list[int]:
    """Confirmed helps given since ``since``, one count per member who gave any."""
    stmt = (
        sa.select(sa.func.count())
        .where(ledger.c.group_id == group_id, ledger.c.kind == "given", ledger.c.at >= since)
        .group_by(ledger.c.member)
    )
    return [int(n) for (n,) in conn.execute(stmt)]


def violations_per_day(
    conn: Connection, group_id: str, since: float, offset: float
) -> list[tuple[int, str, int]]:
    """(local day, rule, verdicts) since ``since``."""
    day = _day(violations.c.at, offset).label("day")
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
    """Ledger rows, newest first; by member, by cause (a request number or a message id)."""
    stmt = (
        sa.select(ledger, requests.c.seq)
        .select_from(ledger.outerjoin(requests, requests.c.id == ledger.c.request_id))
        .where(ledger.c.group_id == group_id)
    )
    if member:
        stmt = stmt.where(ledger.c.member == member)
    if cause:
        cause = cause.strip().lstrip("#＃")
        conds = [ledger.c.claim_message_id == cause, ledger.c.confirm_message_id == cause]
        if cause.isdigit():
            conds.append(requests.c.seq == int(cause))
        stmt = stmt.where(sa.or_(*conds))
    if before_id is not None:
        stmt = stmt.where(ledger.c.id < before_id)
    rows = conn.execute(stmt.order_by(ledger.c.id.desc()).limit(limit))
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


def open_appeals(conn: Connection, group_id: str, limit: int = 50) -> list[dict[str, Any]]:
    """Open appeals, oldest first."""
    rows = conn.execute(
        sa.select(appeals)
        .where(appeals.c.group_id == group_id, appeals.c.status == "open")
        .order_by(appeals.c.id)
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]


def known_groups(conn: Connection) -> list[str]:
    """Groups the database has seen (members or requests), for a superuser's list."""
    found = {g for (g,) in conn.execute(sa.select(members.c.group_id).distinct())}
    return sorted(found)
