"""Issue 17.3: the hash-chained ledger — tamper caught, exports re-checked, compensating rows, concurrency."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import re
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from huzhu.core import cli
from huzhu.core.requests.links import find_share
from huzhu.core.storage import chain
from huzhu.core.storage import requests as store
from huzhu.core.storage.db import Database, sqlite_url
from huzhu.core.trust.chain import GENESIS, Verifier
from huzhu.core.trust.ledger import verify
from huzhu.testing import FakeGroup, text

GROUP = "qq:1"
README = Path(__file__).resolve().parents[1] / "README.md"


def pdd(n: int) -> str:
    return f"https://mobile.yangkeduo.com/bargain.html?goods_id={n}&share_uin=X"


def _post(group: str, requester: str, n: int, needed: int = 1):
    link = find_share(pdd(n))
    assert link is not None
    return lambda c: store.post(
        c, group_id=group, requester=requester, link=link, note="", needed=needed, now=1.0 + n,
        expires_at=9e9, message_id=f"m{n}", max_open=1000,
    )  # fmt: skip


async def _helps(db: Database, group: str, count: int, start: int = 0) -> None:
    """``count`` confirmed helps in ``group``: each a request, a claim and a confirmation."""
    for i in range(start, start + count):
        req, _ = await db.write(_post(group, f"qq:r{i % 3}", i))
        helper = f"qq:h{i % 4}"
        await db.write(lambda c, s=req.seq, h=helper, i=i: store.claim(
            c, group_id=group, seq=s, helper=h, now=100.0 + i, message_id=f"c{i}"))  # fmt: skip
        await db.write(lambda c, s=req.seq, i=i: store.confirm(
            c, group_id=group, seq=s, requester=None, helper=None, now=200.123456 + i, message_id=f"k{i}",
            by="auto", credit=1, debit=1))  # fmt: skip


def _ledger_db(folder: Path, groups: dict[str, int]) -> Path:
    async def build() -> None:
        db = Database(sqlite_url(folder))
        await db.open()
        try:
            for group, n in groups.items():
                await _helps(db, group, n)
        finally:
            await db.close()

    asyncio.run(build())
    return folder / "huzhu.db"


def _verify(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(["ledger", "verify", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_edits_and_deletes_made_with_sqlite3_are_caught(tmp_path, capsys):
    """An UPDATE of an amount and a DELETE of a row, done straight on the file, fail verify."""
    intact = tmp_path / "intact"
    db_file = _ledger_db(intact, {GROUP: 5, "qq:2": 2})
    code, out = _verify(capsys, "--data-dir", str(intact))
    assert code == 0, out
    assert "14 rows checked in 2 group(s)" in out

    edited, deleted = tmp_path / "edited", tmp_path / "deleted"
    shutil.copytree(intact, edited)
    shutil.copytree(intact, deleted)
    with sqlite3.connect(edited / db_file.name) as con:  # what an admin with the file could do
        rid = con.execute(
            "SELECT id FROM ledger WHERE group_id = ? AND kind = 'given' ORDER BY id LIMIT 1 OFFSET 2",
            (GROUP,),
        ).fetchone()[0]
        con.execute("UPDATE ledger SET delta = 5 WHERE id = ?", (rid,))
    code, out = _verify(capsys, "--data-dir", str(edited))
    assert code == 1
    assert f"group {GROUP}: row id {rid} (chain #5)" in out and "edited" in out

    with sqlite3.connect(deleted / db_file.name) as con:
        con.execute("DELETE FROM ledger WHERE group_id = ? AND chain_seq = 4", (GROUP,))
    code, out = _verify(capsys, "--data-dir", str(deleted), "--group", GROUP)
    assert code == 1
    assert re.search(
        rf"group {GROUP}: row id \d+ \(chain #5\): chain rows #4 before it are missing: deleted",
        out,
    )
    # the other group is untouched
    assert _verify(capsys, "--data-dir", str(deleted), "--group", "qq:2") == (
        0,
        "ledger intact: 4 rows checked in 1 group(s)\n",
    )


def test_a_row_slipped_in_between_or_rehashed_is_caught(tmp_path):
    rows = [dict(r) for r in _rows(_ledger_db(tmp_path, {GROUP: 3}))]
    v = Verifier(GROUP)
    assert v.feed(rows) and v.rows == 6
    # a forged row recomputed with the public recipe, placed before the last row
    from huzhu.core.trust.chain import link

    forged = link([{**rows[2], "delta": 9}], rows[4]["seq"], rows[4]["hash"])[0]
    v = Verifier(GROUP)
    assert not v.feed([*rows[:5], forged, rows[5]])
    assert (
        v.problem is not None and v.problem.kind == "inserted" and v.problem.row_id == rows[5]["id"]
    )


def _rows(db_file: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(db_file) as con:
        con.row_factory = sqlite3.Row
        return con.execute(
            "SELECT id, group_id, chain_seq AS seq, member, delta, kind, counterpart, request_id, claim_id, "
            "claim_message_id, confirm_message_id, at, prev_hash, row_hash AS hash FROM ledger ORDER BY id"
        ).fetchall()


def _readme_recipe() -> str:
    """The re-check procedure exactly as the README prints it."""
    body = README.read_text(encoding="utf-8").split("<!-- ledger-recheck -->", 2)[1]
    return body.split("```python", 1)[1].split("```", 1)[0]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_is_rechecked_by_the_readme_procedure(tmp_path, capsys, monkeypatch, fmt):
    folder = tmp_path / "d"
    _ledger_db(folder, {GROUP: 4})
    out = tmp_path / f"ledger.{fmt}"
    assert cli.main(["ledger", "export", "--data-dir", str(folder), "--group", GROUP, "--format", fmt,
                     "-o", str(out)]) == 0  # fmt: skip
    capsys.readouterr()
    recipe = compile(_readme_recipe(), "recheck.py", "exec")
    monkeypatch.setattr("sys.argv", ["recheck.py", str(out)])
    exec(recipe, {"__name__": "__main__"})
    assert "OK: 8 rows, head " in capsys.readouterr().out
    # one character changed in the file: the same recipe refuses it
    lines = out.read_text(encoding="utf-8").splitlines()
    if fmt == "csv":
        row = {**next(csv.DictReader(lines)), "delta": "3"}
        lines[1] = ",".join(row[k] for k in lines[0].split(","))
    else:
        row = json.loads(lines[0])
        lines[0] = json.dumps({**row, "delta": 3}, ensure_ascii=False)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="row 1 does not match"):
        exec(recipe, {"__name__": "__main__"})


async def test_compensating_rows_keep_the_chain_valid_and_balances_right(tmp_path):
    db = Database(sqlite_url(tmp_path))
    await db.open()
    try:
        await _helps(db, GROUP, 3)
        claims = await db.read(
            lambda c: [r[0] for r in c.execute(sa.text("SELECT id FROM claims ORDER BY id"))]
        )
        before = await db.read(lambda c: store.balances(c, GROUP))
        done = await db.write(
            lambda c: chain.reverse(
                c, GROUP, [claims[0], claims[0], 999], now=300.0, ref="review:1"
            )
        )
        assert done == [claims[0]]
        again = await db.write(
            lambda c: chain.reverse(c, GROUP, [claims[0]], now=301.0, ref="review:1")
        )
        assert again == []  # a reversed help is not reversed twice
        rows, _groups, problem = await verify(db, GROUP)
        assert problem is None and rows == 8
        entries = await db.read(lambda c: store.ledger_entries(c, GROUP))
        assert [e["kind"] for e in entries[-2:]] == ["undo_given", "undo_received"]
        assert len(entries) == 8  # nothing deleted
        after = await db.read(lambda c: store.balances(c, GROUP))
        helper, requester = entries[0]["member"], entries[1]["member"]
        assert (
            after[helper][0] == before[helper][0] - 1 and after[helper][1] == before[helper][1] - 1
        )
        assert after[requester][0] == before[requester][0] + 1
        status = await db.read(
            lambda c: c.execute(
                sa.text("SELECT status FROM claims WHERE id = :i"), {"i": claims[0]}
            ).scalar()
        )
        assert status == "reversed"
    finally:
        await db.close()


async def test_existing_rows_are_hashed_by_the_migration(tmp_path):
    """A database from before the chain (version 6) gets every old row hashed in group/id order."""
    db = Database(sqlite_url(tmp_path))
    await db.open()
    await _helps(db, GROUP, 2)
    await _helps(db, "qq:2", 1)
    await db.close()
    with sqlite3.connect(tmp_path / "huzhu.db") as con:  # back to how version 6 left the rows
        con.execute("UPDATE ledger SET chain_seq = 0, prev_hash = '', row_hash = ''")
        con.execute("DROP INDEX uq_ledger_chain")
        con.execute("DELETE FROM schema_version WHERE version = 8")
    v = Verifier(GROUP)
    assert (
        not v.feed([dict(r) for r in _rows(tmp_path / "huzhu.db")])
        and v.problem.kind == "unchained"
    )
    db = Database(sqlite_url(tmp_path))
    await db.open()
    try:
        rows, groups, problem = await verify(db)
        assert (rows, groups, problem) == (6, [GROUP, "qq:2"], None)
        assert (await db.read(lambda c: chain.head(c, GROUP)))[0] == 4
    finally:
        await db.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_concurrent_confirmations_keep_one_chain(tmp_path, request, backend):
    """Two connection pools (two processes) confirming in the same group at once: one valid chain."""
    url = sqlite_url(tmp_path) if backend == "sqlite" else request.getfixturevalue("postgres_url")
    a, b = Database(url), Database(url)
    await a.open()
    await b.open()
    group = f"qq:chain-{time.monotonic_ns()}"
    try:
        req, _ = await a.write(_post(group, "qq:r", 1, needed=100))
        helpers = [f"qq:h{i}" for i in range(20)]
        await asyncio.gather(*(
            (a if i % 2 else b).write(lambda c, h=h: store.claim(c, group_id=group, seq=req.seq, helper=h, now=2.0, message_id=""))
            for i, h in enumerate(helpers)
        ))  # fmt: skip
        await asyncio.gather(*(
            (a if i % 2 else b).write(lambda c, h=h, i=i: store.confirm(
                c, group_id=group, seq=req.seq, requester="qq:r", helper=h, now=3.0 + i / 7, message_id="",
                by="qq:r", credit=1, debit=1))
            for i, h in enumerate(helpers)
        ))  # fmt: skip
        rows, _, problem = await verify(a, group)
        assert problem is None and rows == 40
        assert (await a.read(lambda c: chain.head(c, group)))[0] == 40
    finally:
        await a.close()
        await b.close()


def test_the_hash_is_sha256_of_the_documented_encoding():
    row = {"group_id": "qq:1", "seq": 1, "member": "qq:2", "delta": -1, "kind": "received", "counterpart": "qq:3",
           "request_id": 7, "claim_id": 9, "claim_message_id": "", "confirm_message_id": "m", "at": 1.5}  # fmt: skip
    body = (
        '["huzhu-ledger/1","qq:1","1","qq:2","-1","received","qq:3","7","9","","m","1500000","'
        + GENESIS
        + '"]'
    )
    from huzhu.core.trust.chain import row_hash

    assert row_hash(row, GENESIS) == hashlib.sha256(body.encode()).hexdigest()


YAML = """
defaults:
  commands: {rate: 1000}
  requests: {auto_confirm: 2h, auto_confirm_min_helps: 0}
  plugins: {reminder: false, help_before_ask: false, quota: false, ledger: {fingerprint_at: "21:00"}}
