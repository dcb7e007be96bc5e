"""/帮助: the commands a member may use, grouped, each with one line and an example.

In a group a bare ``/帮助`` is short: the few commands a member needs
(``ESSENTIAL``), where to read more, and for admins where their commands are;
the same list asked for again within ``commands.repeat_within`` gets a pointer
up (``huzhu.core.repeats``). ``/帮助 全部`` — and ``/帮助`` sent privately, or
where the group answers privately — lists the asker's commands by section (求助与助力, 查询, 举报与申诉, 管理 —
members never see the admin section); ``/帮助 求助`` shows one command's usage
and examples; ``/帮助 派单`` / ``/帮助 防骗`` one plugin (or section): what it does,
whether it runs here, its commands, and how to configure and switch it. The pointer a plain 帮助 or a bare share link gets lives in the
engine (it is not a command); its texts are here with the others in
``core/texts.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from huzhu.core.commands import GROUPS, Arg, Command, Invocation
from huzhu.core.events import Role
from huzhu.core.i18n import join_list
from huzhu.core.plugin import CORE
from huzhu.core.settings.names import Target, resolve, summary
from huzhu.core.texts import TEXTS

if TYPE_CHECKING:
    from huzhu.core.engine import Engine


#: (ids of the commands, language) → (those commands, kept so no id is reused meanwhile;
#: their overview): a pure function of both, asked for again and again
_OVERVIEWS: dict[tuple[tuple[int, ...], str], tuple[tuple[Command, ...], str]] = {}
#: what a bare /帮助 in a group lists (those usable there), in this order
ESSENTIAL = ("求助", "已助", "确认", "队列", "我的")
#: /帮助 全部: every command; /帮助 管理: the admins' (the words after /帮助)
ALL_WORDS = ("全部", "所有", "完整", "all", "full")
ADMIN_WORDS = ("管理", "管理员", "admin")


def overview(commands: list[Command], lang: str) -> str:
    """Every command in ``commands`` under its section, in ``GROUPS`` order."""
    key = (tuple(map(id, commands)), lang)
    hit = _OVERVIEWS.get(key)
    if hit is None:
        if len(_OVERVIEWS) >= 256:
            _OVERVIEWS.clear()
        hit = _OVERVIEWS[key] = (tuple(commands), _overview(commands, lang))
    return hit[1]


def _overview(commands: list[Command], lang: str) -> str:
    lines = [TEXTS.get(lang, "help_header")]
    for group in GROUPS:
        members = [c for c in commands if c.help_group == group]
        if not members:
            continue
        lines.append(TEXTS.get(lang, f"help_group_{group}"))
        for cmd in members:
            head = cmd.aliases[0] if lang == "en" and cmd.aliases else cmd.name
            # an example that is the bare command says nothing the line does not
            examples = [e for e in cmd.example_lines(lang) if e.strip() != f"/{head}"]
            key = "help_line_example" if examples else "help_line"
            lines.append(
                TEXTS.get(lang, key, name=head, summary=cmd.describe(lang),
                          example=examples[0] if examples else "")
            )  # fmt: skip
    return "\n".join(lines)


def listed(engine: Engine, settings: Any, role: Role) -> list[Command]:
    """The commands /帮助 lists: those the asker may use, less those of a part switched off
    in the group (/接单 without 派单: its ``section``; /兑换 with nothing in the shop: its
    ``shown``)."""
    out = []
    for cmd in engine.visible_commands(settings, role):
        config = settings.configs.get(cmd.plugin)
        if config is None:
            out.append(cmd)
            continue
        part = getattr(config, cmd.section, None) if cmd.section else None
        if getattr(part, "enabled", True) is not False and (cmd.shown is None or cmd.shown(config)):
            out.append(cmd)
    return out


def short(engine: Engine, commands: list[Command], group_id: str, role: Role, lang: str) -> str:
    """A bare /帮助 in a group: the few commands a member needs, and where to read more."""
    by_name = {c.name: c for c in commands}
    lines = [TEXTS.get(lang, "help_short_header")]
    for name in ESSENTIAL:
        cmd = by_name.get(name)
        if cmd is not None:
            head = cmd.aliases[0] if lang == "en" and cmd.aliases else cmd.name
            lines.append(TEXTS.get(lang, "help_line", name=head, summary=cmd.describe(lang)))
    if role >= Role.ADMIN and any(c.help_group == "admin" for c in commands):
        lines.append(TEXTS.get(lang, "help_short_admin"))
    private = TEXTS.get(lang, "help_short_private") if engine.writes_privately(group_id) else ""
    lines.append(TEXTS.get(lang, "help_short_footer", private=private))
    return "\n".join(lines)


def detail(cmd: Command, lang: str) -> str:
    """One command: what it does, its usage, who may use it, and its examples."""
    aliases = (
        TEXTS.get(lang, "help_aliases", names=" ".join(f"/{a}" for a in cmd.aliases))
        if cmd.aliases
        else ""
    )
    perm = (
        TEXTS.get(lang, "help_perm", role=TEXTS.get(lang, f"role_{cmd.permission.name.lower()}"))
        if cmd.permission > Role.MEMBER
        else ""
    )
    examples = cmd.example_lines(lang)
    shown = TEXTS.get(lang, "help_examples", lines="\n".join(examples)) if examples else ""
    reply = (
        TEXTS.get(lang, "help_reply_word", words=_reply_words(cmd, lang)) if cmd.reply_words else ""
    )
    return TEXTS.get(lang, "help_command", name=cmd.name, aliases=aliases,
                     summary=cmd.describe(lang), usage=cmd.usage(lang), perm=perm,
                     examples=shown, reply=reply)  # fmt: skip


async def help_command(engine: Engine, inv: Invocation) -> str:
    """/帮助 [命令名]."""
    lang = inv.lang
    settings = engine.resolver.group(inv.event.group_id)
    role = engine.role_of(inv.event.sender)
    name = (inv.args.get("command") or "").lstrip("/／")
    commands = listed(engine, settings, role)
    word = name.strip().lower()
    if word in ADMIN_WORDS and role >= Role.ADMIN:
        return overview([c for c in commands if c.help_group == "admin"], lang)
    if word in ALL_WORDS or (not name and inv.event.privately):
        return overview(commands, lang)
    if not name:
        return short(engine, commands, inv.event.group_id, role, lang)
    cmd = engine.commands.get(name)
    if cmd is not None and (cmd.plugin == CORE or cmd.plugin in settings.enabled):
        return detail(cmd, lang)
    target = resolve(engine.registry, name, engine.commands)
    # a disabled plugin's command is not explained to members by its own name
    if target is None or (cmd is not None and target.section is None and role < Role.ADMIN):
        return TEXTS.get(lang, "help_unknown", name=name[:40])
    return plugin_detail(engine, target, inv.event.group_id, lang)


def plugin_detail(engine: Engine, target: Target, group_id: str, lang: str) -> str:
    """A plugin (or one of its sections): what it does, whether it runs here, its commands,
    and how to configure and switch it (in the names owners use)."""
    from huzhu.core import admin
    from huzhu.core.settings import view as settings_view

    meta = engine.registry.plugins[target.plugin].meta
    settings = engine.resolver.group(group_id)
    on = meta.name in settings.enabled
    name = admin.typed_name(meta, target, lang)
    prefix = target.section.key if target.section is not None else ""
    paths = settings_view.paths(meta.config, prefix)
    example = (
        (admin.sample(meta, paths, lang) or f"{paths[0].rsplit('.', 1)[-1]}=…") if paths else ""
    )
    if target.section is not None:
        current = admin.current_config(engine, group_id, meta.name)
        section_on = on and settings_view.dig(current, f"{prefix}.enabled") is not False
        return TEXTS.get(lang, "help_section", section=name, plugin=meta.display(lang),
                         state=TEXTS.get(lang, "help_state_on" if section_on else "help_state_off"),
                         description=target.section.describe(lang) or meta.describe(lang),
                         example=example)  # fmt: skip
    commands = [c for c in engine.commands.commands.values() if c.plugin == meta.name]
    lines = "\n".join(
        TEXTS.get(lang, "help_line", name=c.aliases[0] if lang == "en" and c.aliases else c.name,
                  summary=c.describe(lang))
        for c in commands
    )  # fmt: skip
    others = [a for a in (meta.title, *meta.aliases, meta.name) if a and a != name]
    return TEXTS.get(
        lang, "help_plugin", plugin=meta.display(lang), name=name,
        state=TEXTS.get(lang, "help_state_on" if on else "help_state_off"),
        description=summary(meta, lang),
        commands=TEXTS.get(lang, "help_plugin_commands", lines=lines) if commands else "",
        settings=TEXTS.get(lang, "help_plugin_settings", name=name, example=example) if paths else "",
        aliases=TEXTS.get(lang, "help_plugin_aliases", names=join_list(others, lang))
                if others else "",
    )  # fmt: skip


def register(engine: Engine) -> None:
    """Add /帮助 to the engine's table."""

    async def help_(inv: Invocation) -> str:
        return await help_command(engine, inv)

    engine.commands.registrar(CORE)(
        "帮助", help_, aliases=("help",), group="query", unlimited=True, private=True, quiet_repeat=True,
        summary="查看命令列表，或某个命令、功能的用法和例子", summary_en="list commands, or show one command's or plugin's usage",
        args=(Arg("command", optional=True),), examples=("/帮助 求助", "/帮助 派单"), examples_en=("/help post", "/help queue"),
    )  # fmt: skip


def _reply_words(cmd: Command, lang: str) -> str:
    """The reply words a ``lang`` group is shown (``已助、已帮、已砍``; ``done or helped``):
    each group its own language's words, every word still works."""
    if lang == "en":
        english = [w for w in cmd.reply_words if w.isascii()]
        if english:
            return " or ".join(sorted(english, key=len)[:2])
    return "、".join([w for w in cmd.reply_words if not w.isascii()][:3] or cmd.reply_words[:3])
