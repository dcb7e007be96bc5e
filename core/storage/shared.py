"""SQL of the state several processes share (``huzhu.core.shared``).

Each function is meant to run as its own short transaction (``Database.write_now``):
it touches one row, so two processes never wait on each other in a cycle. On
PostgreSQL these transactions commit without waiting for the disk
(``synchronous_commit = off``): still atomic and consistent, and a crash of the
database server can lose only the last fraction of a second of them (a message
id forgotten, a rate-limit hit uncounted) — never a member's data, which the
group commit writes durably. Waiting for the disk here would cost every
message a flush of its own.
"""

from __future__ import annotations

import json
import math

from sqlalchemy import Connection

from huzhu.core.storage.prepared import Prepared

# a message id seen before counts again only once its row has expired
_CLAIM_EVENT = Prepared(
    "INSERT INTO shared_events (group_id, message_id, at, expires_at) VALUES (:g, :m, :now, :exp) "
    "ON CONFLICT (group_id, message_id) DO UPDATE SET at = excluded.at, expires_at = excluded.expires_at "
    "WHERE shared_events.expires_at <= :now RETURNING 1"
)
# one more unit unless the counter has reached the cap: the row lock makes it atomic
_TAKE = Prepared(
    "INSERT INTO shared_counts (key, n, expires_at) VALUES (:k, 1, :exp) "
    "ON CONFLICT (key) DO UPDATE SET n = shared_counts.n + 1 "
    "WHERE shared_counts.n < :cap RETURNING n"
)
_ENSURE_LIMIT = Prepared(
    "INSERT INTO shared_limits (key, hits, told_at, expires_at) VALUES (:k, '[]', 0, :now) "
    "ON CONFLICT (key) DO NOTHING"
)
_LOCK_LIMIT = Prepared("SELECT hits, told_at FROM shared_limits WHERE key = :k FOR UPDATE")
_READ_LIMIT = Prepared("SELECT hits, told_at FROM shared_limits WHERE key = :k")
_SET_LIMIT = Prepared(
    "UPDATE shared_limits SET hits = :hits, told_at = :told, expires_at = :exp WHERE key = :k"
)
_RELAXED = "SET LOCAL synchronous_commit = off"
_SWEEP = tuple(
    Prepared(f"DELETE FROM {table} WHERE expires_at < :now")
    for table in ("shared_events", "shared_limits", "shared_counts")
)


def _relax(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        conn.exec_driver_sql(_RELAXED)


def first_delivery(
    conn: Connection, group_id: str, message_id: str, now: float, window: float
) -> bool:
    """Claim a message id for ``window`` seconds; True when this caller is the first."""
    params = {"g": group_id, "m": message_id, "now": now, "exp": now + window}
    _relax(conn)
    return bool(_CLAIM_EVENT.rows(conn, params))


def take(conn: Connection, key: str, cap: int, expires_at: float) -> bool:
    """Add one to the counter ``key`` unless it has reached ``cap``; True when added."""
    _relax(conn)
    return bool(_TAKE.rows(conn, {"k": key, "cap": cap, "exp": expires_at}))


def hit(
    conn: Connection, key: str, now: float, limit: int, window: float
) -> tuple[bool, bool, int]:
    """One hit on a sliding-window limit: (allowed, tell the member now, seconds to wait).

    The key's row is locked for the rest of the transaction, so hits from several
    processes are counted one after the other.
    """
    _relax(conn)
    _ENSURE_LIMIT.run(conn, {"k": key, "now": now})
    locked = _READ_LIMIT if conn.dialect.name == "sqlite" else _LOCK_LIMIT  # SQLite: one writer
    raw, told = locked.first(conn, {"k": key}) or ("[]", 0.0)
    cutoff = now - window
    hits = [t for t in json.loads(raw) if t > cutoff]
    allowed = len(hits) < limit
    tell = False
    wait = 0
    if allowed:
        hits.append(now)
    else:
        tell = now - told >= window
        wait = max(1, math.ceil(hits[0] + window - now)) if hits else 1
        if tell:
            told = now
    params = {"k": key, "hits": json.dumps(hits), "told": told, "exp": now + window}
    _SET_LIMIT.run(conn, params)
    return allowed, tell, wait


def last_hit(conn: Connection, key: str) -> float | None:
    """When ``key`` was last counted as allowed (None: never, or its row has been swept).

    A plain read: a caller that is refused most of the time (a once-a-day note) reads
    first and counts with ``hit`` only when the window may have passed.
    """
    row = _READ_LIMIT.first(conn, {"k": key})
    hits = json.loads(row[0]) if row is not None else []
    return max(hits) if hits else None


def sweep(conn: Connection, now: float) -> None:
    """Delete every expired row."""
    for statement in _SWEEP:
        statement.run(conn, {"now": now})
