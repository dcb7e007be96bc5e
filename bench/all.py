"""``make bench``: every benchmark in turn, then one summary table.

    .venv/bin/python bench/all.py [--only pipeline,startup] [--scaleout] [--smoke]

Each script runs in its own process (so none inherits another's imports, caches
or memory) and prints its full report; its headline figures are collected
through ``figures.record`` and summarised at the end with the ratio each one
was compared against in the same run. Scripts can also be run on their own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "pipeline",
    "lifecycle",
    "history",
    "antiscam",
    "antiscam_eval",
    "scheduler",
    "startup",
    "ocr",
    "web",
]
#: slow or needing more than Python: only with ``--scaleout`` or when named in ``--only``
#: (scaleout starts a PostgreSQL cluster and 7 bot processes: 5-15 minutes on 2 cores)
OPT_IN = ["scaleout"]
#: each script's arguments for a smoke run (``--smoke``; tests/test_bench_smoke.py runs them
#: all): tiny sizes that check the script still runs, in a few seconds; figures mean nothing
SMOKE: dict[str, list[str]] = {
    "pipeline": ["--smoke"],
    "lifecycle": ["--smoke"],
    "history": ["--smoke"],
    "dispatch": ["--history", "100", "--runs", "2"],
    "antiscam": ["--n", "200", "--big", "1"],
    "antiscam_eval": [],
    "antiscam_ab": ["--n", "50", "--rounds", "1"],
    "antiscam_train": ["--smoke"],
    "antiscam_sets": ["--split", "held", "../tests/data/antiscam_written7.jsonl"],
    "scheduler": ["--smoke"],
    "startup": ["--groups", "50"],
    "ocr": ["--smoke", "--width", "400"],
    "web": ["--history", "1000", "--calls", "2", "--days", "5"],
    "scaleout": ["--cycles", "2", "--workers", "1", "--processes", "1"],
}
#: system programs a script needs besides Python (a smoke run without them is skipped, said so)
NEEDS: dict[str, list[str]] = {"scaleout": ["initdb", "pg_ctl"], "antiscam_ab": ["git"]}


def _value(row: dict) -> str:
    value = row["value"]
    text = (
        f"{value:,}"
        if isinstance(value, int)
        else f"{value:,.2f}"
        if isinstance(value, float)
        else str(value)
    )
    return f"{text} {row['unit']}".strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", help="comma-separated script names (default: all)")
    parser.add_argument(
        "--scaleout", action="store_true", help="also run bench/scaleout.py (PostgreSQL, slow)"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes: each script runs in seconds (SMOKE)"
    )
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else SCRIPTS + (OPT_IN if args.scaleout else [])
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="huzhu-bench-") as tmp:
        summary = Path(tmp) / "figures.jsonl"
        env = {**os.environ, "HUZHU_BENCH_SUMMARY": str(summary)}
        took: dict[str, float] = {}
        for name in chosen:
            print(f"\n=== bench/{name}.py ===", flush=True)
            t0 = time.perf_counter()
            extra = SMOKE.get(name, []) if args.smoke else []
            done = subprocess.run(
                [sys.executable, str(HERE / f"{name}.py"), *extra], env=env, check=False
            )
            took[name] = time.perf_counter() - t0
            if done.returncode != 0:
                failed.append(name)
        rows = (
            [json.loads(line) for line in summary.read_text(encoding="utf-8").splitlines()]
            if summary.exists()
            else []
        )
    print("\n" + "=" * 100)
    print(
        f"huzhu benchmarks — Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{os.cpu_count()} cores, {platform.machine()} {platform.system()}"
    )
    print(f"{'figure':<52}{'value':>16}  {'vs (same run)':<44}{'ratio':>7}  {'target':<22}")
    for row in rows:
        ratio = f"{row['ratio']:.2f}" if row.get("ratio") is not None else ""
        verdict = {True: " ✓", False: " ✗"}.get(row.get("ok"), "")
        print(
            f"{row['figure'][:51]:<52}{_value(row):>16}  {row.get('baseline', '')[:43]:<44}"
            f"{ratio:>7}  {row.get('target', '')}{verdict}"
        )
    print("run times: " + ", ".join(f"{n} {s:.0f}s" for n, s in took.items()))
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
