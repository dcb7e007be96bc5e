"""Third-party plugins the way their authors meet them (docs/writing-plugins.md, step by step).

Packages are really built and installed with pip, into a target folder put on
``PYTHONPATH`` of the subprocesses: huzhu then finds them through their
``huzhu`` entry point (the ``.dist-info`` pip writes), never by path, and the
test environment itself is left untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from huzhu.core.events import DeleteMessage
from huzhu.testing import FakeGroup, make_config

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "huzhu-max-links"
BIN = Path(sys.executable).parent
HUZHU = str(BIN / "huzhu")


def pip_install(source: Path, target: Path, work: Path) -> None:
    """Build and install a package from a copy of ``source`` (builds leave files behind)."""
    copy = work / f"src-{source.name}"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(copy)],
        check=True, capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def run(args: list[str], site: Path | None, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("HUZHU_")}
    environ.pop("PYTHONPATH", None)
    if site is not None:
        environ["PYTHONPATH"] = str(site)
    environ.update(env)
    return subprocess.run(
        args, cwd=cwd, env=environ, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("example")
    pip_install(EXAMPLE, work / "site", work)
    return work / "site"


# ---------------------------------------------------------------- the example package
ENGINE_SCRIPT = """
import asyncio, json, sys, tempfile
from huzhu.core.events import DeleteMessage
from huzhu.core.plugin import PluginRegistry
from huzhu.testing import FakeGroup, make_config, make_engine

async def main():
    registry = PluginRegistry()
    registry.load_entry_points()
    yaml_text = make_config(groups={"qq:1": {"plugins": {"max_links": {"limit": 1}}}})
    engine = await make_engine(tempfile.mkdtemp(), yaml_text, registry=registry)
    links = "https://mobile.yangkeduo.com/a.html?id=1 https://mobile.yangkeduo.com/a.html?id=2"
    out = {"source": registry.plugins["max_links"].source if "max_links" in registry.plugins else None}
    for gid in ("qq:1", "qq:2"):
        actions = await FakeGroup(engine, gid).say("帮我 " + links, by="qq:42")
        out[gid] = [type(a).__name__ for a in actions]
    await engine.close()
    print(json.dumps(out))

asyncio.run(main())
"""


def test_example_loads_through_its_entry_point_and_acts_in_one_group(example_site, tmp_path):
    done = run([sys.executable, "-c", ENGINE_SCRIPT], example_site, tmp_path)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert (
        out["source"].startswith("entry point huzhu_max_links")
        and "huzhu-max-links" in out["source"]
    )
    assert "DeleteMessage" in out["qq:1"]  # enabled there, two links > limit 1
    assert "DeleteMessage" not in out["qq:2"]  # not enabled in that group
    listed = run([HUZHU, "plugins"], example_site, tmp_path)
    assert "max_links" in listed.stdout and "off by default" in listed.stdout
    # without the package on the path it is simply not there
    assert "max_links" not in run([HUZHU, "plugins"], None, tmp_path).stdout


def test_example_passes_its_own_tests_with_the_shipped_kit(example_site, tmp_path):
    project = tmp_path / "max-links"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    done = run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], example_site, project
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 passed" in done.stdout


def test_env_switches_with_a_real_installed_plugin(example_site, tmp_path):
    only = run([HUZHU, "plugins"], example_site, tmp_path, HUZHU_LOAD_PLUGINS="rules,max_links")
    names = {line.split()[0] for line in only.stdout.splitlines() if line and not line[0].isspace()}
    assert names == {"rules", "max_links"}
    builtin = run([HUZHU, "plugins"], example_site, tmp_path, HUZHU_DISABLE_PLUGIN_AUTOLOAD="1")
    assert "max_links" not in builtin.stdout and "anti_scam" in builtin.stdout


# ---------------------------------------------------------------- the guide, followed
def test_guide_scaffold_install_enable_for_one_group_and_test(tmp_path):
    """docs/writing-plugins.md: new-plugin → pip install → plugins.yaml → huzhu check → pytest."""
    made = run([HUZHU, "new-plugin", "no_ads", "--dir", str(tmp_path)], None, tmp_path)
    assert made.returncode == 0, made.stderr
    package = tmp_path / "huzhu-no-ads"
    assert (package / "pyproject.toml").is_file() and (
        package / "huzhu_no_ads" / "__init__.py"
    ).is_file()
    again = run([HUZHU, "new-plugin", "no_ads", "--dir", str(tmp_path)], None, tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    site = tmp_path / "site"
    pip_install(package, site, tmp_path)

    config = tmp_path / "plugins.yaml"
    config.write_text(
        textwrap.dedent("""\
            groups:
              "qq:1":
                plugins:
                  no_ads: {words: [代砍, 刷单]}
        """),
        encoding="utf-8",
    )
    checked = run([HUZHU, "check", str(config)], site, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    unknown = run([HUZHU, "check", str(config)], None, tmp_path)
    assert unknown.returncode == 1 and "no_ads" in unknown.stdout

    def scan(group: str) -> dict:
        done = subprocess.run(
            [HUZHU, "scan", "--config", str(config), "--group", group],
            input="专业代砍 十元一单\n", capture_output=True, text=True, timeout=120,
            env={**os.environ, "PYTHONPATH": str(site)}, check=True,
        )  # fmt: skip
        return json.loads(done.stdout)

    enabled = scan("qq:1")
    assert enabled["verdict"] == "block" and "no_ads" in enabled["rules"]
    assert "no_ads" not in scan("qq:2")["rules"]

    tested = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], site, package)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "3 passed" in tested.stdout


def test_new_plugin_refuses_bad_names(tmp_path):
    done = run([HUZHU, "new-plugin", "9lives", "--dir", str(tmp_path)], None, tmp_path)
    assert done.returncode == 1 and "lower-case letters" in done.stderr


# ---------------------------------------------------------------- plugins_dir
LOCAL_PLUGIN = """
from huzhu.core import PluginMeta, Severity, Verdict, hookimpl

