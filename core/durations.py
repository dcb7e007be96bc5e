"""Parse and format human durations: ``10m``, ``1d12h``, ``10分钟``, ``2小时``."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator

_UNITS = {
    "s": 1, "sec": 1, "秒": 1,
    "m": 60, "min": 60, "分": 60, "分钟": 60,
    "h": 3600, "hr": 3600, "时": 3600, "小时": 3600,
    "d": 86400, "day": 86400, "天": 86400, "日": 86400,
    "w": 604800, "周": 604800, "星期": 604800,
}  # fmt: skip
_PART = re.compile(r"(\d{1,6})\s*(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")", re.I)
#: no setting needs more than ten years; bigger numbers are typos (and overflow dates)
MAX_SECONDS = 3650 * 86400


def parse_duration(value: str | float) -> int:
    """Return seconds; raise ValueError with a readable message when the text is not a duration."""
    if isinstance(value, bool):
        raise ValueError("not a duration")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError("duration must not be negative")
        if value > MAX_SECONDS:
            raise ValueError("too long a duration (10 years at most)")
        return int(value)
    text = value.strip().lower().replace(" ", "")
    if text.isdigit() and text.isascii():
        if len(text) > 9 or int(text) * 60 > MAX_SECONDS:
            raise ValueError("too long a duration (10 years at most)")
        return int(text) * 60  # a bare number means minutes, as admins say it
    pos, total = 0, 0
    for match in _PART.finditer(text):
        if match.start() != pos:
            break
        total += int(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if pos != len(text) or not text:
        raise ValueError(f"not a duration: {value!r} (examples: 30s, 10m, 2h, 1d, 10分钟)")
    if total > MAX_SECONDS:
        raise ValueError("too long a duration (10 years at most)")
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


#: a plugin Config field written as ``10m``, ``2h``, ``1d``, ``10分钟`` or seconds; stored as seconds
Duration = Annotated[int, BeforeValidator(parse_duration)]
