"""anti_scam speed: messages/s and latency on one core, and bounded time on 64 KB messages.

    python bench/antiscam.py [--n 20000] [--big 40]

Runs the plugin's full check (links, phrases, personal data) the way
``check_message`` does, on 150-character share texts (each with a fresh
goods id, so no cache helps) and on short chat; the baseline in the same run
is one compiled regular expression of URL and keyword alternatives, i.e. what
a generic anti-spam filter does.

Then the whole ``check_message`` pipeline (every plugin ``plugins.yaml``
enables, through the engine's caller) on 64 KB messages of six kinds: Chinese
chat, share texts with a phishing link at the end, a crafted run, digit groups,
full-width text and dotted runs; p99 of the CPU time each takes (the time it
holds the event loop; on a shared machine the wall clock adds other processes)
against the 5 ms target, with the wall-clock p99 beside it. Its baseline in
the same run: anti_scam reading the whole of each message (``limit=None``, what
it did before messages over ``SCAN_LIMIT`` were removed unread). The 4,096-
character messages (the longest read in full) are measured the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import re
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

from figures import record

from huzhu.plugins.anti_scam import Config, scan

CHAT = [
    "已助",
    "谢谢大家",
    "好的，马上帮你",
    "还差一刀，谁来帮帮我",
    "今天砍价的人好多",
    "收到",
    "在吗",
    "哈哈哈",
]
ROOT = Path(__file__).resolve().parents[1]
NAIVE = re.compile(r"https?://\S+|押金|保证金|验证码|刷单|代助|加微信|\d{17}[\dXx]")


def share_texts(n: int, rng: random.Random) -> list[str]:
    out = []
    for _ in range(n):
        code = "".join(rng.choice(string.ascii_letters) for _ in range(12))
        text = (f"【拼多多】帮我砍一刀，就差一点点了！https://mobile.yangkeduo.com/bargain.html?goods_id="
                f"{rng.randint(10**11, 10**12)}&share_uin={code}&refer_share_channel=qq 谢谢大家，互助互助")  # fmt: skip
        out.append((text + "！" * 150)[:150])
    return out


def measure(texts: list[str], check) -> tuple[float, float, float]:
    """(messages/s, p50 µs, p99 µs)."""
    lat = []
    t0 = time.perf_counter()
    for text in texts:
        s = time.perf_counter()
        check(text)
        lat.append(time.perf_counter() - s)
    total = time.perf_counter() - t0
    q = statistics.quantiles(lat, n=100)
    return len(texts) / total, q[49] * 1e6, q[98] * 1e6


def big_texts(size: int, per_kind: int, rng: random.Random) -> dict[str, list[str]]:
    """Distinct messages of ``size`` characters, ``per_kind`` of each kind."""
    zh = "帮我砍一刀谢谢大家互助今天砍价的人好多还差一刀，。！？"

    def fit(text: str, tail: str = "") -> str:
        return text[: size - len(tail)] + tail

    kinds: dict[str, list[str]] = {k: [] for k in ("chinese chat", "shares + phishing at the end",
                                                    "crafted run", "digit groups", "full-width",
                                                    "dotted run")}  # fmt: skip
    for i in range(per_kind):
        kinds["chinese chat"].append(fit("".join(rng.choice(zh) for _ in range(size))))
        share = f"帮我砍一刀 https://mobile.yangkeduo.com/x?goods_id={i} "
        kinds["shares + phishing at the end"].append(
            fit(share * (size // len(share) + 1), " https://yangkeduo.com.evil-help.cn/login")
        )
        kinds["crafted run"].append(fit("a" * size, f"{i}@evil.cn/x"))
        kinds["digit groups"].append(
            fit(" ".join(f"{rng.randrange(10**9, 10**10)}" for _ in range(size // 11 + 1)))
        )
        kinds["full-width"].append(
            fit(
                "ｈｔｔｐｓ：／／ｍｏｂｉｌｅ．ｙａｎｇｋｅｄｕｏ．ｃｏｍ／" * (size // 30 + 1),
                str(i),
            )
        )
        kinds["dotted run"].append(fit("a." * size, str(i)))
    return kinds


async def pipeline_p99(
    texts: dict[str, list[str]], repeats: int = 3
) -> tuple[float, float, dict[str, float]]:
    """The check_message pipeline over every text, each ``repeats`` times (as different members):
    (p99 wall-clock ms, p99 CPU ms, each kind's worst CPU ms).

    The CPU time of the event loop's thread is the time the message holds the loop; on a
    shared machine the wall clock adds whatever other processes (and the database's writer
    thread) take while the message is being checked."""
    from huzhu.core.engine import Engine
    from huzhu.core.events import Capabilities, Member, MessageEvent

    caps = Capabilities(platform="qq", delete=True, mute=True, kick=True)
    with tempfile.TemporaryDirectory(prefix="huzhu-bench-") as tmp:
        engine = Engine.from_settings(config_path=ROOT / "plugins.yaml", data_dir=tmp)
        await engine.start()
        try:
            gid = "qq:100"
            enabled = engine.resolver.group(gid).enabled
            wall: list[float] = []
            cpu: list[float] = []
            worst: dict[str, float] = {}
            n = 0
            for kind, items in texts.items():
                for text in items:
                    for _ in range(repeats):
                        n += 1
                        member = Member(f"qq:{n}", "m")
                        event = MessageEvent(gid, member, text, message_id=str(n), caps=caps)
                        c0, t0 = time.thread_time(), time.perf_counter()
                        await engine.caller.collect("check_message", gid, enabled, event=event)
                        wall.append((time.perf_counter() - t0) * 1000)
                        cpu.append((time.thread_time() - c0) * 1000)
                        worst[kind] = max(worst.get(kind, 0.0), cpu[-1])
        finally:
            await engine.close()
    return statistics.quantiles(wall, n=100)[98], statistics.quantiles(cpu, n=100)[98], worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--big", type=int, default=40, help="64 KB messages of each kind")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores (pinned to 1)")
    cfg = Config()
    rng = random.Random(5)
    shares = share_texts(args.n, rng)
    chat = [rng.choice(CHAT) + str(i % 7) for i in range(args.n)]  # distinct texts, no cache help
    scan(shares[0], cfg)  # load tables

    def full(text: str) -> None:
        scan(text, cfg)

    rows = []
    for name, texts in (("150-char share texts", shares), ("short chat", chat)):
        ours = measure(texts, full)
        naive = measure(texts, NAIVE.findall)
        rows.append((name, ours, naive))
    print(
        f"{'workload':<24}{'msg/s':>10}{'p50 µs':>9}{'p99 µs':>9}{'naive msg/s':>13}{'ours/naive':>12}"
    )
    for name, (rate, p50, p99), (nrate, _, _) in rows:
        print(f"{name:<24}{rate:>10,.0f}{p50:>9.1f}{p99:>9.1f}{nrate:>13,.0f}{rate / nrate:>12.2f}")
    ok = (
        rows[0][1][0] >= 20_000
        and rows[1][1][0] >= 20_000
        and rows[0][1][2] < 1000
        and rows[1][1][2] < 1000
    )
    print(f"{'PASS' if ok else 'FAIL'}  >= 20,000 msg/s and p99 < 1 ms on both workloads")
    from huzhu.core.requests.links import SCAN_LIMIT

    big = big_texts(64 * 1024, args.big, rng)
    asyncio.run(pipeline_p99({k: v[:2] for k, v in big.items()}, 1))  # warm up
    # start from a collected heap: the 40,000 texts above would otherwise make a full garbage
    # collection (a pause of the whole process, whatever message is being checked) land here
    del shares, chat
    gc.collect()
    gc.freeze()
    wall_p99, p99, worst = asyncio.run(pipeline_p99(big))
    base: dict[str, float] = {}
    for kind, items in big.items():  # the baseline: anti_scam reading each message whole
        t0 = time.perf_counter()
        scan(items[0], cfg, limit=None)
        base[kind] = (time.perf_counter() - t0) * 1000
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n64 KB messages through the whole check_message pipeline (plugins.yaml); "
          f"load average {load:.1f} on {os.cpu_count()} cores")  # fmt: skip
    print(f"{'kind':<30}{'worst CPU ms':>13}{'baseline: anti_scam reading it whole, ms':>42}")
    for kind in big:
        print(f"{kind:<30}{worst[kind]:>13.2f}{base[kind]:>42.1f}")
    big_ok = p99 < 5
    print(f"{'PASS' if big_ok else 'FAIL'}  64 KB message p99 {p99:.2f} ms of CPU (target < 5 ms; "
          f"wall clock {wall_p99:.2f} ms at this load); baseline up to {max(base.values()):.0f} ms")  # fmt: skip
    full = big_texts(SCAN_LIMIT, max(args.big // 4, 5), rng)
    full_wall, full_p99, full_worst = asyncio.run(pipeline_p99(full))
    print(f"{SCAN_LIMIT:,}-character messages (the longest read in full): p99 {full_p99:.2f} ms of CPU "
          f"(wall {full_wall:.2f} ms), worst {max(full_worst.values()):.2f} ms ({max(full_worst, key=full_worst.get)})")  # fmt: skip
    record("check_message pipeline p99, 64 KB message", round(p99, 2), "ms",
           baseline=f"anti_scam reading it whole: up to {max(base.values()):.0f} ms",
           ratio=max(base.values()) / p99 if p99 else None, target="< 5 ms", ok=big_ok)  # fmt: skip
    record(f"check_message pipeline p99, {SCAN_LIMIT:,}-char message", round(full_p99, 2), "ms")
    for name, (rate, _, p99), (nrate, _, _) in rows:
        record(f"anti-scam, {name}", round(rate), "msg/s", baseline=f"one regex: {nrate:,.0f} msg/s",
               ratio=rate / nrate, target=">= 20,000; p99 < 1 ms", ok=rate >= 20_000 and p99 < 1000)  # fmt: skip
        record(f"anti-scam p99, {name}", round(p99, 1), "µs", target="< 1,000 µs", ok=p99 < 1000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
