"""Past requests written straight into SQLite, for the benchmarks that need a long history.

One closed request is one ``requests`` row, one confirmed claim and its two ledger rows
(``given`` to the helper, ``received`` by the requester), exactly as the engine leaves them;
``HistoryRows`` collects them and ``flush`` inserts them in three ``executemany`` calls.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

_REQUESTS = (
    "INSERT INTO requests (id, group_id, seq, requester, platform, activity, kind, url, link_key, "
    "note, needed, helped, status, close_reason, created_at, expires_at, closed_at, message_id) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_CLAIMS = (
    "INSERT INTO claims (id, request_id, group_id, helper, requester, status, created_at, "
    "decided_at, decided_by, message_id, decide_message_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)
_LEDGER = (
    "INSERT INTO ledger (group_id, member, delta, kind, counterpart, request_id, claim_id, "
    "claim_message_id, confirm_message_id, at) VALUES (?,?,?,?,?,?,?,?,?,?)"
)
DAY = 86400.0


@dataclass
class HistoryRows:
    """Rows waiting to be inserted; ``flush`` writes and commits them (every 200,000 requests)."""

    con: sqlite3.Connection
    requests: list[tuple[Any, ...]] = field(default_factory=list)
    claims: list[tuple[Any, ...]] = field(default_factory=list)
    ledger: list[tuple[Any, ...]] = field(default_factory=list)

    def request(
        self, rid: int, group: str, seq: int, requester: str, created: float, *,
        status: str = "done", helped: int = 1, closed: float | None = None,
        expires: float | None = None,
    ) -> None:  # fmt: skip
        """A 砍价 request of one help; ``status`` "open" leaves it open (no close reason)."""
        reason = "" if status == "open" else status
        self.requests.append((
            rid, group, seq, requester, "pdd", "砍价", "url", f"https://p.pinduoduo.com/H{rid}",
            f"pdd:url:h{rid}", "", 1, helped, status, reason, created,
            created + DAY if expires is None else expires, closed, "",
        ))  # fmt: skip

    def help(
        self, cid: int, rid: int, group: str, helper: str, requester: str, claimed: float,
        confirmed: float, messages: tuple[str, str] = ("", ""),
    ) -> None:  # fmt: skip
        """A confirmed claim on request ``rid`` and its two ledger rows."""
        self.claims.append(
            (cid, rid, group, helper, requester, "confirmed", claimed, confirmed, requester, "", "")
        )
        self.ledger.append((group, helper, 1, "given", requester, rid, cid, *messages, confirmed))
        self.ledger.append(
            (group, requester, -1, "received", helper, rid, cid, *messages, confirmed)
        )

    def closed(self, rid: int, group: str, seq: int, requester: str, helper: str, t: float) -> None:
        """A request done a minute after it was posted, by one confirmed help."""
        self.request(rid, group, seq, requester, t, closed=t + 60)
        self.help(rid, rid, group, helper, requester, t, t + 60)

    def flush(self, *, every: int = 0) -> None:
        """Insert and commit what is collected (with ``every``: only once that many requests wait)."""
        if every and len(self.requests) < every:
            return
        self.con.executemany(_REQUESTS, self.requests)
        self.con.executemany(_CLAIMS, self.claims)
        self.con.executemany(_LEDGER, self.ledger)
        self.con.commit()
        self.requests, self.claims, self.ledger = [], [], []


def connect(path: Any) -> sqlite3.Connection:
    """A bulk-loading connection (no fsync: a benchmark's throwaway database), with a page
    cache that holds the indexes being filled."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-1000000")  # up to 1 GB, only as much as the file needs
    return con


def finish(con: sqlite3.Connection) -> None:
    """Statistics for the planner, then close."""
    con.execute("ANALYZE")
    con.commit()
    con.close()
