"""``huzhu`` for owners: start-up refuses what cannot work, ``check`` reports every mistake."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _huzhu(*args: str, cwd: Path = ROOT, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "huzhu.core.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if not k.startswith("HUZHU_")},
    )


def test_run_with_a_missing_config_given_explicitly_is_fatal(tmp_path):
    res = _huzhu("run", "--adapter", "onebot.v11", "--config", "nosuch.yaml", cwd=tmp_path)
    assert res.returncode == 2
    assert "找不到配置文件 nosuch.yaml" in res.stderr
    assert "config file not found: nosuch.yaml" in res.stderr
    assert not (tmp_path / "data").exists()  # nothing was started


def test_run_with_an_unreadable_or_broken_config_is_fatal(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    res = _huzhu("run", "--adapter", "onebot.v11", "--config", "folder.yaml", cwd=tmp_path)
    assert res.returncode == 2 and "读不了这个文件" in res.stderr
    (tmp_path / "bad.yaml").write_text("defaults: [oops\n", encoding="utf-8")
    res = _huzhu("run", "--adapter", "onebot.v11", "--config", "bad.yaml", cwd=tmp_path)
    assert res.returncode == 2 and "bad.yaml:2: YAML 语法错误" in res.stderr


def test_the_console_chat_without_a_terminal_exits_with_a_message(tmp_path):
    # stdin is /dev/null: before, the console spun at full CPU forever
    res = _huzhu("run", "--data-dir", str(tmp_path / "data"), cwd=tmp_path, timeout=30)
    assert res.returncode == 2
    assert "需要在终端里运行" in res.stderr and "--adapter onebot.v11" in res.stderr


def test_the_local_chat_with_a_missing_config_names_the_file_not_the_terminal(tmp_path):
    # `huzhu run --config nope.yaml` from a script: the typo is the problem to fix first
    res = _huzhu("run", "--config", "nope.yaml", cwd=tmp_path, timeout=30)
    assert res.returncode == 2
    assert "找不到配置文件 nope.yaml" in res.stderr and "config file not found" in res.stderr
    assert "终端" not in res.stderr


def test_audit_without_a_subcommand_shows_its_usage():
    res = _huzhu("audit")
    assert res.returncode == 2
    assert "usage: huzhu audit" in res.stderr and "export" in res.stderr
    assert "required" not in res.stderr


def _check(tmp_path: Path, text: str, *extra: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return _huzhu("check", str(path), *extra)


def test_check_says_to_quote_a_time_of_day(tmp_path):
    res = _check(tmp_path, "defaults:\n  plugins:\n    rules: {post_at: 20:00}\n")
    assert res.returncode == 1
    assert 'defaults.plugins.rules.post_at: 时刻要加引号："20:00"' in res.stdout
    en = _check(tmp_path, "defaults:\n  plugins:\n    rules: {post_at: 20:00}\n", "--lang", "en")
    assert 'put a time of day in quotes: "20:00"' in en.stdout


def test_check_reports_everything_around_a_duplicate_key(tmp_path):
    text = """\
groups:
  "qq:123456":
    plugins:
      flood: {window: abc}
  "qq:123456":
    plugins:
      flood: {messages: lots}
  "qq:abc": {}
defaults:
  enforcement:
    ladder: [warn, boom, "mute:1s", kick, explode]
"""
    res = _check(tmp_path, text)
    out = res.stdout
    assert res.returncode == 1
    assert ':5: groups."qq:123456": 重复的键' in out
    # the block the duplicate hides is checked too, and so is everything after it
    assert ':4: groups."qq:123456".plugins.flood.window: 「abc」不是时长' in out
    assert ':7: groups."qq:123456".plugins.flood.messages: 应为整数' in out
    assert ':8: groups."qq:abc": 群 ID 写成「平台:号码」' in out
    # every bad step of the ladder, each with its own complaint
    assert "defaults.enforcement.ladder[1]: 没有 'boom' 这一步" in out
    assert "defaults.enforcement.ladder[2]: 禁言时长在 1 分钟到 30 天之间" in out
    assert "defaults.enforcement.ladder[4]: 没有 'explode' 这一步" in out
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("gid", ["qq:abc", "qq:12a4", "tg:group", "qq:", "qq:0123"])
def test_check_refuses_implausible_group_ids(tmp_path, gid):
    res = _check(tmp_path, f'groups:\n  "{gid}": {{}}\n')
    assert res.returncode == 1 and "群 ID 写成「平台:号码」" in res.stdout


def test_check_prints_no_traceback_for_a_blank_duration(tmp_path):
    res = _check(tmp_path, "defaults:\n  plugins:\n    flood:\n      window:\n")
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "p.yaml:4: defaults.plugins.flood.window: 应为时长" in res.stdout


def _unshare() -> str | None:
    found = shutil.which("unshare")
    if found is None or os.geteuid() != 0:
        return None
    probe = subprocess.run([found, "-m", "true"], capture_output=True, timeout=10, check=False)
    return found if probe.returncode == 0 else None


@pytest.mark.skipif(_unshare() is None, reason="needs unshare -m (root) for a read-only mount")
def test_run_on_a_read_only_file_system_names_the_folder(tmp_path):
    folder = tmp_path / "ro"
    (folder / "data").mkdir(parents=True)
    cmd = (
        f"mount --bind -o ro {folder} {folder} && exec {sys.executable} -m huzhu.core.cli run "
        f"--adapter onebot.v11 --data-dir {folder / 'data'}"
    )
    res = subprocess.run(
        [_unshare() or "unshare", "-m", "sh", "-c", cmd],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert res.returncode == 2, res.stderr
    assert f"数据目录 {folder / 'data'} 在只读的文件系统上" in res.stderr
    assert "unable to open database file" not in res.stderr
