"""Alliances of groups served by one deployment.

A group is in an alliance when its ``alliance`` plugin block names it
(``names: [华东联盟]`` in plugins.yaml: the operator's file speaks for every
group in it) or when the owners of both sides joined it with ``/联盟``
(stored). Within an alliance a SEVERE removal in one group follows the person
— every account bound to them — into the others.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from huzhu.core.clock import zone
from huzhu.core.durations import format_duration
from huzhu.core.events import (
    Action,
    Capabilities,
    Kick,
    Member,
    Mute,
    NotifyAdmins,
    PrivateMessage,
    Reply,
)
from huzhu.core.i18n import Catalog
from huzhu.core.storage import identity, repo

if TYPE_CHECKING:
    from huzhu.core.context import GroupContext
    from huzhu.core.engine import Engine

PLUGIN = "alliance"


def config_of(engine: Engine, group_id: str) -> Any:
    """The group's ``alliance`` settings, or None where the plugin is off."""
    return engine.resolver.group(group_id).configs.get(PLUGIN)


async def alliances(engine: Engine, group_id: str) -> dict[str, list[str]]:
    """Alliance name → its groups (``group_id`` included), configured and stored."""
    out = await engine.db.read(lambda c: identity.alliances_of(c, group_id))
    cfg = config_of(engine, group_id)
    if cfg is not None and cfg.names:
        for gid in engine.resolver.config.groups:
            other = config_of(engine, gid)
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
    cfg = config_of(engine, ctx.group_id)
    if cfg is None or PLUGIN not in engine.resolver.group(ctx.group_id).enabled:
        return [ctx.group_id]
    if not cfg.shared_reputation:
        return [ctx.group_id]
    return [ctx.group_id, *await allied_groups(engine, ctx.group_id)]


# ---------------------------------------------------------------- on sight
#: a member checked and found clean is not looked up again for this long (per group)
CLEAN_FOR = 600.0

TEXTS = Catalog(
    {
        "zh": {
            "notify": "⚠️ 联盟提示：{name} 在联盟的另一个群里于 {when} 因「{rule}」被移出（理由：{reason}）。{what}",
            "what_flag": "本群未自动处理：请留意，需要时用 /禁言 或 /踢出。",
            "what_mute": "已在本群禁言 {duration}；有误会的话对方可私聊机器人发 /申诉，管理员可发 /解除 撤销。",
            "what_kick": "已移出本群；有误会的话对方可私聊机器人发 /申诉，管理员可发 /解除 撤销记录。",
            "member_mute": "{name}，你在联盟的另一个群因「{rule}」被移出，本群已将你禁言 {duration}。"
            "如有误会请私聊机器人发送 /申诉 理由。",
            "member_kick": "你在联盟的另一个群因「{rule}」被移出，所以也被移出了本群。如有误会请私聊机器人发送 /申诉 理由。",
        },
        "en": {
            "notify": "⚠️ Alliance: {name} was removed from another group of the alliance on {when} for “{rule}” "
            "(reason: {reason}). {what}",
            "what_flag": "Nothing was done here: keep an eye on them; /mute or /kick if needed.",
            "what_mute": "Muted here for {duration}; they may send /appeal to the bot privately, admins may /pardon.",
            "what_kick": "Removed from this group; they may send /appeal to the bot privately, admins may /pardon.",
            "member_mute": "{name}, you were removed from another group of the alliance for “{rule}”, so you are muted "
            "here for {duration}. If this is a mistake, send /appeal and your reason to the bot privately.",
            "member_kick": "You were removed from another group of the alliance for “{rule}”, so you were removed "
            "here too. If this is a mistake, send /appeal and your reason to the bot privately.",
        },
    }
)


