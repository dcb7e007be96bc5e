"""Train the anti_scam script model and report it on material it was not trained on.

    python bench/antiscam_train.py [--seed 1] [--write] [--show-errors]

Needs scikit-learn (the ``test`` extra); the plugin itself never imports it.
Trains a multinomial logistic regression over the features the plugin reads
(``huzhu.plugins.anti_scam.scripts.ngrams``: character 2/3-grams of the folded
text, and the stage concepts named in it) on the ``train`` split of
``antiscam_scripts``, the train splits of the written files, the lead's dev8 and
dev9 files, plus the project's legitimate share texts and chat; every written
text also disguised twice and once as a speech transcript (no punctuation,
fillers, numbers read out); keeps the strongest features, and prints per category, on the ``held``
split (wording never used in training) and on the committed held-out files
``tests/data/antiscam_heldout.jsonl`` (written separately) and
``tests/data/antiscam_public.jsonl`` (scripts as public police warnings and
news reports quote them, reworded, with their sources), never trained on:
precision and recall of the whole check (phrase rules, concept rules and the
model, as ``check_message`` judges), and the false-positive rate on ham.
The model's thresholds (``review_at``: it flags a text alone from this
probability; ``veto``: below this it overrules a concept rule; ``alone_at``: it
flags a text with one stage's words from this one) are chosen on five validation
splits of the written texts (each text in one, the model fitted without it), a
ham flagged costing ten scams, and ship in the model file.
``--write`` replaces ``plugins/anti_scam/script_model.json.gz`` (the same bytes
from one run to the next).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import zlib
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from antiscam_corpus import chatter, shares
from antiscam_scripts import CATEGORIES, labelled, obfuscate

from huzhu.core.scan import summarise
from huzhu.plugins.anti_scam import TEXTS, Config, scan, scripts, to_verdict
from huzhu.plugins.anti_scam.phrases import fold
from huzhu.plugins.anti_scam.textnorm import scan_view

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "plugins" / "anti_scam" / scripts.MODEL_FILE
HELDOUT = ROOT / "tests" / "data" / "antiscam_heldout.jsonl"
#: scripts as police warnings and news reports quote them, reworded, each with its source URL
PUBLIC = ROOT / "tests" / "data" / "antiscam_public.jsonl"
#: whole scripts and hard ham written for the project (2026-11-30), each marked train or held
WRITTEN = ROOT / "tests" / "data" / "antiscam_written.jsonl"
#: a second batch written after the first retraining, never trained on (its first reading:
#: kefu 8/8, loan 7/8, police 7/8, boss 7/8 flagged, 1 of 30 ham; the rules were then fixed)
FRESH = ROOT / "tests" / "data" / "antiscam_written2.jsonl"
#: a third batch (train only), written after reading the misses on a hand-written dev file: SMS-style
#: notices with a number or link, loan ads, 校园贷注销, a new account asking for a code, fee groups
THIRD = ROOT / "tests" / "data" / "antiscam_written3.jsonl"
#: a fourth batch, split BY FILE before any tuning (2026-11-30): long multi-turn loan and fake 客服
#: scripts (会员自动续费, 百万保障, 航班取消, 学生账户注销, 刷流水, 会员费), paraphrases that avoid the
#: usual words, pinyin / traditional / spaced / emoji-split spellings, and hard ham (members talking
#: about loans, refunds, police notices, 反诈 reminders, shops' real refund SMS). written4 is trained
#: on; written5 was never read while the rules were tuned and is only reported
FOURTH = ROOT / "tests" / "data" / "antiscam_written4.jsonl"
FOURTH_HELD = ROOT / "tests" / "data" / "antiscam_written5.jsonl"
#: a fifth batch (2026-11-30, round 5): loans and fake 客服 of every kind (放款前交费 in many
#: wordings, 提额/激活额度 SMS, 流水, 解冻, 会员费) and hard ham (mortgage, 公积金, 信用卡 and refund
#: talk); its held split was read once before any tuning, its train split includes the probes
#: written after that reading
SIXTH = ROOT / "tests" / "data" / "antiscam_written6.jsonl"
#: a sixth batch (2026-12-01, round 6): loans by fee after approval, repayment "tests", card
#: security codes, lending-app invite codes, credit offers by link or private chat, and ham of
#: real dealings at a bank counter or a 派出所; its held split is not tuned on. Not trained on:
#: a model trained with its train split (round 6) flagged one more written5 ham, so it was not shipped
SEVENTH = ROOT / "tests" / "data" / "antiscam_written7.jsonl"
#: the stage concepts named in a text are features too (model10)
NAMED = True
KEEP = 12000  # features shipped, the strongest by their largest class weight (model10: was 6,000)
#: boss block (boss6, 2026-12-01): impersonated bosses, teachers, relatives and old friends, and hard
#: ham (AA, 报销, family money, new numbers); its held split was measured once before the boss rules
EIGHTH = ROOT / "tests" / "data" / "antiscam_written8.jsonl"
#: round seven (antiscam7, 2026-12-01): loans, bosses, relatives, teachers and classmates as pasted
#: chat turns, speech, Chinese numerals and plain words without the stock ones, and hard ham (family
#: money, AA, teachers' fees through the school's system, warnings); its held split is not tuned on.
#: Its train split holds seven probe batches too. A retrain with it (shipped model kept) flagged
#: written9 held ham 1 -> 2 of 38 and written5 ham 0 -> 1 of 60, so it was not shipped; with the
#: tenth batch held too, --c 50 took written9's held loan 27 -> 31 of 32 and boss 31 -> 33 of 33 but
#: its ham 1 -> 2 of 58 and written5's 0 -> 1 of 60 (--c 5: ham 4 of 58), so neither was shipped
NINTH = ROOT / "tests" / "data" / "antiscam_written9.jsonl"
#: written13, model7 (2026-12-01; written as its tenth file, renamed beside police7's written10):
#: train only — bosses, teachers, relatives, classmates and friends asking for money, police by 医保局/通信管理局/快递违禁品/视频笔录, loans and 客服, and ham of everyday talk
#: that names loans, bosses, teachers, transfers, refunds and police, notices and warnings
TENTH = ROOT / "tests" / "data" / "antiscam_written13.jsonl"
#: model7's probe (held only, never trained on nor tuned on): 10 police, 10 boss, 20 hard ham in
#: wordings unlike written13's; first read with main's model police 9/10, boss 8/10, ham 0/20
ELEVENTH = ROOT / "tests" / "data" / "antiscam_written11.jsonl"
#: a second probe (held only): 12 police by other offices (反诈中心, 市场监管, 法院执行局, 社保,
#: 禁毒, 纪委, 数字人民币), 12 boss, 16 ham; first read: main and this branch police 10/12, boss
#: 12/12, ham 0/16 (police misses scored 0.67-0.70 by the model, under its review_at)
TWELFTH = ROOT / "tests" / "data" / "antiscam_written12.jsonl"


#: the train splits of the later written files (their held splits stay out: antiscam_eval.py and
#: antiscam_sets.py report them), first trained on by model10
LATER = [ROOT / "tests" / "data" / f"antiscam_written{n}.jsonl" for n in (7, 10, 14, 15, 16, 17)]
#: the lead's development sets of rounds eight and nine (model10: trained on; round ten's is not)
DEV = [ROOT / "tests" / "data" / f"antiscam_dev{n}.jsonl" for n in (8, 9)]


def labelled_file(path: Path, split: str | None = None) -> list[tuple[str, str]]:
    """(text, ham or a model class) of a labelled file, any of its layouts (label a category, or
    "scam" with ``category`` or ``kind``); rows of other categories (刷单) are left out."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        if split is not None and d.get("split") != split:
            continue
        label = d["label"]
        if label == "scam":
            label = d.get("category") or d.get("kind", "")
        if label == "ham" or label in CATEGORIES:
            out.append((d["text"], label))
    return out


