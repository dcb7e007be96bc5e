"""Every hookspec is documented in docs/hooks.md with its exact signature (datasette's test_docs)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pluggy

from huzhu.core import hookspecs

DOC = (Path(__file__).resolve().parents[1] / "docs" / "hooks.md").read_text(encoding="utf-8")


def _specs() -> list[str]:
    return [
        name
        for name, obj in vars(hookspecs).items()
        if inspect.isfunction(obj) and hasattr(obj, "huzhu_spec")
    ]


def test_every_hookspec_is_documented_with_its_signature():
    names = _specs()
    assert len(names) == 17
    for name in names:
        signature = name + str(inspect.signature(getattr(hookspecs, name))).replace("'", "")
        assert f"## {name}\n" in DOC, f"{name} has no section in docs/hooks.md"
        assert signature in DOC, (
            f"docs/hooks.md shows a different signature for {name}: {signature}"
        )


def test_docs_name_no_hook_that_does_not_exist():
    documented = set(re.findall(r"^## (\w+)$", DOC, flags=re.M))
    assert documented == set(_specs())


def test_each_spec_docstring_says_how_it_is_called():
    kinds = (
        "Verdicts, all collected",
        "Broadcast",
        "Targeted",
        "First result wins",
        "Contribution",
        "In the transaction",
    )
    for name in _specs():
        doc = inspect.getdoc(getattr(hookspecs, name)) or ""
        assert doc.startswith(kinds), f"{name}'s docstring must open with how it is called"
    assert isinstance(hookspecs.hookimpl, pluggy.HookimplMarker)


# ---------------------------------------------------------------- docs/writing-plugins.md
GUIDE = (Path(__file__).resolve().parents[1] / "docs" / "writing-plugins.md").read_text(
    encoding="utf-8"
)


def _guide_block(name: str) -> str:
    match = re.search(rf"<!-- guide: {name} -->\n```\w+\n(.*?)```", GUIDE, flags=re.S)
    assert match, f"docs/writing-plugins.md lost its {name!r} block"
    return match.group(1)


def test_the_guides_local_plugin_config_and_test_work_as_written(tmp_path):
    """The guide's one-file plugin loads from plugins_dir, validates, and its test passes."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "my_plugins"
    folder.mkdir()
    (folder / "no_night_links.py").write_text(_guide_block("local-plugin"), encoding="utf-8")
    (folder / "test_no_night_links.py").write_text(_guide_block("test"), encoding="utf-8")
    (tmp_path / "plugins.yaml").write_text(_guide_block("local-config"), encoding="utf-8")
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = session\n"
        "asyncio_default_test_loop_scope = session\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUZHU_")}
    huzhu = str(Path(sys.executable).parent / "huzhu")
    checked = subprocess.run([huzhu, "check", "plugins.yaml"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # the plugins_dir file is not a test module: pytest imports only test_*.py
    tested = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "my_plugins"],
        cwd=tmp_path, env={**env, "PYTHONPATH": str(folder)},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "2 passed" in tested.stdout


def test_the_guide_names_the_real_commands_and_settings():
    from huzhu.core.config import _File
    from huzhu.core.plugin import PluginMeta

    assert "plugins_dir" in _File.model_fields
    for field in re.findall(r"^    (\w+)=", GUIDE, flags=re.M):
        assert field in PluginMeta.__dataclass_fields__, f"guide shows PluginMeta({field}=...)"
    for name in ("huzhu new-plugin", "HUZHU_LOAD_PLUGINS", "HUZHU_DISABLE_PLUGIN_AUTOLOAD"):
        assert name in GUIDE


README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_readmes_deployment_steps_match_what_the_code_reads():
    import json

    from nonebot.adapters.qq.config import BotInfo
    from nonebot.adapters.telegram.config import BotConfig

    from huzhu.adapters.runner import ADAPTERS, ENV_PASSTHROUGH

    # every adapter name the README uses exists
    for names in re.findall(r"--adapter ([\w.,]+)", README):
        for name in names.split(","):
            assert name in ADAPTERS, f"README names --adapter {name}"
    assert {"onebot.v11", "telegram", "qq", "console"} <= set(ADAPTERS)
    # the .env snippets parse with the adapters' own models
    tg = re.findall(r"TELEGRAM_BOTS='(\[.*?\])'", README)
    assert len(tg) == 2 and all(BotConfig(**json.loads(t)[0]) for t in tg)
    assert BotConfig(**json.loads(tg[1])[0]).is_webhook
    qq = re.findall(r"QQ_BOTS='(\[.*?\])'", README)
    assert qq and BotInfo(**json.loads(qq[0])[0]).intent.c2c_group_at_messages
    # Telegram settings reach the adapter from the environment too
    for key in ENV_PASSTHROUGH:
        assert key.upper() in README
    # the NapCat and Lagrange snippets are valid JSON with the endpoint huzhu serves
    for block in re.findall(r"```json\n(.*?)```", README, re.S):
        parsed = json.loads("{" + block + "}")
        assert "/onebot/v11/ws" in json.dumps(parsed)


# ---------------------------------------------------------------- README ↔ plugins.yaml
ROOT = Path(__file__).resolve().parents[1]


def _markdown_table(text: str, header: str) -> list[list[str]]:
    """The rows of the table whose header line starts with ``header``: contiguous ``|`` lines only.

    A blank line ends a Markdown table, so a row after one is not in it — as renderers see it.
    """
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows: list[list[str]] = []
    for line in lines[start + 2 :]:  # past the header and the |---| line
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def test_the_readmes_plugin_table_matches_plugins_yaml_and_the_plugins():
    from huzhu.core import config as config_mod
    from huzhu.core.plugin import PluginRegistry

    registry = PluginRegistry()
    registry.load_entry_points()
    builtins = {n for n, p in registry.plugins.items() if p.module.__name__.startswith("huzhu.")}
    loaded = config_mod.load(str(ROOT / "plugins.yaml"), registry)
    assert not loaded.errors, loaded.errors
    defaults = loaded.config.defaults.plugins

    rows = _markdown_table(README, "| plugin | on in the shipped `plugins.yaml` |")
    table = {row[0].strip("`"): row for row in rows}
    assert len(table) == len(rows), "a plugin is listed twice"
    assert set(table) == builtins, (
        f"README's built-in plugins table (one block, no blank line) lists {sorted(table)}, "
        f"the built-in plugins are {sorted(builtins)}"
    )
    yes_no = {"yes": True, "no": False}
    for name, (_, shipped, own, *_rest) in table.items():
        default_enabled = registry.plugins[name].meta.default_enabled
        entry = defaults.get(name)
        really_shipped = entry.enabled if entry is not None else default_enabled
        assert yes_no[shipped] == really_shipped, f"{name}: README says {shipped} in plugins.yaml"
        assert yes_no[own] == default_enabled, f"{name}: README says {own} when not listed"


def test_the_readme_says_how_the_console_chat_really_quits():
    """nonechat binds ctrl+q to quit; Textual turns ctrl+c into a reminder of that."""
    from nonechat.app import Frontend

    quit_keys = [b.key for b in Frontend.BINDINGS if b.action == "quit"]
    assert quit_keys == ["ctrl+q"]
    run_section = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    assert "<kbd>Ctrl</kbd>+<kbd>Q</kbd>" in run_section
    assert "Quit with <kbd>Ctrl</kbd>+<kbd>C</kbd>" not in run_section


# ---------------------------------------------------------------- docs/群成员指南.md
MEMBER_GUIDE = (ROOT / "docs" / "群成员指南.md").read_text(encoding="utf-8")
_COMMAND_IN_TEXT = re.compile(r"(?<![\w.])[/／]([^\s/／，。、：:；;（）()「」“”！!？?,.`]+)")


def _guide_core() -> str:
    match = re.search(r"<!-- 群公告 开始 -->\n(.*?)<!-- 群公告 结束 -->", MEMBER_GUIDE, re.S)
    assert match, "docs/群成员指南.md lost its 群公告 markers"
    return match.group(1)


def test_the_member_guide_fits_a_qq_group_announcement():
    core = _guide_core()
    assert 100 < len(core) <= 400, f"the 群公告 part has {len(core)} characters"
    for needed in ("/求助", "/已助", "已助」", "/确认", "/队列", "/我的", "先助人后求助",
                   "刷屏", "广告", "身份证", "银行卡", "押金", "/举报", "/申诉"):  # fmt: skip
        assert needed in core, f"the 群公告 part does not mention {needed}"


async def test_every_command_in_the_member_guide_exists_for_members(engine_factory):
    from huzhu.core.events import Role

    engine = await engine_factory((ROOT / "plugins.yaml").read_text(encoding="utf-8"))
    for_members = MEMBER_GUIDE.split("<!-- 群公告 开始 -->", 1)[1]  # past the note to owners
    mentioned = set(_COMMAND_IN_TEXT.findall(for_members))
    assert {"求助", "已助", "确认", "队列", "我的", "举报", "申诉", "帮助"} <= mentioned
    for word in sorted(mentioned):
        command = engine.commands.get(word)
        assert command is not None, f"docs/群成员指南.md mentions /{word}, which is no command"
        assert command.permission == Role.MEMBER, f"/{word} is not a members' command"
    # replying 已助 to an announcement is a claim
    claim = engine.commands.by_reply_word("已助")
    assert claim is not None and claim.name == "已助"
    # "/帮助 求助": the argument names a command too
    from huzhu.core.help import ALL_WORDS

    for topic in re.findall(r"/帮助 (\S+)", MEMBER_GUIDE):
        topic = re.split("[（，。、]", topic)[0]
        if topic in ALL_WORDS:  # /帮助 全部: every command
            continue
        assert engine.commands.get(topic) is not None, f"/帮助 {topic}: no such command"


# ---------------------------------------------------------------- deploy/ and docs/napcat.md
NAPCAT = (ROOT / "docs" / "napcat.md").read_text(encoding="utf-8")


def _unit(path: Path) -> dict[str, dict[str, str]]:
    import configparser

    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return {section: dict(parser[section]) for section in parser.sections()}


def _parse_huzhu(argv: list[str]) -> Any:
    """``huzhu <argv>`` through the real argument parser; a bad flag fails the test."""
    import contextlib
    import io

    from huzhu.core.cli import build_parser

    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors):
            return build_parser().parse_args(argv)
    except SystemExit:
        raise AssertionError(f"huzhu {' '.join(argv)}: {errors.getvalue().strip()}") from None


