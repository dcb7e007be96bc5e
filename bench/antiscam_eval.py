"""Evaluate the anti_scam plugin on the project's labelled corpus.

    python bench/antiscam_eval.py [--seed N] [--show-errors]

Prints, per category, how many items got the expected outcome, precision and
recall for the malicious categories, the false-positive rate for the
legitimate ones, and checks the targets of issue 5. Then the short openers of
issue 21 (``tests/data/antiscam_written14.jsonl``, its held split): each kind
flagged, and no hard short ham. Then English (``tests/data/antiscam_english.jsonl``):
scams of every mechanism and hard ham, read in an English group.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the corpus module

from antiscam_corpus import corpus
from figures import record

from huzhu.core.scan import summarise
from huzhu.plugins.anti_scam import TEXTS as T
from huzhu.plugins.anti_scam import Config, scan, to_verdict

LEGIT = ("share", "chatter", "lookalike_number")
#: short openers (15–60 characters) of the four scripts and hard short ham, round eight
OPENERS = Path(__file__).resolve().parents[1] / "tests" / "data" / "antiscam_written14.jsonl"
OPENER_KINDS = ("kefu", "loan", "police", "boss")


def judge(text: str, cfg: Config) -> str:
    """allow / review / block for one message from an established member."""
    verdicts = [to_verdict(lambda k, **v: T.get("zh", k, **v), f, "zh") for f in scan(text, cfg)]
    return summarise(verdicts)["verdict"]


#: issue 21: bank and lender SMS, a shop's refund reply, anti-fraud warnings and a group's
#: announcement (ham), and scams dressed as a notice or a warning; its held split is not tuned on
WRITTEN15 = Path(__file__).resolve().parents[1] / "tests" / "data" / "antiscam_written15.jsonl"


#: round nine (warnings9): owners' announcements, anti-fraud lessons listing the lines, property
#: warnings and members' stories, and scams dressed as warnings; its held split is not tuned on
WRITTEN17 = Path(__file__).resolve().parents[1] / "tests" / "data" / "antiscam_written17.jsonl"


def notices_and_warnings(
    cfg: Config, split: str = "held", path: Path = WRITTEN15
) -> tuple[int, int, int, int]:
    """(ham flagged, ham, scams flagged, scams) on one split of written15 (or ``path``)."""
    ham = ham_flagged = scams = caught = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split"] != split:
            continue
        flagged = judge(row["text"], cfg) != "allow"
        if row["label"] == "ham":
            ham, ham_flagged = ham + 1, ham_flagged + flagged
        else:
            scams, caught = scams + 1, caught + flagged
    return ham_flagged, ham, caught, scams


def evaluate(seed: int = 2026) -> dict[str, dict[str, float]]:
    """Per category: n, correct, flagged (not allowed), precision/recall or FP rate."""
    cfg = Config()
    by_cat: dict[str, Counter] = defaultdict(Counter)
    errors: list[tuple[str, str, str, str]] = []
    flagged_legit = 0
    flagged_total = 0
    for text, expected, category in corpus(seed):
        got = judge(text, cfg)
        c = by_cat[category]
        c["n"] += 1
        c["correct"] += got == expected
        c["flagged"] += got != "allow"
        if got != "allow":
            flagged_total += 1
            flagged_legit += category in LEGIT
        if got != expected:
            errors.append((category, expected, got, text))
    out: dict[str, dict[str, float]] = {}
    precision = 1 - flagged_legit / flagged_total if flagged_total else 1.0
    for category, c in by_cat.items():
        row = {"n": c["n"], "correct": c["correct"]}
        if category in LEGIT:
            row["false_positive_rate"] = c["flagged"] / c["n"]
        else:
            row["recall"] = c["correct"] / c["n"]
            row["allowed"] = c["n"] - c["flagged"]
        out[category] = row
    out["_all"] = {"precision": precision, "errors": errors}  # type: ignore[dict-item]
    return out


#: round nine: fresh short openers of the four kinds, loan ads sent as short lines, short ham
OPENERS16 = Path(__file__).resolve().parents[1] / "tests" / "data" / "antiscam_written16.jsonl"


def _per_label(path: Path, split: str, verdict: Callable[[str], str]) -> tuple[Counter, Counter]:
    """Per label of ``split`` of ``path``: rows, and rows ``verdict`` flags (anything but allow)."""
    total: Counter = Counter()
    flagged: Counter = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split"] == split:
            total[row["label"]] += 1
            flagged[row["label"]] += verdict(row["text"]) != "allow"
    return total, flagged


def openers(split: str = "held", path: Path = OPENERS) -> tuple[Counter, Counter]:
    """Per label of ``split`` of written14 (or ``path``): rows, and rows flagged (review or block)."""
    cfg = Config()
    return _per_label(path, split, lambda text: judge(text, cfg))


#: round ten (english10): English scams of every mechanism the Chinese rules read (codes, cards,
#: deposits, paid tasks, fake customer service, police and "safe accounts", screen sharing, a
#: boss on a new number, private chats, crypto) and hard English ham (chat, Temu/AliExpress/
#: Amazon/Shopee share texts, shop promotions, real bank and courier SMS, warnings); held not tuned on
ENGLISH = Path(__file__).resolve().parents[1] / "tests" / "data" / "antiscam_english.jsonl"


def english(split: str = "held", path: Path = ENGLISH) -> tuple[Counter, Counter]:
    """Per label ("scam", "ham") of ``split``: rows, and rows flagged in an English group."""
    cfg = Config()

    def verdict(text: str) -> str:
        found = scan(text, cfg, lang="en")
        return summarise([to_verdict(lambda k, **v: T.get("en", k, **v), f, "en") for f in found])[
            "verdict"
        ]

    return _per_label(path, split, verdict)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    result = evaluate(args.seed)
    overall = result.pop("_all")
    print(f"{'category':<18}{'n':>6}{'correct':>9}{'recall':>9}{'FP rate':>9}{'allowed':>9}")
    for category, row in sorted(result.items()):
        recall = f"{row['recall']:.1%}" if "recall" in row else "-"
        fp = f"{row['false_positive_rate']:.2%}" if "false_positive_rate" in row else "-"
        allowed = str(int(row["allowed"])) if "allowed" in row else "-"
        print(
            f"{category:<18}{int(row['n']):>6}{int(row['correct']):>9}{recall:>9}{fp:>9}{allowed:>9}"
        )
    print(f"precision of everything flagged: {overall['precision']:.1%}")
    ham_flagged, ham, caught, scams = notices_and_warnings(Config())
    ham2_flagged, ham2, caught2, scams2 = notices_and_warnings(Config(), "held2")
    ham3_flagged, ham3, caught3, scams3 = notices_and_warnings(Config(), "held3")
    print(f"notices and warnings (written15 held): {ham_flagged}/{ham} flagged, "
          f"scams dressed as them {caught}/{scams} flagged; "
          f"held2 {ham2_flagged}/{ham2} and {caught2}/{scams2}; "
          f"held3 {ham3_flagged}/{ham3} and {caught3}/{scams3}")  # fmt: skip
    w17 = notices_and_warnings(Config(), "held", WRITTEN17)
    w17_train = notices_and_warnings(Config(), "train", WRITTEN17)
    print(f"announcements, lessons and stories (written17 held): {w17[0]}/{w17[1]} flagged, "
          f"scams dressed as them {w17[2]}/{w17[3]}; train {w17_train[0]}/{w17_train[1]} and "
          f"{w17_train[2]}/{w17_train[3]}")  # fmt: skip
    checks = {
        "zero malicious links allowed": result["link_trick"]["allowed"] == 0,
        "zero legitimate share texts blocked": result["share"]["false_positive_rate"] == 0,
        "false-positive rate on chatter <= 0.5%": result["chatter"]["false_positive_rate"] <= 0.005,
        "scam recall >= 90%": result["scam"]["recall"] >= 0.9,
        # 2026-12-01 (precision8): 4 of 25 (held), 2 of 18 (held2), 4 of 17 (held3) on main
        "notices and warnings flagged <= 1 in each held split, disguised scams >= 7/8, 7/8, 5/6": (
            max(ham_flagged, ham2_flagged, ham3_flagged) <= 1
            and caught >= 7
            and caught2 >= 7
            and caught3 >= 5
        ),
        # 2026-12-01 (warnings9): held written before measuring, misses not read (main: 1/12, 4/4)
        "written17 held: announcements flagged <= 1, every disguised scam flagged": (
            w17[0] <= 1 and w17[1] >= 12 and w17[2] == w17[3] >= 4
        ),
    }
    total, flagged = openers()
    print("short openers (written14, held split): " + "  ".join(
        f"{k} {flagged[k]}/{total[k]}" for k in (*OPENER_KINDS, "ham")))  # fmt: skip
    scams = sum(total[k] for k in OPENER_KINDS)
    opener_recall = sum(flagged[k] for k in OPENER_KINDS) / scams if scams else 0.0
    checks["short openers flagged >= 75%, each kind >= 60%"] = opener_recall >= 0.75 and all(
        flagged[k] >= 0.6 * total[k] for k in OPENER_KINDS
    )
    checks["zero hard short ham flagged (written14)"] = total["ham"] > 0 and flagged["ham"] == 0
    # 2026-12-01 (openers9): main kefu 8/10, loan 11/14, police 10/10, boss 9/10, ham 0/21;
    # openers9 kefu 9/10, loan 14/14, police 10/10, boss 9/10, ham 0/21
    total16, flagged16 = openers("held", OPENERS16)
    print("short openers (written16, held split): " + "  ".join(
        f"{k} {flagged16[k]}/{total16[k]}" for k in (*OPENER_KINDS, "ham")))  # fmt: skip
    checks["written16 held: each kind of opener flagged >= 80%, no ham"] = (
        all(flagged16[k] >= 0.8 * total16[k] > 0 for k in OPENER_KINDS)
        and total16["ham"] > 0
        and flagged16["ham"] == 0
    )
    en_total, en_flagged = english()
    en_train, en_train_flagged = english("train")
    print(f"English (antiscam_english held): scams {en_flagged['scam']}/{en_total['scam']} flagged, "
          f"ham {en_flagged['ham']}/{en_total['ham']}; train {en_train_flagged['scam']}/"
          f"{en_train['scam']} and {en_train_flagged['ham']}/{en_train['ham']}")  # fmt: skip
    # 2026-12-01 (english10): before 2/37 and 1/64 (only personal data was read); after 36/37, 1/64
    checks["English held: scams flagged >= 90%, ham flagged <= 1"] = (
        en_total["scam"] >= 30
        and en_flagged["scam"] >= 0.9 * en_total["scam"]
        and en_total["ham"] >= 60
        and en_flagged["ham"] <= 1
    )
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    record("anti-scam scam recall (labelled corpus)", round(result["scam"]["recall"] * 100, 1), "%",
           baseline=f"precision {overall['precision']:.1%}", target=">= 90%",
           ok=result["scam"]["recall"] >= 0.9)  # fmt: skip
    record("anti-scam short openers flagged (written14 held)", round(opener_recall * 100, 1), "%",
           baseline=f"ham {flagged['ham']}/{total['ham']}", target=">= 75%, no ham",
           ok=opener_recall >= 0.75 and flagged["ham"] == 0)  # fmt: skip
    if args.show_errors:
        for category, expected, got, text in overall["errors"]:
            print(f"  [{category}] expected {expected}, got {got}: {text[:90]!r}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
