"""The persistent scheduler and pacing, on an injectable clock (no sleeping)."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import textwrap

import pytest

from huzhu.core import PrivateMessage, Reply, ScheduledItem, hookimpl
from huzhu.core.clock import ManualClock
from huzhu.core.plugin import PluginMeta
from huzhu.core.schedule.scheduler import GRACE, parse_when
from huzhu.core.storage import schedules as store
from huzhu.testing import make_config, make_engine, text

TZ = "Asia/Shanghai"
NO_QUIET = "defaults:\n  posting: {quiet_hours: off, max_per_hour: 0}\n"


class Ticker:
    """A plugin that posts the payload of every item that comes due."""

    __plugin_meta__ = PluginMeta(name="ticker", description="test", default_enabled=True)

    def __init__(self) -> None:
        self.fired: list[tuple[int, bool]] = []

    @hookimpl
    def schedule_due(self, ctx, item: ScheduledItem):
        self.fired.append((item.id, item.late))
        return Reply(ctx.group_id, f"fired {item.payload['n']}")


async def _engine(engine_factory, clock, yaml_text=NO_QUIET, data_dir=None):
    ticker = Ticker()
    kwargs = {"plugins": [ticker], "builtins": False}
    if data_dir is not None:
        kwargs["data_dir"] = data_dir
    engine = await engine_factory(yaml_text, **kwargs)
    return engine, ticker, engine.schedule("qq:1", "ticker")


async def test_one_shot_fires_once_at_its_time(engine_factory, clock):
    engine, ticker, sched = await _engine(engine_factory, clock)
    await sched.at(clock.time() + 300, "x", {"n": 1})
    assert await engine.tick() == []
    clock.advance(299)
    assert await engine.tick() == []
    clock.advance(1)
    assert text(await engine.tick()) == "fired 1"
    clock.advance(3600)
    assert await engine.tick() == [] and len(ticker.fired) == 1
    assert await sched.list() == []


async def test_recurring_item_follows_cron_in_the_group_zone(engine_factory, clock):
    engine, ticker, sched = await _engine(engine_factory, clock)
    clock.set("2026-03-02 08:00", TZ)
    await sched.every("0 9 * * *", "x", {"n": 2})
    for _ in range(3):  # three days, a tick each minute around 09:00
        clock.advance(3600 - 60)
        assert await engine.tick() == []
        clock.advance(60)
        assert text(await engine.tick()) == "fired 2"
        clock.advance(86400 - 3600)
    assert len(ticker.fired) == 3
    (item,) = await sched.list()
    assert item["fired"] == 3


async def test_restart_in_the_middle_fires_due_items_once(tmp_path):
    """kill -9 a process that scheduled items; the next process fires them exactly once."""
    data = tmp_path / "data"
    script = textwrap.dedent(f"""
        import asyncio, os, signal
        from huzhu.core.clock import ManualClock
        from huzhu.testing import make_engine

        async def main():
            engine = await make_engine({str(data)!r}, {NO_QUIET!r}, clock=ManualClock(1_800_000_000))
            sched = engine.schedule("qq:1", "ticker")
            await sched.at(1_800_000_600, "x", {{"n": "one-shot"}})
            await sched.every("*/10 * * * *", "x", {{"n": "every 10 min"}}, catch_up="once")
            await sched.every("*/10 * * * *", "x", {{"n": "skipped"}}, catch_up="skip")
            print("scheduled", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)  # no close, no flush: a crash

        asyncio.run(main())
    """)
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == -signal.SIGKILL and "scheduled" in done.stdout, done.stderr
    clock = ManualClock(1_800_000_000 + 3 * 3600)  # back three hours later
    ticker = Ticker()
    engine = await make_engine(data, NO_QUIET, clock=clock, plugins=[ticker], builtins=False)
    try:
        first = text(await engine.tick())
        assert first.splitlines() == ["fired one-shot", "fired every 10 min"]
        assert all(late for _, late in ticker.fired)
        assert await engine.tick() == []  # not twice
        clock.advance(600)  # the recurring ones continue on schedule, on time again
        assert sorted(text(await engine.tick()).splitlines()) == [
            "fired every 10 min",
            "fired skipped",
        ]
    finally:
        await engine.close()


async def test_catch_up_policies_and_grace(engine_factory, clock):
    engine, _, sched = await _engine(engine_factory, clock)
    now = clock.time()
    await sched.at(now + 60, "x", {"n": "late-once"}, catch_up="once")
    await sched.at(now + 60, "x", {"n": "late-skip"}, catch_up="skip")
    await sched.at(now + 120, "x", {"n": "slow-tick"}, catch_up="skip")
    clock.advance(GRACE + 61)  # the first two are missed; the third is late but within grace
    out = text(await engine.tick()).splitlines()
    assert out == ["fired late-once", "fired slow-tick"]
    rows = await engine.db.read(lambda c: store.history(c, "qq:1"))
    assert [(r["payload"]["n"], r["status"], r["fired"]) for r in rows] == [
        ("late-once", "done", 1), ("late-skip", "done", 0), ("slow-tick", "done", 1),
    ]  # fmt: skip


async def test_cancel_and_keys_make_scheduling_idempotent(engine_factory, clock):
    engine, _, sched = await _engine(engine_factory, clock)
    first = await sched.at(clock.time() + 60, "x", {"n": 1}, key="once-only")
    assert first > 0 and await sched.at(clock.time() + 60, "x", {"n": 1}, key="once-only") == 0
    assert await sched.cancel(first) and not await sched.cancel(first)
    assert await sched.at(clock.time() + 60, "x", {"n": 1}, key="once-only") > 0  # key freed
    other = engine.schedule("qq:2", "ticker")
    assert not await other.cancel(first)  # another group's handle cannot touch it


async def test_sync_keeps_keyed_recurring_items_in_step(engine_factory, clock):
    _, _, sched = await _engine(engine_factory, clock)
    await sched.sync(
        {"a": ("0 9 * * *", "x", {"n": 1}, "skip"), "b": ("0 12 * * *", "x", {"n": 2}, "skip")}
    )
    await sched.sync(
        {"a": ("0 9 * * *", "x", {"n": 1}, "skip"), "b": ("0 12 * * *", "x", {"n": 2}, "skip")}
    )
    assert sorted(i["key"] for i in await sched.list()) == ["a", "b"]
    await sched.sync({"a": ("30 9 * * *", "x", {"n": 1}, "skip")})
    assert [(i["key"], i["cron"]) for i in await sched.list()] == [("a", "30 9 * * *")]


# ---------------------------------------------------------------- quiet hours and the hourly cap
async def test_quiet_hours_defer_to_their_end(engine_factory, clock):
    yaml_text = (
        "defaults:\n  posting: {quiet_hours: '23:00-07:00', quiet_policy: defer, max_per_hour: 0}\n"
    )
    engine, _, sched = await _engine(engine_factory, clock, yaml_text)
    clock.set("2026-03-02 22:30", TZ)
    await sched.at(clock.time() + 3600, "x", {"n": "night"})  # due 23:30
    clock.advance(3600)
    assert await engine.tick() == []  # held
    clock.set("2026-03-03 06:59", TZ)
    assert await engine.tick() == []
    clock.set("2026-03-03 07:00", TZ)
    assert text(await engine.tick()) == "fired night"
    clock.advance(60)
    assert await engine.tick() == []


async def test_quiet_hours_drop_policy(engine_factory, clock):
    yaml_text = "defaults:\n  posting: {quiet_hours: '22:00-08:00', quiet_policy: drop}\n"
    engine, _, sched = await _engine(engine_factory, clock, yaml_text)
    clock.set("2026-03-02 23:00", TZ)
    await sched.at(clock.time() + 60, "x", {"n": "dropped"})
    clock.advance(60)
    assert await engine.tick() == []
    clock.set("2026-03-03 09:00", TZ)
    assert await engine.tick() == [] and engine.pacer.dropped == 1


async def test_hourly_cap_defers_the_excess_to_the_next_hour(engine_factory, clock):
    yaml_text = "defaults:\n  posting: {quiet_hours: off, max_per_hour: 3}\n"
    engine, _, sched = await _engine(engine_factory, clock, yaml_text)
    clock.set("2026-03-02 10:10", TZ)
    for n in range(5):
        await sched.at(clock.time() + 60, "x", {"n": n})
    clock.advance(60)
    assert text(await engine.tick()).splitlines() == ["fired 0", "fired 1", "fired 2"]
    clock.set("2026-03-02 10:59", TZ)
    assert await engine.tick() == []
    clock.set("2026-03-02 11:00", TZ)
    assert text(await engine.tick()).splitlines() == ["fired 3", "fired 4"]


async def test_a_bot_with_more_to_say_than_its_cap_keeps_a_bounded_backlog(engine_factory, clock):
    yaml_text = "defaults:\n  posting: {quiet_hours: off, max_per_hour: 3, max_delay: 2h}\n"
    engine, _, sched = await _engine(engine_factory, clock, yaml_text)
    clock.set("2026-03-02 10:10", TZ)
    for n in range(20):
        await sched.at(clock.time() + 60, "x", {"n": n})
    clock.advance(60)
    writes = engine.db.ops
    assert text(await engine.tick()).splitlines() == ["fired 0", "fired 1", "fired 2"]
    # each of the rest is booked once into the first hour with room: 11:00 and 12:00
    # take three each (within max_delay); the other eleven are dropped, not stored
    assert engine.pacer.dropped == 11
    assert engine.db.ops - writes <= 20 + 6 + 2  # the claims, six bookings, the flush
    fired = []
    for hour in ("11:00", "12:00", "13:00", "14:00"):
        clock.set(f"2026-03-02 {hour}", TZ)
        fired.append(text(await engine.tick()).splitlines())
    assert fired == [["fired 3", "fired 4", "fired 5"], ["fired 6", "fired 7", "fired 8"], [], []]


class Noter(Ticker):
    """Posts in the group, or (payload ``private``) a private note to a member."""

    @hookimpl
    def schedule_due(self, ctx, item: ScheduledItem):
        if item.payload.get("private"):
            return PrivateMessage(ctx.group_id, "qq:7", f"note {item.payload['n']}")
        return Reply(ctx.group_id, f"fired {item.payload['n']}")


async def test_private_notes_do_not_use_up_the_groups_hourly_cap(engine_factory, clock):
    yaml_text = (
        "defaults:\n  posting: {quiet_hours: off, max_per_hour: 2, max_private_per_hour: 3}\n"
    )
    engine = await engine_factory(yaml_text, plugins=[Noter()], builtins=False)
    sched = engine.schedule("qq:1", "ticker")
    clock.set("2026-03-02 10:10", TZ)
    for n in range(4):
        await sched.at(clock.time() + 60, "x", {"n": n, "private": True})
    for n in range(3):
        await sched.at(clock.time() + 60, "x", {"n": n})
    clock.advance(60)
    sent = await engine.tick()
    # the group's two posts go out although four notes came first; the notes have their own cap
    assert sorted(text([a for a in sent if isinstance(a, Reply)]).splitlines()) == [
        "fired 0",
        "fired 1",
    ]
    assert len([a for a in sent if isinstance(a, PrivateMessage)]) == 3
    clock.set("2026-03-02 11:00", TZ)
    later = await engine.tick()
    assert [type(a).__name__ for a in later].count("PrivateMessage") == 1
    assert text([a for a in later if isinstance(a, Reply)]) == "fired 2"


async def test_moderation_is_never_held_by_quiet_hours(engine_factory, clock):
    yaml_text = (
        "defaults:\n  posting: {quiet_hours: '00:00-23:59'}\n"
        "  plugins:\n    content: {words: [加微信], severity: severe}\n"
    )
    engine = await engine_factory(yaml_text)
    from huzhu.core.events import DeleteMessage
    from huzhu.testing import FakeGroup

    actions = await FakeGroup(engine, "qq:1").say("加微信 领红包", by="qq:5")
    assert any(isinstance(a, DeleteMessage) for a in actions)


# ---------------------------------------------------------------- several processes, one database
TWO_PROCESSES = f"""
import asyncio, json, sys
from huzhu.core import Reply, hookimpl
from huzhu.core.clock import ManualClock
from huzhu.core.plugin import PluginMeta
from huzhu.testing import make_engine

