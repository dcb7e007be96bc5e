"""Pictures members post: QR codes and barcodes judged like links, the text read like a message.

* Every picture of a message (up to ``MAX_PER_MESSAGE``) is downloaded in
  memory with a size cap and a timeout (``huzhu.core.media``), never stored.
* Its QR codes and barcodes are decoded (zxing-cpp, in a worker thread). A
  decoded link is judged exactly as a link in text: official share links pass,
  link tricks are removed; a site that is not official is removed too (a QR
  code hides where it goes), without a strike. A code that adds a friend or
  joins a group on QQ, WeChat or Telegram counts like "加我微信"; a payment
  code (收款码) from a member who is not an admin is held for review.
* Its text is read by the OCR pool within the group's budget
  (``pictures_per_minute``) and checked with the phrase rules and the script
  model; links and numbers in the text are not (OCR misreads them).
* All of it runs within ``BUDGET`` seconds (the hook's own limit is 5 s):
  what is not done by then is skipped, never waited for. Downloading, decoding
  and OCR all wait off the event loop, so other groups are served meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from huzhu.core import GroupContext, MessageEvent, Severity
from huzhu.core.events import Role
from huzhu.core.media import qr
from huzhu.core.media.fetch import FetchError

if TYPE_CHECKING:
    from huzhu.plugins.anti_scam import Config, Finding

log = logging.getLogger("huzhu.anti_scam")

#: seconds for all the pictures of one message (download, decoding, OCR)
BUDGET = 4.0
#: seconds and bytes for one download
FETCH_TIMEOUT = 3.0
MAX_BYTES = 5 * 1024 * 1024
#: pictures of one message looked at (an album of twenty is judged by its first ones)
MAX_PER_MESSAGE = 4
#: findings of the text in a picture that are kept (OCR misreads links and numbers)
_TEXT_RULES = frozenset(
    ["anti_scam.prepay", "anti_scam.credential", "anti_scam.paid_help",
     "anti_scam.impersonation", "anti_scam.off_group", "anti_scam.loan_ad", "anti_scam.other",
     "anti_scam.script", "anti_scam.pitch"]
)  # fmt: skip
#: (marks in the decoded text, the app's name in zh, in en)
_CONTACT_APPS = (
    (("wechat", "weixin"), "微信", "WeChat"),
    (("qq.com", "mqq"), "QQ", "QQ"),
    (("t.me", "telegram", "tg://"), "电报", "Telegram"),
)


async def _default_reader(data: bytes) -> tuple[str, ...]:
    from huzhu.core.media.ocr import get_pool

    return (await get_pool().read(data)).lines


async def _local_reader(data: bytes) -> tuple[str, ...]:
    """OCR in a thread of this process: a local tool (``huzhu scan --image``) has no pool."""
    from huzhu.core.media.ocr import read_sync

    return (await asyncio.to_thread(read_sync, data)).lines


#: reads a picture's text lines (the OCR pool; tests put an in-process reader here)
reader: Callable[[bytes], Awaitable[tuple[str, ...]]] = _default_reader


def _ocr_allowed(ctx: GroupContext, per_minute: int) -> bool:
    """Whether the group's OCR budget has room for one more picture now (and take it)."""
    if per_minute <= 0:
        return False
    times: deque[float] = ctx.scratch.setdefault("ocr_times", deque())
    now = ctx.now()
    while times and now - times[0] >= 60:
        times.popleft()
    if len(times) >= per_minute:
        return False
    times.append(now)
    return True


async def check(ctx: GroupContext, event: MessageEvent, cfg: Config) -> list[Finding]:
    """Everything wrong with the pictures of ``event``."""
    found: list[Finding] = []
    local = all(ref.startswith("local:") for ref in event.images)  # huzhu scan --image: no hurry
    try:
        async with asyncio.timeout(None if local else BUDGET):
            for ref in event.images[:MAX_PER_MESSAGE]:
                await _one(ctx, event, cfg, ref, found)
    except TimeoutError:
        log.warning("anti_scam: pictures of message %s in %s not all read within %.0f s",
                    event.message_id, event.group_id, BUDGET)  # fmt: skip
    return found


async def _one(
    ctx: GroupContext, event: MessageEvent, cfg: Config, ref: str, found: list[Finding]
) -> None:
    try:
        data = await qr.load(ref, max_bytes=MAX_BYTES, time_limit=FETCH_TIMEOUT)
    except FetchError as exc:
        log.info("anti_scam: picture not fetched (%s)", exc.reason)
        return
    admin = event.sender.role >= Role.ADMIN
    for code in await qr.decode_async(data):
        found.extend(judge_code(code.text, cfg, ctx.language, admin=admin))
    if _ocr_allowed(ctx, cfg.pictures_per_minute):
        read = _local_reader if ref.startswith("local:") and reader is _default_reader else reader
        try:
            lines = await read(data)
        except Exception as exc:  # the pool is busy, the picture unreadable: the codes still count
            log.info("anti_scam: picture text not read (%s)", type(exc).__name__)
            return
        found.extend(judge_text("\n".join(lines), cfg, ctx.language))


def judge_code(text: str, cfg: Config, lang: str, *, admin: bool = False) -> list[Finding]:
    """What is wrong with one decoded QR code or barcode."""
    from huzhu.plugins.anti_scam import Finding, scan

    kind = qr.kind(text)
    if kind == "payment":
        if admin:
            return []
        return [Finding("anti_scam.payment_qr", Severity.REVIEW, "qr_payment", {}, False)]
    if kind == "contact":
        low = text.lower()
        app = next((en if lang == "en" else zh for marks, zh, en in _CONTACT_APPS
                    if any(m in low for m in marks)), "QQ")  # fmt: skip
        return [Finding("anti_scam.off_group", Severity.MINOR, "qr_contact", {"app": app}, True)]
    foreign: list[str] = []
    out = [_in_picture(f) for f in scan(text, cfg, lang=lang, foreign=foreign)]
    if kind == "link" and foreign and not any(f.remove for f in out):
        # an ordinary site in text is left to the group; hidden in a picture, it is removed
        out.append(
            Finding("anti_scam.qr_link", Severity.INFO, "qr_foreign", {"host": foreign[0]}, True)
        )
    return out


def judge_text(text: str, cfg: Config, lang: str) -> list[Finding]:
    """The phrase rules and the script check on the text read in a picture."""
    from huzhu.plugins.anti_scam import scan

    if not text.strip():
        return []
    return [_in_picture(f) for f in scan(text, cfg, lang=lang) if f.rule in _TEXT_RULES]


def _in_picture(finding: Finding) -> Finding:
    """The same finding, its reason saying it was in a picture."""
    from huzhu.plugins.anti_scam import Finding

    values: dict[str, Any] = {"inner": finding.key, **finding.values}
    return Finding(finding.rule, finding.severity, "in_picture", values, finding.remove)
