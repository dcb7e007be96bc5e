"""The engine: neutral events in, hooks and enforcement and commands, neutral actions out."""

from __future__ import annotations

import asyncio
import dataclasses
import difflib
import functools
import gc
import inspect
import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huzhu.core import config as config_mod
from huzhu.core import metrics
from huzhu.core.caller import HookCaller, finish_started, flatten
from huzhu.core.clock import Clock, SystemClock
from huzhu.core.commands import (
    ArgError,
    Command,
    CommandTable,
    Invocation,
    MemberName,
    RateLimiter,
    UsageError,
    parse_args,
    split_command,
)
from huzhu.core.config import ConfigError, HuzhuConfig, LoadResult
from huzhu.core.context import GroupContext, KVStore
from huzhu.core.durations import format_duration
from huzhu.core.events import (
    Action,
    Capabilities,
    DecideJoin,
    DeleteMessage,
    HelpRequest,
    JoinRequest,
    Kick,
    Member,
    MemberEvent,
    MessageEvent,
    Mute,
    NotifyAdmins,
    PrivateMessage,
    PrivateNotes,
    Reply,
    Role,
    ScheduledItem,
    Verdict,
)
from huzhu.core.expiring import Expiring
from huzhu.core.help import listed as help_listed
from huzhu.core.i18n import EMPTY, join_list
from huzhu.core.moderation.enforcement import Enforcer, is_storage_error
from huzhu.core.plugin import CORE, NoConfig, PluginRegistry
from huzhu.core.repeats import RepeatGuard
from huzhu.core.repeats import ago as repeat_ago
from huzhu.core.requests import privately
from huzhu.core.requests.dispatch_memory import DispatchMemory
from huzhu.core.requests.helpdata import GroupData, reads_still_hold
from huzhu.core.requests.helpdesk import REPLY_ONLY_WORDS, seqs_in_reply
from huzhu.core.requests.links import (
    PLATFORM_NAMES,
    PLATFORM_NAMES_EN,
    POINTER_EXAMPLES,
    ShareLink,
    find_share,
    looks_shared,
)
from huzhu.core.resolver import GroupSettings, Resolver
from huzhu.core.schedule.pacing import DELIVER, Pacer, from_payload
from huzhu.core.schedule.scheduler import Schedule, Scheduler
from huzhu.core.shared import LocalState, shared_state
from huzhu.core.standing import RecordChanges
from huzhu.core.storage import dispatch as dispatch_store
from huzhu.core.storage import identity as identity_store
from huzhu.core.storage import repo
from huzhu.core.storage import requests as requests_store
from huzhu.core.storage import shared as shared_store
from huzhu.core.storage.db import (
    Database,
    DatabaseBusy,
    reset_withdrawn,
    sqlite_url,
    write_withdrawn,
)
from huzhu.core.texts import TEXTS, mask_id
from huzhu.core.trust.proof import BUDGET as EVIDENCE_BUDGET

log = logging.getLogger("huzhu.engine")
#: the one command members may send privately (a muted member cannot post in the group)
APPEAL = "申诉"
#: identity binding is done privately too (``huzhu.core.identity.bindings``)
BINDING = ("绑定", "解绑")
#: the plugin whose groups stand together (``huzhu.core.identity.alliances``)
ALLIANCE = "alliance"
#: a character every share link or 口令 has (a dot, a slash, a currency sign, ！, brackets)
_MAY_SHARE = re.compile(r"[.。．:/／¥￥€$＄₴¢₤₰₳¤₵!！(（]")
#: 已助 12 / 已助#12 / 已助 #12 without the slash
_WORD_AND_NUMBER = re.compile(r"\s*(\S{1,8}?)\s*[#＃]?\s*([0-9０-９]{1,9})\s*[!！。.~]*\s*$")
#: a command word with its number glued on (``已助3``, ``helped1``)
_GLUED_NUMBER = re.compile(r"^(\D{1,12}?)[#＃]?([0-9０-９]{1,9})$")
#: ``_recognise``'s placeholder for a request number read from the replied-to message's id
_BY_MESSAGE = "#by-message"
ACTION_TYPES = (
    Reply, PrivateMessage, DeleteMessage, Mute, Kick, NotifyAdmins, DecideJoin, PrivateNotes,
)  # fmt: skip
_NO_CONFIG = NoConfig()
#: a message longer than this is conversation, not a bare 帮助 or a bare share link
_POINTER_SCAN = 500

