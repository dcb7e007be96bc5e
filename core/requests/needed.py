"""How many helpers a /求助 asks for, and where in its text that is said.

``需要两人``, ``差3个人``, ``还差2位``, ``要五刀``, ``帮我砍3刀``, ``need 2 people``: the count
is read (ASCII, full-width or Chinese numerals 一二两三…十, up to 99) and the phrase's
span is returned so the note can drop exactly it (``差3个人 求大佬`` → note ``求大佬``).
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip
_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
_ZH_NUM = "[零一二两俩三四五六七八九十]{1,3}"
_NUM = rf"(\d{{1,3}}|{_ZH_NUM})"
#: 需要3人, 还差两个人, 差3位, 要五刀, 缺2个 (a word saying "needs", then the count, then a unit)
_SAID = re.compile(
    rf"(?:还需要|还需|还差|还要|需要|需|差|要|缺)\s*{_NUM}\s*(?:个人|位朋友|位|个|人|次|刀)"
)
#: 砍3刀, 两刀 (but not 砍一刀, the activity's own name)
_CUTS = re.compile(rf"{_NUM}\s*刀")
#: need 2 people, 3 helpers, two more people, needs 4
_ENGLISH = re.compile(
    r"\b(?:needs?\s+)?(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:more\s+)?(?:people|persons|helpers|helps|friends|cuts)\b"
    r"|\bneeds?\s+(\d{1,3})\b",
    re.IGNORECASE,
)


def chinese_number(word: str) -> int | None:
    """``两`` → 2, ``十二`` → 12, ``二十`` → 20, ``3`` / ``３`` → 3; None when it is not one."""
    if word.isdigit():
        return int(word)
    if word in _EN_NUMBERS:
        return _EN_NUMBERS[word]
    if word.lower() in _EN_NUMBERS:
        return _EN_NUMBERS[word.lower()]
    if "十" in word:
        tens, _, units = word.partition("十")
        if "十" in units or len(tens) > 1 or len(units) > 1:
            return None
        high = _DIGITS.get(tens, -1) if tens else 1
        low = _DIGITS.get(units, -1) if units else 0
        return None if high < 1 or low < 0 else high * 10 + low
    return _DIGITS.get(word) if len(word) == 1 else None


def find_needed(text: str) -> tuple[int, int, int] | None:
    """(count, start, end) of the first phrase in ``text`` saying how many helpers are
    needed, else None. The span is in ``text`` itself (the note keeps the member's own
    characters around it)."""
    for pattern in (_SAID, _CUTS, _ENGLISH):
        for m in pattern.finditer(text):
            word = next(g for g in m.groups() if g is not None)
            if m.group(0).endswith("一刀"):
                continue  # 砍一刀: what the request is, not how many
            count = chinese_number(word)
            if count is not None and count > 0:
                return count, m.start(), m.end()
    return None


def without_needed(text: str) -> tuple[int | None, str]:
    """The count (None when not said) and ``text`` without the phrase saying it."""
    found = find_needed(text)
    if found is None:
        return None, text
    count, start, end = found
    return count, f"{text[:start]} {text[end:]}"
