"""The console's state in a bot process: sign-in links, sessions, and the ``/后台`` command.

A link is a random token shown once (only its hash is stored), single use and
valid for ten minutes; it is sent privately, never in a group or a log. The
session it opens is bound to the member and the groups where they are an admin
(superusers: every group).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from huzhu.core.commands import Arg, Invocation, RateLimiter
from huzhu.core.durations import format_duration
from huzhu.core.events import Action, PrivateMessage, Role
from huzhu.core.plugin import CORE
from huzhu.core.storage import web as store
from huzhu.core.web.texts import TEXTS

if TYPE_CHECKING:
    from huzhu.core.engine import Engine

LINK_TTL = 600.0
SESSION_TTL = 7 * 86400.0
#: sign-in attempts per client address per minute
LOGIN_RATE = 10
ALL = "*"
LOGOUT = {"注销", "logout", "退出"}

#: carries out the platform actions a command returned (unmute after 撤销 …)
Executor = Callable[[Sequence[Action]], Awaitable[None]]


def digest(token: str) -> str:
    """What is stored for a token: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    """A signed-in member."""

    member_id: str
    groups: tuple[str, ...]
    csrf: str
    lang: str

    def may_open(self, group_id: str) -> bool:
        """Whether this session may see and change the group."""
        return ALL in self.groups or group_id in self.groups


async def _drop(actions: Sequence[Action]) -> None:
    """No platform here (``huzhu web`` alone): nothing to carry out."""


class Console:
    """Links, sessions and the executor of one engine's console."""

    def __init__(
        self,
        engine: Engine,
        base_url: str | None = None,
        execute: Executor = _drop,
        *,
        standalone: bool = False,
    ) -> None:
        self.engine = engine
        #: served by ``huzhu web`` beside a bot process: settings are re-read from the database
        self.standalone = standalone
        #: the public address of the console, ending in "/" (None: not served by this process)
        self.base_url = base_url
        self.execute = execute
        self.login_limiter = RateLimiter(LOGIN_RATE, 60)

    # ------------------------------------------------------------ links and sessions
    async def issue_link(self, member_id: str, groups: Sequence[str], lang: str) -> str:
        """A new one-time sign-in link (the full URL)."""
        token = secrets.token_urlsafe(32)
        now = self.engine.clock.time()
        groups = [ALL] if self.engine.is_superuser(member_id) else sorted(set(groups))
        await self.engine.db.write(
            lambda c: store.link_add(c, digest(token), member_id, groups, lang, now, now + LINK_TTL)
        )
        # the token rides in the fragment: browsers never send it, so no server or proxy logs it
        return f"{self.base_url or '/huzhu/'}login#t={token}"

    async def redeem(self, token: str) -> tuple[str, Session] | None:
        """Use a link: the new session's cookie value and the session; None if refused."""
        cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        now = self.engine.clock.time()
        row = await self.engine.db.write(
            lambda c: store.link_redeem(c, digest(token), now, digest(cookie), csrf, SESSION_TTL)
        )
        if row is None:
            return None
        return cookie, Session(row["member_id"], tuple(row["groups"]), csrf, row["lang"])

    async def session(self, cookie: str | None) -> Session | None:
        """The live session a cookie names, or None."""
        if not cookie or len(cookie) > 100:
            return None
        now = self.engine.clock.time()
        row = await self.engine.db.read(lambda c: store.session_get(c, digest(cookie), now))
        if row is None:
            return None
        return Session(row["member_id"], tuple(row["groups"]), row["csrf"], row["lang"])

    async def end_sessions(self, member_id: str) -> int:
        """End every session of a member (``/后台 注销``, the console's sign-out)."""
        now = self.engine.clock.time()
        return await self.engine.db.write(lambda c: store.sessions_end(c, member_id, now))

    def admin_groups(self, member_id: str, group_id: str) -> list[str]:
        """The group asked from, and every other group where the member was seen as an admin."""
        known = set(self.engine.resolver.config.groups) | set(self.engine._groups_seen)
        others = [g for g in known if g != group_id
                  and self.engine.member_role(g, member_id) >= Role.ADMIN]  # fmt: skip
        return [group_id, *sorted(others)]

    # ------------------------------------------------------------ /后台
    async def command(self, inv: Invocation) -> list[Action] | str:
        """/后台: a sign-in link sent privately; /后台 注销: end all of the member's sessions."""
        event, lang = inv.event, inv.lang
        member = event.sender.id
        name = await self.engine.display_name(event.group_id, member)
        word = str(inv.args.get("what") or "").strip().lower()
        if word in LOGOUT:
            count = await self.end_sessions(member)
            return TEXTS.get(lang, "logged_out", name=name, count=count)
        if self.base_url is None:
            return TEXTS.get(lang, "link_not_served", name=name)
        # the local chat is the owner's own terminal: private enough
        if not (event.caps.private_message or event.platform == "console"):
            return TEXTS.get(lang, "link_no_private", name=name, group=event.group_id)
        url = await self.issue_link(member, self.admin_groups(member, event.group_id), lang)
        minutes = format_duration(int(LINK_TTL), lang)
        private = TEXTS.get(lang, "link_private", name=name, url=url, minutes=minutes)
        return [
            PrivateMessage(event.group_id, member, private),
            inv.reply(TEXTS.get(lang, "link_sent", name=name, minutes=minutes)),
        ]


async def refresh_overrides(engine: Engine) -> bool:
    """Take up the overrides another process stored (``huzhu web`` beside a bot); True if any.

    In one process the console and the chat share the resolver, so a change is seen at
    once; two processes share only the database, so each reads the overrides table again
    (a few rows) when it needs the current settings.
    """
    from huzhu.core.resolver import Resolver
    from huzhu.core.storage import repo

    rows = await engine.db.read(repo.overrides_all)
    overrides: dict[tuple[str, str], dict[str, Any]] = {}
    for gid, plugin, key, value, _by in rows:
        if plugin in engine.registry.plugins:
            overrides.setdefault((gid, plugin), {})[key] = value
    current = {k: v for k, v in engine.resolver.overrides.items() if v}
    if overrides == current:
        return False
    engine.resolver = Resolver(engine.registry, engine.resolver.config, overrides)
    return True


def register(engine: Engine, console: Console) -> None:
    """Add ``/后台`` (``/console``) to the engine's commands; admins only."""
    reg = engine.commands.registrar(CORE)
    reg("后台", console.command, aliases=("console",), permission=Role.ADMIN,
        summary="获取网页后台的一次性登录链接（私信发送）；/后台 注销 结束所有登录",
        summary_en="get a one-time sign-in link to the web console (sent privately); /console logout ends every sign-in",
        args=(Arg("what", optional=True),), examples=("/后台", "/后台 注销"))  # fmt: skip
    engine.web_console = console  # type: ignore[attr-defined]


def find(engine: Engine) -> Console | None:
    """The console registered on an engine, if any."""
    found: Any = getattr(engine, "web_console", None)
    return found if isinstance(found, Console) else None
