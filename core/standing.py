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
