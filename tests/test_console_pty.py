"""``make run``'s local chat for real: ``huzhu run --adapter console`` in a pseudo-terminal.

The console adapter draws a textual app and needs a terminal; unit tests of the
bridge never start it. This test does what a person does after ``make run``:
waits for the chat, sends /帮助, reads the bot's answer on the screen, quits
(Ctrl+Q, then Ctrl+C) and expects a clean exit with the database complete.
"""

from __future__ import annotations

import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.bot_process import ROOT, free_port

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

#: control sequences (colours, cursor moves) between the characters textual draws
_CONTROL = re.compile(
    r"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])"
)
#: a Python traceback on the screen: nothing good will be drawn any more
_CRASH = "Traceback (most recent call last)"
#: how long any one step may take on a loaded CI machine (a generous bound, not a measurement)
PATIENCE = 60.0
#: a tall screen: the whole help answer fits in the chat (on a short one the chat
#: scrolls to its end and its head is never drawn)
ROWS, COLUMNS = 200, 200

#: the child makes the pseudo-terminal its controlling terminal (so Ctrl+C is a
#: SIGINT, as in a real terminal), then becomes the bot
_ADOPT_TTY = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
)


class Terminal:
    """A child process on a pseudo-terminal, and the text it drew (control codes removed)."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str]) -> None:
        import fcntl
        import pty
        import struct
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _ADOPT_TTY, *args],
            stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True,
        )  # fmt: skip
        os.close(slave)
        self.raw = b""

    @property
    def text(self) -> str:
        return _CONTROL.sub("", self.raw.decode("utf-8", errors="replace"))

    def _read(self, seconds: float) -> bool:
        """Read what arrives within ``seconds``; False once the child closed the terminal."""
        ready, _, _ = select.select([self.master], [], [], seconds)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: every process holding the terminal has exited
            return False
        self.raw += chunk
        return bool(chunk)

    def drew(self, *needles: str, since: int = 0, patience: float = PATIENCE) -> bool:
        """Read until every one of ``needles`` was drawn after ``since`` (a length of text)."""
        deadline = time.monotonic() + patience
        while not all(n in self.text[since:] for n in needles):
            if time.monotonic() > deadline or not self._read(0.2) or _CRASH in self.text:
                return False
        return True

    def wait_for(self, *needles: str, since: int = 0) -> None:
        if not self.drew(*needles, since=since):
            raise AssertionError(f"never drew {needles!r}; the screen so far:\n{self.text[-4000:]}")

    def pause(self, seconds: float) -> None:
        """Keep reading the screen for ``seconds``."""
        self.drew("\0never drawn", patience=seconds)

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))

    def finish(self) -> int:
        """Read to the end and return the exit code."""
        deadline = time.monotonic() + PATIENCE
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(0.2)
        while self._read(0.1) and self.proc.poll() is None:
            pass
        if self.proc.poll() is None:
            self.close()
            raise AssertionError(f"still running after Ctrl+C:\n{self.text[-4000:]}")
        return self.proc.returncode

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


def test_make_run_opens_the_local_chat_answers_help_and_quits_cleanly(tmp_path: Path):
    data = tmp_path / "data"
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": str(COLUMNS),
        "LINES": str(ROWS),
        "HUZHU_WEB_PORT": str(free_port()),  # the console's web page beside the chat
        "HUZHU_CONSOLE_NAME": "小王",
    }
    env.pop("NO_COLOR", None)
    # what `make run` starts (Makefile), from a folder of its own so no .env leaks in
    term = Terminal(
        ["-m", "huzhu.core.cli", "run", "--adapter", "console",
         "--config", str(ROOT / "plugins.yaml"), "--data-dir", str(data)],
        cwd=tmp_path, env=env,
    )  # fmt: skip
    try:
        term.wait_for("Send Message")  # the chat's input box: the window is up
        term.wait_for("群助手已就绪", "小王")  # the bot says it listens, naming the owner
        before = len(term.text)
        term.type("\x1f")  # Ctrl+/ focuses the input box
        term.pause(0.5)  # (a moment for the focus to land before the keys)
        term.type("/帮助\r")
        # the help whole: its head, and the local chat's own line at its end
        term.wait_for("常用命令", "/帮助 全部", "本地聊天：发送 /扮演", since=before)
        assert "KeyError" not in term.text and "Traceback" not in term.text

        term.type("\x11")  # Ctrl+Q closes the window …
        term.wait_for("Press Ctrl-C")
        term.type("\x03")  # … and Ctrl+C ends the bot, as the adapter says
        code = term.finish()
    finally:
        term.close()
    shown = term.text
    # no traceback, and none of nonebot's "Error occurred while running shutdown hook"
    assert _CRASH not in shown and "Error occurred" not in shown, shown[-4000:]
    assert "Application shutdown complete" in shown
    assert code == 0, shown[-4000:]
    # nothing accepted is lost: the speaker's membership, buffered in memory, is in the file
    with sqlite3.connect(data / "huzhu.db") as db:
        names = [row[0] for row in db.execute("SELECT name FROM members")]
    assert "小王" in names
