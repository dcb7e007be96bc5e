"""Help-request benchmarks, each against a baseline in the same run.

    .venv/bin/python bench/lifecycle.py [--cycles 3000] [--history 1000000]

1. post + claim + confirm cycles through the engine on SQLite: durable events/s
   with group commit vs one transaction per write (target >= 5,000 events/s);
   and against the same SQL on a bare sqlite3 connection (~500 events per commit,
   target >= 0.3 of it); /队列 and /我的 with a long history: ``bench/history.py``;
2. dispatch for a 500-member group with 100 open requests (target < 20 ms),
   and how many requests the matching serves vs first-come greedy.
"""

import argparse
import asyncio
import os
import platform
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from figures import pct, record
from history_rows import HistoryRows, connect, finish

from huzhu.core.clock import ManualClock
from huzhu.core.engine import Engine
from huzhu.core.events import Capabilities, Member, MessageEvent
from huzhu.core.requests.dispatch import Need, greedy, match
from huzhu.core.storage.db import Database, sqlite_url
from huzhu.testing import registry_with

YAML = """
defaults:
  commands: {rate: 1000, window: 1s}
  requests: {max_open: 100}
"""
CAPS = Capabilities(platform="qq", delete=True, mute=True, kick=True)
_ids = iter(range(10**9))


def msg(group: str, who: str, text: str) -> MessageEvent:
    return MessageEvent(group, Member(who, who), text, message_id=str(next(_ids)), caps=CAPS)


async def make(workdir: Path, batch_max: int = 1024) -> Engine:
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "p.yaml").write_text(YAML, encoding="utf-8")
    db = Database(sqlite_url(workdir), batch_max=batch_max)
    engine = Engine(
        db, registry=registry_with(), config_path=workdir / "p.yaml", clock=ManualClock(1.8e9)
    )
    await engine.start()
    return engine


async def cycles(
    workdir: Path, n: int, batch_max: int, concurrency: int = 500
) -> tuple[float, float]:
    """(durable events/s, CPU µs per event) for n post+claim+confirm cycles.

    Every event awaits its reply, and a reply is sent only after its transaction committed;
    afterwards the database must hold every request done, every claim confirmed and both
    ledger rows of each (the run fails otherwise). One cycle in a group of its own runs
    before the clock starts: what a running bot loaded long ago (link and URL tables) is
    not counted against the first message.
    """
    engine = await make(workdir, batch_max)

    async def cycle(g: str, i: int) -> None:
        req, helper = f"qq:{100000 + i}", f"qq:{200000 + i}"
        out = await engine.handle_message(msg(g, req, f"/求助 https://p.pinduoduo.com/C{i:08d}"))
        seq = int(out[0].text.split("#", 1)[1].split("｜", 1)[0])
        await engine.handle_message(msg(g, helper, f"/已助 {seq}"))
        await engine.handle_message(msg(g, req, f"/确认 {seq}"))

    await cycle("qq:warm-up", -1)
    todo = iter(range(n))

    async def worker() -> None:
        for i in todo:
            await cycle(f"qq:{i % 50}", i)

    t0, c0 = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    await engine.close()
    _check_all_durable(workdir / "huzhu.db", n)
    return 3 * n / elapsed, cpu / (3 * n) * 1e6


def _check_all_durable(path: Path, n: int) -> None:
    """Every cycle's request done, claim confirmed, two ledger rows and two reminders, on disk."""
    con = sqlite3.connect(path)
    try:
        counts = [
            con.execute(sql).fetchone()[0]
            for sql in (
                "SELECT count(*) FROM requests WHERE group_id != 'qq:warm-up' AND status = 'done'",
                "SELECT count(*) FROM claims WHERE group_id != 'qq:warm-up' AND status = 'confirmed'",
                "SELECT count(*) FROM ledger WHERE group_id != 'qq:warm-up'",
                "SELECT count(*) FROM schedules WHERE group_id != 'qq:warm-up' AND owner = 'reminder'",
            )
        ]
    finally:
        con.close()
    if counts != [n, n, 2 * n, 2 * n]:
        raise SystemExit(f"benchmark run lost writes: {counts} (expected {[n, n, 2 * n, 2 * n]})")


