"""Every hookspec is documented in docs/hooks.md with its exact signature (datasette's test_docs)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

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
    assert len(names) == 14
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
