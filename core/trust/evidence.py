"""What a help screenshot says: ``success``, ``failure`` or ``unknown``, per platform and activity.

THE TABLE below is the one place that knows what the apps show after a
friend taps a share. Strings were collected from public write-ups and
screenshots of the activities (拼多多 砍价免费拿 / 助力享免单 / 现金大转盘 /
天天领现金 / 多多果园 / 拼单, 京东 砍价 / 东东农场 / 助力领京豆 / 天天领红包,
淘宝 芭芭农场 / 淘金币 / 天猫 助力 / 特价版 砍价) and from how members
describe them in 互助群. Patterns are regular expressions over the folded
text (NFKC, no spaces, lower case); ``…`` in a label stands for a number,
which is never kept.

How a picture is judged (the worst error is a failure or an unrelated
picture read as success, so every rule leans to ``failure`` / ``unknown``):

1. Any failure pattern anywhere in the text → ``failure`` (even if a success
   string is also visible: an app can show "助力成功" in its rules and
   "助力次数已用完" in the pop-up).
2. Else a success pattern on a SHORT line (one label per line, the first row
   in table order) (the pop-up's headline, at most
   ``SUCCESS_SLACK`` characters besides the phrase) → ``success``. A phrase
   inside a long sentence ("好友助力成功后可领取…" in the rules) does not count.
3. Else a line that negates or conditions success (``未``, ``后``, ``才``,
   ``即可``, ``规则``) never counts; otherwise ``unknown``.

Platform: the table row's platform if it names one, else the brand words on
the picture (拼多多, 淘宝 / 天猫, 京东); activity likewise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from hashlib import blake2b

SUCCESS = "success"
FAILURE = "failure"
UNKNOWN = "unknown"

#: a success phrase may share its line with at most this many other characters
SUCCESS_SLACK = 8


@dataclass(frozen=True, slots=True)
class Sign:
    """One row of the table: what the app shows and what it means."""

    result: str  # success | failure
    pattern: str  # regex over folded text; numbers appear as digits
    label: str  # the words kept as evidence (a number written as …)
    platform: str = ""  # pdd | taobao | jd | "" (any)
    activity: str = ""  # 砍价 | 助力 | 现金 | 拼团 | "" (from the picture)
    #: for failures: the reason told to the helper (zh, en)
    reason: tuple[str, str] = ("", "")


_N = r"[0-9.,]+"  # an amount as OCR reads it
_USED_UP = ("今天的助力次数已经用完了", "your help attempts for today are used up")
_ENDED = ("活动已经结束了", "the activity has ended")
_SELF = ("不能给自己助力", "you cannot help yourself")
_FULL = ("好友的助力已经满了，不需要再助力", "the friend needs no more help")
_AGAIN = (
    "已经帮这位好友助力过，这次没有算数",
    "you had already helped this friend; this one did not count",
)
_NEW_ONLY = ("只有新用户才能助力", "only new users can help")
_BUSY = ("活动太火爆，助力没有成功", "the activity was too busy; the help did not go through")
_FAILED = ("助力没有成功", "the help did not go through")
_GROUP_FULL = ("这个团已经满了或已结束", "the group buy is full or closed")

#: THE TABLE. Order matters only for which label is reported first.
SIGNS: tuple[Sign, ...] = (
    # ---------------------------------------------------------------- failures (any platform)
    Sign(FAILURE, r"(助力|帮砍|砍价|砍一刀)(次数|机会)?(已经?)?(用完|用尽|耗尽|达到?上限)", "助力次数已用完", reason=_USED_UP),
    Sign(FAILURE, r"今[日天]?(的)?(助力|帮砍|砍价)?(次数|机会)(已经?)?(用完|用尽|达到?上限)", "今日次数已用完", reason=_USED_UP),
    Sign(FAILURE, r"(次数|机会)(已经?)?(用完|达上限|已达上限)", "次数已用完", reason=_USED_UP),
    Sign(FAILURE, r"(活动|砍价|助力)已经?(结束|过期|失效|下线)", "活动已结束", reason=_ENDED),
    Sign(FAILURE, r"不能(为|给|帮)自己(助力|砍价?|砍一刀)", "不能为自己助力", reason=_SELF),
    Sign(FAILURE, r"(助力|人数)已经?(满|满员)|(已经?)?完成助力了|好友已完成|已经砍成功了|来晚了", "助力已满", reason=_FULL),
    Sign(FAILURE, r"(你|您)?(已经|已)(帮|为|给)?(好友|ta|他|她)?(助力|砍)过", "已助力过", reason=_AGAIN),
    Sign(FAILURE, r"(仅限|只有|只限)新(用户|人)|新用户才(能|可)", "仅限新用户", reason=_NEW_ONLY),
    Sign(FAILURE, r"太火爆|稍后再试|网络(异常|繁忙)|系统繁忙", "活动太火爆", reason=_BUSY),
    Sign(FAILURE, r"(助力|砍价|帮砍)(失败|未成功|没有成功)|(未能|没能|未|没有)(助力|砍价?)成功|(未能|没能)(助力|砍)", "助力失败", reason=_FAILED),
    Sign(FAILURE, r"(该团|拼团|拼单|团)已经?(满|满员|结束|失效)|拼团失败|拼单失败", "拼团已满或失败", activity="拼团", reason=_GROUP_FULL),
    # ---------------------------------------------------------------- 拼多多
    Sign(SUCCESS, rf"(你|您)?(已经?|成功)?(成功)?帮(好友|ta|他|她)砍(掉|了)?{_N}元", "已帮好友砍掉…元", "pdd", "砍价"),
    Sign(SUCCESS, r"帮砍成功|砍价成功|成功砍(掉|了)", "砍价成功", "", "砍价"),
    Sign(SUCCESS, rf"(已|成功)?帮(好友|ta)?(提现|领取?)(了)?{_N}元", "已帮好友提现…元", "pdd", "现金"),
    Sign(SUCCESS, r"(拼团|拼单|参团)成功|已成功(参与)?拼(单|团)", "拼团成功", "", "拼团"),
    # ---------------------------------------------------------------- 京东 (东东农场, 助力领京豆, 砍价)
    Sign(SUCCESS, r"(东东农场|京豆|京东).{0,6}助力成功", "助力成功", "jd", "助力"),
    # ---------------------------------------------------------------- 淘宝 / 天猫 (芭芭农场, 淘金币)
    Sign(SUCCESS, r"(芭芭农场|淘金币|淘宝|天猫).{0,6}助力成功", "助力成功", "taobao", "助力"),
    # ---------------------------------------------------------------- any platform
    Sign(SUCCESS, r"(你|您)?已成功(为|帮|给)(好友|ta|他|她)?助力", "你已成功为好友助力", "", "助力"),
    Sign(SUCCESS, r"(已|成功)(为|帮|给)(好友|ta|他|她)助力", "已为好友助力", "", "助力"),
    Sign(SUCCESS, r"助力成功", "助力成功", "", "助力"),
)  # fmt: skip

#: brand words on a screenshot → platform (first found wins)
BRANDS: tuple[tuple[str, str], ...] = (
    ("pdd", r"拼多多|多多果园|多多买菜|砍价免费拿|百亿补贴|pinduoduo"),
    ("jd", r"京东|东东农场|京豆|京喜|jd\.com"),
    ("taobao", r"淘宝|天猫|芭芭农场|淘金币|淘特|taobao|tmall"),
)
#: words → activity, when the matched row does not say
ACTIVITY_WORDS: tuple[tuple[str, str], ...] = (
    ("砍价", r"砍"),
    ("拼团", r"拼团|拼单|参团"),
    ("现金", r"现金|提现|红包|转盘"),
    ("助力", r"助力"),
)
#: a line saying success only conditionally or in the negative is never success
_NOT_SUCCESS = re.compile(r"未|没有|才能?|后可|后即|即可|规则|说明|攻略|如何|怎么|\?")

_FAILURES = tuple((sign, re.compile(sign.pattern)) for sign in SIGNS if sign.result == FAILURE)
_SUCCESSES = tuple((sign, re.compile(sign.pattern)) for sign in SIGNS if sign.result == SUCCESS)
_BRANDS = tuple((name, re.compile(words)) for name, words in BRANDS)
_ACTIVITIES = tuple((name, re.compile(words)) for name, words in ACTIVITY_WORDS)
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def fold(text: str) -> str:
    """NFKC, lower case, no spaces: how OCR lines are compared with the table."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True, slots=True)
