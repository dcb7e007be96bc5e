"""Issue 22, round seven: the per-message framework cost (positional hook calls, the dict-based
Expiring, timeouts armed only for commands that wait, remembered /帮助 and short-text shapes)."""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from huzhu.core import GroupContext, Invocation, PluginMeta, Role, Verdict, hookimpl
from huzhu.core import engine as engine_mod
from huzhu.core.commands import RateLimiter
from huzhu.core.events import Member, MessageEvent, Severity
from huzhu.core.expiring import Expiring
from huzhu.core.plugin import CORE
from huzhu.testing import FakeGroup, text

G = "qq:1000"


# ---------------------------------------------------------------- the caller
async def test_hooks_get_their_arguments_whatever_their_signature(engine_factory):
    got: list[tuple[str, str, str]] = []

    def verdict(who: str) -> Verdict:
        return Verdict(f"{who}.x", Severity.INFO, who)

    class Plain:  # ctx, event: called by position
        __plugin_meta__ = PluginMeta(name="plain", description="d", default_enabled=True)

        @hookimpl
        def check_message(self, ctx: GroupContext, event: MessageEvent) -> Verdict:
            got.append(("plain", ctx.plugin, event.text))
            return verdict("plain")

    class Reversed:  # event first: called by keyword
        __plugin_meta__ = PluginMeta(name="rev", description="d", default_enabled=True)

        @hookimpl
        async def check_message(self, event: MessageEvent, ctx: GroupContext) -> Verdict:
            got.append(("rev", ctx.plugin, event.text))
            return verdict("rev")

    class NoCtx:
        __plugin_meta__ = PluginMeta(name="noctx", description="d", default_enabled=True)

        @hookimpl
        async def check_message(self, event: MessageEvent) -> None:
            await asyncio.sleep(0)  # suspends: finished under the timeout
            got.append(("noctx", "", event.text))

    class Extra:  # a keyword-only parameter with a default: by keyword
        __plugin_meta__ = PluginMeta(name="extra", description="d", default_enabled=True)

        @hookimpl
        def check_message(self, ctx: GroupContext, *, event: MessageEvent, x: int = 1) -> None:
            got.append(("extra", ctx.plugin, event.text))

    def logged(func: Any) -> Any:  # a decorator that reads its arguments by name
        @functools.wraps(func)
        def wrapper(**kwargs: Any) -> Any:
            got.append(("wrapped", kwargs["ctx"].plugin, kwargs["event"].text))
            return func(**kwargs)

        return wrapper

    class Wrapped:
        __plugin_meta__ = PluginMeta(name="wrapped", description="d", default_enabled=True)

        @hookimpl
        @staticmethod
        @logged
        def check_message(ctx: GroupContext, event: MessageEvent) -> None:
            return None

    plugins = [Plain(), Reversed(), NoCtx(), Extra(), Wrapped()]
    engine = await engine_factory(plugins=plugins, builtins=False)
    orders = {i.plugin: i.order for i in engine.caller.impls("check_message")}
    assert orders == {
        "plain": ("event",), "rev": None, "noctx": ("event",), "extra": None, "wrapped": None
    }  # fmt: skip
    enabled = frozenset({"plain", "rev", "noctx", "extra", "wrapped"})
    event = MessageEvent(G, Member("qq:1", ""), "hi", message_id="m1")
    results = await engine.caller.collect("check_message", G, enabled, event=event)
    assert sorted(got) == [
        ("extra", "extra", "hi"), ("noctx", "", "hi"), ("plain", "plain", "hi"),
        ("rev", "rev", "hi"), ("wrapped", "wrapped", "hi"),
    ]  # fmt: skip
    assert sorted(p for p, _ in results) == ["plain", "rev"]


# ---------------------------------------------------------------- commands
class Slow:
    __plugin_meta__ = PluginMeta(name="slow", description="d", default_enabled=True)

    @hookimpl
    def register_commands(self, register: Any) -> None:
        async def quick(inv: Invocation) -> str:
            return "quick done"

        async def waits(inv: Invocation) -> str:
            await asyncio.sleep(0)
            return "waited"

        async def hangs(inv: Invocation) -> str:
            await asyncio.sleep(60)
            return "never"

        register("快", quick, aliases=("quick",), summary="q")
        register("等", waits, aliases=("waits",), summary="w")
        register("卡", hangs, aliases=("hangs",), summary="h")


async def test_command_timeout_armed_only_when_the_handler_waits(engine_factory, monkeypatch):
    armed: list[float] = []
    real = asyncio.timeout

    def short(delay: float | None) -> Any:  # every budget cut to 50 ms, and counted
        armed.append(delay or 0)
        return real(0.05)

    engine = await engine_factory(plugins=[Slow()], builtins=False)
    monkeypatch.setattr(engine_mod.asyncio, "timeout", short)
    g = FakeGroup(engine, G)
    assert "quick done" in text(await g.say("/快"))
    assert armed == []
    assert "waited" in text(await g.say("/等"))
    assert len(armed) == 1
    said = text(await g.say("/卡"))
    assert "never" not in said and "卡" in said  # cut off: command_failed names it
    assert len(armed) == 2


async def test_help_follows_commands_added_later(engine_factory):
    # (the same list again is posted again: no "往上翻" pointer here)
    engine = await engine_factory("defaults:\n  commands: {repeat_within: 0}\n", builtins=False)
    g = FakeGroup(engine, G)
    before = text(await g.say("/帮助 全部"))
    assert "/快" not in before
    assert text(await g.say("/帮助 全部", by="qq:2")) == before  # remembered, the same
    Slow().register_commands(engine.commands.registrar(CORE))
    assert "/快" in text(await g.say("/帮助 全部", by="qq:3"))


# ---------------------------------------------------------------- small pieces
def test_expiring_is_bounded_and_keeps_the_newest():
    now = [0.0]
    e: Expiring[int, int] = Expiring(10.0, size=64, now=lambda: now[0])
    for k in range(64):
        e.put(k, k)
    e.put(0, 100)  # put again: the newest now
    e.put(64, 64)  # over: the oldest go (1 … 5) until a sixteenth of the room is free
    assert len(e) == 60 and e.get(0) == 100 and e.get(64) == 64
    assert [e.get(k) for k in range(1, 7)] == [None, None, None, None, None, 6]
    assert e.put_new(64, 0) is False and e.get(64) == 64  # fresh: kept
    now[0] = 10.0
    assert e.get(64) is None and e.put_new(64, 1) is True and e.get(64) == 1
    assert e.put_new(500, 5) is True and e.get(500) == 5


def test_rate_limiter_allows_as_it_counts():
    r = RateLimiter(2, 60)
    assert r.allows("k", 0.0)
    r.hit("k", 0.0)
    assert r.allows("k", 1.0)
    r.hit("k", 1.0)
    assert not r.allows("k", 2.0)
    assert r.allows("k", 60.5)  # the first hit left the window
    assert not r.allows("k", 2.0, limit=2) and r.allows("k", 2.0, limit=3)


async def test_roles_seen_are_roles(engine_factory):
    engine = await engine_factory(builtins=False)
    await FakeGroup(engine, G).say("hi", by="qq:7", role=Role.ADMIN)
    assert engine.member_role(G, "qq:7") is Role.ADMIN
    assert await engine.known_role(G, "qq:7") is Role.ADMIN
    assert engine.member_role(G, "qq:8") is Role.MEMBER
