"""Disk full, read-only database: moderation still happens, admins are told, commands say so."""

from __future__ import annotations

import sqlite3

import pytest

from huzhu.core import DeleteMessage, Kick, Mute, NotifyAdmins, PrivateMessage, Role
from huzhu.testing import FakeGroup, of_type, text

YAML = """
defaults:
  commands: {rate: 1000}
  plugins:
    anti_scam: {strict_new_members: 0}
"""
SCAM = "帮我砍一刀 https://yangkeduo.com.evil.cn/bargain"
ADMIN = {"by": "qq:1", "role": Role.ADMIN}


@pytest.fixture
def disk_full(monkeypatch):
    """Make every write of an engine fail the way a full disk does."""

    def apply(engine):
        async def write(fn):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(engine.db, "write", write)

    return apply


async def test_a_scam_is_removed_and_muted_when_its_record_cannot_be_written(
    engine_factory, disk_full, caplog
):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    disk_full(engine)
    actions = await g.say(SCAM, by="qq:5")
    assert of_type(actions, DeleteMessage) and of_type(actions, Mute)
    assert "冒充官方" in text(of_type(actions, PrivateMessage))
    [notice] = of_type(actions, NotifyAdmins)
    assert "无法保存记录" in notice.text and "磁盘" in notice.text
    # the next scam is handled too; the admins and the log hear of the outage once
    again = await g.say(SCAM, by="qq:6")
    assert of_type(again, DeleteMessage) and of_type(again, Mute)
    assert not of_type(again, NotifyAdmins)
    outage = [r for r in caplog.records if "cannot be written" in r.getMessage()]
    assert len(outage) == 1


async def test_a_read_only_database_does_not_let_scams_through(engine_factory, tmp_path):
    engine = await engine_factory(YAML, data_dir=tmp_path / "ro")
    g = FakeGroup(engine, "qq:1")
    await g.say("大家好", by="qq:5")
    # the database becomes read-only under the running bot (a remount, a full quota)
    await engine.db.write(lambda c: c.exec_driver_sql("PRAGMA query_only = ON"))
    actions = await g.say(SCAM, by="qq:5")
    assert of_type(actions, DeleteMessage) and of_type(actions, Mute)
    assert "无法保存记录" in text(of_type(actions, NotifyAdmins))
    await _writable_again(engine)


async def _writable_again(engine) -> None:
    # the pragma forbids the very write that would lift it: lift it on the writer's connection
    conn = engine.db._writer_conn

    def lift() -> None:
        conn.exec_driver_sql("PRAGMA query_only = OFF")
        conn.commit()

    await engine.db._in_writer(lift)


async def test_commands_say_the_bot_cannot_save_right_now(engine_factory, disk_full):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    disk_full(engine)
    reply = text(await g.say("/警告 qq:5 别发广告", **ADMIN))
    assert "无法保存数据" in reply and "/警告 没有生效" in reply and "出错了" not in reply
    # a mute or kick an admin asked for still happens; the record is said to be missing
    actions = await g.say("/禁言 qq:5 10m 刷屏", **ADMIN)
    assert of_type(actions, Mute) == [Mute("qq:1", "qq:5", 600)]
    assert "没有记入审计" in text(actions)
    actions = await g.say("/踢出 qq:6", **ADMIN)
    assert of_type(actions, Kick) and "没有记入审计" in text(actions)


async def test_enforcement_that_fails_for_another_reason_still_removes_the_message(
    engine_factory, monkeypatch
):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")

    async def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(engine.db, "write", broken)
    actions = await g.say(SCAM, by="qq:5")
    assert of_type(actions, DeleteMessage)
    assert "请管理员手动检查" in text(of_type(actions, NotifyAdmins))
