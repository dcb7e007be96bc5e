"""Issue 17.2, reviews: a reversed help no longer counts towards its request (which reopens),
and two processes on one PostgreSQL tell the admins of a finding once between them."""

from __future__ import annotations

import asyncio

from huzhu.core.events import NotifyAdmins, Role
from huzhu.core.requests.links import find_share
from huzhu.core.storage import requests as store
from huzhu.testing import FakeGroup, text
from tests.test_collusion import ADMIN, GROUP, YAML, _group


async def test_a_reversed_help_lowers_the_helped_count_and_reopens_the_request(
    engine_factory, clock
):
    engine = await engine_factory(YAML)
    now = clock.time()
    live = find_share("https://mobile.yangkeduo.com/bargain.html?goods_id=1")
    gone = find_share("https://mobile.yangkeduo.com/bargain.html?goods_id=2")

    def build(c):  # #1 needs two helps and got them; #2 needed one, and its link has expired
        claims = []
        for seq_link, needed, expires in ((live, 2, now + 86400), (gone, 1, now + 600)):
            req, _ = store.post(c, group_id=GROUP, requester="qq:r", link=seq_link, note="",
                                needed=needed, now=now, expires_at=expires, message_id=f"m{needed}",
                                max_open=10)  # fmt: skip
            for helper in ("qq:h1", "qq:h2")[:needed]:
                _, claim = store.claim(c, group_id=GROUP, seq=req.seq, helper=helper, now=now + 1,
                                       message_id=f"c{req.seq}{helper}")  # fmt: skip
                store.confirm(c, group_id=GROUP, seq=req.seq, requester="qq:r", helper=helper,
                              now=now + 2, message_id=f"k{req.seq}{helper}", by="qq:r", credit=1,
                              debit=1)  # fmt: skip
                claims.append(claim.id)
        return claims

    first_h1, first_h2, second_h1 = await engine.db.write(build)
    assert [
        (r.helped, r.status)
        for r in await engine.db.read(lambda c: [store.get(c, GROUP, s) for s in (1, 2)])
    ] == [(2, "done"), (1, "done")]
    clock.advance("1h")  # #2's link is gone now, #1's is still open for a day
    data = engine.context(GROUP).data
    assert await data.reverse_helps([first_h1, second_h1], "review:1") == [first_h1, second_h1]
    one, two = await engine.db.read(lambda c: [store.get(c, GROUP, s) for s in (1, 2)])
    assert (one.helped, one.status) == (1, "open")  # back in the queue: one more help needed
    assert (two.helped, two.status) == (0, "done")  # expired link: nobody can help it any more
    assert await data.reverse_helps([first_h1], "review:1") == []  # once only
    assert (await engine.db.read(lambda c: store.get(c, GROUP, 1))).helped == 1
    assert first_h2  # the other help of #1 still counts


async def test_two_processes_on_postgres_tell_the_admins_once(
    engine_factory, clock, fresh_postgres_url
):
    a, _ = await _group(engine_factory, clock, colluders=True, database_url=fresh_postgres_url)
    b = await engine_factory(YAML, database_url=fresh_postgres_url)
    ga, gb = FakeGroup(a, GROUP), FakeGroup(b, GROUP)
    await gb.say("大家好", by="qq:100")
    told = await asyncio.gather(ga.tick(), gb.tick())
    notes = [x.text for actions in told for x in actions if isinstance(x, NotifyAdmins)]
    assert len(notes) == 2, notes  # the pair and the ring, each once between the two
    assert sorted(n.split("#", 1)[1].split("（", 1)[0] for n in notes) == ["1", "2"]
    clock.advance("1h")
    again = await asyncio.gather(ga.tick(), gb.tick())
    assert not [x for actions in again for x in actions if isinstance(x, NotifyAdmins)]
    # a review decided through one process is decided for the other
    assert "已维持 #1" in text(await ga.say("/复核 1 维持", by=ADMIN, role=Role.ADMIN))
    assert "#1 已经处理过了（维持）" in text(
        await gb.say("/复核 1 撤销", by=ADMIN, role=Role.ADMIN)
    )
    assert "#2" in text(await gb.say("/复核", by=ADMIN, role=Role.ADMIN))
    # two admins reversing #2 at the same moment through the two processes: reversed once
    before = len(await a.db.read(lambda c: store.ledger_entries(c, GROUP)))
    answers = await asyncio.gather(
        ga.say("/复核 2 撤销", by=ADMIN, role=Role.ADMIN),
        gb.say("/复核 2 撤销", by="qq:901", role=Role.ADMIN),
    )
    said = sorted(text(x) for x in answers)
    assert "已撤销 #2" in said[1] and "#2 已经处理过了（撤销）" in said[0], said
    after = await a.db.read(lambda c: store.ledger_entries(c, GROUP))
    assert len(after) == before + 12  # six helps, two compensating rows each, once
    assert "当前没有待复核的记录" in text(await ga.say("/复核", by=ADMIN, role=Role.ADMIN))
