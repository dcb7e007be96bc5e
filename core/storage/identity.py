"""SQL of identity bindings (one person, several platform accounts) and alliances of groups."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.prepared import Prepared
from huzhu.core.storage.schema import (
    alliance_invites,
    alliance_members,
    identity_codes,
    identity_links,
    ledger,
    pardons,
    violations,
)


# ---------------------------------------------------------------- bindings
def person_of(conn: Connection, account: str) -> str:
    """The person ``account`` belongs to (itself when unbound)."""
    row = conn.execute(
        sa.select(identity_links.c.person).where(identity_links.c.account == account)
    ).first()
    return account if row is None else str(row[0])


#: ``accounts_of`` in one statement: it runs for every score not cached (a violation, a new member)
_ACCOUNTS = Prepared(
    "SELECT account FROM identity_links WHERE person = "
    "coalesce((SELECT person FROM identity_links WHERE account = :a), :a) ORDER BY at"
)


def accounts_of(conn: Connection, account: str) -> list[str]:
    """Every account of ``account``'s person, ``account`` first."""
    others = [str(r[0]) for r in _ACCOUNTS.rows(conn, {"a": account}) if r[0] != account]
    return [account, *others]


#: prepared: it runs for every help command sent privately (building the select cost 5x the query)
_MEMBER_GROUPS = Prepared(
    "SELECT group_id FROM members WHERE member_id = :m ORDER BY last_seen DESC LIMIT :limit"
)


def member_groups(conn: Connection, account: str, limit: int = 20) -> list[str]:
    """The groups ``account`` was seen in, latest first (index ``ix_members_member``)."""
    return [str(r[0]) for r in _MEMBER_GROUPS.rows(conn, {"m": account, "limit": limit})]


def latest_group(conn: Connection, account: str) -> str | None:
    """The group where ``account`` was last seen (a QQ temporary session needs one), or None."""
    groups = member_groups(conn, account, limit=1)
    return groups[0] if groups else None


def add_code(conn: Connection, code: str, account: str, now: float, ttl: float) -> None:
    """A new binding code for ``account`` (its earlier unused codes stop working)."""
    conn.execute(
        identity_codes.update()
        .where(identity_codes.c.account == account, identity_codes.c.used_at.is_(None))
        .values(used_at=now, used_by="")
    )
    conn.execute(
        identity_codes.insert().values(
            code=code, account=account, created_at=now, expires_at=now + ttl
        )
    )


def redeem(conn: Connection, code: str, account: str, now: float) -> tuple[str, str | None]:
    """Use ``code`` from ``account``: ("linked", the code's account) or (why not, None).

    Why not: ``unknown`` (no such code, or used), ``expired``, ``same_platform``
    (both accounts on one platform), ``self``.
    """
    row = conn.execute(
        sa.select(identity_codes).where(
            identity_codes.c.code == code, identity_codes.c.used_at.is_(None)
        )
    ).first()
    if row is None:
        return "unknown", None
    if row.expires_at <= now:
        return "expired", None
    origin = str(row.account)
    if origin == account:
        return "self", None
    if origin.partition(":")[0] == account.partition(":")[0]:
        return "same_platform", None
    # single use: whoever updates the row first wins, a second redeem finds it used
    done = conn.execute(
        identity_codes.update()
        .where(identity_codes.c.code == code, identity_codes.c.used_at.is_(None))
        .values(used_at=now, used_by=account)
    )
    if done.rowcount != 1:
        return "unknown", None
    person = person_of(conn, origin)
    for acc in (origin, account):
        old = person_of(conn, acc)
        if old != acc or acc == person:
            # already someone's: move that whole person over (one person, not a chain)
            conn.execute(
                identity_links.update().where(identity_links.c.person == old).values(person=person)
            )
    for acc in (origin, account):
        exists = conn.execute(
            sa.select(identity_links.c.account).where(identity_links.c.account == acc)
        ).first()
        if exists is None:
            conn.execute(identity_links.insert().values(account=acc, person=person, at=now))
    return "linked", origin


def unlink(conn: Connection, account: str) -> list[str]:
    """Detach ``account`` from its person; returns the accounts it was bound to."""
    accounts = accounts_of(conn, account)
    if len(accounts) == 1:
        return []
    person = person_of(conn, account)
    conn.execute(identity_links.delete().where(identity_links.c.account == account))
    rest = accounts[1:]
    if person == account:  # the rest keep being one person, named after their oldest account
        conn.execute(
            identity_links.update().where(identity_links.c.person == account).values(person=rest[0])
        )
    if len(rest) == 1:
        conn.execute(identity_links.delete().where(identity_links.c.account == rest[0]))
    return rest