__plugin_meta__ = PluginMeta(name="no_links_at_night", description="local test plugin")


@hookimpl
def check_message(event):
    if "夜间链接" in event.text:
        return Verdict("no_links_at_night", Severity.MINOR, "夜里不发链接", remove=True)
"""


async def test_plugins_dir_loads_local_files_and_reports_a_broken_one(tmp_path, engine_factory):
    folder = tmp_path / "my_plugins"
    folder.mkdir()
    (folder / "night.py").write_text(LOCAL_PLUGIN, encoding="utf-8")
    (folder / "broken.py").write_text("import no_such_module_here\n", encoding="utf-8")
    (folder / "_helpers.py").write_text("raise SystemExit('never imported')\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    yaml_text = make_config(
        groups={"qq:1": {"plugins": {"no_links_at_night": True}}}, plugins_dir=str(folder)
    )
    engine = await engine_factory(yaml_text, data_dir=data)
    assert "no_links_at_night" in engine.registry.plugins
    assert engine.registry.plugins["no_links_at_night"].source.startswith("file ")
    assert "broken" in engine.registry.failed
    assert any(
        "broken.py" in str(err) and "ModuleNotFoundError" in str(err)
        for err in engine.last_load.errors
    )
    hit = await FakeGroup(engine, "qq:1").say("夜间链接 http://x.example", by="qq:5")
    assert any(isinstance(a, DeleteMessage) for a in hit)
    other = await FakeGroup(engine, "qq:2").say("夜间链接", by="qq:5")
    assert not any(isinstance(a, DeleteMessage) for a in other)
    # a reload does not load the same file twice
    assert engine.reload().applied and engine.registry.names().count("no_links_at_night") == 1


def test_plugins_dir_relative_to_the_config_file_and_check_reports_broken_files(tmp_path):
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "night.py").write_text(LOCAL_PLUGIN, encoding="utf-8")
    config = tmp_path / "plugins.yaml"
    config.write_text("plugins_dir: local\ndefaults:\n  plugins:\n    no_links_at_night: true\n")
    assert run([HUZHU, "check", str(config)], None, ROOT).returncode == 0
    listed = run([HUZHU, "plugins", "--config", str(config)], None, ROOT).stdout
    assert "no_links_at_night" in listed and "[file " in listed
    (tmp_path / "local" / "oops.py").write_text("def broken(:\n", encoding="utf-8")
    done = run([HUZHU, "check", str(config)], None, ROOT)
    assert done.returncode == 1 and "oops.py" in done.stdout and "SyntaxError" in done.stdout
