"""Issue 22: the write path, the caller, the shared normalised text, SQL paging, bounded memory."""

from __future__ import annotations

import asyncio
import random
import unicodedata
from collections import OrderedDict
from typing import Any

import pytest

from huzhu.core import GroupContext, HelpRequest, PluginMeta, hookimpl
from huzhu.core import caller as caller_mod
from huzhu.core import engine as engine_mod
from huzhu.core.events import Member, MessageEvent, normalized
from huzhu.core.requests import finish_page
from huzhu.core.storage import requests as store
from huzhu.core.storage import schedules
from huzhu.plugins import flood
from huzhu.plugins import queue as queue_plugin
from huzhu.testing import FakeGroup

G = "qq:1000"


# ---------------------------------------------------------------- write path
async def test_touch_members_keeps_first_seen_and_names(engine_factory):
    engine = await engine_factory()
    await engine.db.write(lambda c: store.touch_members(c, [(G, "qq:1", "阿明", 100.0)]))
    await engine.db.write(
        lambda c: store.touch_members(c, [(G, "qq:1", "", 200.0), (G, "qq:2", "", 200.0)])
    )
    await engine.db.write(lambda c: store.touch_members(c, [(G, "qq:2", "小红", 300.0)]))
    assert await engine.db.read(lambda c: store.first_seen(c, G, "qq:1")) == 100.0
    assert await engine.db.read(lambda c: store.member_name(c, G, "qq:1")) == "阿明"
    assert await engine.db.read(lambda c: store.active_members(c, G, 0)) == {
        "qq:1": 200.0,
        "qq:2": 300.0,
    }
    assert await engine.db.read(lambda c: store.member_names(c, G, ["qq:1", "qq:2", "qq:3"])) == {
        "qq:1": "阿明",
        "qq:2": "小红",
    }


async def test_flush_members_writes_in_bounded_batches(engine_factory, monkeypatch):
    monkeypatch.setattr(engine_mod, "TOUCH_BATCH", 10)
    engine = await engine_factory()
    for i in range(35):
        await engine.handle_message(
            MessageEvent(G, Member(f"qq:{i}", f"m{i}"), "早", message_id=f"x{i}")
        )
    ops = engine.db.ops
    await engine.flush_members()
    assert engine.db.ops - ops == 4  # 10 + 10 + 10 + 5 rows: four short writes, not one long one
    assert len(await engine.db.read(lambda c: store.active_members(c, G, 0))) == 35


async def test_schedule_add_prepared_keyed_once(engine_factory):
    engine = await engine_factory()
    values = {"group_id": G, "owner": "reminder", "kind": "k", "payload": {"seq": 3, "名": "值"},
              "next_at": 50.0, "created_at": 1.0, "key": "expiring#1"}  # fmt: skip
    first = await engine.db.write(lambda c: schedules.add(c, values))
    again = await engine.db.write(lambda c: schedules.add(c, values))
    plain = await engine.db.write(lambda c: schedules.add(c, {**values, "key": None}))
    assert first > 0 and again == 0 and plain > first
    items = await engine.db.read(lambda c: schedules.listing(c, G, "reminder"))
    assert [(i["payload"], i["cron"], i["catch_up"], i["status"]) for i in items] == [
        ({"seq": 3, "名": "值"}, "", "once", "active")
    ] * 2


# ---------------------------------------------------------------- balances
async def test_balances_follow_every_ledger_row(engine_factory):
    engine = await engine_factory("defaults:\n  commands: {rate: 1000}\n")
    group = FakeGroup(engine, G)
    await group.push("/求助 https://p.pinduoduo.com/AbCd123", by="qq:1")
    await group.push("/已助 1", by="qq:2")
    await group.push("/确认 1", by="qq:1")

    def spend(c: Any) -> None:  # another module's row (a 积分 purchase) counts too
        c.exec_driver_sql(
            "INSERT INTO ledger (group_id, member, delta, kind, counterpart, request_id, claim_id, at) "
            "VALUES (?, 'qq:2', -1, 'spend', 'shop', 0, 0, 1.0)",
            (G,),
        )

    await engine.db.write(spend)
    got = await engine.db.read(lambda c: store.balances(c, G))
    # the same as summing the ledger
    want: dict[str, list[int]] = {}
    for row in await engine.db.read(lambda c: store.ledger_entries(c, G)):
        b = want.setdefault(row["member"], [0, 0, 0])
        b[0] += row["delta"]
        b[1] += row["kind"] == "given"
        b[2] += row["kind"] == "received"
    assert got == {m: tuple(v) for m, v in want.items()} == {"qq:2": (0, 1, 0), "qq:1": (-1, 0, 1)}
    assert await engine.db.read(lambda c: store.leaderboard(c, G)) == [("qq:2", 1, 0)]
    assert (await engine.db.read(lambda c: store.profile(c, G, "qq:1")))["balance"] == -1


