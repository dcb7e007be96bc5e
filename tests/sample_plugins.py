"""Small plugins used by the core's tests."""

from __future__ import annotations

import asyncio
from typing import Any

from huzhu.core import (
    Arg,
    GroupContext,
    Invocation,
    MessageEvent,
    PluginConfig,
    PluginMeta,
    Reply,
    Severity,
    Verdict,
    hookimpl,
)


class KeywordConfig(PluginConfig):
    word: str = "spam"
    severity: int = int(Severity.MINOR)
    remove: bool = False


class Keyword:
    """Flags messages containing ``word``; records every call."""

    __plugin_meta__ = PluginMeta(
        name="keyword", description="test keyword rule", config=KeywordConfig
    )

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    @hookimpl
    def check_message(self, ctx: GroupContext, event: MessageEvent) -> Verdict | None:
        self.calls.append((ctx.group_id, event.text))
        cfg: KeywordConfig = ctx.config  # type: ignore[assignment]
        if cfg.word in event.text:
            return Verdict(
                "keyword",
                Severity(cfg.severity),
                f"不要说 {cfg.word}",
                {"word": cfg.word},
                cfg.remove,
            )
        return None


class Boom:
    """Raises in every hook."""

    __plugin_meta__ = PluginMeta(name="boom", description="always raises", default_enabled=True)

    @hookimpl
    async def check_message(self, event: MessageEvent) -> None:
        raise RuntimeError("boom")

    @hookimpl
    def register_commands(self, register: Any) -> None:
        async def explode(inv: Invocation) -> str:
            raise ZeroDivisionError("explode")

        register("爆炸", explode, aliases=("explode",), summary="raises")


class Sleepy:
    """Never answers (until cancelled)."""

    __plugin_meta__ = PluginMeta(name="sleepy", description="hangs", default_enabled=True)

    @hookimpl
    async def check_message(self, event: MessageEvent) -> None:
        await asyncio.sleep(3600)


class Echo:
    """A command plugin with typed arguments and a KV counter."""

    __plugin_meta__ = PluginMeta(name="echo", description="echo things", default_enabled=True)

    @hookimpl
    def register_commands(self, register: Any) -> None:
        async def echo(inv: Invocation) -> str:
            return f"echo:{inv.args['text']}"

        async def count(inv: Invocation) -> str:
            n = int(await inv.ctx.kv.get("n", 0)) + 1
            await inv.ctx.kv.set("n", n)
            return f"count:{n}"

        async def poke(inv: Invocation) -> list[Reply]:
            return [
                Reply(
                    inv.event.group_id,
                    f"poke {inv.args['who']} x{inv.args['times'] or 1}",
                    mention=(inv.args["who"],),
                )
            ]

        async def later(inv: Invocation) -> str:
            return f"later:{inv.args['delay']}"

        register("回声", echo, aliases=("echo",), summary="repeat", args=(Arg("text", "text"),))
        register("计数", count, aliases=("count",), summary="count")
        register(
            "戳",
            poke,
            aliases=("poke",),
            summary="poke",
            args=(Arg("who", "member"), Arg("times", "int", optional=True)),
        )
        register(
            "稍后", later, aliases=("later",), summary="later", args=(Arg("delay", "duration"),)
        )
