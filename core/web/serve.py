"""Serving the console: alone (``huzhu web``), beside the local chat, or mounted on nonebot's app."""

from __future__ import annotations

import contextlib
import ipaddress
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huzhu.core.web.console import Console

log = logging.getLogger("huzhu.web")

PATH = "/huzhu"
LOCAL_PORT = 8765

NO_TLS = (
    "网页后台要监听 {host}（不只是本机），但没有 HTTPS：登录链接和会话会明文经过网络。"
    "请提供 --tls-cert 和 --tls-key；或确有反向代理负责 HTTPS 时加 --proxy-tls"
    "（机器人内置的后台：设置 HUZHU_WEB_PROXY_TLS=true）；或只监听 127.0.0.1。\n"
    "error: the web console would listen on {host} without TLS; give --tls-cert/--tls-key, "
    "or --proxy-tls (HUZHU_WEB_PROXY_TLS=true) when a proxy terminates TLS, or bind 127.0.0.1."
)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine."""
    host = host.strip().strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def tls_problem(host: str, tls: bool, proxy_tls: bool) -> str | None:
    """Why the console must not listen on ``host`` (None: it may)."""
    if is_loopback(host) or tls or proxy_tls:
        return None
    return NO_TLS.format(host=host)


def base_url(host: str, port: int, tls: bool, path: str = PATH) -> str:
    """The console's address as this process sees it."""
    shown = f"[{host}]" if ":" in host else host
    return f"{'https' if tls else 'http'}://{shown}:{port}{path.rstrip('/')}/"


def server(console: Console, host: str, port: int, *, embedded: bool = False, **tls: Any) -> Any:
    """A uvicorn server for the console alone (its app under ``/huzhu/``), no access log.

    ``embedded``: the server runs inside the bot, whose driver owns Ctrl+C and
    SIGTERM; uvicorn must then leave the signals alone (by default it takes
    them over while serving and raises each one again when it stops, so one
    Ctrl+C reached nonebot twice: a forced quit that cut the database's last
    writes short).
    """
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import RedirectResponse
    from starlette.routing import Mount, Route

    from huzhu.core.web.app import create_app

    secure = bool(tls.get("ssl_certfile")) or bool(tls.pop("proxy_tls", False))
    app = Starlette(routes=[
        Route("/", lambda request: RedirectResponse(PATH + "/")),
        Mount(PATH, create_app(console, secure_cookies=secure)),
    ])  # fmt: skip
    config = uvicorn.Config(app, host=host, port=port, access_log=False, log_level="warning",
                            lifespan="off", **{k: v for k, v in tls.items() if v})  # fmt: skip
    if not embedded:
        return uvicorn.Server(config)

    class EmbeddedServer(uvicorn.Server):
        """A uvicorn server that installs no signal handlers (its host handles them)."""

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

    return EmbeddedServer(config)


class Deferred:
    """An ASGI app mounted before the engine exists (nonebot mounts at load, starts it later)."""

    def __init__(self) -> None:
        self.app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.app is None:
            if scope["type"] != "http":
                return
            from starlette.responses import PlainTextResponse

            await PlainTextResponse("starting / 启动中", status_code=503)(scope, receive, send)
            return
        await self.app(scope, receive, send)
