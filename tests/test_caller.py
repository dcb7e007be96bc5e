"""The one hook caller: isolation, timeouts, per-group enabling, config injection, order."""

from __future__ import annotations

import logging
import time

from huzhu.core import GroupContext, HelpRequest, PluginMeta, hookimpl
from huzhu.testing import FakeGroup, text
from tests.sample_plugins import Boom, Keyword, Sleepy

YAML = """
defaults:
  plugins:
    keyword: {word: spam}
groups:
  "qq:1":
    plugins:
      keyword: {word: eggs}
  "qq:2":
    plugins:
      keyword: false
"""


async def test_raising_plugin_does_not_stop_the_others(engine_factory, caplog):
    kw = Keyword()
    engine = await engine_factory(YAML, plugins=[Boom(), kw], builtins=False)
    with caplog.at_level(logging.ERROR, logger="huzhu.hooks"):
        actions = await FakeGroup(engine, "qq:9").say("spam spam")
    assert "不要说 spam" in text(actions)
    assert kw.calls == [("qq:9", "spam spam")]
    record = next(r for r in caplog.records if "raised" in r.getMessage())
    assert (
        "boom" in record.getMessage()
        and "check_message" in record.getMessage()
        and "qq:9" in record.getMessage()
    )
    assert engine.caller.failures[("boom", "check_message")] == 1


async def test_hanging_plugin_is_cut_off_by_the_timeout(engine_factory, caplog):
    kw = Keyword()
    engine = await engine_factory(
        "hook_timeout: 0.2\n" + YAML, plugins=[Sleepy(), kw], builtins=False
    )
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="huzhu.hooks"):
        actions = await FakeGroup(engine, "qq:9").say("spam")
    assert time.monotonic() - started < 2
    assert "不要说 spam" in text(actions)
    assert any("sleepy timed out in hook check_message" in r.getMessage() for r in caplog.records)


async def test_disabled_plugin_is_never_called(engine_factory):
    kw = Keyword()
    engine = await engine_factory(YAML, plugins=[kw], builtins=False)
    assert await FakeGroup(engine, "qq:2").say("spam") == []
    assert kw.calls == []


async def test_each_group_gets_its_own_config(engine_factory):
    kw = Keyword()
    engine = await engine_factory(YAML, plugins=[kw], builtins=False)
    assert await FakeGroup(engine, "qq:1").say("spam") == []  # qq:1 bans eggs, not spam
    assert "eggs" in text(await FakeGroup(engine, "qq:1").say("eggs"))
    assert "spam" in text(await FakeGroup(engine, "qq:3").say("spam"))  # defaults


class First:
    __plugin_meta__ = PluginMeta(name="first", description="", default_enabled=True)

    @hookimpl(tryfirst=True)
    def rank_queue(self, requests: list[HelpRequest]) -> list[HelpRequest]:
        return list(reversed(requests))


class Second:
    __plugin_meta__ = PluginMeta(name="second", description="", default_enabled=True)

    def __init__(self) -> None:
        self.called = False

    @hookimpl
    async def rank_queue(self, ctx: GroupContext, requests: list[HelpRequest]) -> list[HelpRequest]:
        self.called = True
        return requests


async def test_first_result_wins_and_tryfirst_orders(engine_factory):
    second = Second()
    engine = await engine_factory(None, plugins=[First(), second], builtins=False)
    reqs = [HelpRequest(i, "qq:1", "qq:2", "l", "pdd", "砍价") for i in (1, 2)]
    enabled = engine.resolver.group("qq:1").enabled
    ranked = await engine.caller.first("rank_queue", "qq:1", enabled, requests=reqs)
    assert [r.id for r in ranked] == [2, 1]
    assert not second.called


async def test_plugin_may_take_fewer_arguments(engine_factory):
    engine = await engine_factory(None, plugins=[Second()], builtins=False)
    impl = engine.caller.impls("rank_queue")[0]
    assert impl.argnames == ("ctx", "requests")
