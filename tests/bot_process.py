"""``huzhu run`` as a real child process, for the protocol tests of every platform."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """An unused TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BotProcess:
    """``huzhu run --adapter …`` as a real child process (default: onebot.v11)."""

    def __init__(
        self,
        workdir: Path,
        yaml_text: str,
        token: str = "s3cret",
        *,
        adapters: tuple[str, ...] = ("onebot.v11",),
        env: dict[str, str] | None = None,
        host: str = "127.0.0.1",
        args: tuple[str, ...] = (),
    ) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.token = token
        self.adapters = adapters
        self.env = env or {}
        self.host = host
        #: extra ``huzhu run`` arguments (e.g. --insecure)
        self.args = args
        self.proc: subprocess.Popen[bytes] | None = None
        #: seconds ``start`` waits for the port (several bots starting on a busy machine need more)
        self.start_timeout = 60.0
        #: pass the OneBot token through the environment (False: the test puts it in .env)
        self.token_in_env = True
        (workdir / "plugins.yaml").write_text(yaml_text, encoding="utf-8")

    def start(self) -> None:
        """Start and wait until the port accepts connections."""
        env = {**os.environ, "LOG_LEVEL": "INFO", **self.env}
        if self.token_in_env and self.token:
            env["ONEBOT_ACCESS_TOKEN"] = self.token
        elif self.token_in_env:
            env.pop("ONEBOT_ACCESS_TOKEN", None)  # no token at all
        cmd = [
            sys.executable, "-m", "huzhu.core.cli", "run", "--adapter", ",".join(self.adapters),
            "--host", self.host, "--port", str(self.port),
            "--config", str(self.workdir / "plugins.yaml"), "--data-dir", str(self.workdir / "data"),
            *self.args,
        ]  # fmt: skip
        log = (self.workdir / "bot.log").open("ab")
        self.proc = subprocess.Popen(
            cmd, cwd=self.workdir, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"bot exited early:\n{self.log()}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5),
            ):
                return
            time.sleep(0.1)
        raise RuntimeError(f"bot did not start listening:\n{self.log()}")

    def kill9(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing — what a crash looks like."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        """Terminate politely (used at the end of a test)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def log(self) -> str:
        """What the bot printed."""
        path = self.workdir / "bot.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    @property
    def url(self) -> str:
        """The reverse WebSocket endpoint."""
        return f"ws://127.0.0.1:{self.port}/onebot/v11/ws"
