"""Collusion and fake-help patterns in a window of confirmed helps (pure functions, no I/O).

The unit is the confirmed help (helper → requester). The group's base rate is
what independence predicts: a pair gets ``out(h) · in(r) / n`` of the window's
``n`` helps, where ``out(h)`` is what h gave and ``in(r)`` what r received. A
set of two or three members is suspicious when its members' helps go mostly to
each other (``share``) and far more often than that base rate predicts
(``ratio``); confirmations within seconds of the claim, helping only one
requester, and joining together are further signs. ``huzhu.plugins.collusion``
feeds this from the database on tick and turns findings into reviews.

Why these signals, and why these defaults (each is a sentence an admin can
say to the members concerned, and none depends on one app's timing):

- **Reciprocity and exclusivity together.** Friends trade a help or two; that
  alone proves nothing. A pair or ring is looked at only when every member both
  gave to and received from the others, *and* at least ``min_share`` (60 %) of
  all the helps its members gave stayed inside it, *and* that is ``min_ratio``
  (10) times what the group's own pattern predicts. An honest member helps
  whatever the queue shows, so their helps spread over many requesters; a
  farming ring has no reason to help anyone else.
- **Instant confirmations as corroboration, not proof.** A requester who is
  online may confirm one help within a minute by chance; confirming the same
  few people within a minute (``fast_confirm``, 60 s), by hand, again and
  again (``min_fast_helps``, 3) is what a ring sitting side by side does. Such
  a ring needs only ``min_fast_helps`` helps inside instead of ``min_helps``
  (4); without fast confirmations it needs ``min_helps``.
- **Again and again.** Members online at the same moment help what is on
  their screen, each other's requests included, so four helps among three
  people in one evening happen by chance in a big group (we saw it in the
  simulator on the first day, when everyone had given only a help or two). A
  ring counts only when its helps fall on ``min_occasions`` (3) separate
  occasions at least ``occasion_gap`` (an hour) apart.
- **Concentrated givers.** Rings of three rarely help every mate equally (one
  member may give once, another three times), so sets are grown not only from
  pairs that exchanged two helps but also from each member's top two
  recipients when most of the member's helps went to them.
- **Again, after a reversal.** Members whose helps an admin reversed and who
  then help each other again have been told by the record itself: ``again_min``
  (2) such helps, most of what they gave since and far above the base rate,
  make a new finding at once, without waiting for occasions — otherwise a ring
  caught on day two farms until day four before it is seen again.

No graph library is needed: sets are grown only from pairs that already
exchanged helps and from concentrated givers (a few edges per member), so
pairs and triangles are found with dictionaries and set intersections in one
pass over the window.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from math import comb


@dataclass(frozen=True, slots=True)
class Help:
    """One confirmed help."""

    claim_id: int
    helper: str
    requester: str
    claimed_at: float
    confirmed_at: float
    #: confirmed by the requester (not by the quiet-period rule)
    by_hand: bool = True


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When a pattern counts (the plugin's settings)."""

    #: helps inside a set before it is looked at (one fewer for members who joined together)
    min_helps: int = 4
    #: … or this many, when each was confirmed by hand within ``fast_confirm``
    min_fast_helps: int = 3
    #: either way, on this many separate occasions (helps at least ``occasion_gap`` apart):
    #: members online together at one moment help what is on their screen, each other's
    #: requests included; a ring does it again and again
    min_occasions: int = 3
    occasion_gap: float = 3600.0
    #: share of the set's helps that stay inside it
    min_share: float = 0.6
    #: times the base rate
    min_ratio: float = 10.0
    #: a confirmation this soon after the claim is "instant" (a minute: a person who really
    #: opened the link, helped and came back takes longer than that only rarely)
    fast_confirm: float = 60.0
    #: … and instant confirmations count only when the group's own rate of them makes a record
    #: like the set's this unlikely (1 in 1000)
    fast_chance: float = 0.001
    #: fast confirmations of one pair that make a finding on their own
    fast_min: int = 4
    #: helps of one helper, all to one requester, that make a finding
    one_way_min: int = 5
    #: members first seen this close together "joined together"
    joined_within: float = 600.0
    #: helps among members whose helps were reversed before, given after the reversal, that
    #: make a new finding at once (no occasions needed: the same members, doing it again)
    again_min: int = 2


