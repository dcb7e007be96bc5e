"""Storage speed without changed results: per-member indexes (migration 14), prepared IN lists,
and the simulator's inline database (no thread hop per call)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest

from huzhu.core.storage import dispatch, repo, requests
from huzhu.core.storage.db import Database, sqlite_url
from huzhu.core.storage.prepared import Prepared
from huzhu.core.storage.schema import kv


def _plan(con: sqlite3.Connection, stmt: Prepared, params: dict) -> str:
    sql, args = stmt._sqlite(params)
    return " | ".join(row[-1] for row in con.execute("EXPLAIN QUERY PLAN " + sql, args))


async def test_per_member_reads_use_their_own_index_not_the_groups_history(tmp_path):
    db = Database(sqlite_url(tmp_path))
    await db.open()
    await db.close()
    # a database from before migration 14 (a new one gets the indexes with its tables)
    con = sqlite3.connect(tmp_path / "huzhu.db")
    for index in ("ix_claims_helper_decided", "ix_claims_helper_recent", "ix_ledger_member_at"):
        con.execute(f"DROP INDEX {index}")
    con.execute("DELETE FROM schema_version WHERE version = 14")
    con.commit()
    con.close()
    await db.open()  # migrates it
    await db.close()
    con = sqlite3.connect(tmp_path / "huzhu.db")
    g, h = {"g": "qq:1"}, {"g": "qq:1", "h": "qq:2", "m": "qq:2"}
    plans = {
        # trust: the helper's last denial, and their claims confirmed by hand since
        "denial": _plan(con, requests._LAST_DENIAL, h),
        "hand": _plan(con, requests._HAND_CONFIRMED, {**h, "after": -1.0}),
        # a repeat help of the same link, on every claim
        "repeat": _plan(con, requests._REPEAT, {**h, "since": 0.0, "rid": 1}),
        # helps given since the member's last request, on every /求助
        "given": _plan(con, requests._GIVEN_SINCE, {**h, "t": 0.0}),
        # the auto-confirmation round: trust of every pending claim's helper
        "auto": _plan(
            con,
            requests._PENDING_OLDER_TRUSTED,
            {**g, "before": 1e12, "limit": 500, "min_helps": 1},
        ),
        # dispatch: repeat pairs of the open requests' requesters only
        "pairs": _plan(con, dispatch._PAIRS, {**g, "rs": ["qq:2", "qq:3"], "since": 0.0}),
    }
    con.close()
    assert "ix_claims_helper_decided (group_id=? AND helper=? AND status=?)" in plans["denial"]
    assert (
        "ix_claims_helper_decided (group_id=? AND helper=? AND status=? AND decided_at>?)"
        in plans["hand"]
    )
    assert "ix_claims_helper_recent (group_id=? AND helper=? AND created_at>?)" in plans["repeat"]
    assert "ix_ledger_member_at (group_id=? AND member=? AND kind=? AND at>?)" in plans["given"]
    assert plans["auto"].count("ix_claims_helper_decided") == 2
    assert "ix_claims_pair (group_id=? AND requester=? AND created_at>?)" in plans["pairs"]
    for name, plan in plans.items():  # never a walk through the group's claims by time
        assert "ix_claims_decided" not in plan and "ix_ledger_recent" not in plan, name


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_prepared_in_lists_expand_and_an_empty_list_matches_nothing(
    tmp_path, backend, request
):
    url = (
        request.getfixturevalue("postgres_url") if backend == "postgresql" else sqlite_url(tmp_path)
    )
    db = Database(url)
    await db.open()
    try:
        await db.write(lambda c: c.execute(kv.delete().where(kv.c.group_id == "g")))
        for i in range(5):
            await db.write(lambda c, i=i: repo.kv_set(c, "g", "ns", f"k{i}", i, float(i)))
        stmt = Prepared("SELECT key FROM kv WHERE group_id = :g AND key IN (:ks) ORDER BY key")
        rows = await db.read(lambda c: stmt.rows(c, {"g": "g", "ks": ["k1", "k3", "nope"]}))
        assert rows == [("k1",), ("k3",)]
        assert await db.read(lambda c: stmt.rows(c, {"g": "g", "ks": ("k4",)})) == [("k4",)]
        assert await db.read(lambda c: stmt.rows(c, {"g": "g", "ks": []})) == []
        # a changed-rows count for updates (the scheduler's compare-and-swap needs it)
        bump = Prepared("UPDATE kv SET updated_at = 9 WHERE group_id = :g AND key IN (:ks)")
        assert await db.write(lambda c: bump.count(c, {"g": "g", "ks": ["k0", "k2", "x"]})) == 2
    finally:
        await db.close()


async def test_an_inline_database_runs_on_the_loops_thread_with_the_same_group_commit(tmp_path):
    db = Database(sqlite_url(tmp_path), durable=False, inline=True)
    await db.open()
    try:
        loop_thread = threading.get_ident()
        assert await db.read(lambda c: threading.get_ident()) == loop_thread
        assert await db.write(lambda c: threading.get_ident()) == loop_thread

        def broken(c):
            repo.kv_set(c, "g", "ns", "bad", 1, 0.0)
            raise ValueError("this write fails alone")

        before = db.batches
        results = await asyncio.gather(
            db.write(lambda c: repo.kv_set(c, "g", "ns", "a", 1, 0.0)),
            db.write(broken),
            db.write(lambda c: repo.kv_set(c, "g", "ns", "b", 2, 0.0)),
            return_exceptions=True,
        )
        assert isinstance(results[1], ValueError)
        assert db.batches == before + 1  # queued together, committed together
        got = await db.read(lambda c: {k: repo.kv_get(c, "g", "ns", k) for k in ("a", "b", "bad")})
        assert got == {"a": 1, "b": 2, "bad": None}
    finally:
        await db.close()


def test_request_rows_read_again_give_equal_requests_and_a_changed_row_a_new_one():
    row = (
        1,
        "qq:1",
        7,
        "qq:2",
        "pdd",
        "bargain",
        "url",
        "https://x",
        "",
        3,
        0,
        "open",
        1.0,
        2.0,
        "m1",
    )
    first = requests._req_tuple(row)
    assert requests._req_tuple(tuple(row)) == first and first.helped == 0
    changed = requests._req_tuple((*row[:10], 1, *row[11:]))
    assert changed.helped == 1 and first.helped == 0


@pytest.mark.parametrize("inline", [False, True])
async def test_reads_see_committed_writes_inline_or_threaded(tmp_path, inline):
    db = Database(sqlite_url(tmp_path), durable=False, inline=inline)
    await db.open()
    try:
        await db.write(lambda c: repo.kv_set(c, "g", "ns", "k", 1, 0.0))
        assert await db.read(lambda c: repo.kv_get(c, "g", "ns", "k")) == 1
        await db.write(lambda c: repo.kv_set(c, "g", "ns", "k", 2, 0.0))
        assert await db.read(lambda c: repo.kv_get(c, "g", "ns", "k")) == 2
    finally:
        await db.close()


async def test_an_inline_databases_kept_read_connection_sees_each_commit_and_holds_nothing(
    tmp_path,
):
    """The inline database keeps one read connection between reads: each read still sees the
    writes committed before it (no read transaction left open), a failed read leaves none
    either, and another process's commit is seen too."""
    db = Database(sqlite_url(tmp_path), durable=False, inline=True)
    await db.open()
    try:

        def read_and_fail(c):
            repo.kv_get(c, "g", "ns", "a")
            raise ValueError("a read that fails")

        for n in range(3):
            await db.write(lambda c, n=n: repo.kv_set(c, "g", "ns", "a", n, 0.0))
            assert await db.read(lambda c: repo.kv_get(c, "g", "ns", "a")) == n
            with pytest.raises(ValueError, match="a read that fails"):
                await db.read(read_and_fail)
        conn = db._inline_conn
        assert conn is not None and not conn.in_transaction()
        other = sqlite3.connect(tmp_path / "huzhu.db")
        other.execute("UPDATE kv SET value = '99' WHERE key = 'a'")
        other.commit()
        other.close()
        assert await db.read(lambda c: repo.kv_get(c, "g", "ns", "a")) == 99
        assert db._inline_conn is conn  # one connection for every read
    finally:
        await db.close()
    assert db._inline_conn is None


