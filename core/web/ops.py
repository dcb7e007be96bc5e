"""Changes made in the console run the group's own chat commands, as the signed-in member.

``/启用``, ``/配置``, ``/移除``, ``/裁决``, ``/定时`` … go through the engine's
router: the same permission check, argument parsing, validation, audit entry
and group commit as when the admin types them in the group. The command's
reply is shown on the page instead of being posted; its other actions (an
unmute after 撤销, a private note to the appellant) are carried out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import ValidationError

from huzhu.core import admin
from huzhu.core.commands import split_command
from huzhu.core.config_errors import explain
from huzhu.core.events import Capabilities, Member, MessageEvent, Reply, Role
from huzhu.core.i18n import join_clauses

if TYPE_CHECKING:
    from huzhu.core.engine import Engine
    from huzhu.core.web.console import Console, Session


@dataclass(frozen=True)
class Outcome:
    """What a command said (shown on the page)."""

    text: str


async def run_command(console: Console, session: Session, group_id: str, text: str) -> Outcome:
    """Run ``text`` (a chat command) in the group as the session's member, like a message would."""
    engine = console.engine
    split = split_command(text)
    assert split is not None, text
    role = Role.SUPERUSER if engine.is_superuser(session.member_id) else Role.ADMIN
    name = await engine.display_name(group_id, session.member_id)
    caps = Capabilities(platform=group_id.partition(":")[0], private_message=True)
    event = MessageEvent(group_id, Member(session.member_id, name, role), text, caps=caps)
    actions = await engine._route(event, engine.resolver.group(group_id), *split)
    replies = [a.text for a in actions if isinstance(a, Reply) and a.group_id == group_id]
    others = [a for a in actions if not (isinstance(a, Reply) and a.group_id == group_id)]
    if others:
        await console.execute(others)
    return Outcome("\n".join(replies))


# ---------------------------------------------------------------- plugin settings
def field_error(engine: Engine, group_id: str, plugin: str, key: str, raw: str, lang: str) -> str:
    """The error ``/配置`` would give for this value, or "" when it is valid."""
    model = engine.registry.plugins[plugin].meta.config
    if len(raw) > admin.MAX_VALUE:
        from huzhu.core.texts import TEXTS as CORE_TEXTS

        return CORE_TEXTS.get(lang, "config_too_long", limit=admin.MAX_VALUE)
    try:
        admin._validate_value(engine, group_id, plugin, key, raw)
    except ValidationError as exc:
        return join_clauses((explain(e, model, lang) for e in exc.errors()), lang)
    return ""
