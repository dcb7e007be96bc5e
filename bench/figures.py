"""Headline figures of each benchmark, collected for ``bench/all.py``'s summary table.

A script calls ``record(...)``; when ``HUZHU_BENCH_SUMMARY`` names a file (set by
``bench/all.py``), one JSON line per figure is appended to it. Run alone, a
script just prints its own report.
"""

from __future__ import annotations

import json
import os
from typing import Any


def record(
    figure: str,
    value: float | str,
    unit: str = "",
    *,
    baseline: str = "",
    ratio: float | None = None,
    target: str = "",
    ok: bool | None = None,
) -> None:
    """One line of the summary: a figure, its comparison in the same run, its target."""
    path = os.environ.get("HUZHU_BENCH_SUMMARY")
    if not path:
        return
    row: dict[str, Any] = {"figure": figure, "value": value, "unit": unit, "baseline": baseline,
                           "ratio": ratio, "target": target, "ok": ok}  # fmt: skip
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def pct(values: list[float], p: float) -> float:
    """The ``p`` quantile (0–1) of ``values``: the value at that rank, no interpolation."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]
