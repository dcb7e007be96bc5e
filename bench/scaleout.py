"""Scale-out on PostgreSQL: 1, 2 and 4 ``huzhu run`` processes sharing one database.

    .venv/bin/python bench/scaleout.py [--cycles 200] [--workers 16] [--processes 1,2,4]

A throwaway PostgreSQL cluster is started in a temporary folder (initdb /
pg_ctl, as the test suite's fixture does; as user postgres when run as root).
For each process count N a fresh database is created and N real ``huzhu run``
processes are started against it, each with its own OneBot account and its own
groups; processes 0 and 1 also share one group, whose messages reach both (as
QQ delivers a group message to every account in it). A OneBot stand-in drives
post → claim → confirm cycles (3 durable events each: the bot answers each
only after its transaction committed) and the script prints durable events/s
for each N and the ratio against one process, then checks the database:

- every cycle confirmed over the wire has exactly its two ledger rows (no lost
  or double rows), and the ledger holds no other rows;
- request numbers are unique per group, and every posted link is one request
  (a message both processes received ran once);
- no message got two answers (the second process ignored it).

A write that waits longer than its patience (5 s) for a lock another process
holds is not saved and the member is told to send it again; the driver does so
and counts it ("re-sent": under heavy load on few cores this happens in the
shared group).

Each process handles ``--cycles`` cycles (weak scaling: 4 processes do 4 times
the work). Every process, the database and this driver share the machine's
cores, so the ratio says as much about the cores as about huzhu. It takes
5-15 minutes on 2 cores with the defaults (startup of 7 bots included),
depending on what else the machine runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figures import record  # noqa: E402

from tests.bot_process import BotProcess  # noqa: E402
from tests.onebot_peer import OneBotPeer, message_text  # noqa: E402

YAML = """
defaults:
  commands: {rate: 1000, work_rate: 1000, window: 1s}
  requests: {max_open: 100}