class Judgement:
    """What a screenshot says. ``words`` are table labels, never text with numbers in it."""

    result: str
    platform: str = ""
    activity: str = ""
    words: tuple[str, ...] = ()
    #: for a failure: (zh, en) reason for the helper
    reason: tuple[str, str] = ("", "")


def judge(lines: Sequence[str]) -> Judgement:
    """Decide success / failure / unknown from OCR lines (top to bottom)."""
    folded = [fold(line) for line in lines if line.strip()]
    whole = "".join(folded)
    platform = next((name for name, rx in _BRANDS if rx.search(whole)), "")
    failures: list[Sign] = []
    successes: list[Sign] = []
    # one row per line, the first in table order (specific rows come before generic ones),
    # so one pop-up line gives one label
    for line in folded:
        hit = next((sign for sign, rx in _FAILURES if rx.search(line)), None)
        if hit is not None and hit not in failures:
            failures.append(hit)
    if not failures:  # a phrase OCR split over two lines
        failures += [sign for sign, rx in _FAILURES if rx.search(whole)][:1]
    for line in folded:
        if _NOT_SUCCESS.search(line):
            continue
        for sign, rx in _SUCCESSES:
            m = rx.search(line)
            if m is not None and len(line) - len(m.group(0)) <= SUCCESS_SLACK:
                if sign not in successes:
                    successes.append(sign)
                break
    chosen = failures or successes
    if not chosen:
        return Judgement(UNKNOWN, platform, _activity(whole, ""))
    first = chosen[0]
    words = tuple(dict.fromkeys(s.label for s in chosen))
    return Judgement(
        FAILURE if failures else SUCCESS,
        first.platform or platform,
        _activity(whole, first.activity if failures else _best_activity(successes)),
        words,
        first.reason if failures else ("", ""),
    )


