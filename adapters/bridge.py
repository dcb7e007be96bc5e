"""The nonebot plugin: ONE matcher for messages, notices and join requests feeds the core.

Commands, permissions and rate limits are routed inside the core, not as
nonebot matchers: every extra matcher costs every event a check in its own
task (and sync dependencies thread-pool hops). The one handler takes no
parameters at all (it reads the bot and the event from the matcher's context)
and sends each event on by its type: messages (group and private), notices
(members joining and leaving) and requests (join requests); other events
(heartbeats) are ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterable, Sequence

import anyio
import nonebot
from nonebot import get_driver, get_plugin_config, on
from nonebot.adapters import Bot, Event
from nonebot.log import LoguruHandler
from nonebot.matcher import current_bot, current_event
from nonebot.plugin import PluginMetadata
from pydantic import BaseModel

from huzhu.adapters import metrics_http
from huzhu.adapters.platforms import (
    NONEBOT_PREFIXES,
    PLATFORMS,
    Translator,
    translator_for,
    translator_named,
)
from huzhu.core.engine import Directory, Engine
from huzhu.core.events import Action, Member, PrivateMessage
from huzhu.core.storage import bots as bots_store
from huzhu.core.web.activity import record_posts
from huzhu.core.web.console import refresh_overrides

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


#: seconds the engine's close (its pending writes) may take at shutdown, Ctrl+C or not
CLOSE_PATIENCE = 60


class Settings(BaseModel):
    """Settings read from nonebot's config (``.env`` or environment: HUZHU_CONFIG …)."""

    huzhu_config: str = "plugins.yaml"
    huzhu_data_dir: str = "data"
    huzhu_database_url: str | None = None


class Runtime:
    """The engine of this process and which bot account serves each group.

    One account answers per group. It is learnt from the group lists an account
    reports when it connects (OneBot ``get_group_list``), from the messages it
    receives, and, after a restart, from the database (the account that last
    served the group), so scheduled posts find their way in a quiet group.
    """

    def __init__(self) -> None:
        self.engine: Engine | None = None
        #: group → the account serving it now
        self.group_bots: dict[str, str] = {}
        #: group → accounts that said they are in it (group lists, stored state)
        self.reach: dict[str, set[str]] = {}
        #: serving accounts not yet written to the database
        self._unsaved: dict[str, str] = {}
        #: accounts connected since the last tick, whose groups are not listed yet
        self.unlisted: set[str] = set()
        self.tick_task: asyncio.Task[None] | None = None

    def serves(self, bot: Bot, group_id: str) -> bool:
        """Whether ``bot`` answers for the group: one account per group.

        When two of our accounts sit in one group, both receive every message;
        the first to see the group serves it while it stays connected, so members
        never get two answers. If it disconnects, the next account to see a
        message takes over.
        """
        owner = self.group_bots.get(group_id)
        if owner == bot.self_id and owner in self.reach.get(group_id, ()):
            return True  # nearly every message: the group's account, nothing to learn
        if owner is None or owner == bot.self_id or owner not in nonebot.get_bots():
            self.assign(group_id, bot.self_id)
            self.reach.setdefault(group_id, set()).add(bot.self_id)
            return True
        return False

    def assign(self, group_id: str, bot_id: str) -> None:
        """``bot_id`` serves the group from now on (stored with the next flush)."""
        if self.group_bots.get(group_id) != bot_id:
            self.group_bots[group_id] = bot_id
            self._unsaved[group_id] = bot_id

    def bot_for(self, group_id: str) -> str | None:
        """The connected account that serves the group, choosing one if needed."""
        bots = nonebot.get_bots()
        owner = self.group_bots.get(group_id)
        if owner is not None and owner in bots:
            return owner
        for candidate in sorted(self.reach.get(group_id, ())):
            if candidate in bots:
                self.assign(group_id, candidate)
                return candidate
        return None

    def reachable(self, group_id: str) -> bool:
        """Whether a connected account can post in the group now."""
        return self.bot_for(group_id) is not None

    def learn(self, bot_id: str, groups: Iterable[str]) -> None:
        """An account is in these groups: it serves those no connected account serves."""
        bots = nonebot.get_bots()
        for gid in groups:
            self.reach.setdefault(gid, set()).add(bot_id)
            owner = self.group_bots.get(gid)
            if owner is None or owner not in bots:
                self.assign(gid, bot_id)

    async def load(self, engine: Engine) -> None:
        """Read which account served each group before the restart."""
        stored = await engine.db.read(bots_store.served)
        for gid, bot_id in stored.items():
            self.group_bots.setdefault(gid, bot_id)
            self.reach.setdefault(gid, set()).add(bot_id)

    async def save(self) -> None:
        """Write the serving accounts that changed (one transaction); never raises.

        Rare: a group's first message after start-up, an account connecting.
        """
        if not self._unsaved or self.engine is None:
            return
        engine, unsaved = self.engine, self._unsaved
        self._unsaved = {}
        now = engine.clock.time()
        rows = [(gid, bot_id, now) for gid, bot_id in unsaved.items()]
        try:
            await engine.db.write(lambda c: bots_store.remember(c, rows))
        except Exception as exc:
            self._unsaved = {**unsaved, **self._unsaved}
            log.error("could not store which account serves which group: %r", exc)

    def require(self) -> Engine:
        """The running engine (raises before start-up)."""
        if self.engine is None:
            raise RuntimeError("huzhu engine is not started")
        return self.engine


