"""Member-facing text: one catalogue per plugin, Chinese first, English available."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

LANGUAGES = ("zh", "en")


class Catalog:
    """Templates keyed by language then by message key; falls back to Chinese."""

    def __init__(self, texts: Mapping[str, Mapping[str, str]]) -> None:
        self._texts = texts
        missing = set(texts.get("zh", {})) ^ set(texts.get("en", texts.get("zh", {})))
        if missing:
            raise ValueError(f"catalogue keys differ between zh and en: {sorted(missing)}")

    def has(self, lang: str, key: str) -> bool:
        """True when ``key`` exists (in ``lang`` or the Chinese fallback)."""
        return key in (self._texts.get(lang) or {}) or key in self._texts.get("zh", {})

    def templates(self, lang: str) -> dict[str, str]:
        """Every template of ``lang`` by key (for checks that walk the catalogue)."""
        return dict(self._texts.get(lang) or {})

    def get(self, lang: str, key: str, /, **values: object) -> str:
        """Format the template ``key`` in ``lang``."""
        table = self._texts.get(lang) or self._texts["zh"]
        template = table.get(key) or self._texts["zh"][key]
        return template.format(**values) if values else template


EMPTY = Catalog({"zh": {}, "en": {}})


def list_sep(lang: str) -> str:
    """Between the items of a list in a sentence: 「、」, ", " in English."""
    return ", " if lang == "en" else "、"


def clause_sep(lang: str) -> str:
    """Between clauses or groups that may hold lists of their own: 「；」, "; " in English."""
    return "; " if lang == "en" else "；"


def join_list(items: Iterable[object], lang: str) -> str:
    """Items in a sentence: 「A、B、C」, "A, B, C" in English."""
    return list_sep(lang).join(map(str, items))


def join_clauses(items: Iterable[object], lang: str) -> str:
    """Clauses (reasons, one line per group): 「A；B」, "A; B" in English."""
    return clause_sep(lang).join(map(str, items))
