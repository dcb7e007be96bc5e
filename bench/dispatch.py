"""派单 planning cost against a group's history: the whole history in ONE group.

    .venv/bin/python bench/dispatch.py [--history 10000 100000 1000000] [--runs 30]

For each size, the group holds that many past (closed) requests with their
claims and ledger rows, 500 members seen today and 100 open requests. Printed:
the full re-plan (every unstaffed slot of the 100 open requests, what a tick
does) and the incremental placement of one new request (what a post does),
p50 / p99 in ms. Target: the full plan < 20 ms p99 at 1,000,000 past requests,
i.e. flat in the history.
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
from huzhu.core.storage.db import Database, sqlite_url
from huzhu.testing import registry_with

GROUP = "qq:1"
MEMBERS = 500
NOW = 1.8e9
YAML = """
defaults:
  commands: {rate: 1000, window: 1s}
  requests: {max_open: 100}
  plugins:
    queue: {dispatch: {enabled: true, helpers_per_request: 2}}
"""
CAPS = Capabilities(platform="qq", private_message=True)
_ids = iter(range(10**9))


def msg(who: str, text: str) -> MessageEvent:
    return MessageEvent(GROUP, Member(who, who), text, message_id=str(next(_ids)), caps=CAPS)


def seed(path: Path, total: int) -> None:
    """``total`` closed requests of GROUP (one claim, two ledger rows each), spread over the
    past at ~700 a day, straight into SQLite."""
    rng = random.Random(3)
    rows = HistoryRows(connect(path))
    span = max(total / 700, 2) * 86400
    for rid in range(1, total + 1):
        t = NOW - 2 * 86400 - span + span * rid / total
        requester, helper = f"qq:{rng.randrange(MEMBERS)}", f"qq:{rng.randrange(MEMBERS)}"
        rows.closed(rid, GROUP, rid, requester, helper, t)
        rows.flush(every=200_000)
    rows.flush()
    finish(rows.con)


async def engine_at(workdir: Path) -> Engine:
    (workdir / "p.yaml").write_text(YAML, encoding="utf-8")
    engine = Engine(
        Database(sqlite_url(workdir), durable=False), registry=registry_with(),
        config_path=workdir / "p.yaml", clock=ManualClock(NOW),
    )  # fmt: skip
    await engine.start()
    return engine


async def curve(workdir: Path, history: int, runs: int) -> tuple[float, float, float, float]:
    """(full plan p50, p99, incremental placement p50, p99) in ms."""
    from huzhu.plugins import queue_dispatch
    from huzhu.plugins.queue import Config

    workdir.mkdir(parents=True)
    await (await engine_at(workdir)).close()  # the schema
    seed(workdir / "huzhu.db", history)
    engine = await engine_at(workdir)
    members = [f"qq:{i}" for i in range(MEMBERS)]
    for m in members:
        await engine.handle_message(msg(m, "在"))
    ctx = engine.context(GROUP, "queue")
    cfg: Config = ctx.config  # type: ignore[assignment]
    for i in range(100):  # 100 open requests; their own placement is not timed
        await engine.handle_message(
            msg(members[i], f"/求助 https://p.pinduoduo.com/Open{i:05d} 需要5人")
        )
    opened = await ctx.data.open_requests()
    full, inc = [], []
    for k in range(runs):
        s = time.perf_counter()
        await queue_dispatch.plan(ctx, cfg)
        full.append((time.perf_counter() - s) * 1000)
        s = time.perf_counter()
        await queue_dispatch.plan(ctx, cfg, only=opened[k % len(opened)])
        inc.append((time.perf_counter() - s) * 1000)
    await engine.close()
    return statistics.median(full), pct(full, 0.99), statistics.median(inc), pct(inc, 0.99)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--history", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cores; {MEMBERS} members, 100 open"
    )
    print(
        f"{'past requests in the group':<28}{'full plan p50 / p99':>22}{'placement p50 / p99':>22}"
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="huzhu-bench-") as tmp:
        for n in args.history:
            f50, f99, i50, i99 = asyncio.run(curve(Path(tmp) / str(n), n, args.runs))
            rows.append((n, f99))
            print(f"{n:<28,}{f'{f50:.1f} / {f99:.1f} ms':>22}{f'{i50:.1f} / {i99:.1f} ms':>22}")
    n, p99 = rows[-1]
    first = rows[0][1]
    print(
        f"full plan p99 at {n:,} vs {rows[0][0]:,} past requests: {p99 / first:.2f}x (target < 20 ms)"
    )
    record(f"dispatch plan p99, 100 open, {n:,} past requests in the group", round(p99, 1), "ms",
           baseline=f"{first:.1f} ms at {rows[0][0]:,}", ratio=p99 / first, target="< 20 ms",
           ok=p99 < 20)  # fmt: skip


if __name__ == "__main__":
    main()
