"""SQL the 信用分 is derived from: one member's (or one person's) record in one or more groups.

The score itself is never stored: it is computed from these counts and cached
by the reputation plugin, which asks again only when a hook says the record changed.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Connection

from huzhu.core.storage.prepared import Prepared

#: who decided a claim the evidence check confirmed (a screenshot read as success)
VERIFIED_BY = "ocr"


def _in(prefix: str, n: int) -> str:
    return ", ".join(f":{prefix}{i}" for i in range(n))


@functools.lru_cache(maxsize=64)
def _record_sql(n_groups: int, n_accounts: int) -> tuple[Prepared, Prepared]:
    """The two statements of ``record`` for ``n_groups`` groups and ``n_accounts`` accounts
    (one group and one account nearly always): the counts in one row, and the violations."""
    g, a = _in("g", n_groups), _in("a", n_accounts)
    counts = Prepared(
        f"SELECT (SELECT sum(given) FROM balances WHERE group_id IN ({g}) AND member IN ({a})), "
        f"(SELECT sum(received) FROM balances WHERE group_id IN ({g}) AND member IN ({a})), "
        "(SELECT sum(CASE kind WHEN 'given' THEN 1 WHEN 'undo_given' THEN -1 ELSE 0 END) FROM ledger "
        f"WHERE group_id IN ({g}) AND member IN ({a}) AND at >= :since), "
        f"(SELECT count(*) FROM claims WHERE group_id IN ({g}) AND helper IN ({a}) AND status = 'denied'), "
        f"(SELECT count(*) FROM claims WHERE group_id IN ({g}) AND helper IN ({a}) "
        "AND status = 'confirmed' AND decided_by = :verified), "
        f"(SELECT count(*) FROM appeals WHERE group_id IN ({g}) AND member_id IN ({a}) "
        "AND status = 'pardoned'), "
        f"(SELECT min(first_seen) FROM members WHERE group_id IN ({g}) AND member_id IN ({a}))"
    )
    bad = Prepared(
        "SELECT v.severity, v.at FROM violations v "
        f"WHERE v.group_id IN ({g}) AND v.member_id IN ({a}) AND v.severity >= 2 "
        "AND v.rule != 'alliance.flagged' AND v.at > (SELECT coalesce(max(p.at), 0.0) FROM pardons p "
        "WHERE p.group_id = v.group_id AND p.member_id = v.member_id)"
    )
    return counts, bad


def record(
    conn: Connection, groups: list[str], accounts: list[str], recent_since: float
) -> dict[str, Any]:
    """Counts for the score of ``accounts`` (one person) over ``groups``.

    ``given`` / ``verified`` (confirmed helps; verified by evidence, when claims carry it),
    ``received``, ``denied`` (their claims the requester denied), ``violations``
    [(severity, at)] after their latest pardon (MINOR and worse: INFO and REVIEW are no
    fault; an alliance's action repeats a removal elsewhere, counted there, not twice),
    ``appeals_won``, ``first_seen``, ``recent`` (helps given since ``recent_since``).

    Two prepared statements (``huzhu.core.storage.prepared``): built as Core expressions,
    the seven counts cost ~20 times what SQLite spends on them, and this runs for every
    member whose score is not cached (a violation, a new member's first link).
    """
    counts, bad_sql = _record_sql(len(groups), len(accounts))
    params: dict[str, Any] = {f"g{i}": x for i, x in enumerate(groups)}
    params.update({f"a{i}": x for i, x in enumerate(accounts)})
    # balances are kept by the ledger's triggers: reversed helps (undo_given) already netted out
    row = counts.first(conn, {**params, "since": recent_since, "verified": VERIFIED_BY})
    given, received, recent, denied, verified, won, first = row or (None,) * 7
    bad = [(int(r[0]), float(r[1])) for r in bad_sql.rows(conn, params)]
    return {
        "given": int(given or 0), "verified": int(verified or 0), "received": int(received or 0),
        "denied": int(denied or 0), "violations": bad, "appeals_won": int(won or 0),
        "recent": int(recent or 0), "first_seen": None if first is None else float(first),
    }  # fmt: skip
