"""Start-up time and memory with 10,000 configured groups, against one group, in one run.

    .venv/bin/python bench/startup.py [--groups 10000]

Each case runs in a fresh process: import huzhu, load plugins.yaml (every group
with its own settings), open and migrate the SQLite database, then one message
in every configured group (so each group's settings are resolved, as a bot that
has served them all holds them). Prints seconds to ready, seconds for the
messages, and peak memory, the ratios to a one-group plugins.yaml, and the targets
of #22. The package's bytecode is compiled first, as ``pip install`` does: where
PYTHONDONTWRITEBYTECODE is set (containers, this machine) an editable checkout would
otherwise compile every module again in every case.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from figures import record

PROBE = r"""
import asyncio, json, resource, sys, time
t0 = time.perf_counter()
from huzhu.core.engine import Engine
from huzhu.core.events import Capabilities, Member, MessageEvent

async def main():
    engine = Engine.from_settings(config_path=sys.argv[1], data_dir=sys.argv[2])
    result = await engine.start()
    ready = time.perf_counter() - t0
    caps = Capabilities(platform="qq", delete=True, mute=True, kick=True)
    groups = list(engine.config.groups) or ["qq:1"]
    t1 = time.perf_counter()
    for i, gid in enumerate(groups):
        await engine.handle_message(MessageEvent(gid, Member("qq:42"), "谢谢大家", str(i), caps=caps))
    served = time.perf_counter() - t1
    await engine.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ready": ready, "served": served, "groups": len(groups),
                      "errors": len(result.errors), "rss_mb": rss}))

asyncio.run(main())
"""


def plugins_yaml(groups: int) -> str:
    """A plugins.yaml where every group has settings of its own."""
    data = {
        "defaults": {
            "plugins": {"content": {"words": ["加微信", "刷单"]}, "quota": {"per_day": 3}}
        },
        "groups": {
            f"qq:{100_000 + i}": {
                "language": "zh" if i % 5 else "en",
                "plugins": {
                    "quota": {"per_day": 1 + i % 5},
                    "content": {"words": [f"广告{i % 97}", "加微信"]},
                    "flood": i % 3 != 0,
                },
            }
            for i in range(groups)
        },
    }
    return yaml.safe_dump(data, allow_unicode=True)


ROOT = Path(__file__).resolve().parents[1]
#: the figures #22 asks for (key: (target, passes))
TARGETS = {"ready": ("< 2 s", lambda v: v < 2), "rss_mb": ("< 200 MB", lambda v: v < 200)}


def measure(workdir: Path, groups: int) -> dict[str, float]:
    config = workdir / f"plugins-{groups}.yaml"
    config.write_text(plugins_yaml(groups), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(config), str(workdir / f"data-{groups}")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--groups", type=int, default=10_000)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} cores")
    for folder in ("core", "plugins", "adapters"):
        compileall.compile_dir(ROOT / folder, quiet=1)
    with tempfile.TemporaryDirectory(prefix="huzhu-bench-") as tmp:
        one = measure(Path(tmp), 1)
        many = measure(Path(tmp), args.groups)
    assert many["errors"] == 0 and many["groups"] == args.groups, many
    print(f"{'':<40}{'1 group':>12}{f'{args.groups:,} groups':>16}{'ratio':>8}  target")
    for row in (one, many):
        row["per_group_ms"] = row["served"] / row["groups"] * 1000
    for key, label, unit in (
        ("ready", "start-up to ready", "s"),
        ("per_group_ms", "first message in a group", "ms"),
        ("rss_mb", "peak memory", "MB"),
    ):
        target, passes = TARGETS.get(key, ("", None))
        mark = "" if passes is None else (" ✓" if passes(many[key]) else " ✗")
        print(
            f"{label + f' ({unit})':<40}{one[key]:>12.2f}{many[key]:>16.2f}"
            f"{many[key] / one[key]:>8.1f}  {target}{mark}"
        )
    record(f"start-up to ready, {args.groups:,} configured groups", round(many["ready"], 2), "s",
           baseline=f"1 group: {one['ready']:.2f} s", ratio=many["ready"] / one["ready"],
           target="< 2 s", ok=many["ready"] < 2)  # fmt: skip
    record(f"peak memory, {args.groups:,} groups each served once", round(many["rss_mb"]), "MB",
           baseline=f"1 group: {one['rss_mb']:.0f} MB", ratio=many["rss_mb"] / one["rss_mb"],
           target="< 200 MB", ok=many["rss_mb"] < 200)  # fmt: skip


if __name__ == "__main__":
    main()
