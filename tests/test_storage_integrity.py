"""Storage under stress: a locked database, a crashing write in a batch, text PostgreSQL
refuses, several processes on one PostgreSQL, a read-only data folder."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from huzhu.core.errors import HelpError
from huzhu.core.requests.links import find_share
from huzhu.core.storage import repo
from huzhu.core.storage import requests as store
from huzhu.core.storage.db import Database, DatabaseBusy, sqlite_url, write_withdrawn
from huzhu.core.storage.schema import members
from huzhu.testing import FakeGroup, text

YAML = """
defaults:
  requests: {auto_confirm: never, max_open: 50, max_needed: 100}
  commands: {rate: 1000}
"""


def pdd(n: int) -> str:
    return f"https://mobile.yangkeduo.com/bargain.html?goods_id={n}&share_uin=X"


def hold_write_lock(db_file: Path) -> sqlite3.Connection:
    """Another process's connection holding SQLite's write lock (until COMMIT)."""
    con = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    con.execute("BEGIN IMMEDIATE")
    return con


async def kv_keys(db: Database) -> set[str]:
    rows = await db.read(lambda c: c.execute(sa.text("select key from kv")).all())
    return {r[0] for r in rows}


# ---------------------------------------------------------------- item 3: a locked database
async def test_a_write_kept_waiting_by_a_lock_is_given_up_for_good(tmp_path):
    db = Database(sqlite_url(tmp_path), write_patience=0.5)
    await db.open()
    try:
        lock = hold_write_lock(tmp_path / "huzhu.db")
        started = time.monotonic()
        with pytest.raises(DatabaseBusy):
            await db.write(lambda c: repo.kv_set(c, "g", "ns", "late", 1, 0.0))
        assert time.monotonic() - started < 3
        lock.execute("COMMIT")
        await db.write(lambda c: repo.kv_set(c, "g", "ns", "retry", 1, 0.0))
        await asyncio.sleep(0.2)
        assert await kv_keys(db) == {"retry"}  # nothing committed behind the caller's back
    finally:
        await db.close()


async def test_a_cancelled_write_that_has_not_started_never_runs(tmp_path):
    db = Database(sqlite_url(tmp_path), write_patience=60)
    await db.open()
    try:
        lock = hold_write_lock(tmp_path / "huzhu.db")

        async def caller() -> bool:
            try:
                await db.write(lambda c: repo.kv_set(c, "g", "ns", "withdrawn", 1, 0.0))
            except asyncio.CancelledError:
                return write_withdrawn()
            return False

        task = asyncio.ensure_future(caller())
        await asyncio.sleep(0.3)  # the writer is now waiting for the lock with this write
        task.cancel()
        assert await task is True
        lock.execute("COMMIT")
        await db.write(lambda c: repo.kv_set(c, "g", "ns", "next", 1, 0.0))
        assert await kv_keys(db) == {"next"}
    finally:
        await db.close()


async def test_a_write_already_running_when_its_caller_gives_up_reports_its_result(tmp_path):
    db = Database(sqlite_url(tmp_path))
    await db.open()
    running, go = threading.Event(), threading.Event()

    def slow(conn):
        running.set()
        go.wait(5)
        repo.kv_set(conn, "g", "ns", "slow", 1, 0.0)
        return "stored"

    try:
        task = asyncio.ensure_future(db.write(slow))
        await asyncio.to_thread(running.wait, 5)
        task.cancel()
        go.set()
        assert await task == "stored"  # committed, and said so
        assert await kv_keys(db) == {"slow"}
    finally:
        await db.close()


async def test_commands_while_another_process_locks_the_database_tell_the_truth(
    engine_factory, tmp_path
):
    engine = await engine_factory(YAML, data_dir=tmp_path / "d")
    engine.db.write_patience = 0.5
    g = FakeGroup(engine, "qq:1")
    assert "#1" in text(await g.say(f"/求助 {pdd(1)}", by="qq:10"))
    lock = hold_write_lock(tmp_path / "d" / "huzhu.db")
    posted = text(await g.say(f"/求助 {pdd(2)}", by="qq:11"))
    claimed = text(await g.say("/已助 1", by="qq:20"))
    lock.execute("COMMIT")
    for reply, word in ((posted, "/求助"), (claimed, "/已助")):
        assert "数据库正忙" in reply and word in reply and "没有保存" in reply, reply
        assert "出错了" not in reply
    await asyncio.sleep(0.7)  # longer than the writes could have waited
    assert [r.seq for r in await engine.db.read(lambda c: store.open_requests(c, "qq:1"))] == [1]
    assert await engine.db.read(lambda c: store.claims_of(c, "qq:1", 1)) == []
    # a retry works: not "你已经报过", and the request is announced
    assert "求助 #2" in text(await g.say(f"/求助 {pdd(2)}", by="qq:11"))
    assert "已记录你对 #1 的助力" in text(await g.say("/已助 1", by="qq:20"))


async def test_a_command_timing_out_on_a_locked_database_withdraws_its_write(
    engine_factory, tmp_path
):
    """The command timeout (10 s) fires while the write still waits: it must never run later."""
    engine = await engine_factory(YAML, data_dir=tmp_path / "d")
    engine.db.write_patience = 60  # longer than the command timeout
    g = FakeGroup(engine, "qq:1")
    await g.say(f"/求助 {pdd(1)}", by="qq:10")
    lock = hold_write_lock(tmp_path / "d" / "huzhu.db")
    try:
        claimed = text(await g.say("/已助 1", by="qq:20"))
    finally:
        lock.execute("COMMIT")
    assert "数据库正忙" in claimed and "出错了" not in claimed
    await engine.db.write(lambda c: None)  # the writer has gone past the withdrawn write
    assert await engine.db.read(lambda c: store.claims_of(c, "qq:1", 1)) == []
    assert "已记录你对 #1 的助力" in text(await g.say("/已助 1", by="qq:20"))


# ---------------------------------------------------------------- the database under test
@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("postgres_url")


# ---------------------------------------------------------------- item 5: one bad write in a batch
async def test_a_crashing_write_leaves_the_others_in_its_batch_committed_exactly_once(db_url):
    db = Database(db_url)
    await db.open()
    runs: Counter[str] = Counter()
    tag = f"batch-{time.monotonic_ns()}"

    def good(i):
        def op(conn):
            runs[f"k{i}"] += 1
            repo.kv_set(conn, tag, "ns", f"k{i}", i, 0.0)
            return i

        return op

    def bad(conn):
        runs["bad"] += 1
        repo.kv_set(conn, tag, "ns", "bad", 1, 0.0)
        store.get(conn, tag, 2**63)  # an id past SQLite's integers: OverflowError there
        raise OverflowError("id out of range")

    try:
        before = db.batches
        results = await asyncio.gather(
            *(db.write(good(i)) for i in range(10)),
            db.write(bad),
            *(db.write(good(i)) for i in range(10, 20)),
            return_exceptions=True,
        )
        assert db.batches == before + 1  # one batch, one transaction
        errors = [r for r in results if isinstance(r, BaseException)]
        assert len(errors) == 1 and not isinstance(errors[0], HelpError)
        assert [r for r in results if not isinstance(r, BaseException)] == list(range(20))
        assert runs == Counter({**{f"k{i}": 1 for i in range(20)}, "bad": 1})  # nothing replayed
        keys = await db.read(
            lambda c: {
                r[0] for r in c.execute(sa.text(f"select key from kv where group_id = '{tag}'"))
            }
        )
        assert keys == {f"k{i}" for i in range(20)}  # the bad one's own write went with it
    finally:
        await db.close()


# ---------------------------------------------------------------- item 6: NUL and lone surrogates
BAD = "a\x00b\ud800c"


async def test_text_the_database_refuses_is_cleaned_in_every_column(db_url):
    db = Database(db_url)
    await db.open()
    g = f"qq:nul-{time.monotonic_ns()}"
    link = find_share(f"帮我砍一刀 {pdd(7)}")
    assert link is not None
    try:
        _, created = await db.write(
            lambda c: store.post(
                c, group_id=g, requester="qq:1", link=link, note=f"备注{BAD}", needed=1, now=1.0,
                expires_at=9e9, message_id=f"m{BAD}", max_open=5,
            )
        )  # fmt: skip
        assert created
        await db.write(lambda c: store.touch_members(c, [(g, "qq:1", f"小{BAD}红", 1.0)]))
        await db.write(lambda c: repo.add_appeal(c, g, "qq:1", f"冤枉{BAD}", 2.0))
        row = {"group_id": g, "member_id": "qq:1", "rule": "r", "severity": 1, "strikes": 1,
               "step": "warn", "reason": f"理由{BAD}", "evidence": {f"k{BAD}": [BAD]}, "message_id": "1",
               "at": 3.0}  # fmt: skip
        await db.write(lambda c: repo.record_violation(c, row))
        await db.write(lambda c: repo.kv_set(c, g, "ns", "k", {"t": BAD}, 4.0))

        def read(c):
            return {
                "note": store.get(c, g, 1).note,
                "name": c.execute(
                    sa.select(members.c.name).where(members.c.group_id == g)
                ).scalar(),
                "appeal": repo.appeal_open_of(c, g, "qq:1")["text"],
                "violation": repo.latest_violation(c, g, "qq:1"),
                "audit": [a["detail"] for a in repo.audit_recent(c, g)],
                "kv": repo.kv_get(c, g, "ns", "k"),
            }

        got = await db.read(read)
        assert got["note"] == "备注abc" and got["name"] == "小abc红" and got["appeal"] == "冤枉abc"
        assert got["violation"]["reason"] == "理由abc"
        assert got["violation"]["evidence"] == {"kabc": ["abc"]}
        assert all("\x00" not in repr(d) and "\\ud800" not in repr(d) for d in got["audit"])
        assert got["kv"] == {"t": "abc"}
    finally:
        await db.close()


async def test_a_member_named_with_nul_is_recorded_with_everyone_else(engine_factory, db_url):
    engine = await engine_factory(YAML, database_url=db_url)
    g = FakeGroup(engine, f"qq:seen-{time.monotonic_ns()}")
    await g.say("你好", by="qq:1", name="坏\x00名字")
    await g.say("你好", by="qq:2", name="小红")
    await engine.flush_members()
    rows = await engine.db.read(
        lambda c: c.execute(
            sa.select(members.c.member_id, members.c.name).where(members.c.group_id == g.group_id)
        ).all()
    )
    assert sorted(map(tuple, rows)) == [("qq:1", "坏名字"), ("qq:2", "小红")]


async def test_members_seen_are_kept_until_their_write_commits(engine_factory, tmp_path):
    engine = await engine_factory(YAML, data_dir=tmp_path / "d")
    engine.db.write_patience = 0.3
    g = FakeGroup(engine, "qq:1")
    await g.say("你好", by="qq:1", name="小红")
    await g.say("你好", by="qq:2", name="小明")
    lock = hold_write_lock(tmp_path / "d" / "huzhu.db")
    try:
        await engine.flush_members()  # fails: the database is locked
    finally:
        lock.execute("COMMIT")
    await g.say("又来了", by="qq:2", name="小明明")  # a newer sighting wins
    await engine.flush_members()
    rows = await engine.db.read(
        lambda c: c.execute(sa.select(members.c.member_id, members.c.name)).all()
    )
    assert sorted(map(tuple, rows)) == [("qq:1", "小红"), ("qq:2", "小明明")]


# ---------------------------------------------------------------- item 14: several processes on PostgreSQL
async def _two(postgres_url: str) -> tuple[Database, Database]:
    a, b = Database(postgres_url), Database(postgres_url)  # two connection pools: two processes
    await a.open()
    await b.open()
    return a, b


def _post(group: str, requester: str, n: int, needed: int = 1):
    link = find_share(pdd(n))
    assert link is not None
    return lambda c: store.post(
        c, group_id=group, requester=requester, link=link, note="", needed=needed, now=1.0,
        expires_at=9e9, message_id="", max_open=1000,
    )  # fmt: skip


async def test_postgres_concurrent_posts_get_unique_numbers_and_none_is_refused(postgres_url):
    a, b = await _two(postgres_url)
    group = f"qq:posts-{time.monotonic_ns()}"
    try:
        results = []
        for trial in range(20):  # both processes post at the same moment, again and again
            results += await asyncio.gather(
                a.write(_post(group, "qq:1", 2 * trial)),
                b.write(_post(group, "qq:2", 2 * trial + 1)),
                return_exceptions=True,
            )
        assert not [r for r in results if isinstance(r, BaseException)], results
        assert all(created for _, created in results)
        assert sorted(req.seq for req, _ in results) == list(range(1, 41))
    finally:
        await a.close()
        await b.close()


async def test_postgres_the_same_link_posted_twice_at_once_is_open_once(postgres_url):
    a, b = await _two(postgres_url)
    group = f"qq:dup-{time.monotonic_ns()}"
    try:
        for trial in range(40):
            results = await asyncio.gather(
                a.write(_post(group, "qq:1", 1000 + trial)),
                b.write(_post(group, "qq:2", 1000 + trial)),
            )
            assert sorted(created for _, created in results) == [False, True]
            assert results[0][0].seq == results[1][0].seq
        opened = await a.read(lambda c: store.open_requests(c, group))
        assert len(opened) == 40
    finally:
        await a.close()
        await b.close()


async def test_postgres_concurrent_claims_and_confirmations_count_every_help(postgres_url):
    a, b = await _two(postgres_url)
    group = f"qq:helped-{time.monotonic_ns()}"
    helpers = [f"qq:h{i}" for i in range(40)]
    try:
        req, _ = await a.write(_post(group, "qq:r", 1, needed=100))
        claims = await asyncio.gather(
            *(
                (a if i % 2 else b).write(
                    lambda c, h=h: store.claim(c, group_id=group, seq=req.seq, helper=h, now=2.0, message_id="")
                )
                for i, h in enumerate(helpers)
            )
        )  # fmt: skip
        assert len(claims) == 40
        await asyncio.gather(
            *(
                (a if i % 2 else b).write(
                    lambda c, h=h: store.confirm(
                        c, group_id=group, seq=req.seq, requester="qq:r", helper=h, now=3.0,
                        message_id="", by="qq:r", credit=1, debit=1,
                    )
                )
                for i, h in enumerate(helpers)
            )
        )  # fmt: skip
        after = await a.read(lambda c: store.get(c, group, req.seq))
        assert after.helped == 40
        assert len(await a.read(lambda c: store.ledger_entries(c, group))) == 80
    finally:
        await a.close()
        await b.close()


async def test_postgres_a_batch_does_not_wait_for_a_group_lock_while_holding_others(postgres_url):
    """Writes ahead of a contended group commit first; the waiting one runs in a new transaction."""
    db = Database(postgres_url)
    await db.open()
    group = f"qq:split-{time.monotonic_ns()}"
    other = create_async_engine(postgres_url)
    try:
        async with other.connect() as holder:
            await holder.execute(
                sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": store._lock_key(group)}
            )
            kv = asyncio.ensure_future(
                db.write(lambda c: repo.kv_set(c, group, "ns", "first", 1, 0.0))
            )
            post = asyncio.ensure_future(db.write(_post(group, "qq:1", 1)))
            await asyncio.sleep(0.5)
            # the write ahead is committed while the lock is still held elsewhere
            assert await db.read(lambda c: repo.kv_get(c, group, "ns", "first")) == 1
            assert not post.done()
            await holder.commit()
        await kv
        req, created = await post
        assert created and req.seq == 1
    finally:
        await other.dispose()
        await db.close()


async def test_postgres_a_lock_held_past_the_patience_gives_the_write_up_for_good(postgres_url):
    db = Database(postgres_url, write_patience=0.5)
    await db.open()
    group = f"qq:held-{time.monotonic_ns()}"
    other = create_async_engine(postgres_url)
    try:
        async with other.connect() as holder:
            await holder.execute(
                sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": store._lock_key(group)}
            )
            with pytest.raises(DatabaseBusy):
                await db.write(_post(group, "qq:1", 1))
            await holder.commit()
        assert await db.read(lambda c: store.open_requests(c, group)) == []
        req, created = await db.write(_post(group, "qq:1", 1))  # the retry works
        assert created and req.seq == 1
    finally:
        await other.dispose()
        await db.close()


async def test_postgres_two_processes_locking_groups_in_opposite_order_both_finish(postgres_url):
    a, b = await _two(postgres_url)
    g1, g2 = f"qq:x-{time.monotonic_ns()}", f"qq:y-{time.monotonic_ns()}"
    try:
        for round_ in range(10):
            results = await asyncio.gather(
                a.write(_post(g1, "qq:1", 2000 + round_)),
                a.write(_post(g2, "qq:1", 3000 + round_)),
                b.write(_post(g2, "qq:2", 4000 + round_)),
                b.write(_post(g1, "qq:2", 5000 + round_)),
                return_exceptions=True,
            )
            assert not [r for r in results if isinstance(r, BaseException)], results
        for g in (g1, g2):
            seqs = [r.seq for r in await a.read(lambda c, g=g: store.open_requests(c, g))]
            assert sorted(seqs) == list(range(1, 21))
    finally:
        await a.close()
        await b.close()


# ---------------------------------------------------------------- item 16: a read-only data folder
OPEN = """
import asyncio, sys
from huzhu.core.storage.db import Database, ReadOnlyDataDir, sqlite_url
async def main():
    try:
        await Database(sqlite_url(sys.argv[1])).open()
    except ReadOnlyDataDir as exc:
        print("REFUSED", exc)
        return
    print("OPENED")
