"""Every benchmark script still runs: each under ``bench/`` with its smoke arguments
(``bench/all.py``'s ``SMOKE``: tiny sizes), in a subprocess, several at once.

A benchmark is not run by the suite otherwise, and one stayed broken for a round. A script
needing a system program that is missing (PostgreSQL's ``initdb`` for the scale-out) is
not run, and the test says so as its skip reason after checking all the others.
"""

from __future__ import annotations

import ast
import os
import resource
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
#: one script's limit; the whole test stays near 30 s with several running at once
TIMEOUT = 120
PARALLEL = 4


def _all() -> object:
    sys.path.insert(0, str(BENCH))
    try:
        import all as bench_all
    finally:
        sys.path.remove(str(BENCH))
    return bench_all


def _is_script(path: Path) -> bool:
    """Whether a file under bench/ is a script (has ``if __name__ == "__main__"``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.If) and "__main__" in ast.unparse(node.test) for node in tree.body
    )


def _run(name: str, args: list[str], env: dict[str, str]) -> tuple[str, int, float, str]:
    t0 = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, str(BENCH / f"{name}.py"), *args],
            cwd=BENCH, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False,
        )  # fmt: skip
        code, out = done.returncode, done.stdout[-1500:] + done.stderr[-3000:]
    except subprocess.TimeoutExpired as exc:
        code, out = -1, f"timed out after {TIMEOUT}s: {str(exc.stdout)[-1500:]}"
    return name, code, time.perf_counter() - t0, out


def test_every_benchmark_runs_in_its_smoke_mode(tmp_path: Path) -> None:
    """Each script under bench/ exits 0 with its smoke arguments (none left out unnoticed)."""
    bench_all = _all()
    scripts = sorted(p.stem for p in BENCH.glob("*.py") if _is_script(p))
    smoke: dict[str, list[str]] = bench_all.SMOKE  # type: ignore[attr-defined]
    # a new benchmark must say how it is smoke-tested; all.py itself is run below
    assert set(scripts) - {"all"} == set(smoke), "add the script to SMOKE in bench/all.py"
    needs: dict[str, list[str]] = bench_all.NEEDS  # type: ignore[attr-defined]
    missing = {name: [p for p in needs.get(name, []) if shutil.which(p) is None] for name in smoke}
    runnable = [name for name in smoke if not missing[name]]
    env = {**os.environ, "HUZHU_BENCH_SUMMARY": str(tmp_path / "figures.jsonl")}
    jobs = [(name, smoke[name]) for name in runnable]
    # all.py in its smoke mode, with one quick script: it runs a script and prints the table
    jobs.append(("all", ["--smoke", "--only", "antiscam_eval"]))
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(PARALLEL) as pool:
        results = list(pool.map(lambda job: _run(*job, env), jobs))
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime
    print(
        f"benchmarks' smoke runs: {time.perf_counter() - t0:.1f} s wall, {cpu:.1f} s CPU; "
        + ", ".join(f"{name} {took:.1f}" for name, _, took, _ in results)
    )
    failed = [f"{name} (exit {code}):\n{out}" for name, code, _, out in results if code != 0]
    assert not failed, "\n\n".join(failed)
    assert (tmp_path / "figures.jsonl").read_text(encoding="utf-8").strip()  # figures recorded
    skipped = {name: progs for name, progs in missing.items() if progs}
    if skipped:
        pytest.skip(
            f"{len(runnable)} benchmarks ran; not run for a missing program: "
            + "; ".join(f"{name} needs {', '.join(progs)}" for name, progs in skipped.items())
        )
