"""The ledger's hash chain: each row carries the SHA-256 of its group's previous row.

A row's hash covers a canonical encoding of its fields and the previous row's
hash, so editing a row, deleting one or slipping one in between breaks every
link after it. Anyone can re-check an export without huzhu (README, "Checking
an export"): the encoding is a JSON array of strings, nothing else.

What a chain cannot show on its own: rows cut off at the end, or rows appended
by someone who computes the hashes as huzhu does. The daily fingerprint (the
head posted to the group, ``ledger`` plugin) is what members keep against that.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: the previous hash of a group's first row
GENESIS = "0" * 64
#: the first element of every encoded row: the format (a later format gets a new tag)
TAG = "huzhu-ledger/1"
#: the fields a row's hash covers, in order (``at_us``: ``at`` in whole microseconds)
FIELDS = (
    "group_id", "seq", "member", "delta", "kind", "counterpart", "request_id", "claim_id",
    "claim_message_id", "confirm_message_id", "at_us",
)  # fmt: skip
#: the encoding's JSON writer, made once (``json.dumps`` with options builds one per call)
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
#: the fields a row's hash covers after ``seq``, up to ``at_us`` (``link``)
_AFTER_SEQ = FIELDS[2:-1]
#: columns of ``huzhu ledger export`` (csv header, jsonl keys)
EXPORT_FIELDS = ("id", *FIELDS, "at", "prev_hash", "hash")


def at_us(at: float) -> int:
    """A row's time in whole microseconds: the same integer on every machine."""
    return round(float(at) * 1_000_000)


def encode(row: Mapping[str, Any], prev: str) -> bytes:
    """The canonical bytes of a row: ``[TAG, *fields as strings, prev]`` as compact UTF-8 JSON."""
    values = {**row, "at_us": row["at_us"] if "at_us" in row else at_us(row["at"])}
    body = [TAG, *(str(values[k]) for k in FIELDS), prev]
    return _JSON.encode(body).encode("utf-8")


def row_hash(row: Mapping[str, Any], prev: str) -> str:
    """The hex SHA-256 of a row after ``prev``."""
    return hashlib.sha256(encode(row, prev)).hexdigest()


def link(rows: Iterable[dict[str, Any]], head_seq: int, head_hash: str) -> list[dict[str, Any]]:
    """Give new rows their place after the head: ``seq``, ``prev_hash`` and ``hash`` set in order."""
    out = []
    seq, prev = head_seq, head_hash
    for row in rows:
        seq += 1
        # ``encode`` without its copies of the row (the same bytes: tested against it)
        stamp = row["at_us"] if "at_us" in row else at_us(row["at"])
        body = [
            TAG,
            str(row["group_id"]),
            str(seq),
            *[str(row[k]) for k in _AFTER_SEQ],
            str(stamp),
            prev,
        ]
        h = hashlib.sha256(_JSON.encode(body).encode("utf-8")).hexdigest()
        out.append({**row, "seq": seq, "prev_hash": prev, "hash": h})
        prev = h
    return out


@dataclass(frozen=True, slots=True)
class Problem:
    """The first row of a group where the chain does not hold."""

    group_id: str
    #: the row's id in the table, and its place in the chain as recorded
    row_id: int
    seq: int
    #: edited | deleted | inserted | unchained
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"group {self.group_id}: row id {self.row_id} (chain #{self.seq}): {self.detail}"


class Verifier:
    """Checks one group's rows, fed in table order (``id``), in as many pages as needed."""

    def __init__(self, group_id: str) -> None:
        self.group_id = group_id
        self.seq = 0
        self.head = GENESIS
        self.rows = 0
        self.problem: Problem | None = None

    def feed(self, rows: Iterable[Mapping[str, Any]]) -> bool:
        """Check more rows; False once a problem was found (``problem`` says which)."""
        for row in rows:
            if self.problem is not None:
                return False
            self.problem = self._check(row)
            if self.problem is None:
                self.rows += 1
                self.seq, self.head = int(row["seq"]), str(row["hash"])
        return self.problem is None

    def _check(self, row: Mapping[str, Any]) -> Problem | None:
        rid, seq, prev, stored = int(row["id"]), int(row["seq"]), row["prev_hash"], row["hash"]
        expected = self.seq + 1

        def problem(kind: str, detail: str) -> Problem:
            return Problem(self.group_id, rid, seq, kind, detail)

        if seq <= 0 or not stored:
            return problem(
                "unchained", "the row has no hash: it was written outside huzhu's ledger"
            )
        if row_hash(row, prev) != stored:
            return problem("edited", "its contents do not match its hash: the row was edited")
        if seq > expected:
            missing = f"#{expected}" if seq == expected + 1 else f"#{expected}-#{seq - 1}"
            return problem("deleted", f"chain rows {missing} before it are missing: deleted")
        if seq < expected or prev != self.head:
            return problem(
                "inserted",
                "it does not follow the row before it: inserted out of order "
                "(or the row before it was rewritten with a new hash)",
            )
        return None
