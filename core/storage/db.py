"""The database: engines, migrations and the group-commit writer.

All writes go through ``Database.write``: concurrent writes are queued and a
single writer runs everything queued in ONE transaction, then resolves each
caller's future after the commit (a failing write is replayed alone, so it
fails alone). A caller that awaits ``write`` therefore
knows its change is durable, and durability does not cost throughput.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from huzhu.core.storage.schema import MIGRATIONS, schema_version

log = logging.getLogger("huzhu.storage")
T = TypeVar("T")
Op = Callable[[sa.Connection], Any]


#: threads (and connections) serving SQLite reads
READERS = 2


def sqlite_url(data_dir: str | Path) -> str:
    """The default embedded database: ``<data_dir>/huzhu.db``."""
    path = Path(data_dir).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return f"sqlite+aiosqlite:///{path / 'huzhu.db'}"


def _sqlite_pragmas(durable: bool) -> Callable[[Any, Any], None]:
    # FULL: group commit makes the fsync affordable; OFF only for throwaway databases
    synchronous = "FULL" if durable else "OFF"

    def pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={synchronous}")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    return pragmas


class Database:
    """One SQL database (SQLite by default, PostgreSQL through asyncpg).

    Repository functions are plain functions of a SQLAlchemy ``Connection``.
    Reads: on SQLite each is one hop to a small pool of reader threads with
    plain sqlite3 connections (WAL lets them read beside the writer); on
    PostgreSQL they run through the async engine (asyncpg) via ``run_sync``.
    Writes are grouped: on SQLite one dedicated writer thread runs a whole
    batch in one hop (the GIL is released while SQLite works, so the event
    loop keeps serving); on PostgreSQL the batch runs through ``run_sync`` on
    one asyncpg connection.
    """

    def __init__(self, url: str, *, batch_max: int = 1024, durable: bool = True) -> None:
        """``durable=False`` skips SQLite's fsync on commit: only for throwaway databases
        (the simulator's), which need not survive a power cut."""
        if url.startswith("sqlite") and (":memory:" in url or url.rstrip("/").endswith(":")):
            raise ValueError(
                "use a file for SQLite (WAL needs one); e.g. sqlite+aiosqlite:///data/huzhu.db"
            )
        self.url = url
        self.batch_max = batch_max
        self.durable = durable
        self.is_sqlite = url.startswith("sqlite")
        self._reader: AsyncEngine | None = None
        self._sync_writer: sa.Engine | None = None
        self._writer_conn: sa.Connection | None = None
        self._executor: ThreadPoolExecutor | None = None
        #: SQLite reads: plain sqlite3 connections on their own threads, one hop per read
        self._sync_reader: sa.Engine | None = None
        self._read_executor: ThreadPoolExecutor | None = None
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
        self._closing = False
        if self.is_sqlite:
            sync_url = sa.make_url(self.url).set(drivername="sqlite")
            self._sync_writer = sa.create_engine(
                sync_url, poolclass=sa.pool.StaticPool, connect_args={"check_same_thread": False}
            )
            event.listen(self._sync_writer, "connect", _sqlite_pragmas(self.durable))

            # pysqlite defers BEGIN until the first write; take the write lock up
            # front so two processes never deadlock upgrading a read lock
            # (SQLAlchemy's documented recipe).
            @event.listens_for(self._sync_writer, "connect")
            def _no_autobegin(dbapi_conn: Any, _record: Any) -> None:
                dbapi_conn.isolation_level = None

            @event.listens_for(self._sync_writer, "begin")
            def _begin_immediate(conn: Any) -> None:
                conn.exec_driver_sql("BEGIN IMMEDIATE")

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="huzhu-db-writer")
            self._writer_conn = await self._in_writer(self._sync_writer.connect)
            # Reads run as one executor hop each on a small pool of sync connections
            # (WAL lets them read beside the writer); going through aiosqlite took
            # several thread round-trips per read (connect, execute, fetch, close).
            self._sync_reader = sa.create_engine(
                sync_url, pool_size=READERS, max_overflow=0,
                connect_args={"check_same_thread": False},
            )  # fmt: skip
            event.listen(self._sync_reader, "connect", _sqlite_pragmas(self.durable))
            self._read_executor = ThreadPoolExecutor(
                max_workers=READERS, thread_name_prefix="huzhu-db-reader"
            )
        else:
            self._reader = create_async_engine(self.url, pool_pre_ping=True)
        await self.migrate()
        self._task = asyncio.create_task(self._writer(), name="huzhu-db-writer")

    async def close(self) -> None:
        """Finish queued writes, stop the writer and release every connection."""
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None
        if self._writer_conn is not None:
            await self._in_writer(self._writer_conn.close)
            self._writer_conn = None
        if self._sync_writer is not None:
            await self._in_writer(self._sync_writer.dispose)
            self._sync_writer = None
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        if self._read_executor is not None:
            self._read_executor.shutdown(wait=True)
            self._read_executor = None
        if self._sync_reader is not None:
            self._sync_reader.dispose()
            self._sync_reader = None
        if self._reader is not None:
            await self._reader.dispose()
            self._reader = None

    async def migrate(self) -> int:
        """Apply every migration newer than the database; return the resulting version."""
        return await self._run_sync_write(_migrate)

    # ------------------------------------------------------------ reads and writes
    async def read(self, fn: Callable[[sa.Connection], T]) -> T:
        """Run a read-only function of a connection."""
        if self._read_executor is not None:
            return await asyncio.get_running_loop().run_in_executor(
                self._read_executor, self._sync_read, fn
            )
        assert self._reader is not None, "database not open"
        async with self._reader.connect() as conn:
            return await conn.run_sync(fn)

    def _sync_read(self, fn: Callable[[sa.Connection], T]) -> T:
        assert self._sync_reader is not None, "database not open"
        with self._sync_reader.connect() as conn:
            return fn(conn)

    async def write(self, fn: Callable[[sa.Connection], T]) -> T:
        """Queue a write; return its result once the transaction holding it has committed."""
        if self._task is None or self._closing:
            raise RuntimeError("database is not open for writing")
        fut: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append((fn, fut))
        self._wake.set()
        return await fut

    async def _in_writer(self, fn: Callable[..., T], *args: Any) -> T:
        assert self._executor is not None
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def _run_sync_write(self, fn: Callable[[sa.Connection], T]) -> T:
        """Run one function in its own transaction on the writer (used for migrations)."""
        outcome = (await self._run_batch([fn]))[0]
        if isinstance(outcome, _Failed):
            raise outcome.error
        return outcome

    async def _run_batch(self, fns: list[Op]) -> list[Any]:
        if self.is_sqlite:
            assert self._writer_conn is not None
            return await self._in_writer(_batch, self._writer_conn, fns)
        assert self._reader is not None
        async with self._reader.connect() as conn:
            return await conn.run_sync(_batch, fns)

    async def _writer(self) -> None:
        while True:
            if not self._queue:
                if self._closing:
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            batch = self._queue[: self.batch_max]
            del self._queue[: self.batch_max]
            try:
                outcomes = await self._run_batch([fn for fn, _ in batch])
            except Exception as exc:  # the database itself failed (disk full, connection lost)
                log.exception("database write batch failed")
                outcomes = [_Failed(exc)] * len(batch)
            else:
                self.batches += 1
                self.ops += len(batch)
            for (_, fut), outcome in zip(batch, outcomes, strict=True):
                if fut.done():
                    continue
                if isinstance(outcome, _Failed):
                    fut.set_exception(outcome.error)
                else:
                    fut.set_result(outcome)


class _Failed:
    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


def _batch(conn: sa.Connection, fns: list[Op]) -> list[Any]:
    """Run ``fns`` in one transaction; if one fails, replay each alone so only it fails."""
    try:
        with conn.begin():
            return [fn(conn) for fn in fns]
    except Exception as exc:
        if len(fns) == 1:
            return [_Failed(exc)]
    out: list[Any] = []
    for fn in fns:
        try:
            with conn.begin():
                out.append(fn(conn))
        except Exception as exc:
            out.append(_Failed(exc))
    return out


def _migrate(conn: sa.Connection) -> int:
    schema_version.create(conn, checkfirst=True)
    current = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0
    for version, description, step in MIGRATIONS:
        if version <= current:
            continue
        step(conn)
        conn.execute(
            schema_version.insert().values(
                version=version, description=description, applied_at=time.time()
            )
        )
        log.info("database migrated to version %d: %s", version, description)
        current = version
    return current
