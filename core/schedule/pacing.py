"""Pacing of the bot's own posts: quiet hours and an hourly cap per group.

Everything the engine's ``tick`` produces (reminders, digests, scheduled
announcements, expiry notices) goes through ``Pacer.pace``. Moderation
(delete, mute, kick) and notes to admins always pass. A group message or a
private note due in the group's quiet hours, or over its ``max_per_hour``, is
deferred — stored as a core schedule item that delivers it when the quiet
hours end or in the first later hour with room under the cap, so it survives a
restart — or dropped, per ``posting.quiet_policy``. A post that would go out
more than ``posting.max_delay`` after it was first due is dropped instead, so a
group whose bot has more to say than its cap allows keeps a bounded backlog,
each post stored once. Replies to members' own commands do not come here.

The hourly counts (sent and booked) live in the engine's shared state
(``huzhu.core.shared``): in memory on SQLite, in the database on PostgreSQL, so
several processes serving one group keep one cap between them.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from huzhu.core.clock import zone
from huzhu.core.events import Action, PrivateMessage, Reply
from huzhu.core.shared import LocalState, SharedState

if TYPE_CHECKING:
    from huzhu.core.config import Posting

log = logging.getLogger("huzhu.pacing")

DELIVER = "deliver"
#: first and longest pause before a post for a group no bot serves is tried again
OFFLINE_RETRY_MIN = 30.0
OFFLINE_RETRY_MAX = 900.0
_KINDS: dict[str, type] = {"Reply": Reply, "PrivateMessage": PrivateMessage}


def in_quiet_hours(posting: Posting, now: float, tz: str) -> bool:
    """True when ``now`` falls in the group's quiet hours."""
    window = posting.window()
    if window is None:
        return False
    start, end = window
    local = datetime.fromtimestamp(now, zone(tz))
    minute = local.hour * 60 + local.minute
    return start <= minute < end if start < end else minute >= start or minute < end


def quiet_end(posting: Posting, now: float, tz: str) -> float:
    """When the quiet hours that contain ``now`` end."""
    window = posting.window()
    assert window is not None
    local = datetime.fromtimestamp(now, zone(tz))
    end = local.replace(hour=window[1] // 60, minute=window[1] % 60, second=0, microsecond=0)
    if end <= local:
        end = (end + timedelta(days=1)).replace(hour=window[1] // 60, minute=window[1] % 60)
    return end.timestamp()


def next_hour(now: float, tz: str) -> float:
    """The start of the next local hour."""
    local = datetime.fromtimestamp(now, zone(tz)).replace(minute=0, second=0, microsecond=0)
    return (local + timedelta(hours=1)).timestamp()


def to_payload(action: Reply | PrivateMessage) -> dict[str, Any]:
    """A message action as JSON for a deferred delivery."""
    return {"type": type(action).__name__, **asdict(action)}


def from_payload(payload: dict[str, Any]) -> Action | None:
    """The message action stored by ``to_payload`` (None for an unknown type)."""
    fields = dict(payload)
    fields.pop("since", None)
    kind = _KINDS.get(fields.pop("type", ""))
    if kind is None:
        return None
    if "mention" in fields:
        fields["mention"] = tuple(fields["mention"] or ())
    return kind(**fields)


class Pacer:
    """Applies quiet hours and the hourly cap to unsolicited posts."""

    def __init__(self, settings_of: Any, schedule_of: Any) -> None:
        #: group id → GroupSettings
        self.settings_of = settings_of
        #: group id → the core's Schedule handle in that group
        self.schedule_of = schedule_of
        #: the hourly counters: ``sent:<group>:<hour>`` (posts sent in that hour) and
        #: ``booked:<group>:<hour>`` (posts deferred into it), and the same with
        #: ``private-`` for private notes (their own cap); the engine sets its own
        self.shared: SharedState = LocalState()
        self.dropped = 0
        #: group id → whether a connected bot account serves it (the bridge sets this)
        self.reachable: Any = lambda group_id: True

    async def take_room(self, group_id: str, hour: float, private: bool = False) -> bool:
        """Count one post of ``group_id`` in the hour ending at ``hour`` (``next_hour``) under
        its cap (``posting.max_per_hour``, or ``max_private_per_hour`` for private notes, which
        have their own count); False when the hour is full (nothing counted)."""
        posting = self.settings_of(group_id).posting
        cap = posting.max_private_per_hour if private else posting.max_per_hour
        prefix = "private-" if private else ""
        return await self.shared.take(f"{prefix}sent:{group_id}:{hour - 3600:.0f}", cap, hour)

    async def _slot(self, key: str, start: float, cap: int, until: float) -> float:
        """The first hour from ``start`` with room under the cap (booked), or the first hour
        after ``until`` when none has room before it (nothing booked: too late anyway)."""
        hour = start
        while not await self.shared.take(f"{key}:{hour:.0f}", cap, hour + 3600):
            hour += 3600
            if hour > until:
                break
        return hour

    async def pace(
        self, actions: list[Action], now: float, since: dict[int, float] | None = None
    ) -> list[Action]:
        """The actions to send now; the rest are deferred or dropped.

        ``since`` maps ``id(action)`` of posts that were deferred before to when
        they were first due.
        """
        out: list[Action] = []
        #: group → posts deferred (when, kind, payload): stored together, one write per group
        deferred: dict[str, list[tuple[float, str, dict[str, Any]]]] = {}
        for action in actions:
            if not isinstance(action, Reply | PrivateMessage):
                out.append(action)
                continue
            gid = action.group_id
            settings = self.settings_of(gid)
            posting, tz = settings.posting, settings.timezone
            if not self.reachable(gid):
                first = (since or {}).get(id(action), now)
                later = now + min(max(now - first, OFFLINE_RETRY_MIN), OFFLINE_RETRY_MAX)
                if later - first <= posting.max_delay:
                    payload = {**to_payload(action), "since": first}
                    deferred.setdefault(gid, []).append((later, DELIVER, payload))
                    log.info("no bot serves %s now; post kept until one connects", gid)
                    continue
                self.dropped += 1
                log.warning("post to %s dropped: no bot served the group within max_delay", gid)
                continue
            hour = next_hour(now, tz)
            later: float | None = None
            # a private note has its own cap: it does not take the group's room
            private = "private-" if isinstance(action, PrivateMessage) else ""
            cap = posting.max_private_per_hour if private else posting.max_per_hour
            if in_quiet_hours(posting, now, tz):
                later = quiet_end(posting, now, tz)
            elif not await self.take_room(gid, hour, bool(private)):
                later = hour
            if later is None:
                out.append(action)
                continue
            first = (since or {}).get(id(action), now)
            if posting.quiet_policy == "defer":
                later = await self._slot(
                    f"{private}booked:{gid}", later, cap, first + posting.max_delay
                )
                if later - first <= posting.max_delay:
                    payload = {**to_payload(action), "since": first}
                    deferred.setdefault(gid, []).append((later, DELIVER, payload))
                    continue
            self.dropped += 1
            log.info("post to %s dropped (quiet hours, hourly cap or too late)", gid)
        for gid, items in deferred.items():
            await self.schedule_of(gid).at_each(items)
        await self.shared.sweep(now)
        return out