asyncio.run(main())
"""


def _open_read_only(folder: Path, mount: Path) -> str:
    """Open a database in ``folder`` with ``mount`` read-only (a private mount namespace as root)."""
    if os.geteuid() != 0:
        os.chmod(mount, 0o555)
        try:
            run = subprocess.run(
                [sys.executable, "-c", OPEN, str(folder)], capture_output=True, text=True
            )
        finally:
            os.chmod(mount, 0o755)
    else:
        if shutil.which("unshare") is None:
            pytest.skip("needs unshare to make a read-only mount")
        script = (f'mount --bind "{mount}" "{mount}" && mount -o remount,bind,ro "{mount}" && '
                  f'exec "{sys.executable}" -c "$0" "{folder}"')  # fmt: skip
        run = subprocess.run(
            ["unshare", "-m", "sh", "-c", script, OPEN], capture_output=True, text=True
        )
        if "OPENED" not in run.stdout and "REFUSED" not in run.stdout and "mount" in run.stderr:
            pytest.skip(f"cannot make a read-only mount here: {run.stderr.strip()}")
    return run.stdout + run.stderr


@pytest.mark.parametrize("existing", [False, True])
async def test_a_read_only_data_folder_is_named_in_a_clear_error(existing):
    base = Path(tempfile.mkdtemp(prefix="huzhu-ro-"))
    try:
        data = base / "data"
        data.mkdir()
        if existing:
            db = Database(sqlite_url(data))
            await db.open()
            await db.close()
        out = _open_read_only(data, data)
        assert "REFUSED" in out, out
        assert f"数据目录 {data} 是只读的" in out and "unable to open" not in out
    finally:
        shutil.rmtree(base, ignore_errors=True)


async def test_a_data_folder_that_cannot_be_made_on_a_read_only_disk_is_named(tmp_path):
    base = Path(tempfile.mkdtemp(prefix="huzhu-ro-"))
    try:
        out = _open_read_only(base / "new" / "data", base)
        assert "REFUSED" in out and f"数据目录 {base} 是只读的" in out, out
    finally:
        shutil.rmtree(base, ignore_errors=True)


TWO_BOTS = """
import asyncio, itertools, json, os, sys, time
from huzhu.core.clock import ManualClock
from huzhu.testing import FakeGroup, make_engine, texts