#: a platform's member directory: (group id, member id) → the member's name and role,
#: or None when the platform cannot say (registered by the bridge per platform)
Directory = Callable[[str, str], Awaitable[Member | None]]
#: how long one directory lookup may take before the engine gives up on it
LOOKUP_TIMEOUT = 3.0
#: a role seen in chat or told by the platform is trusted this long for rank checks
ROLE_TTL = 600.0
#: a name is kept in memory this long (members who speak refresh theirs)
NAME_TTL = 86_400.0
#: a member the platform could not find is not asked about again for this long
MISS_TTL = 300.0
#: members recorded per write when the sightings are flushed (each write a few ms)
TOUCH_BATCH = 1000
#: bounds of the in-memory member caches and of the message ids remembered
CACHE_SIZE = 100_000


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did."""

    applied: bool
    errors: list[ConfigError]
    groups: int


class Engine:
    """One per bot process; platform adapters feed it and execute what it returns."""

    def __init__(
        self,
        db: Database,
        *,
        registry: PluginRegistry | None = None,
        config_path: str | Path | None = None,
        clock: Clock | None = None,
        extra_superusers: Iterable[str] = (),
    ) -> None:
        self.db = db
        self.clock = clock or SystemClock()
        self.config_path = Path(config_path) if config_path else None
        if registry is None:
            registry = PluginRegistry()
            registry.load_entry_points()
        self.registry = registry
        self.extra_superusers = frozenset(extra_superusers)
        self.resolver = Resolver(registry, HuzhuConfig())
        self.caller = HookCaller(
            registry, self._context, settings_of=lambda gid: self.resolver.group(gid)
        )
        self.commands = CommandTable()
        self.enforcer = Enforcer(
            db, self.clock, self.rule_title, lambda g, m: self.display_name(g, m)
        )
        self.scheduler = Scheduler(db, lambda gid: self.resolver.group(gid).timezone)
        #: what several processes sharing the database must agree on (core/shared.py)
        self.shared = shared_state(db)
        self.pacer = Pacer(lambda gid: self.resolver.group(gid), lambda gid: self.schedule(gid))
        self.pacer.shared = self.shared
        self._kv_cache: dict[tuple[str, str, str], Any] = {}
        self._contexts: dict[tuple[str, str], tuple[GroupSettings, GroupContext]] = {}
        self._pointer_limiter = RateLimiter(1, 600)
        self._groups_seen: set[str] = set()
        #: (group, member) → display name (seen in chat, stored or asked), and who was
        #: seen since the last flush; names learnt from a platform directory wait in
        #: ``_named`` to be stored
        self._names: Expiring[tuple[str, str], str] = Expiring(NAME_TTL, CACHE_SIZE)
        #: members with no name anywhere (not stored, the platform had none): the database is
        #: not asked again for ``MISS_TTL`` (a name seen or learnt meanwhile wins: it is in _names)
        self._unnamed: Expiring[tuple[str, str], bool] = Expiring(MISS_TTL, CACHE_SIZE)
        #: first sightings read from the members table: they never change once stored
        self._first_seen: Expiring[tuple[str, str], float] = Expiring(NAME_TTL, CACHE_SIZE)
        #: records changed without a hook (a pardon): caches derived from them compare with it
        self.record_changes = RecordChanges()
        self._misses: Expiring[tuple[str, str], bool] = Expiring(MISS_TTL, CACHE_SIZE)
        #: group → member → (name, when) seen since the last flush (by group: 派单 reads one
        #: group's without walking every group's)
        self._seen: dict[str, dict[str, tuple[str, float]]] = {}
        #: 派单's per-group state, kept in memory and written through (core/requests/dispatch_memory)
        self.dispatch_memory = DispatchMemory()
        #: member → the group they last wrote in (where a command sent privately belongs)
        self._last_group: Expiring[str, str] = Expiring(NAME_TTL, CACHE_SIZE)
        #: group → whether its platform writes privately (from the latest message's caps)
        self._can_private: dict[str, bool] = {}
        self._named: dict[tuple[str, str], str] = {}
        #: (group, member) → (role, when it was seen in chat or told by the platform)
        #: (the role as a plain int: a tuple of plain values leaves the garbage collector's
        #: view, one holding an enum member is walked by every collection while it lives)
        self._roles: Expiring[tuple[str, str], tuple[int, float]] = Expiring(NAME_TTL, CACHE_SIZE)
        #: platform prefix ("qq", "tg" …) → its member directory (see ``set_directory``)
        self.directories: dict[str, Directory] = {}
        self._scratch: dict[tuple[str, str], dict[str, Any]] = {}
        #: the last answer of /帮助, /排行 … in each group (``huzhu.core.repeats``)
        self.repeats = RepeatGuard()
        self._commands_from: set[str] = set()
        #: (command table version, enabled plugins, role) → the commands visible (/帮助)
        self._visible: dict[tuple[int, frozenset[str], Role], tuple[Command, ...]] = {}
        self._started = False
        self.last_load: LoadResult | None = None
        self._reload_lock = asyncio.Lock()
        self._reload_tasks: set[asyncio.Task[ReloadResult]] = set()
        metrics.watch(self)  # metrics: this engine's hook failures and write queue

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def from_settings(
        cls,
        *,
        config_path: str | Path | None = None,
        data_dir: str | Path = "data",
        database_url: str | None = None,
        clock: Clock | None = None,
        registry: PluginRegistry | None = None,
        extra_superusers: Iterable[str] = (),
    ) -> Engine:
        """Build an engine from the usual settings (SQLite under ``data_dir`` by default)."""
        db = Database(database_url or sqlite_url(data_dir))
        return cls(
            db,
            registry=registry,
            config_path=config_path,
            clock=clock,
            extra_superusers=extra_superusers,
        )

    async def start(self) -> LoadResult:
        """Open the database, load the config and overrides, register commands."""
        await self.db.open()
        from huzhu.core import admin

        admin.register(self)
        from huzhu.core.requests import helpdesk

        self.helpdesk = helpdesk.register(self)
        from huzhu.core.trust.claims import EvidenceDesk

        self.evidence = EvidenceDesk(self)
        from huzhu.core.moderation import commands as moderation

        self.moderation = moderation.register(self)
        from huzhu.core.identity import bindings

        bindings.register(self)
        # the config first: its plugins_dir may add plugins whose commands register below
        result = config_mod.load(self.config_path, self.registry)
        self._register_plugin_commands()
        for err in result.errors:
            log.error("config: %s", err)
        self.last_load = result
        rows = await self.db.read(repo.overrides_all)
        overrides: dict[tuple[str, str], dict[str, Any]] = {}
        for gid, plugin, key, value, _by in rows:
            if plugin in self.registry.plugins:
                overrides.setdefault((gid, plugin), {})[key] = value
        self.resolver = Resolver(self.registry, result.config, overrides)
        self._contexts.clear()
        self.caller.timeout = result.config.hook_timeout
        self._started = True
        _tune_gc()
        return result

    def _register_plugin_commands(self) -> None:
        """Let every plugin not yet asked register its commands (again after a reload)."""
        for name, plugin in sorted(self.registry.plugins.items()):
            if name in self._commands_from:
                continue
            self._commands_from.add(name)
            hook = getattr(plugin.module, "register_commands", None)
            if hook is None:
                continue
            try:
                hook(register=self.commands.registrar(name))
            except Exception:
                log.exception(
                    "plugin %s failed to register its commands; its commands are unavailable", name
                )

    async def close(self) -> None:
        """Flush what is buffered, then close the database."""
        try:
            await self.flush_members()
        finally:
            await self.db.close()

    async def first_seen(self, group_id: str, member_id: str) -> float | None:
        """When the bot first saw a member in a group (None: never)."""
        key = (group_id, member_id)
        stored = self._first_seen.get(key)
        if stored is not None:
            return stored
        stored = await self.db.read(lambda c: requests_store.first_seen(c, group_id, member_id))
        if stored is not None:
            self._first_seen.put(key, stored)
            return stored
        seen = self._seen.get(group_id, {}).get(member_id)
        return None if seen is None else seen[1]

    def role_of(self, member: Member) -> Role:
        """A message sender's effective role: SUPERUSER for superusers, else the platform's."""
        return Role.SUPERUSER if self.is_superuser(member.id) else member.role

    def member_role(self, group_id: str, member_id: str) -> Role:
        """The role a member had in their last message seen (MEMBER when unknown)."""
        if self.is_superuser(member_id):
            return Role.SUPERUSER
        seen = self._roles.get((group_id, member_id))
        return Role.MEMBER if seen is None else ROLES[seen[0]]

    def rule_title(self, rule: str, lang: str) -> str:
        """A rule's name for members: the owning plugin's ``rule_<rule>`` text, else the
        plugin's name (its title, or a short description: 禁止拼车广告), else the rule id."""
        plugin = self.registry.plugins.get(rule.split(".", 1)[0])
        catalog = plugin.meta.texts if plugin is not None else TEXTS
        key = f"rule_{rule}"
        if catalog.has(lang, key):
            return catalog.get(lang, key)
        if plugin is None:
            return rule
        meta = plugin.meta
        shown = meta.display(lang)
        if shown != meta.name:
            return shown
        described = meta.describe(lang).strip()
        return described if 0 < len(described) <= RULE_NAME_MAX and "\n" not in described else rule

    def member_name(self, group_id: str, member_id: str) -> str:
        """The display name known in memory (seen in chat or looked up), else the id.

        For hot paths; texts use ``display_name``, which also asks the database
        and the platform.
        """
        return self._names.get((group_id, member_id)) or member_id

    def set_directory(self, platform: str, directory: Directory | None) -> None:
        """Register (or with None remove) the member directory of a platform ("qq", "tg" …)."""
        if directory is None:
            self.directories.pop(platform, None)
        else:
            self.directories[platform] = directory

    async def _lookup(self, group_id: str, member_id: str) -> Member | None:
        """Ask the platform's directory about a member: bounded in time, never raises.

        An answer updates the name and role caches (and the name is stored with
        the next member flush); a miss is not asked again for ``MISS_TTL``.
        """
        key = (group_id, member_id)
        directory = self.directories.get(group_id.partition(":")[0])
        if directory is None or self._misses.get(key):
            return None
        try:
            async with asyncio.timeout(LOOKUP_TIMEOUT):
                found = await directory(group_id, member_id)
        except Exception as exc:  # a timeout or a platform error: fall back, never fail
            log.warning("member lookup of %s in %s failed: %r", member_id, group_id, exc)
            found = None
        if found is None:
            self._misses.put(key, True)
            return None
        self._roles.put(key, (int(found.role), self.clock.time()))
        if found.name:
            self._names.put(key, found.name)
            self._named[key] = found.name
        else:
            self._misses.put(key, True)  # no name to be had: do not ask again at once
        return found

    async def display_name(self, group_id: str, member_id: str) -> str:
        """A member's display name for texts: seen in chat, stored, or asked of the platform.

        The platform's group card or nickname (OneBot), first/last name or
        username (Telegram). Memory first, then the members table, then the
        platform's directory (at most ``LOOKUP_TIMEOUT`` seconds); the id only
        where no name can be had. Never raises.
        """
        key = (group_id, member_id)
        cached = self._names.get(key)
        if cached:
            return cached
        if self._unnamed.get(key):
            return member_id
        read = False
        try:
            stored = await self.db.read(
                lambda c: requests_store.member_name(c, group_id, member_id)
            )
            read = True
        except Exception as exc:
            log.warning("reading the name of %s in %s failed: %r", member_id, group_id, exc)
            stored = None
        if stored:
            self._names.put(key, stored)
            return stored
        found = await self._lookup(group_id, member_id)
        if found is not None and found.name:
            return found.name
        if read:  # no name on record nor from the platform (a failed read is tried again)
            self._unnamed.put(key, True)
        return member_id

    async def members_named(self, group_id: str, name: str) -> list[str]:
        """The members of a group whose display name is exactly ``name`` (as seen since
        start-up, else as stored), in id order."""
        seen = self._seen.get(group_id, {})
        stored = await self.db.read(lambda c: requests_store.members_named(c, group_id, name))
        found = {m for m, (n, _) in seen.items() if n == name}
        # a stored name the member has changed since is not theirs any more
        found.update(m for m in stored if not (seen.get(m) or ("",))[0])
        return sorted(found)

    async def member_named(self, group_id: str, name: str, lang: str) -> tuple[str | None, str]:
        """(the id of the one member of a group called ``name``, "") or (None, what to tell
        the member instead: nobody, or several, has that name)."""
        found = await self.members_named(group_id, name)
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, TEXTS.get(lang, "member_unknown", name=name[:32])
        # said in the group: the numbers masked (12****78), never in full
        ids = join_list(map(mask_id, found[:5]), lang)
        return None, TEXTS.get(lang, "member_ambiguous", name=name[:32], count=len(found), ids=ids)

    async def display_names(self, group_id: str, member_ids: list[str]) -> dict[str, str]:
        """``display_name`` of several members: memory first, then ONE read of the members
        table for all the others (a page of the queue is one read, not one per name)."""
        out = {m: self._names.get((group_id, m)) or "" for m in member_ids}
        missing = [m for m, name in out.items() if not name]
        if missing:
            try:
                stored = await self.db.read(
                    lambda c: requests_store.member_names(c, group_id, missing)
                )
            except Exception as exc:
                log.warning("reading names in %s failed: %r", group_id, exc)
                stored = {}
            for m in missing:
                if stored.get(m):
                    self._names.put((group_id, m), stored[m])
                    out[m] = stored[m]
                else:
                    found = await self._lookup(group_id, m)
                    out[m] = found.name if found is not None and found.name else m
        return out

    async def known_role(self, group_id: str, member_id: str) -> Role:
        """A member's role for permission checks on them (rank checks before acting).

        The rule:
        - superusers are SUPERUSER;
        - a role seen in the member's own message, or told by the platform, in
          the last ``ROLE_TTL`` seconds is used as it is;
        - otherwise the platform's directory is asked (OneBot
          ``get_group_member_info``, Telegram ``getChatMember``) and its answer
          cached;
        - if the platform has a directory but it cannot answer (error, timeout,
          not connected), the member counts as at least ADMIN: fail closed, so
          only the owner or a superuser may act on them until the platform answers;
        - platforms without a directory (the console, the official QQ bot, which
          put the sender's role in every message but cannot be asked) use the last
          role seen in chat, MEMBER if never seen: admins can still act on
          ordinary members there.
        """
        if self.is_superuser(member_id):
            return Role.SUPERUSER
        key = (group_id, member_id)
        seen = self._roles.get(key)
        if seen is not None and self.clock.time() - seen[1] < ROLE_TTL:
            return ROLES[seen[0]]
        last = Role.MEMBER if seen is None else ROLES[seen[0]]
        if group_id.partition(":")[0] not in self.directories:
            return last
        self._misses.forget(key)  # a rank check always asks again
        found = await self._lookup(group_id, member_id)
        if found is not None:
            return found.role
        return max(last, Role.ADMIN)

    async def flush_members(self) -> None:
        """Write who was seen since the last flush, and names learnt from platforms.

        What a failed write could not record is kept for the next flush.
        """
        if self._seen:
            seen, self._seen = self._seen, {}
            rows = [(g, m, name, at) for g, ms in seen.items() for m, (name, at) in ms.items()]
            # in bounded writes: each is one short upsert, so durable writes queued meanwhile
            # (a post, a claim) go in the next transaction instead of waiting behind them all
            for k in range(0, len(rows), TOUCH_BATCH):
                chunk = rows[k : k + TOUCH_BATCH]
                try:
                    before = self.db.writes
                    await self.db.write(
                        lambda c, chunk=chunk: requests_store.touch_members(c, chunk)
                    )
                    reads_still_hold(self, before)
                    self.dispatch_memory.seen(chunk)
                except Exception:
                    for g, m, name, at in rows[k:]:  # sightings since then are newer and win
                        self._seen.setdefault(g, {}).setdefault(m, (name, at))
                    log.warning("could not record %d seen members; will try again",
                                len(rows) - k, exc_info=True)  # fmt: skip
                    break
        if self._named:
            names, self._named = self._named, {}
            named = [(g, m, name) for (g, m), name in names.items()]
            try:
                await self.db.write(lambda c: requests_store.name_members(c, named))
            except Exception:
                for key, value in names.items():
                    self._named.setdefault(key, value)
                log.warning("could not record %d member names; will try again", len(named))

    async def check_request(self, request: HelpRequest, event: MessageEvent) -> list[Verdict]:
        """Run the ``check_request`` hooks; every verdict counts."""
        enabled = self.resolver.group(request.group_id).enabled
        results = await self.caller.collect(
            "check_request", request.group_id, enabled, request=request, event=event
        )
        return [v for _, v in flatten(results, Verdict)] if results else []

    @property
    def config(self) -> HuzhuConfig:
        """The configuration in force."""
        return self.resolver.config

    def is_superuser(self, member_id: str) -> bool:
        """Superusers come from plugins.yaml and from the platform bridge (nonebot SUPERUSERS)."""
        return member_id in self.resolver.config.superusers or member_id in self.extra_superusers

    def reload(self, lang: str = "en") -> ReloadResult:
        """Re-read plugins.yaml here and now (scripts, tests); the bot uses ``reload_file``."""
        return self._apply_reload(config_mod.load(self.config_path, self.registry, lang=lang), lang)

    async def reload_file(self, lang: str = "en") -> ReloadResult:
        """Re-read plugins.yaml in a worker thread, so no group waits for the parse.

        ``/重载`` and SIGHUP use this. The parse is bounded (size, alias
        expansion, nesting) in ``config_yaml``; one reload runs at a time.
        """
        loop = asyncio.get_running_loop()

        def load_dir(folder: Path) -> dict[str, str]:
            # plugin modules are imported and registered on the loop, never beside it
            async def on_loop() -> dict[str, str]:
                return self.registry.load_dir(folder)

            return asyncio.run_coroutine_threadsafe(on_loop(), loop).result()

        async with self._reload_lock:
            result = await asyncio.to_thread(
                config_mod.load, self.config_path, self.registry, lang=lang, load_dir=load_dir
            )
            return self._apply_reload(result, lang)

    def request_reload(self) -> None:
        """Start ``reload_file`` from a signal handler (SIGHUP); errors are logged."""
        task = asyncio.get_running_loop().create_task(self.reload_file(), name="huzhu-reload")
        self._reload_tasks.add(task)
        task.add_done_callback(self._reload_done)

    def _reload_done(self, task: asyncio.Task[ReloadResult]) -> None:
        self._reload_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("config reload failed", exc_info=task.exception())

    def _apply_reload(self, result: LoadResult, lang: str) -> ReloadResult:
        """Install a loaded file; broken parts keep their last good version."""
        self._register_plugin_commands()
        self.last_load = result
        old = self.resolver.config
        if result.fatal:
            for err in result.errors:
                log.error("config reload refused: %s", err)
            return ReloadResult(False, result.errors, len(old.groups))
        new = result.config
        emptied = _emptied(old, result, lang)
        if emptied is not None:
            log.error("config reload refused: %s", emptied)
            return ReloadResult(False, [emptied, *result.errors], len(old.groups))
        groups = dict(new.groups)
        for gid in result.broken_groups:
            if gid in old.groups:
                groups[gid] = old.groups[gid]
        defaults = old.defaults if result.defaults_broken else new.defaults
        merged = HuzhuConfig(
            superusers=new.superusers, hook_timeout=new.hook_timeout, tick_seconds=new.tick_seconds,
            defaults=defaults, groups=groups, source=new.source,
        )  # fmt: skip
        self.resolver.replace_config(merged)
        self.caller.timeout = merged.hook_timeout
        for err in result.errors:
            log.error("config: %s", err)
        log.info("configuration reloaded: %d groups, %d errors", len(groups), len(result.errors))
        return ReloadResult(True, result.errors, len(groups))

    # ------------------------------------------------------------ contexts
    def _context(self, group_id: str, plugin: str) -> GroupContext | None:
        settings = self.resolver.group(group_id)
        hit = self._contexts.get((group_id, plugin))
        if hit is not None and hit[0] is settings:
            return hit[1]
        if plugin == CORE:
            cfg, texts = _NO_CONFIG, TEXTS
        else:
            cfg = settings.configs.get(plugin)
            if cfg is None:
                return None
            texts = self.registry.plugins[plugin].meta.texts or EMPTY
        ctx = GroupContext(
            group_id=group_id,
            plugin=plugin,
            config=cfg,
            kv=KVStore(self.db, self._kv_cache, self.clock, group_id, plugin),
            clock=self.clock,
            language=settings.language,
            texts=texts,
            data=GroupData(self, group_id),
            timezone=settings.timezone,
            scratch=self._scratch.setdefault((group_id, plugin), {}),
            schedule=Schedule(self.db, self.clock, group_id, plugin, settings.timezone),
        )
        self._contexts[(group_id, plugin)] = (settings, ctx)
        return ctx

    def schedule(self, group_id: str, owner: str = CORE) -> Schedule:
        """The scheduled items of ``owner`` (a plugin, or the core) in a group."""
        return Schedule(
            self.db, self.clock, group_id, owner, self.resolver.group(group_id).timezone
        )

    def context(self, group_id: str, plugin: str = CORE) -> GroupContext:
        """The context a plugin gets in a group (for tests and tools)."""
        ctx = self._context(group_id, plugin)
        if ctx is None:
            raise LookupError(f"plugin {plugin} is not enabled in {group_id}")
        return ctx

    # ------------------------------------------------------------ events
    async def handle_message(self, event: MessageEvent) -> list[Action]:
        """Check, enforce, route commands; return the actions for the adapter."""
        gid = event.group_id
        metrics.events["message"] += 1  # metrics
        now = self.clock.time()
        # platforms re-deliver events (OneBot on reconnect), accounts in one group each get
        # it: once only, across every process sharing the database (core/shared.py); in this
        # process's memory (SQLite) without a coroutine
        if event.message_id and not (
            self.shared.first_delivery_now(gid, event.message_id)
            if isinstance(self.shared, LocalState)
            else await self.shared.first_delivery(gid, event.message_id, now)
        ):
            log.info("message %s in %s delivered again; ignored", event.message_id, gid)
            metrics.events["duplicate"] += 1  # metrics
            return []
        if gid not in self._groups_seen:
            # the id an owner writes in plugins.yaml, without any message text
            log.info("group %s: first message since start-up", gid)
            self._groups_seen.add(gid)
        sender = event.sender
        key = (gid, sender.id)
        seen = self._seen.get(gid)
        if seen is None:  # (setdefault would build a dict for every message)
            seen = self._seen[gid] = {}
        seen[sender.id] = (sender.name, now)
        self._last_group.put(sender.id, gid)
        self._can_private[gid] = event.caps.private_message
        if sender.name:
            self._names.put(key, sender.name)
        self._roles.put(key, (int(sender.role), now))
        settings = self.resolver.group(gid)
        actions: list[Action] = []
        if ALLIANCE in settings.enabled:
            # someone removed for a scam in an allied group (any bound account) is acted on once
            from huzhu.core.identity import alliances

            actions = await alliances.on_sight(self, gid, sender, event.caps)
            if any(isinstance(a, Mute | Kick) for a in actions):
                return actions
        split = split_command(event.text)  # once: _recognise and the routing below read it
        if split is None and event.text.lstrip()[:1] in ("@", "＠"):
            moved = self._mentions_first(event.text)
            if moved is not None:  # @阿强 /警告 发广告: as /警告 @阿强 发广告
                event = dataclasses.replace(event, text=moved)
                split = split_command(moved)
        routed = self._recognise(event, settings, split)
        if routed is not None and routed[2] is _BY_MESSAGE:
            try:
                routed = await self._by_request_message(event, routed)
            except Exception as exc:
                if not (isinstance(exc, DatabaseBusy) or is_storage_error(exc)):
                    raise
                # as a command meeting a busy database: the member is told to send it again
                log.warning("reply-claim in %s: request lookup failed: %r", gid, exc)
                busy = TEXTS.get(settings.language, "db_busy", name=routed[0].name)
                return [*actions, Reply(gid, busy, reply_to=event.message_id or None)]
        if routed is not None:
            # the rules see which command this is: work (已助 …) is not chatter; the handler,
            # whether its answer goes privately (the screen is for the requests)
            private_answer = (
                routed[0].private
                and event.caps.private_message
                and privately.answers_privately(settings)
            )
            event = dataclasses.replace(
                event, command=routed[0].name, work=routed[0].work, privately=private_answer
            )
        # an admin's (or the owner's) command runs the group: it is not judged as chat (a
        # /配置 内容规则 words=加微信,返利群 names the words to forbid them, ten /配置 while
        # setting up are no flood); their other messages still are (anti_scam: a hijacked
        # admin account posting a phishing link). A /求助 link is still read by check_request.
        judged = routed is None or self.role_of(sender) < Role.ADMIN
        plan = self.caller.bound("check_message", gid, settings.enabled, settings) if judged else ()
        results = (
            await self.caller.run(plan, "check_message", gid, {"event": event}) if plan else []
        )
        verdicts: list[Verdict] = []
        if results:
            verdicts = [v for _, v in flatten(results, Verdict)]
            if verdicts:
                outcome = await self.enforcer.apply(
                    event,
                    verdicts,
                    settings.enforcement,
                    settings.language,
                    self.is_superuser(event.sender.id),
                )
                actions.extend(outcome.actions)
                if outcome.violation is not None:
                    actions.extend(
                        await self.broadcast("violation_detected", gid, violation=outcome.violation)
                    )
                if outcome.stopped:
                    return actions
        if routed is not None:
            answer = await self._route(event, settings, routed[1], routed[2])
            if event.privately:
                # the screen is for the requests: the answer goes to whom it concerns; that the
                # bot takes these commands privately is said once a day at most
                to_sender = any(isinstance(a, Reply) and not a.audience for a in answer)
                hint = (
                    await self._private_hint(gid, sender.id, settings.language, now)
                    if to_sender
                    else ""
                )
                answer = privately.to_private(answer, sender.id, hint)
            actions.extend(answer)
        elif split is not None:
            actions.extend(await self._route(event, settings, *split))
        elif event.images and not verdicts:
            # a screenshot right after the sender's /已助 (huzhu.core.trust)
            actions.extend(await self.evidence.late_picture(event, settings))
        elif not verdicts and (pointed := _may_point(event, settings)) is not None:
            # most chat is neither 帮助 nor a share link: no coroutine for it
            actions.extend(await self._pointer(event, settings, now, *pointed))
        return actions

    def _recognise(
        self, event: MessageEvent, settings: GroupSettings, split: Any = False
    ) -> tuple[Command, str, str] | None:
        """The command (usable in this group) a message runs, with the word used and the rest.

        A ``/command`` or a reply word (已助) answering a message that quotes ``#n``.
        ``split``: ``split_command(event.text)`` when the caller has it.
        """
        if split is False:
            split = split_command(event.text)
        if split is not None:
            cmd = self.commands.get(split[0])
            if cmd is None and (glued := _GLUED_NUMBER.match(split[0])) is not None:
                # /已助3: the number written against the command (/已助 3)
                cmd = self.commands.get(glued.group(1))
                if cmd is not None and any(a.kind == "int" for a in cmd.args[:1]):
                    split = (glued.group(1), f"{glued.group(2)} {split[1]}".strip())
                else:
                    cmd = None
            if cmd is None or (cmd.plugin != CORE and cmd.plugin not in settings.enabled):
                return None
            return cmd, *split
        m = _word_and_number(event.text) if len(event.text) <= 24 else None
        if m is not None and m[0].strip("!！。.~").lower() not in REPLY_ONLY_WORDS:
            # a plain 已助 12: the command without its slash (「砍了 3」 in chat is no claim)
            cmd = self.commands.by_reply_word(m[0])
            if cmd is not None:
                return cmd, cmd.name, m[1]
        if event.reply_to is None or not event.reply_text:
            return None
        cmd = self.commands.by_reply_word(event.text) or self.commands.by_leading_reply_word(
            event.text
        )
        evidence_on = settings.requests.evidence != "off"
        if cmd is None and event.images and not event.text.strip() and evidence_on:
            # a screenshot alone in reply to an announcement claims it (huzhu.core.trust)
            cmd = self.commands.get("已助")
        if cmd is None:
            return None
        seqs = seqs_in_reply(event.reply_text)
        if not seqs:
            # 「已助」 replied to the requester's own /求助 message: which request it posted is
            # looked up by its message id (``_by_request_message``)
            quoted = split_command(event.reply_text)
            posted = quoted is not None and self.commands.get(quoted[0])
            if posted and posted.name == "求助":
                return cmd, cmd.name, _BY_MESSAGE
            return None
        # a reply to a message naming several requests (/队列) must say which: its usage says how
        return cmd, cmd.name, str(seqs[0]) if len(seqs) == 1 else ""

    async def _by_request_message(
        self, event: MessageEvent, routed: tuple[Command, str, str]
    ) -> tuple[Command, str, str] | None:
        """A claim replied to a /求助 message: the open request that message posted, or None
        (an old or unknown message: the reply is left as chat)."""
        gid, mid = event.group_id, str(event.reply_to)
        req = await self.db.read(lambda c: requests_store.open_by_message(c, gid, mid))
        return None if req is None else (routed[0], routed[1], str(req.seq))

    async def _pointer(
        self, event: MessageEvent, settings: GroupSettings, now: float, text: str, is_word: bool
    ) -> list[Action]:
        """A short pointer to /帮助 or /求助 for a plain 帮助 / 菜单 or a bare share link
        (``text`` and ``is_word`` from ``_may_point``)."""
        cfg = settings.commands
        gid, member = event.group_id, event.sender.id
        mkey, gkey = (gid, member), (gid,)
        if not (
            self._pointer_limiter.allows(mkey, now, 1, cfg.pointer_every)
            and self._pointer_limiter.allows(gkey, now, 1, cfg.pointer_group_every)
        ):
            return []
        platform, example = "", POINTER_EXAMPLES["pdd"]
        if not is_word:
            share = _share_in(text) if len(text) <= _SHARE_MEMO_TEXT else find_share(text)
            if share is None or not looks_shared(share, text):
                return []  # a shop's promotion is no member's share
            names = PLATFORM_NAMES_EN if settings.language == "en" else PLATFORM_NAMES
            platform = names.get(share.platform, "")
            example = POINTER_EXAMPLES.get(share.platform, POINTER_EXAMPLES["pdd"])
        self._pointer_limiter.hit(mkey, now, 1, cfg.pointer_every)
        self._pointer_limiter.hit(gkey, now, 1, cfg.pointer_group_every)
        name = await self.display_name(gid, member)
        key = "pointer_help" if is_word else "pointer_link"
        if settings.language == "en":
            example = example.split(" ", 1)[0]
        shown = TEXTS.get(settings.language, key, name=name, platform=platform, example=example)
        return [Reply(gid, shown, reply_to=event.message_id or None)]

    def _suggest(self, word: str, settings: GroupSettings, role: Role, lang: str) -> str:
        """「你是不是想用 /我的？」 for an unknown /命令: a command members often mean by that word
        (/菜单 → /帮助, /余额 → /我的), else the closest names; only commands that work here
        (those /帮助 lists: not /接单 where 派单 is off, nor /兑换 where the shop is empty)."""
        usable = help_listed(self, settings, role)
        meant = next((c for c in usable if c.name == MEANT.get(word.lower())), None)
        if meant is not None:
            shown = meant.aliases[0] if lang == "en" and meant.aliases else meant.name
            return TEXTS.get(lang, "did_you_mean", names=shown)
        names = [n for c in usable for n in (c.name, *c.aliases)]
        close = difflib.get_close_matches(word[:40], names, n=2, cutoff=0.5)
        joiner = " or /" if lang == "en" else " 或 /"  # /helped or /help
        return TEXTS.get(lang, "did_you_mean", names=joiner.join(close)) if close else ""

    async def _usage(self, event: MessageEvent, cmd: Command, lang: str) -> str:
        """How to write ``cmd``, with an example; in the group, addressed to the sender
        (「小明，用法：/已助 求助编号，例如 /已助 12」), privately as it is."""
        usage = TEXTS.get(lang, "usage", usage=cmd.usage(lang))
        examples = cmd.example_lines(lang)
        if examples:
            usage += TEXTS.get(lang, "usage_example", example=examples[0])
        if event.privately:
            return usage
        if lang == "en":
            usage = usage[0].lower() + usage[1:]
        name = await self.display_name(event.group_id, event.sender.id)
        return TEXTS.get(lang, "usage_for", name=name, usage=usage)

    async def handle_private(self, sender: Member, text: str) -> list[Action] | None:
        """A command sent to the bot privately; the answer comes back privately.

        ``/申诉``: a muted member cannot post in the group, so their appeal goes to the
        group of their latest penalty. ``/绑定`` / ``/解绑``: identity binding codes are
        only ever shown privately (``huzhu.core.identity.bindings``). Commands marked
        ``private`` (the help commands: /求助 /已助 /确认 /队列 /我的 /接单 …) run in the group
        they imply (``huzhu.core.requests.privately``): a 派单 assignee answers the bot's
        private note there. None: not handled (other commands belong in the group).
        """
        metrics.events["private"] += 1  # metrics
        split = split_command(text)
        cmd = self.commands.get(split[0]) if split is not None else None
        if split is not None and cmd is not None and cmd.name in BINDING:
            # 身份绑定 happens in private chats, where a code is seen by its owner only
            from huzhu.core.identity import bindings

            return await bindings.private(self, sender, split[1], unlink=cmd.name == BINDING[1])
        if split is None:  # a plain message: say what the bot takes privately (once an hour
            # each: another bot answering every message must not start an endless exchange)
            hit = await self.shared.hit(
                f"private_chat_hint:{sender.id}", self.clock.time(), 1, PRIVATE_CHAT_HINT_EVERY
            )
            return self._private_answer(sender.id, "private_chat_hint", None) if hit.allowed else []
        if cmd is None:
            return None
        if cmd.name == APPEAL:
            gid = await self.db.read(lambda c: repo.latest_penalty_group(c, sender.id))
            if not split[1].strip():  # what to write, as in the group
                return self._private_answer(sender.id, "appeal_usage_private", gid)
            if gid is None:
                return self._private_answer(sender.id, "appeal_nothing_private", None)
        elif cmd.private:
            gid = await self._private_group(sender.id, cmd, split[1])
        else:
            return None
        if gid is None:
            return None
        if sender.name:
            self._names.put((gid, sender.id), sender.name)
        if cmd.private:  # answering the bot: the member is around (派单 asks who is)
            self._seen.setdefault(gid, {})[sender.id] = (sender.name, self.clock.time())
        caps = Capabilities(platform=gid.partition(":")[0], private_message=True)
        event = MessageEvent(gid, Member(sender.id, sender.name, Role.MEMBER), text.strip(),
                             caps=caps, privately=True)  # fmt: skip
        actions = await self._route(event, self.resolver.group(gid), *split)
        # answered privately; whoever the answer mentions (the requester of a claim) too; a
        # request's announcement still goes to its group
        return privately.to_private(actions, sender.id)

    def _mentions_first(self, text: str) -> str | None:
        """``text`` as the command its leading mentions precede (``CommandTable.mentions_first``)."""
        return self.commands.mentions_first(text)

    def _private_answer(self, member: str, key: str, gid: str | None) -> list[Action]:
        """A one-line private answer about ``gid`` (its language; else that of the member's
        latest group); with no ``gid`` it is addressed to ``platform:0``, so a platform that
        cannot write privately drops it rather than say it in a group."""
        platform = member.partition(":")[0]
        lang = self.resolver.group(gid or self._last_group.get(member) or platform + ":0").language
        return [PrivateMessage(gid or platform + ":0", member, TEXTS.get(lang, key))]

    async def _private_group(self, member: str, cmd: Command, rest: str) -> str | None:
        """The group a help command sent privately belongs to (None: none of the member's
        groups runs it): see ``huzhu.core.requests.privately``."""
        seq = privately.seq_of(rest) if cmd.args and cmd.args[0].name == "id" else 0
        latest = self._last_group.get(member)

        def find(c: Any) -> str | None:
            groups = identity_store.member_groups(c, member)
            if latest is not None:
                groups = [latest, *(g for g in groups if g != latest)]
            groups = [g for g in groups if cmd.plugin in (CORE, *self.resolver.group(g).enabled)]
            return dispatch_store.private_group(c, member, seq, groups)

        gid = await self.db.read(find)
        if gid is not None and cmd.plugin not in (CORE, *self.resolver.group(gid).enabled):
            return None  # their assignment's group no longer runs it
        return gid

    async def handle_member(self, event: MemberEvent) -> list[Action]:
        """A member joined or left: broadcast to plugins."""
        self._groups_seen.add(event.group_id)
        metrics.events["member"] += 1  # metrics
        hook = "member_joined" if event.joined else "member_left"
        return await self.broadcast(hook, event.group_id, event=event)

    async def handle_join_request(self, event: JoinRequest) -> list[Action]:
        """Someone asked to join: ``join_requested`` decides; a refusal wins; no decision → admins.

        Every decision is audited with its rule and reason. An approved
        applicant is recorded as first seen now, so rules about new members
        (``anti_scam.strict_new_members``) run from the approval on.
        """
        gid, who = event.group_id, event.applicant
        metrics.events["join_request"] += 1  # metrics
        settings = self.resolver.group(gid)
        deciders = [
            name for name in settings.enabled
            if hasattr(self.registry.plugins[name].module, "join_requested")
        ]  # fmt: skip
        if not deciders:
            return []  # nobody screens here: the platform's own flow (admins in the app) applies
        self._groups_seen.add(gid)
        if who.name:
            self._names.put((gid, who.id), who.name)
        actions = await self.broadcast("join_requested", gid, request=event)
        decisions = [a for a in actions if isinstance(a, DecideJoin)]
        others = [a for a in actions if not isinstance(a, DecideJoin)]
        if not decisions:
            if any(isinstance(a, NotifyAdmins) for a in others):
                return others  # handed to the admins (manual review)
            text = TEXTS.get(settings.language, "join_undecided", member=who.display,
                             answer=event.answer[:100] or "—")  # fmt: skip
            return [*others, NotifyAdmins(gid, text)]
        decision = next((d for d in decisions if not d.approve), decisions[0])
        now = self.clock.time()
        detail = {"rule": decision.rule, "reason": decision.reason, "answer": event.answer[:200]}
        action = "join:" + ("approve" if decision.approve else "refuse")

        def record(c: Any) -> None:
            # one transaction: the decision's audit row and, for an approval, the new
            # member's first-seen time (the start of the new-member period)
            repo.add_audit(c, gid, "bot", action, who.id, detail, now)
            if decision.approve:
                requests_store.touch_members(c, [(gid, who.id, who.name, now)])

        if decision.approve:
            self._seen.get(gid, {}).pop(who.id, None)
        await self.db.write(record)
        if decision.approve:
            self.dispatch_memory.seen([(gid, who.id, who.name, now)])
        return [decision, *others]

    async def tick(self) -> list[Action]:
        """Core upkeep (expiry, auto-confirm, member activity), then the ``tick`` hook per group."""
        now = self.clock.time()
        metrics.events["tick"] += 1  # metrics
        await self.flush_members()
        await self.shared.sweep(now)
        actions: list[Action] = await self.helpdesk.maintain(now)
        #: posts deferred before, by id(action) → when they were first due
        since: dict[int, float] = {}
        for owner, item in await self.scheduler.claim(now):
            fired = await self._fire(owner, item)
            if owner == CORE and item.kind == DELIVER:
                since.update((id(a), float(item.payload.get("since", item.due_at))) for a in fired)
            actions.extend(fired)
        for gid in sorted(self._groups_seen | set(self.resolver.config.groups)):
            settings = self.resolver.group(gid)
            if self.caller.implemented_by("tick", settings.enabled):
                actions.extend(await self.broadcast("tick", gid, now=now))
        # in groups answering privately, reminders for one member reach them there
        actions = privately.for_members(actions, self.tells_privately)
        return await self.pacer.pace(actions, now, since)

    async def _private_hint(self, gid: str, member: str, lang: str, now: float) -> str:
        """The footer saying the bot takes help commands privately, for a member who sent one
        in the group: at most once a day each, not under every answer.

        Counted in one row of the shared rate-limit table (``core/storage/shared.py``, on
        SQLite and PostgreSQL alike): every process agrees, a restart does not repeat it, and
        nothing is kept per member in memory. One read per answer, one write a day; the row
        lock of ``hit`` lets only one of two processes show it. Best-effort: the command has
        run and been stored by now, so a busy or failing database means no footer (logged),
        never a lost answer."""
        key = f"private_hint:{gid}:{member}"
        try:
            last = await self.db.read(lambda c: shared_store.last_hit(c, key))
            if last is not None and now - last < PRIVATE_HINT_EVERY:
                return ""
            allowed, _, _ = await self.db.write_now(
                lambda c: shared_store.hit(c, key, now, 1, PRIVATE_HINT_EVERY)
            )
        except Exception as exc:  # a footer is never worth the answer
            log.warning("private-answers footer for %s in %s skipped: %r", member, gid, exc)
            return ""
        return TEXTS.get(lang, "answered_privately") if allowed else ""

    def writes_privately(self, group_id: str) -> bool:
        """True when the group's platform can write to members privately and take their
        private messages (``Capabilities.private_message`` of its latest message)."""
        return self._can_private.get(group_id, False)

    def tells_privately(self, group_id: str) -> bool:
        """True when the group answers help commands privately and its platform can write to
        members privately (as last seen): what concerns one member goes to them there."""
        return self._can_private.get(group_id, False) and privately.answers_privately(
            self.resolver.group(group_id)
        )

    async def _fire(self, owner: str, item: ScheduledItem) -> list[Action]:
        """One due occurrence: a deferred post of the core, or its plugin's ``schedule_due``."""
        if owner == CORE:
            action = from_payload(item.payload) if item.kind == DELIVER else None
            return [action] if action is not None else []
        if owner not in self.resolver.group(item.group_id).enabled:
            log.info(
                "schedule %d of %s in %s skipped: plugin off there", item.id, owner, item.group_id
            )
            return []
        results = await self.caller.collect(
            "schedule_due", item.group_id, frozenset((owner,)), item=item
        )
        return [a for _, a in flatten(results, ACTION_TYPES)] if results else []

    async def broadcast(self, hook: str, group_id: str, **kwargs: Any) -> list[Action]:
        """Call a broadcast hook in a group and collect the actions plugins returned."""
        enabled = self.resolver.group(group_id).enabled
        results = await self.caller.collect(hook, group_id, enabled, **kwargs)
        return [a for _, a in flatten(results, ACTION_TYPES)] if results else []

    # ------------------------------------------------------------ commands
    def visible_commands(self, settings: GroupSettings, role: Role) -> list[Command]:
        """Commands a member with ``role`` can use in a group: core first, then by plugin.

        Within each, in the order they were registered (求助 before 已助 before 确认).
        """
        key = (self.commands.version, settings.enabled, role)
        cached = self._visible.get(key)
        if cached is None:
            cmds = [
                c for c in self.commands.commands.values()
                if (c.plugin == CORE or c.plugin in settings.enabled) and role >= c.permission
            ]  # fmt: skip
            cached = tuple(sorted(cmds, key=lambda c: (c.plugin != CORE, c.plugin)))
            if len(self._visible) >= 1024:  # (groups share a handful of enabled sets)
                self._visible.clear()
            self._visible[key] = cached
        return list(cached)

    async def _route(
        self, event: MessageEvent, settings: GroupSettings, word: str, rest: str
    ) -> list[Action]:
        gid, member = event.group_id, event.sender
        lang = settings.language
        now = self.clock.time()
        role = self.role_of(member)
        cmd = self.commands.get(word)

        def say(text_key: str, **kw: Any) -> list[Action]:
            return [Reply(gid, TEXTS.get(lang, text_key, **kw), reply_to=event.message_id or None)]

        if cmd is None or (cmd.plugin != CORE and cmd.plugin not in settings.enabled):
            # one hint per member per minute: a typo should not start a conversation
            if not (await self.shared.hit(f"hint:{gid}:{member.id}", now, 1, 60)).allowed:
                return []
            if cmd is not None:
                owner = self.registry.plugins.get(cmd.plugin)
                shown = owner.meta.display(lang) if owner is not None else cmd.plugin
                return say("plugin_disabled", name=word, plugin=shown)
            hint = self._suggest(word, settings, role, lang)
            return say("unknown_command", name=word[:40], hint=hint)
        if not cmd.unlimited and role < Role.ADMIN:
            # admins running the group are never throttled (a setting change is never dropped);
            # work (已助, 确认 …) has its own, larger budget: helping a lot is not noise
            limits = settings.commands
            window = limits.window
            rate, lkey = (
                (limits.work_rate, f"work:{gid}:{member.id}")
                if cmd.work
                else (limits.rate, f"cmd:{gid}:{member.id}")
            )
            if not (hit := await self.shared.hit(lkey, now, rate, window)).allowed:
                if hit.tell:
                    wait = hit.retry_after
                    return say(
                        "rate_limited",
                        name=await self.display_name(gid, member.id),
                        limit=rate,
                        window=format_duration(window, lang),
                        wait=format_duration(wait, lang),
                    )
                return []
        if len(event.text) > settings.commands.max_length:
            return say("too_long", limit=settings.commands.max_length)
        if role < cmd.permission:
            return say(
                "no_permission",
                name=word,
                role=TEXTS.get(lang, f"role_{cmd.permission.name.lower()}"),
            )
        try:
            args = parse_args(cmd, rest, event)
        except UsageError:
            return [
                Reply(gid, await self._usage(event, cmd, lang), reply_to=event.message_id or None)
            ]
        except ArgError as exc:
            problem = TEXTS.get(lang, exc.key, **exc.values)
            return [
                Reply(gid, TEXTS.get(lang, "bad_arg", arg=exc.arg.display(lang), problem=problem) + "\n"
                      + await self._usage(event, cmd, lang), reply_to=event.message_id or None)
            ]  # fmt: skip
        reset_withdrawn()
        try:
            # a member named by name is looked up in the database: a busy one is answered
            # as the command's own storage errors below, not raised
            for arg in cmd.args:
                named = args.get(arg.name)
                if isinstance(named, MemberName) and not arg.names_to_handler:
                    found, problem = await self.member_named(gid, named.name, lang)
                    if found is None:
                        return [
                            Reply(gid, TEXTS.get(lang, "bad_arg", arg=arg.display(lang),
                                                 problem=problem),
                                  reply_to=event.message_id or None)
                        ]  # fmt: skip
                    args[arg.name] = found
            ctx = self._context(gid, cmd.plugin)
            if ctx is None:
                return []
            inv = Invocation(ctx=ctx, event=event, command=cmd, args=args, name_used=word)
            # a screenshot is downloaded and read within its own budget (huzhu.core.trust)
            budget = max(self.caller.timeout, 10.0) + (EVIDENCE_BUDGET if event.images else 0.0)
            running = cmd.handler(inv)
            if inspect.iscoroutine(running):
                # the timeout is armed only when the handler waits (most answer at once)
                try:
                    waiting = running.send(None)
                except StopIteration as done:
                    result = done.value
                else:
                    async with asyncio.timeout(budget):
                        result = await finish_started(running, waiting)
            else:
                async with asyncio.timeout(budget):
                    result = await running
        except DatabaseBusy:  # nothing of it was stored: say so, a retry will work
            return say("db_busy", name=word)
        except TimeoutError:
            if write_withdrawn():  # its write was withdrawn unrun: the same truth
                return say("db_busy", name=word)
            log.exception(
                "command /%s of plugin %s timed out in group %s", cmd.name, cmd.plugin, gid
            )
            return say("command_failed", name=word)
        except Exception as exc:
            if is_storage_error(exc):
                # disk full, read-only or locked: nothing was saved, and the member is told so
                log.error("command /%s in group %s could not be saved: %s", cmd.name, gid, exc)
                return say("storage_unavailable", name=word)
            log.exception("command /%s of plugin %s failed in group %s", cmd.name, cmd.plugin, gid)
            metrics.command_errors[cmd.plugin or "core"] += 1  # metrics
            return say("command_failed", name=word)
        answer = _as_actions(inv, result)
        if cmd.quiet_repeat and not event.privately and settings.commands.repeat_within:
            # the same /帮助 three times in a row is one list and a pointer up, not three lists
            seen = self.repeats.check(gid, cmd.name, answer, now, settings.commands.repeat_within)
            if seen != "post":
                at = self.repeats.posted_at(gid, cmd.name) or now
                return say(
                    "just_answered" if seen == "point" else "answered_above",
                    name=await self.display_name(gid, member.id),
                    command=word,
                    ago=repeat_ago(now - at, lang),
                )
        return answer


