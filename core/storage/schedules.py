"""Scheduled items: add, list, cancel, and claim due occurrences exactly once."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.prepared import Prepared
from huzhu.core.storage.schema import schedules
from huzhu.core.storage.text import clean_json

COLUMNS = (
    schedules.c.id,
    schedules.c.group_id,
    schedules.c.owner,
    schedules.c.kind,
    schedules.c.cron,
    schedules.c.payload,
    schedules.c.next_at,
    schedules.c.catch_up,
    schedules.c.status,
    schedules.c.created_by,
    schedules.c.fired,
    schedules.c.key,
)


_NAMES = tuple(c.name for c in COLUMNS)


def _row(r: Any) -> dict[str, Any]:
    return dict(r._mapping)


# built once (see ``prepared``): a keyed item is added on every post and claim (reminders)
_INSERT = (
    "INSERT INTO schedules (group_id, owner, kind, cron, payload, next_at, catch_up, status, created_by, "
    "created_at, fired, \"key\") VALUES (:g, :owner, :kind, :cron, :payload, :next_at, :catch_up, 'active', "
    ":by, :at, 0, :key)"
)
_ADD = Prepared(_INSERT + " RETURNING id")
_ADD_KEYED = Prepared(_INSERT + ' ON CONFLICT (group_id, owner, "key") DO NOTHING RETURNING id')
_FIELDS = {"g": "group_id", "owner": "owner", "kind": "kind", "cron": "cron", "next_at": "next_at",
           "catch_up": "catch_up", "by": "created_by", "at": "created_at", "key": "key"}  # fmt: skip


def add(conn: Connection, values: dict[str, Any]) -> int:
    """Insert an active item; returns its id (0 when an item with its ``key`` exists)."""
    params = {p: values.get(col) for p, col in _FIELDS.items()}
    params["cron"] = params["cron"] or ""
    params["catch_up"] = params["catch_up"] or "once"
    params["by"] = params["by"] or ""
    params["payload"] = json.dumps(clean_json(values.get("payload") or {}))
    # (asyncpg, too, takes a JSON column's value as text)
    stmt = _ADD if params["key"] is None else _ADD_KEYED
    return int(stmt.scalar(conn, params) or 0)


def sync_keyed(
    conn: Connection,
    group_id: str,
    owner: str,
    wanted: dict[str, tuple[str, str, dict[str, Any], str, float]],
    now: float,
) -> None:
    """Cancel the owner's active keyed items not in ``wanted`` (or changed); add the missing."""
    current = {
        r.key: (r.id, r.cron, r.kind, r.payload, r.catch_up)
        for r in conn.execute(
            sa.select(schedules.c.id, schedules.c.key, schedules.c.cron, schedules.c.kind,
                      schedules.c.payload, schedules.c.catch_up)
            .where(schedules.c.group_id == group_id, schedules.c.owner == owner,
                   schedules.c.status == "active", schedules.c.key.is_not(None))
        )
    }  # fmt: skip
    for key, (item_id, cron, kind, payload, catch_up) in current.items():
        want = wanted.get(key)
        if want is None or want[:4] != (cron, kind, payload or {}, catch_up):
            conn.execute(
                sa.update(schedules)
                .where(schedules.c.id == item_id)
                .values(status="cancelled", key=None)
            )
            current[key] = None  # type: ignore[assignment]
    for key, (cron, kind, payload, catch_up, first) in wanted.items():
        if current.get(key) is None:
            add(conn, {"group_id": group_id, "owner": owner, "kind": kind, "cron": cron,
                       "payload": payload, "next_at": first, "catch_up": catch_up,
                       "created_by": "", "created_at": now, "key": key})  # fmt: skip


def listing(
    conn: Connection, group_id: str, owner: str | None = None, kind: str | None = None
) -> list[dict[str, Any]]:
    """The group's active items (of one owner / kind), soonest first."""
    stmt = sa.select(*COLUMNS).where(
        schedules.c.group_id == group_id, schedules.c.status == "active"
    )
    if owner is not None:
        stmt = stmt.where(schedules.c.owner == owner)
    if kind is not None:
        stmt = stmt.where(schedules.c.kind == kind)
    return [_row(r) for r in conn.execute(stmt.order_by(schedules.c.next_at, schedules.c.id))]


def cancel(conn: Connection, group_id: str, item_id: int, owner: str | None = None) -> bool:
    """Cancel one active item of the group; False when there is none with that id."""
    stmt = sa.update(schedules).where(
        schedules.c.id == item_id,
        schedules.c.group_id == group_id,
        schedules.c.status == "active",
    )
    if owner is not None:
        stmt = stmt.where(schedules.c.owner == owner)
    return conn.execute(stmt.values(status="cancelled", key=None)).rowcount == 1


_DUE = Prepared(
    "SELECT " + ", ".join(f'"{c.name}"' for c in COLUMNS) + " FROM schedules "
    "WHERE status = 'active' AND next_at <= :now ORDER BY next_at, id LIMIT :limit"
)
#: the compare-and-swap of ``claim_due`` (an item that is done keeps its last ``next_at``)
_CLAIM = Prepared(
    "UPDATE schedules SET next_at = :next_at, status = :status, fired = fired + :fired, "
    "last_fired_at = CASE WHEN :fired = 1 THEN :now ELSE last_fired_at END "
    "WHERE id = :id AND status = 'active' AND next_at = :was"
)


def due(conn: Connection, now: float, limit: int) -> list[dict[str, Any]]:
    """Active items whose time has come, oldest first."""
    out = []
    for row in _DUE.rows(conn, {"now": now, "limit": limit}):
        item = dict(zip(_NAMES, row, strict=True))
        if isinstance(item["payload"], str):  # JSON comes back as its text here
            item["payload"] = json.loads(item["payload"])
        out.append(item)
    return out


def claim_due(
    conn: Connection,
    now: float,
    limit: int,
    plan: Callable[[dict[str, Any]], tuple[float | None, bool]],
) -> list[dict[str, Any]]:
    """Claim the due items: each occurrence is claimed by exactly one caller.

    ``plan(item)`` returns (the next occurrence or None when the item is done,
    whether this occurrence fires). The claim is a compare-and-swap on
    ``next_at``: a second process that read the same row updates nothing, on
    SQLite (one writer at a time) and on PostgreSQL (the UPDATE re-checks its
    WHERE clause after the first transaction commits). Returns the claimed
    items with ``fire`` set.
    """
    claimed = []
    for item in due(conn, now, limit):
        next_at, fire = plan(item)
        won = _CLAIM.count(
            conn,
            {
                "next_at": item["next_at"] if next_at is None else next_at,
                "status": "done" if next_at is None else "active",
                "fired": 1 if fire else 0,
                "now": now,
                "id": item["id"],
                "was": item["next_at"],
            },
        )
        if won == 1:
            claimed.append({**item, "fire": fire})
    return claimed


def history(conn: Connection, group_id: str) -> list[dict[str, Any]]:
    """Every item of a group with how often it fired (tests and tools)."""
    stmt = (
        sa.select(*COLUMNS, schedules.c.last_fired_at)
        .where(schedules.c.group_id == group_id)
        .order_by(schedules.c.id)
    )
    return [_row(r) for r in conn.execute(stmt)]
