"""The core's SQL statements, as functions of a connection (run via ``Database``)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import sqlite

from huzhu.core.storage.prepared import Prepared
from huzhu.core.storage.schema import appeals, audit_log, kv, overrides, pardons, violations


def upsert(conn: Connection, table: sa.Table, values: dict[str, Any], keys: list[str]) -> None:
    """INSERT … ON CONFLICT (keys) DO UPDATE, for SQLite and PostgreSQL alike."""
    if conn.dialect.name == "sqlite":
        insert = sqlite.insert
    else:  # imported here: a bot on SQLite never needs PostgreSQL's dialect (~60 ms)
        from sqlalchemy.dialects.postgresql import insert
    stmt = insert(table).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=keys, set_={k: v for k, v in values.items() if k not in keys}
    )
    conn.execute(stmt)


# ---------------------------------------------------------------- key-value store
def kv_get(conn: Connection, group_id: str, namespace: str, key: str) -> Any:
    """One value, or None."""
    row = (
        conn.execute(
            sa.select(kv.c.value).where(
                kv.c.group_id == group_id, kv.c.namespace == namespace, kv.c.key == key
            )
        )
    ).first()
    return None if row is None else row[0]


def kv_set(
    conn: Connection, group_id: str, namespace: str, key: str, value: Any, at: float
) -> None:
    """Store a value."""
    upsert(
        conn,
        kv,
        {
            "group_id": group_id,
            "namespace": namespace,
            "key": key,
            "value": value,
            "updated_at": at,
        },
        ["group_id", "namespace", "key"],
    )


def kv_delete(conn: Connection, group_id: str, namespace: str, key: str) -> None:
    """Remove a value."""
    conn.execute(
        sa.delete(kv).where(kv.c.group_id == group_id, kv.c.namespace == namespace, kv.c.key == key)
    )


# ---------------------------------------------------------------- runtime overrides
def overrides_all(conn: Connection) -> list[tuple[str, str, str, Any, str]]:
    """Every override as (group, plugin, key, value, set_by)."""
    rows = conn.execute(
        sa.select(
            overrides.c.group_id,
            overrides.c.plugin,
            overrides.c.key,
            overrides.c.value,
            overrides.c.set_by,
        )
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def override_set(
    conn: Connection, group_id: str, plugin: str, key: str, value: Any, by: str, at: float
) -> None:
    """Set one override."""
    upsert(
        conn, overrides,
        {"group_id": group_id, "plugin": plugin, "key": key, "value": value, "set_by": by, "set_at": at},
        ["group_id", "plugin", "key"],
    )  # fmt: skip


def override_delete(conn: Connection, group_id: str, plugin: str, key: str) -> int:
    """Remove one override; return how many rows went."""
    res = conn.execute(
        sa.delete(overrides).where(
            overrides.c.group_id == group_id, overrides.c.plugin == plugin, overrides.c.key == key
        )
    )
    return res.rowcount or 0


# ---------------------------------------------------------------- violations and audit
def active_strikes(conn: Connection, group_id: str, member_id: str, since: float) -> int:
    """Strikes of a member after ``since`` and after their latest pardon."""
    return int(_ACTIVE_STRIKES.scalar(conn, {"g": group_id, "m": member_id, "since": since}) or 0)


#: read on every violation that counts strikes (flood, links …): built once, not per call
_ACTIVE_STRIKES = Prepared(
    "SELECT coalesce(sum(strikes), 0) FROM violations WHERE group_id = :g AND member_id = :m "
    "AND at >= :since AND at > (SELECT coalesce(max(at), 0.0) FROM pardons "
    "WHERE group_id = :g AND member_id = :m)"
)


def severe_removal(
    conn: Connection, group_id: str, member_id: str, since: float
) -> dict[str, Any] | None:
    """The latest removal of a member for a SEVERE verdict after ``since`` and their latest pardon."""
    last_pardon = (
        sa.select(sa.func.coalesce(sa.func.max(pardons.c.at), 0.0))
        .where(pardons.c.group_id == group_id, pardons.c.member_id == member_id)
        .scalar_subquery()
    )
    row = conn.execute(
        sa.select(violations.c.rule, violations.c.reason, violations.c.at)
        .where(
            violations.c.group_id == group_id,
            violations.c.member_id == member_id,
            violations.c.severity >= 3,  # Severity.SEVERE
            violations.c.step == "kick",
            violations.c.at >= since,
            violations.c.at > last_pardon,
        )
        .order_by(violations.c.at.desc())
        .limit(1)
    ).first()
    return None if row is None else {"rule": row.rule, "reason": row.reason, "at": row.at}


def record_violation(conn: Connection, row: dict[str, Any], *, audit: bool = True) -> int:
    """Append a violation (and, unless the caller audits it itself, its audit entry); return its id."""
    res = conn.execute(_VIOLATION, row)
    if audit:
        add_audit(
            conn, row["group_id"], "bot", f"enforce:{row['step']}", row["member_id"],
            {"rule": row["rule"], "reason": row["reason"], "strikes": row["strikes"], "message_id": row["message_id"]},
            row["at"],
        )  # fmt: skip
    return int(res.inserted_primary_key[0])  # type: ignore[index]


def add_pardon(conn: Connection, group_id: str, member_id: str, by: str, at: float) -> None:
    """Clear a member's strikes (by appending a pardon)."""
    conn.execute(pardons.insert().values(group_id=group_id, member_id=member_id, by=by, at=at))