# ---------------------------------------------------------------- /队列 paged in SQL
@pytest.mark.parametrize("strategy", ["fifo", "owed_first", "anti_starvation"])
async def test_queue_pages_in_sql_match_the_ranking(engine_factory, clock, strategy):
    engine = await engine_factory()
    rng = random.Random(4)
    now = clock.time()

    def seed(c: Any) -> None:
        for i in range(60):
            at = now - rng.choice([10, 500, 4000, 7000, 30000]) - i * 0.25
            c.exec_driver_sql(
                "INSERT INTO requests (group_id, seq, requester, platform, activity, kind, url, link_key, "
                "note, needed, helped, status, close_reason, created_at, expires_at, message_id) VALUES "
                "(?, ?, ?, 'pdd', '砍价', 'url', 'u', ?, '', 1, 0, ?, '', ?, ?, '')",
                (G, i + 1, f"qq:{i % 7}", f"k{i}", "open" if i % 9 else "done", at, now + 9999),
            )
        for m in range(7):
            c.exec_driver_sql(
                "INSERT INTO ledger (group_id, member, delta, kind, counterpart, request_id, claim_id, at) "
                "VALUES (?, ?, ?, 'given', 'x', 0, ?, 1.0)",
                (G, f"qq:{m}", rng.randint(-3, 3), m),
            )

    await engine.db.write(seed)
    open_ = await engine.db.read(lambda c: store.open_requests(c, G))
    balances = await engine.db.read(lambda c: store.balances(c, G))
    after = 3600
    ranked = {
        "fifo": lambda: queue_plugin.fifo(open_),
        "owed_first": lambda: queue_plugin.owed_first(open_, balances),
        "anti_starvation": lambda: queue_plugin.anti_starvation(open_, balances, now, after),
    }[strategy]()
    for offset in range(0, len(ranked) + 5, 7):
        total, page = await engine.db.read(
            lambda c, o=offset: store.open_page(c, G, strategy, now, after, o, 7)
        )
        assert total == len(ranked)
        assert [r.seq for r in page] == [r.seq for r in ranked[offset : offset + 7]]


@pytest.mark.parametrize("whole_below", [0, 300])
async def test_the_default_order_paged_from_the_index_matches_finish_first(
    engine_factory, clock, monkeypatch, whole_below
):
    """/队列's default order (finish_first) read one page at a time from the partial index
    (or, for a short queue, read whole and ordered in Python): every page equals the same
    slice of ``finish_first`` over the whole queue, with requests of every size and expiry
    (none too), claims pending, denied and reversed besides the confirmed ones ``helped``
    counts, and requests their claims already cover."""
    monkeypatch.setattr(finish_page, "WHOLE_BELOW", whole_below)
    engine = await engine_factory()
    rng = random.Random(7)
    now = clock.time()

    def seed(c: Any) -> None:
        cid = 0
        for i in range(90):
            needed = rng.choice([1, 1, 2, 3, 5, 10])
            helped = rng.randint(0, needed - 1) if i % 11 else needed  # some already covered
            expires = 0.0 if i % 13 == 0 else now + rng.choice([600, 3000, 7200, 20000, 86000])
            status = "open" if i % 8 else "done"
            c.exec_driver_sql(
                "INSERT INTO requests (group_id, seq, requester, platform, activity, kind, url, link_key, "
                "note, needed, helped, status, close_reason, created_at, expires_at, message_id) VALUES "
                "(?, ?, ?, 'pdd', '砍价', 'url', 'u', ?, '', ?, ?, ?, '', ?, ?, '')",
                (G, i + 1, f"qq:{i % 7}", f"k{i}", needed, helped, status, now - i, expires),
            )
            rid = c.exec_driver_sql("SELECT max(id) FROM requests").scalar()
            kinds = ["confirmed"] * helped + rng.choices(
                ["pending", "denied", "reversed"], k=rng.choice([0, 0, 1, 2, 4])
            )
            for k, kind in enumerate(kinds):
                cid += 1
                c.exec_driver_sql(
                    "INSERT INTO claims (request_id, group_id, helper, requester, status, created_at, "
                    "decided_by, message_id, decide_message_id) VALUES (?, ?, ?, ?, ?, ?, '', '', '')",
                    (rid, G, f"qq:h{k}", f"qq:{i % 7}", kind, now - 5),
                )

    await engine.db.write(seed)
    open_ = await engine.db.read(lambda c: store.open_requests(c, G))
    live = await engine.db.read(lambda c: store.claimants(c, G))
    pending = {r.id: max(len(live.get(r.id, ())) - r.helped, 0) for r in open_}
    data = engine.context(G, "queue").data
    for later in (0, 2500, 9000):  # the line between "can finish in time" and not moves
        clock.advance(later)
        ranked = queue_plugin.finish_first(open_, clock.time(), pending)
        assert {(r.needed - r.helped - pending[r.id] <= 0) for r in ranked} == {True, False}
        for offset in range(0, len(ranked) + 4, 6):
            total, page, _ = await data.open_page("finish_first", 0, offset, 6)
            assert total == len(ranked)
            assert [r.seq for r in page] == [r.seq for r in ranked[offset : offset + 6]]


