"""Cost that grows with history: every curve in ONE group, and the first tick after a busy hour.

    .venv/bin/python bench/history.py [--calls 200] [--quick | --smoke]

1. ``/队列`` and ``/我的`` latency (p50 / p99) in one group with 10,000, 100,000 and
   1,000,000 past requests (100 open), and with 10, 1,000 and 100,000 open requests
   (10,000 past). The past requests are done, each with its claim and two ledger rows,
   among 500 members; the open ones were posted over the last 12 hours (the queue's
   default strategy puts those waiting 6 hours or more first). Target p99 < 10 ms.
2. The first tick after a busy hour in which 10,000 / 50,000 members spoke: while it
   records them, a durable write every 2 ms is timed until committed. Target: none
   waits longer than 100 ms.

History is inserted straight into SQLite (``executemany``), as a long-running group
would have it; the engine then opens that database as a bot does after a restart.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path

from figures import pct, record
from history_rows import HistoryRows, connect, finish

from huzhu.core.clock import ManualClock
from huzhu.core.engine import Engine
from huzhu.core.events import Capabilities, Member, MessageEvent
from huzhu.core.storage import repo
from huzhu.core.storage.db import Database, sqlite_url
from huzhu.testing import registry_with

YAML = """
defaults:
  commands: {rate: 1000, window: 1s}
  requests: {max_open: 100}
  plugins:
    queue: {repeat_within: 0}
"""
CAPS = Capabilities(platform="qq", delete=True, mute=True, kick=True)
NOW = 1.8e9
GROUP = "qq:1"
MEMBERS = 500
_ids = iter(range(10**9))


def msg(group: str, who: str, text: str) -> MessageEvent:
    return MessageEvent(group, Member(who, who), text, message_id=str(next(_ids)), caps=CAPS)


async def make(workdir: Path) -> Engine:
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "p.yaml").write_text(YAML, encoding="utf-8")
    engine = Engine(
        Database(sqlite_url(workdir)), registry=registry_with(), config_path=workdir / "p.yaml",
        clock=ManualClock(NOW),
    )  # fmt: skip
    await engine.start()
    return engine


class Seeder:
    """Adds past and open requests of one group straight to the database file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rng = random.Random(3)
        self.seq = 0
        self.past = 0
        self.open = 0

    def add(self, past: int, open_: int) -> None:
        con = connect(self.path)
        rid = con.execute("SELECT coalesce(max(id), 0) FROM requests").fetchone()[0]
        cid = con.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0]
        rng = self.rng
        rows = HistoryRows(con)
        for done, count in ((True, past), (False, open_)):
            for _ in range(count):
                rid += 1
                self.seq += 1
                requester = f"qq:{rng.randrange(MEMBERS)}"
                if done:
                    t = NOW - 86400 * 30 - rng.random() * 86400 * 300
                    rows.request(rid, GROUP, self.seq, requester, t, closed=t + 60)
                    cid += 1
                    helper = f"qq:{rng.randrange(MEMBERS)}"
                    rows.help(cid, rid, GROUP, helper, requester, t, t + 60)
                else:
                    t = NOW - rng.random() * 12 * 3600
                    rows.request(rid, GROUP, self.seq, requester, t, status="open", helped=0,
                                 expires=NOW + 86400)  # fmt: skip
                rows.flush(every=100_000)
        rows.flush()
        self.past += past
        self.open += open_
        finish(con)


async def measure(workdir: Path, calls: int) -> dict[str, tuple[float, float]]:
    """(p50, p99) ms of /队列 and /我的 in the seeded group."""
    engine = await make(workdir)
    out: dict[str, tuple[float, float]] = {}
    for text in ("/队列", "/我的"):
        for k in range(5):  # warm caches, as in a running bot
            await engine.handle_message(msg(GROUP, f"qq:{k}", text))
        times = []
        for k in range(calls):
            ev = msg(GROUP, f"qq:{k % MEMBERS}", text)
            s = time.perf_counter()
            await engine.handle_message(ev)
            times.append((time.perf_counter() - s) * 1000)
        out[text] = (statistics.median(times), pct(times, 0.99))
    await engine.close()
    return out


