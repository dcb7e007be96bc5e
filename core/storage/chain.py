"""SQL of the ledger's hash chain: appending rows with their hashes, reading them back.

Every ledger row goes through ``append`` (a confirmed help, a compensating row),
inside the caller's transaction, after the group's lock (``lock_group``): the
head read here and the rows written after it cannot be split by another writer
(SQLite has one writer at a time; PostgreSQL serialises a group's writers on its
advisory lock). A partial unique index on ``(group_id, chain_seq)`` is the last
guard: two writers that somehow appended after the same head cannot both commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.prepared import Prepared
from huzhu.core.trust.chain import GENESIS, at_us, link

_HEAD = Prepared(
    "SELECT chain_seq, row_hash FROM ledger WHERE group_id = :g AND chain_seq > 0 "
    "ORDER BY chain_seq DESC LIMIT 1"
)
_INSERT = Prepared(
    "INSERT INTO ledger (group_id, member, delta, kind, counterpart, request_id, claim_id, claim_message_id, "
    "confirm_message_id, at, chain_seq, prev_hash, row_hash) VALUES (:group_id, :member, :delta, :kind, "
    ":counterpart, :request_id, :claim_id, :claim_message_id, :confirm_message_id, :at, :seq, :prev_hash, :hash)"
)
_COLS = (
    "id, group_id, chain_seq AS seq, member, delta, kind, counterpart, request_id, claim_id, "
    "claim_message_id, confirm_message_id, at, prev_hash, row_hash AS hash"
)
_PAGE = Prepared(
    f"SELECT {_COLS} FROM ledger WHERE group_id = :g AND id > :after ORDER BY id LIMIT :n"
)
_KEYS = ("id", "group_id", "seq", "member", "delta", "kind", "counterpart", "request_id", "claim_id",
         "claim_message_id", "confirm_message_id", "at", "prev_hash", "hash")  # fmt: skip
_COUNT = Prepared("SELECT count(*) FROM ledger WHERE group_id = :g")

#: kinds of compensating rows: the reversal of a ``given`` / ``received`` row
UNDO = {"given": "undo_given", "received": "undo_received"}


def head(conn: Connection, group_id: str) -> tuple[int, str]:
    """(rows in the chain, hash of the last): ``(0, GENESIS)`` for an empty ledger."""
    row = _HEAD.first(conn, {"g": group_id})
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def summary(conn: Connection, group_id: str) -> tuple[int, int, str]:
    """(rows of the group's ledger, rows in its chain, chain head)."""
    seq, h = head(conn, group_id)
    return int(_COUNT.scalar(conn, {"g": group_id}) or 0), seq, h


def append(conn: Connection, group_id: str, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Write ledger rows of one group at the end of its chain; return them with their hashes.

    Each row has ``member, delta, kind, counterpart, request_id, claim_id, at`` and optionally
    ``claim_message_id`` / ``confirm_message_id``. Call it after ``lock_group`` (it takes the
    lock itself too, which is free when held).
    """
    if not rows:
        return []
    from huzhu.core.storage.requests import lock_group  # requests imports this module

    lock_group(conn, group_id)
    seq, prev = head(conn, group_id)
    full = [
        {"claim_message_id": "", "confirm_message_id": "", **r, "group_id": group_id, "at_us": at_us(r["at"])}
        for r in rows
    ]  # fmt: skip
    linked = link(full, seq, prev)
    _INSERT.run(conn, linked)
    return linked


def page(
    conn: Connection, group_id: str, after: int = 0, limit: int = 5000
) -> list[dict[str, Any]]:
    """Up to ``limit`` rows of a group's ledger after row id ``after``, in table order."""
    return [
        dict(zip(_KEYS, r, strict=True))
        for r in _PAGE.rows(conn, {"g": group_id, "after": after, "n": limit})
    ]


def groups(conn: Connection) -> list[str]:
    """Every group with ledger rows."""
    return [
        r[0]
        for r in conn.execute(sa.text("SELECT DISTINCT group_id FROM ledger ORDER BY group_id"))
    ]


_CONFIRMED_OF = Prepared(
    "SELECT id, request_id, helper, requester, message_id, decide_message_id FROM claims "
    "WHERE id = :cid AND group_id = :g AND status = 'confirmed'"
)
_LEDGER_OF = Prepared(
    "SELECT member, delta, kind, counterpart FROM ledger WHERE claim_id = :cid AND group_id = :g"
)
#: only the status changes: who confirmed it and when stay on the claim
_MARK_REVERSED = Prepared("UPDATE claims SET status = 'reversed' WHERE id = :cid")
#: a reversed help no longer counts towards its request; a request closed as done that
#: now lacks helps opens again while its link has not expired (others can still help)
_UNHELP = Prepared(
    "UPDATE requests SET helped = CASE WHEN helped > :k THEN helped - :k ELSE 0 END WHERE id = :rid"
)
_REOPEN = Prepared(
    "UPDATE requests SET status = 'open', close_reason = '', closed_at = NULL "
    "WHERE id = :rid AND status = 'done' AND helped < needed AND expires_at > :now"
)


def reverse(
    conn: Connection, group_id: str, claim_ids: Iterable[int], *, now: float, ref: str
) -> list[int]:
    """Reverse confirmed helps with compensating rows (never by deleting); return the claims reversed.

    Each claim's ``given`` and ``received`` rows get an ``undo_*`` row with the opposite
    amount (``confirm_message_id`` holds ``ref``, e.g. ``review:3``), and the claim is marked
    ``reversed`` so it no longer counts as a confirmed help. Its request's helped count drops
    by one, and a request closed as done that now lacks helps is open again if its link has
    not expired. Claims not confirmed (denied, already reversed, of another group) are skipped.
    """
    from huzhu.core.storage.requests import lock_group

    lock_group(conn, group_id)
    done, rows = [], []
    unhelped: dict[int, int] = {}
    for cid in sorted(set(claim_ids)):
        claim = _CONFIRMED_OF.first(conn, {"cid": cid, "g": group_id})
        if claim is None:
            continue
        _, rid, _helper, _requester, cmid, _dmid = claim
        for member, delta, kind, counterpart in _LEDGER_OF.rows(conn, {"cid": cid, "g": group_id}):
            if kind in UNDO:
                rows.append({"member": member, "delta": -int(delta), "kind": UNDO[kind],
                             "counterpart": counterpart, "request_id": rid, "claim_id": cid,
                             "claim_message_id": cmid, "confirm_message_id": ref, "at": now})  # fmt: skip
        _MARK_REVERSED.run(conn, {"cid": cid})
        unhelped[rid] = unhelped.get(rid, 0) + 1
        done.append(cid)
    for rid, k in unhelped.items():
        _UNHELP.run(conn, {"k": k, "rid": rid})
        _REOPEN.run(conn, {"rid": rid, "now": now})
    append(conn, group_id, rows)
    return done


_CREDIT = Prepared(
    "SELECT l.claim_id, l.member, r.seq, sum(l.delta) FROM ledger l JOIN requests r ON r.id = l.request_id "
    "WHERE l.group_id = :g AND l.kind IN ('given', 'undo_given') GROUP BY l.claim_id, l.member, r.seq"
)


def credit_by_claim(conn: Connection, group_id: str) -> list[tuple[int, str, int, int]]:
    """(claim id, helper, request seq, net 助力值 credited) for every help in the ledger."""
    return [(int(a), str(b), int(c), int(d)) for a, b, c, d in _CREDIT.rows(conn, {"g": group_id})]


# ---------------------------------------------------------------- migration 8
def migrate_chain(conn: Connection) -> None:
    """Add the chain columns, hash the rows already there (group by group, in id order), index."""
    have = {c["name"] for c in sa.inspect(conn).get_columns("ledger")}
    for name, ddl in (
        ("chain_seq", "INTEGER NOT NULL DEFAULT 0"),
        ("prev_hash", "VARCHAR(64) NOT NULL DEFAULT ''"),
        ("row_hash", "VARCHAR(64) NOT NULL DEFAULT ''"),
    ):
        if name not in have:
            conn.execute(sa.text(f"ALTER TABLE ledger ADD COLUMN {name} {ddl}"))
    cols = ("id, group_id, member, delta, kind, counterpart, request_id, claim_id, claim_message_id, "
            "confirm_message_id, at")  # fmt: skip
    update = sa.text(
        "UPDATE ledger SET chain_seq = :seq, prev_hash = :prev_hash, row_hash = :hash WHERE id = :id"
    )
    for group_id in groups(conn):
        seq, prev, after = 0, GENESIS, 0
        while True:
            batch = (
                conn.execute(
                    sa.text(
                        f"SELECT {cols} FROM ledger WHERE group_id = :g AND id > :a ORDER BY id LIMIT 5000"
                    ),
                    {"g": group_id, "a": after},
                )
                .mappings()
                .all()
            )
            if not batch:
                break
            rows = [{**dict(r), "at_us": at_us(r["at"])} for r in batch]
            linked = link(rows, seq, prev)
            conn.execute(update, linked)
            seq, prev, after = linked[-1]["seq"], linked[-1]["hash"], linked[-1]["id"]
    conn.execute(sa.text(
        "CREATE UNIQUE INDEX IF NOT EXISTS uq_ledger_chain ON ledger (group_id, chain_seq) WHERE chain_seq > 0"
    ))  # fmt: skip
    # collusion detection reads the helps confirmed since its last look, not the whole window
    conn.execute(
        sa.text("CREATE INDEX IF NOT EXISTS ix_claims_decided ON claims (group_id, decided_at)")
    )
