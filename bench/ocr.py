"""Screenshot evidence: OCR latency, pool throughput and memory, precision/recall on a labelled set.

    python bench/ocr.py [--width 1080] [--quick]

- latency: p50/p95 of one screenshot read in this process with one ONNX thread
  (one core), phone-sized pictures (``--width``);
- throughput: screenshots per second through the OCR pool with 2 workers
  (2 cores), and the pool's memory (resident set of the workers);
- quality: every labelled screenshot of ``tests/screenshots.py`` in every
  variant (plain, scaled, JPEG, cropped, dark) judged as the bot judges it:
  precision and recall of ``success``, and the count of failure or unrelated
  pictures read as ``success`` (the worst error; target 0).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # figures
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.screenshots

from figures import pct, record

from huzhu.core.media.ocr import OcrPool, read_sync
from huzhu.core.trust.evidence import SUCCESS, judge
from tests.screenshots import SHOTS, VARIANTS, render


def _rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--width", type=int, default=1080, help="screenshot width in pixels")
    parser.add_argument("--quick", action="store_true", help="plain variant only")
    parser.add_argument("--smoke", action="store_true", help="one picture (make test: it runs)")
    args = parser.parse_args()
    variants = ("plain",) if args.quick or args.smoke else VARIANTS
    shots = SHOTS[:1] if args.smoke else SHOTS
    pictures = [(s, v, render(s, v, width=args.width)) for v in variants for s in shots]

    # --- latency on one core (the models load first, not timed)
    read_sync(pictures[0][2])
    latencies: list[float] = []
    outcomes: list[tuple[str, str, str, str]] = []
    for shot, variant, data in pictures:
        t0 = time.perf_counter()
        reading = read_sync(data)
        latencies.append((time.perf_counter() - t0) * 1000)
        outcomes.append((shot.name, variant, shot.expected, judge(reading.lines).result))
    p50, p95 = statistics.median(latencies), pct(latencies, 0.95)
    print(f"OCR latency per {args.width}px screenshot, 1 core: p50 {p50:.0f} ms, p95 {p95:.0f} ms")

    # --- quality
    tp = sum(1 for *_, e, r in outcomes if e == SUCCESS and r == SUCCESS)
    fp = sum(1 for *_, e, r in outcomes if e != SUCCESS and r == SUCCESS)
    fn = sum(1 for *_, e, r in outcomes if e == SUCCESS and r != SUCCESS)
    right = sum(1 for *_, e, r in outcomes if e == r)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(
        f"labelled set: {len(outcomes)} pictures ({len(SHOTS)} screens x {len(variants)} variants)"
    )
    print(
        f"  exact result {right}/{len(outcomes)}; success precision {precision:.3f}, recall {recall:.3f}"
    )
    print(f"  failure or unrelated read as success: {fp} (target 0)")
    for name, variant, expected, got in outcomes:
        if expected != got:
            print(f"  miss: {name} [{variant}] expected {expected}, read {got}")

    # --- the pool on 2 cores
    async def through_pool() -> tuple[float, float]:
        pool = OcrPool(workers=1 if args.smoke else 2, queue=len(pictures))
        try:
            pids = await pool.warm()
            t0 = time.perf_counter()
            await asyncio.gather(*(pool.read(data) for _, _, data in pictures))
            rate = len(pictures) / (time.perf_counter() - t0)
            return rate, sum(_rss_mb(pid) for pid in pids)
        finally:
            pool.close()

    rate, memory = asyncio.run(through_pool())
    print(
        f"OCR pool, 2 workers (2 cores): {rate:.1f} screenshots/s; workers' memory {memory:.0f} MB"
    )

    record("OCR latency p50 (1 core)", round(p50), "ms")
    record("OCR latency p95 (1 core)", round(p95), "ms")
    record("OCR pool throughput (2 workers)", round(rate, 2), "screenshots/s")
    record("OCR pool memory (2 workers)", round(memory), "MB")
    record("evidence success precision", round(precision, 3), "", target="1.000", ok=fp == 0)
    record("evidence success recall", round(recall, 3), "", target="≥ 0.9", ok=recall >= 0.9)
    return 0 if fp == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
