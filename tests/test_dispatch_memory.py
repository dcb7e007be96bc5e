"""派单's per-group memory (core/requests/dispatch_memory): a post reads no member-wide
table, yet what it plans with is what the database says — after /休息 (in the group or
privately), claims, lapses, restarts, and with two processes on one PostgreSQL."""

from __future__ import annotations

from typing import Any

from huzhu.core import Member
from huzhu.core.storage import dispatch as dispatch_store
from huzhu.testing import FakeGroup, text

from .test_dispatch import LINKS, YAML, notes

G = "qq:3"
WIDE = YAML.replace("active_within: 1h", "active_within: 1d").replace(
    "daily_cap: 5", "daily_cap: 50"
)


async def _state(engine: Any) -> dict[str, Any]:
    """What a post plans with (the memory), as the queue plugin asks for it."""
    now = engine.clock.time()
    data = engine.context(G, "queue").data
    return await data.dispatch_state(now - 86400, now - 86400, now - 86400, [], flush=False)


async def _truth(engine: Any) -> dict[str, Any]:
    """The same, read from the database alone (sightings not yet written count, as always)."""
    since = engine.clock.time() - 86400
    state = await engine.db.read(
        lambda c: dispatch_store.snapshot(
            c, G, active_since=since, day_since=since, pairs_from=since, requesters=[]
        )
    )
    for m, (_, at) in engine._seen.get(G, {}).items():
        if at >= since:
            state["active"][m] = at
    return state


def _parts(state: dict[str, Any]) -> tuple[Any, ...]:
    return state["active"], state["last_asked"], state["stances"], state["helps_today"]


async def test_a_post_reads_members_stances_and_asks_from_memory(engine_factory, monkeypatch):
    engine = await engine_factory(WIDE)
    g = FakeGroup(engine, G)
    for member in ("qq:41", "qq:42", "qq:43", "qq:44", "qq:45"):
        await g.say("在", by=member)
    await g.say(f"/求助 {LINKS[0]}", by="qq:41")  # the first post loads the group's memory
    reads: list[str] = []
    for name in ("stances", "last_asked"):
        real = getattr(dispatch_store, name)
        monkeypatch.setattr(dispatch_store, name,
                            lambda *a, _n=name, _r=real: reads.append(_n) or _r(*a))  # fmt: skip
    for i, member in enumerate(("qq:42", "qq:43"), start=1):
        assert notes(await g.say(f"/求助 {LINKS[i]}", by=member))
    assert reads == []  # before: both read again on every post (~6 ms at 1,000 members)
    assert _parts(await _state(engine)) == _parts(await _truth(engine))


async def test_the_memory_follows_every_write(engine_factory, clock):
    engine = await engine_factory(WIDE)
    g = FakeGroup(engine, G)
    for member in ("qq:51", "qq:52", "qq:53", "qq:54"):
        await g.say("在", by=member)
    steps = [
        lambda: g.say(f"/求助 {LINKS[0]}", by="qq:51"),  # loads the memory, asks someone
        lambda: g.say("/休息", by="qq:52"),
        lambda: engine.handle_private(Member("qq:53", "小三"), "/休息 2小时"),  # privately
        lambda: g.say(f"/求助 {LINKS[1]}", by="qq:54"),
        lambda: g.say("/已助 1", by="qq:54"),  # acted; a help of the day
        lambda: g.say("/已助 2", by="qq:51"),
        lambda: g.say("/否认 2", by="qq:54", mentions=["qq:51"]),  # no longer counts
        lambda: g.say("/接单", by="qq:52"),
        lambda: engine.tick(),
    ]
    for step in steps:
        said = await step()
        assert said is not None
        clock.advance(7 * 60)
        await g.say("路过", by="qq:55")
        assert _parts(await _state(engine)) == _parts(await _truth(engine))
    assert (await _state(engine))["helps_today"] == {"qq:54": 1}  # qq:51's was denied
    clock.advance(25 * 60)
    await engine.tick()  # lapses: ignored counts change in the database
    await engine.flush_members()
    assert _parts(await _state(engine)) == _parts(await _truth(engine))


async def test_a_lapse_keeps_the_ignored_counts_it_wrote_in_memory(
    engine_factory, clock, monkeypatch
):
    # the counts (and pauses) a lapse writes go to memory as written, without reading every
    # stance again; what a plan then sees is what the database says
    engine = await engine_factory(WIDE)
    g = FakeGroup(engine, G)
    data = engine.context(G, "queue").data
    await g.say("/接单", by="qq:62")  # a stance the memory keeps
    ignored = []
    for i in range(3):
        await g.say("在", by="qq:61")
        asked = notes(await g.say(f"/求助 {LINKS[i]}", by=f"qq:7{i}"))
        assert asked
        clock.advance(60)
        for member in asked:
            await g.say("看看", by=member)  # around after being asked: an ignored one
        clock.advance(21 * 60)
        await engine.flush_members()
        reads: list[str] = []
        real = dispatch_store.stances
        monkeypatch.setattr(dispatch_store, "stances",
                            lambda *a, _r=reads, _s=real: _r.append("x") or _s(*a))  # fmt: skip
        lapsed, _ = await data.lapse_dispatch(clock.time() - 20 * 60, 2, 86400)
        state = await _state(engine)
        monkeypatch.setattr(dispatch_store, "stances", real)
        assert lapsed and reads == []
        assert _parts(state) == _parts(await _truth(engine))
        ignored += [m for m, row in state["stances"].items() if row[3] or row[4]]
    assert ignored  # the lapses did count something


async def test_away_said_privately_holds_on_the_next_post_and_after_a_restart(
    engine_factory, clock, tmp_path
):
    data_dir = tmp_path / "data"
    engine = await engine_factory(WIDE, data_dir=data_dir)
    g = FakeGroup(engine, G)
    for member in ("qq:61", "qq:62", "qq:63"):
        await g.say("在", by=member)
    assert list(notes(await g.say(f"/求助 {LINKS[0]}", by="qq:61"))) == ["qq:62"]  # memory loaded
    assert "休息" in text(await engine.handle_private(Member("qq:63", "小三"), "/休息"))
    assert list(notes(await g.say(f"/求助 {LINKS[1]}", by="qq:62"))) == ["qq:61"]  # not 63
    await engine.close()
    again = await engine_factory(WIDE, data_dir=data_dir)
    g2 = FakeGroup(again, G)
    clock.advance(60)
    for member in ("qq:61", "qq:62", "qq:64"):
        await g2.say("回来了", by=member)
    told = notes(await g2.say(f"/求助 {LINKS[2]}", by="qq:64"))
    assert told and "qq:63" not in told  # the restart lost nothing: still away


async def test_away_in_one_process_holds_in_the_other(engine_factory, postgres_url):
    a = await engine_factory(WIDE, database_url=postgres_url)
    b = await engine_factory(WIDE, database_url=postgres_url)
    ga, gb = FakeGroup(a, "qq:913077"), FakeGroup(b, "qq:913077")
    for member in ("qq:71", "qq:72", "qq:73"):
        await gb.say("在", by=member)
    await b.flush_members()
    assert notes(await gb.say(f"/求助 {LINKS[0]}", by="qq:71"))  # b's memory is loaded
    assert "休息" in text(await ga.say("/休息", by="qq:72"))  # told to the other process
    assert "休息" in text(await ga.say("/休息", by="qq:73"))
    assert list(notes(await gb.say(f"/求助 {LINKS[1]}", by="qq:73"))) == ["qq:71"]  # not 72
