"""What plugins store because of a command is stored in the command's own transaction.

A request's expiry reminder and a claim's confirmation reminder (the ``reminder``
plugin's ``request_stored`` / ``claim_stored``) commit with the request and the
claim: one commit round per command, and a crash (kill -9) keeps both or neither.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
import textwrap

from huzhu.core import hookimpl
from huzhu.core.clock import ManualClock
from huzhu.core.plugin import PluginMeta
from huzhu.testing import FakeGroup, make_engine

YAML = "defaults:\n  requests: {auto_confirm: never}\n"
LINK = "https://p.pinduoduo.com/Durable1"


def _rows(path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _state(data) -> tuple[int, int, list[str]]:
    """(requests, claims, reminder schedule kinds) on disk."""
    db = data / "huzhu.db"
    return (
        _rows(db, "SELECT count(*) FROM requests")[0][0],
        _rows(db, "SELECT count(*) FROM claims")[0][0],
        [
            k
            for (k,) in _rows(db, "SELECT kind FROM schedules WHERE owner = 'reminder' ORDER BY id")
        ],
    )


def _crash(data, *, in_claim: bool) -> str:
    """A process posts a request and claims it, then dies by SIGKILL: after the claim's reply,
    or inside the claim's transaction once the reminder's schedule row is written."""
    script = textwrap.dedent(f"""
        import asyncio, os, signal
        from huzhu.core import hookimpl
        from huzhu.core.clock import ManualClock
        from huzhu.core.plugin import PluginMeta
        from huzhu.testing import FakeGroup, make_engine

        class Crasher:
            __plugin_meta__ = PluginMeta(name="crasher", description="test", default_enabled=True)

            @hookimpl(trylast=True)  # after the reminder wrote its row, before the commit
            def claim_stored(self, tx):
                if {in_claim!r}:
                    print("crash in the transaction", flush=True)
                    os.kill(os.getpid(), signal.SIGKILL)

        async def main():
            engine = await make_engine({str(data)!r}, {YAML!r}, clock=ManualClock(1_800_000_000),
                                       plugins=[Crasher()])
            g = FakeGroup(engine, "qq:1")
            await g.push("/求助 {LINK}", by="qq:42")
            print(g.pop(), flush=True)
            await g.push("/已助 1", by="qq:43")
            print(g.pop(), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)  # no close, no flush: a crash

        asyncio.run(main())
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    return done.stdout


async def test_kill9_after_the_replies_keeps_each_command_with_its_reminder(tmp_path):
    out = await asyncio.to_thread(_crash, tmp_path, in_claim=False)
    assert "#1" in out and "已记录你对 #1 的助力" in out, out
    assert _state(tmp_path) == (1, 1, ["expiring", "confirm"])


async def test_kill9_inside_the_claims_transaction_loses_the_claim_and_its_reminder(tmp_path):
    out = await asyncio.to_thread(_crash, tmp_path, in_claim=True)
    assert "crash in the transaction" in out and "已记录" not in out, out
    # the request and its reminder committed together; the claim and its reminder together
    assert _state(tmp_path) == (1, 0, ["expiring"])
    engine = await make_engine(tmp_path, YAML, clock=ManualClock(1_800_000_100))
    try:  # the helper claims again after the restart: both stored, once
        g = FakeGroup(engine, "qq:1")
        await g.push("/已助 1", by="qq:43")
        assert "已记录你对 #1 的助力" in g.pop()
    finally:
        await engine.close()
    assert _state(tmp_path) == (1, 1, ["expiring", "confirm"])


class Failing:
    """A plugin whose ``*_stored`` hooks raise (after writing a row of its own)."""

    __plugin_meta__ = PluginMeta(name="failing", description="test", default_enabled=True)

    @hookimpl
    def request_stored(self, tx, request):
        tx.schedule_at(request.expires_at - 60, "mine", key=f"mine#{request.id}")
        raise RuntimeError("boom")

    @hookimpl
    def claim_stored(self, tx, claim):
        raise RuntimeError("boom")


async def _one_round_each(engine) -> None:
    g = FakeGroup(engine, "qq:1")
    before = engine.db.ops
    await g.push(f"/求助 {LINK}", by="qq:42")
    assert "#1" in g.pop()
    await g.push("/已助 1", by="qq:43")
    assert "已记录你对 #1 的助力" in g.pop()
    assert engine.db.ops - before == 2  # one write (one commit round) per command
    items = await engine.db.read(
        lambda c: c.exec_driver_sql(
            "SELECT owner, kind FROM schedules WHERE group_id = 'qq:1' ORDER BY id"
        ).all()
    )
    # the failing plugin's row went with its savepoint; the reminder's stayed
    assert [tuple(r) for r in items] == [("reminder", "expiring"), ("reminder", "confirm")]
    assert engine.caller.failures[("failing", "request_stored")] == 1
    assert engine.caller.failures[("failing", "claim_stored")] == 1


async def test_a_failing_stored_hook_is_undone_alone(tmp_path):
    engine = await make_engine(
        tmp_path, YAML, clock=ManualClock(1_800_000_000), plugins=[Failing()]
    )
    try:
        await _one_round_each(engine)
    finally:
        await engine.close()


async def test_a_failing_stored_hook_is_undone_alone_on_postgres(tmp_path, fresh_postgres_url):
    engine = await make_engine(
        tmp_path, YAML, clock=ManualClock(1_800_000_000), plugins=[Failing()],
        database_url=fresh_postgres_url,
    )  # fmt: skip
    try:
        await _one_round_each(engine)
    finally:
        await engine.close()


DISPATCH = """
defaults:
  requests: {auto_confirm: never}
  plugins:
    queue:
      dispatch: {enabled: true, helpers_per_request: 1, ask_after_help: false}
"""


async def test_under_dispatch_the_forgiveness_is_stored_with_the_claim(tmp_path):
    engine = await make_engine(tmp_path, DISPATCH, clock=ManualClock(1_800_000_000))
    try:
        g = FakeGroup(engine, "qq:1")
        await g.say(f"/求助 {LINK}", by="qq:42")
        await g.say("/我的", by="qq:43")  # the once-a-day footer on private answers: its write
        before = engine.db.ops
        await g.say("/已助 1", by="qq:43")
        assert engine.db.ops - before == 1  # the claim, its reminder and 派单's row: one write
        rows = await engine.db.read(
            lambda c: c.exec_driver_sql(
                "SELECT member_id, acted, ignored FROM dispatch_members WHERE group_id = 'qq:1'"
            ).all()
        )
        assert [tuple(r) for r in rows] == [("qq:43", 1, 0)]
    finally:
        await engine.close()
