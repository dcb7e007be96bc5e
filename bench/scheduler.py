"""Scheduler benchmark: claiming due items, and an idle tick over many future items.

Prints items claimed per second when 10,000 occurrences (one per group) come
due in one tick, against claiming them one transaction each (what a naive
"SELECT due, then UPDATE each in its own transaction" loop does) in the same
run, and the cost of a tick with nothing due while 100,000 items wait.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from figures import record

from huzhu.core.clock import ManualClock
from huzhu.core.storage import schedules as store
from huzhu.testing import make_engine

GROUPS = 10_000
WAITING = 100_000
YAML = "defaults:\n  posting: {quiet_hours: off, max_per_hour: 0}\n"
START = 1_800_000_000.0


async def _fill(engine, count: int, at: float) -> None:
    rows = [
        {"group_id": f"qq:{i}", "owner": "core", "kind": "noop", "cron": "", "payload": {},
         "next_at": at, "catch_up": "once", "created_by": "", "created_at": START, "key": None}
        for i in range(count)
    ]  # fmt: skip

    def insert(conn):
        for row in rows:
            store.add(conn, row)

    await engine.db.write(insert)


async def main() -> None:
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, {sys.platform}")
    with tempfile.TemporaryDirectory() as tmp:
        clock = ManualClock(START)
        engine = await make_engine(Path(tmp) / "a", YAML, clock=clock, builtins=False)
        await _fill(engine, GROUPS, START + 60)
        clock.advance(60)
        t = time.perf_counter()
        claimed = len(await engine.scheduler.claim(clock.time()))
        batched = time.perf_counter() - t
        assert claimed == GROUPS, claimed

        naive_engine = await make_engine(
            Path(tmp) / "b", YAML, clock=ManualClock(START), builtins=False
        )
        await _fill(naive_engine, GROUPS, START)
        t = time.perf_counter()
        due = await naive_engine.db.read(lambda c: store.due(c, START, GROUPS))
        for row in due:  # one transaction per item (no group commit: one after another)
            await naive_engine.db.write(
                lambda c, row=row: store.claim_due(c, START, 1, lambda _item: (None, True))
            )
        naive = time.perf_counter() - t

        await _fill(engine, WAITING, START + 86400)
        ticks = 200
        t = time.perf_counter()
        for _ in range(ticks):
            await engine.scheduler.claim(clock.time())
        idle = (time.perf_counter() - t) / ticks
        await engine.close()
        await naive_engine.close()
    print(f"claim {GROUPS:,} due items in one tick: {batched * 1000:.0f} ms "
          f"({GROUPS / batched:,.0f} items/s)")  # fmt: skip
    print(f"one transaction per item (baseline):   {naive * 1000:.0f} ms "
          f"({GROUPS / naive:,.0f} items/s)")  # fmt: skip
    print(f"ratio batched/baseline: {naive / batched:.1f}x")
    print(f"idle tick with {WAITING:,} items waiting: {idle * 1000:.2f} ms")
    record(f"scheduler: {GROUPS:,} due items claimed in one tick", round(batched * 1000), "ms",
           baseline="one transaction per item", ratio=naive / batched)  # fmt: skip
    record(f"scheduler: idle tick, {WAITING:,} waiting", round(idle * 1000, 2), "ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes (make test: it runs)")
    if parser.parse_args().smoke:
        GROUPS, WAITING = 200, 1_000
    asyncio.run(main())
