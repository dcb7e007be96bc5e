"""The web console in the bot process: mounted on nonebot's server, or beside the local chat.

Settings (``.env`` or environment): ``HUZHU_WEB`` (true; false turns it off),
``HUZHU_WEB_URL`` (the public address links point to, e.g. behind a proxy),
``HUZHU_WEB_PROXY_TLS`` (a proxy terminates HTTPS: needed to serve on a
non-loopback address), ``HUZHU_WEB_PORT`` (the local chat's console, 8765).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import nonebot
from pydantic import BaseModel

from huzhu.core.engine import Engine
from huzhu.core.events import Action
from huzhu.core.web.app import create_app
from huzhu.core.web.console import Console, register
from huzhu.core.web.serve import PATH, Deferred, base_url, server, tls_problem

log = logging.getLogger("huzhu.web")


class WebSettings(BaseModel):
    """The console's settings, read from nonebot's config."""

    huzhu_web: bool = True
    huzhu_web_url: str | None = None
    huzhu_web_proxy_tls: bool = False
    huzhu_web_port: int = 8765


class WebRuntime:
    """Where this process serves the console, once the engine has started."""

    def __init__(self) -> None:
        self.mounted: Deferred | None = None
        self.url: str | None = None
        self.task: asyncio.Task[None] | None = None
        self.server: Any = None
        self.settings = WebSettings()

    def mount(self) -> None:
        """At load: mount on nonebot's ASGI app when the driver has one (and it is safe)."""
        self.settings = nonebot.get_plugin_config(WebSettings)
        if not self.settings.huzhu_web:
            return
        try:
            app = nonebot.get_app()
        except Exception:
            return  # no server (the local chat): started beside it in ``start``
        config = nonebot.get_driver().config
        host, port = str(config.host), int(config.port)
        problem = tls_problem(host, (self.settings.huzhu_web_url or "").startswith("https://"),
                              self.settings.huzhu_web_proxy_tls)  # fmt: skip
        if problem is not None:
            log.error("web console not mounted: %s", problem)
            return
        self.mounted = Deferred()
        app.mount(PATH, self.mounted)
        self.url = self.settings.huzhu_web_url or base_url(host, port, False)

    async def start(
        self, engine: Engine, execute: Callable[[Sequence[Action]], Awaitable[None]]
    ) -> None:
        """With the engine started: the console's app, its ``/后台`` command, the local server."""
        if not self.settings.huzhu_web:
            return
        secure = self.settings.huzhu_web_proxy_tls
        if self.mounted is None and self.url is None and not _has_app():
            port = self.settings.huzhu_web_port
            self.url = self.settings.huzhu_web_url or base_url("127.0.0.1", port, False)
            console = Console(engine, self.url, execute)
            self.server = server(console, "127.0.0.1", port, embedded=True)
            self.task = asyncio.create_task(self.server.serve(), name="huzhu-web")
            log.info("web console: %s (send /后台 in the chat to sign in)", self.url)
        else:
            console = Console(engine, self.url, execute)
            if self.mounted is not None:
                self.mounted.app = create_app(console, secure_cookies=secure)
                log.info("web console mounted at %s (admins send /后台 to sign in)", self.url)
        register(engine, console)

    async def stop(self) -> None:
        """Stop the local server, if this process started one."""
        if self.server is not None:
            self.server.should_exit = True
        if self.task is not None:
            try:
                await asyncio.wait_for(self.task, 5)
            except (TimeoutError, asyncio.CancelledError, Exception):
                self.task.cancel()
            self.task = None


def _has_app() -> bool:
    try:
        nonebot.get_app()
    except Exception:
        return False
    return True


web = WebRuntime()
