"""The database: engines, migrations and the group-commit writer.

All writes go through ``Database.write``: concurrent writes are queued and a
single writer runs everything queued in ONE transaction, then resolves each
caller's future after the commit. A caller that awaits ``write`` therefore
knows its change is durable, and durability does not cost throughput.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from huzhu.core.storage.schema import MIGRATIONS, schema_version

log = logging.getLogger("huzhu.storage")
T = TypeVar("T")
Op = Callable[[AsyncConnection], Awaitable[Any]]


def sqlite_url(data_dir: str | Path) -> str:
    """The default embedded database: ``<data_dir>/huzhu.db``."""
    path = Path(data_dir).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return f"sqlite+aiosqlite:///{path / 'huzhu.db'}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # group commit makes the fsync affordable
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


class Database:
    """One SQL database (SQLite by default, PostgreSQL through asyncpg)."""

    def __init__(self, url: str, *, batch_max: int = 1024) -> None:
        if url.startswith("sqlite") and (":memory:" in url or url.rstrip("/").endswith(":")):
            raise ValueError(
                "use a file for SQLite (WAL needs one); e.g. sqlite+aiosqlite:///data/huzhu.db"
            )
        self.url = url
        self.batch_max = batch_max
        self.is_sqlite = url.startswith("sqlite")
        self._writer_engine: AsyncEngine | None = None
        self._reader_engine: AsyncEngine | None = None
        self._queue: list[tuple[Op, asyncio.Future[Any]]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        #: statistics for tests and benchmarks
        self.batches = 0
        self.ops = 0

    # ------------------------------------------------------------ lifecycle
    async def open(self) -> None:
        """Connect, run pending migrations and start the writer."""
        if self.is_sqlite:
            self._writer_engine = create_async_engine(self.url, pool_size=1, max_overflow=0)
            self._reader_engine = create_async_engine(self.url)
            for eng in (self._writer_engine, self._reader_engine):
                event.listen(eng.sync_engine, "connect", _sqlite_pragmas)

            # pysqlite's own transaction handling defers BEGIN until the first
            # write; take the write lock up front so two processes never
            # deadlock upgrading a read lock (SQLAlchemy's documented recipe).
            @event.listens_for(self._writer_engine.sync_engine, "connect")
            def _no_autobegin(dbapi_conn: Any, _record: Any) -> None:
                dbapi_conn.isolation_level = None

            @event.listens_for(self._writer_engine.sync_engine, "begin")
            def _begin_immediate(conn: Any) -> None:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            self._writer_engine = create_async_engine(self.url, pool_pre_ping=True)
            self._reader_engine = self._writer_engine
        await self.migrate()
        self._task = asyncio.create_task(self._writer(), name="huzhu-db-writer")

    async def close(self) -> None:
        """Finish queued writes, stop the writer and dispose of the engines."""
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None
        for eng in {id(e): e for e in (self._writer_engine, self._reader_engine) if e}.values():
            await eng.dispose()

    async def migrate(self) -> int:
        """Apply every migration newer than the database; return the resulting version."""
        assert self._writer_engine is not None
        async with self._writer_engine.connect() as conn:
            await conn.run_sync(lambda s: schema_version.create(s, checkfirst=True))
            await conn.commit()
            current = (
                await conn.execute(sa.select(sa.func.max(schema_version.c.version)))
            ).scalar() or 0
            for version, description, step in MIGRATIONS:
                if version <= current:
                    continue
                await step(conn)
                await conn.execute(
                    schema_version.insert().values(
                        version=version, description=description, applied_at=time.time()
                    )
                )
                await conn.commit()
                log.info("database migrated to version %d: %s", version, description)
                current = version
        return current

    # ------------------------------------------------------------ reads and writes
    async def read(self, fn: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """Run a read-only function on a pooled connection."""
        assert self._reader_engine is not None, "database not open"
        async with self._reader_engine.connect() as conn:
            return await fn(conn)

    async def write(self, fn: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """Queue a write; return its result once the transaction holding it has committed."""
        if self._task is None or self._closing:
            raise RuntimeError("database is not open for writing")
        fut: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append((fn, fut))
        self._wake.set()
        return await fut

    async def _writer(self) -> None:
        assert self._writer_engine is not None
        conn = await self._writer_engine.connect()
        try:
            while True:
                if not self._queue:
                    if self._closing:
                        return
                    self._wake.clear()
                    await self._wake.wait()
                    continue
                batch = self._queue[: self.batch_max]
                del self._queue[: self.batch_max]
                conn = await self._run_batch(conn, batch)
        finally:
            with contextlib.suppress(Exception):
                await conn.close()

    async def _run_batch(
        self, conn: AsyncConnection, batch: list[tuple[Op, asyncio.Future[Any]]]
    ) -> AsyncConnection:
        """Run a batch in one transaction; on any failure, replay each op alone to isolate it."""
        results: list[Any] = []
        try:
            await conn.begin()
            for fn, _ in batch:
                results.append(await fn(conn))
            await conn.commit()
        except Exception as exc:
            with contextlib.suppress(Exception):
                await conn.rollback()
            if len(batch) == 1:
                _settle(batch[0][1], exc=exc)
                return await self._healthy(conn)
            conn = await self._healthy(conn)
            for item in batch:  # replay alone: only the faulty op fails
                conn = await self._run_batch(conn, [item])
            return conn
        self.batches += 1
        self.ops += len(batch)
        for (_, fut), result in zip(batch, results, strict=True):
            _settle(fut, result=result)
        return conn

    async def _healthy(self, conn: AsyncConnection) -> AsyncConnection:
        """Replace the writer connection if it was invalidated by the failure."""
        if conn.invalidated or conn.closed:
            assert self._writer_engine is not None
            with contextlib.suppress(Exception):
                await conn.close()
            return await self._writer_engine.connect()
        return conn


def _settle(
    fut: asyncio.Future[Any], *, result: Any = None, exc: BaseException | None = None
) -> None:
    if fut.done():
        return
    if exc is not None:
        fut.set_exception(exc)
    else:
        fut.set_result(result)