def features(texts: list[str]) -> tuple[csr_matrix, list[str]]:
    """The model's input: each text's n-grams present, scaled by 1/sqrt(how many)."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, text in enumerate(texts):
        grams = scripts.ngrams(fold(scan_view(text)), NAMED)
        w = 1.0 / np.sqrt(max(1, len(grams)))
        for g in sorted(grams):  # (a set's order changes with each run's string hashing)
            rows.append(i)
            cols.append(vocab.setdefault(g, len(vocab)))
            vals.append(w)
    names = [""] * len(vocab)
    for g, j in vocab.items():
        names[j] = g
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), len(vocab))), names


def train(items: list[tuple[str, str]], c: float = 50.0, ham_weight: float = 1.0) -> dict:
    """Fit and prune; the result is what the plugin loads. Classes are balanced, then ham
    weighs ``ham_weight`` times more (a false positive on a member is worse than a miss)."""
    x, names = features([t for t, _ in items])
    y = [label for _, label in items]
    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    clf.fit(x, y, sample_weight=[ham_weight if label == "ham" else 1.0 for label in y])
    coef = clf.coef_.T  # (n-grams, classes)
    strength = np.abs(coef).max(axis=1)
    keep = np.argsort(-strength)[:KEEP]
    keep.sort()
    return {
        "named": NAMED,
        "classes": list(clf.classes_),
        "ngrams": [names[j] for j in keep],
        "weights": [round(float(v), 3) for v in coef[keep].ravel()],
        "bias": [round(float(v), 3) for v in clf.intercept_],
    }


def validation(items: list[tuple[str, str]], fold: int, share: int = 5) -> tuple[list, list]:
    """(fit, validation): one text in ``share`` by a hash of its wording, the same every run."""
    val = [(t, lab) for t, lab in items if zlib.crc32(t.encode()) % share == fold]
    return [(t, lab) for t, lab in items if zlib.crc32(t.encode()) % share != fold], val


#: the thresholds tried on the validation split (the model's own: flag alone, overrule a rule)
REVIEW_GRID = [round(0.5 + 0.05 * i, 2) for i in range(10)]
#: (model10: up to 0.15, was 0.3: on the held splits and dev8/dev9 with a model not trained on
#: them, veto 0.3 overruled 3 more rule hits on scams than 0.15 and spared no ham — scripts in new
#: wording score low; the validation splits, worded like the training texts, do not show it)
VETO_GRID = [0.05, 0.1, 0.15]


def flagged_on(data: dict, val: list[tuple[str, str]]) -> dict[tuple[float, float], Counter]:
    """For each pair of thresholds tried, the scams and ham of ``val`` the whole check flags."""
    cfg = Config()
    base = scripts.load_model(data)
    original = scripts.model
    out: dict[tuple[float, float], Counter] = {}
    try:
        for r in REVIEW_GRID:
            for v in VETO_GRID:
                m = replace(base, review_at=r, veto=v)
                scripts.model = lambda m=m: m  # type: ignore[assignment]
                out[r, v] = Counter(
                    "ham" if label == "ham" else "scam"
                    for text, label in val
                    if judge(text, cfg)[0] != "allow"
                )
    finally:
        scripts.model = original  # type: ignore[assignment]
    return out


def thresholds(
    tables: list[dict[tuple[float, float], Counter]],
    n: Counter,
    slack: int = 0,
    ham_cost: float = 10.0,
) -> tuple[float, float]:
    """``review_at`` and ``veto`` for the least cost over the validation splits: each ham
    flagged costs ``ham_cost`` scams (model10: was "the fewest ham, whatever the scams", which
    with the later files' hard ham gave up 28 validation scams for 2 ham), ``slack`` scams more
    allowed; of the pairs as good, the one where the model
    changes the rules' verdict least: the highest ``review_at`` (a false positive on a member is
    worse than a miss), then the lowest ``veto`` (on wording unlike any it was trained on, the
    model is unsure and should not overrule a rule that fired)."""
    total = {pair: sum((t[pair] for t in tables), Counter()) for pair in tables[0]}
    for r in REVIEW_GRID:
        print(f"  review_at {r}: " + ", ".join(f"veto {v} {total[r, v]['scam']}/{total[r, v]['ham']}"
                                              for v in VETO_GRID))  # fmt: skip
    cost = {p: ham_cost * total[p]["ham"] - total[p]["scam"] for p in total}
    least = min(cost.values())
    good = [p for p in total if cost[p] <= least + slack]
    best = max(good, key=lambda p: (p[0], -p[1]))
    print(f"validation ({len(tables)} splits, each text in one): {n['scam']} scams, {n['ham']} ham; "
          f"review_at {best[0]}, veto {best[1]}: {total[best]['scam']} scams and "
          f"{total[best]['ham']} ham flagged (ham flagged by the other rules included)")  # fmt: skip
    return best


#: tried for ``alone_at`` (a text with one stage's words, flagged by the model alone); 1.01: never
ALONE_GRID = [0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01]


def flagged_alone(
    data: dict, val: list[tuple[str, str]], review_at: float, veto: float
) -> dict[float, Counter]:
    """For each ``alone_at`` tried (the other two chosen), the scams and ham of ``val`` flagged."""
    cfg = Config()
    base = replace(scripts.load_model(data), review_at=review_at, veto=veto)
    original = scripts.model
    out: dict[float, Counter] = {}
    try:
        for a in ALONE_GRID:
            m = replace(base, alone_at=a)
            scripts.model = lambda m=m: m  # type: ignore[assignment]
            out[a] = Counter(
                "ham" if label == "ham" else "scam"
                for text, label in val
                if judge(text, cfg)[0] != "allow"
            )
    finally:
        scripts.model = original  # type: ignore[assignment]
    return out


def alone_threshold(tables: list[dict[float, Counter]], n: Counter, margin: float = 0.1) -> float:
    """The lowest ``alone_at`` that flags no more validation ham than never flagging alone, raised
    by ``margin`` (the validation texts are like the training ones; new wording scores lower on
    scams and higher on ham), or 1.01 (never) if it brings no scam."""
    total = {a: sum((t[a] for t in tables), Counter()) for a in ALONE_GRID}
    print(
        "  alone_at: " + ", ".join(f"{a} {total[a]['scam']}/{total[a]['ham']}" for a in ALONE_GRID)
    )
    never = total[ALONE_GRID[-1]]
    ok = [a for a in ALONE_GRID if total[a]["ham"] <= never["ham"]]
    best = min(ok)
    if total[best]["scam"] <= never["scam"]:
        return ALONE_GRID[-1]
    chosen = min(round(best + margin, 2), 0.95)
    print(f"alone_at {chosen} (lowest with no more ham {best}, +{margin}): "
          f"{total[best]['scam'] - never['scam']} more of {n['scam']} scams at {best}")  # fmt: skip
    return chosen


def judge(text: str, cfg: Config) -> tuple[str, str, list[str]]:
    """(allow/review/block, the script category named or "", reasons) as check_message judges."""
    t = lambda k, **v: TEXTS.get("zh", k, **v)  # noqa: E731
    found = scan(text, cfg)
    s = summarise([to_verdict(t, f, "zh") for f in found])
    kind = next((f.values["kind"] for f in found if f.rule == "anti_scam.script"), "")
    return s["verdict"], kind, s["reasons"]


def report(name: str, items: list[tuple[str, str]], show: bool = False) -> dict[str, dict]:
    """Per category precision/recall (flagged = review or block) and the ham FP rate."""
    cfg = Config()
    flagged: Counter = Counter()
    total: Counter = Counter()
    named: Counter = Counter()  # texts the script check named as this category
    named_right: Counter = Counter()
    severe: Counter = Counter()
    errors = []
    for text, label in items:
        verdict, kind, reasons = judge(text, cfg)
        total[label] += 1
        if verdict != "allow":
            flagged[label] += 1
        if kind:
            named[kind] += 1
            named_right[kind] += kind == label
        severe[label] += verdict == "block"
        if (verdict != "allow") != (label != "ham"):
            errors.append((label, verdict, text, reasons))
    scam_flagged = sum(flagged[c] for c in CATEGORIES)
    precision = scam_flagged / (scam_flagged + flagged["ham"]) if scam_flagged else 0.0
    out: dict[str, dict] = {}
    print(f"\n{name}: {len(items)} texts")
    print(
        f"  {'category':<8}{'n':>6}{'flagged':>9}{'recall':>9}{'removed':>9}{'named':>7}{'precision':>11}"
    )
    for c in CATEGORIES:
        if total[c]:
            prec = named_right[c] / named[c] if named[c] else float("nan")
            out[c] = {"n": total[c], "recall": flagged[c] / total[c], "precision": prec}
            print(f"  {c:<8}{total[c]:>6}{flagged[c]:>9}{flagged[c] / total[c]:>9.1%}"
                  f"{severe[c]:>9}{named[c]:>7}{prec:>11.1%}")  # fmt: skip
    print(
        "  (flagged: held for review or removed; named: the script check called it this "
        "category; precision: how many of those were)"
    )
    fp = flagged["ham"] / total["ham"] if total["ham"] else 0.0
    out["ham"] = {"n": total["ham"], "fp_rate": fp}
    recall = scam_flagged / max(1, sum(total[c] for c in CATEGORIES))
    out["_all"] = {"precision": precision, "recall": recall}
    print(f"  ham FP rate {fp:.2%} ({flagged['ham']} of {total['ham']}); "
          f"precision {precision:.1%}, recall {recall:.1%} over all scam categories")  # fmt: skip
    if show:
        for label, verdict, text, reasons in errors:
            print(f"  [{label} → {verdict}] {text[:120]!r} {reasons[:1]}")
    return out


def heldout_file(path: Path = HELDOUT, split: str | None = None) -> list[tuple[str, str]]:
    """A committed held-out file (never trained on), or one ``split`` of the written file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = map(json.loads, filter(None, lines))
    return [(d["text"], d["label"]) for d in rows if split is None or d.get("split") == split]


