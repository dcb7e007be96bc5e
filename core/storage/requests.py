"""SQL of help requests: each transition checks and writes in one transaction.

Every function takes a SQLAlchemy ``Connection`` and runs inside the caller's
transaction (``Database.write``), so a check and the write it guards can never
be split by a concurrent event: the single writer serialises them within a
process (and SQLite's write lock between processes). On PostgreSQL several
processes write at once, so each transition first takes its group's lock
(``lock_group``), held until its transaction commits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.errors import HelpError
from huzhu.core.events import Claim, HelpRequest
from huzhu.core.requests.links import ShareLink
from huzhu.core.storage import chain
from huzhu.core.storage.db import FRESH, HELD_LOCKS, GroupLockContended
from huzhu.core.storage.prepared import Prepared, Savepoint
from huzhu.core.storage.schema import claims, ledger, members, requests

OPEN = "open"
CLOSED_STATES = ("done", "expired", "cancelled", "removed")

# The lifecycle's hot statements, built once (see ``prepared``): building Core
# expressions per call cost ~300 µs a statement here, ten times SQLite's own
# time. Tuples come back in _REQ_COLS / _CLAIM_COLS order.
_REQ_COLS = (
    "id, group_id, seq, requester, platform, activity, kind, url, note, needed, helped, status, "
    "created_at, expires_at, message_id"
)
_GET = Prepared(f"SELECT {_REQ_COLS} FROM requests WHERE group_id = :g AND seq = :s")
_DUP = Prepared(
    f"SELECT {_REQ_COLS} FROM requests WHERE group_id = :g AND link_key = :k AND status = 'open'"
)
_OPEN_COUNT = Prepared(
    "SELECT count(*) FROM requests WHERE group_id = :g AND requester = :r AND status = 'open'"
)
_MAX_SEQ = Prepared("SELECT max(seq) FROM requests WHERE group_id = :g")
_INSERT_REQ = Prepared(
    "INSERT INTO requests (group_id, seq, requester, platform, activity, kind, url, link_key, note, needed, "
    "helped, status, close_reason, created_at, expires_at, message_id) VALUES (:g, :seq, :r, :platform, "
    ":activity, :kind, :url, :k, :note, :needed, 0, 'open', '', :now, :exp, :mid) RETURNING id"
)
_CLAIM_OF = Prepared("SELECT status FROM claims WHERE request_id = :rid AND helper = :h")
_INSERT_CLAIM = Prepared(
    "INSERT INTO claims (request_id, group_id, helper, requester, status, created_at, decided_by, message_id, "
    "decide_message_id) VALUES (:rid, :g, :h, :r, 'pending', :now, '', :mid, '') RETURNING id"
)
_PENDING_OPEN_OF = Prepared(
    "SELECT r.seq FROM claims c JOIN requests r ON r.id = c.request_id "
    "WHERE c.group_id = :g AND c.helper = :h AND c.status = 'pending' AND r.status = 'open' ORDER BY r.seq"
)
_REPEAT = Prepared(
    "SELECT r.seq, c.created_at FROM claims c JOIN requests r ON r.id = c.request_id "
    "WHERE c.group_id = :g AND c.helper = :h AND c.status != 'denied' AND c.created_at >= :since "
    "AND r.id != :rid AND r.link_key = (SELECT link_key FROM requests WHERE id = :rid) "
    "ORDER BY c.created_at DESC LIMIT 1"
)
_LAST_DENIAL = Prepared(
    "SELECT max(decided_at) FROM claims WHERE group_id = :g AND helper = :h AND status = 'denied'"
)
_HAND_CONFIRMED = Prepared(
    "SELECT count(*) FROM claims WHERE group_id = :g AND helper = :h AND status = 'confirmed' "
    "AND decided_by != 'auto' AND decided_at > :after"
)
_ASSIGNMENT_DONE = Prepared(
    "UPDATE assignments SET status = 'done', ended_at = :now "
    "WHERE request_id = :rid AND helper = :h AND status = 'active'"
)
_CLAIM_COLS = "id, request_id, helper, status, created_at, group_id, requester, message_id"
_PENDING = Prepared(
    f"SELECT {_CLAIM_COLS} FROM claims WHERE request_id = :rid AND status = 'pending' ORDER BY id"
)
_PENDING_OF = Prepared(
    f"SELECT {_CLAIM_COLS} FROM claims "
    "WHERE request_id = :rid AND status = 'pending' AND helper = :h ORDER BY id"
)
_CONFIRM_CLAIM = Prepared(
    "UPDATE claims SET status = 'confirmed', decided_at = :now, decided_by = :by, decide_message_id = :mid "
    "WHERE id = :cid AND status = 'pending'"
)
_END_ASSIGNMENTS = Prepared(
    "UPDATE assignments SET status = 'closed', ended_at = :now WHERE request_id = :rid AND status = 'active'"
)
_SET_HELPED = Prepared("UPDATE requests SET helped = :helped WHERE id = :rid")
_SET_DONE = Prepared(
    "UPDATE requests SET helped = :helped, status = 'done', close_reason = 'done', closed_at = :now WHERE id = :rid"
)


_LOCK = Prepared("SELECT pg_advisory_xact_lock(:k)")
_TRY_LOCK = Prepared("SELECT pg_try_advisory_xact_lock(:k)")


def _lock_key(group_id: str) -> int:
    """A group's advisory-lock key: 64 bits of a hash, as PostgreSQL's signed bigint."""
    digest = hashlib.blake2b(f"huzhu.requests:{group_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_group(conn: Connection, group_id: str) -> None:
    """Serialise a group's request transitions across processes (PostgreSQL; SQLite has one writer).

    The lock is held until the transaction commits. A transaction that has already run
    other writes does not wait for it (two processes could wait on each other): it only
    tries, and when another process holds it the writer commits what it has and runs
    this write first in a new transaction (``GroupLockContended``). So call it first in a
    write function, before anything with effects outside the database: it may run again.
    """
    if conn.dialect.name == "sqlite":
        return
    held: set[str] | None = conn.info.get(HELD_LOCKS)
    key = {"k": _lock_key(group_id)}
    if held is None:  # not run by the writer: just wait
        _LOCK.rows(conn, key)
        return
    if group_id in held:
        return
    fresh = bool(conn.info.get(FRESH))
    if fresh and not held:
        _LOCK.rows(conn, key)  # the transaction holds nothing yet: waiting cannot deadlock
    elif not _TRY_LOCK.scalar(conn, key):
        if not fresh:
            raise GroupLockContended(group_id)
        _LOCK.rows(conn, key)  # only a write that locks several groups gets here
    held.add(group_id)


#: row → HelpRequest for rows read before: the open requests are read on every post and tick
#: and mostly unchanged, and a frozen dataclass of 15 fields costs more to build than to look up
#: (a changed row is a different key; instances are immutable, so sharing them is safe)
_REQ_SEEN: dict[tuple[Any, ...], HelpRequest] = {}
_REQ_SEEN_MAX = 4096


def _req_tuple(t: tuple[Any, ...]) -> HelpRequest:
    found = _REQ_SEEN.get(t)
    if found is not None:
        return found
    (rid, gid, seq, requester, platform, activity, kind, url, note, needed, helped, status, created, expires,
     mid) = t  # fmt: skip
    found = HelpRequest(
        id=rid, group_id=gid, requester=requester, link=url, platform=platform, activity=activity, note=note,
        needed=needed, status=status, created_at=created, seq=seq, helped=helped, kind=kind, expires_at=expires,
        message_id=mid,
    )  # fmt: skip
    if len(_REQ_SEEN) >= _REQ_SEEN_MAX:
        _REQ_SEEN.clear()
    _REQ_SEEN[tuple(t)] = found
    return found


def _claim_tuple(t: tuple[Any, ...]) -> Claim:
    cid, rid, helper, status, created, gid, requester, mid = t
    return Claim(id=cid, request_id=rid, helper=helper, status=status, created_at=created, group_id=gid,
                 requester=requester, message_id=mid)  # fmt: skip


def _request(row: Any) -> HelpRequest:
    m = row._mapping
    return HelpRequest(
        id=m["id"], group_id=m["group_id"], requester=m["requester"], link=m["url"], platform=m["platform"],
        activity=m["activity"], note=m["note"], needed=m["needed"], status=m["status"],
        created_at=m["created_at"], seq=m["seq"], helped=m["helped"], kind=m["kind"],
        expires_at=m["expires_at"], message_id=m["message_id"],
    )  # fmt: skip


def _claim(row: Any) -> Claim:
    m = row._mapping
    return Claim(
        id=m["id"], request_id=m["request_id"], helper=m["helper"], status=m["status"],
        created_at=m["created_at"], group_id=m["group_id"], requester=m["requester"], message_id=m["message_id"],
    )  # fmt: skip


def get(conn: Connection, group_id: str, seq: int) -> HelpRequest:
    """The request #seq of a group; HelpError when there is none."""
    row = _GET.first(conn, {"g": group_id, "s": seq})
    if row is None:
        raise HelpError("no_such_request", seq=seq)
    return _req_tuple(row)


