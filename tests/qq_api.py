"""Stand-ins for the official QQ bot platform: its HTTP API and its WebSocket gateway.

The HTTP side answers the token exchange (getAppAccessToken), ``/gateway/bot``,
``/users/@me`` and group messages (``/v2/groups/{openid}/messages``); the
gateway says Hello, takes the Identify, answers READY and heartbeats, and
dispatches group events the way the platform does (op 0 with a sequence).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

import websockets
from websockets.asyncio.server import ServerConnection, serve

APP_ID = "102000001"
SECRET = "stand-in-secret-0123456789abcdef"
ACCESS_TOKEN = "stand-in-access-token"
BOT_USER = {"id": "bot-user-id", "username": "huzhu", "bot": True}


class QQPlatform:
    """Both stand-ins; ``async with QQPlatform() as qq:``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, Any], dict[str, str]]] = []
        self.identified: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self._ids = itertools.count(1)
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._ws: ServerConnection | None = None
        self._ready = asyncio.Event()
        self._server: Any = None
        self.ws_port = 0

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}/"

    async def __aenter__(self) -> Self:
        self._thread.start()
        self._server = await serve(self._gateway, "127.0.0.1", 0)
        self.ws_port = next(iter(self._server.sockets)).getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._server.close()
        with contextlib.suppress(Exception):
            await self._server.wait_closed()
        self._http.shutdown()
        self._http.server_close()

    # -- the gateway ---------------------------------------------------------------

    async def _gateway(self, ws: ServerConnection) -> None:
        await ws.send(json.dumps({"op": 10, "d": {"heartbeat_interval": 30000}}))
        try:
            async for raw in ws:
                payload = json.loads(raw)
                if payload.get("op") == 2:  # Identify
                    self.identified = payload["d"]
                    ready = {"version": 1, "session_id": "stand-in-session", "user": BOT_USER,
                             "shard": payload["d"]["shard"]}  # fmt: skip
                    await ws.send(json.dumps({"op": 0, "s": next(self._seq), "t": "READY",
                                              "id": "READY", "d": ready}))  # fmt: skip
                    self._ws = ws
                    self._ready.set()
                elif payload.get("op") == 1:  # heartbeat
                    await ws.send(json.dumps({"op": 11}))
        except websockets.ConnectionClosed:
            pass

    async def wait_ready(self, within: float = 30.0) -> None:
        """Until the bot has identified on the gateway."""
        await asyncio.wait_for(self._ready.wait(), within)

    async def group_at_message(
        self, text: str, *, group: str = "GROUP_A", member: str = "MEMBER_1", role: str = "member"
    ) -> str:
        """A member @-mentions the bot in a group; returns the message id."""
        assert self._ws is not None, "the bot has not connected"
        message_id = f"ROBOT1.0_stand-in-{next(self._ids)}"
        data = {
            "id": message_id, "content": f" {text}",
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
            "group_id": group, "group_openid": group,
            "author": {"id": member, "member_openid": member, "bot": False, "member_role": role},
        }  # fmt: skip
        event = {"op": 0, "s": next(self._seq), "t": "GROUP_AT_MESSAGE_CREATE",
                 "id": f"GROUP_AT_MESSAGE_CREATE:{message_id}", "d": data}  # fmt: skip
        await self._ws.send(json.dumps(event, ensure_ascii=False))
        return message_id

    # -- the HTTP API --------------------------------------------------------------

    def posted(self, group: str) -> list[dict[str, Any]]:
        """Bodies of the messages the bot posted to ``group``."""
        with self._lock:
            return [
                body for method, path, body, _ in self.calls
                if method == "POST" and path == f"/v2/groups/{group}/messages"
            ]  # fmt: skip

    async def wait_posted(
        self, group: str, count: int = 1, within: float = 20.0
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            found = self.posted(group)
            if len(found) >= count:
                return found
            await asyncio.sleep(0.05)
        raise AssertionError(
            f"{count} posts to {group} not seen; calls: {[c[:2] for c in self.calls]}"
        )

    def answer(
        self, method: str, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, Any]:
        if path == "/app/getAppAccessToken":
            if body.get("appId") != APP_ID or body.get("clientSecret") != SECRET:
                return 401, {"code": 100016, "message": "invalid appid or secret"}
            return 200, {"access_token": ACCESS_TOKEN, "expires_in": "7200"}
        if headers.get("authorization") != f"QQBot {ACCESS_TOKEN}":
            return 401, {"code": 11241, "message": "wrong token"}
        if path == "/gateway/bot":
            return 200, {"url": f"ws://127.0.0.1:{self.ws_port}/websocket", "shards": 1,
                         "session_start_limit": {"total": 1000, "remaining": 999,
                                                 "reset_after": 86400000, "max_concurrency": 1}}  # fmt: skip
        if path == "/users/@me":
            return 200, BOT_USER
        if method == "POST" and re.fullmatch(r"/v2/groups/[\w-]+/messages", path):
            return 200, {"id": f"sent-{next(self._ids)}", "timestamp": int(time.time())}
        return 404, {"code": 404, "message": "not found"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else {}
                path = self.path.split("?", 1)[0]
                headers = {k.lower(): v for k, v in self.headers.items()}
                with platform._lock:
                    platform.calls.append((method, path, body, headers))
                status, result = platform.answer(method, path, body, headers)
                data = json.dumps(result, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def do_DELETE(self) -> None:
                self._serve("DELETE")

            def log_message(self, *args: object) -> None:
                pass

        return Handler
