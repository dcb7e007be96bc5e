"""The database: engines, migrations and the group-commit writer.

All writes go through ``Database.write``: concurrent writes are queued and a
single writer runs everything queued in ONE transaction, each write inside its
own savepoint (a failing write is rolled back alone and every write runs
exactly once), then resolves each caller's future after the commit. A caller
that awaits ``write`` therefore knows its change is durable, and durability
does not cost throughput.

A write either happens or is given up for good, and its caller is told which:
when another process keeps the database locked past the writer's patience, the
writes waiting for it fail with ``DatabaseBusy`` and never run later; a caller
cancelled while its write waits withdraws it; a write already running when its
caller is cancelled is finished and its result returned.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import errno
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event

if TYPE_CHECKING:  # the async engine serves PostgreSQL only: imported when one is opened
    from sqlalchemy.ext.asyncio import AsyncEngine

from huzhu.core import metrics
from huzhu.core.storage.schema import MIGRATIONS, schema_version

log = logging.getLogger("huzhu.storage")
T = TypeVar("T")
Op = Callable[[sa.Connection], Any]


#: threads (and connections) serving SQLite reads
READERS = 2
#: seconds a transaction may wait for a lock another process holds before its writes are
#: given up (DatabaseBusy); time in the queue behind this process's own writes does not count
WRITE_PATIENCE = 5.0
#: seconds migrations (at start-up) may wait for the database
MIGRATION_PATIENCE = 30.0


class DatabaseBusy(Exception):
    """The database stayed locked past the write's patience; the write was NOT made (retry later)."""


class ReadOnlyDataDir(OSError):
    """The SQLite database cannot be written: its folder (or file) is read-only."""

    def __init__(self, folder: Path, what: Path, *, file_only: bool = False) -> None:
        self.folder = folder
        if file_only:
            text = (f"数据库文件 {what} 是只读的，无法写入：请修改它的权限，或换一个可写的数据目录"
                    f"（--data-dir / HUZHU_DATA_DIR） (the database file {what} is read-only)")  # fmt: skip
        else:
            text = (f"数据目录 {folder} 是只读的，无法写入数据库 {what.name}：请换一个可写的目录"
                    f"（--data-dir / HUZHU_DATA_DIR）或修改它的权限 "
                    f"(the data folder {folder} is read-only; huzhu must write {what} there)")  # fmt: skip
        super().__init__(errno.EROFS, text)

    def __str__(self) -> str:
        return str(self.strerror)


#: set in a task whose write was withdrawn because the task was cancelled before it ran
_withdrawn: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "huzhu_write_withdrawn", default=False
)


def write_withdrawn() -> bool:
    """True when a write of the current task was given up (cancelled before it ran), so
    nothing of it was stored; reset with ``reset_withdrawn``."""
    return _withdrawn.get()


def reset_withdrawn() -> None:
    """Forget earlier withdrawals of the current task (before handling a new command)."""
    _withdrawn.set(False)


def sqlite_url(data_dir: str | Path) -> str:
    """The default embedded database: ``<data_dir>/huzhu.db`` (the folder is made on ``open``)."""
    path = Path(data_dir).resolve()
    with contextlib.suppress(OSError):  # Database.open says clearly what is wrong with the folder
        path.mkdir(parents=True, exist_ok=True)
    return f"sqlite+aiosqlite:///{path / 'huzhu.db'}"


def _check_writable(db_file: Path) -> None:
    """Raise ReadOnlyDataDir when SQLite could not write ``db_file`` (WAL also needs its folder)."""
    folder = db_file.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise ReadOnlyDataDir(_existing(folder), db_file) from exc
        raise
    if not os.access(folder, os.W_OK):
        raise ReadOnlyDataDir(folder, db_file)
    if db_file.exists() and not os.access(db_file, os.W_OK):
        raise ReadOnlyDataDir(folder, db_file, file_only=True)