_BY_MESSAGE = Prepared(
    f"SELECT {_REQ_COLS} FROM requests WHERE group_id = :g AND message_id = :m AND status = 'open'"
)


def open_by_message(conn: Connection, group_id: str, message_id: str) -> HelpRequest | None:
    """The open request a member posted with the message ``message_id`` (their /求助), if any."""
    row = _BY_MESSAGE.first(conn, {"g": group_id, "m": message_id})
    return None if row is None else _req_tuple(row)


_OPEN_BY_IDS = Prepared(
    f"SELECT {_REQ_COLS} FROM requests WHERE id IN (:ids) AND group_id = :g AND status = 'open'"
)


def open_by_ids(conn: Connection, group_id: str, ids: list[int]) -> list[HelpRequest]:
    """The open requests of a group among ``ids``, in the order of ``ids``."""
    found: dict[int, HelpRequest] = {}
    for k in range(0, len(ids), _IN_CHUNK):
        for r in _OPEN_BY_IDS.rows(conn, {"ids": ids[k : k + _IN_CHUNK], "g": group_id}):
            found[r[0]] = _req_tuple(r)
    return [found[i] for i in ids if i in found]


def open_by_link(conn: Connection, group_id: str, key: str) -> HelpRequest | None:
    """The open request of a group for the share with ``key`` (``ShareLink.key``), if any."""
    row = _DUP.first(conn, {"g": group_id, "k": key})
    return None if row is None else _req_tuple(row)


def post(
    conn: Connection, *, group_id: str, requester: str, link: ShareLink, note: str, needed: int,
    now: float, expires_at: float, message_id: str, max_open: int,
) -> tuple[HelpRequest, bool]:  # fmt: skip
    """Queue a request; (existing request, False) when the same link is already open in the group."""
    lock_group(conn, group_id)
    dup = _DUP.first(conn, {"g": group_id, "k": link.key})
    if dup is not None:
        return _req_tuple(dup), False
    open_count = _OPEN_COUNT.scalar(conn, {"g": group_id, "r": requester}) or 0
    if open_count >= max_open:
        raise HelpError("too_many_open", limit=max_open)
    seq = (_MAX_SEQ.scalar(conn, {"g": group_id}) or 0) + 1
    rid = _INSERT_REQ.scalar(
        conn,
        {"g": group_id, "seq": seq, "r": requester, "platform": link.platform, "activity": link.activity,
         "kind": link.kind, "url": link.url, "k": link.key, "note": note, "needed": needed, "now": now,
         "exp": expires_at, "mid": message_id},
    )  # fmt: skip
    req = HelpRequest(
        id=rid, group_id=group_id, requester=requester, link=link.url, platform=link.platform,
        activity=link.activity, note=note, needed=needed, status=OPEN, created_at=now, seq=seq, helped=0,
        kind=link.kind, expires_at=expires_at, message_id=message_id,
    )  # fmt: skip
    return req, True


