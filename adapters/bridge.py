"""The nonebot plugin: ONE message matcher and ONE notice matcher feed the core.

Commands, permissions and rate limits are routed inside the core, not as
nonebot matchers: every extra matcher costs every event thread-pool hops.
The handlers take only ``Bot`` and ``Event`` (no sync dependencies).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Sequence

import nonebot
from nonebot import get_driver, get_plugin_config, on_message, on_notice
from nonebot.adapters import Bot, Event
from nonebot.log import LoguruHandler
from nonebot.plugin import PluginMetadata
from pydantic import BaseModel

from huzhu.adapters.platforms import translator_for
from huzhu.core.engine import Engine
from huzhu.core.events import Action

__plugin_meta__ = PluginMetadata(
    name="huzhu",
    description="互助群机器人：求助队列、助力值、群规与反诈",
    usage="在群里发送 /帮助",
    type="application",
    homepage="https://github.com/huzhu-bot/huzhu",
)

log = logging.getLogger("huzhu.bridge")
_huzhu_logger = logging.getLogger("huzhu")
if not any(isinstance(h, LoguruHandler) for h in _huzhu_logger.handlers):
    _huzhu_logger.addHandler(LoguruHandler())
    _huzhu_logger.setLevel(logging.INFO)
    _huzhu_logger.propagate = False


class Settings(BaseModel):
    """Settings read from nonebot's config (``.env`` or environment: HUZHU_CONFIG …)."""

    huzhu_config: str = "plugins.yaml"
    huzhu_data_dir: str = "data"
    huzhu_database_url: str | None = None


class Runtime:
    """The engine of this process and where to send actions for each group."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.group_bots: dict[str, str] = {}
        self.tick_task: asyncio.Task[None] | None = None

    def serves(self, bot: Bot, group_id: str) -> bool:
        """Whether ``bot`` answers for the group: one account per group.

        When two of our accounts sit in one group, both receive every message;
        the first to see the group serves it while it stays connected, so members
        never get two answers. If it disconnects, the next account to see a
        message takes over.
        """
        owner = self.group_bots.get(group_id)
        if owner is None or owner == bot.self_id or owner not in nonebot.get_bots():
            self.group_bots[group_id] = bot.self_id
            return True
        return False

    def require(self) -> Engine:
        """The running engine (raises before start-up)."""
        if self.engine is None:
            raise RuntimeError("huzhu engine is not started")
        return self.engine


runtime = Runtime()
driver = get_driver()


def _superusers() -> set[str]:
    out: set[str] = set()
    for raw in driver.config.superusers:
        if ":" in raw:
            out.add(raw)
        else:  # a bare nonebot SUPERUSERS id applies on every platform
            out.update(f"{p}:{raw}" for p in ("qq", "qqbot", "tg", "console"))
    return out


@driver.on_startup
async def _start() -> None:
    settings = get_plugin_config(Settings)
    engine = Engine.from_settings(
        config_path=settings.huzhu_config,
        data_dir=settings.huzhu_data_dir,
        database_url=settings.huzhu_database_url,
        extra_superusers=_superusers(),
    )
    result = await engine.start()
    runtime.engine = engine
    log.info(
        "huzhu started: %d plugins, %d configured groups, config %s (%d errors)",
        len(engine.registry.plugins), len(engine.config.groups), engine.config.source, len(result.errors),
    )  # fmt: skip
    runtime.tick_task = asyncio.create_task(_tick_loop(), name="huzhu-tick")
    if reload_on_sighup():
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, engine.request_reload)
    else:
        log.info("console chat: SIGHUP (closing the terminal) quits; reload with /重载")


def reload_on_sighup() -> bool:
    """SIGHUP reloads plugins.yaml, except when a console chat owns the terminal.

    There a hangup means the terminal is gone and the bot must exit, not keep
    drawing to nowhere.
    """
    return "Console" not in nonebot.get_adapters()


@driver.on_shutdown
async def _stop() -> None:
    if runtime.tick_task is not None:
        runtime.tick_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await runtime.tick_task
        runtime.tick_task = None
    if runtime.engine is not None:
        await runtime.engine.close()
        runtime.engine = None


async def _tick_loop() -> None:
    while True:
        engine = runtime.require()
        await asyncio.sleep(engine.config.tick_seconds)
        try:
            await send(await engine.tick())
        except Exception:
            log.exception("tick failed")


async def send(actions: Sequence[Action]) -> None:
    """Route actions (e.g. from ticks) to the bot that serves each group."""
    by_bot: dict[str, list[Action]] = {}
    for action in actions:
        bot_id = runtime.group_bots.get(action.group_id)
        if bot_id is None:
            log.warning("no bot known for %s; dropped %s", action.group_id, type(action).__name__)
            continue
        by_bot.setdefault(bot_id, []).append(action)
    for bot_id, items in by_bot.items():
        try:
            bot = nonebot.get_bot(bot_id)
        except KeyError:
            log.warning("bot %s is not connected; %d actions dropped", bot_id, len(items))
            continue
        translator = translator_for(bot)
        if translator is not None:
            await translator.execute(bot, items)


_messages = on_message(priority=50, block=False)
_notices = on_notice(priority=50, block=False)


@_messages.handle()
async def _on_message(bot: Bot, event: Event) -> None:
    translator = translator_for(bot)
    if translator is None or runtime.engine is None:
        return
    core_event = await translator.message(bot, event)
    if core_event is None:
        if translator.private_hint_target(bot, event) and event.get_plaintext().lstrip().startswith(
            ("/", "／")
        ):
            await bot.send(event, "请在群里使用命令。/ Please use commands in a group.")
        return
    if not runtime.serves(bot, core_event.group_id):
        return
    actions = await runtime.engine.handle_message(core_event)
    if actions:
        await translator.execute(bot, actions)


@_notices.handle()
async def _on_notice(bot: Bot, event: Event) -> None:
    translator = translator_for(bot)
    if translator is None or runtime.engine is None:
        return
    core_event = await translator.notice(bot, event)
    if core_event is None:
        return
    if not runtime.serves(bot, core_event.group_id):
        return
    actions = await runtime.engine.handle_member(core_event)
    if actions:
        await translator.execute(bot, actions)