def _existing(folder: Path) -> Path:
    """The nearest folder that exists (the one that refused to hold a new sub-folder)."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


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

    def __init__(
        self, url: str, *, batch_max: int = 1024, durable: bool = True,
        write_patience: float = WRITE_PATIENCE, inline: bool = False,
    ) -> None:  # fmt: skip
        """``durable=False`` skips SQLite's fsync on commit: only for throwaway databases
        (the simulator's), which need not survive a power cut. ``write_patience``: seconds
        the writer waits for a lock another process holds before giving its writes up.
        ``inline=True`` runs SQLite's reads and write batches on the event loop's own thread:
        the same SQL, the same group commit, without a thread hop per call (~0.1 ms of CPU and
        a context switch or two each); only for a process whose loop has nothing else to serve
        while the database works (the simulator), since a slow query then stalls the loop."""
        if url.startswith("sqlite") and (":memory:" in url or url.rstrip("/").endswith(":")):
            raise ValueError(
                "use a file for SQLite (WAL needs one); e.g. sqlite+aiosqlite:///data/huzhu.db"
            )
        self.url = url
        self.batch_max = batch_max
        self.durable = durable
        self.is_sqlite = url.startswith("sqlite")
        self.write_patience = write_patience
        self.inline = inline and self.is_sqlite
        self._reader: AsyncEngine | None = None
        self._sync_writer: sa.Engine | None = None
        self._writer_conn: sa.Connection | None = None
        self._executor: ThreadPoolExecutor | None = None
        #: SQLite reads: plain sqlite3 connections on their own threads, one hop per read
        self._sync_reader: sa.Engine | None = None
        self._read_executor: ThreadPoolExecutor | None = None
        #: ``inline``: the one read connection, kept between reads (no pool checkout per read)
        self._inline_conn: sa.Connection | None = None
        self._queue: list[_Op] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        #: statistics for tests and benchmarks
        self.batches = 0
        self.ops = 0
        #: writes asked for plus writes finished, in this process: a read taken when it was N
        #: is still what the database holds while it is N (``GroupData``'s read once per instant)
        self.writes = 0

    # ------------------------------------------------------------ lifecycle
    async def open(self) -> None:
        """Connect, run pending migrations and start the writer."""
        self._closing = False
        if self.is_sqlite:
            sync_url = sa.make_url(self.url).set(drivername="sqlite")
            if sync_url.database:
                _check_writable(Path(sync_url.database).resolve())  # noqa: ASYNC240 (once, at start)
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
                # straight on the DBAPI connection: through exec_driver_sql this one statement
                # cost more than most of the writes in the transaction (~0.1 ms each batch)
                conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE")

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
            from sqlalchemy.ext.asyncio import create_async_engine

            self._reader = create_async_engine(self.url, pool_pre_ping=True)
        try:
            await self.migrate()
        except sa.exc.OperationalError as exc:
            if self.is_sqlite and "readonly" in str(exc).replace("-", "").replace(" ", ""):
                db_file = Path(sa.make_url(self.url).database or "huzhu.db").absolute()  # noqa: ASYNC240
                await self.close()
                raise ReadOnlyDataDir(db_file.parent, db_file) from exc
            raise
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
        if self._inline_conn is not None:
            self._inline_conn.close()
            self._inline_conn = None
        if self._sync_reader is not None:
            self._sync_reader.dispose()
            self._sync_reader = None
        if self._reader is not None:
            await self._reader.dispose()
            self._reader = None

    async def migrate(self) -> int:
        """Apply every migration newer than the database; return the resulting version."""
        return await self._run_sync_write(_migrate, MIGRATION_PATIENCE)

    # ------------------------------------------------------------ reads and writes
    async def read(self, fn: Callable[[sa.Connection], T]) -> T:
        """Run a read-only function of a connection."""
        if self.inline and self._sync_reader is not None:
            return self._inline_read(fn)
        if self._read_executor is not None:
            return await asyncio.get_running_loop().run_in_executor(
                self._read_executor, self._sync_read, fn
            )
        assert self._reader is not None, "database not open"
        async with self._reader.connect() as conn:
            return await conn.run_sync(fn)

    def _inline_read(self, fn: Callable[[sa.Connection], T]) -> T:
        """A read on the loop's thread, on a connection kept open: checking one out of the pool
        and back per read cost more than most reads. It ends as a returned connection would
        (rolled back), so the next read sees every write committed meanwhile."""
        assert self._sync_reader is not None, "database not open"
        conn = self._inline_conn
        if conn is None or conn.closed or conn.invalidated:
            conn = self._inline_conn = self._sync_reader.connect()
        try:
            return fn(conn)
        finally:
            if conn.in_transaction():
                conn.rollback()

    def _sync_read(self, fn: Callable[[sa.Connection], T]) -> T:
        assert self._sync_reader is not None, "database not open"
        with self._sync_reader.connect() as conn:
            return fn(conn)

    async def write(self, fn: Callable[[sa.Connection], T]) -> T:
        """Queue a write; return its result once the transaction holding it has committed.

        Raises ``DatabaseBusy`` (nothing written) when another process kept the database
        locked for ``write_patience`` seconds. When the caller is cancelled before the write has
        started, the write is withdrawn and never runs (``write_withdrawn()`` says so);
        once started it is finished and its result returned, so the caller can report it.
        """
        if self._task is None or self._closing:
            raise RuntimeError("database is not open for writing")
        # a write under way (``writes`` odd) or any since a read: GroupData's memo reads again
        self.writes += 1
        try:
            loop = asyncio.get_running_loop()
            op = _Op(fn, loop.create_future())
            self._queue.append(op)
            self._wake.set()
            # awaited directly, not through asyncio.shield (two more futures and callbacks per write,
            # ~5% of a command's CPU): a cancellation that reaches ``op.fut`` is sorted out here
            try:
                return await op.fut
            except asyncio.CancelledError:
                if op.withdraw():
                    if op in self._queue:
                        self._queue.remove(op)
                    op.fut.cancel()
                    _withdrawn.set(True)
                    raise
            # started before the caller gave up: it commits (or fails) in moments; say which
            while True:
                # the writer finished it while the caller was cancelled
                if op.outcome is not _PENDING:
                    if isinstance(op.outcome, _Failed):
                        raise op.outcome.error
                    return op.outcome
                if op.fut.cancelled():
                    op.fut = loop.create_future()
                with contextlib.suppress(asyncio.CancelledError):
                    return await op.fut
        finally:
            self.writes += 1

    async def write_now(self, fn: Callable[[sa.Connection], T]) -> T:
        """Run a small write in its own transaction at once, beside the group commit.

        For state several processes share (``huzhu.core.shared``): one row, one short
        transaction, so it never waits behind a batch nor holds locks a batch needs.
        On SQLite (one writer) it joins the group commit.
        """
        if self._reader is None:
            return await self.write(fn)
        self.writes += 1
        try:
            async with self._reader.begin() as conn:
                return await conn.run_sync(fn)
        finally:
            self.writes += 1

    async def _in_writer(self, fn: Callable[..., T], *args: Any) -> T:
        assert self._executor is not None
        if self.inline:
            return fn(*args)
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def _run_sync_write(self, fn: Callable[[sa.Connection], T], patience: float) -> T:
        """Run one function in its own transaction on the writer (used for migrations)."""
        op = _Op(fn, asyncio.get_running_loop().create_future())
        outcome = (await self._run_batch([op], patience))[0]
        if isinstance(outcome, _Failed):
            raise outcome.error
        return outcome

    async def _run_batch(self, ops: list[_Op], patience: float | None = None) -> list[Any]:
        ms = max(1, int((self.write_patience if patience is None else patience) * 1000))
        if self.is_sqlite:
            assert self._writer_conn is not None
            return await self._in_writer(_batch, self._writer_conn, ops, ms)
        assert self._reader is not None
        async with self._reader.connect() as conn:
            return await conn.run_sync(_batch, ops, ms)

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
                outcomes = await metrics.timed_batch(self._run_batch(batch), len(batch))
            except Exception as exc:  # the database itself failed (connection lost)
                log.exception("database write batch failed")
                outcomes = [_Failed(_busy(exc) or exc)] * len(batch)
            else:
                self.batches += 1
                self.ops += len(batch)
            for op, outcome in zip(batch, outcomes, strict=True):
                op.outcome = outcome
                if op.fut.done():
                    continue
                if isinstance(outcome, _Failed):
                    op.fut.set_exception(outcome.error)
                else:
                    op.fut.set_result(outcome)


class _Failed:
    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


_QUEUED, _STARTED, _WITHDRAWN = range(3)
#: an op's outcome before its transaction ended
_PENDING = object()
#: guards the state of every queued write (the writer thread starts it, the caller withdraws it)
_state_lock = threading.Lock()


class _Op:
    """One queued write: its function, its caller's future and how far it got."""

    __slots__ = ("fn", "fut", "outcome", "state")

    def __init__(self, fn: Op, fut: asyncio.Future[Any]) -> None:
        self.fn = fn
        self.fut = fut
        self.state = _QUEUED
        #: what the write returned (or a ``_Failed``), once its transaction ended
        self.outcome: Any = _PENDING

    def start(self) -> bool:
        """Writer side: claim the write to run it now; False if its caller withdrew it."""
        with _state_lock:
            if self.state != _QUEUED:
                return False
            self.state = _STARTED
            return True

    def requeue(self) -> None:
        """Writer side: the write was rolled back unfinished and will run again (next transaction)."""
        with _state_lock:
            self.state = _QUEUED

    def withdraw(self) -> bool:
        """Caller side: give the write up unless it has started; True when it will never run."""
        with _state_lock:
            if self.state == _QUEUED:
                self.state = _WITHDRAWN
            return self.state != _STARTED


class GroupLockContended(Exception):
    """Raised by a write that needs a lock another process holds while its transaction holds
    others; the writer commits what it has and runs the write first in a fresh transaction."""


#: ``conn.info`` keys: group locks held by the current transaction, and whether it has run a write
HELD_LOCKS = "huzhu_group_locks"
FRESH = "huzhu_fresh_transaction"
#: ``conn.info`` key: the busy timeout (ms) last set on the writer's SQLite connection
_BUSY_TIMEOUT = "huzhu_busy_timeout_ms"


def _busy(exc: BaseException) -> DatabaseBusy | None:
    """A DatabaseBusy for errors that mean "locked by someone else, try later"."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
        return DatabaseBusy(str(orig))
    if "database is locked" in str(orig):
        return DatabaseBusy(str(orig))
    state = getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)
    if state == "55P03":  # lock_not_available (lock_timeout)
        return DatabaseBusy(str(orig))
    return None


def _run_op(conn: sa.Connection, op: _Op, cur: Any) -> Any:
    """Run one write inside its own savepoint: if it fails, only its own changes are undone.

    Raises only GroupLockContended (the write is undone and must run again) or an error
    that left the transaction unusable; any other error is the write's own outcome.
    ``cur``: a DBAPI cursor on SQLite (savepoints without SQLAlchemy's per-call work), else None.
    """
    if cur is not None:
        cur.execute("SAVEPOINT huzhu_op")
        try:
            result = op.fn(conn)
        except BaseException as exc:
            cur.execute("ROLLBACK TO huzhu_op")
            cur.execute("RELEASE huzhu_op")
            if isinstance(exc, GroupLockContended) or not isinstance(exc, Exception):
                raise
            return _Failed(_busy(exc) or exc)
        cur.execute("RELEASE huzhu_op")
        return result
    held = set(conn.info.get(HELD_LOCKS, ()))
    nested = conn.begin_nested()
    try:
        result = op.fn(conn)
    except BaseException as exc:
        nested.rollback()
        conn.info[HELD_LOCKS] = held  # locks taken inside the savepoint went with it
        if isinstance(exc, GroupLockContended) or not isinstance(exc, Exception):
            raise
        return _Failed(_busy(exc) or exc)
    nested.commit()
    return result


def _batch(conn: sa.Connection, ops: list[_Op], patience_ms: int) -> list[Any]:
    """Run the writes in one transaction (more when a group lock is contended), each alone in
    its savepoint, each exactly once; outcomes in order (a ``_Failed`` for those that failed).

    Waiting for a lock another process holds is bounded by ``patience_ms``.
    """
    sqlite = conn.dialect.name == "sqlite"
    out: list[Any] = [None] * len(ops)
    i = 0
    while i < len(ops):
        first = i
        cur = conn.connection.cursor() if sqlite else None
        try:
            # the wait for the write lock happens in BEGIN IMMEDIATE (set again only when changed)
            if cur is not None and conn.info.get(_BUSY_TIMEOUT) != patience_ms:
                cur.execute(f"PRAGMA busy_timeout = {patience_ms}")
                conn.info[_BUSY_TIMEOUT] = patience_ms
            with conn.begin():
                conn.info[HELD_LOCKS] = set()
                conn.info[FRESH] = True
                if not sqlite:  # row and advisory lock waits (lock_timeout: per wait)
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {patience_ms}")
                while i < len(ops):
                    op = ops[i]
                    if not op.start():  # withdrawn by its caller: never runs
                        out[i] = _Failed(asyncio.CancelledError())
                        i += 1
                        continue
                    try:
                        out[i] = _run_op(conn, op, cur)
                    except GroupLockContended:
                        if conn.info[FRESH]:  # cannot happen: a fresh transaction waits instead
                            raise
                        op.requeue()
                        break  # commit what ran; this write goes first in the next transaction
                    conn.info[FRESH] = False
                    i += 1
        except Exception as exc:  # BEGIN or COMMIT failed: nothing of this transaction stayed
            error = _busy(exc) or exc
            for j in range(first, len(ops)):
                if j >= i or not isinstance(out[j], _Failed):
                    out[j] = _Failed(error)
            return out
        finally:
            conn.info.pop(HELD_LOCKS, None)
            conn.info.pop(FRESH, None)
            if cur is not None:
                cur.close()
    return out


def _migrate(conn: sa.Connection) -> int:
    if conn.dialect.name != "sqlite":  # processes starting together migrate one at a time
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7304201913)")
    schema_version.create(conn, checkfirst=True)
    # every step not applied yet, in order: a release may add a lower number a database
    # never saw (migrations numbered per feature), so "newer than the highest" is not enough
    applied = set(conn.execute(sa.select(schema_version.c.version)).scalars())
    current = max(applied, default=0)
    for version, description, step in MIGRATIONS:
        if version in applied:
            continue
        step(conn)
        conn.execute(
            schema_version.insert().values(
                version=version, description=description, applied_at=time.time()
            )
        )
        log.info("database migrated to version %d: %s", version, description)
        current = max(current, version)
    return current
