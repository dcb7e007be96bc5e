"""``huzhu ledger verify`` and ``huzhu ledger export``: the chain checked and written out, page by page."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from typing import Any, TextIO

from huzhu.core.storage import chain as store
from huzhu.core.storage.db import Database
from huzhu.core.trust.chain import EXPORT_FIELDS, Problem, Verifier, at_us

PAGE = 5000


async def verify(
    db: Database, group_id: str | None = None
) -> tuple[int, list[str], Problem | None]:
    """(rows checked, groups checked, the first problem or None) over one group or all."""
    groups = [group_id] if group_id else await db.read(store.groups)
    checked = 0
    for gid in groups:
        v = Verifier(gid)
        after = 0
        while True:
            rows = await db.read(lambda c, a=after, g=gid: store.page(c, g, a, PAGE))
            if not rows:
                break
            if not v.feed(rows):
                return checked + v.rows, groups, v.problem
            after = rows[-1]["id"]
        checked += v.rows
    return checked, groups, None


def _export_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: row[k] for k in EXPORT_FIELDS if k in row and k != "at"},
        "at_us": at_us(row["at"]),
        "at": datetime.fromtimestamp(float(row["at"]), UTC).isoformat(timespec="seconds"),
    }


async def export(db: Database, group_id: str, fmt: str, out: TextIO) -> int:
    """Write a group's ledger with each row's hash as csv or jsonl; return the rows written."""
    writer = (
        csv.DictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\n") if fmt == "csv" else None
    )
    if writer is not None:
        writer.writeheader()
    count, after = 0, 0
    while True:
        rows = await db.read(lambda c, a=after: store.page(c, group_id, a, PAGE))
        if not rows:
            return count
        for row in rows:
            item = _export_row(row)
            if writer is not None:
                writer.writerow({k: item[k] for k in EXPORT_FIELDS})
            else:
                out.write(
                    json.dumps({k: item[k] for k in EXPORT_FIELDS}, ensure_ascii=False) + "\n"
                )
        count += len(rows)
        after = rows[-1]["id"]