runtime = Runtime()
driver = get_driver()
metrics_http.install(driver)  # /metrics (huzhu.adapters.metrics_http)

# the web console: mounted on nonebot's server now, its engine attached at start-up
from huzhu.adapters.web import web as _web  # noqa: E402

_web.mount()


def namespace_superusers(
    raw: Iterable[str], platforms: Sequence[str]
) -> tuple[set[str], list[str]]:
    """nonebot's ``SUPERUSERS`` as huzhu ids, and the entries refused.

    ``qq:123`` / ``tg:123`` / ``qqbot:<openid>`` / ``console:<id>`` are taken as
    they are, nonebot's own ``onebot:123`` / ``telegram:123`` as ``qq:`` / ``tg:``.
    A bare ``123`` belongs to the platform it came from: the one platform this
    process runs; with several, it is refused (the same number on QQ and on
    Telegram is two different people).
    """
    out: set[str] = set()
    refused: list[str] = []
    for item in raw:
        item = str(item).strip()
        prefix, sep, rest = item.partition(":")
        if sep and prefix and rest:
            out.add(f"{NONEBOT_PREFIXES.get(prefix.lower(), prefix.lower())}:{rest}")
        elif item and len(platforms) == 1:
            out.add(f"{platforms[0]}:{item}")
        elif item:
            refused.append(item)
    return out, refused


def _superusers() -> set[str]:
    platforms = sorted({PLATFORMS[name] for name in nonebot.get_adapters() if name in PLATFORMS})
    out, refused = namespace_superusers(driver.config.superusers, platforms)
    for item in refused:
        examples = " 或 ".join(f"{p}:{item}" for p in platforms)
        log.error(
            "SUPERUSERS 中的 %s 没有写平台，而本进程同时运行 %s：已忽略。请写成 %s。",
            item, "、".join(platforms), examples,
        )  # fmt: skip
    return out


def _directory(translator: Translator) -> Directory:
    """The engine's member directory for one platform: asks through the serving account."""

    async def lookup(group_id: str, member_id: str) -> Member | None:
        bot_id = runtime.bot_for(group_id)
        bot = nonebot.get_bots().get(bot_id) if bot_id is not None else None
        if bot is None:
            return None
        return await translator.lookup(bot, group_id, member_id)

    return lookup


def _register_directories(engine: Engine) -> None:
    for name in nonebot.get_adapters():
        platform = PLATFORMS.get(name)
        translator = translator_named(name)
        if platform is None or translator is None:
            continue
        if type(translator).lookup is not Translator.lookup:
            engine.set_directory(platform, _directory(translator))


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
    await runtime.load(engine)
    engine.pacer.reachable = runtime.reachable
    _register_directories(engine)
    log.info(
        "huzhu started: %d plugins, %d configured groups, config %s (%d errors)",
        len(engine.registry.plugins), len(engine.config.groups), engine.config.source, len(result.errors),
    )  # fmt: skip
    runtime.tick_task = asyncio.create_task(_tick_loop(), name="huzhu-tick")
    await _web.start(engine, send)
    for bot in list(nonebot.get_bots().values()):  # connected before the engine was ready
        await _ready(bot)
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
    await _web.stop()
    if runtime.tick_task is not None:
        runtime.tick_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await runtime.tick_task
        runtime.tick_task = None
    if runtime.engine is not None:
        # shielded: a second Ctrl+C (nonebot's "force quit") must not cut the last writes
        # short; bounded, so a database that never answers still lets the process end
        with anyio.move_on_after(CLOSE_PATIENCE, shield=True) as scope:
            await runtime.engine.close()
        if scope.cancelled_caught:
            log.error("the database did not close within %d seconds; writes may be lost",
                      CLOSE_PATIENCE)  # fmt: skip
        runtime.engine = None


async def _tick_loop() -> None:
    task = asyncio.current_task()
    while True:
        engine = runtime.require()
        await asyncio.sleep(engine.config.tick_seconds)
        try:
            await _list_groups()
            # settings changed by `huzhu web` in another process are taken up within a tick
            await refresh_overrides(engine)
            actions = await engine.tick()
            await send(actions)
            await record_posts(engine, actions)  # the console's chart of posts against the cap
        except Exception:
            log.exception("tick failed")
        if task is not None and task.cancelling():
            # stopped during a write that had started: Database.write finishes it and returns
            # instead of raising, so the cancellation ends the loop here (else _stop waits on)
            raise asyncio.CancelledError


@driver.on_bot_connect
async def _connected(bot: Bot) -> None:
    """A new account: its groups are listed before the next tick sends anything."""
    runtime.unlisted.add(bot.self_id)
    if runtime.engine is not None:
        await _ready(bot)


