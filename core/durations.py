"""Parse and format human durations: ``10m``, ``1d12h``, ``10分钟``, ``2小时``."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Self

from pydantic import BeforeValidator

_UNITS = {
    "s": 1, "sec": 1, "秒": 1,
    "m": 60, "min": 60, "分": 60, "分钟": 60,
    "h": 3600, "hr": 3600, "时": 3600, "小时": 3600,
    "d": 86400, "day": 86400, "天": 86400, "日": 86400,
    "w": 604800, "周": 604800, "星期": 604800, "礼拜": 604800,
    "刻钟": 900, "刻": 900, "钟头": 3600,
}  # fmt: skip
_UNIT_RE = "|".join(sorted(_UNITS, key=len, reverse=True))
_PART = re.compile(r"(\d{1,6}(?:\.\d{1,3})?)\s*(" + _UNIT_RE + r")", re.I)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_NUMBER = re.compile("[零〇一二两俩三四五六七八九十百]+")
#: 一个半小时 → 1.5小时, 半天 → 0.5天, 两天半 → 2.5天
_HALF_AFTER_NUMBER = re.compile(r"(\d+)半(" + _UNIT_RE + ")")
_HALF_ALONE = re.compile(r"(?<![\d.])半(" + _UNIT_RE + ")")
_HALF_AFTER_UNIT = re.compile(r"(\d+)(" + _UNIT_RE + ")半")
#: no setting needs more than ten years; bigger numbers are typos (and 10**4300 breaks printing)
MAX_SECONDS = 3650 * 86400
EXAMPLES_ZH = "如 30s、10m、2h、1d、10分钟、半小时、两天"
EXAMPLES_EN = "e.g. 30s, 10m, 2h, 1d"


class SettingError(ValueError):
    """A value error that reads in Chinese and English (pydantic keeps it in ``ctx['error']``)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en

    def text(self, lang: str) -> str:
        """The message in ``lang`` (Chinese unless ``en``)."""
        return self.en if lang == "en" else self.zh


class Sexagesimal(int):
    """An int YAML 1.1 read from ``20:00`` (base 60); remembers what was written."""

    written: str

    def __new__(cls, value: int, written: str) -> Self:
        obj = super().__new__(cls, value)
        obj.written = written
        return obj


class TooLongNumber(float):
    """A number written with more digits than any setting needs: infinity, and how long it was."""

    digits: int

    def __new__(cls, digits: int) -> Self:
        obj = super().__new__(cls, math.inf)
        obj.digits = digits
        return obj


def parse_duration(value: Any) -> int:
    """Return seconds; raise ``SettingError`` (a ValueError) when ``value`` is not a duration."""
    if isinstance(value, Sexagesimal):
        raise SettingError(
            f'{value.written} 不是时长；时长写成 {EXAMPLES_ZH}（时刻要加引号："{value.written}"）',
            f"{value.written} is not a duration; write one as {EXAMPLES_EN}"
            f' (a time of day needs quotes: "{value.written}")',
        )
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise SettingError(f"应为时长，{EXAMPLES_ZH}", f"expected a duration, {EXAMPLES_EN}")
    if isinstance(value, TooLongNumber) or (isinstance(value, float) and math.isinf(value)):
        raise SettingError("时长太长（最多 10 年）", "too long a duration (10 years at most)")
    if isinstance(value, float) and not math.isfinite(value):
        raise SettingError(f"应为时长，{EXAMPLES_ZH}", f"expected a duration, {EXAMPLES_EN}")
    if isinstance(value, int | float):
        if value < 0:
            raise SettingError("时长不能是负数", "a duration must not be negative")
        if value > MAX_SECONDS:
            raise SettingError("时长太长（最多 10 年）", "too long a duration (10 years at most)")
        return int(value)
    text = _words(value.strip().lower().replace(" ", ""))
    if text.isdigit() and text.isascii():
        if len(text) > 9 or int(text) * 60 > MAX_SECONDS:
            raise SettingError("时长太长（最多 10 年）", "too long a duration (10 years at most)")
        return int(text) * 60  # a bare number means minutes, as admins say it
    pos, total = 0, 0
    for match in _PART.finditer(text):
        if match.start() != pos:
            break
        total += round(float(match.group(1)) * _UNITS[match.group(2)])
        pos = match.end()
    if pos != len(text) or not text:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise SettingError(
            f"「{shown}」不是时长，{EXAMPLES_ZH}", f"not a duration: {shown!r} ({EXAMPLES_EN})"
        )
    if total > MAX_SECONDS:
        raise SettingError("时长太长（最多 10 年）", "too long a duration (10 years at most)")
    return total


def _cn_number(word: str) -> str:
    """一 → 1, 十五 → 15, 二十 → 20, 两百 → 200 (up to 999); left as it is when unsure."""
    total, current = 0, 0
    for ch in word:
        if ch in _CN_DIGITS:
            current = current * 10 + _CN_DIGITS[ch] if current and ch in "零〇" else _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return str(total + current)


def _words(text: str) -> str:
    """A duration said in words as ``_PART`` reads it: 一个半小时 → 1.5小时, 两天 → 2天."""
    if _CN_NUMBER.search(text):
        text = _CN_NUMBER.sub(lambda m: _cn_number(m.group(0)), text)
    text = text.replace("个", "")
    if "半" in text:
        text = _HALF_AFTER_NUMBER.sub(r"\1.5\2", text)
        text = _HALF_AFTER_UNIT.sub(r"\1.5\2", text)
        text = _HALF_ALONE.sub(r"0.5\1", text)
    return text


def format_duration(seconds: int, lang: str = "zh") -> str:
    """Format seconds as the largest sensible units: ``1天2小时`` / ``1d 2h``."""
    if seconds <= 0:
        return "0秒" if lang == "zh" else "0s"
    parts = []
    names = (
        [(86400, "天"), (3600, "小时"), (60, "分钟"), (1, "秒")]
        if lang == "zh"
        else [(86400, "d"), (3600, "h"), (60, "m"), (1, "s")]
    )
    for size, name in names:
        if seconds >= size:
            parts.append(f"{seconds // size}{name}")
            seconds %= size
    return ("" if lang == "zh" else " ").join(parts[:2])


def short_duration(seconds: int) -> str:
    """Seconds as a value one can write back into a setting: ``90`` → ``1m30s``, ``3600`` → ``1h``."""
    if seconds <= 0:
        return "0"
    out = ""
    for size, name in ((86400, "d"), (3600, "h"), (60, "m"), (1, "s")):
        if seconds >= size:
            out += f"{seconds // size}{name}"
            seconds %= size
    return out


class DurationSetting:
    """Marks a setting as a duration, so it is shown as 20分钟 and explained with examples."""

    def __repr__(self) -> str:
        return "DurationSetting()"


DURATION = DurationSetting()

#: a plugin Config field written as ``10m``, ``2h``, ``1d``, ``10分钟`` or seconds; stored as seconds
Duration = Annotated[int, BeforeValidator(parse_duration), DURATION]


def is_duration(field: Any) -> bool:
    """True when a pydantic ``FieldInfo`` holds a duration."""
    return any(m is DURATION for m in getattr(field, "metadata", ()))
