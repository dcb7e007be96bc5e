"""Alliances of groups served by one deployment.

A group is in an alliance when its ``alliance`` plugin block names it
(``names: [华东联盟]`` in plugins.yaml: the operator's file speaks for every
group in it) or when the owners of both sides joined it with ``/联盟``
(stored). Within an alliance a SEVERE removal in one group follows the person
— every account bound to them — into the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from huzhu.core.storage import identity

if TYPE_CHECKING:
    from huzhu.core.context import GroupContext
    from huzhu.core.engine import Engine

PLUGIN = "alliance"


def _cfg(engine: Engine, group_id: str) -> Any:
    return engine.resolver.group(group_id).configs.get(PLUGIN)


async def alliances(engine: Engine, group_id: str) -> dict[str, list[str]]:
    """Alliance name → its groups (``group_id`` included), configured and stored."""
    out = await engine.db.read(lambda c: identity.alliances_of(c, group_id))
    cfg = _cfg(engine, group_id)
    if cfg is not None and cfg.names:
        for gid in engine.resolver.config.groups:
            other = _cfg(engine, gid)
            if other is None:
                continue
            for name in set(cfg.names) & set(other.names):
                groups = out.setdefault(name, [group_id])
                if gid not in groups:
                    groups.append(gid)
    return out


async def allied_groups(engine: Engine, group_id: str) -> list[str]:
    """Every other group allied with ``group_id`` (in any of its alliances), in a stable order."""
    found = await alliances(engine, group_id)
    return sorted({g for groups in found.values() for g in groups} - {group_id})


async def reputation_groups(ctx: GroupContext, member: str) -> list[str]:
    """The groups whose record makes ``member``'s score here: this one, plus its allies when
    the group's alliance block says ``shared_reputation``."""
    engine = ctx.data.engine
    cfg = _cfg(engine, ctx.group_id)
    if cfg is None or PLUGIN not in engine.resolver.group(ctx.group_id).enabled:
        return [ctx.group_id]
    if not cfg.shared_reputation:
        return [ctx.group_id]
    return [ctx.group_id, *await allied_groups(engine, ctx.group_id)]
