"""anti_scam speed, before and after, in the same run: this tree against a git revision.

    python bench/antiscam_ab.py [--rev HEAD~1] [--n 10000] [--rounds 3]

Extracts ``plugins/anti_scam`` of ``--rev`` into a temporary directory and
measures it and the working tree's plugin in alternating child processes
(pinned to one core, the texts of ``bench/antiscam.py``), so both see the same
machine load. Prints messages/s by the wall clock and by the CPU time of the
measuring thread (what a busy machine inflates least), the p99 latency and the
load average, and the median of the rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import os, random, statistics, sys, time
base = sys.argv[1]
import huzhu.plugins
if base:
    huzhu.plugins.__path__.insert(0, base)  # the old plugin shadows the installed one
sys.path.insert(0, sys.argv[3])
import huzhu.plugins.anti_scam as plugin
assert plugin.__file__.startswith(base or os.path.dirname(os.path.dirname(plugin.__file__)))
from antiscam import CHAT, share_texts
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
n = int(sys.argv[2])
cfg = plugin.Config()
rng = random.Random(5)
shares = share_texts(n, rng)
chat = [rng.choice(CHAT) + str(i % 7) for i in range(n)]
plugin.scan(shares[0], cfg)
out = []
for texts in (shares, chat):
    lat = []
    c0, t0 = time.thread_time(), time.perf_counter()
    for text in texts:
        s = time.perf_counter()
        plugin.scan(text, cfg)
        lat.append(time.perf_counter() - s)
    wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
    out += [n / wall, n / cpu, statistics.quantiles(lat, n=100)[98] * 1e6]
print(" ".join(f"{v:.1f}" for v in out))
"""


def extract(rev: str, into: Path) -> Path:
    """``plugins/anti_scam`` of ``rev`` as ``into/anti_scam``."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "plugins/anti_scam"],
                          check=True, capture_output=True).stdout  # fmt: skip
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into / "plugins"


def run(base: str, n: int) -> list[float]:
    out = subprocess.run([sys.executable, "-c", CHILD, base, str(n), str(ROOT / "bench")],
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    return [float(v) for v in out.split()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rev", default="HEAD", help="the git revision to compare with")
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    load0 = os.getloadavg()[0]
    rows: dict[str, list[list[float]]] = {args.rev: [], "this tree": []}
    with tempfile.TemporaryDirectory(prefix="antiscam-ab-") as tmp:
        base = str(extract(args.rev, Path(tmp)))
        for _ in range(args.rounds):
            rows[args.rev].append(run(base, args.n))
            rows["this tree"].append(run("", args.n))
    load1 = os.getloadavg()[0]
    print(f"load average {load0:.1f} → {load1:.1f} on {os.cpu_count()} cores; "
          f"median of {args.rounds} alternating rounds, {args.n:,} texts each")  # fmt: skip
    print(
        f"{'plugin':<12}{'share msg/s':>13}{'(CPU)':>10}{'p99 µs':>9}{'chat msg/s':>12}{'(CPU)':>10}"
    )
    med = {}
    for name, runs in rows.items():
        m = [statistics.median(col) for col in zip(*runs, strict=True)]
        med[name] = m
        print(f"{name:<12}{m[0]:>13,.0f}{m[1]:>10,.0f}{m[2]:>9.0f}{m[3]:>12,.0f}{m[4]:>10,.0f}")
    old, new = med[args.rev], med["this tree"]
    print(
        f"share texts: ×{new[0] / old[0]:.2f} by the wall clock, ×{new[1] / old[1]:.2f} by CPU time"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