def test_the_systemd_unit_runs_a_real_huzhu_command():
    import shlex

    from huzhu.adapters.runner import ADAPTERS

    unit = _unit(ROOT / "deploy" / "huzhu.service")
    service = unit["Service"]
    argv = shlex.split(service["ExecStart"])
    assert Path(argv[0]).name == "huzhu"
    args = _parse_huzhu(argv[1:])
    assert args.command == "run"
    adapters = [a for item in args.adapter for a in item.split(",")]
    assert adapters == ["onebot.v11"] and set(adapters) <= set(ADAPTERS)
    assert args.host == "127.0.0.1", "the unit listens on loopback; NapCat runs on the same host"
    # the database goes where systemd gives the service a writable directory
    assert args.data_dir == f"/var/lib/{service['StateDirectory']}"
    assert args.config and args.config.startswith("/etc/")
    assert service["User"] and "-HUP" in service["ExecReload"]  # SIGHUP reloads plugins.yaml
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    # the guide shows the same command the unit runs
    assert service["ExecStart"] in NAPCAT


def test_the_env_file_example_names_settings_the_code_reads():
    from nonebot.adapters.onebot.v11.config import Config as OneBotConfig
    from nonebot.config import Config as NoneBotConfig

    unit = _unit(ROOT / "deploy" / "huzhu.service")
    assert unit["Service"]["EnvironmentFile"] == "/etc/huzhu/huzhu.env"
    example = (ROOT / "deploy" / "huzhu.env.example").read_text(encoding="utf-8")
    keys = re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, flags=re.M)
    assert "ONEBOT_ACCESS_TOKEN" in keys
    cli_source = (ROOT / "core" / "cli.py").read_text(encoding="utf-8")
    known = {f.upper() for f in OneBotConfig.model_fields} | {
        f.upper() for f in NoneBotConfig.model_fields
    }
    for key in keys:
        assert key in known or f'"{key}"' in cli_source, (
            f"huzhu.env.example sets {key}; nothing reads it"
        )


