"""Build ``plugins/anti_scam/homophones.txt.gz``: the sound-alike slips of the words the
anti_scam checks read (offline; pypinyin and jieba are not dependencies of huzhu).

    pip download --no-deps -d /tmp/hp pypinyin jieba   # unpack both, then
    python tools/antiscam_homophones.py PINYIN_DICT_JSON JIEBA_DICT_TXT [--out FILE]

A speech recogniser (and a scammer dodging a filter) writes a word by its sound: 理培 for 理赔,
支付包 for 支付宝, 验正码, 正信, 平幕, 备用经. The file holds ``WORDS``; the ``--chars`` most
frequent characters (jieba's ``dict.txt``) in classes of one sound (their most common reading
in pypinyin's ``pinyin_dict.json``, tones ignored, in/ing and en/eng not told apart); the real
words of jieba's dictionary (frequency 20 or more) that sound like one of ``WORDS`` with one
character changed (会意 stays 会意, 客户 stays 客户); and the two-character words (frequency
``--pairs`` or more) that could join a two-character slip to its neighbour ("管理培训" holds 理培
only across 管理|培训, and ``textnorm.heard`` leaves it alone), and the ``FREQUENT`` most frequent
characters (a two-character slip that keeps one of them, 会原 of 会员, is read as it is).
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "plugins" / "anti_scam" / "homophones.txt.gz"
#: a two-character slip that keeps one of the characters most used alone is no slip: "会原路"
#: is 会 + 原路, not 会员 misheard
FREQUENT = 100
#: the words of the scripts' stages whose slips matter: who speaks, the pretext, the demand
_WORDS = """
支付宝 微信 验证码 银行卡 征信 理赔 赔偿 赔付 退款 客服 售后 屏幕 共享 屏幕共享 腾讯会议 会议 会议号 备用金
借呗 花呗 白条 金条 微粒贷 安全账户 监管账户 对公账户 账户 账号 转账 汇款 注销 冻结 解冻 额度 保证金 手续费
解冻金 流水 贷款 网贷 校园贷 放款 下款 逾期 公安 警官 民警 派出所 检察院 法院 通缉 逮捕 涉嫌 洗钱 案件 传票
笔录 保密 身份证 密码 扣费 续费 会员 百万保障 代理商 学生账户 核查 清查 资金 远程 下载 链接 二维码 收款码
信用卡 余额 快递 包裹 丢失 质量 问题 运费 激活 认证 审核 审批 风控 专员 工号 验证 刷流水 还款 借款 利息
征信报告 清白 配合 调查 拘留 冻结令 取保候审 通管局 医保卡 社保卡 海关 违禁品 护照 老师 班主任 领导 经理
新号 换号 垫付 急用 周转
"""
WORDS = _WORDS.split()


def _reading(entry: str) -> str:
    """A character's first (most common) reading without its tone, in/ing and en/eng merged."""
    p = entry.split(",")[0]
    p = "".join(ch for ch in unicodedata.normalize("NFD", p) if not unicodedata.combining(ch))
    p = p.replace("ü", "v")
    return p[:-1] if p.endswith(("ing", "eng")) else p


def build(
    pinyin_json: Path, jieba_dict: Path, chars: int, pair_freq: int
) -> tuple[str, list, list, str]:
    """The sound classes (one line of characters each, the first one its name), the real words
    one character off a word of ``WORDS`` by sound, and the pairs."""
    pin = json.loads(pinyin_json.read_text(encoding="utf-8"))
    words: dict[str, int] = {}
    freq: collections.Counter[str] = collections.Counter()
    for line in jieba_dict.read_text(encoding="utf-8").splitlines():
        w, f, *_ = line.split(" ")
        words[w] = int(f)
        for c in w:
            freq[c] += int(f)
    common = [c for c, _ in freq.most_common(chars) if "\u4e00" <= c <= "\u9fff"]
    common += [c for w in WORDS for c in w if c not in common]
    classes: dict[str, list[str]] = collections.defaultdict(list)
    for c in common:  # by frequency: each class is named by its most frequent character
        if str(ord(c)) in pin:
            classes[_reading(pin[str(ord(c))])].append(c)
    table = {c: members[0] for members in classes.values() for c in members}
    sound = lambda w: "".join(table.get(c, c) for c in w)  # noqa: E731
    keys = {sound(k): k for k in WORDS}
    # real words that sound like one of WORDS and differ from it in one character: not slips
    real = sorted(
        w for w, f in words.items()
        if f >= 20 and w not in WORDS and (k := keys.get(sound(w))) is not None
        and sum(a != b for a, b in zip(w, k, strict=True)) == 1
    )  # fmt: skip
    first = {table.get(k[0], k[0]) for k in WORDS if len(k) == 2}
    last = {table.get(k[-1], k[-1]) for k in WORDS if len(k) == 2}
    pairs = sorted(
        w for w, f in words.items()
        if len(w) == 2 and f >= pair_freq and all("\u4e00" <= ch <= "\u9fff" for ch in w)
        and (table.get(w[1], w[1]) in first or table.get(w[0], w[0]) in last)
    )  # fmt: skip
    lines = "\n".join("".join(m) for m in classes.values() if len(m) > 1)
    alone = sorted(
        (w for w in words if len(w) == 1 and "\u4e00" <= w <= "\u9fff"), key=words.__getitem__
    )
    frequent = "".join(alone[::-1][:FREQUENT])  # the characters most used as a word by themselves
    return lines, real, pairs, frequent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pinyin_json", type=Path)
    ap.add_argument("jieba_dict", type=Path)
    ap.add_argument("--chars", type=int, default=3000)
    ap.add_argument("--pairs", type=int, default=30)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    classes, real, pairs, frequent = build(a.pinyin_json, a.jieba_dict, a.chars, a.pairs)
    with gzip.open(a.out, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("#words\n" + " ".join(WORDS) + "\n#classes\n" + classes + "\n#real\n")
        out.writelines(" ".join(real[i : i + 40]) + "\n" for i in range(0, len(real), 40))
        out.write("#frequent\n" + frequent + "\n#pairs\n")
        out.writelines(" ".join(pairs[i : i + 40]) + "\n" for i in range(0, len(pairs), 40))
    print(f"{len(WORDS)} words, {classes.count(chr(10)) + 1} classes, {len(real)} real words, "
          f"{len(pairs)} pairs -> {a.out}")  # fmt: skip


if __name__ == "__main__":
    main()
