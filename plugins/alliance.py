"""联盟 (alliance): groups of one deployment that stand together against scammers.

Configured in plugins.yaml (``alliance: {names: [华东联盟]}`` in each group's
block) or joined by the owners of both sides with ``/联盟``. See
``huzhu.core.identity.alliances``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from huzhu.core import (
    Action,
    Arg,
    Catalog,
    Duration,
    GroupContext,
    Invocation,
    MemberEvent,
    PluginConfig,
    PluginMeta,
    Role,
    Severity,
    Violation,
    hookimpl,
)
from huzhu.core.durations import format_duration
from huzhu.core.identity import alliances
from huzhu.core.identity.bindings import new_code
from huzhu.core.storage import identity


class Config(PluginConfig):
    """Settings of alliance."""

    #: the alliances this group is in (groups naming the same alliance are allied)
    names: tuple[str, ...] = ()
    #: what to do when someone removed for a scam in an allied group joins or speaks here:
    #: flag (tell the admins, with the evidence), mute, or kick
    on_sight: Literal["flag", "mute", "kick"] = "flag"
    #: how long ``on_sight: mute`` mutes
    mute_for: Duration = 7 * 86400
    #: removals older than this no longer follow a member
    remember: Duration = 180 * 86400
    #: the 信用分 here also counts the member's record in allied groups
    shared_reputation: bool = False
    #: how long an invitation made with /联盟 邀请 stays valid
    invite_ttl: Duration = Field(default=3600, ge=60)


TEXTS = Catalog(
    {
        "zh": {
            "none": "本群还没有加入联盟。群主发送 /联盟 邀请 联盟名，把邀请码交给另一个群的群主，对方在他的群里发 /联盟 加入 邀请码。",
            "list": "本群所在的联盟：{items}。在任一群因诈骗被移出的人，进入其他联盟群时会被标记。",
            "item": "「{name}」（{count} 个群）",
            "invited": "已创建「{name}」的联盟邀请，邀请码 {code}（{ttl}内有效，只能用一次）。请交给另一个群的群主，"
            "由对方在他的群里发送 /联盟 加入 {code}。",
            "join_unknown": "邀请码不对或已经用过了，请让对方群主重新发 /联盟 邀请 联盟名。",
            "join_expired": "邀请码已过期，请让对方群主重新发 /联盟 邀请 联盟名。",
            "join_self": "这是本群自己发出的邀请码，要由另一个群的群主在他的群里使用。",
            "joined": "✅ 本群已加入联盟「{name}」，两边的群都会记入审计。",
            "left": "本群已退出联盟「{name}」。",
            "not_in": "本群不在联盟「{name}」里，发送 /联盟 查看。",
            "usage": "用法：/联盟（查看）、/联盟 邀请 联盟名、/联盟 加入 邀请码、/联盟 退出 联盟名。",
        },
        "en": {
            "none": "This group is in no alliance. An owner sends /alliance invite <name> and gives the code to the other "
            "group's owner, who sends /alliance join <code> in their group.",
            "list": "This group's alliances: {items}. Anyone removed for a scam in one is flagged in the others.",
            "item": "“{name}” ({count} groups)",
            "invited": "Invitation to “{name}” created: code {code} (works once, for {ttl}). Give it to the other "
            "group's owner, who sends /alliance join {code} in their group.",
            "join_unknown": "That code is wrong or was used; ask the other owner for a new /alliance invite.",
            "join_expired": "That code has expired; ask the other owner for a new /alliance invite.",
            "join_self": "That code was made in this group; the other group's owner must use it in theirs.",
            "joined": "✅ This group joined the alliance “{name}”; both groups' audit logs say so.",
            "left": "This group left the alliance “{name}”.",
            "not_in": "This group is not in the alliance “{name}”; send /alliance to see its alliances.",
            "usage": "Usage: /alliance, /alliance invite <name>, /alliance join <code>, /alliance leave <name>.",
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "names": "加入的联盟",
    "on_sight": "联盟骗子出现时怎么办",
    "mute_for": "禁言多久",
    "remember": "记住移出记录多久",
    "shared_reputation": "信用分计入联盟群记录",
    "invite_ttl": "邀请码有效期",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "names": "alliances joined",
    "on_sight": "when an alliance scammer shows up",
    "mute_for": "mute length",
    "remember": "how long removals are remembered",
    "shared_reputation": "count alliance groups in credit scores",
    "invite_ttl": "invite code lifetime",
}

__plugin_meta__ = PluginMeta(
    name="alliance",
    title="联盟",
    title_en="alliance",
    aliases=("跨群联盟",),
    labels=LABELS,
    labels_en=LABELS_EN,
    description="联盟：同一部署下的多个群共享骗子名单（跨群标记、禁言或移出）",
    description_en="alliance: groups of one deployment share their scammer record (flag, mute or remove on sight)",
    usage="/联盟",
    config=Config,
    texts=TEXTS,
)


@hookimpl
async def member_joined(ctx: GroupContext, event: MemberEvent) -> list[Action]:
    """A newcomer removed for a scam in an allied group: flag, mute or remove (once)."""
    return await alliances.on_sight(ctx.data.engine, ctx.group_id, event.member, event.caps)


@hookimpl
async def violation_detected(ctx: GroupContext, violation: Violation) -> None:
    """A removal for a scam here: allied groups look the person up again at once (not in 10 minutes)."""
    if violation.step.value != "kick" or violation.verdict.severity < Severity.SEVERE:
        return
    engine = ctx.data.engine
    accounts = await ctx.data.accounts(violation.member_id)
    for gid in await alliances.allied_groups(engine, ctx.group_id):
        if alliances.config_of(engine, gid) is None:
            continue
        clean = engine.context(gid, alliances.PLUGIN).scratch.get("clean")
        for account in accounts if clean else ():
            clean.pop(account, None)


async def manage(inv: Invocation) -> str:
    """/联盟 [邀请 名称 | 加入 邀请码 | 退出 名称]: group owners join groups into alliances."""
    ctx, ev = inv.ctx, inv.event
    cfg: Config = ctx.config  # type: ignore[assignment]
    engine = ctx.data.engine
    action, value = (inv.args.get("action") or "").strip(), (inv.args.get("value") or "").strip()
    now = ctx.now()
    gid, me = ev.group_id, ev.sender.id
    if not action:
        found = await alliances.alliances(engine, gid)
        if not found:
            return ctx.t("none")
        items = "、".join(ctx.t("item", name=n, count=len(gs)) for n, gs in sorted(found.items()))
        return ctx.t("list", items=items)
    if action in ("邀请", "invite") and value:
        code = new_code()
        await engine.db.write(
            lambda c: identity.add_invite(c, code, value[:32], gid, me, now + cfg.invite_ttl)
        )
        await ctx.data.audit(me, "alliance:invite", "", {"alliance": value[:32]})
        return ctx.t(
            "invited", name=value[:32], code=code, ttl=format_duration(cfg.invite_ttl, ctx.language)
        )
    if action in ("加入", "join") and value:
        status, invite = await engine.db.write(
            lambda c: identity.accept_invite(c, value.upper(), gid, me, now)
        )
        if invite is None:
            return ctx.t(f"join_{status}")
        for group, other in ((gid, invite["group_id"]), (invite["group_id"], gid)):
            await engine.context(group).data.audit(me if group == gid else invite["by"], "alliance:join", "",
                                                   {"alliance": invite["alliance"], "with": other})  # fmt: skip
        return ctx.t("joined", name=invite["alliance"])
    if action in ("退出", "leave") and value:
        left = await engine.db.write(lambda c: identity.leave(c, value, gid))
        if left:
            await ctx.data.audit(me, "alliance:leave", "", {"alliance": value})
        return ctx.t("left" if left else "not_in", name=value[:32])
    return ctx.t("usage")


@hookimpl
def register_commands(register: Any) -> None:
    """Add /联盟 (group owners)."""
    register("联盟", manage, aliases=("alliance",), summary="群主管理联盟：邀请、加入、退出",
             summary_en="owners: invite a group into an alliance, join, leave", permission=Role.OWNER,
             args=(Arg("action", optional=True, label="操作", label_en="action"),
                   Arg("value", "text", optional=True, label="名称或邀请码", label_en="name or code")),
             examples=("/联盟", "/联盟 邀请 华东联盟", "/联盟 加入 7K9Q2M4X", "/联盟 退出 华东联盟"),
             examples_en=("/alliance", "/alliance invite East", "/alliance join 7K9Q2M4X"))  # fmt: skip
