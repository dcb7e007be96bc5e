"""Issue 17.2: members whose helps were reversed and who help each other again are raised at once."""

from __future__ import annotations

import random

from huzhu.core.events import NotifyAdmins, Role
from huzhu.core.trust.collusion import Help, Thresholds, find
from huzhu.testing import text
from tests.test_collusion import ADMIN, _Builder, _group, _honest


def test_a_reversed_pair_helping_each_other_again_is_found_at_again_min():
    rng = random.Random(11)
    people = [f"m{i}" for i in range(200)]
    helps = _honest(rng, people, 2000, 0.05)
    t = 200_000.0
    # two helps between x and y after their earlier helps were reversed at t, in one evening
    again = [Help(80_000, "x", "y", t + 600, t + 610), Help(80_001, "y", "x", t + 900, t + 905)]
    reversed_at = {("x", "y"): t}
    found = find(helps + again, reversed_at=reversed_at)
    assert [(f.kind, f.members, f.helps, f.fast) for f in found] == [("again", ("x", "y"), 2, 2)]
    assert found[0].claim_ids == (80_000, 80_001) and found[0].share == 1.0
    # one help is below again_min (2); a higher again_min asks for more
    assert find(helps + again[:1], reversed_at=reversed_at) == []
    assert find(helps + again, Thresholds(again_min=3), reversed_at=reversed_at) == []
    # without a reversal, two helps in one evening are nothing (the ring signals need occasions)
    assert find(helps + again) == []
    # helps before the reversal do not count again
    assert find(helps + again, reversed_at={("x", "y"): t + 1000}) == []
    # a pair reversed by mistake that has since helped the group at large is left alone
    spread = [Help(81_000 + i, "x" if i % 2 else "y", people[i], t + i * 60, t + i * 60 + 900)
              for i in range(6)]  # fmt: skip
    assert find(helps + again + spread, reversed_at=reversed_at) == []


async def test_a_ring_reversed_by_the_admins_is_raised_again_when_it_farms_again(
    engine_factory, clock
):
    engine, g = await _group(engine_factory, clock, colluders=True)
    notes = [a.text for a in await g.tick() if isinstance(a, NotifyAdmins)]
    pair = next(n for n in notes if "小甲" in n)
    ring = next(n for n in notes if "阿丙" in n)
    pair_id = int(pair.split("#", 1)[1].split("（", 1)[0])
    ring_id = int(ring.split("#", 1)[1].split("（", 1)[0])
    assert "已撤销" in text(await g.say(f"/复核 {pair_id} 撤销", by=ADMIN, role=Role.ADMIN))
    assert "已维持" in text(await g.say(f"/复核 {ring_id} 维持", by=ADMIN, role=Role.ADMIN))
    # both farm again, in one evening: the reversed pair is raised, the kept ring is not
    b = _Builder(engine, clock.time())
    b.n = 1000
    await b.help("qq:a", "qq:b", 6, gap=600)
    await b.help("qq:b", "qq:a", 9, gap=600)
    await b.help("qq:c", "qq:d", 7, gap=600)
    await b.help("qq:d", "qq:c", 8, gap=600)
    clock.now = b.t + 3600
    again = [a.text for a in await g.tick() if isinstance(a, NotifyAdmins)]
    assert len(again) == 1, again
    assert "再次互刷 #" in again[0] and "（待复核）" in again[0]
    assert (
        "小甲、小乙 的助力此前已被撤销，之后又互相助力 2 次，占他们此后全部助力的 100%" in again[0]
    )
    assert "其中 2 次在声称助力后 1分钟 内就确认" in again[0] and "未作任何处罚" in again[0]
    again_id = int(again[0].split("#", 1)[1].split("（", 1)[0])
    done = text(await g.say(f"/复核 {again_id} 撤销", by=ADMIN, role=Role.ADMIN))
    assert f"已撤销 #{again_id}：2 次助力已用冲正记录撤回" in done
    clock.advance("1h")
    assert not [a for a in await g.tick() if isinstance(a, NotifyAdmins)]  # nothing new since
