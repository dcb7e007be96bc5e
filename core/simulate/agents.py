"""The members of a simulated help group: kinds, their rates, and when they are online.

Rates are per simulated day. Each kind's behaviour is written out in the
``World`` that plays it; this module only says how often and how likely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np


class Kind(StrEnum):
    """What sort of member an agent is."""

    RECIPROCATOR = "reciprocator"  # helps, and helps more when about to ask
    ALTRUIST = "altruist"  # helps whatever they see, asks little
    FREE_RIDER = "free_rider"  # asks a lot, helps at a low rate
    SPAMMER = "spammer"  # 刷屏 bursts and ads
    SCAMMER = "scammer"  # fake links, deposit schemes, PII fishing
    INACTIVE = "inactive"  # rarely there
    COLLUDER = "colluder"  # in a pair or ring of 3 that claim and confirm each other's requests, never helping

    @property
    def legit(self) -> bool:
        """Members who come to help and be helped (their penalties are mistakes)."""
        return self not in (Kind.SPAMMER, Kind.SCAMMER, Kind.COLLUDER)


@dataclass(frozen=True, slots=True)
class Profile:
    """How a kind of member behaves, in rates and probabilities."""

    sessions_per_day: float
    asks_per_day: float
    #: chance to help one request they can see and may help
    help_rate: float
    #: help rate while they have an open request or are about to ask (先助人后求助)
    help_rate_asking: float
    #: chance per session to confirm the helps reported on their requests
    confirm_rate: float
    chat_rate: float = 0.3
    #: spammers: chance per session of a 刷屏 burst, of an ad
    burst_rate: float = 0.0
    ad_rate: float = 0.0
    #: scammers: chance per session of a scam post
    scam_rate: float = 0.0


PROFILES: dict[Kind, Profile] = {
    Kind.RECIPROCATOR: Profile(5, 0.8, 0.2, 0.7, 0.9, chat_rate=0.5),
    Kind.ALTRUIST: Profile(6, 0.2, 0.6, 0.6, 1.0, chat_rate=0.5),
    Kind.FREE_RIDER: Profile(4, 1.5, 0.05, 0.05, 0.3, chat_rate=0.5),
    Kind.SPAMMER: Profile(4, 0.0, 0.0, 0.0, 0.0, chat_rate=0.3, burst_rate=0.35, ad_rate=0.5),
    Kind.SCAMMER: Profile(3, 0.0, 0.0, 0.0, 0.0, chat_rate=0.3, scam_rate=0.7),
    Kind.INACTIVE: Profile(0.4, 0.1, 0.2, 0.5, 0.8, chat_rate=0.3),
    # colluders ask often and "help" only their ring, by claiming without clicking
    Kind.COLLUDER: Profile(4, 1.5, 0.0, 0.0, 1.0, chat_rate=0.3),
}

#: the default make-up of a group
MIX: dict[Kind, float] = {
    Kind.RECIPROCATOR: 0.40,
    Kind.ALTRUIST: 0.08,
    Kind.FREE_RIDER: 0.20,
    Kind.SPAMMER: 0.03,
    Kind.SCAMMER: 0.02,
    Kind.INACTIVE: 0.24,
    Kind.COLLUDER: 0.03,
}

#: how busy each local hour is (mean 1): quiet nights, lunch and evening peaks
HOURLY = np.array(
    [0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.7, 1.0, 1.1, 1.1, 1.3,
     1.8, 1.6, 1.1, 1.0, 1.0, 1.1, 1.3, 1.7, 2.1, 2.2, 1.7, 0.8]
)  # fmt: skip
HOURLY = HOURLY / HOURLY.mean()


@dataclass(slots=True)
class Agent:
    """One member and what they did."""

    id: str
    name: str
    kind: Kind
    profile: Profile
    #: times of the sessions (epoch seconds), and of the wishes to ask
    sessions: list[float] = field(default_factory=list)
    asks: list[float] = field(default_factory=list)
    helps: int = 0
    #: help decisions taken (each a chance at ``help_rate``) and helps that followed
    chances: int = 0
    chance_helps: int = 0
    helps_today: dict[int, int] = field(default_factory=dict)
    muted_until: float = 0.0
    kicked: bool = False
    punished: bool = False
    #: colluders: the ids of their pair or ring of three (themselves included)
    ring: tuple[str, ...] = ()


def make_agents(
    members: int, rng: np.random.Generator, mix: dict[Kind, float] = MIX
) -> list[Agent]:
    """``members`` agents in the proportions of ``mix`` (rounded, at least one of each share > 0)."""
    kinds: list[Kind] = []
    for kind, share in mix.items():
        kinds += [kind] * max(1 if share > 0 else 0, round(members * share))
    while len(kinds) > members:
        kinds.remove(max(mix, key=lambda k: kinds.count(k)))
    while len(kinds) < members:
        kinds.append(Kind.RECIPROCATOR)
    order = rng.permutation(len(kinds))
    agents = [
        Agent(f"qq:{10_000 + i}", f"m{i:04d}", kinds[j], PROFILES[kinds[j]])
        for i, j in enumerate(order)
    ]
    form_rings(agents)
    return agents


def form_rings(agents: list[Agent]) -> None:
    """Colluders, in order, form pairs and rings of three in turn (a last one alone joins the ring before)."""
    colluders = [a for a in agents if a.kind is Kind.COLLUDER]
    rings: list[list[Agent]] = []
    i, size = 0, 2
    while i < len(colluders):
        rings.append(colluders[i : i + size])
        i, size = i + size, 5 - size
    if len(rings) > 1 and len(rings[-1]) == 1:
        rings[-2] += rings.pop()
    for ring in rings:
        for a in ring:
            a.ring = tuple(m.id for m in ring)


def plan(agents: list[Agent], start: float, days: int, rng: np.random.Generator) -> None:
    """Draw each agent's sessions (busy hours busier) and wishes to ask, in time order.

    ``start`` is a local midnight of the group's time zone.
    """
    hours = days * 24
    weight = HOURLY[np.arange(hours) % 24]
    for agent in agents:
        p = agent.profile
        counts = rng.poisson(p.sessions_per_day / 24 * weight)
        times = np.repeat(np.arange(hours), counts) * 3600.0 + rng.uniform(0, 3600, counts.sum())
        agent.sessions = sorted((start + times).tolist())
        n_asks = rng.poisson(p.asks_per_day * days)
        agent.asks = sorted((start + rng.uniform(0, days * 86400.0, n_asks)).tolist())