@dataclass(slots=True)
class Finding:
    """A pattern found: who, how many, against the base rate, and which helps."""

    #: ring (2 or 3 members helping each other), one_way (one helper, one requester), fast,
    #: again (members whose helps were reversed, helping each other again)
    kind: str
    members: tuple[str, ...]
    helps: int
    share: float
    ratio: float
    fast: int = 0
    joined_together: bool = False
    claim_ids: tuple[int, ...] = field(default=())

    @property
    def key(self) -> str:
        """The same members and kind give the same key (one open review at a time)."""
        return self.kind + ":" + ",".join(self.members)


#: the lowest rate of instant confirmations assumed for a group, whatever it shows
FAST_RATE_FLOOR = 0.01
DEFAULT_FAST_CONFIRM = Thresholds().fast_confirm


def chance_of(fast: int, helps: int, rate: float) -> float:
    """How likely ``fast`` or more of ``helps`` confirmations are instant when each is with
    probability ``rate`` (the binomial tail): the group's base rate against a set's record."""
    if fast <= 0:
        return 1.0
    return min(
        1.0,
        sum(comb(helps, k) * rate**k * (1 - rate) ** (helps - k) for k in range(fast, helps + 1)),
    )


def occasions(times: Iterable[float], gap: float) -> int:
    """How many separate occasions ``times`` fall on (a new one after ``gap`` without any)."""
    ts = sorted(times)
    return (1 + sum(1 for a, b in pairwise(ts) if b - a >= gap)) if ts else 0


