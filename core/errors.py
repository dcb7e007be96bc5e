"""Errors members can cause; each carries a text key and values for the reply."""

from __future__ import annotations

from typing import Any


class HelpError(Exception):
    """An illegal move on a help request (claiming your own, confirming someone else's …)."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
