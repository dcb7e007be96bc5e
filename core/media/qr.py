"""QR codes and barcodes in a picture, decoded with zxing-cpp (its C++ decoder ships in the wheel).

``decode(data)`` reads every code in the picture's bytes (run it off the event
loop: ``await decode_async(data)``). ``kind(text)`` says what a decoded text is:
a payment code (收款码), a code that adds a friend or joins a group on QQ or
WeChat, a link, or plain text. Judging a link is the anti-scam plugin's job.

``load(ref)`` gives a picture's bytes: a picture handed in by a local tool
(``huzhu scan --image FILE`` puts the file's bytes under a ``local:`` reference,
in this process only), else :func:`huzhu.core.media.fetch.fetch_image` with its
size cap and timeout. Nothing is written to disk.
"""

from __future__ import annotations

import asyncio
import io
import re
from dataclasses import dataclass
from typing import Literal

from huzhu.core.media.fetch import FetchError, fetch_image

#: pictures larger than this many pixels are not decoded (decompression bombs)
MAX_PIXELS = 40_000_000
#: the longer side is scaled down to this first (a QR code in a phone screenshot stays readable)
MAX_SIDE = 2000

Kind = Literal["payment", "contact", "link", "text"]

# 收款码: WeChat Pay, Alipay, UnionPay, QQ Wallet, and the wallets' own schemes
_PAYMENT = re.compile(
    r"^(?:wxp://|alipays?://|upwallet://|mqqwallet://)"
    r"|^(?:https?://)?(?:qr\.alipay\.com|qr\.95516\.com|payapp\.weixin\.qq\.com|wx\.tenpay\.com"
    r"|payapp\.wechatpay\.cn|i\.qianbao\.qq\.com|ds\.alipay\.com)(?:[/:?#]|$)",
    re.I,
)
# 加好友 / 加群: WeChat personal and group codes, QQ friend and group codes, Telegram invites
_CONTACT = re.compile(
    r"^(?:https?://)?(?:u\.wechat\.com/|weixin\.qq\.com/[rg]/|(?:www\.)?wechat\.com/u/"
    r"|qm\.qq\.com/|jq\.qq\.com/|qun\.qq\.com/|(?:t|telegram)\.me/)"
    r"|^(?:mqqapi|mqqopensdkapi|weixin|tg)://",
    re.I,
)
_LINK = re.compile(
    r"^[a-z][a-z0-9+.-]*://|^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/:?#]|$)", re.I
)


@dataclass(frozen=True, slots=True)
class Code:
    """One decoded code: its format (``QRCode``, ``EAN13`` …) and its text."""

    format: str
    text: str


def kind(text: str) -> Kind:
    """What a decoded text is: payment, contact (add friend / join group), link or text."""
    text = text.strip()
    if _PAYMENT.search(text):
        return "payment"
    if _CONTACT.search(text):
        return "contact"
    if _LINK.search(text):
        return "link"
    return "text"


def decode(data: bytes) -> list[Code]:
    """Every QR code and barcode in the picture ``data`` (an unreadable picture: none)."""
    import zxingcpp
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            return []
        image = image.convert("L")
    except Exception:
        return []
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    return [
        Code(r.format.name, r.text) for r in zxingcpp.read_barcodes(image) if r.valid and r.text
    ]


async def decode_async(data: bytes) -> list[Code]:
    """:func:`decode` in a worker thread, so the event loop keeps serving other groups."""
    return await asyncio.to_thread(decode, data)


#: pictures handed in by a local tool, by ``local:`` reference (this process only)
LOCAL: dict[str, bytes] = {}


async def load(ref: str, *, max_bytes: int | None = None, time_limit: float | None = None) -> bytes:
    """The bytes of picture ``ref``; :class:`FetchError` when it cannot be had."""
    if ref.startswith("local:"):
        data = LOCAL.get(ref)
        if data is None:
            raise FetchError("unresolvable", ref)
        return data
    kwargs: dict[str, float] = {}
    if max_bytes is not None:
        kwargs["max_bytes"] = max_bytes
    if time_limit is not None:
        kwargs["time_limit"] = time_limit
    return await fetch_image(ref, **kwargs)  # type: ignore[arg-type]