class Ticker:
    __plugin_meta__ = PluginMeta(name="ticker", description="t", default_enabled=True)
    @hookimpl
    def schedule_due(self, ctx, item):
        return Reply(ctx.group_id, str(item.id))

async def main(data, url, start, me):
    import os, pathlib, time
    clock = ManualClock(start)
    engine = await make_engine(data, {NO_QUIET!r}, clock=clock, plugins=[Ticker()], builtins=False,
                               database_url=url or None)
    pathlib.Path(data, "ready-" + me).touch()
    while not os.path.exists(os.path.join(data, "go")):  # start together: real contention
        time.sleep(0.01)
    fired = []
    for _ in range(40):          # both processes tick through the same 40 minutes
        fired += [a.text for a in await engine.tick()]
        clock.advance(60)
    await engine.close()
    print(json.dumps(fired))

asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]))
"""


async def _two_processes(tmp_path, database_url: str | None) -> None:
    start = 1_800_000_000.0
    data = tmp_path / "shared"
    engine = await make_engine(data, NO_QUIET, clock=ManualClock(start), plugins=[Ticker()],
                               builtins=False, database_url=database_url)  # fmt: skip
    sched = engine.schedule("qq:1", "ticker")
    ids = [await sched.at(start + 30 * i, "x", {"n": i}) for i in range(60)]
    ids.append(await sched.every("*/5 * * * *", "x", {"n": "cron"}))
    await engine.close()
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-c", TWO_PROCESSES, str(data), database_url or "", str(start), str(n),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for n in range(2)
    ]  # fmt: skip
    for _ in range(3000):
        if (data / "ready-0").exists() and (data / "ready-1").exists():
            break
        await asyncio.sleep(0.01)
    (data / "go").touch()
    outs = [tuple(b.decode() for b in await asyncio.wait_for(p.communicate(), 180)) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    fired = [int(x) for out, _ in outs for x in json.loads(out.strip().splitlines()[-1])]
    one_shots = [f for f in fired if f != ids[-1]]
    assert sorted(one_shots) == sorted(ids[:-1])  # each one-shot exactly once between them
    assert fired.count(ids[-1]) == 7  # :05 … :35 of the 40 ticked minutes, once each


async def test_two_processes_sharing_sqlite_fire_each_item_once(tmp_path):
    await _two_processes(tmp_path, None)


async def test_two_processes_sharing_postgres_fire_each_item_once(tmp_path, fresh_postgres_url):
    # a database of its own: the session's shared one holds other tests' groups, whose
    # requests would expire during these 40 ticked minutes
    await _two_processes(tmp_path, fresh_postgres_url)


# ---------------------------------------------------------------- parsing times
@pytest.mark.parametrize(
    ("words", "local", "cron", "rest"),
    [
        ("21:00 交作业", "2026-03-02 21:00", "", "交作业"),
        ("08:00 早安", "2026-03-03 08:00", "", "早安"),
        ("2h 喝水", "2026-03-02 12:30", "", "喝水"),
        ("03-05 09:00 活动", "2026-03-05 09:00", "", "活动"),
        ("2026-03-05T09:00 活动", "2026-03-05 09:00", "", "活动"),
        ("每天 21:00 打卡", "2026-03-02 21:00", "0 21 * * *", "打卡"),
        ("每天21:00 打卡", "2026-03-02 21:00", "0 21 * * *", "打卡"),
        ("工作日 9:00 早", "2026-03-03 09:00", "0 9 * * 1-5", "早"),
        ("每周一 9:00 周报", "2026-03-09 09:00", "0 9 * * 1", "周报"),
        ("mon 9:00 weekly", "2026-03-09 09:00", "0 9 * * 1", "weekly"),
        ("0 9 * * 1-5 cron", "2026-03-03 09:00", "0 9 * * 1-5", "cron"),
    ],
)
def test_parse_when(words, local, cron, rest):
    clock = ManualClock()
    clock.set("2026-03-02 10:30", TZ)  # a Monday
    when = parse_when(words, clock.time(), TZ)
    expected = ManualClock()
    expected.set(local, TZ)
    assert (when.at, when.cron, when.rest) == (expected.now, cron, rest)


@pytest.mark.parametrize(
    "words", ["", "明天 交作业", "25:00 x", "2026-02-30T09:00 x", "2020-01-01T09:00 x", "每天 x"]
)
def test_parse_when_refuses(words):
    with pytest.raises(ValueError, match=r"\w"):
        parse_when(words, ManualClock().time(), TZ)


def test_posting_settings_are_validated():
    from huzhu.core import config as config_mod
    from huzhu.testing import registry_with

    result = config_mod.loads(
        make_config(
            groups={"qq:1": {"posting": {"quiet_hours": "25:00-07:00", "quiet_policy": "later"}}}
        ),
        registry_with(),
    )
    messages = " ".join(str(e) for e in result.errors)
    assert "quiet_hours" in messages and "quiet_policy" in messages


async def test_a_tick_claims_every_due_item_even_beyond_one_batch(engine_factory, clock):
    from huzhu.core.schedule.scheduler import BATCH

    engine, ticker, sched = await _engine(engine_factory, clock)
    for n in range(BATCH + 7):
        await sched.at(clock.time() + 60, "x", {"n": n})
    clock.advance(60)
    assert len(await engine.tick()) == BATCH + 7 and len(ticker.fired) == BATCH + 7