def claim(
    conn: Connection, *, group_id: str, seq: int, helper: str, now: float, message_id: str,
    max_pending: int = 0, repeat_window: int = 0,
) -> tuple[HelpRequest, Claim]:  # fmt: skip
    """A helper says they helped.

    Refused (HelpError) on a closed or own request, a second claim, a claim on
    the same link (``link_key``) the helper claimed within ``repeat_window``
    seconds under another number (a re-posted link is the same activity, and
    the platforms count one help per person), and when the helper already has
    ``max_pending`` claims waiting on open requests (0: no cap).
    """
    lock_group(conn, group_id)
    req = get(conn, group_id, seq)
    if req.status != OPEN:
        raise HelpError("closed", seq=seq, status=req.status)
    if req.requester == helper:
        raise HelpError("own_request", seq=seq)
    existing = _CLAIM_OF.first(conn, {"rid": req.id, "h": helper})
    if existing is not None:
        raise HelpError("claim_denied" if existing[0] == "denied" else "already_claimed", seq=seq)
    if repeat_window > 0:
        since = now - repeat_window
        earlier = _REPEAT.first(conn, {"g": group_id, "h": helper, "since": since, "rid": req.id})
        if earlier is not None:
            raise HelpError("repeat_claim", seq=seq, other=earlier[0], ago=now - earlier[1],
                            window=repeat_window)  # fmt: skip
    if max_pending > 0:
        waiting = [r[0] for r in _PENDING_OPEN_OF.rows(conn, {"g": group_id, "h": helper})]
        if len(waiting) >= max_pending:
            raise HelpError("too_many_pending", seq=seq, limit=max_pending, waiting=waiting)
    params = {
        "rid": req.id,
        "g": group_id,
        "h": helper,
        "r": req.requester,
        "now": now,
        "mid": message_id,
    }
    cid = _INSERT_CLAIM.scalar(conn, params)
    _ASSIGNMENT_DONE.run(conn, params)
    return req, Claim(id=cid, request_id=req.id, helper=helper, status="pending", created_at=now,
                      group_id=group_id, requester=req.requester, message_id=message_id)  # fmt: skip


def confirm(
    conn: Connection, *, group_id: str, seq: int, requester: str | None, helper: str | None, now: float,
    message_id: str, by: str, credit: int, debit: int,
) -> tuple[HelpRequest, list[Claim], bool]:  # fmt: skip
    """Confirm pending claims (of ``helper``, or all); write the ledger; close when enough helped.

    ``requester=None`` is the quiet-period rule acting for the requester: it
    confirms claims on open requests only, so a request that is done, expired or
    cancelled never charges its requester for claims nobody vouched for. The
    requester's own ``/确认`` still counts after the request closed (the help
    happened and they say so), except on a request an admin removed.
    Returns the request as it is now, the confirmed claims, and whether it closed.
    """
    lock_group(conn, group_id)
    req = get(conn, group_id, seq)
    if requester is not None and req.requester != requester:
        raise HelpError("not_yours", seq=seq)
    if req.status == "removed" or (requester is None and req.status != OPEN):
        raise HelpError("closed", seq=seq, status=req.status)
    if helper is None:
        rows = _PENDING.rows(conn, {"rid": req.id})
    else:
        rows = _PENDING_OF.rows(conn, {"rid": req.id, "h": helper})
    if not rows:
        raise HelpError("nothing_to_confirm", seq=seq)
    pending = [_claim_tuple(r) for r in rows]
    entries = []
    for c in pending:
        _CONFIRM_CLAIM.run(conn, {"cid": c.id, "now": now, "by": by, "mid": message_id})
        common = {
            "request_id": req.id,
            "claim_id": c.id,
            "claim_message_id": c.message_id,
            "confirm_message_id": message_id,
            "at": now,
        }
        entries.append(
            {
                **common,
                "member": c.helper,
                "delta": credit,
                "kind": "given",
                "counterpart": req.requester,
            }
        )
        entries.append(
            {
                **common,
                "member": req.requester,
                "delta": -debit,
                "kind": "received",
                "counterpart": c.helper,
            }
        )
    chain.append(conn, group_id, entries)  # hash-chained after the group's last row
    helped = req.helped + len(pending)
    closes = req.status == OPEN and helped >= req.needed
    (_SET_DONE if closes else _SET_HELPED).run(conn, {"helped": helped, "now": now, "rid": req.id})
    if closes:
        _end_assignments(conn, [req.id], now)
    # built straight from the rows (``dataclasses.replace`` costs several times a constructor)
    r = req
    after = HelpRequest(
        id=r.id, group_id=r.group_id, requester=r.requester, link=r.link, platform=r.platform,
        activity=r.activity, note=r.note, needed=r.needed, status="done" if closes else r.status,
        created_at=r.created_at, seq=r.seq, helped=helped, kind=r.kind, expires_at=r.expires_at,
        message_id=r.message_id,
    )  # fmt: skip
    confirmed = [_claim_tuple((*t[:3], "confirmed", *t[4:])) for t in rows]
    return after, confirmed, closes


def confirm_each(
    conn: Connection, *, group_id: str, due: list[tuple[int, str]], now: float, credit: int,
    debit: int,
) -> list[tuple[int, tuple[HelpRequest, list[Claim], bool]]]:  # fmt: skip
    """The quiet-period rule's confirmations (``confirm`` with no requester, by ``auto``) of
    ``due`` ((seq, helper) each) in one transaction, each in its own savepoint: one decided or
    closed meanwhile (``HelpError``) is undone alone and left out. Returns (its index in
    ``due``, what ``confirm`` returned) for each help confirmed, in order."""
    lock_group(conn, group_id)  # first, before any effect: this write may run again
    point = Savepoint(conn, "huzhu_confirm")
    out: list[tuple[int, tuple[HelpRequest, list[Claim], bool]]] = []
    for i, (seq, helper) in enumerate(due):
        point.begin()
        try:
            done = confirm(conn, group_id=group_id, seq=seq, requester=None, helper=helper,
                           now=now, message_id="", by="auto", credit=credit, debit=debit)  # fmt: skip
        except HelpError:
            point.undo()
            continue
        point.keep()
        out.append((i, done))
    return out