async def removal_elsewhere(engine: Engine, group_id: str, member: str) -> dict[str, Any] | None:
    """The latest SEVERE removal of ``member``'s person (every bound account) in a group allied
    with ``group_id``, within the alliance's ``remember`` and not pardoned there; or None."""
    cfg = config_of(engine, group_id)
    if cfg is None or PLUGIN not in engine.resolver.group(group_id).enabled:
        return None
    allies = await allied_groups(engine, group_id)
    if not allies:
        return None
    since = engine.clock.time() - cfg.remember

    def read(c: Any) -> list[dict[str, Any]]:
        return identity.severe_removals(c, allies, identity.accounts_of(c, member), since)

    found = await engine.db.read(read)
    return found[0] if found else None


async def on_sight(
    engine: Engine, group_id: str, member: Member, caps: Capabilities
) -> list[Action]:
    """Someone joined or spoke in ``group_id``: act once on a SEVERE removal in an allied group.

    ``on_sight`` says what: flag (the admins are told, with the evidence), mute or
    kick (as far as the platform can; else flag). The action is recorded as a
    violation here (so /申诉 and /解除 work as for any penalty) and audited in both groups.
    """
    cfg = config_of(engine, group_id)
    if cfg is None:
        return []
    now = engine.clock.time()
    ctx = engine.context(group_id, PLUGIN)
    clean: dict[str, float] = ctx.scratch.setdefault("clean", {})
    if now - clean.get(member.id, -CLEAN_FOR) < CLEAN_FOR:
        return []
    found = await removal_elsewhere(engine, group_id, member.id)
    if found is None or await ctx.kv.get(f"acted:{member.id}:{found['id']}"):
        if len(clean) > 100_000:
            clean.clear()
        clean[member.id] = now
        return []
    await ctx.kv.set(f"acted:{member.id}:{found['id']}", now)
    lang = ctx.language
    step = cfg.on_sight
    if (step == "mute" and not caps.can("mute")) or (step == "kick" and not caps.can("kick")):
        step = "flag"  # the platform cannot: the admins decide
    rule = engine.rule_title(found["rule"], lang)
    name = await engine.display_name(group_id, member.id)
    duration = format_duration(cfg.mute_for, lang)
    when = datetime.fromtimestamp(found["at"], zone(engine.resolver.group(group_id).timezone))
    evidence = {"rule": found["rule"], "reason": found["reason"], "at": found["at"],
                "evidence": found["evidence"], "violation": found["id"]}  # fmt: skip

    def record(c: Any) -> None:
        # audited in both groups; the group where it happened keeps the ids, the other the facts
        repo.add_audit(c, group_id, "bot", f"alliance:{step}", member.id,
                       {**evidence, "from_group": found["group_id"], "account": found["member_id"]}, now)  # fmt: skip
        repo.add_audit(c, found["group_id"], "bot", "alliance:seen_elsewhere", found["member_id"],
                       {"group": group_id, "account": member.id, "step": step, "violation": found["id"]}, now)  # fmt: skip
        if step != "flag":
            repo.record_violation(c, {
                "group_id": group_id, "member_id": member.id, "rule": "alliance.flagged", "severity": 3,
                "strikes": 0, "step": step, "reason": TEXTS.get(lang, f"member_{step}", name=name, rule=rule,
                                                                 duration=duration),
                "evidence": evidence, "message_id": "", "at": now,
            }, audit=False)  # fmt: skip

    await engine.db.write(record)
    what = TEXTS.get(lang, f"what_{step}", duration=duration)
    out: list[Action] = [NotifyAdmins(group_id, TEXTS.get(lang, "notify", name=name, rule=rule,
                                                         reason=found["reason"][:80],
                                                         when=when.strftime("%Y-%m-%d"), what=what))]  # fmt: skip
    if step == "mute":
        out += [Mute(group_id, member.id, cfg.mute_for),
                Reply(group_id, TEXTS.get(lang, "member_mute", name=name, rule=rule, duration=duration),
                      mention=(member.id,))]  # fmt: skip
    elif step == "kick":
        out += [PrivateMessage(group_id, member.id, TEXTS.get(lang, "member_kick", rule=rule)),
                Kick(group_id, member.id)]  # fmt: skip
    return out
