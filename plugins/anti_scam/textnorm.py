"""Normalise what members type so tricks do not hide links, words or numbers.

``scan_view(text)`` is what every check reads; the raw text is kept by the
caller for display. Steps: NFKC (full-width → ASCII, ① → 1), drop zero-width
and other format characters, turn dot look-alikes into dots (``。``, ``(.)``,
``[.]``), and join a link that was split across lines.

``switched(folded)`` writes the English words of a code-switched message in Chinese ("CEO 陈总
让我 notify 你：一笔 urgent 付款，收款方信息我 DM 你" → 通知, 紧急, 私信), and ``heard(folded)`` undoes the slips of a speech recogniser, or of a scammer writing by sound,
in the words the script checks read (理培 → 理赔, 支付包 → 支付宝, 验正码 → 验证码): the
table of ``homophones.txt.gz`` (``tools/antiscam_homophones.py``), read on first use.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import cache, lru_cache
from importlib.resources import files

import ahocorasick

from huzhu.core.requests import unicode_tables
from huzhu.core.requests.links import INVISIBLE, class_body

# every format character (Cf: zero-width, direction marks, soft hyphen …), deleted by
# translate(), and the BMP's invisible ones: from the tables kept for this Unicode version
# (computing them walks 200,000 code points, a tenth of a second at start-up), else computed
if unicodedata.unidata_version == unicode_tables.VERSION:
    _FORMAT_CHARS = frozenset(map(chr, unicode_tables.expand(unicode_tables.FORMAT)))
    _INVISIBLE_CHARS = frozenset(map(chr, unicode_tables.expand(unicode_tables.INVISIBLE_BMP)))
else:
    _FORMAT_CHARS = frozenset(map(chr, unicode_tables.format_codes()))
    _INVISIBLE_CHARS = frozenset(chr(c) for c in range(0x10000) if INVISIBLE.match(chr(c)))
_DOT_CHARS = "。｡︒・·•"
_SPECIAL = _FORMAT_CHARS | _INVISIBLE_CHARS | frozenset(_DOT_CHARS)
_TABLE = {
    **dict.fromkeys(map(ord, _FORMAT_CHARS | _INVISIBLE_CHARS)),
    **{ord(c): "." for c in _DOT_CHARS},
}


def _char_class(chars: frozenset[str]) -> re.Pattern[str]:
    """One regular expression that finds any of ``chars`` (ranges joined): searching a text
    with it runs in C, where ``frozenset.isdisjoint`` makes a string object per character.
    Characters beyond the BMP are found as any such character: a class of BMP characters is
    a lookup table, one with more planes a list of ranges tried one by one for every
    character of the text (three times slower); a text with an emoji is merely translated."""
    bmp = (ord(c) for c in chars if ord(c) < 0x10000)
    astral = r"\U00010000-\U0010ffff" if any(ord(c) >= 0x10000 for c in chars) else ""
    return re.compile(f"[{class_body(bmp)}{astral}]")


_ANY_SPECIAL = _char_class(_SPECIAL)
_DOTS = re.compile(r"\s*[(\[{（【]\s*(?:\.|点|dot)\s*[)\]}）】]\s*", re.I)
# the same starting at its bracket and without re.I, so the search skips to brackets in C
# (a leading \s* or re.I makes the engine try the pattern at every position): most
# texts with a bracket (【拼多多】) have no bracketed dot, and then _DOTS is not run
_ANY_DOTS = re.compile(r"(?:\(|\[|\{|（|【)\s*(?:\.|点|[dD][oO][tT])\s*[)\]}）】]")
# a link cut by a line break: the line ends inside a URL, the next line continues it
_SPLIT = re.compile(
    r"((?:https?://|www\.)[^\s]*[A-Za-z0-9./?=&%_-])[ \t]*\r?\n[ \t]*(?=[A-Za-z0-9./?=&%_-])", re.I
)


def scan_view(text: str) -> str:
    """The text the checks read: NFKC, no format characters, dots normalised, split links joined."""
    # the link, phrase and number checks all read this view of the same message: compute it once
    return _cached(text) if len(text) <= 2000 else _view(text)


@lru_cache(maxsize=2048)
def _cached(text: str) -> str:
    return _view(text)


def _view(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if not text.isascii() and _ANY_SPECIAL.search(text):
        text = text.translate(_TABLE)
    if _ANY_DOTS.search(text):
        text = _DOTS.sub(".", text)
    if "\n" in text and ("://" in text or "www." in text.lower()):  # a link to join
        while True:
            joined = _SPLIT.sub(r"\1", text)
            if joined == text:
                break
            text = joined
    return text


HOMOPHONES = "homophones.txt.gz"


@cache
def _slips() -> tuple[dict[int, str], ahocorasick.Automaton, frozenset[str], frozenset[str], str]:
    """The sound table (a character → its sound class's first character), an automaton of the
    words by their sound (→ the word), the real words that sound like one of them, the pairs,
    the most frequent characters."""
    raw = gzip.decompress(files("huzhu.plugins.anti_scam").joinpath(HOMOPHONES).read_bytes())
    part: dict[str, list[str]] = {}
    name = ""
    for line in raw.decode("utf-8").splitlines():
        if line.startswith("#"):
            name = line[1:]
            part[name] = []
        else:
            part[name].append(line)
    sound = {ord(c): line[0] for line in part["classes"] for c in line[1:]}
    automaton = ahocorasick.Automaton()
    for word in " ".join(part["words"]).split():
        automaton.add_word(word.translate(sound), word)
    automaton.make_automaton()
    real = frozenset(" ".join(part["real"]).split())
    pairs = frozenset(" ".join(part["pairs"]).split())
    return sound, automaton, real, pairs, "".join(part["frequent"])


def heard(folded: str) -> str:
    """``folded`` with the sound-alike slips of the checks' words undone: a run that sounds like
    one of them and differs in one character, and is no real word (the same string when it has
    none). A two-character slip that a common word joins to the character before or after it
    is a word boundary, not a slip ("管理培训" holds 理培), and so is one that keeps a most
    frequent character ("会原路" is 会 + 原路, not 会员)."""
    sound, automaton, real, pairs, frequent = _slips()
    found: list[tuple[int, int, str]] = []
    for end, word in automaton.iter(folded.translate(sound)):
        start = end - len(word) + 1
        seen = folded[start : end + 1]
        if (
            seen == word
            or seen in real
            or sum(a != b for a, b in zip(seen, word, strict=True)) != 1
        ):
            continue
        if len(word) == 2 and (
            (seen[0] == word[0] and seen[0] in frequent)
            or (seen[1] == word[1] and seen[1] in frequent)
            or (start > 0 and folded[start - 1] + seen[0] in pairs)
            or (end + 1 < len(folded) and seen[-1] + folded[end + 1] in pairs)
        ):
            continue
        found.append((start, -len(word), word))
    if not found:
        return folded
    out: list[str] = []
    last = 0
    for start, minus, word in sorted(found):  # leftmost first, the longest of those
        if start >= last:
            out.append(folded[last:start])
            out.append(word)
            last = start - minus
    out.append(folded[last:])
    return "".join(out)


#: English words of code-switched chat (folded: lower case, no spaces) and what the checks read
_ENGLISH = {
    "urgent": "紧急", "urgently": "紧急", "asap": "尽快", "notify": "通知", "inform": "通知",
    "process": "处理", "handle": "处理", "transfer": "转账", "payment": "付款", "pay": "付款",
    "refund": "退款", "account": "账户", "bank": "银行", "card": "卡", "code": "验证码",
    "verify": "验证", "verification": "验证", "police": "警察", "loan": "贷款", "credit": "信用",
    "deposit": "保证金", "fee": "费", "upgrade": "升级", "dm": "私信", "pm": "私信", "call": "打电话",
    "boss": "老板", "meeting": "会议", "screen": "屏幕", "share": "共享", "download": "下载",
    "lost": "丢失", "order": "订单", "double": "双倍", "wechat": "微信", "alipay": "支付宝",
    "secret": "保密", "confidential": "保密", "invoice": "发票", "supplier": "供应商",
}  # fmt: skip
#: (folding glues English words together, "urgentpayment": a word of five letters or more is
#: found anywhere in a run of letters, a shorter one only as the whole run, so "alipay" keeps
#: its "pay" and "dm" is no part of "admin")
_ENGLISH_WORD = re.compile(
    "(?:" + "|".join(sorted((w for w in _ENGLISH if len(w) >= 5), key=len, reverse=True)) + ")"
    "|(?<![a-z])(?:"
    + "|".join(sorted((w for w in _ENGLISH if len(w) < 5), key=len, reverse=True))
    + ")(?![a-z])"
)
_CJK = re.compile("[\u4e00-\u9fff]")


def switched(folded: str) -> str:
    """``folded`` with the English words of a Chinese message written in Chinese (a text
    without Chinese characters is left as it is: the English rules read it)."""
    if folded.isascii() or _CJK.search(folded) is None:
        return folded
    return _ENGLISH_WORD.sub(lambda m: _ENGLISH[m.group(0)], folded)
