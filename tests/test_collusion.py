"""Issue 17.2: collusion found in a synthetic group and not in an honest one; /复核 reverses with compensating rows."""

from __future__ import annotations

import random

from huzhu.core.events import NotifyAdmins, Role
from huzhu.core.requests.links import find_share
from huzhu.core.storage import chain
from huzhu.core.storage import requests as store
from huzhu.core.trust.collusion import Claimed, Help, bursts, find
from huzhu.core.trust.ledger import verify
from huzhu.testing import FakeGroup, text

GROUP = "qq:1"
ADMIN = "qq:900"
YAML = """
defaults:
  commands: {rate: 1000}
  plugins: {reminder: false, help_before_ask: false, quota: false, collusion: true}
"""
HONEST = [f"qq:{100 + i}" for i in range(20)]
NAMES = {"qq:a": "小甲", "qq:b": "小乙", "qq:c": "阿丙", "qq:d": "阿丁", "qq:e": "阿戊"}


class _Builder:
    """Writes requests, claims and confirmations straight through the storage layer (fast)."""

    def __init__(self, engine, start: float) -> None:
        self.engine, self.t, self.n = engine, start, 0

    async def help(self, helper: str, requester: str, delay: float, gap: float = 60) -> None:
        self.n += 1
        self.t += gap
        link = find_share(f"https://mobile.yangkeduo.com/bargain.html?goods_id={self.n}")
        assert link is not None
        n, t = self.n, self.t

        def write(c):  # one transaction per help: a request, a claim, the requester's confirmation
            req, _ = store.post(
                c,
                group_id=GROUP,
                requester=requester,
                link=link,
                note="",
                needed=1,
                now=t,
                expires_at=t + 86400,
                message_id=f"m{n}",
                max_open=1000,
            )
            store.claim(
                c, group_id=GROUP, seq=req.seq, helper=helper, now=t + 1, message_id=f"c{n}"
            )
            store.confirm(
                c,
                group_id=GROUP,
                seq=req.seq,
                requester=requester,
                helper=helper,
                now=t + 1 + delay,
                message_id=f"k{n}",
                by=requester,
                credit=1,
                debit=1,
            )

        await self.engine.db.write(write)


async def _group(engine_factory, clock, colluders: bool, **kwargs) -> tuple[object, FakeGroup]:
    engine = await engine_factory(YAML, **kwargs)
    start = clock.time()
    members = [
        (GROUP, m, f"成员{m[-3:]}", start - 30 * 86400 + i * 3600) for i, m in enumerate(HONEST)
    ]
    # the pair joined weeks apart; the ring of three joined within minutes of each other
    members += [
        (GROUP, "qq:a", NAMES["qq:a"], start - 20 * 86400),
        (GROUP, "qq:b", NAMES["qq:b"], start - 9 * 86400),
    ]
    members += [
        (GROUP, m, NAMES[m], start - 3 * 86400 + i * 120)
        for i, m in enumerate(("qq:c", "qq:d", "qq:e"))
    ]
    await engine.db.write(lambda c: store.touch_members(c, members))
    b, rng = _Builder(engine, start), random.Random(7)
    for _ in range(80):  # honest helps: anyone to anyone, confirmed minutes to hours later
        helper, requester = rng.sample(HONEST, 2)
        await b.help(helper, requester, rng.uniform(300, 7200))
    if colluders:
        # on separate occasions, hours apart: a ring does it again and again
        for _ in range(3):
            await b.help("qq:a", "qq:b", 8, gap=3 * 3600)
            await b.help("qq:b", "qq:a", 5, gap=3 * 3600)
        for helper, requester in (("qq:c", "qq:d"), ("qq:d", "qq:e"), ("qq:e", "qq:c")):
            await b.help(helper, requester, 900, gap=3 * 3600)
            await b.help(requester, helper, 1200, gap=3 * 3600)
    clock.now = b.t + 3600
    g = FakeGroup(engine, GROUP)
    await g.say("大家好", by=HONEST[0])  # the engine ticks the groups it has seen
    return engine, g