def insert_ledger(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Append ledger rows: every ledger write goes through here (helps, shop spends, refunds).

    Each entry has ``g`` (group), ``member``, ``delta``, ``kind`` (given | received |
    spend | refund), ``other`` (counterpart), ``rid`` (request id, 0 for none), ``cid``
    (the claim id — or the purchase id for spend/refund), ``cmid``, ``mid``, ``now``.
    Rows are hash-chained per group (``huzhu.core.storage.chain.append``).
    """
    by_group: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        by_group.setdefault(e["g"], []).append({
            "member": e["member"], "delta": e["delta"], "kind": e["kind"], "counterpart": e["other"],
            "request_id": e["rid"], "claim_id": e["cid"], "claim_message_id": e.get("cmid") or "",
            "confirm_message_id": e.get("mid") or "", "at": e["now"],
        })  # fmt: skip
    for group_id, rows in by_group.items():
        chain.append(conn, group_id, rows)


def deny(
    conn: Connection,
    *,
    group_id: str,
    seq: int,
    requester: str,
    helper: str,
    now: float,
    message_id: str,
) -> tuple[HelpRequest, Claim]:
    """The requester says a claim is false; the denial is kept on record."""
    lock_group(conn, group_id)
    req = get(conn, group_id, seq)
    if req.requester != requester:
        raise HelpError("not_yours", seq=seq)
    row = conn.execute(
        sa.select(claims).where(claims.c.request_id == req.id, claims.c.helper == helper)
    ).first()
    if row is None:
        raise HelpError("no_claim", seq=seq, helper=helper)
    c = _claim(row)
    if c.status != "pending":
        raise HelpError("already_decided", seq=seq, status=c.status)
    conn.execute(
        claims.update()
        .where(claims.c.id == c.id)
        .values(status="denied", decided_at=now, decided_by=requester, decide_message_id=message_id)
    )
    return req, replace(c, status="denied")


def close(
    conn: Connection, *, group_id: str, seq: int, actor: str | None, reason: str, now: float
) -> HelpRequest:
    """Close an open request (``actor`` must be the requester unless None, i.e. an admin)."""
    lock_group(conn, group_id)
    req = get(conn, group_id, seq)
    if actor is not None and req.requester != actor:
        raise HelpError("not_yours", seq=seq)
    if req.status != OPEN:
        raise HelpError("closed", seq=seq, status=req.status)
    conn.execute(
        requests.update()
        .where(requests.c.id == req.id)
        .values(status=reason, close_reason=reason, closed_at=now)
    )
    _end_assignments(conn, [req.id], now)
    return replace(req, status=reason)


def expire_due(conn: Connection, now: float, group_id: str | None = None) -> list[HelpRequest]:
    """Close every open request whose time is up; return them."""
    cond = [requests.c.status == OPEN, requests.c.expires_at <= now]
    if group_id is not None:
        lock_group(conn, group_id)
        cond.append(requests.c.group_id == group_id)
    due = [_request(r) for r in conn.execute(sa.select(requests).where(*cond).limit(1000))]
    if due:
        # across groups no group lock is taken: only rows still open when updated (another
        # process may have closed one meanwhile) count as expired here
        changed = conn.execute(
            requests.update()
            .where(requests.c.id.in_([r.id for r in due]), requests.c.status == OPEN)
            .values(status="expired", close_reason="expired", closed_at=now)
            .returning(requests.c.id)
        )
        ids = {int(r[0]) for r in changed}
        due = [r for r in due if r.id in ids]
        if ids:
            _end_assignments(conn, sorted(ids), now)
    return [replace(r, status="expired") for r in due]


_PENDING_OLDER = (
    "SELECT r.seq, c.helper, c.requester FROM claims c JOIN requests r ON r.id = c.request_id "
    "WHERE c.group_id = :g AND c.status = 'pending' AND c.created_at <= :before AND r.status = 'open'"
)
#: ... by helpers with ``min_helps`` claims confirmed by hand since their latest denial (what
#: ``trust`` counts, for every helper at once; index ix_claims_helper_decided)
_PENDING_OLDER_TRUSTED = Prepared(
    _PENDING_OLDER + " AND (SELECT count(*) FROM claims hand WHERE hand.group_id = :g "
    "AND hand.helper = c.helper AND hand.status = 'confirmed' AND hand.decided_by != 'auto' "
    "AND hand.decided_at > coalesce((SELECT max(denial.decided_at) FROM claims denial "
    "WHERE denial.group_id = :g AND denial.helper = c.helper AND denial.status = 'denied'), -1.0)"
    ") >= :min_helps ORDER BY c.id LIMIT :limit"
)
_PENDING_OLDER_ALL = Prepared(_PENDING_OLDER + " ORDER BY c.id LIMIT :limit")


def pending_older_than(
    conn: Connection, group_id: str, before: float, limit: int = 500, min_helps: int = 0
) -> list[tuple[int, str, str]]:
    """(request seq, helper, requester) of pending claims on open requests made before ``before``
    by helpers with at least ``min_helps`` helps confirmed by hand (for auto-confirmation)."""
    params = {"g": group_id, "before": before, "limit": limit, "min_helps": min_helps}
    stmt = _PENDING_OLDER_TRUSTED if min_helps > 0 else _PENDING_OLDER_ALL
    return [(r[0], r[1], r[2]) for r in stmt.rows(conn, params)]


def groups_with_pending(conn: Connection, before: float) -> list[str]:
    """Groups that have claims on open requests pending since before ``before``."""
    return [r[0] for r in _GROUPS_PENDING.rows(conn, {"before": before})]


_GROUPS_PENDING = Prepared(
    "SELECT DISTINCT c.group_id FROM claims c JOIN requests r ON r.id = c.request_id "
    "WHERE c.status = 'pending' AND c.created_at <= :before AND r.status = 'open'"
)


def trust(conn: Connection, group_id: str, helper: str) -> tuple[int, bool]:
    """(claims of ``helper`` requesters confirmed by hand since their latest denial, denied ever).

    The quiet-period rule confirms a helper's claims only when the first number
    reaches ``requests.auto_confirm_min_helps``: a newcomer's first help, and
    the next help after a denial, wait for the requester.
    """
    last_denial = _LAST_DENIAL.scalar(conn, {"g": group_id, "h": helper})
    after = -1.0 if last_denial is None else float(last_denial)
    hand = int(_HAND_CONFIRMED.scalar(conn, {"g": group_id, "h": helper, "after": after}) or 0)
    return hand, last_denial is not None


def pending_on(conn: Connection, group_id: str, seq: int) -> list[str]:
    """Helpers whose claims on request #seq still wait for the requester."""
    return [c.helper for c in claims_of(conn, group_id, seq) if c.status == "pending"]


# ---------------------------------------------------------------- queries
_OPEN = Prepared(
    f"SELECT {_REQ_COLS} FROM requests WHERE group_id = :g AND status = 'open' ORDER BY created_at, id"
)


def open_requests(conn: Connection, group_id: str) -> list[HelpRequest]:
    """All open requests of a group, oldest first."""
    return [_req_tuple(r) for r in _OPEN.rows(conn, {"g": group_id})]


#: what of an open request changes after it was posted: its helps (confirm, revoke) and its
#: status (close, expire, reopen); everything else is written once, by ``post``
_OPEN_HELPED = Prepared(
    "SELECT id, helped, seq, created_at FROM requests WHERE group_id = :g AND status = 'open' "
    "ORDER BY created_at, id"
)


def open_requests_known(
    conn: Connection, group_id: str, known: dict[int, HelpRequest]
) -> list[HelpRequest]:
    """``open_requests``, reading in full only the requests not in ``known`` (id → the open
    request as read before): of the others only ``helped`` can have changed. At 150 open
    requests this is a tenth of reading them all, on every post, help and re-plan."""
    rows = _OPEN_HELPED.rows(conn, {"g": group_id})
    # seq and posting time guard against a stranger under a known id (another database)
    same = {
        rid: r for rid, _, seq, at in rows
        if (r := known.get(rid)) is not None and r.seq == seq and r.created_at == at
    }  # fmt: skip
    if len(same) < len(rows):
        same |= {
            r.id: r for r in open_by_ids(conn, group_id, [x[0] for x in rows if x[0] not in same])
        }
    out = []
    for rid, helped, _, _ in rows:
        r = same.get(rid)
        if r is not None:  # (read in one transaction: always there)
            out.append(r if r.helped == helped else replace(r, helped=helped))
    return out


_R_COLS = ", ".join(f"r.{c.strip()}" for c in _REQ_COLS.split(","))
_OPEN_COUNTS = Prepared(
    "SELECT count(*), coalesce(sum(CASE WHEN :now - created_at >= :after THEN 1 ELSE 0 END), 0) "
    "FROM requests WHERE group_id = :g AND status = 'open'"
)
_PAGE_FIFO = Prepared(
    f"SELECT {_REQ_COLS} FROM requests WHERE group_id = :g AND status = 'open' "
    "ORDER BY created_at, id LIMIT :n OFFSET :off"
)
_PAGE_STARVING = Prepared(
    f"SELECT {_REQ_COLS} FROM requests WHERE group_id = :g AND status = 'open' "
    "AND :now - created_at >= :after ORDER BY created_at, id LIMIT :n OFFSET :off"
)
_PAGE_OWED = Prepared(
    f"SELECT {_R_COLS} FROM requests r LEFT JOIN balances b ON b.group_id = r.group_id AND b.member = r.requester "
    "WHERE r.group_id = :g AND r.status = 'open' AND :now - r.created_at < :after "
    "ORDER BY coalesce(b.balance, 0) DESC, r.created_at, r.id LIMIT :n OFFSET :off"
)


def open_page(
    conn: Connection, group_id: str, order: str, now: float, after: float, offset: int, limit: int
) -> tuple[int, list[HelpRequest]]:
    """(open requests in all, one page of them) in queue order, paged in SQL.

    ``order``: ``fifo`` (oldest first), ``owed_first`` (highest 助力值 first, ties oldest
    first) or ``anti_starvation`` (those waiting ``after`` seconds or longer first, oldest
    first, then owed-first) — the queue plugin's strategies, without reading every open
    request: the oldest come straight from the index; only the owed-first part sorts.
    """
    p = {"g": group_id, "now": now, "after": after if order == "anti_starvation" else float("inf")}
    total, starving = _OPEN_COUNTS.first(conn, p) or (0, 0)
    if order == "fifo":
        rows = _PAGE_FIFO.rows(conn, {"g": group_id, "n": limit, "off": offset})
        return int(total), [_req_tuple(r) for r in rows]
    starving = int(starving)
    rows = []
    if offset < starving:
        rows = _PAGE_STARVING.rows(conn, {**p, "n": limit, "off": offset})
    if len(rows) < limit:
        off = max(offset - starving, 0)
        rows += _PAGE_OWED.rows(conn, {**p, "n": limit - len(rows), "off": off})
    return int(total), [_req_tuple(r) for r in rows]


_BALANCES_ALL = Prepared(
    "SELECT member, balance, given, received FROM balances WHERE group_id = :g"
)
#: members asked for in one statement (SQLite allows 32,766 parameters; PostgreSQL 65,535)
_IN_CHUNK = 500


def balances(
    conn: Connection, group_id: str, member_ids: Iterable[str] | None = None
) -> dict[str, tuple[int, int, int]]:
    """member → (balance, helps given, helps received), from the ``balances`` table that
    triggers keep in step with the ledger (members without ledger rows are left out)."""
    if member_ids is None:
        rows = _BALANCES_ALL.rows(conn, {"g": group_id})
    else:
        wanted, rows = list(member_ids), []
        for k in range(0, len(wanted), _IN_CHUNK):
            rows += _BALANCES_OF.rows(conn, {"g": group_id, "ms": wanted[k : k + _IN_CHUNK]})
    return {r[0]: (int(r[1]), int(r[2]), int(r[3])) for r in rows}


_BALANCES_OF = Prepared(
    "SELECT member, balance, given, received FROM balances WHERE group_id = :g AND member IN (:ms)"
)
_BALANCE = Prepared(
    "SELECT balance, given, received FROM balances WHERE group_id = :g AND member = :m"
)
_MY_OPEN = Prepared(
    "SELECT seq, helped, needed FROM requests WHERE group_id = :g AND requester = :m AND status = 'open' ORDER BY seq"
)
_MY_PENDING = Prepared(
    "SELECT r.seq, r.requester FROM claims c JOIN requests r ON r.id = c.request_id "
    "WHERE c.group_id = :g AND c.helper = :m AND c.status = 'pending' ORDER BY r.seq"
)
_TO_CONFIRM = Prepared(
    "SELECT r.seq, c.helper FROM claims c JOIN requests r ON r.id = c.request_id "
    "WHERE c.group_id = :g AND c.requester = :m AND c.status = 'pending' ORDER BY r.seq, c.id"
)


def profile(conn: Connection, group_id: str, member: str) -> dict[str, Any]:
    """What /我的 shows: balance, helps given and received, open requests, pending claims both ways.

    ``pending`` / ``to_confirm`` are the seqs / the count; ``pending_with`` is (seq, requester)
    of the member's claims, ``to_confirm_list`` (seq, helper) of the claims waiting for them,
    ``hand_confirmed`` / ``denied_before`` what ``trust`` says of them as a helper.
    """
    p = {"g": group_id, "m": member}
    balance, given, received = _BALANCE.first(conn, p) or (0, 0, 0)
    mine = [(r[0], r[1]) for r in _MY_PENDING.rows(conn, p)]
    waiting = [(r[0], r[1]) for r in _TO_CONFIRM.rows(conn, p)]
    hand, denied = trust(conn, group_id, member)
    return {
        "balance": int(balance), "given": int(given), "received": int(received),
        "open": [(r[0], r[1], r[2]) for r in _MY_OPEN.rows(conn, p)],
        "pending": [s for s, _ in mine], "pending_with": mine,
        "to_confirm": len(waiting), "to_confirm_list": waiting,
        "hand_confirmed": hand, "denied_before": denied,
    }  # fmt: skip


_ASKED = Prepared(
    "SELECT count(*), coalesce(sum(CASE WHEN created_at >= :day THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN created_at >= :week THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0), max(created_at) "
    "FROM requests WHERE group_id = :g AND requester = :m"
)
_GIVEN_SINCE = Prepared(
    "SELECT count(*) FROM ledger WHERE group_id = :g AND member = :m AND kind = 'given' AND at > :t"
)


def asker_stats(
    conn: Connection, group_id: str, member: str, day_since: float, week_since: float
) -> dict[str, Any]:
    """What help-before-ask and quota rules need about a member who wants to post."""
    p = {"g": group_id, "m": member}
    balance, given, _received = _BALANCE.first(conn, p) or (0, 0, 0)
    total, today, week, open_, last = _ASKED.first(conn, {**p, "day": day_since, "week": week_since}) or (
        0, 0, 0, 0, None,
    )  # fmt: skip
    since_last = (
        int(_GIVEN_SINCE.scalar(conn, {**p, "t": last}) or 0) if last is not None else int(given)
    )
    return {
        "balance": int(balance), "given": int(given), "posted": int(total), "posted_today": int(today),
        "posted_week": int(week), "open": int(open_), "last_posted_at": last, "given_since_last": since_last,
    }  # fmt: skip


def claimed_by(
    conn: Connection, group_id: str, member: str, among: list[int] | None = None
) -> set[int]:
    """Ids of open requests ``member`` has claimed (any claim status); only of ``among`` when
    given (one page of the queue: read by request, not through the member's whole history)."""
    if among is not None:
        if not among:
            return set()
        rows = _CLAIMED_AMONG.rows(conn, {"ids": list(among[:_IN_CHUNK]), "h": member})
        return {int(r[0]) for r in rows}
    rows = _CLAIMED_OPEN.rows(conn, {"g": group_id, "h": member})
    return {int(r[0]) for r in rows}


_CLAIMED_AMONG = Prepared(
    "SELECT request_id FROM claims WHERE request_id IN (:ids) AND helper = :h"
)
_CLAIMED_OPEN = Prepared(
    "SELECT c.request_id FROM claims c JOIN requests r ON r.id = c.request_id "
    "WHERE c.group_id = :g AND c.helper = :h AND r.status = 'open'"
)


_LEADERS = Prepared(
    "SELECT member, given, balance FROM balances WHERE group_id = :g AND given > 0 "
    "ORDER BY given DESC, member LIMIT :n"
)


def leaderboard(conn: Connection, group_id: str, limit: int = 10) -> list[tuple[str, int, int]]:
    """(member, helps given, balance) of the members who helped most."""
    return [(r[0], int(r[1]), int(r[2])) for r in _LEADERS.rows(conn, {"g": group_id, "n": limit})]


def ledger_entries(
    conn: Connection, group_id: str, member: str | None = None
) -> list[dict[str, Any]]:
    """Ledger rows (for audits and tests)."""
    stmt = sa.select(ledger).where(ledger.c.group_id == group_id).order_by(ledger.c.id)
    if member is not None:
        stmt = stmt.where(ledger.c.member == member)
    return [dict(r._mapping) for r in conn.execute(stmt)]


def claims_of(conn: Connection, group_id: str, seq: int) -> list[Claim]:
    """Every claim on a request, oldest first."""
    req = get(conn, group_id, seq)
    return [_claim_tuple(r) for r in _CLAIMS_OF.rows(conn, {"rid": req.id})]


_CLAIMS_OF = Prepared(
    "SELECT id, request_id, helper, status, created_at, group_id, requester, message_id FROM claims "
    "WHERE request_id = :rid ORDER BY id"
)


# ---------------------------------------------------------------- members and dispatch
_TOUCH = Prepared(
    "INSERT INTO members (group_id, member_id, name, first_seen, last_seen) VALUES (:g, :m, :name, :at, :at) "
    "ON CONFLICT (group_id, member_id) DO UPDATE SET last_seen = excluded.last_seen, "
    "name = CASE WHEN excluded.name = '' THEN members.name ELSE excluded.name END"
)
_NAME = Prepared("UPDATE members SET name = :name WHERE group_id = :g AND member_id = :m")


def touch_members(conn: Connection, rows: list[tuple[str, str, str, float]]) -> None:
    """Record (group, member, name, seen at) — first_seen is kept, last_seen moves.

    One upsert for all rows (never rewrites ``first_seen``). An empty name (the platform
    sent none) keeps the name stored before. Callers bound the rows per write
    (``Engine.flush_members``) so no other durable write waits long behind them.
    """
    if rows:
        _TOUCH.run(
            conn, [{"g": g, "m": m, "name": name[:256], "at": at} for g, m, name, at in rows]
        )


def name_members(conn: Connection, rows: list[tuple[str, str, str]]) -> None:
    """Store (group, member, name) the platform told of members already recorded.

    Members never seen in the group get no row: ``first_seen`` is when they
    were first seen speaking, which a name lookup must not invent.
    """
    if rows:
        _NAME.run(conn, [{"g": g, "m": m, "name": name[:256]} for g, m, name in rows])


_MEMBER_NAME = Prepared("SELECT name FROM members WHERE group_id = :g AND member_id = :m")


def member_name(conn: Connection, group_id: str, member_id: str) -> str | None:
    """The display name stored for a member ("" or None: none)."""
    row = _MEMBER_NAME.first(conn, {"g": group_id, "m": member_id})
    return None if row is None else str(row[0])


def member_names(conn: Connection, group_id: str, member_ids: list[str]) -> dict[str, str]:
    """member → the display name stored (members with none are left out)."""
    out: dict[str, str] = {}
    for k in range(0, len(member_ids), _IN_CHUNK):
        rows = conn.execute(
            sa.select(members.c.member_id, members.c.name).where(
                members.c.group_id == group_id,
                members.c.member_id.in_(member_ids[k : k + _IN_CHUNK]),
            )
        )
        out.update({r[0]: str(r[1]) for r in rows if r[1]})
    return out


_MEMBERS_NAMED = Prepared("SELECT member_id FROM members WHERE group_id = :g AND name = :n")


def members_named(conn: Connection, group_id: str, name: str) -> list[str]:
    """The members of a group whose stored display name is exactly ``name``."""
    return [str(r[0]) for r in _MEMBERS_NAMED.rows(conn, {"g": group_id, "n": name[:256]})]


_MEMBER_FIRST_SEEN = Prepared(
    "SELECT first_seen FROM members WHERE group_id = :g AND member_id = :m"
)


def first_seen(conn: Connection, group_id: str, member_id: str) -> float | None:
    """When a member was first seen in a group (None: never recorded)."""
    row = _MEMBER_FIRST_SEEN.first(conn, {"g": group_id, "m": member_id})
    return None if row is None else float(row[0])


_ACTIVE_MEMBERS = Prepared(
    "SELECT member_id, last_seen FROM members WHERE group_id = :g AND last_seen >= :since"
)


def active_members(conn: Connection, group_id: str, since: float) -> dict[str, float]:
    """member → last seen, for members seen after ``since``."""
    return {r[0]: r[1] for r in _ACTIVE_MEMBERS.rows(conn, {"g": group_id, "since": since})}


_HELPS_SINCE = Prepared(
    "SELECT helper FROM claims WHERE group_id = :g AND created_at >= :since AND status != 'denied'"
)


def helps_since(conn: Connection, group_id: str, since: float) -> dict[str, int]:
    """helper → claims (not denied) made since ``since`` (daily caps, 派单), counted here: with
    ``GROUP BY helper`` the planner walks the group's whole history by helper (1.6 s at 100,000
    past requests)."""
    out: dict[str, int] = {}
    for (helper,) in _HELPS_SINCE.rows(conn, {"g": group_id, "since": since}):
        out[helper] = out.get(helper, 0) + 1
    return out


#: the ids of a group's open requests (index ``ix_requests_open``): reads of the open requests'
#: claims and assignments go from these few, never through the group's whole history
_OPEN_IDS = "SELECT id FROM requests WHERE group_id = :g AND status = 'open'"
_CLAIMANTS = Prepared(
    f"SELECT request_id, helper FROM claims WHERE request_id IN ({_OPEN_IDS}) AND status != 'denied'"
)
_ACTIVE_ASSIGNMENTS = Prepared(
    "SELECT request_id, helper, assigned_at FROM assignments WHERE group_id = :g AND status = 'active'"
)
_ASSIGNED_BEFORE = Prepared(
    f"SELECT request_id, helper FROM assignments WHERE request_id IN ({_OPEN_IDS})"
)


def claimants(conn: Connection, group_id: str) -> dict[int, set[str]]:
    """request id → helpers with a live claim (pending or confirmed) on the group's open requests."""
    out: dict[int, set[str]] = {}
    for rid, helper in _CLAIMANTS.rows(conn, {"g": group_id}):
        out.setdefault(rid, set()).add(helper)
    return out


def active_assignments(conn: Connection, group_id: str) -> list[tuple[int, str, float]]:
    """(request id, helper, assigned at) of assignments still waiting for the helper."""
    return [(r[0], r[1], r[2]) for r in _ACTIVE_ASSIGNMENTS.rows(conn, {"g": group_id})]


def assigned_before(conn: Connection, group_id: str) -> set[tuple[int, str]]:
    """(request id, helper) pairs ever assigned to the open requests (a lapsed helper is not
    asked again); closed requests no longer matter, so history does not slow this down."""
    return {(r[0], r[1]) for r in _ASSIGNED_BEFORE.rows(conn, {"g": group_id})}


def assign(conn: Connection, group_id: str, pairs: list[tuple[int, str]], now: float) -> None:
    """Record new assignments."""
    if pairs:
        _ASSIGN.run(conn, [{"r": r, "g": group_id, "h": h, "now": now} for r, h in pairs])


_ASSIGN = Prepared(
    "INSERT INTO assignments (request_id, group_id, helper, status, assigned_at) "
    "VALUES (:r, :g, :h, 'active', :now)"
)


def _end_assignments(conn: Connection, request_ids: list[int], now: float) -> None:
    _END_ASSIGNMENTS.run(conn, [{"rid": rid, "now": now} for rid in request_ids])


# ---------------------------------------------------------------- finish_first, paged (v22)
# The partial index ``ix_requests_open_missing`` (migration 22) holds a group's open requests
# by helps missing (``needed - helped``) and expiry: ``huzhu.core.requests.finish_page`` walks
# it in the queue's default order and reads one page, not the whole queue. Every statement
# repeats the index's expression and its ``status = 'open'`` so both databases use it.
_WHERE_K = "FROM requests WHERE group_id = :g AND status = 'open' AND needed - helped"
_MISSING_NEXT = Prepared(f"SELECT min(needed - helped) {_WHERE_K} > :k")
_MISSING_LATER = Prepared(
    f"SELECT {_REQ_COLS} {_WHERE_K} = :k AND expires_at >= :t ORDER BY expires_at, id LIMIT :n"
)
_MISSING_NO_EXPIRY = Prepared(
    f"SELECT {_REQ_COLS} {_WHERE_K} = :k AND expires_at = 0 ORDER BY id LIMIT :n"
)
_MISSING_SOONER = Prepared(
    f"SELECT {_REQ_COLS} {_WHERE_K} = :k AND expires_at < :t AND expires_at != 0 "
    "ORDER BY expires_at, id LIMIT :n"
)
_MISSING_NONE = Prepared(f"SELECT {_REQ_COLS} {_WHERE_K} <= 0")
#: open requests with a claim neither confirmed nor denied: the only ones whose claims on
#: their way change what they miss (``ix_claims_pending`` starts with the status)
#: the group is the request's (a claim's group is its request's): on the claims' side it made
#: SQLite walk every claim of the group's history (ix_claims_decided), ~30× the few pending
#: claims ix_claims_pending finds; CROSS JOIN (no ON: PostgreSQL takes none) keeps SQLite on
#: them (not on every open request through ix_claims_live: a backlog of 100,000)
_ON_THEIR_WAY = Prepared(
    "SELECT DISTINCT c.request_id FROM claims c CROSS JOIN requests r WHERE r.id = c.request_id "
    "AND c.status IN ('pending', 'reversed') AND r.group_id = :g AND r.status = 'open'"
)
_LIVE_CLAIMANTS = Prepared(
    "SELECT request_id, helper FROM claims WHERE request_id IN (:ids) AND status != 'denied'"
)


_OPEN_TOTAL = Prepared("SELECT count(*) FROM requests WHERE group_id = :g AND status = 'open'")


def open_count(conn: Connection, group_id: str) -> int:
    """How many requests of the group are open (a plain count: half the time of one that also
    sums the starving, 5 ms for 100,000 open)."""
    return int(_OPEN_TOTAL.scalar(conn, {"g": group_id}) or 0)


def next_missing(conn: Connection, group_id: str, after: int) -> int | None:
    """The smallest ``needed - helped`` above ``after`` among the group's open requests."""
    found = _MISSING_NEXT.scalar(conn, {"g": group_id, "k": after})
    return None if found is None else int(found)


def missing_exactly(
    conn: Connection, group_id: str, k: int, part: str, t: float, n: int
) -> list[HelpRequest]:
    """Up to ``n`` open requests missing ``k`` helps (before any claim on its way): ``part``
    "later" expiring at ``t`` or later, "sooner" before ``t``, "never" without expiry;
    in order of expiry, then id."""
    statement = {"later": _MISSING_LATER, "sooner": _MISSING_SOONER, "never": _MISSING_NO_EXPIRY}
    rows = statement[part].rows(conn, {"g": group_id, "k": k, "t": t, "n": n})
    return [_req_tuple(r) for r in rows]


def missing_none(conn: Connection, group_id: str) -> list[HelpRequest]:
    """Open requests whose confirmed helps already make up what they need."""
    return [_req_tuple(r) for r in _MISSING_NONE.rows(conn, {"g": group_id})]


def on_their_way(conn: Connection, group_id: str) -> dict[int, set[str]]:
    """request id → live claimants, for the open requests with a claim still on its way."""
    ids = [int(r[0]) for r in _ON_THEIR_WAY.rows(conn, {"g": group_id})]
    out: dict[int, set[str]] = {rid: set() for rid in ids}
    for k in range(0, len(ids), _IN_CHUNK):
        for rid, helper in _LIVE_CLAIMANTS.rows(conn, {"ids": ids[k : k + _IN_CHUNK]}):
            out[int(rid)].add(helper)
    return out