def _code_blocks(text: str, languages: tuple[str, ...]) -> list[str]:
    """The fenced code blocks of ``text`` in one of ``languages`` (``""``: no language given)."""
    blocks: list[str] = []
    current: list[str] | None = None
    language = ""
    for line in text.splitlines():
        fence = line.strip()
        if current is None and fence.startswith("```"):
            current, language = [], fence[3:].strip()
        elif current is not None and fence == "```":
            if language in languages:
                blocks.append("\n".join(current) + "\n")
            current = None
        elif current is not None:
            current.append(line)
    assert current is None, "an unclosed code block"
    return blocks


def test_every_huzhu_command_line_in_the_docs_parses():
    found = 0
    for text in (README, NAPCAT):
        for block in _code_blocks(text, ("", "sh", "bash")):
            for line in block.replace("\\\n", " ").splitlines():
                match = re.search(r"\bhuzhu ((?:run|check)\b.*)", line.split("#")[0])
                if match:
                    _parse_huzhu(match.group(1).split())
                    found += 1
    assert found >= 6


def test_the_napcat_and_lagrange_snippets_point_at_the_endpoint_huzhu_serves():
    import json

    from nonebot.adapters.onebot.v11 import adapter

    # the path nonebot's OneBot v11 adapter serves (and tests/bot_process.py dials)
    path = "/onebot/v11/ws"
    assert f'URL("{path}")' in inspect.getsource(adapter.Adapter)
    blocks = [json.loads("{" + b + "}") for b in _code_blocks(NAPCAT, ("json",))]
    napcat = [c for b in blocks for c in b.get("websocketClients", [])]
    lagrange = [i for b in blocks for i in b.get("Implementations", [])]
    assert len(napcat) == 1 and len(lagrange) == 1
    # NapCat's websocketClients schema (packages/napcat-onebot/config/config.ts)
    assert set(napcat[0]) <= {"name", "enable", "url", "messagePostFormat", "reportSelfMessage",
                              "reconnectInterval", "token", "debug", "heartInterval",
                              "verifyCertificate"}  # fmt: skip
    assert napcat[0]["url"] == f"ws://127.0.0.1:8080{path}" and napcat[0]["enable"] is True
    assert napcat[0]["messagePostFormat"] == "array"
    assert lagrange[0]["Type"] == "ReverseWebSocket" and lagrange[0]["Suffix"] == path
    assert (lagrange[0]["Host"], lagrange[0]["Port"]) == ("127.0.0.1", 8080)
    # the port the guide tells NapCat to dial is the one the unit listens on
    assert "--port 8080" in _unit(ROOT / "deploy" / "huzhu.service")["Service"]["ExecStart"]