class Window:
    """A window of confirmed helps with its counts, kept up to date as helps come and go.

    The plugin keeps one per group and adds what was confirmed since its last look,
    drops what aged out and what was reversed: a look costs what changed, not the
    whole window (rebuilding it every 30 minutes was a fifth of a simulated week).
    ``find`` on it gives exactly what ``find`` on ``helps.values()`` gives.
    """

    def __init__(self, fast_confirm: float = DEFAULT_FAST_CONFIRM) -> None:
        self.fast_confirm = fast_confirm
        #: claim id → help, in the order they were added (as a plain dict of helps would be)
        self.helps: dict[int, Help] = {}
        self.out: Counter[str] = Counter()
        self.inn: Counter[str] = Counter()
        #: (helper, requester) → claim id → help, in the order added
        self.pair: dict[tuple[str, str], dict[int, Help]] = {}
        #: the pairs of ``pair`` with two helps or more: the only ones a one-way or instant
        #: finding can come from (their minimums are two and more), without walking every pair
        self.multi: dict[tuple[str, str], dict[int, Help]] = {}
        #: helper → requester → helps (the pair's count)
        self.given: dict[str, dict[str, int]] = {}
        #: helper → claim id → help
        self.by_helper: dict[str, dict[int, Help]] = {}
        #: members linked by at least two helps either way, and each undirected edge's helps
        self.neighbours: dict[str, set[str]] = {}
        self._weight: dict[tuple[str, str], int] = {}
        self.by_hand = 0
        self.quick_count = 0
        #: claim id → when it was added (its place in ``helps``)
        self._seq: dict[int, int] = {}
        self._next = 0
        #: (confirmed at, claim id), oldest first: what ages out next
        self._expiry: list[tuple[float, int]] = []
        #: helper → their one or two top recipients, and the helpers changed since
        self._top: dict[str, list[str]] = {}
        self._dirty: set[str] = set()
        #: member → how many of the pairs that helped back (both (a, b) and (b, a) in ``pair``)
        #: they are in, twice each (a self-help once): ``mutual``
        self._mutual: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.helps)

    @property
    def n(self) -> int:
        """Helps in the window."""
        return len(self.helps)

    def quick(self, h: Help) -> bool:
        """Confirmed by hand within ``fast_confirm`` of the claim."""
        return h.by_hand and h.confirmed_at - h.claimed_at <= self.fast_confirm

    def update(self, helps: Iterable[Help]) -> None:
        """Add ``helps`` in order."""
        for h in helps:
            self.add(h)

    def add(self, h: Help) -> None:
        """Add one help; a claim id already in the window is replaced where it stood (as a
        dict assignment to an existing key keeps its place)."""
        old = self.helps.get(h.claim_id)
        if old is not None:
            if old == h:
                return
            seq = self._seq[h.claim_id]
            self.discard(h.claim_id)
            rest = list(self.helps.items())
            self.helps = {}
            for cid, other in rest:
                if h.claim_id not in self.helps and self._seq[cid] > seq:
                    self.helps[h.claim_id] = h
                self.helps[cid] = other
            self.helps.setdefault(h.claim_id, h)
            self._seq[h.claim_id] = seq
        else:
            self._seq[h.claim_id] = self._next
            self._next += 1
            self.helps[h.claim_id] = h
        a, b = h.helper, h.requester
        self.out[a] += 1
        self.inn[b] += 1
        pair = self.pair.get((a, b))
        if pair is None:
            pair = self.pair[(a, b)] = {}
            self._helped_back(a, b, 1)
        pair[h.claim_id] = h
        if len(pair) == 2:
            self.multi[(a, b)] = pair
        to = self.given.setdefault(a, {})
        to[b] = to.get(b, 0) + 1
        self.by_helper.setdefault(a, {})[h.claim_id] = h
        edge = (a, b) if a <= b else (b, a)
        weight = self._weight[edge] = self._weight.get(edge, 0) + 1
        if weight == 2 and a != b:
            self.neighbours.setdefault(a, set()).add(b)
            self.neighbours.setdefault(b, set()).add(a)
        self.by_hand += h.by_hand
        self.quick_count += self.quick(h)
        self._dirty.add(a)
        heapq.heappush(self._expiry, (h.confirmed_at, h.claim_id))

    def discard(self, claim_id: int) -> Help | None:
        """Take one help out (reversed, or aged out); None when it was not in the window."""
        h = self.helps.pop(claim_id, None)
        if h is None:
            return None
        del self._seq[claim_id]
        a, b = h.helper, h.requester
        _less(self.out, a)
        _less(self.inn, b)
        pair = self.pair[(a, b)]
        del pair[claim_id]
        if len(pair) == 1:
            del self.multi[(a, b)]
        if not pair:
            del self.pair[(a, b)]
            self._helped_back(a, b, -1)
        _less(self.given[a], b)
        if self.given[a]:
            self._dirty.add(a)
        else:
            del self.given[a]
            self._top.pop(a, None)
            self._dirty.discard(a)
        mine = self.by_helper[a]
        del mine[claim_id]
        if not mine:
            del self.by_helper[a]
        edge = (a, b) if a <= b else (b, a)
        weight = self._weight[edge] - 1
        if weight:
            self._weight[edge] = weight
        else:
            del self._weight[edge]
        if weight == 1 and a != b:
            for x, y in ((a, b), (b, a)):
                near = self.neighbours[x]
                near.discard(y)
                if not near:
                    del self.neighbours[x]
        self.by_hand -= h.by_hand
        self.quick_count -= self.quick(h)
        return h

    def _helped_back(self, a: str, b: str, sign: int) -> None:
        """The pair (a, b) just came into ``pair`` (1) or left it (-1)."""
        if a == b:
            changes = ((a, sign),)
        elif (b, a) in self.pair:
            changes = ((a, 2 * sign), (b, 2 * sign))
        else:
            return
        for m, d in changes:
            left = self._mutual.get(m, 0) + d
            if left:
                self._mutual[m] = left
            else:
                del self._mutual[m]

    @property
    def mutual(self) -> set[str]:
        """Members of a pair that helped each other (both ways in the window): what
        ``{m for a, b in pair if (b, a) in pair for m in (a, b)}`` gives, kept as helps come
        and go instead of walking every pair on each look."""
        return set(self._mutual)

    def expire(self, before: float) -> None:
        """Drop the helps confirmed at or before ``before``."""
        heap = self._expiry
        while heap and heap[0][0] <= before:
            at, cid = heapq.heappop(heap)
            h = self.helps.get(cid)
            if h is not None and h.confirmed_at == at:
                self.discard(cid)
        if len(heap) > 2 * len(self.helps) + 64:  # reversed helps leave stale entries behind
            self._expiry = [(h.confirmed_at, cid) for cid, h in self.helps.items()]
            heapq.heapify(self._expiry)

    def top(self, helper: str) -> list[str]:
        """``helper``'s two top recipients: ``Counter.most_common(2)`` over the pairs in the
        order they were first seen, as in a window built from scratch (ties: seen first)."""
        if helper in self._dirty:
            self._dirty.discard(helper)
            to = self.given.get(helper)
            if not to:
                return []
            seq, pair = self._seq, self.pair

            def first(r: str) -> int:
                return min(seq[c] for c in pair[(helper, r)])

            self._top[helper] = sorted(to, key=lambda r: (-to[r], first(r)))[:2]
        return self._top.get(helper, [])

    def fast_rate(self) -> float:
        """The group's own rate of instant confirmations (at least FAST_RATE_FLOOR: a group
        with few confirmations by hand tells little about its members' habits)."""
        return max(FAST_RATE_FLOOR, (self.quick_count + 1) / (self.by_hand + 2))

    def expected(self, helper: str, requester: str) -> float:
        """Helps from ``helper`` to ``requester`` that the group's base rate predicts."""
        n = len(self.helps)
        return self.out[helper] * self.inn[requester] / n if n else 0.0

    def ratio(self, members: tuple[str, ...], helps: int) -> float:
        """``helps`` among ``members`` against what the group's base rate expects of them."""
        expected = sum(self.expected(a, b) for a in members for b in members if a != b)
        return helps / expected if expected else float("inf")

    def inside(self, members: tuple[str, ...], after: float) -> list[Help]:
        """Helps among ``members`` confirmed after ``after``."""
        return [
            h
            for a in members
            for b in members
            if a != b
            for h in self.pair.get((a, b), {}).values()
            if h.confirmed_at > after
        ]

    def given_since(self, members: tuple[str, ...], after: float) -> int:
        """Helps the members gave (to anyone) confirmed after ``after``."""
        return sum(
            1
            for m in set(members)
            for h in self.by_helper.get(m, {}).values()
            if h.confirmed_at > after
        )


