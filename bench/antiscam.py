"""anti_scam speed: messages/s and latency on one core, and bounded time on 100 KB messages.

    python bench/antiscam.py [--n 20000]

Runs the plugin's full check (links, phrases, personal data) the way
``check_message`` does, on 150-character share texts (each with a fresh
goods id, so no cache helps) and on short chat; the baseline in the same run
is one compiled regular expression of URL and keyword alternatives, i.e. what
a generic anti-spam filter does.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import string
import sys
import time

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=20000)
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
    big = ("帮我砍一刀 https://mobile.yangkeduo.com/x?goods_id=1 " * 2000)[:100_000]
    worst = ("a" * 99_990) + "@evil.cn/x"
    digits = " ".join("1234567890" for _ in range(9_000))[:100_000]
    for name, text in (
        ("100 KB of share texts", big),
        ("100 KB crafted run", worst),
        ("100 KB of digit groups", digits),
    ):
        t0 = time.perf_counter()
        scan(text, cfg)
        print(f"{name:<24}{(time.perf_counter() - t0) * 1000:>10.1f} ms")
    ok = (
        rows[0][1][0] >= 20_000
        and rows[1][1][0] >= 20_000
        and rows[0][1][2] < 1000
        and rows[1][1][2] < 1000
    )
    print(f"{'PASS' if ok else 'FAIL'}  >= 20,000 msg/s and p99 < 1 ms on both workloads")
    for name, (rate, _, p99), (nrate, _, _) in rows:
        record(f"anti-scam, {name}", round(rate), "msg/s", baseline=f"one regex: {nrate:,.0f} msg/s",
               ratio=rate / nrate, target=">= 20,000; p99 < 1 ms", ok=rate >= 20_000 and p99 < 1000)  # fmt: skip
        record(f"anti-scam p99, {name}", round(p99, 1), "µs", target="< 1,000 µs", ok=p99 < 1000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