#: a plugin's description this short names its rule for members (禁止拼车广告)
RULE_NAME_MAX = 20

#: a role by its number (``Engine._roles`` keeps numbers)
ROLES = {int(r): r for r in Role}


#: the footer saying the bot takes help commands privately: once a day per member at most
PRIVATE_HINT_EVERY = 86400.0
#: seconds between two hints answering a member's plain private messages
PRIVATE_CHAT_HINT_EVERY = 3600.0

#: the youngest generation's collection threshold once an engine runs (CPython's is 700)
GC_YOUNG = 20_000
_tuned = False


#: what members mean by a word that is no command: /菜单 is /帮助, /余额 is /我的
MEANT = {
    "菜单": "帮助", "命令": "帮助", "指令": "帮助", "menu": "帮助", "commands": "帮助",
    "助力值": "我的", "积分": "我的", "余额": "我的", "balance": "我的",
    "points": "我的",
    # the ranking is /排行 (/top): not /link, /ledger as the spelling would suggest
    "rank": "排行", "ranking": "排行", "leaderboard": "排行", "排名": "排行", "榜单": "排行",
}  # fmt: skip


def _may_point(event: MessageEvent, settings: GroupSettings) -> tuple[str, bool] | None:
    """Whether a message may earn a pointer (``Engine._pointer``): its stripped text and
    whether it is a pointer word (帮助, 菜单 …); None when it cannot (most chat)."""
    cfg = settings.commands
    if not cfg.pointer:
        return None
    text = event.text
    shape = _pointer_shape(text) if len(text) <= _SHARE_MEMO_TEXT else _shape(text)
    if shape is None:
        return None
    text, word, may_share = shape
    is_word = word in cfg.pointer_words
    if not is_word and (not cfg.pointer_links or not may_share):
        return None  # most chat has none of a share's marks: skip the link parser
    return text, is_word


