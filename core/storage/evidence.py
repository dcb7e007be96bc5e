"""SQL of screenshot evidence: one row per claim that came with a picture (``claim_evidence``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.events import Evidence
from huzhu.core.storage.schema import claim_evidence, claims, requests


@dataclass(frozen=True, slots=True)
class Kept:
    """A stored screenshot fingerprint: whose claim, on which request, and its hashes."""

    claim_id: int
    helper: str
    request_seq: int
    phash: str
    lines: tuple[str, ...]
    at: float


def record(
    conn: Connection,
    *,
    group_id: str,
    claim_id: int,
    request_seq: int,
    helper: str,
    evidence: Evidence,
    lines: Iterable[str],
    message_id: str,
    now: float,
) -> None:
    """Keep what a claim's screenshot said (inside the claim's own transaction)."""
    conn.execute(
        claim_evidence.insert().values(
            group_id=group_id,
            claim_id=claim_id,
            request_seq=request_seq,
            helper=helper,
            result=evidence.result,
            source=evidence.source,
            platform=evidence.platform,
            activity=evidence.activity,
            words=list(evidence.words),
            phash=evidence.hash,
            lines=list(lines),
            message_id=message_id,
            at=now,
        )
    )


def kept_since(conn: Connection, group_id: str, since: float) -> list[Kept]:
    """The group's screenshot fingerprints since ``since`` (reuse detection)."""
    t = claim_evidence.c
    rows = conn.execute(
        sa.select(t.claim_id, t.helper, t.request_seq, t.phash, t.lines, t.at)
        .where(t.group_id == group_id, t.at >= since, t.phash != "")
        .order_by(t.at)
    )
    return [Kept(r[0], r[1], r[2], r[3], tuple(r[4] or ()), r[5]) for r in rows]


def of_claims(conn: Connection, claim_ids: Iterable[int]) -> dict[int, Evidence]:
    """The evidence of each claim that has some (the latest picture wins)."""
    ids = list(claim_ids)
    if not ids:
        return {}
    t = claim_evidence.c
    rows = conn.execute(
        sa.select(t.claim_id, t.result, t.source, t.platform, t.activity, t.words, t.phash)
        .where(t.claim_id.in_(ids))
        .order_by(t.id)
    )
    return {r[0]: Evidence(r[1], r[2], r[3], r[4], tuple(r[5] or ()), r[6]) for r in rows}


def fresh_claim(
    conn: Connection, group_id: str, helper: str, since: float
) -> tuple[int, int, str] | None:
    """The helper's latest pending claim made since ``since`` with no screenshot yet.

    (claim id, request number, requester), or None.
    """
    c, r, e = claims.c, requests.c, claim_evidence.c
    row = conn.execute(
        sa.select(c.id, r.seq, c.requester)
        .join(requests, requests.c.id == c.request_id)
        .where(
            c.group_id == group_id,
            c.helper == helper,
            c.status == "pending",
            c.created_at >= since,
            ~sa.exists().where(e.claim_id == c.id),
        )
        .order_by(c.created_at.desc(), c.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1], row[2]) if row is not None else None


def refuse_claim(conn: Connection, claim_id: int, now: float, message_id: str) -> bool:
    """The screenshot says the help failed (or was reused): the pending claim is denied by ``ocr``."""
    done = conn.execute(
        claims.update()
        .where(claims.c.id == claim_id, claims.c.status == "pending")
        .values(status="denied", decided_at=now, decided_by="ocr", decide_message_id=message_id)
    )
    return bool(done.rowcount)
