"""Read the text of a picture with RapidOCR in a bounded pool of worker processes.

Why processes, not threads: RapidOCR's ONNX inference releases the GIL, but
its pre- and post-processing (OpenCV resizing, box sorting, CTC decoding in
numpy and Python) holds it for tens of milliseconds per picture. In a thread
that time is stolen from the event loop that serves every group; in a
process it is not, a crash or leak in native code cannot take the bot down,
and N workers really use N cores. Each worker loads the models once, on its
first picture (lazily: a bot that never sees a picture never pays for them),
and runs ONNX with one intra-op thread so the pool size is the number of
cores it may use. The cost is memory: one copy of the models per worker
(see ``bench/ocr.py``), which is why the default pool has one worker.

Bounded: at most ``workers`` pictures are read at once and at most
``queue`` wait; beyond that :class:`Busy` is raised at once rather than
letting a flood of pictures grow an unbounded backlog.

API::

    pool = get_pool()                       # the process-wide pool (lazy)
    reading = await pool.read(image_bytes)  # Reading(lines=(...), hash="…", width, height)

``Reading.hash`` is the perceptual hash of the same picture
(:mod:`huzhu.core.media.phash`), computed in the worker as well.
"""

from __future__ import annotations

import asyncio
import atexit
import io
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from huzhu.core.media.phash import perceptual_hash

log = logging.getLogger("huzhu.media")

#: pictures larger than this many pixels are refused before decoding (decompression bombs)
MAX_PIXELS = 40_000_000
#: the longer side is scaled down to this before OCR: phone screenshots stay sharp enough
#: (1080 px wide screens are not touched) and a 4000 px photo costs a quarter of the time
MAX_SIDE = 2000
#: recognised lines below this confidence are dropped (RapidOCR scores 0..1)
MIN_SCORE = 0.5


class Busy(Exception):
    """The pool has ``workers + queue`` pictures in hand already; try later."""


class Unreadable(Exception):
    """The bytes are not a picture Pillow can decode (or it is too large); ``str()`` says why."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What the worker read: the text lines top to bottom, the perceptual hash, the size."""

    lines: tuple[str, ...]
    hash: str
    width: int
    height: int


# ------------------------------------------------------------ in the worker

_engine: Any = None


def _load_engine() -> Any:
    """The RapidOCR engine of this process, loaded on first use (models ship in the wheel)."""
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR

        # one ONNX thread per worker (the pool size is the core budget); screenshots are
        # upright, so the direction classifier is skipped; detection sees at most 960 px
        _engine = RapidOCR(
            intra_op_num_threads=1,
            inter_op_num_threads=1,
            use_cls=False,
            det_limit_side_len=960,
            det_limit_type="max",
        )
    return _engine


def _decode(data: bytes) -> Any:
    """The picture as an RGB Pillow image, scaled so its longer side is at most MAX_SIDE."""
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise Unreadable(f"{image.width}x{image.height} pixels is too large")
        image = ImageOps.exif_transpose(image).convert("RGB")
    except Unreadable:
        raise
    except Exception as exc:
        raise Unreadable(f"not a picture: {exc}") from exc
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image


def read_sync(data: bytes) -> Reading:
    """OCR ``data`` in this process (what a worker runs; also used by the CLI with no pool)."""
    import numpy as np

    image = _decode(data)
    found, _elapsed = _load_engine()(np.asarray(image)[:, :, ::-1])  # RapidOCR wants BGR
    lines: list[str] = []
    for _box, text, score in found or ():
        if float(score) >= MIN_SCORE and text.strip():
            lines.append(text.strip())
    return Reading(tuple(lines), perceptual_hash(image), image.width, image.height)


def _warm() -> int:
    """Load the models in a worker (the benchmark and tests measure them apart from a read)."""
    _load_engine()
    return os.getpid()


# ------------------------------------------------------------ in the bot


class OcrPool:
    """A bounded pool of OCR worker processes, started on the first picture."""

    def __init__(self, workers: int = 1, queue: int = 8) -> None:
        self.workers = max(1, workers)
        self.queue = max(0, queue)
        self._executor: ProcessPoolExecutor | None = None
        self._in_hand = 0

    def _start(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # spawn: a fork of a process running an event loop and threads is unsafe
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(self.workers, mp_context=context)
        return self._executor

    async def warm(self) -> list[int]:
        """Start every worker and load its models; the worker pids."""
        loop = asyncio.get_running_loop()
        executor = self._start()
        return list(
            await asyncio.gather(
                *(loop.run_in_executor(executor, _warm) for _ in range(self.workers))
            )
        )

    def pids(self) -> list[int]:
        """The worker processes' ids (for memory figures)."""
        processes = getattr(self._executor, "_processes", None) or {}
        return list(processes)

    async def read(self, data: bytes) -> Reading:
        """OCR ``data`` off the event loop; :class:`Busy` when the pool is full."""
        if self._in_hand >= self.workers + self.queue:
            raise Busy(f"{self._in_hand} pictures in hand")
        self._in_hand += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._start(), read_sync, data)
        except BrokenProcessPool as exc:
            # a worker died (out of memory, a native crash): start afresh on the next picture
            log.error("an OCR worker died; the pool restarts: %r", exc)
            self.close()
            raise Busy("an OCR worker died") from exc
        finally:
            self._in_hand -= 1

    def close(self) -> None:
        """Stop the workers (idempotent)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


_pool: OcrPool | None = None


def get_pool() -> OcrPool:
    """The process-wide OCR pool; ``HUZHU_OCR_WORKERS`` sets its size (default 1)."""
    global _pool
    if _pool is None:
        workers = int(os.environ.get("HUZHU_OCR_WORKERS", "1") or 1)
        _pool = OcrPool(workers)
        atexit.register(_pool.close)
    return _pool