#: the reminder plugin's two inserts per cycle (expiry reminder on post, confirm reminder on claim)
_SCHEDULE_SQL = (
    "INSERT INTO schedules (group_id, owner, kind, cron, payload, next_at, catch_up, status, created_by, "
    "created_at, fired, \"key\") VALUES (?, 'reminder', ?, '', ?, ?, 'once', 'active', '', ?, 0, ?) "
    'ON CONFLICT (group_id, owner, "key") DO NOTHING RETURNING id'
)


def raw_limit(workdir: Path, n: int, per_commit: int = 500) -> tuple[float, float]:
    """(events/s, CPU µs per event) for the same SQL the engine runs per post+claim+confirm
    (default settings: the claim checks a repeated link and the helper's pending claims and
    reads what its reply tells the helper; closing ends the request's assignments), on a bare
    sqlite3 connection with the same settings (WAL, synchronous=FULL), ``per_commit`` events
    per commit: what the database allows, without the framework (the durable figure's limit)."""
    import json

    from huzhu.core.storage import chain
    from huzhu.core.storage import requests as q
    from huzhu.core.trust.chain import GENESIS, at_us, link

    async def schema() -> None:  # the database, migrated by the engine
        await (await make(workdir)).close()

    asyncio.run(schema())
    con = sqlite3.connect(workdir / "huzhu.db", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    cur = con.cursor()

    def run(stmt: object, **p: object) -> list[tuple]:
        cur.execute(stmt.qmark, stmt._args(p))  # type: ignore[attr-defined]
        return cur.fetchall()

    now = 1.8e9
    t0, c0 = time.perf_counter(), time.process_time()
    cycles_per_commit = max(per_commit // 3, 1)
    for start in range(0, n, cycles_per_commit):
        cur.execute("BEGIN IMMEDIATE")
        for i in range(start, min(start + cycles_per_commit, n)):
            g, req, helper = f"qq:{i % 50}", f"qq:{100000 + i}", f"qq:{200000 + i}"
            key, url = f"pdd:url:c{i:08d}", f"https://p.pinduoduo.com/C{i:08d}"
            run(q._DUP, g=g, k=key)
            run(q._OPEN_COUNT, g=g, r=req)
            seq = (run(q._MAX_SEQ, g=g)[0][0] or 0) + 1
            rid = run(q._INSERT_REQ, g=g, seq=seq, r=req, platform="pdd", activity="砍价", kind="url",
                      url=url, k=key, note="", needed=1, now=now, exp=now + 86400, mid=str(i))[0][0]  # fmt: skip
            cur.execute(_SCHEDULE_SQL, (g, "expiring", json.dumps({"seq": seq}), now + 80000, now,
                                        f"expiring#{rid}"))  # fmt: skip
            cur.fetchall()
            run(q._GET, g=g, s=seq)
            run(q._CLAIM_OF, rid=rid, h=helper)
            run(q._REPEAT, g=g, h=helper, since=now - 86400, rid=rid)
            run(q._PENDING_OPEN_OF, g=g, h=helper)
            cid = run(q._INSERT_CLAIM, rid=rid, g=g, h=helper, r=req, now=now, mid=str(i))[0][0]
            run(q._ASSIGNMENT_DONE, rid=rid, h=helper, now=now)
            # what the claim's reply tells the helper (``requests.trust``), read in its transaction
            denial = run(q._LAST_DENIAL, g=g, h=helper)[0][0]
            run(q._HAND_CONFIRMED, g=g, h=helper, after=-1.0 if denial is None else denial)
            cur.execute(_SCHEDULE_SQL, (g, "confirm", json.dumps({"seq": seq, "claim": cid}),
                                        now + 3600, now, f"confirm#{cid}"))  # fmt: skip
            cur.fetchall()
            run(q._GET, g=g, s=seq)
            run(q._PENDING_OF, rid=rid, h=helper)
            run(q._CONFIRM_CLAIM, cid=cid, now=now, by=req, mid=str(i))
            # the ledger's two rows, hash-chained after the group's last row (``chain.append``)
            head = run(chain._HEAD, g=g)
            seq0, prev = (0, GENESIS) if not head else (int(head[0][0]), str(head[0][1]))
            rows = [
                {"member": m, "delta": d, "kind": k, "counterpart": o, "request_id": rid, "claim_id": cid,
                 "at": now, "claim_message_id": str(i), "confirm_message_id": str(i), "group_id": g,
                 "at_us": at_us(now)}
                for m, d, k, o in ((helper, 1, "given", req), (req, -1, "received", helper))
            ]  # fmt: skip
            cur.executemany(
                chain._INSERT.qmark, [chain._INSERT._args(r) for r in link(rows, seq0, prev)]
            )
            run(q._SET_DONE, helped=1, now=now, rid=rid)
            run(q._END_ASSIGNMENTS, rid=rid, now=now)
        cur.execute("COMMIT")
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    con.close()
    return 3 * n / elapsed, cpu / (3 * n) * 1e6


def seed_history(path: Path, total: int, groups: int = 1000, members: int = 500) -> None:
    """Insert ``total`` closed requests with their claims and ledger rows straight into SQLite."""
    rng = random.Random(3)
    rows = HistoryRows(connect(path))
    per_group = total // groups
    rid = 0
    t = 1.7e9
    for g in range(groups):
        gid = f"qq:{g}"
        for s in range(1, per_group + 1):
            rid += 1
            requester = f"qq:{rng.randrange(members)}"
            helper = f"qq:{rng.randrange(members)}"
            rows.closed(rid, gid, s, requester, helper, t)
        rows.flush(every=200_000)
    rows.flush()
    finish(rows.con)


async def latency(workdir: Path, history: int, calls: int = 500) -> dict[str, tuple[float, float]]:
    engine = await make(workdir)
    await engine.close()
    t0 = time.perf_counter()
    seed_history(workdir / "huzhu.db", history)
    print(
        f"  seeded {history:,} historical requests (+claims, +2 ledger rows each) in {time.perf_counter() - t0:.0f} s"
    )
    engine = await make(workdir)
    g = "qq:7"
    for i in range(30):  # a busy group's open queue
        await engine.handle_message(msg(g, f"qq:{i}", f"/求助 https://p.pinduoduo.com/Open{i:04d}"))
    out: dict[str, tuple[float, float]] = {}
    for label, text in (("/队列", "/队列"), ("/我的", "/我的")):
        times = []
        for k in range(calls):
            ev = msg(g, f"qq:{k % 500}", text)
            s = time.perf_counter()
            await engine.handle_message(ev)
            times.append((time.perf_counter() - s) * 1000)
        out[label] = (statistics.median(times), pct(times, 0.99))
    await engine.close()
    return out


async def dispatch_bench(workdir: Path, runs: int = 50) -> tuple[float, float, float, int, int]:
    """(plan p50 ms, plan p99 ms, match-only p50 ms, served by matching, served by greedy)."""
    from huzhu.plugins.queue import Config, plan

    engine = await make(workdir)
    g = "qq:1"
    rng = random.Random(5)
    members = [f"qq:{1000 + i}" for i in range(500)]
    for m in members:
        await engine.handle_message(msg(g, m, "在"))
    for i in range(100):
        await engine.handle_message(
            msg(g, members[i], f"/求助 https://p.pinduoduo.com/D{i:05d} 需要2人")
        )
    cfg = Config.model_validate({"dispatch": {"enabled": True, "helpers_per_request": 2}})
    ctx = engine.context(g, "queue")
    for _ in range(3):  # warm caches, as in a running bot
        await plan(ctx, cfg)
    times = []
    for _ in range(runs):
        s = time.perf_counter()
        await plan(ctx, cfg)
        times.append((time.perf_counter() - s) * 1000)
    # the solver alone, on a constrained instance where greedy strands requests:
    # 100 requests, 100 helpers, each helper has already helped all but ~3 of the requesters
    needs = [Need(i, members[i], 1, "pdd:砍价") for i in range(100)]
    helpers = members[100:200]
    pairs = {(h, members[i], "pdd:砍价") for i in range(100) for h in rng.sample(helpers, 97)}
    prio = {h: rng.random() for h in helpers}
    mt = []
    for _ in range(runs):
        s = time.perf_counter()
        m = match(needs, helpers, priority=prio, helped_pairs=pairs)
        mt.append((time.perf_counter() - s) * 1000)
    gr = greedy(needs, helpers, priority=prio, helped_pairs=pairs)
    await engine.close()
    return statistics.median(times), pct(times, 0.99), statistics.median(mt), len(m), len(gr)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cycles", type=int, default=3000)
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes (make test: it runs)")
    args = parser.parse_args()
    if args.smoke:
        args.cycles = 5
    print(f"python {platform.python_version()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="huzhu-bench-") as tmp:
        work = Path(tmp)
        grouped, grouped_cpu = asyncio.run(cycles(work / "grouped", args.cycles, batch_max=1024))
        baseline = args.cycles if args.smoke else max(args.cycles // 5, 200)
        single, _ = asyncio.run(cycles(work / "single", baseline, batch_max=1))
        limit, limit_cpu = raw_limit(work / "raw", args.cycles * 2)
        # /队列 and /我的 with a long history: bench/history.py (every curve, in one group)
        lat: dict[str, tuple[float, float]] = {}
        p50, p99, m50, served, greedy_served = asyncio.run(
            dispatch_bench(work / "dispatch", 2 if args.smoke else 50)
        )
    print(f"{'figure':<58}{'value':>12}{'target':>14}")
    print(
        f"{'durable events/s, group commit (post+claim+confirm)':<58}{grouped:>12,.0f}{'>= 5,000':>14}"
    )
    print(f"{'durable events/s, one transaction per write (baseline)':<58}{single:>12,.0f}")
    print(f"{'group commit / baseline':<58}{grouped / single:>12.1f}")
    print(f"{'the same SQL on raw sqlite3, ~500 events per commit (limit)':<58}{limit:>12,.0f}")
    print(f"{'group commit / raw sqlite3 limit':<58}{grouped / limit:>12.2f}{'>= 0.30':>14}")
    print(
        f"{'CPU µs per durable event: engine / raw sqlite3':<58}{f'{grouped_cpu:.0f} / {limit_cpu:.0f}':>12}"
    )
    print(f"{'load average (1 min) at the end':<58}{os.getloadavg()[0]:>12.1f}")
    for label, (med, p) in lat.items():
        print(
            f"{label + f' ms p50 / p99 ({args.history:,} requests)':<58}{f'{med:.2f} / {p:.2f}':>12}{'p99 < 10':>14}"
        )
    print(
        f"{'dispatch plan, 500 members, 100 open, ms p50 / p99':<58}{f'{p50:.1f} / {p99:.1f}':>12}{'< 20':>14}"
    )
    print(f"{'assignment solver alone, ms p50':<58}{m50:>12.1f}")
    print(
        f"{'requests served: matching vs greedy (constrained case)':<58}{f'{served} vs {greedy_served}':>12}"
    )
    record("durable events/s (post+claim+confirm, SQLite)", round(grouped), "events/s",
           baseline=f"same SQL, raw sqlite3: {limit:,.0f}/s", ratio=grouped / limit,
           target=">= 5,000 and ratio >= 0.3", ok=grouped >= 5000 and grouped / limit >= 0.3)  # fmt: skip
    record("durable events/s, one transaction per write", round(single), "events/s",
           baseline=f"group commit: {grouped:,.0f}/s", ratio=single / grouped)  # fmt: skip
    for label, (med, p) in lat.items():
        record(f"{label} p99, {args.history:,} past requests", round(p, 2), "ms",
               baseline=f"p50 {med:.2f} ms", target="< 10 ms", ok=p < 10)  # fmt: skip
    record("dispatch plan p99 (500 members, 100 open)", round(p99, 1), "ms",
           baseline=f"greedy serves {greedy_served}, matching {served}", target="< 20 ms",
           ok=p99 < 20)  # fmt: skip


if __name__ == "__main__":
    main()
