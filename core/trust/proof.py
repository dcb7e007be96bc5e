"""From a picture reference to a judged screenshot: download → OCR pool → the evidence table.

The bot (``read_picture``) and ``huzhu evidence`` (``judge_bytes``) judge the
same way; only where the OCR runs differs (the pool, or this process).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from huzhu.core.events import Evidence
from huzhu.core.media.fetch import FetchError, fetch_image
from huzhu.core.media.ocr import Busy, Reading, Unreadable, get_pool, read_sync
from huzhu.core.trust.evidence import UNKNOWN, Fingerprint, Judgement, judge, line_digests

log = logging.getLogger("huzhu.trust")

#: seconds for download and reading together; past it the claim is left as without a picture
BUDGET = 25.0

#: reads picture bytes into OCR lines (the pool by default; tests may give a smaller pool)
Reader = Callable[[bytes], Awaitable[Reading]]


@dataclass(frozen=True, slots=True)
class Proof:
    """A judged screenshot: what is kept (``evidence``, ``fingerprint``) and the failure reason."""

    evidence: Evidence
    fingerprint: Fingerprint
    #: for a failure: (zh, en) reason told to the helper
    reason: tuple[str, str] = ("", "")
    #: why nothing could be read ("" when it was read): fetch, busy, unreadable, timeout
    problem: str = ""


def _proof(reading: Reading) -> Proof:
    verdict: Judgement = judge(reading.lines)
    evidence = Evidence(
        verdict.result, "ocr", verdict.platform, verdict.activity, verdict.words, reading.hash
    )
    return Proof(evidence, Fingerprint(reading.hash, line_digests(reading.lines)), verdict.reason)


def _unread(problem: str) -> Proof:
    return Proof(Evidence(UNKNOWN), Fingerprint(""), problem=problem)


async def read_picture(ref: str, reader: Reader | None = None, budget: float = BUDGET) -> Proof:
    """Download and judge one picture; never raises (a problem gives ``unknown``)."""
    read = reader or get_pool().read
    try:
        async with asyncio.timeout(budget):
            data = await fetch_image(ref)
            return _proof(await read(data))
    except FetchError as exc:
        log.info("evidence picture not fetched: %s", exc.reason)
        return _unread(f"fetch:{exc.reason}")
    except Busy:
        log.warning("evidence picture not read: the OCR pool is full")
        return _unread("busy")
    except Unreadable as exc:
        log.info("evidence picture unreadable: %s", exc)
        return _unread("unreadable")
    except TimeoutError:
        log.warning("evidence picture not read within %s s", budget)
        return _unread("timeout")
    except Exception:
        # a claim must never fail because its picture could not be read
        log.exception("evidence picture could not be read")
        return _unread("error")


def judge_bytes(data: bytes) -> tuple[Judgement, str]:
    """Judge picture bytes in this process (``huzhu evidence``); the judgement and the hash.

    Raises :class:`huzhu.core.media.ocr.Unreadable` for bytes that are not a picture.
    """
    reading = read_sync(data)
    return judge(reading.lines), reading.hash