def disguised(items: list[tuple[str, str]], seed: int, copies: int = 1) -> list[tuple[str, str]]:
    """Each text as scammers disguise it (traditional characters, spacing, emoji, pinyin)."""
    rng = random.Random(seed)
    return [(obfuscate(t, rng), label) for t, label in items for _ in range(copies)]


#: what a speech recogniser writes between a caller's phrases (either side of a call says them)
FILLERS = ["嗯", "啊", "呃", "那个", "就是", "然后", "对", "哦", "这个", "嗯嗯", "对对"]
_CN_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")
_PHRASE_END = "，。！？；：、,.!?;:\n"


def spoken(text: str, rng: random.Random) -> str:
    """The text as a speech transcript writes it: no punctuation, phrases run on with a space,
    fillers between some of them, and numbers read out digit by digit (一三八, 工号三七五)."""
    out: list[str] = []
    for ch in text:
        if ch in _PHRASE_END:
            out.append(" ")
            if rng.random() < 0.35:
                out.append(rng.choice(FILLERS) + " ")
        else:
            out.append(ch)
    said = "".join(out)
    if rng.random() < 0.6:
        said = said.translate(_CN_DIGITS)
    return said


def spoken_items(items: list[tuple[str, str]], seed: int, copies: int = 1) -> list[tuple[str, str]]:
    """Each text of ``items`` (scams and ham alike) as a transcript: speech is no sign of either."""
    rng = random.Random(seed + 2)
    return [(spoken(t, rng), label) for t, label in items for _ in range(copies)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="replace the shipped model")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--save", type=Path, help="write the trained model here (not shipped)")
    parser.add_argument("--c", type=float, default=50.0, help="inverse regularisation strength")
    parser.add_argument("--slack", type=float, default=0.0,
                        help="share of validation scams the thresholds may give up to be higher")  # fmt: skip
    parser.add_argument("--folds", type=int, default=5, help="validation splits (thresholds)")
    parser.add_argument("--ham-weight", type=float, default=1.0, help="ham's weight over balanced")
    parser.add_argument("--extra", nargs="*", default=[], metavar="JSONL",
                        help="more labelled files to train on (text, label, category)")  # fmt: skip
    parser.add_argument("--ham-cost", type=float, default=10.0,
                        help="scams one ham flagged on validation is worth (thresholds)")  # fmt: skip
    parser.add_argument(
        "--spoken", type=int, default=1, help="transcript copies of each written text"
    )
    parser.add_argument("--old-data", action="store_true", help="model7's training files only")
    parser.add_argument("--no-dev", action="store_true", help="leave out the dev8/dev9 files")
    parser.add_argument(
        "--smoke", action="store_true", help="a small sample (make test: it runs; never --write)"
    )
    args = parser.parse_args()
    if args.smoke and args.write:
        parser.error("--smoke trains on a sample: it cannot --write the shipped model")

    def take(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return random.Random(args.seed).sample(items, min(len(items), 40)) if args.smoke else items

    rng = random.Random(args.seed)
    legit = [(t, "ham") for t, expected, _ in [*shares(rng), *chatter()] if expected == "allow"]
    written = heldout_file(WRITTEN, "train") + heldout_file(THIRD, "train") + heldout_file(FOURTH)
    written += heldout_file(SIXTH, "train")
    written += heldout_file(EIGHTH, "train")  # boss block (boss6)
    written += heldout_file(NINTH, "train")  # round seven
    written += heldout_file(TENTH, "train")  # model7
    if not args.old_data:
        written += [item for path in LATER for item in labelled_file(path, "train")]
        if not args.no_dev:
            written += [item for path in DEV for item in labelled_file(path)]
    for path in args.extra:  # labelled files of earlier rounds' held-out sets, now development sets
        rows = map(json.loads, filter(None, Path(path).read_text(encoding="utf-8").splitlines()))
        written += [(d["text"], d["category"] if d["label"] == "scam" else "ham") for d in rows]
    generated = labelled("train", args.seed, *((20, 100) if args.smoke else ()))
    generated_disguised = disguised(rng.sample(generated, min(600, len(generated))), args.seed + 1)

    def fit(written: list[tuple[str, str]]) -> dict:
        items = generated + legit + written * 3 + disguised(written, args.seed, 2)
        items += generated_disguised + spoken_items(written, args.seed, args.spoken)
        items = random.Random(args.seed).sample(items, 200) if args.smoke else items
        return train(items, args.c, args.ham_weight)

    # the thresholds: a model fitted without one written text in five, judged on those, five
    # times over (each text in one validation split), the counts summed
    splits = [validation(written, k, args.folds) for k in range(args.folds)]
    vals = [take(val) for _, val in splits]
    fitted = [fit(rest) for rest, _ in splits]
    tables = [flagged_on(m, val) for m, val in zip(fitted, vals, strict=True)]
    n = Counter("ham" if label == "ham" else "scam" for val in vals for _, label in val)
    review_at, veto = thresholds(tables, n, round(args.slack * n["scam"]), args.ham_cost)
    alone = [flagged_alone(m, val, review_at, veto) for m, val in zip(fitted, vals, strict=True)]
    alone_at = alone_threshold(alone, n)
    data = fit(written)  # then the model on all of it, with the thresholds chosen
    data["review_at"], data["veto"] = review_at, veto
    if alone_at <= 1:
        data["alone_at"] = alone_at
    held_gen = take(labelled("held", args.seed + 1000, *((5, 20) if args.smoke else (150, 1500))))
    if args.write:
        MODEL.write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False).encode(), mtime=0))
        print(f"wrote {MODEL.relative_to(ROOT)} ({MODEL.stat().st_size // 1024} KB, "
              f"{len(data['ngrams'])} n-grams)")  # fmt: skip
    if args.save:
        args.save.write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False).encode(), mtime=0))
    # judge with the model just trained (the shipped one unless --write)
    trained = scripts.load_model(data)
    original = scripts.model
    scripts.model = lambda: trained  # type: ignore[assignment]
    try:
        report("held-out split (wording not used in training)", held_gen, args.show_errors)
        report("written6, held split (never trained on)", take(heldout_file(SIXTH, "held")),
               args.show_errors)  # fmt: skip
        report("written7, held split (never trained on)", take(heldout_file(SEVENTH, "held")))
        report("written8, held split (boss; never trained on)", take(heldout_file(EIGHTH, "held")))
        report("written9, held split (never trained on)", take(heldout_file(NINTH, "held")))
        report("written11 (held; never trained on)", take(heldout_file(ELEVENTH, "held")))
        report("written12 (held; never trained on)", take(heldout_file(TWELFTH, "held")))
        for path in LATER[1:]:  # model10: their train splits are trained on, never these
            for split in ("held", "held2", "held3"):
                if rows := take(labelled_file(path, split)):
                    report(f"{path.stem[9:]}, {split} split (never trained on)", rows)
        held = take(heldout_file(WRITTEN, "held"))
        report("written, held split (never trained on)", held, args.show_errors)
        report("written, held split, disguised", disguised(held, 7), args.show_errors)
        # the file held out of tuning: its misses are not printed (so they are not read)
        report(f"file {FOURTH_HELD.relative_to(ROOT)} (held out of tuning and training)",
               take(heldout_file(FOURTH_HELD)))  # fmt: skip
        for path in (FRESH, HELDOUT, PUBLIC):
            report(f"file {path.relative_to(ROOT)} (in-sample for the rules)", take(heldout_file(path)),
                   args.show_errors)  # fmt: skip
    finally:
        scripts.model = original  # type: ignore[assignment]
    return 0


if __name__ == "__main__":
    sys.exit(main())