async def main(data, url, me, yaml_text):
    engine = await make_engine(os.path.join(data, me), yaml_text, clock=ManualClock(1_800_000_000.0),
                               builtins=False, database_url=url)
    g = FakeGroup(engine, "qq:1")
    FakeGroup._ids = itertools.count(1 + 100_000 * int(me))  # a platform's message ids differ per message
    open(os.path.join(data, "ready-" + me), "w").close()
    while not os.path.exists(os.path.join(data, "go")):  # start together: real contention
        time.sleep(0.01)
    n = int(me)
    said = {}
    async def say(key, text, by):
        said[key] = texts(await g.say(text, by=by))
    # claims on #1 by this bot's 20 helpers, then the requester confirms them here
    await asyncio.gather(*(say(f"claim{h}", "/已助 1", f"qq:h{n}-{h}") for h in range(20)))
    await say("confirm", "/确认 1", "qq:r")
    # posts of fresh links, and of links the other bot posts at the same time
    await asyncio.gather(
        *(say(f"post{i}", f"/求助 https://mobile.yangkeduo.com/bargain.html?goods_id={n}0{i}", f"qq:p{n}-{i}")
          for i in range(20)),
        *(say(f"same{i}", f"/求助 https://mobile.yangkeduo.com/bargain.html?goods_id=9{i}", f"qq:s{n}-{i}")
          for i in range(10)),
    )
    await engine.close()
    print(json.dumps(said, ensure_ascii=False))

