"""内容 (content): word lists for ads and off-topic posts, matched after Unicode folding."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from pydantic import field_validator

from huzhu.core import (
    Catalog,
    GroupContext,
    MessageEvent,
    PluginConfig,
    PluginMeta,
    Severity,
    Verdict,
    hookimpl,
)
from huzhu.core.links import INVISIBLE

_SEPARATORS = re.compile(r"[\s\W_]+")

SeverityName = Literal["review", "minor", "severe"]
_SEVERITY = {"review": Severity.REVIEW, "minor": Severity.MINOR, "severe": Severity.SEVERE}


class Config(PluginConfig):
    """Settings of the content plugin."""

    #: words or phrases that are not allowed (ads, off-topic); matched ignoring case,
    #: full-width forms, invisible characters and separators inside the word
    words: tuple[str, ...] = ("加微信", "刷单", "兼职日结", "代助收费", "返利群")
    #: how bad a match is: review (tell admins), minor (one strike), severe
    severity: SeverityName = "minor"
    #: delete the message even on a warning
    remove: bool = True

    @field_validator("words")
    @classmethod
    def _not_blank(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        if any(not fold(w) for w in words):
            raise ValueError("a word must contain letters or digits")
        return words


TEXTS = Catalog(
    {
        "zh": {"banned": "消息包含本群不允许的内容「{word}」"},
        "en": {"banned": "The message contains something not allowed here: '{word}'"},
    }
)

__plugin_meta__ = PluginMeta(
    name="content",
    description="内容规则：广告词、违禁词（忽略大小写、全角、隐形字符和间隔符）",
    description_en="content rules: ad and banned words (ignoring case, full-width, invisible characters, separators)",
    config=Config,
    texts=TEXTS,
)


def fold(text: str) -> str:
    """NFKC, lower-case, drop invisible characters and separators: 加 微-信 → 加微信."""
    text = unicodedata.normalize("NFKC", text)
    text = INVISIBLE.sub("", text).lower()
    return _SEPARATORS.sub("", text)


@lru_cache(maxsize=256)
def _matcher(words: tuple[str, ...]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    folded = {fold(w): w for w in words}
    if not folded:
        return None, {}
    # a literal alternation: linear in the text, no backtracking blow-up
    pattern = re.compile("|".join(re.escape(w) for w in sorted(folded, key=len, reverse=True)))
    return pattern, folded


@hookimpl
def check_message(ctx: GroupContext, event: MessageEvent) -> Verdict | None:
    """Flag a message that contains a listed word."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    pattern, originals = _matcher(cfg.words)
    if pattern is None:
        return None
    match = pattern.search(fold(event.text))
    if match is None:
        return None
    word = originals[match.group(0)]
    return Verdict(
        rule="content.words",
        severity=_SEVERITY[cfg.severity],
        reason=ctx.t("banned", word=word),
        evidence={"word": word},
        remove=cfg.remove,
    )