def _less(counts: dict[str, int], key: str) -> None:
    left = counts[key] - 1
    if left:
        counts[key] = left
    else:
        del counts[key]


def find(
    helps: Iterable[Help] | Window,
    t: Thresholds | None = None,
    *,
    first_seen: Mapping[str, float] | None = None,
    cleared: Mapping[str, float] | None = None,
    reversed_at: Mapping[tuple[str, ...], float] | None = None,
) -> list[Finding]:
    """Every pattern in a window of helps (a ``Window`` kept up to date, or the helps in the
    order they came), strongest evidence first.

    ``first_seen``: member → when first seen (for "joined together"); ``cleared``:
    finding key → time an admin kept the helps (only helps confirmed later count again);
    ``reversed_at``: members of a finding whose helps were reversed → when (helps among them
    confirmed later are a finding of their own at a lower bar, ``again_min``).
    """
    t = t or Thresholds()
    if isinstance(helps, Window) and helps.fast_confirm == t.fast_confirm:
        w = helps
    else:  # built from scratch (or counted anew with another instant limit)
        w = Window(t.fast_confirm)
        w.update(helps.helps.values() if isinstance(helps, Window) else helps)
    if not w.n:
        return []
    first_seen = first_seen or {}
    cleared = cleared or {}
    fast_rate = w.fast_rate()
    # members linked by at least two helps either way (each way, or a lot one way)
    neighbours = w.neighbours
    candidates: set[tuple[str, ...]] = set()
    for a, near in neighbours.items():
        for b in near:
            if a < b:
                candidates.add((a, b))
                for c in near & neighbours[b]:
                    if b < c:
                        candidates.add((a, b, c))
    candidates |= _concentrated(w, t)
    rings = [
        f
        for f in (_ring(w, t, fast_rate, s, first_seen, cleared) for s in candidates)
        if f is not None
    ]
    # a qualifying ring of three makes its pairs redundant
    triples = [set(f.members) for f in rings if len(f.members) == 3]
    rings = [
        f for f in rings if len(f.members) == 3 or not any(set(f.members) <= s for s in triples)
    ]
    again = [
        f
        for f in (
            _again(w, t, m, max(at, _kept_after(m, cleared)))
            for m, at in (reversed_at or {}).items()
        )
        if f
    ]
    rings = [f for f in rings if not any(set(f.members) <= set(a.members) for a in again)]
    covered = {m for f in [*rings, *again] for m in f.members}
    found = [*again, *rings]
    found += [f for f in _one_way(w, t, cleared) if not set(f.members) <= covered]
    covered |= {m for f in found for m in f.members}
    found += [f for f in _fast(w, t, fast_rate, cleared) if not set(f.members) <= covered]
    return sorted(found, key=lambda f: (-f.ratio, f.members))