def person_totals(conn: Connection, account: str) -> dict[str, int] | None:
    """For a bound account: its person's ledger summed over every account and group
    (``accounts``, ``groups``, ``balance``, ``given``, ``received``); None when unbound."""
    accounts = accounts_of(conn, account)
    if len(accounts) < 2:
        return None
    row = conn.execute(
        sa.select(
            sa.func.count(sa.distinct(ledger.c.group_id)),
            sa.func.coalesce(sa.func.sum(ledger.c.delta), 0),
            sa.func.sum(sa.case((ledger.c.kind == "given", 1), else_=0)),
            sa.func.sum(sa.case((ledger.c.kind == "received", 1), else_=0)),
        ).where(ledger.c.member.in_(accounts))
    ).first()
    groups, balance, given, received = (int(x or 0) for x in (row or (0, 0, 0, 0)))
    return {"accounts": len(accounts), "groups": groups, "balance": balance, "given": given,
            "received": received}  # fmt: skip


# ---------------------------------------------------------------- alliances
def alliances_of(conn: Connection, group_id: str) -> dict[str, list[str]]:
    """Alliance → its groups, for the alliances stored for ``group_id``."""
    names = [
        str(r[0])
        for r in conn.execute(
            sa.select(alliance_members.c.alliance).where(alliance_members.c.group_id == group_id)
        )
    ]
    out: dict[str, list[str]] = {}
    for name in names:
        out[name] = [
            str(r[0])
            for r in conn.execute(
                sa.select(alliance_members.c.group_id)
                .where(alliance_members.c.alliance == name)
                .order_by(alliance_members.c.at)
            )
        ]
    return out


def add_invite(
    conn: Connection, code: str, alliance: str, group_id: str, by: str, expires: float
) -> None:
    """An owner of ``group_id`` invites another group into ``alliance`` (joining it themselves)."""
    conn.execute(
        alliance_invites.insert().values(
            code=code, alliance=alliance, group_id=group_id, by=by, expires_at=expires
        )
    )


def accept_invite(
    conn: Connection, code: str, group_id: str, by: str, now: float
) -> tuple[str, dict[str, Any] | None]:
    """The owner of ``group_id`` accepts: both groups join. ("joined", invite) or (why not, None)."""
    row = conn.execute(
        sa.select(alliance_invites).where(
            alliance_invites.c.code == code, alliance_invites.c.used_at.is_(None)
        )
    ).first()
    if row is None:
        return "unknown", None
    if row.expires_at <= now:
        return "expired", None
    if row.group_id == group_id:
        return "self", None
    conn.execute(
        alliance_invites.update().where(alliance_invites.c.code == code).values(used_at=now)
    )
    for gid, who in ((row.group_id, row.by), (group_id, by)):
        exists = conn.execute(
            sa.select(alliance_members.c.group_id).where(
                alliance_members.c.alliance == row.alliance, alliance_members.c.group_id == gid
            )
        ).first()
        if exists is None:
            conn.execute(
                alliance_members.insert().values(
                    alliance=row.alliance, group_id=gid, joined_by=who, at=now
                )
            )
    return "joined", dict(row._mapping)


def leave(conn: Connection, alliance: str, group_id: str) -> bool:
    """``group_id`` leaves ``alliance``; False when it was not in it."""
    done = conn.execute(
        alliance_members.delete().where(
            alliance_members.c.alliance == alliance, alliance_members.c.group_id == group_id
        )
    )
    return done.rowcount > 0


def severe_removals(
    conn: Connection, groups: list[str], accounts: list[str], since: float
) -> list[dict[str, Any]]:
    """Removals of any of ``accounts`` for a SEVERE verdict in ``groups`` since ``since``, not pardoned
    there since: newest first, ``{"group_id", "member_id", "rule", "reason", "evidence", "at", "id"}``."""
    if not groups or not accounts:
        return []
    last_pardon = (
        sa.select(sa.func.coalesce(sa.func.max(pardons.c.at), 0.0))
        .where(
            pardons.c.group_id == violations.c.group_id,
            pardons.c.member_id == violations.c.member_id,
        )
        .scalar_subquery()
    )
    rows = conn.execute(
        sa.select(violations)
        .where(
            violations.c.group_id.in_(groups),
            violations.c.member_id.in_(accounts),
            violations.c.severity >= 3,  # Severity.SEVERE
            violations.c.step == "kick",
            violations.c.at >= since,
            violations.c.at > last_pardon,
        )
        .order_by(violations.c.at.desc())
    )
    keys = ("id", "group_id", "member_id", "rule", "reason", "evidence", "at")
    return [{k: getattr(r, k) for k in keys} for r in rows]
