"""A member's standing in a group: the tier a reputation plugin gave them and what it grants.

Other rules read it through ``ctx.data.standing(member)`` (the ``member_standing``
hook, first result wins); without a reputation plugin every member has ``NEUTRAL``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Standing:
    """What a member's tier grants (all neutral by default)."""

    #: the tier's name (新人 / 普通 …); empty without a reputation plugin
    tier: str = ""
    score: float = 0.0
    #: queue priority weight (strategy ``reputation``): 2.0 ages a request twice as fast
    queue_weight: float = 1.0
    #: extra open requests over ``requests.max_open`` / ``quota.max_open``
    max_open_bonus: int = 0
    #: extra requests a day over ``quota.per_day``
    daily_bonus: int = 0
    #: not treated as a new member by ``anti_scam.strict_new_members``
    exempt_new_member_rules: bool = False
    #: dispatch order: higher is asked first (read by the dispatch code)
    dispatch_weight: float = 1.0
    #: whether this member's help claims need evidence (read by the evidence checks)
    evidence_required: bool = False


NEUTRAL = Standing()


class RecordChanges:
    """Which members' records changed in a way no hook announces (a pardon clears their
    violations), so caches derived from a record (the 信用分) know they are stale.

    ``engine.record_changes``. A cache keeps the ``version`` it was computed at and is
    stale once the version differs. Bounded: the oldest marks go first (their member's
    version falls back to 0, which only makes a cache computed after the mark stale).
    """

    CAP = 50_000

    __slots__ = ("_seq", "_version")

    def __init__(self) -> None:
        self._version: dict[tuple[str, str], int] = {}
        self._seq = 0

    def mark(self, group_id: str, member: str) -> None:
        """``member``'s record in ``group_id`` changed."""
        key = (group_id, member)
        self._seq += 1
        self._version.pop(key, None)
        self._version[key] = self._seq
        if len(self._version) > self.CAP:
            del self._version[next(iter(self._version))]

    def version(self, group_id: str, member: str) -> int:
        """Changes so far of ``member``'s record in ``group_id`` (0: none since start)."""
        return self._version.get((group_id, member), 0)
