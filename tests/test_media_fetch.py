"""Downloading members' pictures: size cap, deadline, content-type and magic checks, resolvers."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from huzhu.core.media.fetch import FetchError, fetch_image, register_resolver, unregister_resolver
from tests.image_server import ImageServer, Served


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buf, "PNG")
    return buf.getvalue()


async def test_fetch_checks_size_type_deadline_and_resolves_platform_refs() -> None:
    png = _png()
    async with ImageServer() as srv:
        assert await fetch_image(srv.add("/ok.png", Served(png))) == png
        # a CDN that labels everything octet-stream: accepted because the bytes are a PNG
        assert await fetch_image(srv.add("/raw", Served(png, "application/octet-stream"))) == png
        cases = {
            "/page": (Served(b"<html>", "text/html"), "not_image"),
            "/fake.png": (Served(b"not a picture at all", "image/png"), "not_image"),
            "/big.png": (Served(png + b"\0" * 2000, "image/png"), "too_large"),
            "/unsized.png": (Served(png + b"\0" * 2000, "image/png", no_length=True), "too_large"),
            "/gone.png": (Served(b"", status=404), "http"),
            "/slow.png": (Served(png, drip=0.05), "timeout"),
        }
        for path, (served, reason) in cases.items():
            with pytest.raises(FetchError) as caught:
                await fetch_image(srv.add(path, served), max_bytes=1000, time_limit=0.5)
            assert caught.value.reason == reason, path
        with pytest.raises(FetchError) as caught:
            await fetch_image("tg-nobody:1/abc")
        assert caught.value.reason == "unresolvable"

        async def resolver(ref: str) -> str:
            return srv.url(f"/{ref}")

        register_resolver("test-file", resolver)
        try:
            assert await fetch_image("test-file:ok.png") == png
        finally:
            unregister_resolver("test-file")
