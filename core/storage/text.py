"""Text the database accepts: PostgreSQL refuses NUL (0x00) and no UTF-8 holds a lone surrogate.

Members can send both (a pasted binary, a broken client), so every text and
JSON value is cleaned on its way in: table columns through the types below,
prepared statements through ``clean``. Cleaning drops those characters only.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

#: NUL, and any surrogate code point (valid text never holds one in a Python str)
_REFUSED = re.compile("[\x00\ud800-\udfff]")


def clean(value: str) -> str:
    """``value`` without the characters a database refuses (NUL, lone surrogates)."""
    if value.isascii() and "\x00" not in value:  # most ids and links: two C-speed checks
        return value
    return _REFUSED.sub("", value) if _REFUSED.search(value) else value


def clean_json(value: Any) -> Any:
    """A JSON-able value with every string in it (keys too) cleaned."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(k) if isinstance(k, str) else k: clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
    return value


class CleanString(TypeDecorator[str]):
    """``String(n)`` that stores cleaned text."""

    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return clean(value) if isinstance(value, str) else value


class CleanText(TypeDecorator[str]):
    """``Text`` that stores cleaned text."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return clean(value) if isinstance(value, str) else value


class CleanJSON(TypeDecorator[Any]):
    """``JSON`` whose strings are cleaned before it is serialised."""

    impl = sa.JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return clean_json(value)
