"""Start-up (#22): a bot on SQLite starts without PostgreSQL's dialect, and PostgreSQL
still gets every schema option."""

from __future__ import annotations

import subprocess
import sys

import sqlalchemy as sa

from huzhu.core.storage import schema

PROBE = """
import asyncio, sys
from huzhu.core.engine import Engine

async def main():
    engine = Engine.from_settings(config_path=None, data_dir=sys.argv[1])
    await engine.start()
    await engine.close()

asyncio.run(main())
print(sorted(m for m in sys.modules if m.startswith("sqlalchemy.dialects.postgresql")))
"""


def test_a_bot_on_sqlite_starts_without_postgresql_s_dialect(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "data")],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout


def test_postgresql_still_creates_the_partial_index_of_open_findings():
    statements: list[str] = []
    engine = sa.create_mock_engine(
        "postgresql+psycopg2://",
        lambda sql, *a, **k: statements.append(str(sql.compile(dialect=engine.dialect))),
    )
    schema.collusion_findings.create(engine, checkfirst=False)
    (index,) = (s for s in statements if "uq_collusion_open" in s)
    assert index.strip() == (
        "CREATE UNIQUE INDEX uq_collusion_open ON collusion_findings (group_id, key)"
        " WHERE status = 'open'"
    )
    sqlite = sa.create_mock_engine(
        "sqlite://",
        lambda sql, *a, **k: statements.append(str(sql.compile(dialect=sqlite.dialect))),
    )
    statements.clear()
    schema.collusion_findings.create(sqlite, checkfirst=False)
    assert any(s.strip().endswith("WHERE status = 'open'") for s in statements if "uq_" in s)


def test_upsert_on_postgresql_imports_its_dialect_when_it_runs():
    from sqlalchemy.dialects import postgresql

    from huzhu.core.storage import repo

    executed: list[str] = []

    class Conn:
        dialect = postgresql.dialect()

        def execute(self, stmt):
            executed.append(str(stmt.compile(dialect=self.dialect)))

    values = {"group_id": "qq:1", "namespace": "n", "key": "k", "value": 1, "updated_at": 0.0}
    repo.upsert(Conn(), schema.kv, values, ["group_id", "namespace", "key"])
    assert "ON CONFLICT (group_id, namespace, key) DO UPDATE SET value = " in executed[0]