async def _ready(bot: Bot) -> None:
    """Tell the bot's translator the engine serves it (the local chat greets); never raises."""
    translator = translator_for(bot)
    if translator is None:
        return
    try:
        await translator.ready(bot)
    except Exception:
        log.exception("%s: could not get ready", bot.adapter.get_name())


async def _list_groups() -> None:
    """Learn the groups of newly connected accounts (their group list, else stored state)."""
    bots = nonebot.get_bots()
    for bot_id in sorted(runtime.unlisted):
        runtime.unlisted.discard(bot_id)
        bot = bots.get(bot_id)
        translator = translator_for(bot) if bot is not None else None
        if bot is None or translator is None:
            continue
        try:
            async with asyncio.timeout(15):
                groups = await translator.groups(bot)
        except Exception as exc:
            log.warning("%s: cannot list the groups of %s: %r", translator.platform, bot_id, exc)
            continue
        if groups is not None:  # None: the stored state (Runtime.load) still names the account
            runtime.learn(bot_id, groups)
            log.info("%s account %s is in %d groups", translator.platform, bot_id, len(groups))
    await runtime.save()


async def send(actions: Sequence[Action]) -> None:
    """Route actions (e.g. from ticks) to the bot that serves each group."""
    by_bot: dict[str, list[Action]] = {}
    for action in actions:
        bot_id = runtime.bot_for(action.group_id)
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


#: ONE matcher for every event: nonebot checks each matcher (in its own task) for each
#: event, so typed matchers for notices and requests cost every message a check; this one
#: sends the event on by its type (a string), messages first
_events = on(priority=50, block=False)


@_events.handle()
async def _on_event() -> None:
    # no parameters: nonebot solves each declared one (``bot: Bot``) in a task of its own, its
    # type checked in another: four tasks and two task groups per event, more than the core
    # spends on a message; the running matcher has the bot and the event in its context
    bot, event = current_bot.get(), current_event.get()
    kind = event.get_type()
    if kind == "message":
        await _on_message(bot, event)
    elif kind == "notice":
        await _on_notice(bot, event)
    elif kind == "request":
        await _on_request(bot, event)


async def _answer_here(bot: Bot, event: Event, platform: str, text: str) -> None:
    """Answer a private message in its own chat; a platform that refuses (a Telegram member
    who blocked the bot since) is logged, never raised into nonebot."""
    try:
        await bot.send(event, text)
    except Exception as exc:
        log.info("%s: private answer to %s failed (%r)", platform, event.get_user_id(), exc)


async def _on_message(bot: Bot, event: Event) -> None:
    translator = translator_for(bot)
    if translator is None or runtime.engine is None:
        return
    core_event = await translator.message(bot, event)
    if core_event is None:
        text = event.get_plaintext() if translator.private_hint_target(bot, event) else ""
        if text.strip():
            # a muted member's /申诉 and the help commands come privately; a plain message
            # gets a one-line hint (/帮助); any other command belongs in the group
            sender = Member(f"{translator.platform}:{event.get_user_id()}")
            actions = await runtime.engine.handle_private(sender, text)
            if actions == []:  # handled, nothing to say (a hint given within the hour)
                return
            if actions:
                # an answer about no group (``platform:0``) goes back in this very chat
                rest: list[Action] = []
                for action in actions:
                    if (isinstance(action, PrivateMessage) and action.group_id.endswith(":0")
                            and action.user_id == sender.id):  # fmt: skip
                        await _answer_here(bot, event, translator.platform, action.text)
                    else:
                        rest.append(action)
                await translator.execute(bot, rest)
            else:
                await _answer_here(bot, event, translator.platform,
                                   "请在群里使用命令（被禁言时可私聊发 /申诉 理由）。"
                                   "/ Please use commands in a group.")  # fmt: skip
        return
    if not runtime.serves(bot, core_event.group_id):
        return
    if runtime._unsaved:  # a group's first message since start-up
        await runtime.save()
    actions = await runtime.engine.handle_message(core_event)
    if actions:
        await translator.execute(bot, actions)


async def _on_notice(bot: Bot, event: Event) -> None:
    translator = translator_for(bot)
    if translator is None or runtime.engine is None:
        return
    core_event = await translator.notice(bot, event)
    if core_event is None:
        return
    if not runtime.serves(bot, core_event.group_id):
        return
    await runtime.save()
    actions = await runtime.engine.handle_member(core_event)
    if actions:
        await translator.execute(bot, actions)


async def _on_request(bot: Bot, event: Event) -> None:
    """A join request: the serving account lets the core decide and carries the decision out."""
    translator = translator_for(bot)
    if translator is None or runtime.engine is None:
        return
    core_event = await translator.request(bot, event)
    if core_event is None:
        return
    if not runtime.serves(bot, core_event.group_id):
        return
    await runtime.save()
    actions = await runtime.engine.handle_join_request(core_event)
    if actions:
        await translator.execute(bot, actions)
