"""SQL that collusion detection reads: helps by decision time, claims by creation time, first seen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.prepared import Prepared
from huzhu.core.storage.schema import collusion_findings, members

_KEYS = (
    "id",
    "request_id",
    "helper",
    "requester",
    "status",
    "created_at",
    "decided_at",
    "decided_by",
)
_COLS = ", ".join(_KEYS)
# index ix_claims_decided (migration 8): only the helps decided since the last look are read
_DECIDED = Prepared(
    f"SELECT {_COLS} FROM claims WHERE group_id = :g AND decided_at > :after AND decided_at <= :until "
    "AND status = 'confirmed' ORDER BY decided_at, id LIMIT :n"
)
# index ix_claims_recent
_CREATED = Prepared(
    f"SELECT {_COLS} FROM claims WHERE group_id = :g AND created_at > :after AND created_at <= :until "
    "ORDER BY created_at, id LIMIT :n"
)
_OPEN_AT = Prepared(
    "SELECT count(*) FROM requests WHERE group_id = :g AND created_at <= :t AND created_at >= :oldest "
    "AND requester != :m AND (closed_at IS NULL OR closed_at > :t)"
)


def confirmed_between(
    conn: Connection, group_id: str, after: float, until: float, limit: int = 5000
) -> list[dict[str, Any]]:
    """Helps confirmed (and still confirmed) with ``after < decided_at <= until``, oldest first."""
    p = {"g": group_id, "after": after, "until": until, "n": limit}
    return [dict(zip(_KEYS, r, strict=True)) for r in _DECIDED.rows(conn, p)]


def claimed_between(
    conn: Connection, group_id: str, after: float, until: float, limit: int = 5000
) -> list[dict[str, Any]]:
    """Claims of any status made with ``after < created_at <= until``, oldest first."""
    p = {"g": group_id, "after": after, "until": until, "n": limit}
    return [dict(zip(_KEYS, r, strict=True)) for r in _CREATED.rows(conn, p)]


def open_at(conn: Connection, group_id: str, at: float, oldest: float, member: str) -> int:
    """Requests of others open at ``at`` (posted since ``oldest``, a bound on the longest expiry)."""
    return int(_OPEN_AT.scalar(conn, {"g": group_id, "t": at, "oldest": oldest, "m": member}) or 0)


def first_seen_many(conn: Connection, group_id: str, ids: Iterable[str]) -> dict[str, float]:
    """member → when first seen in the group, for those recorded."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = conn.execute(
        sa.select(members.c.member_id, members.c.first_seen).where(
            members.c.group_id == group_id, members.c.member_id.in_(wanted)
        )
    )
    return {r[0]: float(r[1]) for r in rows}


# ---------------------------------------------------------------- reviews (migration 16)
# not a hot path (one look per group every half hour, an admin's /复核): plain SQLAlchemy Core
_F = collusion_findings


def _finding(row: Any) -> dict[str, Any]:
    m = row._mapping
    return {**dict(m["detail"]), "number": int(m["number"]), "key": m["key"], "status": m["status"],
            "at": float(m["at"]), "decided_at": m["decided_at"], "decided_by": m["decided_by"]}  # fmt: skip


def record_finding(
    conn: Connection, group_id: str, key: str, detail: dict[str, Any], now: float
) -> tuple[int, bool]:
    """Record a finding unless one with the same key is open: (its number, True when new).

    An open one gets the fresh evidence. Under the group's lock (and the partial unique
    index on open keys), so of several processes that found the same pattern exactly one
    records it as new — and only that one tells the admins.
    """
    from huzhu.core.storage.requests import lock_group  # requests imports chain, chain this

    lock_group(conn, group_id)
    row = conn.execute(
        sa.select(_F.c.number, _F.c.detail).where(
            _F.c.group_id == group_id, _F.c.key == key, _F.c.status == "open"
        )
    ).first()
    if row is not None:
        if dict(row[1]) != detail:
            conn.execute(
                _F.update()
                .where(_F.c.group_id == group_id, _F.c.number == row[0])
                .values(detail=detail)
            )
        return int(row[0]), False
    number = conn.execute(
        sa.select(sa.func.coalesce(sa.func.max(_F.c.number), 0) + 1).where(
            _F.c.group_id == group_id
        )
    ).scalar_one()
    conn.execute(_F.insert().values(group_id=group_id, number=number, key=key, detail=detail,
                                    status="open", at=now, decided_by=""))  # fmt: skip
    return int(number), True


def findings(
    conn: Connection, group_id: str, status: str = "open", limit: int = 10
) -> list[dict[str, Any]]:
    """The newest ``limit`` findings with ``status``, oldest of them first."""
    rows = conn.execute(
        sa.select(_F).where(_F.c.group_id == group_id, _F.c.status == status)
        .order_by(_F.c.number.desc()).limit(limit)
    ).all()  # fmt: skip
    return [_finding(r) for r in reversed(rows)]


def finding(conn: Connection, group_id: str, number: int) -> dict[str, Any] | None:
    """Finding ``number`` of the group (its evidence with number, key, status, …), or None."""
    row = conn.execute(
        sa.select(_F).where(_F.c.group_id == group_id, _F.c.number == number)
    ).first()
    return None if row is None else _finding(row)


def flagged(conn: Connection, group_id: str) -> set[str]:
    """Every member named in any finding of the group (the simulator's collusion metrics)."""
    rows = conn.execute(sa.select(_F.c.detail).where(_F.c.group_id == group_id))
    return {m for (detail,) in rows for m in detail.get("members", ())}


def decide_finding(
    conn: Connection,
    group_id: str,
    number: int,
    status: str,
    by: str,
    now: float,
    reverse_ids: Iterable[int] = (),
) -> list[int] | None:
    """Decide an open finding (``kept`` or ``reversed``); None when it was not open any more
    (another admin or process decided first). ``reversed``: reverse ``reverse_ids`` with
    compensating ledger rows in the same transaction; return the claims reversed."""
    from huzhu.core.storage import chain
    from huzhu.core.storage.requests import lock_group

    lock_group(conn, group_id)
    changed = conn.execute(
        _F.update()
        .where(_F.c.group_id == group_id, _F.c.number == number, _F.c.status == "open")
        .values(status=status, decided_at=now, decided_by=by)
    ).rowcount
    if not changed:
        return None
    if status != "reversed":
        return []
    return chain.reverse(conn, group_id, reverse_ids, now=now, ref=f"review:{number}")


def cleared(conn: Connection, group_id: str) -> dict[str, float]:
    """finding key → when an admin last kept its helps (only later helps count again)."""
    rows = conn.execute(
        sa.select(_F.c.key, sa.func.max(_F.c.decided_at))
        .where(_F.c.group_id == group_id, _F.c.status == "kept").group_by(_F.c.key)
    )  # fmt: skip
    return {str(k): float(t) for k, t in rows if t is not None}
