"""Recall per scam category and ham flagged, on labelled JSON-lines files, as members see it.

    python bench/antiscam_sets.py [--split held] [--show CATEGORY] FILE...

Each line: ``{"text": …, "label": …}`` with ``label`` a scam category (kefu, loan, police,
boss, zhuli) or ``ham``, or ``label`` "scam" with the category in ``category``; ``split``
optional. A message counts as flagged when ``check_message`` would review or block it. With no
files: the project's written files (tests/data/antiscam_written*.jsonl).
``--show ham`` prints the ham flagged, ``--show loan`` the loans let through.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from huzhu.core.scan import summarise
from huzhu.plugins.anti_scam import TEXTS, Config, scan, to_verdict

ROOT = Path(__file__).resolve().parents[1]
CATEGORIES = ("kefu", "loan", "police", "boss", "zhuli", "ham")


def verdict(text: str, cfg: Config) -> str:
    t = lambda k, **v: TEXTS.get("zh", k, **v)  # noqa: E731
    return summarise([to_verdict(t, f, "zh") for f in scan(text, cfg)])["verdict"]


def label(row: dict) -> str:
    return row.get("category", "") if row["label"] == "scam" else row["label"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--split")
    parser.add_argument("--show", action="append", default=[])
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "tests" / "data").glob("antiscam_written*.jsonl"))
    cfg = Config()
    for path in files:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        if args.split:
            rows = [r for r in rows if r.get("split") == args.split]
        total, flagged = Counter(), Counter()
        for row in rows:
            cat = label(row)
            got = verdict(row["text"], cfg) != "allow"
            total[cat] += 1
            flagged[cat] += got
            if cat in args.show and got == (cat == "ham"):
                print(f"   [{cat}{' flagged' if got else ' allowed'}] {row['text'][:160]!r}")
        parts = [f"{c} {flagged[c]}/{total[c]}" for c in CATEGORIES if total[c]]
        print(f"{path.stem:<28} " + "  ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
