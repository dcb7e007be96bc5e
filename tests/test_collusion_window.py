"""Issue 20: the collusion window is kept up to date look by look, and finds exactly what a
window built from scratch finds."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from huzhu.core.trust.collusion import Help, Thresholds, Window, find

#: low bars, so a short random history is full of findings of every kind
LOW = Thresholds(min_helps=3, min_fast_helps=2, min_occasions=2, occasion_gap=600,
                 min_share=0.4, min_ratio=2.0, fast_min=2, one_way_min=3, again_min=1,
                 fast_chance=0.2)  # fmt: skip


def _state(w: Window) -> dict:
    """Everything a look reads from a window, in a comparable form."""
    return {
        "helps": list(w.helps.items()),
        "out": dict(w.out),
        "inn": dict(w.inn),
        "pair": {k: list(v.items()) for k, v in w.pair.items()},
        "given": w.given,
        "by_helper": {k: list(v) for k, v in w.by_helper.items()},
        "neighbours": w.neighbours,
        "counts": (w.by_hand, w.quick_count),
        "top": {h: w.top(h) for h in sorted(w.given)},
        "mutual": w.mutual,
        "multi": {k: list(v.items()) for k, v in w.multi.items() if len(v) >= 2},
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_an_incremental_window_finds_what_one_built_from_scratch_finds(seed):
    rng = random.Random(seed)
    honest = [f"m{i}" for i in range(25)]
    rings = [("r1", "r2"), ("s1", "s2", "s3"), ("t1", "t2")]
    span, every = 6 * 3600.0, 1800.0  # a short window: helps age out all the time
    window = Window(LOW.fast_confirm)
    reference: dict[int, Help] = {}  # the plain dict the plugin kept before (assign, delete)
    reversed_at: dict[tuple[str, ...], float] = {}
    cleared: dict[str, float] = {}
    cid, now, kinds = 0, 0.0, set()
    for _look in range(80):
        now += every
        batch = []
        for _ in range(rng.randrange(0, 25)):
            cid += 1
            if rng.random() < 0.35:
                ring = rng.choice(rings)
                helper, requester = rng.sample(ring, 2)
            elif rng.random() < 0.1:  # a one-way fan, ties between favourites
                helper, requester = "fan", rng.choice(["m1", "m2"])
            else:
                helper, requester = rng.sample(honest, 2)
            claimed = now - rng.uniform(0, every)
            quick = rng.random() < 0.3
            confirmed = claimed + (rng.uniform(2, 50) if quick else rng.uniform(100, 900))
            batch.append(Help(cid, helper, requester, claimed, min(confirmed, now),
                              by_hand=rng.random() < 0.9))  # fmt: skip
        if reference and rng.random() < 0.2:  # a help read again at a page boundary
            batch.append(rng.choice(list(reference.values())))
        for h in batch:
            reference[h.claim_id] = h
            window.add(h)
        for c in [c for c, h in reference.items() if h.confirmed_at <= now - span]:
            del reference[c]
        window.expire(now - span)
        found = find(window, LOW, cleared=cleared, reversed_at=reversed_at)
        assert found == find(list(reference.values()), LOW, cleared=cleared,
                             reversed_at=reversed_at)  # fmt: skip
        kinds |= {f.kind for f in found}
        fresh = Window(LOW.fast_confirm)
        fresh.update(reference.values())
        assert _state(window) == _state(fresh)
        pairs = window.pair  # the members who helped each other, as the plugin's look asks
        assert window.mutual == {m for a, b in pairs if (b, a) in pairs for m in (a, b)}
        assert set(window.multi) == {k for k, v in pairs.items() if len(v) >= 2}
        # the top recipients, ties broken as Counter.most_common breaks them over the helps in order
        given: dict[str, Counter[str]] = {}
        for h in reference.values():
            given.setdefault(h.helper, Counter())[h.requester] += 1
        assert {m: window.top(m) for m in window.given} == {
            m: [r for r, _ in c.most_common(2)] for m, c in given.items()
        }
        # the admins decide some findings: reversed helps leave the window; kept ones are cleared
        for f in found:
            if rng.random() < 0.3:
                for c in f.claim_ids:
                    reference.pop(c, None)
                    window.discard(c)
                reversed_at[tuple(sorted(f.members))] = now
            elif rng.random() < 0.2:
                cleared[f.key] = now
    assert kinds >= {"ring", "one_way", "fast", "again"}
    assert window.discard(-1) is None


def test_a_window_with_another_instant_limit_is_counted_anew():
    rng = random.Random(7)
    people = [f"m{i}" for i in range(40)]
    helps = [Help(100 + i, *rng.sample(people, 2), i * 100.0, i * 100.0 + 3000) for i in range(300)]
    helps += [Help(i, "a", "b", i * 4000.0, i * 4000.0 + 90) for i in range(6)]
    helps += [Help(10 + i, "b", "a", i * 4000.0, i * 4000.0 + 90) for i in range(6)]
    window = Window(60)
    window.update(helps)
    # 90 s is not instant at 60 s, and is at 120 s: the window's counts are not reused
    assert find(window, Thresholds(fast_confirm=120)) == find(helps, Thresholds(fast_confirm=120))
    assert find(window, Thresholds(fast_confirm=120))[0].fast == 12


def test_mutual_members_follow_helps_both_ways_as_they_come_and_go():
    w = Window()
    w.add(Help(1, "a", "b", 0.0, 10.0, by_hand=True))
    assert w.mutual == set()
    w.add(Help(2, "b", "a", 0.0, 10.0, by_hand=True))
    w.add(Help(3, "c", "c", 0.0, 10.0, by_hand=True))  # one's own: both ways at once
    assert w.mutual == {"a", "b", "c"}
    w.add(Help(4, "a", "b", 0.0, 20.0, by_hand=True))
    w.discard(1)
    assert w.mutual == {"a", "b", "c"}  # a still helped b once
    w.discard(4)
    w.discard(3)
    assert w.mutual == set()
