"""State several processes share on one PostgreSQL: dedupe, command rate limits, the pacer's cap.

Two engines on one database stand for two processes (each has its own
connection pool and its own memory); the PostgreSQL tests skip cleanly when
the server programs are not installed.
"""

from __future__ import annotations

import asyncio

import pytest

from huzhu.core.events import Member, MessageEvent, Reply, Role
from huzhu.core.shared import DatabaseState, LocalState
from huzhu.core.storage.db import Database, sqlite_url
from huzhu.testing import FULL_CAPS, FakeGroup, text

RATE_YAML = "defaults:\n  commands: {rate: 3, window: 60s}\n"
CAP_YAML = "defaults:\n  posting: {quiet_hours: 'off', max_per_hour: 2, max_delay: 6h}\n"


async def _two(engine_factory, postgres_url, yaml_text):
    a = await engine_factory(yaml_text, database_url=postgres_url)
    b = await engine_factory(yaml_text, database_url=postgres_url)
    assert isinstance(a.shared, DatabaseState) and a.shared is not b.shared
    return a, b


async def test_sqlite_keeps_the_in_process_fast_path(engine_factory):
    engine = await engine_factory()
    assert isinstance(engine.shared, LocalState)
    assert engine.pacer.shared is engine.shared


async def test_a_message_received_by_two_processes_runs_once(engine_factory, postgres_url):
    a, b = await _two(engine_factory, postgres_url, None)
    event = MessageEvent(
        "qq:913001", Member("qq:2", "管理", Role.ADMIN), "/警告 @qq:9 刷屏",
        message_id="dup-1", mentions=("qq:9",), caps=FULL_CAPS,
    )  # fmt: skip
    first, second = await asyncio.gather(a.handle_message(event), b.handle_message(event))
    assert sorted([bool(first), bool(second)]) == [False, True]  # exactly one handled it
    assert "第 1 次违规" in text(first or second)
    assert await a.handle_message(event) == []  # re-delivered to the first one later
    # once the window has passed, the id may be a new message (platforms reuse small ids)
    a.clock.advance(3601)
    assert await b.handle_message(event)


async def test_the_command_rate_limit_holds_across_processes(engine_factory, postgres_url):
    a, b = await _two(engine_factory, postgres_url, RATE_YAML)
    ga, gb = FakeGroup(a, "qq:913002"), FakeGroup(b, "qq:913002")
    for g in (ga, gb, ga):  # three commands in a minute, through both processes
        assert "命令发得太快" not in text(await g.say("/我的", by="qq:77"))
    refused = text(await gb.say("/我的", by="qq:77"))
    assert "命令发得太快了（每1分钟最多 3 条）" in refused
    assert await ga.say("/我的", by="qq:77") == []  # told once per window, on either process
    assert "命令发得太快" not in text(await ga.say("/我的", by="qq:78"))  # others are not limited
    a.clock.advance(61)
    assert "命令发得太快" not in text(await gb.say("/我的", by="qq:77"))


async def test_the_pacer_cap_holds_across_processes(engine_factory, postgres_url):
    a, b = await _two(engine_factory, postgres_url, CAP_YAML)
    gid = "qq:913003"
    now = a.clock.time()
    posts = [Reply(gid, f"提醒 {i}") for i in range(6)]
    sent = await asyncio.gather(a.pacer.pace(posts[:3], now), b.pacer.pace(posts[3:], now))
    assert sum(len(s) for s in sent) == 2  # the group's cap, not each process's
    deferred = await a.schedule(gid).list()
    assert len(deferred) == 4
    hours = sorted(item["next_at"] for item in deferred)
    # two booked into each of the next two hours, between both processes
    assert hours[0] == hours[1] < hours[2] == hours[3] == hours[0] + 3600


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_shared_rows_expire_and_are_swept(backend, tmp_path, request):
    url = sqlite_url(tmp_path) if backend == "sqlite" else request.getfixturevalue("postgres_url")
    db = Database(url)
    await db.open()
    try:
        state = DatabaseState(db)  # the SQL is the same on both; SQLite runs it in the group commit
        assert await state.first_delivery("qq:913004", "m1", 100.0)
        assert not await state.first_delivery("qq:913004", "m1", 200.0)
        assert [await state.take("c:913004", 2, 500.0) for _ in range(3)] == [True, True, False]
        hits = [await state.hit("k:913004", 100.0 + i, 2, 60) for i in range(4)]
        assert [h.allowed for h in hits] == [True, True, False, False]
        assert (hits[2].tell, hits[2].retry_after, hits[3].tell) == (True, 58, False)
        assert (await state.hit("k:913004", 161.0, 2, 60)).allowed
        await state.sweep(10_000.0)
        assert await state.take("c:913004", 2, 20_000.0)  # the old counter is gone
        assert await state.first_delivery("qq:913004", "m1", 10_000.0)
    finally:
        await db.close()