async def test_dispatch_snapshot_of_one_request_reads_what_the_full_one_has_of_it(tmp_path):
    """Placing a new request reads the claimants and past assignees of that request alone: the
    same as the full snapshot has of it (denied claims out, a closed request has none), and
    nothing of the other requests."""
    db = Database(sqlite_url(tmp_path), durable=False, inline=True)
    await db.open()
    try:

        def fill(c):
            for rid, group, status in ((1, "g", "open"), (2, "g", "open"), (3, "g", "done"),
                                       (4, "h", "open")):  # fmt: skip
                c.exec_driver_sql(
                    "INSERT INTO requests (id, group_id, seq, requester, platform, activity, kind,"
                    " url, link_key, needed, status, created_at, expires_at) VALUES"
                    f" ({rid}, '{group}', {rid}, 'owner', 'pdd', 'bargain', 'link', 'u', 'k{rid}',"
                    f" 3, '{status}', 0, 99999)"
                )
            for rid, helper, status in ((1, "a", "pending"), (1, "b", "denied"), (2, "c", "pending"),
                                        (3, "d", "confirmed"), (4, "e", "pending")):  # fmt: skip
                group = "h" if rid == 4 else "g"
                c.exec_driver_sql(
                    "INSERT INTO claims (request_id, group_id, helper, requester, status, created_at)"
                    f" VALUES ({rid}, '{group}', '{helper}', 'owner', '{status}', 10)"
                )
            requests.assign(c, "g", [(1, "x"), (1, "y"), (2, "z"), (3, "w")], 5.0)
            requests.assign(c, "h", [(4, "v")], 5.0)

        await db.write(fill)
        args = {"active_since": 0.0, "day_since": 0.0, "pairs_from": 0.0, "requesters": ["owner"]}
        full = await db.read(lambda c: dispatch.snapshot(c, "g", **args))
        assert full["claimants"] == {1: {"a"}, 2: {"c"}}
        assert full["assigned_before"] == {(1, "x"), (1, "y"), (2, "z")}
        for ids in ([1], [2], [1, 2], [3], [4]):
            part = await db.read(
                lambda c, ids=ids: dispatch.snapshot(c, "g", **args, request_ids=ids)
            )
            assert part["claimants"] == {r: hs for r, hs in full["claimants"].items() if r in ids}
            assert part["assigned_before"] == {p for p in full["assigned_before"] if p[0] in ids}
            assert {k: v for k, v in part.items() if k not in ("claimants", "assigned_before")} == {
                k: v for k, v in full.items() if k not in ("claimants", "assigned_before")
            }
    finally:
        await db.close()


