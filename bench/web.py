"""Web console pages with a long history: each page's render time (p50 / p95).

    .venv/bin/python bench/web.py [--history 1000000] [--calls 40]

One group with ``--history`` past requests over two years (most done, each done
one with its claim and two ledger rows), 5,000 members, a few verdicts a day
and the bot's hourly posts, written straight into SQLite; then every console
page is fetched through the ASGI app as a signed-in admin (target p95 < 200 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from figures import pct, record
from history_rows import HistoryRows, connect, finish
from starlette.applications import Starlette
from starlette.routing import Mount

from huzhu.core.clock import ManualClock
from huzhu.core.events import Member, MessageEvent, PrivateMessage, Role
from huzhu.core.web.app import create_app
from huzhu.core.web.console import Console, register
from huzhu.testing import FULL_CAPS, make_config, make_engine

G = "qq:7"
NOW = 1_767_225_600.0  # 2026-01-01
DAY = 86400.0
YAML = make_config(groups={G: {"plugins": {"queue": True, "reminder": True}}},
                   defaults={"commands": {"rate": 1000}, "requests": {"max_open": 100}})  # fmt: skip
PAGES = ("overview", "queue", "ledger", "ledger?member=qq:1", "ledger?cause=500000", "members",
         "moderation", "plugins", "schedule")  # fmt: skip


def seed(path: Path, total: int, members: int = 5000, days: int = 730) -> None:
    """``total`` past requests of one group over ``days``, with claims, ledger, verdicts, posts."""
    rng = random.Random(7)
    con = connect(path)
    # bulk load without the indexes, then build them once (minutes faster for a million rows)
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('requests', 'claims', 'ledger')"
    ).fetchall()
    for name, _sql in indexes:
        con.execute(f"DROP INDEX {name}")
    start = NOW - days * DAY
    step = (days * DAY - DAY) / total
    rows = HistoryRows(con)
    for rid in range(1, total + 1):
        t = start + rid * step
        asker, helper = f"qq:{rng.randrange(members)}", f"qq:{rng.randrange(members)}"
        done = rng.random() < 0.8
        took = rng.expovariate(1 / 3600)
        status = "done" if done else rng.choice(("expired", "cancelled"))
        rows.request(rid, G, rid, asker, t, status=status, helped=int(done), closed=t + took)
        if done:
            rows.help(rid, rid, G, helper, asker, t + took / 2, t + took, (f"m{rid}a", f"m{rid}b"))
        rows.flush(every=200_000)
    rows.flush()
    con.executemany(
        "INSERT INTO members (group_id, member_id, name, first_seen, last_seen) VALUES (?,?,?,?,?)",
        [(G, f"qq:{m}", f"成员{m}", start, NOW - rng.random() * 30 * DAY) for m in range(members)],
    )
    verdicts = [(G, f"qq:{rng.randrange(members)}", rng.choice(("flood", "anti_scam.pii", "content")),
                 1, 1, "warn", "原因", "{}", "", start + i * 3600 * 3) for i in range(days * 8)]  # fmt: skip
    con.executemany("INSERT INTO violations (group_id, member_id, rule, severity, strikes, step, reason, "
                    "evidence, message_id, at) VALUES (?,?,?,?,?,?,?,?,?,?)", verdicts)  # fmt: skip
    hours = [(G, NOW - h * 3600.0, rng.randrange(1, 10)) for h in range(1, 24 * 60)]
    con.executemany("INSERT INTO bot_posts (group_id, hour, count) VALUES (?,?,?)", hours)
    for _name, sql in indexes:
        con.execute(sql)
    finish(con)


async def run(
    work: Path, history: int, calls: int, days: int = 730
) -> dict[str, tuple[float, float]]:
    clock = ManualClock(NOW)
    engine = await make_engine(work, YAML, clock=clock)
    await engine.close()
    t0 = time.perf_counter()
    seed(work / "huzhu.db", history, days=days)
    print(
        f"  seeded {history:,} past requests (+claims, +2 ledger rows each) in {time.perf_counter() - t0:.0f} s"
    )
    engine = await make_engine(work, YAML, clock=clock)
    for i in range(30):  # a busy evening's open queue
        event = MessageEvent(G, Member(f"qq:{i}", f"成员{i}"),
                             f"/求助 https://p.pinduoduo.com/Open{i:04d}", caps=FULL_CAPS)  # fmt: skip
        await engine.handle_message(event)
    console = Console(engine, "http://bench/huzhu/")
    register(engine, console)
    admin = MessageEvent(G, Member("qq:1", "群主", Role.ADMIN), "/后台", caps=FULL_CAPS)
    link = next(a.text for a in await engine.handle_message(admin) if isinstance(a, PrivateMessage))
    token = link.split("#t=", 1)[1].split()[0]
    app = Starlette(routes=[Mount("/huzhu", create_app(console))])
    out: dict[str, tuple[float, float]] = {}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench"
    ) as client:
        assert (await client.post("/huzhu/login", data={"token": token})).status_code == 303
        for page in PAGES:
            url = f"/huzhu/g/{G}/{page}"
            assert (await client.get(url)).status_code == 200, page  # warm
            times = []
            for _ in range(calls):
                s = time.perf_counter()
                response = await client.get(url)
                times.append((time.perf_counter() - s) * 1000)
                assert response.status_code == 200
            out[page] = (statistics.median(times), pct(times, 0.95))
    await engine.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument(
        "--days", type=int, default=730,
        help="spread the history over this many days (fewer: the same month's load from a smaller history)",
    )  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="huzhu-bench-web-") as tmp:
        result = asyncio.run(run(Path(tmp), args.history, args.calls, args.days))
    print(
        f"\nweb console pages, {args.history:,} past requests in the group (ms p50 / p95, target p95 < 200)"
    )
    for page, (med, p95) in result.items():
        print(f"  {page:<28}{med:>8.1f} / {p95:>7.1f}{'  ✓' if p95 < 200 else '  ✗'}")
    worst = max(result, key=lambda p: result[p][1])
    record(f"console page p95 (worst: {worst}), {args.history:,} requests", round(result[worst][1], 1), "ms",
           target="< 200 ms", ok=result[worst][1] < 200)  # fmt: skip


if __name__ == "__main__":
    main()
