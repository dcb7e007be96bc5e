"""Prepared statements for the hottest paths: one SQL text, run the cheapest way per database.

On SQLite the statement runs on the DBAPI cursor of the same SQLAlchemy
connection (inside the same transaction), skipping SQLAlchemy's per-execution
work, which costs several times what SQLite itself spends on these small
statements. Elsewhere it runs as a ``text()`` construct with named parameters.
Rows come back as plain tuples in the order of the SELECT list. A parameter
may be given a list (or tuple) for ``x IN (:name)``: it expands to one
placeholder per item (an empty list matches nothing).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.text import clean

_PARAM = re.compile(r"(?<![:\w]):(\w+)")
#: a parameter alone in parentheses (``x IN (:name)``): the only place a list may go
_LISTABLE = re.compile(r"\(\s*:(\w+)\s*\)")


class Prepared:
    """A SQL statement with ``:name`` parameters."""

    __slots__ = ("expanding", "listable", "names", "qmark", "sql", "text")

    def __init__(self, sql: str) -> None:
        self.sql = sql
        self.text = sa.text(sql)
        self.names = tuple(_PARAM.findall(sql))
        self.qmark = _PARAM.sub("?", sql)
        #: the parameters that may be given a list (checked per call only for these)
        self.listable = tuple(dict.fromkeys(_LISTABLE.findall(sql)))
        #: ``text()`` with the given list parameters expanding (other databases), per set of names
        self.expanding: dict[frozenset[tuple[str, bool]], sa.TextClause] = {}

    def _args(self, params: dict[str, Any]) -> tuple[Any, ...]:
        return tuple([_clean(params[n]) for n in self.names])

    def _sqlite(self, params: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        """The qmark SQL and its arguments, with list parameters expanded."""
        if not self.listable:
            return self.qmark, self._args(params)
        lists = {n for n in self.listable if isinstance(params[n], list | tuple)}
        if not lists:
            return self.qmark, self._args(params)
        args: list[Any] = []
        for n in self.names:
            if n in lists:
                args.extend(_clean(v) for v in params[n])
            else:
                args.append(_clean(params[n]))

        def placeholders(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in lists:
                return "?"
            return ", ".join("?" * len(params[name])) or "NULL"  # NULL: no IN matches it

        return _PARAM.sub(placeholders, self.sql), tuple(args)

    def _text(self, params: dict[str, Any]) -> sa.TextClause:
        lists = [n for n in dict.fromkeys(self.names) if isinstance(params[n], list | tuple)]
        if not lists:
            return self.text
        key = frozenset((n, bool(params[n])) for n in lists)
        text = self.expanding.get(key)
        if text is None:
            sql = self.sql
            for n in lists:  # SQLAlchemy renders an expanding parameter with its parentheses;
                # an empty list is NULL, as on SQLite (SQLAlchemy's empty set has a type)
                sql = re.sub(rf"\(\s*:{n}\s*\)", f":{n}" if params[n] else "(NULL)", sql)
            full = [n for n in lists if params[n]]
            text = sa.text(sql).bindparams(*(sa.bindparam(n, expanding=True) for n in full))
            self.expanding[key] = text
        return text

    def rows(self, conn: Connection, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """All rows."""
        params = params or {}
        if conn.dialect.name == "sqlite":
            raw = raw_sqlite3(conn)
            if raw is not None:
                return raw.execute(*self._sqlite(params)).fetchall()
            cur = conn.connection.cursor()
            try:
                # not chained: the aiosqlite adapter's execute() does not return the cursor
                cur.execute(*self._sqlite(params))
                return cur.fetchall()
            finally:
                cur.close()
        return [tuple(r) for r in conn.execute(self._text(params), _clean_all(params))]

    def count(self, conn: Connection, params: dict[str, Any]) -> int:
        """Execute a change for one parameter set; return how many rows it changed."""
        if conn.dialect.name == "sqlite":
            raw = raw_sqlite3(conn)
            if raw is not None:
                return int(raw.execute(*self._sqlite(params)).rowcount)
            cur = conn.connection.cursor()
            try:
                cur.execute(*self._sqlite(params))
                return int(cur.rowcount)
            finally:
                cur.close()
        return int(conn.execute(self._text(params), _clean_all(params)).rowcount)

    def first(
        self, conn: Connection, params: dict[str, Any] | None = None
    ) -> tuple[Any, ...] | None:
        """The first row, or None."""
        rows = self.rows(conn, params)
        return rows[0] if rows else None

    def scalar(self, conn: Connection, params: dict[str, Any] | None = None) -> Any:
        """The first column of the first row, or None."""
        row = self.first(conn, params)
        return None if row is None else row[0]

    def run(self, conn: Connection, params: dict[str, Any] | Sequence[dict[str, Any]]) -> None:
        """Execute for one parameter set, or many."""
        if conn.dialect.name == "sqlite":
            raw = raw_sqlite3(conn)
            if raw is not None:
                if isinstance(params, dict):
                    raw.execute(self.qmark, self._args(params))
                else:
                    raw.executemany(self.qmark, [self._args(p) for p in params])
                return
            cur = conn.connection.cursor()
            try:
                if isinstance(params, dict):
                    cur.execute(self.qmark, self._args(params))
                else:
                    cur.executemany(self.qmark, [self._args(p) for p in params])
            finally:
                cur.close()
            return
        if isinstance(params, dict):
            conn.execute(self.text, _clean_all(params))
        else:
            conn.execute(self.text, [_clean_all(p) for p in params])


def raw_sqlite3(conn: Connection) -> sqlite3.Connection | None:
    """The plain sqlite3 connection under ``conn`` (statements straight on it: no cursor object
    made through the pool's proxy per statement), or None under another driver (aiosqlite)."""
    raw = conn.connection.dbapi_connection
    return raw if type(raw) is sqlite3.Connection else None


class Savepoint:
    """One savepoint after another in ``conn``'s transaction, each kept or undone alone: straight
    on sqlite3 when that is the driver (as the writer's own savepoints), else SQLAlchemy's
    nested transaction. ``begin()``, then ``keep()`` or ``undo()``."""

    __slots__ = ("_begin", "_conn", "_keep", "_nested", "_raw", "_undo")

    def __init__(self, conn: Connection, name: str) -> None:
        self._conn = conn
        self._raw = raw_sqlite3(conn) if conn.dialect.name == "sqlite" else None
        self._begin, self._keep = f"SAVEPOINT {name}", f"RELEASE {name}"
        self._undo = f"ROLLBACK TO {name}"
        self._nested: Any = None

    def begin(self) -> None:
        if self._raw is not None:
            self._raw.execute(self._begin)
        else:
            self._nested = self._conn.begin_nested()

    def keep(self) -> None:
        if self._raw is not None:
            self._raw.execute(self._keep)
        else:
            self._nested.commit()

    def undo(self) -> None:
        if self._raw is not None:
            self._raw.execute(self._undo)
            self._raw.execute(self._keep)
        else:
            self._nested.rollback()


def _clean(value: Any) -> Any:
    # text bound here skips the columns' types, so it is cleaned here (NUL, lone surrogates)
    return clean(value) if isinstance(value, str) else value


def _clean_all(params: dict[str, Any]) -> dict[str, Any]:
    return {
        k: [_clean(x) for x in v] if isinstance(v, list | tuple) else _clean(v)
        for k, v in params.items()
    }