async def test_lapsing_assignments_reads_the_live_ones_not_the_groups_history(tmp_path):
    db = Database(sqlite_url(tmp_path))
    await db.open()
    await db.close()
    con = sqlite3.connect(tmp_path / "huzhu.db")
    params = {"g": "g", "before": 1.0, "now": 2.0}
    for stmt in (dispatch._LAPSE_SELECT, dispatch._LAPSE):
        # by (group, status): the few live assignments; ix_assignments_recent would range over
        # every assignment made before ``before``
        assert "ix_assignments_group (group_id=? AND status=?)" in _plan(con, stmt, params)
    con.close()


async def test_claims_on_their_way_read_the_few_waiting_not_every_claim(tmp_path):
    db = Database(sqlite_url(tmp_path))
    await db.open()
    await db.close()
    con = sqlite3.connect(tmp_path / "huzhu.db")
    plans = [_plan(con, requests._ON_THEIR_WAY, {"g": "g"})]
    # the planner's statistics of a long history (as ANALYZE leaves them): a million claims, a
    # handful of statuses. With them and only v24's covering (request, status, helper) index
    # it walked every claim (35 ms a /队列 at 1,000,000 past requests); v25's partial index
    # holds only the claims still waiting
    con.execute("ANALYZE")
    con.execute("DELETE FROM sqlite_stat1")
    con.executemany(
        "INSERT INTO sqlite_stat1 VALUES ('claims', ?, ?)",
        [("ix_claims_pending", "1000000 250000 2"), ("ix_claims_live", "1000000 1 1 1"),
         ("ix_claims_on_way", "40 1")],
    )  # fmt: skip
    con.commit()
    con.close()
    con = sqlite3.connect(tmp_path / "huzhu.db")
    plans.append(_plan(con, requests._ON_THEIR_WAY, {"g": "g"}))
    con.close()
    for plan in plans:
        assert "SCAN c" not in plan or "ix_claims_on_way" in plan, plan
    assert "ix_claims_on_way" in plans[1], plans[1]