"""


async def test_ledger_command_and_daily_fingerprint(engine_factory, clock):
    clock.set("2026-03-02 20:00")
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, GROUP)
    assert "本群账本还没有记录" in text(await g.say("/账本", by="qq:20", name="小明"))
    await g.say(f"/求助 {pdd(1)}", by="qq:10", name="小红")
    await g.say("/已助 1", by="qq:20", name="小明")
    await g.say("/确认 1", by="qq:10", name="小红")
    count, chained, head = await engine.db.read(lambda c: chain.summary(c, GROUP))
    assert (count, chained) == (2, 2)
    shown = text(await g.say("/账本", by="qq:20", name="小明"))
    assert f"小明，本群账本共 2 条记录，链头指纹 {head[:16]}" in shown
    await g.tick()  # the daily item is scheduled …
    clock.advance("1h")
    posted = text(await g.tick())  # … and posted at 21:00
    assert "今日账本指纹（2026-03-02）：共 2 条记录" in posted and head in posted


def test_link_hashes_each_row_exactly_as_the_published_encoding_says():
    """``link`` builds each row's bytes without ``encode``'s copies: the same hash, computed
    here from the documented format (a JSON array of strings, compact, UTF-8)."""
    from huzhu.core.trust.chain import FIELDS, TAG, at_us, link, row_hash

    rows = [
        {"group_id": "tg:-100", "member": "qq:小明", "delta": -1, "kind": "received",
         "counterpart": 'a"b\\c', "request_id": 7, "claim_id": 9, "claim_message_id": "",
         "confirm_message_id": "✓", "at": 1.8e9 + 0.1234567},
        {"group_id": "tg:-100", "member": "qq:2", "delta": 1, "kind": "given", "counterpart": "qq:3",
         "request_id": 7, "claim_id": 9, "claim_message_id": "m", "confirm_message_id": "n",
         "at": 1.8e9, "at_us": at_us(1.8e9)},
    ]  # fmt: skip
    linked = link(rows, 41, "f" * 64)
    prev = "f" * 64
    for seq, (row, out) in enumerate(zip(rows, linked, strict=True), 42):
        values = {**row, "seq": seq, "at_us": at_us(row["at"])}
        body = [TAG, *(str(values[k]) for k in FIELDS), prev]
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        assert out["hash"] == hashlib.sha256(raw).hexdigest() == row_hash(out, prev)
        assert (out["seq"], out["prev_hash"]) == (seq, prev)
        prev = out["hash"]
