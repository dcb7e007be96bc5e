"""SQL the 信用分 is derived from: one member's (or one person's) record in one or more groups.

The score itself is never stored: it is computed from these counts and cached
by the reputation plugin, which asks again only when a hook says the record changed.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.schema import (
    appeals,
    balances,
    claims,
    ledger,
    members,
    pardons,
    violations,
)

#: who decided a claim the evidence check confirmed (a screenshot read as success)
VERIFIED_BY = "ocr"


def record(
    conn: Connection, groups: list[str], accounts: list[str], recent_since: float
) -> dict[str, Any]:
    """Counts for the score of ``accounts`` (one person) over ``groups``.

    ``given`` / ``verified`` (confirmed helps; verified by evidence, when claims carry it),
    ``received``, ``denied`` (their claims the requester denied), ``violations``
    [(severity, at)] after their latest pardon, ``appeals_won``, ``first_seen``,
    ``recent`` (helps given since ``recent_since``).
    """
    totals = conn.execute(
        sa.select(sa.func.sum(balances.c.given), sa.func.sum(balances.c.received)).where(
            balances.c.group_id.in_(groups), balances.c.member.in_(accounts)
        )
    ).first()  # kept by the ledger's triggers: reversed helps (undo_given) already netted out
    given, received = (int(x or 0) for x in (totals or (0, 0)))
    recent = int(
        conn.execute(
            sa.select(
                sa.func.sum(
                    sa.case(
                        (ledger.c.kind == "given", 1), (ledger.c.kind == "undo_given", -1), else_=0
                    )
                )
            ).where(
                ledger.c.group_id.in_(groups),
                ledger.c.member.in_(accounts),
                ledger.c.at >= recent_since,
            )
        ).scalar()
        or 0
    )
    denied = conn.execute(
        sa.select(sa.func.count()).where(
            claims.c.group_id.in_(groups),
            claims.c.helper.in_(accounts),
            claims.c.status == "denied",
        )
    ).scalar()
    # confirmed on a screenshot the bot read as success (huzhu.core.trust.claims: decided_by "ocr")
    verified = int(
        conn.execute(
            sa.select(sa.func.count()).where(
                claims.c.group_id.in_(groups),
                claims.c.helper.in_(accounts),
                claims.c.status == "confirmed",
                claims.c.decided_by == VERIFIED_BY,
            )
        ).scalar()
        or 0
    )
    last_pardon = (
        sa.select(sa.func.coalesce(sa.func.max(pardons.c.at), 0.0))
        .where(
            pardons.c.group_id == violations.c.group_id,
            pardons.c.member_id == violations.c.member_id,
        )
        .scalar_subquery()
    )
    bad = [
        (int(r[0]), float(r[1]))
        for r in conn.execute(
            sa.select(violations.c.severity, violations.c.at).where(
                violations.c.group_id.in_(groups),
                violations.c.member_id.in_(accounts),
                violations.c.severity >= 2,  # MINOR and worse: INFO and REVIEW are no fault
                # an alliance's action repeats a removal elsewhere: counted there, not twice
                violations.c.rule != "alliance.flagged",
                violations.c.at > last_pardon,
            )
        )
    ]
    won = conn.execute(
        sa.select(sa.func.count()).where(
            appeals.c.group_id.in_(groups),
            appeals.c.member_id.in_(accounts),
            appeals.c.status == "pardoned",
        )
    ).scalar()
    first = conn.execute(
        sa.select(sa.func.min(members.c.first_seen)).where(
            members.c.group_id.in_(groups), members.c.member_id.in_(accounts)
        )
    ).scalar()
    return {
        "given": given, "verified": verified, "received": received, "denied": int(denied or 0),
        "violations": bad, "appeals_won": int(won or 0), "recent": recent,
        "first_seen": None if first is None else float(first),
    }  # fmt: skip