async def test_the_member_guides_steps_work_as_written(engine_factory):
    """求助 → /队列 → /已助 12 or a reply 已助 → /确认 12 → /我的, with the shipped plugins.yaml."""
    from huzhu.core.storage import requests as store
    from huzhu.testing import FakeGroup, text

    engine = await engine_factory((ROOT / "plugins.yaml").read_text(encoding="utf-8"))
    group = FakeGroup(engine, "qq:1")
    link = "https://mobile.yangkeduo.com/bargain.html?goods_id=1&share_uin=X"
    posted = text(await group.say(f"/求助 {link} 帮我砍一刀", by="qq:10", name="小红"))
    assert "#1" in posted  # "机器人会给你一个编号"
    assert "#1" in text(await group.say("/队列", by="qq:20"))  # "看 /队列 里谁在等"
    await group.say("/已助 1", by="qq:20", name="小明")
    await group.say("已助", by="qq:21", name="小刚", reply_to="1", reply_text=posted)
    await group.say("/确认 1", by="qq:10", name="小红")
    rows = await engine.db.read(lambda c: store.ledger_entries(c, "qq:1"))
    given = sorted(r["member"] for r in rows if r["delta"] > 0)
    assert given == ["qq:20", "qq:21"], "both helps were recorded and confirmed"
    assert "小明" in text(await group.say("/我的", by="qq:20", name="小明"))