"""
TOKEN = "bench"
SHARED_GROUP = 9_000
#: groups of each process of its own
OWN_GROUPS = 4
#: one cycle in this many of processes 0 and 1 goes to the shared group
SHARED_EVERY = 4
_SEQ = re.compile(r"#(\d+)")
#: the answer when a write waited past its patience for another process's lock: nothing was
#: saved, and the member is asked to send it again (which the driver does, and counts)
_BUSY = "没有保存"


# ---------------------------------------------------------------- PostgreSQL
@contextlib.contextmanager
def postgres() -> Iterator[tuple[str, int, list[str], str]]:
    """A throwaway cluster: (bin dir, port, command prefix, base folder)."""
    initdb = (
        shutil.which("initdb")
        or (sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [None])[-1]
    )
    if initdb is None:
        raise SystemExit("PostgreSQL server programs (initdb) are not installed")
    bindir = os.path.dirname(os.path.realpath(initdb))  # createdb sits beside the real initdb
    base = Path(tempfile.mkdtemp(prefix="huzhu-scaleout-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        os.chmod(base, 0o777)
        prefix = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = base / "data"
    subprocess.run([*prefix, initdb, "-D", str(data), "-A", "trust", "-U", "huzhu", "-E", "UTF8"],
                   check=True, capture_output=True)  # fmt: skip
    # durable as in production (fsync on); connections for 4 processes and their pools
    opts = f"-p {port} -c listen_addresses=127.0.0.1 -k {base} -c max_connections=200"
    subprocess.run([*prefix, os.path.join(bindir, "pg_ctl"), "-D", str(data), "-o", opts, "-w",
                    "-l", str(base / "log.txt"), "start"], check=True, capture_output=True)  # fmt: skip
    try:
        yield bindir, port, prefix, str(base)
    finally:
        subprocess.run([*prefix, os.path.join(bindir, "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       capture_output=True)  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


def createdb(bindir: str, port: int, name: str) -> str:
    """A fresh database; its SQLAlchemy URL."""
    subprocess.run([os.path.join(bindir, "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "huzhu", name],
                   check=True, capture_output=True)  # fmt: skip
    return f"postgresql+asyncpg://huzhu@127.0.0.1:{port}/{name}"


# ---------------------------------------------------------------- the driver
class Peer(OneBotPeer):
    """The stand-in that hands each answer to whoever waits for it.

    An answer belongs to the message it quotes, else to the member it mentions
    (a new request's announcement mentions the requester instead of quoting).
    """

    #: quoted message id or (group, mentioned member) → the waiting sender
    waiting: ClassVar[dict[Any, asyncio.Future[str]]] = {}
    #: messages the bot sent to groups (one answer per member message is expected)
    sent: ClassVar[Counter[str]] = Counter()

    def answer(self, action: str, params: dict[str, Any]) -> Any:
        message = params.get("message")
        if action in ("send_group_msg", "send_msg") and isinstance(message, list):
            Peer.sent["group"] += 1
            group = int(params.get("group_id") or 0)
            text = message_text({"params": params})
            keys: list[Any] = [int(s["data"]["id"]) for s in message if s["type"] == "reply"]
            keys += [(group, int(s["data"]["qq"])) for s in message if s["type"] == "at"]
            for key in keys:
                fut = Peer.waiting.pop(key, None)
                if fut is not None and not fut.done():
                    fut.set_result(text)
                    break
        return super().answer(action, params)


async def say(peers: list[Peer], group: int, user: int, text: str, *, about: int = 0) -> str:
    """Send a message to every account in the group (same message id); the bot's answer
    (quoting it, or mentioning the sender or ``about``)."""
    mid = next(OneBotPeer._ids)
    fut: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    keys = (mid, (group, user), (group, about))
    for key in keys:
        Peer.waiting[key] = fut
    for peer in peers:
        await peer.group_message(text, group=group, user=user, message_id=mid)
    try:
        return await asyncio.wait_for(fut, 60)
    finally:
        for key in keys:
            if Peer.waiting.get(key) is fut:
                del Peer.waiting[key]


async def ask(peers: list[Peer], group: int, user: int, text: str, *, about: int = 0) -> str:
    """``say``, sent again after a pause while the bot answers that nothing was saved (busy)."""
    while True:
        answer = await say(peers, group, user, text, about=about)
        if _BUSY not in answer:
            return answer
        Peer.sent["busy"] += 1
        await asyncio.sleep(0.5)


async def drive(
    bots: list[BotProcess], cycles: int, workers: int
) -> tuple[float, int, dict[str, int]]:
    """Run the cycles through every process at once: (seconds, cycles confirmed, links posted)."""
    n = len(bots)
    peers = [Peer(b.url, TOKEN, self_id=20_000 + i,
                  groups=tuple(range(1000 * (i + 1), 1000 * (i + 1) + OWN_GROUPS))
                  + ((SHARED_GROUP,) if i < 2 and n > 1 else ()))
             for i, b in enumerate(bots)]  # fmt: skip
    posted: dict[str, int] = {}
    done = 0
    async with contextlib.AsyncExitStack() as stack:
        for peer in peers:
            await stack.enter_async_context(peer)
        await asyncio.sleep(1.0)  # the accounts' group lists are read on connect

        async def cycle(i: int, k: int) -> None:
            nonlocal done
            shared = n > 1 and i < 2 and k % SHARED_EVERY == 0
            group = SHARED_GROUP if shared else 1000 * (i + 1) + k % OWN_GROUPS
            to = peers[:2] if shared else [peers[i]]
            requester, helper = 3_000_000 + i * 100_000 + k, 5_000_000 + i * 100_000 + k
            link = f"https://p.pinduoduo.com/S{i}x{k:07d}"
            posted[link] = group
            answer = await ask(to, group, requester, f"/求助 {link}")
            found = _SEQ.search(answer)
            if found is None:
                raise RuntimeError(f"no request number in the answer to a post: {answer!r}")
            seq = found.group(1)
            await ask(to, group, helper, f"/已助 {seq}")
            await ask(to, group, requester, f"/确认 {seq}", about=helper)
            done += 1

        async def worker(i: int, todo: Iterator[int]) -> None:
            for k in todo:
                await cycle(i, k)

        start = time.perf_counter()
        tasks = []
        for i in range(n):
            todo = iter(range(cycles))
            tasks += [worker(i, todo) for _ in range(workers)]
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - start
    return elapsed, done, posted


async def consistency(url: str, confirmed: int, posted: dict[str, int]) -> list[str]:
    """What is wrong in the database after a run (empty: consistent)."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    problems: list[str] = []
    async with engine.connect() as conn:

        async def one(sql: str) -> Any:
            return (await conn.execute(text(sql))).scalar()

        rows = await one("SELECT count(*) FROM ledger")
        claims = await one("SELECT count(*) FROM claims WHERE status = 'confirmed'")
        per_claim = await one("SELECT count(*) FROM (SELECT claim_id FROM ledger GROUP BY claim_id "
                              "HAVING count(*) <> 2) AS bad")  # fmt: skip
        if rows != 2 * confirmed:
            problems.append(f"ledger rows {rows}, expected {2 * confirmed} (2 per confirmed help)")
        if claims != confirmed:
            problems.append(f"confirmed claims {claims}, expected {confirmed}")
        if per_claim:
            problems.append(f"{per_claim} claims without exactly their 2 ledger rows")
        dup_seq = await one("SELECT count(*) FROM (SELECT group_id, seq FROM requests GROUP BY 1, 2 "
                            "HAVING count(*) > 1) AS d")  # fmt: skip
        if dup_seq:
            problems.append(f"{dup_seq} request numbers used twice in a group")
        requests = await one("SELECT count(*) FROM requests")
        links = await one("SELECT count(DISTINCT url) FROM requests")
        if requests != len(posted) or links != len(posted):
            problems.append(f"{requests} requests for {len(posted)} posted links")
    await engine.dispose()
    extra = Peer.sent["group"] - 3 * confirmed - Peer.sent["busy"]
    if extra:
        problems.append(f"{extra} group messages beyond one answer per member message")
    return problems


async def run(
    n: int, url: str, workdir: Path, cycles: int, workers: int
) -> tuple[float, int, list[str]]:
    """Durable events/s of n processes, messages the bot asked to re-send (busy), and the
    consistency problems found."""
    bots = []
    for i in range(n):
        folder = workdir / f"p{n}-{i}"
        folder.mkdir(parents=True)
        bots.append(
            BotProcess(
                folder, YAML, TOKEN, env={"LOG_LEVEL": "WARNING"}, args=("--database-url", url)
            )
        )
    for bot in bots:
        bot.start_timeout = 600.0  # four bots importing at once on two busy cores
    try:
        # started together: they migrate the fresh database one at a time
        await asyncio.gather(*(asyncio.to_thread(bot.start) for bot in bots))
        Peer.sent.clear()
        elapsed, done, posted = await drive(bots, cycles, workers)
    finally:
        for bot in bots:
            bot.stop()
    problems = await consistency(url, done, posted)
    for bot in bots:  # not an inconsistency, but worth seeing (hook timeouts under overload)
        errors = [line for line in bot.log().splitlines() if "ERROR" in line or "Traceback" in line]
        if errors:
            print(
                f"  {bot.workdir.name}: {len(errors)} error lines in its log, first: {errors[0][:160]}"
            )
    return 3 * done / elapsed, Peer.sent["busy"], problems


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cycles", type=int, default=200, help="cycles per process")
    parser.add_argument("--workers", type=int, default=16, help="concurrent members per process")
    parser.add_argument("--processes", default="1,2,4")
    args = parser.parse_args()
    counts = [int(x) for x in args.processes.split(",")]
    results: dict[int, tuple[float, int, list[str]]] = {}
    t0 = time.perf_counter()
    with postgres() as (bindir, port, _prefix, _base), tempfile.TemporaryDirectory() as tmp:
        for n in counts:
            url = createdb(bindir, port, f"scale{n}")
            results[n] = await run(n, url, Path(tmp), args.cycles, args.workers)
            rate, busy, problems = results[n]
            print(f"{n} process(es): {rate:,.0f} durable events/s, {busy} re-sent (busy); "
                  + ("consistent" if not problems else "INCONSISTENT: " + "; ".join(problems)), flush=True)  # fmt: skip
    base = results[counts[0]][0]
    print(f"\nscale-out on PostgreSQL ({os.cpu_count()} cores, {args.cycles} cycles × 3 events per process, "
          f"{args.workers} members at once per process; took {time.perf_counter() - t0:.0f} s)")  # fmt: skip
    print(f"{'processes':>10}{'events/s':>12}{'vs 1':>8}{'re-sent':>9}  consistency")
    ok = True
    for n, (rate, busy, problems) in results.items():
        ok = ok and not problems
        print(f"{n:>10}{rate:>12,.0f}{rate / base:>8.2f}{busy:>9}  "
              f"{'ok' if not problems else '; '.join(problems)}")  # fmt: skip
        record(f"scale-out: {n} process(es) on PostgreSQL, durable", round(rate), "events/s",
               baseline=f"1 process: {base:,.0f} events/s", ratio=round(rate / base, 2),
               target="consistent", ok=not problems)  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
