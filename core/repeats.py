"""Queries whose answer, unchanged, is not posted in the group again (/帮助, /排行, /队列).

Three members sending /帮助 in a row used to fill the screen with the same list
three times. A command marked ``quiet_repeat`` is answered as usual the first
time; the same answer asked for again in the group within
``commands.repeat_within`` gets one line addressed to the asker saying where to
scroll, and a further ask within a minute of that line a shorter one (「小明：同上 ↑」):
nobody who asked is left without an answer. An answer that changed (a new request in
the queue, an admin's /帮助 after a member's) is posted again. Answers given
privately are not held back: nobody else's screen fills up.
"""

from __future__ import annotations

from dataclasses import dataclass

from huzhu.core.durations import format_duration
from huzhu.core.events import Action, NotifyAdmins, PrivateMessage, Reply

#: asks this soon after a pointer get the short 「同上 ↑」 line instead of another pointer
BURST = 60.0
#: groups × queries remembered at most (the oldest forgotten first)
MAX_KEPT = 20_000
#: what says something to someone (built once: ``A | B`` makes a new union at every call)
_SAID = (Reply, NotifyAdmins, PrivateMessage)


@dataclass
class _Posted:
    texts: tuple[str, ...]
    at: float
    pointed: float | None = None  # when the last full pointer went out


class RepeatGuard:
    """The last answer of each quiet query in each group, and when it was posted."""

    def __init__(self) -> None:
        self._last: dict[tuple[str, str], _Posted] = {}

    def check(
        self, group_id: str, command: str, actions: list[Action], now: float, within: float
    ) -> str:
        """``"post"`` (a new answer: post it), ``"point"`` (posted ``within`` ago: say where
        to scroll) or ``"again"`` (pointed at already: a shorter line)."""
        shown = tuple(a.text for a in actions if isinstance(a, Reply) and not a.audience)
        if not shown or len(shown) != sum(isinstance(a, _SAID) for a in actions):
            return "post"  # nothing said in the group, or more than a reply: not a plain answer
        key = (group_id, command)
        last = self._last.get(key)
        if last is not None and last.texts == shown and now - last.at < within:
            if last.pointed is not None and now - last.pointed < BURST:
                return "again"  # several asking within seconds: a short line each
            last.pointed = now
            return "point"
        if len(self._last) >= MAX_KEPT:
            self._last.pop(next(iter(self._last)))
        self._last.pop(key, None)
        self._last[key] = _Posted(shown, now)
        return "post"

    def posted_at(self, group_id: str, command: str) -> float | None:
        """When the remembered answer was posted (for the pointer's 「N分钟前」)."""
        last = self._last.get((group_id, command))
        return None if last is None else last.at


def ago(seconds: float, lang: str) -> str:
    """When something was posted, for a pointer up: 「刚刚」 under a minute, else 「3分钟前」
    (en: "just now", "3 minutes ago")."""
    if seconds < 60:
        return "just now" if lang == "en" else "刚刚"
    shown = format_duration(int(seconds) // 60 * 60, lang)
    return f"{shown} ago" if lang == "en" else f"{shown}前"