def _best_activity(successes: list[Sign]) -> str:
    """The most specific activity among matched success rows (助力 is the generic one)."""
    named = [s.activity for s in successes if s.activity and s.activity != "助力"]
    return named[0] if named else next((s.activity for s in successes if s.activity), "")


def _activity(whole: str, given: str) -> str:
    if given:
        return given
    return next((name for name, rx in _ACTIVITIES if rx.search(whole)), "")


# ------------------------------------------------------------ reuse


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What is kept of a screenshot to recognise it again: no text, no numbers, no image.

    ``hash`` is the perceptual hash (:mod:`huzhu.core.media.phash`); ``lines``
    are short keyed digests of each OCR line (numbers included, so two members'
    screenshots of the same pop-up, which differ in the name, the amount or the
    clock, do not match).
    """

    hash: str
    lines: tuple[str, ...] = field(default=())


def line_digests(lines: Iterable[str]) -> tuple[str, ...]:
    """8-hex digests of the folded OCR lines (one-way; the text cannot be read back)."""
    out = []
    for line in lines:
        folded = fold(line)
        if folded:
            out.append(blake2b(folded.encode(), digest_size=4, person=b"huzhu-ev").hexdigest())
    return tuple(dict.fromkeys(out))


#: perceptual hashes at most this many bits apart may be the same screenshot …
REUSE_BITS = 10
#: … and then their OCR lines must agree: this share of the longer list identical, or
#: one list inside the other (a crop loses lines, it does not change them)
REUSE_LINES = 0.9


def is_reuse(a: Fingerprint, b: Fingerprint) -> bool:
    """True when ``a`` and ``b`` are the same screenshot (rescaled, recompressed, cropped a little).

    Both must hold: the pictures look alike (perceptual hash) AND they say the
    same thing line for line (or one is a crop of the other). The first alone would catch two honest members
    who screenshot the same pop-up; the second alone, two pictures of a
    plain "助力成功" headline.
    """
    from huzhu.core.media.phash import distance

    if distance(a.hash, b.hash) > REUSE_BITS:
        return False
    if not a.lines or not b.lines:
        return False  # a picture with no text is no screenshot of a help
    mine, theirs = set(a.lines), set(b.lines)
    if len(mine & theirs) / max(len(mine), len(theirs)) >= REUSE_LINES:
        return True
    # a crop: every line of one is in the other. A line on each side that the other lacks
    # (the clock, a name, an amount) means two screenshots, however alike they look.
    return min(len(mine), len(theirs)) >= 2 and (mine <= theirs or theirs <= mine)


def without_numbers(words: Iterable[str]) -> tuple[str, ...]:
    """Labels with any digit run written as ``x`` (belt and braces: labels have none)."""
    return tuple(_DIGITS.sub("x", w) for w in words)
