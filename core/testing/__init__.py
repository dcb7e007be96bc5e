"""``huzhu.testing``: test the core and plugins without any chat platform.

Installed with huzhu and registered as a pytest plugin (entry point
``pytest11``), so any project that has huzhu installed gets the fixtures
``huzhu_clock``, ``huzhu_config``, ``huzhu_engine`` and ``huzhu_group``.

A ``FakeGroup`` sends messages as members and keeps what the bot did, in the
push/pop style of errbot's test backend::

    group = await huzhu_group(make_config(plugins={"my_rule": {"limit": 3}}), plugins=[my_rule])
    await group.push("加微信 了解一下", by="qq:42")
    assert "禁止" in group.pop()          # the bot's next message, oldest first
    assert group.actions(Delete)           # and the other actions it took

The plain functions (``make_engine``, ``make_config``, ``FakeGroup``) work
without pytest as well.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from huzhu.core.clock import Clock, ManualClock
from huzhu.core.engine import Engine
from huzhu.core.events import (
    Action,
    Capabilities,
    DecideJoin,
    JoinRequest,
    Member,
    MemberEvent,
    MessageEvent,
    NotifyAdmins,
    PrivateMessage,
    Reply,
    Role,
)
from huzhu.core.plugin import PluginRegistry

__all__ = [
    "FULL_CAPS",
    "FakeGroup",
    "ManualClock",
    "Role",
    "make_config",
    "make_engine",
    "of_type",
    "registry_with",
    "text",
    "texts",
]

#: messages a ``FakeGroup`` remembers for replies to them
SAID_KEPT = 10_000

#: a platform that can do everything, with the bot an admin
FULL_CAPS = Capabilities(
    platform="qq", delete=True, mute=True, kick=True, private_message=True, join_requests=True
)


def registry_with(plugins: Iterable[Any] = (), *, builtins: bool = True) -> PluginRegistry:
    """A registry with the built-in plugins (optionally) and the given plugin objects."""
    registry = PluginRegistry()
    if builtins:
        registry.load_entry_points()
    for plugin in plugins:
        loaded = registry.plugins.get(getattr(plugin.__plugin_meta__, "name", ""))
        if loaded is not None and loaded.module is plugin:
            continue  # already installed through its entry point
        registry.register(plugin, source="test")
    return registry


def make_config(
    plugins: dict[str, Any] | None = None,
    groups: dict[str, dict[str, Any]] | None = None,
    **top: Any,
) -> str:
    """``plugins.yaml`` text: ``plugins`` go into ``defaults``, ``groups`` and top-level keys as given.

    ``make_config({"max_links": {"limit": 3}})`` enables ``max_links`` everywhere;
    ``make_config(groups={"qq:1": {"plugins": {"max_links": True}}})`` in one group.
    The core's pointer for a bare 帮助 or share link is off unless ``defaults`` says so.
    A value of ``True``/``False`` enables or disables a plugin with its defaults.
    """
    data: dict[str, Any] = dict(top)
    defaults = data["defaults"] = dict(data.get("defaults") or {})
    # the core's pointer (a reply to a bare 帮助 or share link) would show up in every
    # plugin's test; say ``defaults={"commands": {"pointer": True}}`` to test with it
    defaults["commands"] = {"pointer": False, **(defaults.get("commands") or {})}
    if plugins:
        defaults["plugins"] = plugins
    if groups:
        data["groups"] = groups
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


async def make_engine(
    data_dir: str | Path,
    yaml_text: str | None = None,
    *,
    plugins: Iterable[Any] = (),
    builtins: bool = True,
    clock: Clock | None = None,
    registry: PluginRegistry | None = None,
    database_url: str | None = None,
) -> Engine:
    """A started engine on a SQLite file in ``data_dir`` (``plugins.yaml`` written from ``yaml_text``)."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    config_path = None
    if yaml_text is not None:
        config_path = data_dir / "plugins.yaml"
        config_path.write_text(yaml_text, encoding="utf-8")
    engine = Engine.from_settings(
        config_path=config_path,
        data_dir=data_dir,
        database_url=database_url,
        clock=clock or ManualClock(),
        registry=registry or registry_with(plugins, builtins=builtins),
    )
    await engine.start()
    return engine


