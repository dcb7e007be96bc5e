"""Normalise what members type so tricks do not hide links, words or numbers.

``scan_view(text)`` is what every check reads; the raw text is kept by the
caller for display. Steps: NFKC (full-width → ASCII, ① → 1), drop zero-width
and other format characters, turn dot look-alikes into dots (``。``, ``(.)``,
``[.]``), and join a link that was split across lines.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