async def test_queue_command_uses_sql_paging_unless_another_plugin_ranks(engine_factory):
    class Ranker:
        __plugin_meta__ = PluginMeta(name="ranker", description="d", default_enabled=True)

        @hookimpl
        def rank_queue(self, ctx: GroupContext, requests: list[HelpRequest]) -> list[HelpRequest]:
            return sorted(requests, key=lambda r: -r.seq)  # newest first

    yaml = "defaults:\n  commands: {rate: 1000}\n  plugins:\n    queue: {repeat_within: 0}\n"
    plain = FakeGroup(await engine_factory(yaml), G)
    ranked = FakeGroup(await engine_factory(yaml, plugins=[Ranker()]), G)
    for group in (plain, ranked):
        for i in range(3):
            await group.push(f"/求助 https://p.pinduoduo.com/Q{i}abc", by=f"qq:{i}")
        group.pending()
        await group.push("/队列", by="qq:9")
    assert plain.engine.context(G, "queue").data.ranked_by("queue")
    assert not ranked.engine.context(G, "queue").data.ranked_by("queue")
    first_plain, first_ranked = plain.pending()[-1], ranked.pending()[-1]
    assert first_plain.index("#1") < first_plain.index("#3")
    assert first_ranked.index("#3") < first_ranked.index("#1")  # the other plugin's order wins


# ---------------------------------------------------------------- the caller
async def test_timeout_armed_only_for_hooks_that_wait(engine_factory, monkeypatch):
    armed: list[float] = []
    real = asyncio.timeout

    def counting(delay: float | None) -> Any:
        armed.append(delay or 0)
        return real(delay)

    monkeypatch.setattr(caller_mod.asyncio, "timeout", counting)
    seen: list[str] = []

    class Quick:
        __plugin_meta__ = PluginMeta(name="quick", description="d", default_enabled=True)

        @hookimpl
        async def check_message(self, ctx: GroupContext, event: MessageEvent) -> None:
            seen.append("quick")

    class Waits:
        __plugin_meta__ = PluginMeta(name="waits", description="d", default_enabled=True)

        @hookimpl
        async def check_message(self, ctx: GroupContext, event: MessageEvent) -> None:
            await asyncio.sleep(0)
            await asyncio.sleep(0.001)
            seen.append("waits")

    engine = await engine_factory(plugins=[Quick(), Waits()], builtins=False)
    await engine.caller.collect("check_message", G, frozenset({"quick"}), event=_ev("hi"))
    assert armed == [] and seen == ["quick"]
    await engine.caller.collect("check_message", G, frozenset({"quick", "waits"}), event=_ev("hi"))
    assert len(armed) == 1 and sorted(seen) == ["quick", "quick", "waits"]
    impls = engine.caller.enabled_impls("check_message", frozenset({"waits"}))
    assert [i.plugin for i in impls] == ["waits"]
    assert (
        engine.caller.enabled_impls("check_message", frozenset({"waits"})) is impls
    )  # computed once


