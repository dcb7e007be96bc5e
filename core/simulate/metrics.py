"""What a simulated week says about a configuration: the metrics under their stable keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from huzhu.simulate.agents import Kind
from huzhu.simulate.world import World

#: the keys of ``--json``, in order; their meaning is documented in ``huzhu simulate --help``
KEYS = (
    "completion_rate",
    "median_hours_to_complete",
    "p90_hours_to_complete",
    "reciprocator_completion_rate",
    "free_rider_completion_rate",
    "messages_per_completion",
    "bot_messages_per_completion",
    "scam_messages",
    "scam_visible_minutes",
    "wrongly_punished",
    "gini_helps",
    "requests",
    "asks_refused",
    "collusion_precision",
    "collusion_recall",
    # colluders who took part in at least one fake help (the ones there is evidence of), and
    # the share of them flagged: a colluder whose ring never got to farm left nothing to find
    "colluders_active",
    "collusion_recall_active",
    "fake_credit_share",
    # by 信用分 tier at posting (empty without the reputation plugin)
    "median_hours_by_tier",
    "completion_by_tier",
    # where the group's messages came from: kind → messages per completion
    "messages_per_completion_by_kind",
    # the same without members' chat, ads and scams: the help conversation alone
    "help_messages_per_completion",
)
#: group messages that are not about helping (what members say anyway)
NOT_HELP = ("member:chat", "member:other")


def gini(values: Sequence[float]) -> float:
    """The Gini coefficient: 0 when everyone gives the same, near 1 when one gives everything."""
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    if n == 0 or x.sum() == 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * x).sum()) / (n * x.sum()) - (n + 1) / n)


def _rate(done: int, total: int) -> float | None:
    return round(done / total, 4) if total else None


def measure(world: World, end: float) -> dict[str, Any]:
    """The metrics of a finished run; ``end`` is when the simulation stopped."""
    # colluders' requests are not needs: nobody was meant to help them
    requests = [
        r for r in world.requests if r.deadline <= end and r.owner.kind is not Kind.COLLUDER
    ]
    completed = [r for r in requests if r.completed_at is not None]
    hours = sorted((r.completed_at - r.posted_at) / 3600 for r in completed if r.completed_at)
    by_kind = {
        kind: [r for r in requests if r.owner.kind is kind]
        for kind in (Kind.RECIPROCATOR, Kind.FREE_RIDER)
    }
    legit = [a for a in world.agents.values() if a.kind.legit]
    wishes = {kind: sum(len(a.asks) for a in legit if a.kind is kind) for kind in by_kind}
    messages = world.tally.member_messages + world.tally.bot_messages
    scams = world.scams
    return {
        "completion_rate": _rate(len(completed), len(requests)),
        "median_hours_to_complete": round(float(np.median(hours)), 2) if hours else None,
        "p90_hours_to_complete": round(float(np.percentile(hours, 90)), 2) if hours else None,
        # per wish to ask: an ask the rules refused counts as a need not met
        "reciprocator_completion_rate": _rate(
            sum(r.completed_at is not None for r in by_kind[Kind.RECIPROCATOR]),
            wishes[Kind.RECIPROCATOR],
        ),
        "free_rider_completion_rate": _rate(
            sum(r.completed_at is not None for r in by_kind[Kind.FREE_RIDER]),
            wishes[Kind.FREE_RIDER],
        ),
        "messages_per_completion": round(messages / len(completed), 1) if completed else None,
        "bot_messages_per_completion": (
            round(world.tally.bot_messages / len(completed), 1) if completed else None
        ),
        "scam_messages": len(scams),
        "scam_visible_minutes": (
            round(sum(world.visible_minutes(p, end) for p in scams) / len(scams), 1)
            if scams
            else 0.0
        ),
        "wrongly_punished": sum(a.punished for a in legit),
        "gini_helps": round(gini([a.helps for a in legit]), 3),
        "requests": len(requests),
        "asks_refused": world.tally.asks_refused,
        **_collusion(world),
        **by_tier(requests),
        "messages_per_completion_by_kind": {
            kind: round(n / len(completed), 2)
            for kind, n in sorted(world.tally.by_kind.items(), key=lambda kv: -kv[1])
        }
        if completed
        else {},
        "help_messages_per_completion": (
            round(
                (messages - sum(world.tally.by_kind.get(k, 0) for k in NOT_HELP)) / len(completed),
                1,
            )
            if completed
            else None
        ),
    }


def _collusion(world: World) -> dict[str, Any]:
    """How well the bot found the colluders, and how much 助力值 fake helps left in the ledger.

    A help is fake when its helper never clicked the link (the world's ground truth);
    ``fake_credit_share`` is the fake helps' net credit (after any reversal) over all net credit.
    """
    if not world.managed:
        return dict.fromkeys(
            ("collusion_precision", "collusion_recall", "colluders_active",
             "collusion_recall_active", "fake_credit_share"),
        )  # fmt: skip
    colluders = {a.id for a in world.agents.values() if a.kind is Kind.COLLUDER and len(a.ring) > 1}
    hits = len(world.flagged & colluders)
    fake = total = 0
    active: set[str] = set()  # helper or requester of a fake help (reversed ones included)
    for _claim, helper, seq, credit in world.credit:
        req = world.by_seq.get(seq)
        total += credit
        if req is None or helper not in req.helpers:
            fake += credit
            active |= {helper, req.owner.id} if req is not None else {helper}
    active &= colluders
    return {
        "collusion_precision": _rate(hits, len(world.flagged)),
        "collusion_recall": _rate(hits, len(colluders)),
        "colluders_active": len(active),
        "collusion_recall_active": _rate(len(world.flagged & active), len(active)),
        "fake_credit_share": _rate(fake, total) if total > 0 else None,
    }


def by_tier(requests: Sequence[Any]) -> dict[str, dict[str, float | None]]:
    """``median_hours_by_tier`` and ``completion_by_tier``: tier → figure, for requests posted
    by members of that tier (the reputation plugin's tiers; empty without it)."""
    tiers: dict[str, list[Any]] = {}
    for r in requests:
        if r.tier:
            tiers.setdefault(r.tier, []).append(r)
    median: dict[str, float | None] = {}
    completion: dict[str, float | None] = {}
    for tier, reqs in tiers.items():
        hours = [(r.completed_at - r.posted_at) / 3600 for r in reqs if r.completed_at is not None]
        median[tier] = round(float(np.median(hours)), 2) if hours else None
        completion[tier] = _rate(len(hours), len(reqs))
    return {"median_hours_by_tier": median, "completion_by_tier": completion}
