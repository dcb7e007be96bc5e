"""Storage: group commit, isolation of a failing write, migrations, WAL, PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
import sqlalchemy as sa

from huzhu.core import Role
from huzhu.core.storage import repo
from huzhu.core.storage.db import Database, sqlite_url
from huzhu.core.storage.schema import MIGRATIONS, kv
from huzhu.testing import FakeGroup, text
from tests.sample_plugins import Echo, Keyword


async def test_concurrent_writes_are_grouped_and_all_committed(tmp_path):
    db = Database(sqlite_url(tmp_path))
    await db.open()
    try:
        await asyncio.gather(
            *(
                db.write(lambda c, i=i: repo.kv_set(c, "g", "ns", f"k{i}", i, 0.0))
                for i in range(500)
            )
        )
        assert db.ops == 500 and db.batches < 50  # grouped, not one transaction each
        # visible to an independent connection: committed, not just queued
        con = sqlite3.connect(tmp_path / "huzhu.db")
        assert con.execute("select count(*) from kv").fetchone()[0] == 500
        assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
        con.close()
    finally:
        await db.close()


async def test_a_failing_write_fails_alone(tmp_path):
    db = Database(sqlite_url(tmp_path))
    await db.open()

    def bad(conn):
        repo.kv_set(conn, "g", "ns", "bad", 1, 0.0)
        conn.execute(sa.text("insert into nowhere values (1)"))

    try:
        results = await asyncio.gather(
            *(
                db.write(lambda c, i=i: repo.kv_set(c, "g", "ns", f"k{i}", i, 0.0))
                for i in range(20)
            ),
            db.write(bad),
            *(
                db.write(lambda c, i=i: repo.kv_set(c, "g", "ns", f"j{i}", i, 0.0))
                for i in range(20)
            ),
            return_exceptions=True,
        )
        errors = [r for r in results if isinstance(r, Exception)]
        assert len(errors) == 1
        assert await db.read(lambda c: repo.count_rows(c, "kv")) == 40
        assert await db.read(lambda c: repo.kv_get(c, "g", "ns", "bad")) is None
        await db.write(lambda c: repo.kv_set(c, "g", "ns", "after", 1, 0.0))  # the writer survived
    finally:
        await db.close()


async def test_migrations_are_versioned_and_idempotent(tmp_path):
    db = Database(sqlite_url(tmp_path))
    await db.open()
    assert await db.migrate() == MIGRATIONS[-1][0]
    await db.close()
    db2 = Database(sqlite_url(tmp_path))
    await db2.open()
    rows = await db2.read(lambda c: c.execute(sa.text("select version from schema_version")))
    assert [r[0] for r in rows] == [v for v, _, _ in MIGRATIONS]
    await db2.close()


async def test_a_migration_numbered_below_the_highest_applied_still_runs(tmp_path, monkeypatch):
    """Migrations are numbered per feature: a database that got 9 before 7 existed still gets 7."""
    from huzhu.core.storage import db as db_module

    lower, rest = MIGRATIONS[:6], MIGRATIONS[6:]
    monkeypatch.setattr(db_module, "MIGRATIONS", [*lower, rest[-1]])
    db = Database(sqlite_url(tmp_path))
    await db.open()
    await db.close()
    monkeypatch.setattr(db_module, "MIGRATIONS", MIGRATIONS)
    db2 = Database(sqlite_url(tmp_path))
    await db2.open()
    rows = await db2.read(lambda c: c.execute(sa.text("select version from schema_version")))
    assert sorted(r[0] for r in rows) == [v for v, _, _ in MIGRATIONS]
    await db2.close()


async def test_close_flushes_queued_writes(tmp_path):
    db = Database(sqlite_url(tmp_path))
    await db.open()
    pending = [
        asyncio.ensure_future(db.write(lambda c, i=i: repo.kv_set(c, "g", "n", str(i), i, 0.0)))
        for i in range(50)
    ]
    await asyncio.sleep(0)
    await db.close()
    assert all(p.done() and p.exception() is None for p in pending)
    con = sqlite3.connect(tmp_path / "huzhu.db")
    assert con.execute("select count(*) from kv").fetchone()[0] == 50


def test_memory_sqlite_is_refused():
    with pytest.raises(ValueError, match="use a file"):
        Database("sqlite+aiosqlite:///:memory:")


async def test_same_code_on_postgresql(postgres_url, engine_factory, tmp_path):
    engine = await engine_factory(
        "defaults:\n  plugins: {keyword: {word: spam}}\n",
        plugins=[Keyword(), Echo()],
        database_url=postgres_url,
    )
    assert engine.db.url.startswith("postgresql")
    g = FakeGroup(engine, "qq:1")
    assert "第 1 次违规" in text(await g.say("spam"))
    engine.clock.advance(61)
    assert "第 2 次违规" in text(await g.say("spam"))
    assert "count:1" in text(await g.say("/计数"))
    assert "已在本群禁用" in text(await g.say("/禁用 keyword", role=Role.ADMIN))
    await asyncio.gather(
        *(
            engine.db.write(lambda c, i=i: repo.kv_set(c, "g", "ns", f"k{i}", {"i": i}, 0.0))
            for i in range(200)
        )
    )
    assert await engine.db.read(lambda c: repo.kv_get(c, "g", "ns", "k7")) == {"i": 7}
    await engine.close()
    again = await engine_factory(
        "defaults:\n  plugins: {keyword: {word: spam}}\n",
        plugins=[Keyword(), Echo()],
        database_url=postgres_url,
    )
    assert again.resolver.enabled("qq:1", "keyword") == (False, "override")
    count = await again.db.read(lambda c: c.execute(sa.select(sa.func.count()).select_from(kv)))
    assert count.scalar() >= 200
