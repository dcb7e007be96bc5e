"""A tiny HTTP server for tests: serves pictures (and bad answers) from memory on 127.0.0.1."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Self


@dataclass
class Served:
    """What one path answers: status, content type, body, and an optional drip delay per byte."""

    body: bytes
    content_type: str = "image/png"
    status: int = 200
    drip: float = 0.0
    no_length: bool = False


@dataclass
class ImageServer:
    """``async with ImageServer() as srv: srv.add("/a.png", Served(...)); srv.url("/a.png")``."""

    paths: dict[str, Served] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    port: int = 0
    _server: asyncio.Server | None = None

    def add(self, path: str, served: Served) -> str:
        """Serve ``served`` at ``path``; its full URL."""
        self.paths[path] = served
        return self.url(path)

    def url(self, path: str) -> str:
        """The full URL of ``path``."""
        return f"http://127.0.0.1:{self.port}{path}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ", 2)[1].decode()
            self.hits.append(path)
            served = self.paths.get(path, Served(b"not found", "text/plain", 404))
            # no_length: the body runs until the connection closes (no size announced)
            length = "" if served.no_length else f"Content-Length: {len(served.body)}\r\n"
            writer.write(
                f"HTTP/1.1 {served.status} X\r\nContent-Type: {served.content_type}\r\n"
                f"{length}Connection: close\r\n\r\n".encode()
            )
            if served.drip:
                for i in range(len(served.body)):
                    writer.write(served.body[i : i + 1])
                    await writer.drain()
                    await asyncio.sleep(served.drip)
            else:
                writer.write(served.body)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def __aenter__(self) -> Self:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