def add_audit(
    conn: Connection,
    group_id: str,
    actor: str,
    action: str,
    target: str,
    detail: dict[str, Any],
    at: float,
) -> None:
    """Append one audit-log entry."""
    conn.execute(
        _AUDIT,
        {"group_id": group_id, "actor": actor, "action": action, "target": target,
         "detail": detail, "at": at},
    )  # fmt: skip


#: built once: SQLAlchemy caches their compiled form, and the columns' types still apply (the
#: audit's JSON); ``insert().values(...)`` built per call cost more than the insert itself
_AUDIT = audit_log.insert()
_VIOLATION = violations.insert()


def audit_recent(
    conn: Connection, group_id: str, limit: int = 20, target: str | None = None
) -> list[dict[str, Any]]:
    """The newest audit entries of a group (about ``target`` only, when given)."""
    stmt = sa.select(audit_log).where(audit_log.c.group_id == group_id)
    if target is not None:
        stmt = stmt.where(audit_log.c.target == target)
    rows = conn.execute(stmt.order_by(audit_log.c.id.desc()).limit(limit))
    return [dict(r._mapping) for r in rows]


def audit_range(
    conn: Connection, group_id: str | None, since: float, after_id: int = 0, limit: int = 5000
) -> list[dict[str, Any]]:
    """Audit entries in id order from ``after_id`` on (one page of an export)."""
    stmt = sa.select(audit_log).where(audit_log.c.at >= since, audit_log.c.id > after_id)
    if group_id is not None:
        stmt = stmt.where(audit_log.c.group_id == group_id)
    rows = conn.execute(stmt.order_by(audit_log.c.id).limit(limit))
    return [dict(r._mapping) for r in rows]


