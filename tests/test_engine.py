"""Message flow and command routing through the core, without nonebot."""

from __future__ import annotations

import time

from huzhu.core import Role
from huzhu.testing import FakeGroup, text
from tests.sample_plugins import Boom, Echo, Keyword

YAML = """
superusers: ["qq:1"]
defaults:
  plugins:
    keyword: {word: spam}
  commands: {rate: 5, window: 60s}
groups:
  "qq:500":
    language: en
    plugins:
      echo: false
"""


async def _engine(engine_factory, **kw):
    return await engine_factory(YAML, plugins=[Echo(), Keyword(), Boom()], **kw)


async def test_help_lists_commands_by_role(engine_factory):
    engine = await _engine(engine_factory)
    g = FakeGroup(engine)
    member_help = text(await g.say("/帮助 全部"))
    assert "【其他】\n/爆炸　raises\n/回声　repeat" in member_help  # plugins' own, in order
    assert "/群规　查看群规" in member_help
    assert "/启用" not in member_help  # admin only
    admin_help = text(await g.say("/help all", by="qq:7", role=Role.ADMIN))
    assert (
        "/启用　在本群启用一个功能（写中文名或英文名）　例：/启用 求助队列" in admin_help
        and "/重载" not in admin_help
    )
    assert "/重载　重新加载配置文件" in text(await g.say("/帮助 全部", by="qq:1"))
    assert "用法：/戳 who [次数]" in text(await g.say("/帮助 戳"))


async def test_full_width_prefix_aliases_and_botname(engine_factory):
    engine = await _engine(engine_factory)
    g = FakeGroup(engine)
    assert text(await g.say("／回声 你好 世界")) == "echo:你好 世界"
    assert text(await g.say("/ECHO hi")) == "echo:hi"
    # a suffix left by the translator addresses another bot (Telegram strips its own)
    assert await g.say("/echo@other_bot hi") == []
    assert await g.say("回声 不是命令") == []


async def test_typed_arguments_and_usage_errors(engine_factory, clock):
    engine = await _engine(engine_factory)
    g = FakeGroup(engine)
    assert text(await g.say("/戳", mentions=["qq:9"])) == "poke qq:9 x1"
    assert text(await g.say("/戳 12345 3")) == "poke qq:12345 x3"
    assert "「次数」不对：应为数字" in text(await g.say("/戳 12345 three"))
    assert "用法：/回声 内容" in text(await g.say("/回声"))
    assert "请 @ 一位成员" in text(await g.say("/戳"))
    clock.advance(61)  # past the per-member rate limit
    assert text(await g.say("/稍后 10分钟")) == "later:600"
    assert "应为时长" in text(await g.say("/稍后 soon"))
    assert "用法" in text(await g.say("/计数 extra"))


async def test_unknown_command_hint_is_rate_limited(engine_factory, clock):
    engine = await _engine(engine_factory)
    g = FakeGroup(engine)
    first = text(await g.say("/回生"))
    assert "没有 /回生 这个命令" in first and "/回声" in first
    assert await g.say("/zzz") == []  # one hint per minute
    clock.advance(61)
    assert "没有 /zzz" in text(await g.say("/zzz"))


async def test_disabled_plugin_command_says_so(engine_factory):
    engine = await _engine(engine_factory)
    reply = text(await FakeGroup(engine, "qq:500").say("/echo hi"))
    assert "'echo', which is not enabled here" in reply


async def test_permission_refusal(engine_factory):
    engine = await _engine(engine_factory)
    g = FakeGroup(engine)
    assert "/启用 需要管理员权限" in text(await g.say("/启用 echo"))
    assert "/重载 需要超级管理员权限" in text(await g.say("/重载", role=Role.OWNER))


async def test_per_member_rate_limit_tells_once(engine_factory, clock):
    engine = await _engine(engine_factory)
    g = FakeGroup(engine)
    for i in range(5):
        assert text(await g.say(f"/echo {i}")) == f"echo:{i}"
    assert "命令发得太快了（每1分钟最多 5 条），请1分钟后再试" in text(await g.say("/echo 5"))
    assert await g.say("/echo 6") == []
    assert text(await g.say("/echo other", by="qq:43")) == "echo:other"  # others unaffected
    assert "群规" in text(await g.say("/群规"))  # help and rules are exempt
    clock.advance(61)
    assert text(await g.say("/echo 7")) == "echo:7"


async def test_failing_command_gets_a_clear_reply(engine_factory):
    engine = await _engine(engine_factory)
    assert "处理 /爆炸 时出错了" in text(await FakeGroup(engine).say("/爆炸"))


async def test_huge_and_odd_messages_in_bounded_time(engine_factory):
    engine = await _engine(engine_factory)
    g = FakeGroup(engine)
    huge = "好" * 100_000
    started = time.monotonic()
    # longer than anti_scam reads (SCAN_LIMIT): removed unread, with a word why, no strike
    assert "请分成几条发送" in text(await g.say(huge))
    assert "命令太长" in text(await g.say("/echo " + "好" * 2_000))
    odd = "\u202e\u200b\U0001f600\ufeff/\u0000echo \udcff"
    await g.say(odd)
    await g.say("/" + "\u0301" * 5000)
    await g.say("／")
    assert time.monotonic() - started < 5


async def test_kv_store_persists_across_restart(engine_factory, tmp_path, clock):
    data = tmp_path / "kv"
    engine = await engine_factory(YAML, plugins=[Echo(), Keyword(), Boom()], data_dir=data)
    g = FakeGroup(engine)
    assert text(await g.say("/计数")) == "count:1"
    assert text(await g.say("/计数")) == "count:2"
    await engine.close()
    engine2 = await engine_factory(YAML, plugins=[Echo(), Keyword(), Boom()], data_dir=data)
    assert text(await FakeGroup(engine2).say("/计数")) == "count:3"
    assert text(await FakeGroup(engine2, "qq:77").say("/计数")) == "count:1"  # per group


async def test_violation_stops_the_command(engine_factory):
    engine = await _engine(engine_factory)
    actions = await FakeGroup(engine).say("/echo spam")
    assert "echo:" not in text(actions) and "不要说 spam" in text(actions)


async def test_english_group(engine_factory):
    engine = await _engine(engine_factory)
    reply = text(await FakeGroup(engine, "qq:500").say("/nothing"))
    assert reply.startswith("There is no /nothing command.")
    assert "Your commands (send /help <command> for usage and examples" in text(
        await FakeGroup(engine, "qq:500").say("/help all")
    )