asyncio.run(main(*sys.argv[1:]))
"""


async def test_two_bot_processes_keep_the_ledger_and_numbers_exact(tmp_path, db_url):
    """Two bot processes on one database, members of one group talking to both at once."""
    import json

    from huzhu.core.texts import TEXTS
    from huzhu.testing import make_engine

    db = Database(db_url)
    await db.open()
    await db.write(lambda c: c.execute(sa.text("DELETE FROM ledger WHERE group_id = 'qq:1'")))
    await db.write(
        lambda c: c.execute(
            sa.text(
                "DELETE FROM claims WHERE request_id IN (SELECT id FROM requests WHERE group_id = 'qq:1')"
            )
        )
    )
    await db.write(lambda c: c.execute(sa.text("DELETE FROM requests WHERE group_id = 'qq:1'")))
    await db.close()
    data = tmp_path / "bots"
    data.mkdir()
    setup = await make_engine(data / "setup", YAML, builtins=False, database_url=db_url)
    await FakeGroup(setup, "qq:1").say(f"/求助 {pdd(1)} 需要100人", by="qq:r")
    await setup.close()
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-c", TWO_BOTS, str(data), db_url, str(n), YAML,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for n in range(2)
    ]  # fmt: skip
    for _ in range(6000):
        if all((data / f"ready-{n}").exists() for n in range(2)):
            break
        await asyncio.sleep(0.01)
    (data / "go").touch()
    outs = [tuple(b.decode() for b in await asyncio.wait_for(p.communicate(), 300)) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-3000:] for o in outs]
    said = [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]
    failed = {
        TEXTS.get("zh", k, name=w)
        for k in ("command_failed", "db_busy")
        for w in ("求助", "已助", "确认")
    }
    for replies in said:
        assert all(r and not failed & set(r) for r in replies.values()), replies

    check = Database(db_url)
    await check.open()
    try:
        req = await check.read(lambda c: store.get(c, "qq:1", 1))
        assert req.helped == 40  # every claim confirmed and counted, none lost
        assert len(await check.read(lambda c: store.ledger_entries(c, "qq:1"))) == 80
        opened = await check.read(lambda c: store.open_requests(c, "qq:1"))
        assert sorted(r.seq for r in opened) == list(range(1, 52))  # #1, 40 fresh, 10 shared links
        assert len({r.link for r in opened}) == 51  # no link open twice
    finally:
        await check.close()
