"""Prepared statements for the hottest paths: one SQL text, run the cheapest way per database.

On SQLite the statement runs on the DBAPI cursor of the same SQLAlchemy
connection (inside the same transaction), skipping SQLAlchemy's per-execution
work, which costs several times what SQLite itself spends on these small
statements. Elsewhere it runs as a ``text()`` construct with named parameters.
Rows come back as plain tuples in the order of the SELECT list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.text import clean

_PARAM = re.compile(r"(?<![:\w]):(\w+)")


class Prepared:
    """A SQL statement with ``:name`` parameters."""

    __slots__ = ("names", "qmark", "sql", "text")

    def __init__(self, sql: str) -> None:
        self.sql = sql
        self.text = sa.text(sql)
        self.names = tuple(_PARAM.findall(sql))
        self.qmark = _PARAM.sub("?", sql)

    def _args(self, params: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(_clean(params[n]) for n in self.names)

    def rows(self, conn: Connection, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """All rows."""
        params = params or {}
        if conn.dialect.name == "sqlite":
            cur = conn.connection.cursor()
            try:
                # not chained: the aiosqlite adapter's execute() does not return the cursor
                cur.execute(self.qmark, self._args(params))
                return cur.fetchall()
            finally:
                cur.close()
        return [tuple(r) for r in conn.execute(self.text, _clean_all(params))]

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


def _clean(value: Any) -> Any:
    # text bound here skips the columns' types, so it is cleaned here (NUL, lone surrogates)
    return clean(value) if isinstance(value, str) else value


def _clean_all(params: dict[str, Any]) -> dict[str, Any]:
    return {k: _clean(v) for k, v in params.items()}