def _concentrated(w: Window, t: Thresholds) -> set[tuple[str, ...]]:
    """Sets around members whose helps went mostly (``min_share``) to one or two others."""
    out: set[tuple[str, ...]] = set()
    top: dict[str, list[str]] = {}
    for helper, to in w.given.items():
        best = w.top(helper)
        if sum(to[r] for r in best) >= t.min_share * w.out[helper]:
            top[helper] = best
    for a, best in top.items():
        for b in best:
            if (b, a) in w.pair:  # helped back: a pair
                out.add(tuple(sorted((a, b))))
            for c in [*best, *top.get(b, ())]:
                if c not in (a, b):
                    out.add(tuple(sorted((a, b, c))))
    return out


def _kept_after(members: tuple[str, ...], cleared: Mapping[str, float]) -> float:
    """When an admin last kept the helps of these members or of a ring that holds them all (a
    pair inside a kept ring of three is kept too): only helps confirmed later count."""
    after = float("-inf")
    for key, at in cleared.items():
        kind, _, who = key.partition(":")
        if kind in ("ring", "again") and set(members) <= set(who.split(",")):
            after = max(after, at)
    return after


def _joined(members: tuple[str, ...], first_seen: Mapping[str, float], within: float) -> bool:
    times = [first_seen.get(m) for m in members]
    if any(x is None for x in times):
        return False
    return max(times) - min(times) <= within  # type: ignore[type-var,operator]


def _ring(
    w: Window,
    t: Thresholds,
    fast_rate: float,
    members: tuple[str, ...],
    first_seen: Mapping[str, float],
    cleared: Mapping[str, float],
) -> Finding | None:
    inside = w.inside(members, _kept_after(members, cleared))
    joined = _joined(members, first_seen, t.joined_within)
    fast = sum(map(w.quick, inside))
    # enough helps inside: min_helps (one fewer for members who joined together), or
    # min_fast_helps confirmed by hand within fast_confirm — far more than the group's own
    # rate of instant confirmations explains (fast_chance)
    instant = fast >= t.min_fast_helps and chance_of(fast, len(inside), fast_rate) <= t.fast_chance
    if len(inside) < t.min_helps - (1 if joined else 0) and not instant:
        return None
    if occasions([h.claimed_at for h in inside], t.occasion_gap) < t.min_occasions:
        return None
    # everyone gives and receives inside the set: a ring, not one member's fan club
    if {h.helper for h in inside} != set(members) or {h.requester for h in inside} != set(members):
        return None
    given = sum(w.out[m] for m in members)
    share = len(inside) / given
    ratio = w.ratio(members, len(inside))
    if share < t.min_share or ratio < t.min_ratio:
        return None
    return Finding("ring", members, len(inside), share, ratio, fast, joined,
                   tuple(sorted(h.claim_id for h in inside)))  # fmt: skip