async def curves(
    workdir: Path, calls: int, quick: bool, scale: int = 0
) -> list[tuple[int, int, dict]]:
    rows = []
    scale = scale or (10 if quick else 1)
    for name, points in (
        ("past", [(10_000 // scale, 100), (100_000 // scale, 100), (1_000_000 // scale, 100)]),
        ("open", [(10_000 // scale, 10), (10_000 // scale, 1_000), (10_000 // scale, 100_000 // scale)]),
    ):  # fmt: skip
        folder = workdir / name
        await (await make(folder)).close()  # the schema
        seeder = Seeder(folder / "huzhu.db")
        for past, open_ in points:
            t0 = time.perf_counter()
            seeder.add(past - seeder.past, open_ - seeder.open)
            seeded = time.perf_counter() - t0
            lat = await measure(folder, calls)
            rows.append((past, open_, lat))
            print(f"  {past:>9,} past {open_:>7,} open (seeded in {seeded:.0f} s): "
                  + "  ".join(f"{k} p50 {v[0]:.2f} ms p99 {v[1]:.2f} ms" for k, v in lat.items()),
                  flush=True)  # fmt: skip
    return rows


async def tick_stall(workdir: Path, members: int) -> tuple[float, float, float, int]:
    """(longest wait of a durable write during the tick, its p99, the tick's seconds, writes)."""
    engine = await make(workdir)
    for i in range(members):  # a busy hour: each member says something once
        await engine.handle_message(msg(f"qq:{i % 50}", f"qq:{10**6 + i}", "早上好"))
    waits: list[float] = []
    running = True

    async def durable_writes() -> None:
        k = 0
        while running:
            k += 1
            s = time.perf_counter()
            await engine.db.write(
                lambda c, k=k: repo.add_audit(c, "qq:999", "bench", "probe", str(k), {}, NOW)
            )
            waits.append((time.perf_counter() - s) * 1000)
            await asyncio.sleep(0.002)

    task = asyncio.create_task(durable_writes())
    await asyncio.sleep(0.05)
    t0 = time.perf_counter()
    await engine.tick()
    took = time.perf_counter() - t0
    running = False
    await task
    await engine.close()
    return max(waits), pct(waits, 0.99), took, len(waits)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="a tenth of every size (a smoke run)")
    parser.add_argument("--smoke", action="store_true", help="a hundredth (make test: it runs)")
    args = parser.parse_args()
    if args.smoke:
        args.calls = min(args.calls, 3)
    print(f"python {platform.python_version()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="huzhu-bench-") as tmp:
        work = Path(tmp)
        print("/队列 and /我的 in one group:")
        rows = asyncio.run(curves(work, args.calls, args.quick, 100 if args.smoke else 0))
        stalls = []
        sizes = (200, 500) if args.smoke else (1_000, 5_000) if args.quick else (10_000, 50_000)
        for members in sizes:
            stall = asyncio.run(tick_stall(work / f"tick{members}", members))
            stalls.append((members, *stall))
    print(
        f"\n{'one group: past / open requests':<40}{'/队列 p50 / p99 ms':>22}{'/我的 p50 / p99 ms':>22}"
    )
    for past, open_, lat in rows:
        q, m = lat["/队列"], lat["/我的"]
        print(
            f"{f'{past:,} / {open_:,}':<40}{f'{q[0]:.2f} / {q[1]:.2f}':>22}{f'{m[0]:.2f} / {m[1]:.2f}':>22}"
        )
    print(
        f"\n{'first tick after a busy hour':<40}{'longest write wait':>20}{'p99':>10}{'tick':>10}"
    )
    for members, longest, p99, took, n in stalls:
        print(f"{f'{members:,} members seen ({n} writes timed)':<40}{longest:>17.1f} ms{p99:>7.1f} ms"
              f"{took:>9.2f}s")  # fmt: skip
    for past, open_, lat in rows:
        q, m = lat["/队列"], lat["/我的"]
        record(f"/队列 p99, one group, {past:,} past, {open_:,} open", round(q[1], 2), "ms",
               baseline=f"p50 {q[0]:.2f} ms; /我的 p99 {m[1]:.2f} ms", target="< 10 ms",
               ok=q[1] < 10)  # fmt: skip
    for members, longest, p99, took, _n in stalls:
        record(f"first tick, {members:,} members seen: longest write wait", round(longest, 1), "ms",
               baseline=f"p99 {p99:.1f} ms, tick {took:.2f} s", target="< 100 ms",
               ok=longest < 100)  # fmt: skip


if __name__ == "__main__":
    main()