async def test_pairs_and_rings_that_only_help_each_other_are_reviewed(engine_factory, clock):
    engine, g = await _group(engine_factory, clock, colluders=True)
    notes = [a.text for a in await g.tick() if isinstance(a, NotifyAdmins)]
    assert len(notes) == 2, notes
    pair = next(n for n in notes if "小甲" in n)
    assert "合谋嫌疑 #" in pair and "（待复核）" in pair
    assert "小甲、小乙 在最近 30天 内互相助力 6 次，占他们全部助力的 100%，是全群基线的" in pair
    assert "其中 6 次在声称助力后 1分钟 内就确认" in pair and "未作任何处罚" in pair
    ring = next(n for n in notes if "阿丙" in n)
    assert (
        "阿丙、阿丁、阿戊 在最近 30天 内互相助力 6 次" in ring
        and "他们在 10分钟 内先后入群" in ring
    )
    assert not any("成员" in n for n in notes)  # nobody honest
    assert not [a for a in await g.tick() if isinstance(a, NotifyAdmins)]  # told once
    audit = text(await g.say("/审计", by=ADMIN, role=Role.ADMIN))
    assert audit.count("可疑助力（待复核）") == 2
    listed = text(await g.say("/复核", by=ADMIN, role=Role.ADMIN))
    assert "待复核" in listed and "小甲、小乙" in listed

    pair_id = int(pair.split("#", 1)[1].split("（", 1)[0])
    before = await engine.db.read(lambda c: store.balances(c, GROUP, ["qq:a", "qq:b"]))
    assert before == {"qq:a": (0, 3, 3), "qq:b": (0, 3, 3)}
    rows_before = len(await engine.db.read(lambda c: store.ledger_entries(c, GROUP)))
    done = text(await g.say(f"/复核 {pair_id} 撤销", by=ADMIN, role=Role.ADMIN))
    assert f"已撤销 #{pair_id}：6 次助力已用冲正记录撤回，小甲、小乙 的助力值已相应调整" in done
    entries = await engine.db.read(lambda c: store.ledger_entries(c, GROUP))
    assert len(entries) == rows_before + 12  # compensating rows; nothing deleted
    assert {e["kind"] for e in entries[-12:]} == {"undo_given", "undo_received"}
    assert {e["confirm_message_id"] for e in entries[-12:]} == {f"review:{pair_id}"}
    after = await engine.db.read(lambda c: store.balances(c, GROUP, ["qq:a", "qq:b"]))
    assert after == {"qq:a": (0, 0, 0), "qq:b": (0, 0, 0)}
    rows, _, problem = await verify(engine.db, GROUP)
    assert problem is None and rows == len(entries)
    assert "已经处理过了（撤销）" in text(
        await g.say(f"/复核 {pair_id} 维持", by=ADMIN, role=Role.ADMIN)
    )
    assert "复核：撤销" in text(await g.say("/审计", by=ADMIN, role=Role.ADMIN))
    # kept: the ring's helps stand and it is not raised again for them
    ring_id = int(ring.split("#", 1)[1].split("（", 1)[0])
    assert "已维持" in text(await g.say(f"/复核 {ring_id} 维持", by=ADMIN, role=Role.ADMIN))
    clock.advance("1h")
    assert not [a for a in await g.tick() if isinstance(a, NotifyAdmins)]
    assert (await engine.db.read(lambda c: chain.summary(c, GROUP)))[0] == len(entries)
    # members cannot decide reviews
    assert "已撤销" not in text(await g.say(f"/复核 {ring_id} 撤销", by="qq:a"))


async def test_an_honest_group_raises_nothing(engine_factory, clock):
    _engine, g = await _group(engine_factory, clock, colluders=False)
    assert not [a for a in await g.tick() if isinstance(a, NotifyAdmins)]
    assert "当前没有待复核的记录" in text(await g.say("/复核", by=ADMIN, role=Role.ADMIN))


def test_a_large_honest_group_has_no_findings_and_colluders_are_found():
    rng = random.Random(3)
    people = [f"m{i}" for i in range(300)]
    helps, t = [], 0.0
    for cid in range(3000):
        helper, requester = rng.sample(people, 2)
        t += 60
        helps.append(Help(cid, helper, requester, t, t + rng.uniform(60, 7200)))
    assert find(helps) == []
    # one member helping only one other, and two members confirming each other within seconds
    extra = [Help(10_000 + i, "new1", "m2", t + i, t + i + 600) for i in range(5)]
    extra += [Help(20_000 + i, "m3", "m4", t + i, t + i + 3) for i in range(4)]
    kinds = {(f.kind, f.members) for f in find(helps + extra)}
    assert ("one_way", ("new1", "m2")) in kinds and ("fast", ("m3", "m4")) in kinds


