"""The engine keeps answering when the database is busy, and says little it should not.

The private-answers footer is best-effort and counted in the shared rate store; a plain
private message gets its hint once an hour; a member name or a replied-to /求助 looked up
while the database is busy gets the usual 「数据库正忙」 answer, not a traceback; several
members with one name are listed with masked numbers, never full ones.
"""

from __future__ import annotations

import sqlite3

from huzhu.core import Member, PrivateMessage, Reply, Role
from huzhu.core.clock import ManualClock
from huzhu.core.context import KVStore
from huzhu.core.storage import shared as shared_store
from huzhu.core.storage.db import DatabaseBusy
from huzhu.testing import FakeGroup, make_engine

DISPATCH = """
defaults:
  commands: {rate: 1000, work_rate: 1000}
  posting: {quiet_hours: off}
  plugins:
    queue:
      strategy: fifo
      dispatch: {enabled: true, helpers_per_request: 2, active_within: 1h}
"""
LINK = "https://p.pinduoduo.com/Robust0001"
FOOTER = "私聊里回复"
T0 = 1_800_000_000


def _texts(actions) -> str:
    return "\n".join(a.text for a in actions if isinstance(a, Reply | PrivateMessage))


async def test_a_footer_the_database_cannot_store_costs_no_answer(tmp_path, monkeypatch):
    engine = await make_engine(tmp_path, DISPATCH, clock=ManualClock(T0))
    try:
        g = FakeGroup(engine, "qq:1")
        await g.say(f"/求助 {LINK}", by="qq:42")

        async def locked(*_a, **_k):
            raise sqlite3.OperationalError("database is locked")

        async def now_locked(fn):  # the footer's own write, made beside the group commit
            await locked()

        monkeypatch.setattr(KVStore, "set", locked)  # where it was written before
        monkeypatch.setattr(engine.db, "write_now", now_locked)
        answer = await g.say("/我的", by="qq:43")
        mine = [a for a in answer if isinstance(a, PrivateMessage) and a.user_id == "qq:43"]
        assert mine and FOOTER not in _texts(answer)
    finally:
        await engine.close()


async def test_the_footer_is_counted_in_the_shared_store_once_a_day(tmp_path):
    engine = await make_engine(tmp_path, DISPATCH, clock=ManualClock(T0))
    try:
        g = FakeGroup(engine, "qq:1")
        await g.say(f"/求助 {LINK}", by="qq:42")
        assert FOOTER in _texts(await g.say("/我的", by="qq:43"))
        assert FOOTER not in _texts(await g.say("/我的", by="qq:43"))
        # another process sharing the database sees it shown: one row of the shared store
        row = "private_hint:qq:1:qq:43"
        assert await engine.db.read(lambda c: shared_store.last_hit(c, row)) == T0
        engine.clock.advance(86401)
        assert FOOTER in _texts(await g.say("/我的", by="qq:43"))
    finally:
        await engine.close()


async def test_a_plain_private_message_gets_its_hint_once_an_hour(tmp_path):
    engine = await make_engine(tmp_path, clock=ManualClock(T0))
    try:
        bot = Member("qq:77")
        [hint] = await engine.handle_private(bot, "你好")
        assert "/帮助" in hint.text
        assert await engine.handle_private(bot, "你好，我也是机器人") == []  # no ping-pong
        assert await engine.handle_private(Member("qq:78"), "你好")  # someone else: answered
        engine.clock.advance(3601)
        assert await engine.handle_private(bot, "你好")
    finally:
        await engine.close()


async def test_a_member_named_while_the_database_is_busy_gets_db_busy(tmp_path, monkeypatch):
    engine = await make_engine(tmp_path, clock=ManualClock(T0))
    try:
        g = FakeGroup(engine, "qq:3")
        await g.say("大家好", by="qq:40", name="阿强")

        async def busy(*_a, **_k):
            raise DatabaseBusy("locked")

        monkeypatch.setattr(engine, "members_named", busy)
        answer = _texts(await g.say("/警告 阿强 刷屏", by="qq:1", role=Role.ADMIN))
        assert "数据库正忙" in answer and "/警告" in answer
    finally:
        await engine.close()


async def test_a_reply_claim_while_the_database_is_busy_gets_db_busy(tmp_path, monkeypatch):
    engine = await make_engine(tmp_path, clock=ManualClock(T0))
    try:
        g = FakeGroup(engine, "qq:3")
        await g.say(f"/求助 {LINK}", by="qq:20")
        posted = g.last_id

        async def busy(*_a, **_k):
            raise sqlite3.OperationalError("database is locked")

        monkeypatch.setattr(engine, "_by_request_message", busy)
        answer = _texts(await g.say("已助", by="qq:21", reply_to=posted))
        assert "数据库正忙" in answer and "/已助" in answer
    finally:
        await engine.close()


async def test_members_with_one_name_are_listed_with_masked_numbers(tmp_path):
    engine = await make_engine(tmp_path, clock=ManualClock(T0))
    try:
        g = FakeGroup(engine, "qq:3")
        await g.say("大家好", by="qq:41234567", name="阿花")
        await g.say("大家好", by="qq:41234599", name="阿花")
        shared = _texts(await g.say("/警告 阿花", by="qq:1", role=Role.ADMIN))
        assert "2 位成员都叫「阿花」" in shared
        assert "41****67" in shared and "41****99" in shared
        assert "41234567" not in shared and "41234599" not in shared
    finally:
        await engine.close()


def test_mask_id_keeps_two_digits_each_end():
    from huzhu.core.texts import mask_id

    assert mask_id("tg:5123456789") == "51****89"
    assert mask_id("qq:12345") == "****"