def latest_violation(conn: Connection, group_id: str, member_id: str) -> dict[str, Any] | None:
    """A member's most recent violation, or None."""
    row = conn.execute(
        sa.select(violations)
        .where(violations.c.group_id == group_id, violations.c.member_id == member_id)
        .order_by(violations.c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else dict(row._mapping)


#: a violation that penalised the member: a strike, or a mute or kick (an admin's /禁言 counts
#: no strike); a removal without a strike (personal data, the rest of a flood) is none
_PENALTY = sa.or_(violations.c.strikes > 0, violations.c.step.in_(("mute", "kick")))


def latest_penalty(conn: Connection, group_id: str, member_id: str) -> dict[str, Any] | None:
    """A member's most recent penalty (``_PENALTY``) in a group, else their most recent
    violation of any kind, or None: what an appeal is about."""
    row = conn.execute(
        sa.select(violations)
        .where(violations.c.group_id == group_id, violations.c.member_id == member_id, _PENALTY)
        .order_by(violations.c.id.desc())
        .limit(1)
    ).first()
    return dict(row._mapping) if row is not None else latest_violation(conn, group_id, member_id)


def latest_penalty_group(conn: Connection, member_id: str) -> str | None:
    """The group of a member's most recent penalty in any group (private /申诉), else of their
    most recent violation, or None."""
    for where in (sa.and_(violations.c.member_id == member_id, _PENALTY),
                  violations.c.member_id == member_id):  # fmt: skip
        row = conn.execute(
            sa.select(violations.c.group_id).where(where).order_by(violations.c.at.desc()).limit(1)
        ).first()
        if row is not None:
            return str(row.group_id)
    return None


# ---------------------------------------------------------------- appeals
def appeal_open_of(conn: Connection, group_id: str, member_id: str) -> dict[str, Any] | None:
    """The member's open appeal, if any."""
    row = conn.execute(
        sa.select(appeals).where(
            appeals.c.group_id == group_id,
            appeals.c.member_id == member_id,
            appeals.c.status == "open",
        )
    ).first()
    return None if row is None else dict(row._mapping)


def add_appeal(
    conn: Connection, group_id: str, member_id: str, text: str, at: float
) -> dict[str, Any]:
    """Record an appeal against the member's latest penalty (with its audit entry): a strike,
    mute or kick before a later removal that counted nothing (``latest_penalty``)."""
    last = latest_penalty(conn, group_id, member_id)
    values = {
        "group_id": group_id, "member_id": member_id, "text": text, "status": "open", "created_at": at,
        "violation_id": last["id"] if last else 0,
    }  # fmt: skip
    res = conn.execute(appeals.insert().values(**values))
    appeal_id = int(res.inserted_primary_key[0])  # type: ignore[index]
    add_audit(
        conn, group_id, member_id, "appeal", member_id, {"appeal": appeal_id, "text": text}, at
    )
    return {**values, "id": appeal_id, "violation": last}


def get_appeal(conn: Connection, group_id: str, appeal_id: int) -> dict[str, Any] | None:
    """One appeal of a group."""
    row = conn.execute(
        sa.select(appeals).where(appeals.c.group_id == group_id, appeals.c.id == appeal_id)
    ).first()
    return None if row is None else dict(row._mapping)


def open_appeals(conn: Connection, group_id: str, limit: int = 10) -> list[dict[str, Any]]:
    """Open appeals of a group, oldest first."""
    rows = conn.execute(
        sa.select(appeals)
        .where(appeals.c.group_id == group_id, appeals.c.status == "open")
        .order_by(appeals.c.id)
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]


def resolve_appeal(
    conn: Connection, group_id: str, appeal_id: int, status: str, by: str, note: str, at: float
) -> bool:
    """Close an open appeal as upheld or pardoned; False when it was not open."""
    res = conn.execute(
        sa.update(appeals)
        .where(
            appeals.c.group_id == group_id, appeals.c.id == appeal_id, appeals.c.status == "open"
        )
        .values(status=status, resolved_by=by, resolved_at=at, resolution=note)
    )
    return bool(res.rowcount)


def count_rows(conn: Connection, table: str) -> int:
    """Number of rows in a core table (for checks and tests)."""
    t = {
        "violations": violations,
        "audit_log": audit_log,
        "kv": kv,
        "overrides": overrides,
        "pardons": pardons,
        "appeals": appeals,
    }[table]
    return int((conn.execute(sa.select(sa.func.count()).select_from(t))).scalar() or 0)
