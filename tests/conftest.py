"""Shared fixtures: engines on temporary SQLite files, closed after each test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from huzhu.core.clock import ManualClock


# The project's own tests use the kit it ships (huzhu.testing, loaded through pytest11).
@pytest.fixture
def clock(huzhu_clock: ManualClock) -> ManualClock:
    return huzhu_clock


@pytest.fixture
def engine_factory(huzhu_engine: Callable[..., Any]) -> Callable[..., Any]:
    return huzhu_engine


def _find_initdb() -> str | None:
    import glob
    import shutil

    found = shutil.which("initdb")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return candidates[-1] if candidates else None


@pytest.fixture(scope="session")
def postgres_url() -> Any:
    """A throwaway PostgreSQL cluster in a temporary folder (as user postgres when run as root)."""
    import os
    import socket
    import subprocess

    initdb = _find_initdb()
    if initdb is None:
        pytest.skip("PostgreSQL server programs (initdb) are not installed; .ci/run installs them")
    import shutil
    import tempfile
    from pathlib import Path

    bindir = os.path.dirname(initdb)
    # not under pytest's tmp dir: that one is private to root, and the server runs as postgres
    base = Path(tempfile.mkdtemp(prefix="huzhu-pg-"))
    data = base / "data"
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        os.chmod(base, 0o777)
        prefix = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run([*prefix, initdb, "-D", str(data), "-A", "trust", "-U", "huzhu", "--no-sync", "-E", "UTF8"],
                   check=True, capture_output=True)  # fmt: skip
    opts = f"-p {port} -c listen_addresses=127.0.0.1 -k {base} -c fsync=off"
    subprocess.run([*prefix, os.path.join(bindir, "pg_ctl"), "-D", str(data), "-o", opts, "-w", "-l",
                    str(base / "log.txt"), "start"], check=True, capture_output=True)  # fmt: skip
    try:
        yield f"postgresql+asyncpg://huzhu@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, os.path.join(bindir, "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
async def fresh_postgres_url(postgres_url: str) -> str:
    """An empty database of its own in the session's cluster (for tests that read every group)."""
    import uuid

    import asyncpg

    name = f"t_{uuid.uuid4().hex[:12]}"
    dsn = postgres_url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return postgres_url.rsplit("/", 1)[0] + "/" + name


# ---------------------------------------------------------------- nonebot (nonebug)
BRIDGE_YAML = """
superusers: ["qq:1"]
defaults:
  plugins:
    rules: {text: "先助人后求助"}
    content: {words: [加微信], severity: severe}
"""


def pytest_configure(config: pytest.Config) -> None:
    """nonebot is initialised once per session by nonebug; the bridge gets its own data dir."""
    import tempfile
    from pathlib import Path

    from nonebug import NONEBOT_INIT_KWARGS

    base = Path(tempfile.mkdtemp(prefix="huzhu-bridge-"))
    (base / "plugins.yaml").write_text(BRIDGE_YAML, encoding="utf-8")
    config.stash[NONEBOT_INIT_KWARGS] = {
        "driver": "~fastapi",
        "console_headless_mode": True,
        "huzhu_config": str(base / "plugins.yaml"),
        "huzhu_data_dir": str(base / "data"),
        "superusers": {"qq:10001"},
        "log_level": "WARNING",
    }


@pytest.fixture(scope="session", autouse=True)
async def after_nonebot_init(after_nonebot_init: None) -> None:
    import nonebot
    from nonebot.adapters.console import Adapter as ConsoleAdapter
    from nonebot.adapters.onebot.v11 import Adapter as OneBotV11Adapter

    driver = nonebot.get_driver()
    driver.register_adapter(ConsoleAdapter)
    driver.register_adapter(OneBotV11Adapter)
    nonebot.load_plugin("huzhu.adapters.bridge")
