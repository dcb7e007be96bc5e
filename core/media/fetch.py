"""Download a picture a member posted, in memory, with a size cap, a timeout and a type check.

``MessageEvent.images`` holds references, not bytes: an ``http(s)://`` URL, or
``scheme:ref`` for a platform file that needs the bot to turn it into a URL
(Telegram's ``getFile``, whose download URL carries the bot token). Adapters
register a resolver for their scheme with :func:`register_resolver`; the core
never imports an adapter.

Nothing is written to disk: the bytes live only as long as the caller keeps them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # httpx is imported with the first picture fetched (start-up time)
    import httpx

log = logging.getLogger("huzhu.media")

#: the largest picture downloaded (screenshots are 0.1-2 MB; 8 MB leaves room for long ones)
MAX_BYTES = 8 * 1024 * 1024
#: seconds for the whole download, connection included
TIMEOUT = 10.0

#: magic numbers of the formats accepted (Pillow reads them all)
_MAGIC: tuple[tuple[bytes, int], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0),
    (b"\xff\xd8\xff", 0),
    (b"GIF87a", 0),
    (b"GIF89a", 0),
    (b"WEBP", 8),  # RIFF....WEBP
    (b"BM", 0),
)

#: scheme → coroutine turning a platform reference into a download URL
Resolver = Callable[[str], Awaitable[str]]
_resolvers: dict[str, Resolver] = {}


class FetchError(Exception):
    """A picture could not be downloaded; ``reason`` is a short key, ``str()`` the detail.

    Reasons: ``unresolvable`` (no resolver for the scheme, or it failed),
    ``http`` (network error or a non-2xx status), ``timeout``, ``too_large``,
    ``not_image`` (neither the content type nor the first bytes are a picture).
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


_client: tuple[asyncio.AbstractEventLoop, httpx.AsyncClient] | None = None


def _shared_client() -> httpx.AsyncClient:
    """One client per event loop: its connection pool and TLS context are built once."""
    global _client
    loop = asyncio.get_running_loop()
    if _client is None or _client[0] is not loop or _client[1].is_closed:
        import httpx

        _client = (loop, httpx.AsyncClient(follow_redirects=True, timeout=TIMEOUT))
    return _client[1]


def register_resolver(scheme: str, resolver: Resolver) -> None:
    """Let ``scheme:ref`` image references be resolved by ``resolver`` (the last one wins)."""
    _resolvers[scheme] = resolver


def unregister_resolver(scheme: str) -> None:
    """Forget the resolver of ``scheme`` (tests, adapter shutdown)."""
    _resolvers.pop(scheme, None)


def looks_like_image(data: bytes) -> bool:
    """True when the first bytes are those of PNG, JPEG, GIF, WebP or BMP."""
    return any(data[at : at + len(magic)] == magic for magic, at in _MAGIC)


async def resolve(ref: str) -> str:
    """The download URL of an image reference (an http(s) URL is returned as it is)."""
    if ref.startswith(("http://", "https://")):
        return ref
    scheme, sep, rest = ref.partition(":")
    resolver = _resolvers.get(scheme) if sep else None
    if resolver is None:
        raise FetchError("unresolvable", f"no resolver for {scheme or ref!r}")
    try:
        return await resolver(rest)
    except FetchError:
        raise
    except Exception as exc:
        raise FetchError("unresolvable", repr(exc)) from exc


async def fetch_image(
    ref: str,
    *,
    max_bytes: int = MAX_BYTES,
    time_limit: float = TIMEOUT,
    client: httpx.AsyncClient | None = None,
) -> bytes:
    """Download the picture ``ref`` into memory; raise :class:`FetchError` on any problem.

    The content type must be ``image/*``; ``application/octet-stream`` or none is
    accepted only when the first bytes are a known picture format (some CDNs
    label every file that way). The size is checked against ``Content-Length``
    before reading and again while streaming, so a lying server cannot push
    more than ``max_bytes``.
    """
    import httpx

    http = client or _shared_client()
    try:
        # one deadline for everything: httpx's timeouts are per read, so a server that
        # drips a byte a second would otherwise never time out
        async with asyncio.timeout(time_limit):
            data, kind = await _download(http, await resolve(ref), max_bytes, time_limit)
    except (TimeoutError, httpx.TimeoutException) as exc:
        raise FetchError("timeout", f"{time_limit:g} s") from exc
    except httpx.HTTPError as exc:
        raise FetchError("http", repr(exc)) from exc
    if not looks_like_image(data):
        raise FetchError("not_image", kind or "no content type")
    return data


async def _download(
    http: httpx.AsyncClient, url: str, max_bytes: int, time_limit: float
) -> tuple[bytes, str]:
    """The body and content type of ``url``, checked as :func:`fetch_image` says."""
    async with http.stream("GET", url, timeout=time_limit) as response:
        if response.status_code // 100 != 2:
            raise FetchError("http", f"status {response.status_code}")
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind and not kind.startswith("image/") and kind != "application/octet-stream":
            raise FetchError("not_image", kind)
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise FetchError("too_large", f"{length} bytes")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError("too_large", f"more than {max_bytes} bytes")
            chunks.append(chunk)
    return b"".join(chunks), kind
