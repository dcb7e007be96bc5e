"""SQL that collusion detection reads: helps by decision time, claims by creation time, first seen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.prepared import Prepared
from huzhu.core.storage.schema import members

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