class FakeGroup:
    """A group on a fake platform: members talk, the engine answers."""

    _ids = itertools.count(1)

    def __init__(
        self, engine: Engine, group_id: str = "qq:1000", caps: Capabilities = FULL_CAPS
    ) -> None:
        self.engine = engine
        self.group_id = group_id
        self.caps = caps
        self.log: list[Action] = []
        self._outbox: deque[str] = deque()
        #: message id → (author, text) of what was said here: a reply to one of them carries
        #: its text and author, as the platforms give them
        self.said: dict[str, tuple[str, str]] = {}
        self.last_id = ""

    async def push(self, text: str, **kwargs: Any) -> None:
        """Post ``text`` as a member (same arguments as ``say``); read replies with ``pop``."""
        await self.say(text, **kwargs)

    def pop(self) -> str:
        """The oldest bot message not yet popped (replies, private notes, admin notices)."""
        if not self._outbox:
            raise AssertionError("the bot sent no (further) message")
        return self._outbox.popleft()

    def pending(self) -> list[str]:
        """The bot messages not yet popped, without popping them."""
        return list(self._outbox)

    def actions(self, kind: type | None = None) -> list[Any]:
        """Every action so far (or those of one type, e.g. ``Delete`` or ``Mute``)."""
        return list(self.log) if kind is None else of_type(self.log, kind)

    async def tick(self) -> list[Action]:
        """Run the engine's periodic work (schedules, expiries) at the clock's time.

        Returns (and records) the actions meant for this group.
        """
        actions = [
            a
            for a in await self.engine.tick()
            if getattr(a, "group_id", self.group_id) == self.group_id
        ]
        self._record(actions)
        return actions

    async def request_join(
        self,
        member: str,
        answer: str = "",
        *,
        name: str = "",
        level: int | None = None,
        age_days: float | None = None,
    ) -> DecideJoin | None:
        """``member`` asks to join with ``answer``; return the decision taken (None: left to admins)."""
        event = JoinRequest(
            self.group_id, Member(member, name or member), request_id=f"flag-{next(self._ids)}",
            answer=answer, caps=self.caps, account_level=level, account_age_days=age_days,
        )  # fmt: skip
        actions = await self.engine.handle_join_request(event)
        self._record(actions)
        return next((a for a in actions if isinstance(a, DecideJoin)), None)

    def _record(self, actions: list[Action]) -> None:
        self.log.extend(actions)
        self._outbox.extend(texts(actions))

    async def say(
        self,
        text: str,
        *,
        by: str = "qq:42",
        role: Role = Role.MEMBER,
        name: str = "",
        mentions: Sequence[str] = (),
        reply_to: str | None = None,
        reply_text: str | None = None,
        images: Sequence[str] = (),
        reply_author: str | None = None,
    ) -> list[Action]:
        """Post ``text`` as member ``by`` (with ``images``: picture URLs); return (and log) the bot's actions.

        ``reply_to`` a message said in this group fills in its text and author (``reply_text``,
        ``reply_author``) unless given; ``last_id`` is the id of the message just posted."""
        quoted = self.said.get(reply_to) if reply_to is not None else None
        if quoted is not None:
            reply_author = reply_author or quoted[0]
            reply_text = quoted[1] if reply_text is None else reply_text
        self.last_id = str(next(self._ids))
        self.said[self.last_id] = (by, text)
        if len(self.said) > SAID_KEPT:  # a long simulated day: the oldest are forgotten
            del self.said[next(iter(self.said))]
        event = MessageEvent(
            group_id=self.group_id,
            sender=Member(by, name or by, role),
            text=text,
            message_id=self.last_id,
            mentions=tuple(mentions),
            reply_to=reply_to,
            caps=self.caps,
            reply_text=reply_text,
            images=tuple(images),
            reply_author=reply_author,
        )
        actions = await self.engine.handle_message(event)
        self._record(actions)
        return actions

    async def join(self, member: str, *, left: bool = False) -> list[Action]:
        """A member joins (or leaves) the group."""
        actions = await self.engine.handle_member(
            MemberEvent(self.group_id, Member(member), joined=not left, caps=self.caps)
        )
        self._record(actions)
        return actions


def texts(actions: Iterable[Action]) -> list[str]:
    """The texts of the messages among ``actions``."""
    return [a.text for a in actions if isinstance(a, Reply | NotifyAdmins | PrivateMessage)]


def text(actions: Iterable[Action]) -> str:
    """All message texts joined by newlines (handy for ``in`` checks)."""
    return "\n".join(texts(actions))


def of_type(actions: Iterable[Action], kind: type) -> list[Any]:
    """The actions of one type."""
    return [a for a in actions if isinstance(a, kind)]