def _again(w: Window, t: Thresholds, members: tuple[str, ...], after: float) -> Finding | None:
    """Members whose helps were reversed at ``after``, helping each other again since: at least
    ``again_min`` such helps, most of what they gave since (``min_share``), far above the base
    rate (``min_ratio``)."""
    inside = w.inside(members, after)
    if len(inside) < t.again_min:
        return None
    given = w.given_since(members, after)
    ratio = w.ratio(members, len(inside))
    if len(inside) < t.min_share * given or ratio < t.min_ratio:
        return None
    fast = sum(map(w.quick, inside))
    return Finding("again", tuple(sorted(members)), len(inside), len(inside) / given, ratio, fast,
                   claim_ids=tuple(sorted(h.claim_id for h in inside)))  # fmt: skip


def _one_way(w: Window, t: Thresholds, cleared: Mapping[str, float]) -> list[Finding]:
    """Helpers whose helps (at least ``one_way_min``) all went to one requester."""
    out = []
    for (helper, requester), pair in (w.multi if t.one_way_min >= 2 else w.pair).items():
        if len(pair) < t.one_way_min:  # fewer still after the admins' decisions
            continue
        members = (helper, requester)
        after = cleared.get("one_way:" + ",".join(members), float("-inf"))
        hs = [h for h in pair.values() if h.confirmed_at > after]
        if len(hs) < t.one_way_min or len(hs) / w.out[helper] < 0.9:
            continue
        expected = w.expected(helper, requester)
        ratio = len(hs) / expected if expected else float("inf")
        if ratio < t.min_ratio:
            continue
        fast = sum(map(w.quick, hs))
        out.append(Finding("one_way", members, len(hs), len(hs) / w.out[helper], ratio, fast,
                           claim_ids=tuple(sorted(h.claim_id for h in hs))))  # fmt: skip
    return out


def _fast(
    w: Window, t: Thresholds, fast_rate: float, cleared: Mapping[str, float]
) -> list[Finding]:
    """Pairs whose helps were confirmed within seconds of the claim, again and again."""
    out = []
    for (helper, requester), pair in (w.multi if t.fast_min >= 2 else w.pair).items():
        if len(pair) < t.fast_min:  # fewer instant ones still
            continue
        members = (helper, requester)
        after = cleared.get("fast:" + ",".join(members), float("-inf"))
        hs = [h for h in pair.values() if h.confirmed_at > after]
        quick = [h for h in hs if w.quick(h)]
        if len(quick) < t.fast_min or len(quick) * 2 < len(hs):
            continue
        if chance_of(len(quick), len(hs), fast_rate) > t.fast_chance:  # usual in this group
            continue
        expected = w.expected(helper, requester)
        ratio = len(hs) / expected if expected else float("inf")
        if ratio < t.min_ratio / 2:
            continue
        out.append(Finding("fast", members, len(hs), len(hs) / w.out[helper], ratio, len(quick),
                           claim_ids=tuple(sorted(h.claim_id for h in hs))))  # fmt: skip
    return out


@dataclass(frozen=True, slots=True)
class Claimed:
    """One claim (any status), for bursts."""

    claim_id: int
    helper: str
    request_id: int
    at: float


def bursts(
    claims: Iterable[Claimed], window: float, minimum: int
) -> dict[str, list[list[Claimed]]]:
    """helper → runs of at least ``minimum`` claims on different requests within ``window`` seconds."""
    by_helper: dict[str, list[Claimed]] = defaultdict(list)
    for c in claims:
        by_helper[c.helper].append(c)
    out: dict[str, list[list[Claimed]]] = {}
    for helper, cs in by_helper.items():
        cs.sort(key=lambda c: c.at)
        runs, i = [], 0
        while i < len(cs):
            j = i
            while j + 1 < len(cs) and cs[j + 1].at - cs[i].at <= window:
                j += 1
            run = cs[i : j + 1]
            if len({c.request_id for c in run}) >= minimum:
                runs.append(run)
                i = j + 1
            else:
                i += 1
        if runs:
            out[helper] = runs
    return out
