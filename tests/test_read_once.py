"""Issue 20: the open requests and their claimants are read once per instant while nothing is
written (several plugins and the planner read them during one event), and never stale."""

from __future__ import annotations

from types import SimpleNamespace

from huzhu.core.storage import requests as store
from huzhu.testing import FakeGroup

GROUP = "qq:1"
YAML = """
defaults:
  commands: {rate: 1000}
  plugins: {reminder: false, help_before_ask: false, quota: false}
"""
LINK = "https://mobile.yangkeduo.com/bargain.html?goods_id={n}"


async def test_reads_at_one_instant_are_shared_until_a_write(engine_factory, clock, monkeypatch):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, GROUP)
    await g.say(f"/求助 {LINK.format(n=1)} 需要3人", by="qq:11")
    data = engine.context(GROUP).data
    reads = {"open": 0, "claimants": 0}
    open_requests, claimants = store.open_requests_known, store.claimants

    def counted(name, fn):
        def run(*args):
            reads[name] += 1
            return fn(*args)

        return run

    monkeypatch.setattr(store, "open_requests_known", counted("open", open_requests))
    monkeypatch.setattr(store, "claimants", counted("claimants", claimants))
    first = await data.open_requests()
    first.clear()  # callers get copies
    again = await data.open_requests()
    assert [r.seq for r in again] == [1] and reads["open"] == 1
    assert await data.claimants() == {} and reads["claimants"] == 1  # no claims yet
    # a write (a claim) at the same instant: read again, and see it
    await g.say("/已助 1", by="qq:12")
    assert await data.claimants() == {again[0].id: {"qq:12"}} and reads["claimants"] == 2
    assert await data.claim_counts() == {again[0].id: 1}  # the same, counted
    (await data.claimants())[again[0].id].add("qq:99")  # a copy again
    assert await data.claimants() == {again[0].id: {"qq:12"}} and reads["claimants"] == 2
    # another instant: read again
    clock.now += 1
    await data.open_requests()
    assert reads["open"] == 2
    # a database that several processes share (PostgreSQL): every read goes to the database
    monkeypatch.setattr(engine, "shared", SimpleNamespace(shared=True))
    await data.open_requests()
    await data.open_requests()
    assert reads["open"] == 4


async def test_open_requests_read_in_part_are_the_full_read(engine_factory, clock):
    """Requests read before are not read again in full (only their helps change after
    posting): across posts, helps, confirmations and closes the answer is the full read's."""
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, GROUP)
    data = engine.context(GROUP).data

    async def same() -> None:
        clock.now += 1  # another instant: no read-once memo
        full = await engine.db.read(lambda c: store.open_requests(c, GROUP))
        assert await data.open_requests() == full

    for n in (1, 2, 3):
        await g.say(f"/求助 {LINK.format(n=n)} 需要3人", by=f"qq:{10 + n}")
        await same()
    await g.say("/已助 1", by="qq:12")
    await same()
    await g.say("/确认 1", by="qq:11")
    await same()
    assert [r.helped for r in await data.open_requests()] == [1, 0, 0]
    await g.say("/取消 2", by="qq:12")
    await same()
    assert [r.seq for r in await data.open_requests()] == [1, 3]
    await g.say(f"/求助 {LINK.format(n=4)} 需要1人", by="qq:21")
    await same()