def test_claim_bursts():
    claims = [Claimed(i, "x", 100 + i, 1000 + i * 5) for i in range(6)]  # six requests in 25 s
    claims += [Claimed(50 + i, "y", 200 + i, 1000 + i * 90) for i in range(6)]  # one every 90 s
    runs = bursts(claims, 120, 5)
    assert list(runs) == ["x"] and len(runs["x"][0]) == 6


def _honest(rng: random.Random, people: list[str], n: int, fast_rate: float) -> list[Help]:
    """Anyone helps anyone; a share of confirmations come within a minute by chance."""
    helps, t = [], 0.0
    for cid in range(n):
        helper, requester = rng.sample(people, 2)
        t += 60
        quick = rng.random() < fast_rate
        helps.append(
            Help(
                cid,
                helper,
                requester,
                t,
                t + (rng.uniform(5, 55) if quick else rng.uniform(120, 7200)),
            )
        )
    return helps


def test_a_ring_of_three_that_helped_unevenly_and_confirmed_at_once_is_found():
    rng = random.Random(5)
    people = [f"m{i}" for i in range(200)]
    helps = _honest(rng, people, 2000, 0.01)
    t = 200_000.0
    # c gave once, a twice, b three times, each confirmed within seconds: six helps, no pair at four
    ring = [("c", "a"), ("a", "c"), ("b", "a"), ("b", "c"), ("a", "b"), ("b", "a")]
    helps += [
        Help(50_000 + i, h, r, t + i * 3600, t + i * 3600 + 8) for i, (h, r) in enumerate(ring)
    ]
    # honest members also help the ring (they cannot tell)
    helps += [Help(60_000 + i, people[i], "abc"[i % 3], t + i, t + i + 3000) for i in range(20)]
    found = find(helps)
    assert [(f.kind, f.members, f.helps, f.fast) for f in found] == [
        ("ring", ("a", "b", "c"), 6, 6)
    ]
    # three instant helps between two who help nobody else are enough; two are not
    pair = [Help(70_000 + i, h, r, t + i * 3600, t + i * 3600 + 20) for i, (h, r) in enumerate(
        [("x", "y"), ("y", "x"), ("x", "y")])]  # fmt: skip
    assert [f.members for f in find(helps[:2000] + pair)] == [("x", "y")]
    assert find(helps[:2000] + pair[:2]) == []


def test_honest_friends_and_quick_confirmers_raise_nothing():
    rng = random.Random(8)
    people = [f"m{i}" for i in range(200)]
    # a group where one confirmation in five comes within a minute (members online together)
    helps = _honest(rng, people, 3000, 0.2)
    t = 200_000.0
    # reciprocators who happen to help each other twice, confirmed at once, and help others too
    for i, (a, b) in enumerate([("m1", "m2"), ("m3", "m4"), ("m5", "m6")]):
        helps += [Help(90_000 + 10 * i + k, x, y, t + k * 600, t + k * 600 + 10)
                  for k, (x, y) in enumerate([(a, b), (b, a), (a, b), (b, a)][: 2 + i % 2])]  # fmt: skip
    # three newcomers online together one evening help what is on their screen: each other
    evening = [("n1", "n2"), ("n2", "n1"), ("n3", "n1"), ("n2", "n3")]
    helps += [
        Help(95_000 + k, x, y, t + k * 300, t + k * 300 + 40) for k, (x, y) in enumerate(evening)
    ]
    assert find(helps) == []
    # the same helps on separate evenings are a pattern
    spread = [Help(h.claim_id, h.helper, h.requester, h.claimed_at + (h.claim_id % 10) * 86400,
                   h.confirmed_at + (h.claim_id % 10) * 86400) for h in helps[-4:]]  # fmt: skip
    assert [f.members for f in find(helps[:-4] + spread)] == [("n1", "n2", "n3")]
