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
    "w": 604800, "周": 604800, "星期": 604800,
}  # fmt: skip
_PART = re.compile(r"(\d{1,6})\s*(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")", re.I)
#: no setting needs more than ten years; bigger numbers are typos (and 10**4300 breaks printing)
MAX_SECONDS = 3650 * 86400
EXAMPLES_ZH = "如 30s、10m、2h、1d、10分钟"
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
    text = value.strip().lower().replace(" ", "")
    if text.isdigit() and text.isascii():
        if len(text) > 9 or int(text) * 60 > MAX_SECONDS:
            raise SettingError("时长太长（最多 10 年）", "too long a duration (10 years at most)")
        return int(text) * 60  # a bare number means minutes, as admins say it
    pos, total = 0, 0
    for match in _PART.finditer(text):
        if match.start() != pos:
            break
        total += int(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if pos != len(text) or not text:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise SettingError(
            f"「{shown}」不是时长，{EXAMPLES_ZH}", f"not a duration: {shown!r} ({EXAMPLES_EN})"
        )
    if total > MAX_SECONDS:
        raise SettingError("时长太长（最多 10 年）", "too long a duration (10 years at most)")
    return total


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