def _ev(text: str, sender: str = "qq:1") -> MessageEvent:
    return MessageEvent(G, Member(sender, ""), text, message_id=str(random.random()))


# ---------------------------------------------------------------- one normalised form
async def test_text_is_normalised_once_for_content_flood_and_anti_scam(engine_factory, monkeypatch):
    calls: list[str] = []
    real = unicodedata.normalize

    def counting(form: str, text: str) -> str:
        calls.append(text)
        return real(form, text)

    engine = await engine_factory(
        "defaults:\n  plugins:\n    content: {words: [加微信]}\n    flood: {}\n    anti_scam: {}\n"
    )
    monkeypatch.setattr(unicodedata, "normalize", counting)
    group = FakeGroup(engine, G)
    await group.push("ｈｅｌｌｏ，加 微-信 领红包", by="qq:5")  # full-width: not NFKC
    assert len([c for c in calls if "ｈｅｌｌｏ" in c]) == 1
    assert any("加微信" in str(a) for a in group.actions())  # content still matched the folded word


def test_normalized_is_cached_on_the_event():
    ev = _ev("ＡＢＣ１２３")
    assert normalized(ev) == "ABC123" and ev.nfkc == "ABC123"
    same = MessageEvent(ev.group_id, ev.sender, ev.text, message_id=ev.message_id)
    assert same == ev  # the cache takes no part in equality


# ---------------------------------------------------------------- bounded memory
def test_flood_eviction_is_amortised_and_bounded(monkeypatch):
    monkeypatch.setattr(flood, "_MAX_MEMBERS", 5)
    members: OrderedDict[str, flood._Member] = OrderedDict()
    for i in range(5):
        members[f"m{i}"] = flood._Member(last=float(i))
    members.move_to_end("m0")  # m0 spoke last
    members["m0"].last = 10.0
    flood._forget_idle(members, before=2.0)  # m1 and m2 idle: gone; m3 stays (active)
    assert list(members) == ["m3", "m4", "m0"]
    for i in range(5, 8):
        members[f"m{i}"] = flood._Member(last=20.0)
    flood._forget_idle(members, before=0.0)  # nobody idle, over the cap: the least recent go
    assert list(members) == ["m0", "m5", "m6", "m7"]  # room for the one arriving


async def test_anti_scam_first_seen_cache_is_an_lru(engine_factory, monkeypatch):
    from huzhu.plugins import anti_scam

    monkeypatch.setattr(anti_scam, "FIRST_SEEN_CAP", 3)
    engine = await engine_factory(
        "defaults:\n  plugins:\n    anti_scam: {strict_new_members: 1d}\n"
    )
    for i in range(5):
        await engine.db.write(lambda c, i=i: store.touch_members(c, [(G, f"qq:{i}", "", 1.0)]))
    ctx = engine.context(G, "anti_scam")
    for i in (0, 1, 2, 0, 3, 4):
        await anti_scam._is_new(ctx, f"qq:{i}", 86400)
    assert list(ctx.scratch["first_seen"]) == ["qq:0", "qq:3", "qq:4"]


async def test_groups_share_equal_settings_and_quiet_members_cost_little(engine_factory):
    engine = await engine_factory(
        "defaults: {plugins: {flood: {}}}\n"
        "groups:\n  qq:1: {plugins: {quota: {per_day: 2}}}\n  qq:2: {plugins: {quota: {per_day: 2}}}\n"
        "  qq:3: {plugins: {quota: {per_day: 5}}}\n"
    )
    one, two, three = (engine.resolver.group(f"qq:{i}") for i in (1, 2, 3))
    # 10,000 configured groups hold a few distinct enabled sets and config maps, not 10,000
    assert one.enabled is two.enabled is three.enabled and one.configs is two.configs
    assert three.configs is not one.configs and three.configs["quota"].per_day == 5
    assert not hasattr(one, "__dict__")
    # a member who only chats keeps one list in flood, none for repeats or links
    await FakeGroup(engine, "qq:1").say("好的", by="qq:9")
    st = engine.context("qq:1", "flood").scratch["members"]["qq:9"]
    assert st.times is not None and st.texts is None and st.links is None
