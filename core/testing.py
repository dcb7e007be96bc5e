"""Helpers to test the core and plugins without any chat platform.

A ``FakeGroup`` sends messages as members and returns what the bot did, in
the push/pop style of errbot's test backend::

    engine = await make_engine(tmp_path, yaml_text, plugins=[my_plugin])
    group = FakeGroup(engine, "qq:1")
    actions = await group.say("加微信 了解一下", by="qq:42")
    assert "content.words" in texts(actions)[0]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from huzhu.core.clock import Clock, ManualClock
from huzhu.core.engine import Engine
from huzhu.core.events import (
    Action,
    Capabilities,
    Member,
    MemberEvent,
    MessageEvent,
    NotifyAdmins,
    PrivateMessage,
    Reply,
    Role,
)
from huzhu.core.plugin import PluginRegistry

#: a platform that can do everything, with the bot an admin
FULL_CAPS = Capabilities(platform="qq", delete=True, mute=True, kick=True, private_message=True)


def registry_with(plugins: Iterable[Any] = (), *, builtins: bool = True) -> PluginRegistry:
    """A registry with the built-in plugins (optionally) and the given plugin objects."""
    registry = PluginRegistry()
    if builtins:
        registry.load_entry_points()
    for plugin in plugins:
        registry.register(plugin, source="test")
    return registry


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
    ) -> list[Action]:
        """Post ``text`` as member ``by``; return (and log) the bot's actions."""
        event = MessageEvent(
            group_id=self.group_id,
            sender=Member(by, name or by, role),
            text=text,
            message_id=str(next(self._ids)),
            mentions=tuple(mentions),
            reply_to=reply_to,
            caps=self.caps,
            reply_text=reply_text,
        )
        actions = await self.engine.handle_message(event)
        self.log.extend(actions)
        return actions

    async def join(self, member: str, *, left: bool = False) -> list[Action]:
        """A member joins (or leaves) the group."""
        actions = await self.engine.handle_member(
            MemberEvent(self.group_id, Member(member), joined=not left, caps=self.caps)
        )
        self.log.extend(actions)
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