def _shape(text: str) -> tuple[str, str, bool] | None:
    """What ``_may_point`` reads of a text: the text stripped, as a pointer word (帮助, 菜单 …
    without the punctuation around, lower-case), and whether it has any of a share's marks;
    None when it is empty or too long to point at."""
    text = text.strip()
    if not text or len(text) > _POINTER_SCAN:
        return None
    return text, text.strip("!！。.~?？ ").lower(), _MAY_SHARE.search(text) is not None


#: ``_shape`` of a short text (a pure function of it): the same lines come again and again
_pointer_shape = functools.lru_cache(maxsize=4096)(_shape)


@functools.lru_cache(maxsize=4096)
def _word_and_number(text: str) -> tuple[str, str] | None:
    """A plain ``已助 12`` (a short text): (the word, the number), else None; remembered."""
    m = _WORD_AND_NUMBER.match(text)
    return None if m is None else (m.group(1), m.group(2))


def _tune_gc() -> None:
    """Once per process, after the first engine started: what start-up made leaves the
    garbage collector's view, and the youngest generation is collected less often.

    Start-up leaves some 150,000 tracked objects (modules, compiled patterns, plugins, the
    configuration) that live as long as the process, and every full collection walked them
    all (``gc.freeze``); they are collected first, so no garbage of start-up is kept. A
    message leaves a few objects behind (a member's flood window, cache entries): with
    CPython's 700 a busy bot collected every few hundred messages and went on to full
    collections often, a fifth of the pipeline's time. Nothing but memory timing changes:
    cyclic garbage waits for a later collection.
    """
    global _tuned
    if not _tuned:
        _tuned = True
        gc.collect()
        gc.freeze()
        young, middle, old = gc.get_threshold()
        if 0 < young < GC_YOUNG:  # 0: collection switched off by whoever runs us; left so
            gc.set_threshold(GC_YOUNG, middle, old)


#: a short text's share link is read once while it is remembered (chat with a ！ passes the
#: cheap test above, and the same few lines come again and again)
_SHARE_MEMO_TEXT = 160


@functools.lru_cache(maxsize=4096)
def _share_in(text: str) -> ShareLink | None:
    """``find_share`` of a short text (a pure function of it), remembered."""
    return find_share(text)


def _emptied(old: HuzhuConfig, result: LoadResult, lang: str) -> ConfigError | None:
    """Why a reload must be refused because the new file drops everything (emptied or truncated)."""
    new = result.config
    if old.superusers and not new.superusers:
        key, count = "reload_no_superusers", len(old.superusers)
    elif old.groups and not new.groups and not result.broken_groups:
        key, count = "reload_no_groups", len(old.groups)
    else:
        return None
    return ConfigError(new.source, None, "", TEXTS.get(lang, key, count=count))


def _as_actions(inv: Invocation, result: Any) -> list[Action]:
    if result is None:
        return []
    if isinstance(result, str):
        return [inv.reply(result)]
    if isinstance(result, ACTION_TYPES):
        return [result]
    return [a if isinstance(a, ACTION_TYPES) else inv.reply(str(a)) for a in result]
