"""Recognise and normalise share links and 口令 (拼多多, 淘宝/天猫, 京东).

What members paste is messy: full-width characters, missing schemes, links
wrapped in promotional text, 淘口令 between currency signs, 京口令 such as
``20:/！AbCd1234！``, and ``#小程序://拼多多/<code>``. ``find_share`` returns the
first share in a text as a ``ShareLink`` with a stable ``key`` so the same link
posted twice is recognised as one request.

Tracking parameters are removed: they identify the sharer's account or the
channel a link travelled through (``share_uin``, ``refer_share_*``, ``spm``,
``utm_*``, ``ttid``, ``sp_tk`` …) and the platform does not need them to open the
activity.

Folding (NFKC, no invisible characters) is for matching only. What members see
and copy is what the member sent: a 口令 or 小程序 path keeps exactly the
member's characters (淘宝 ``￥…￥`` and 京东 ``！…！`` stay full-width, since the
apps look for them), and a URL keeps its own characters minus the tracking
parameters (no scheme added, nothing re-encoded). Only the ``key`` that
recognises the same share twice is built from the folded form. Everything else in the query is kept, because the activity instance
(``goods_id``, ``bid``, ``sku`` …) lives there and dropping an unknown parameter
could break the link. Short links (``p.pinduoduo.com/<code>``, ``m.tb.cn/h.<code>``,
``u.jd.com/<code>``, ``3.cn/<code>``) keep only their path: the code is the link.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit

from huzhu.core.requests import unicode_tables

#: the longest text the checks read (Telegram's own maximum message length); the
#: finders below read no further, and anti_scam removes a longer message unread
SCAN_LIMIT = 4096

PLATFORM_NAMES = {"pdd": "拼多多", "taobao": "淘宝", "jd": "京东"}
PLATFORM_NAMES_EN = {"pdd": "Pinduoduo", "taobao": "Taobao", "jd": "JD"}
#: a /求助 example of each platform, for a pointer to a share posted without it (zh; en drops
#: the words after the link)
POINTER_EXAMPLES = {
    "pdd": "https://mobile.yangkeduo.com/... 帮我砍一刀",
    "taobao": "https://m.tb.cn/... 帮我助力",
    "jd": "https://u.jd.com/... 帮我助力",
}
ACTIVITIES = ("砍价", "现金", "拼团", "助力", "其他")
ACTIVITY_EN = {
    "砍价": "bargain",
    "现金": "cash",
    "拼团": "group buy",
    "助力": "boost",
    "其他": "other",
}

#: registrable domains of each platform (a host must equal one or end with "." + one)
DOMAINS = {
    "pdd": ("yangkeduo.com", "pinduoduo.com"),
    "taobao": ("taobao.com", "tmall.com", "tb.cn"),
    "jd": ("jd.com", "3.cn"),
}
SHORT_HOSTS = {"p.pinduoduo.com", "m.tb.cn", "u.jd.com", "3.cn"}

_TRACKING = re.compile(
    r"^(utm_\w+|spm|scm|pvid|ttid|tk|sm|sp_tk|ut_sk|suid|un|cpp|app|bxsign|wxsign|sourcetype|shareurl|short_name|"
    r"share_crt_v|shareuniqueid|tbsocialpopkey|share_uin|share_uid|share_from|refer_share_\w+|refer_page_\w+|"
    r"page_from|_wv|_wvx|_x_\w+|ptag|ad_od|gx|gxd|cu|from|isappinstalled|timestamp|sharefrom|shareid)$",
    re.I,
)
#: zero-width, joiner, direction, filler and variation characters: invisible, used to split words
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
_URL_HOST = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{1,10}(?::\d{1,5})?(?:/[!-~]*)?"
# A match starts where a word starts (not inside a run of letters or digits): a host label is
# at most 63 characters, so starting in the middle of a longer run can only find an invalid
# host, and trying every position of a long run cost some 60 steps each.
_URL = re.compile(rf"(?<![a-z0-9])(?:https?://)?(?:[!-.0-?A-~]{{1,64}}@)?{_URL_HOST}", re.I)
# without the userinfo branch, for text with no "@" (trying it at every position costs 64 steps)
_URL_NO_AT = re.compile(rf"(?<![a-z0-9])(?:https?://)?{_URL_HOST}", re.I)


def _urls_in(norm: str) -> Iterator[re.Match[str]]:
    """Matches of ``_URL`` in folded text: every one has a dot, and userinfo needs an "@"."""
    if "." not in norm:
        return iter(())
    return (_URL if "@" in norm else _URL_NO_AT).finditer(norm)


_MINIPROGRAM = re.compile(r"#小程序://(拼多多|淘宝|天猫|京东)[^/\s]*/([A-Za-z0-9_-]{4,64})")
# 淘口令: a code between the same sign on both sides (NFKC turns ￥ into ¥)
_TB_CODE = re.compile(r"([¥€$₴¢₤₰₳¤₵])([A-Za-z0-9]{8,20})\1")
#: the first character of a ``_TB_CODE`` (a cheap test before it)
_CURRENCY = re.compile(r"[¥€$₴¢₤₰₳¤₵]")
_TB_PAREN = re.compile(r"[(（]([A-Za-z0-9]{11,13})[)）]")
# 京口令: 20:/！AbCd！ (NFKC turns ！ into !)
_JD_CODE = re.compile(r"\b(\d{1,2}):/\s*[!¥$]([A-Za-z0-9]{6,40})[!¥$]")
# a bare 京口令 between exclamation marks: ！AbCd1234！ (letters and digits, so ！Thanks！ is not one)
_JD_BANG = re.compile(r"!((?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{8,40})!")

_ACTIVITY_WORDS = (
    ("砍价", ("砍价", "砍一刀", "帮砍", "砍一下", "bargain", "kanjia", "砍")),
    (
        "现金",
        (
            "现金",
            "提现",
            "转盘",
            "红包",
            "领钱",
            "cash",
            "wheel",
            "turntable",
            "lottery",
            "red packet",
            "red envelope",
        ),
    ),
    ("拼团", ("拼团", "拼单", "参团", "成团", "开团", "pintuan", "group")),
    # "help me" is how an English share says 帮我助力 (「帮我助力领红包」 is 淘宝·助力, so is
    # "help me get a red packet": the English name must match the Chinese one)
    ("助力", ("助力", "assist", "boost", "zhuli", "help me")),
)
#: words that name an activity only when the text names no other: 「帮我助力领红包」 asks for
#: 助力 (the 红包 is what the sharer gets), 「红包」 alone is a 现金 activity
_WEAK_WORDS = {"现金": ("红包", "red packet", "red envelope")}
#: any activity word at all (one search; most texts and links hold none)
_ANY_ACTIVITY = re.compile("|".join(re.escape(w) for _, words in _ACTIVITY_WORDS for w in words))


@dataclass(frozen=True, slots=True)
class ShareLink:
    """A recognised share: where it is from, what it is for, and how to compare it."""

    platform: str
    activity: str
    kind: str  # url | code | miniprogram
    url: str  # what is shown and copied: as the member wrote it, minus tracking parameters
    key: str  # equal keys mean the same share (built from the folded form)
    raw: str  # the member's own characters where the share was found

    @property
    def platform_name(self) -> str:
        """The platform's Chinese name."""
        return PLATFORM_NAMES[self.platform]


def normalise(text: str) -> str:
    """NFKC (full-width → ASCII), drop invisible characters, ideographic full stops in hosts → dots."""
    text = unicodedata.normalize("NFKC", INVISIBLE.sub("", text))
    return text.replace("。", ".")


def _resizing() -> re.Pattern[str]:
    """``_resizing_codes`` as a pattern (with every character outside the BMP), from the table
    kept for this Unicode version when there is one (``unicode_tables``)."""
    if unicodedata.unidata_version == unicode_tables.VERSION:
        codes: Iterable[int] = unicode_tables.expand(unicode_tables.RESIZING)
    else:
        codes = _resizing_codes()
    return re.compile(f"[{class_body(codes)}\U00010000-\U0010ffff]")


def _resizing_codes() -> list[int]:
    """Characters whose folded form is not exactly one character of their own: invisible ones
    (dropped), compatibility characters that expand (…, ㎏), and anything that composes with a
    neighbour (combining marks, Hangul jamo, the second half of a canonical pair); every
    character outside the BMP is treated so too. About 30,000 look-ups (CJK ideographs and
    Hangul syllables fold to themselves and are skipped), made once when the module loads
    rather than in the middle of the first /求助 that needs them."""
    second_halves = set()
    chars = []
    for c in range(0x80, 0x10000):
        if 0x3400 <= c <= 0x4DBF or 0x4E00 <= c <= 0x9FFF or 0xAC00 <= c <= 0xD7A3:
            continue
        ch = chr(c)
        decomposition = unicodedata.decomposition(ch).split()
        if len(decomposition) == 2 and not decomposition[0].startswith("<"):
            second_halves.add(int(decomposition[1], 16))
        folded = unicodedata.normalize("NFKC", ch)
        if (
            len(folded) != 1
            or unicodedata.combining(ch)
            or unicodedata.combining(folded)
            or 0x1100 <= c <= 0x11FF
            or 0x3130 <= c <= 0x318F
            or 0xA960 <= c <= 0xA97F
            or 0xD7B0 <= c <= 0xD7FF
            or INVISIBLE.match(ch)
        ):
            chars.append(c)
    chars.extend(c for c in second_halves if c >= 0x80)
    return sorted(set(chars))


def class_body(codes: Iterable[int]) -> str:
    """The inside of a regex character class matching the code points ``codes``, runs as ranges."""
    ranges: list[list[int]] = []
    for c in sorted(set(codes)):
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in ranges
    )


_RESIZING = _resizing()


def normalise_mapped(text: str) -> tuple[str, list[int] | None]:
    """The folded text (as ``normalise``) and, for each of its characters, the index in ``text``
    it came from, with a sentinel at the end; ``None`` when folding kept every position."""
    if "。" not in text and unicodedata.is_normalized("NFKC", text) and not INVISIBLE.search(text):
        return text, None
    pieces: list[str] = []
    origin: list[int] = []
    last = 0
    for m in _RESIZING.finditer(text):
        i = m.start()
        if i > last:  # a stretch where every character folds to exactly one
            pieces.append(unicodedata.normalize("NFKC", text[last:i]))
            origin.extend(range(last, i))
        folded = "" if INVISIBLE.match(m.group(0)) else unicodedata.normalize("NFKC", m.group(0))
        pieces.append(folded)
        origin.extend([i] * len(folded))
        last = i + 1
    if last < len(text):
        pieces.append(unicodedata.normalize("NFKC", text[last:]))
        origin.extend(range(last, len(text)))
    origin.append(len(text))
    return "".join(pieces).replace("。", "."), origin


def _span(origin: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """The span of the original text that the normalised ``[start, end)`` came from."""
    if origin is None:
        return start, end
    return origin[start], (origin[end - 1] + 1 if end > start else origin[start])


def _as_folded(ch: str) -> str:
    return ch if ch.isascii() else unicodedata.normalize("NFKC", ch)


def shown_url(original: str, *, short: bool) -> str:
    """The member's URL as they wrote it, minus tracking parameters (and invisible characters).

    A short link keeps only its path (the code is the link). Separators are
    recognised in their folded form (``？`` is ``?``), but every kept character
    is the member's own: nothing is re-encoded and no scheme is added.
    """
    url = INVISIBLE.sub("", original)
    if url.isascii():  # the usual link: no character folds to another, so find() finds them
        q = min(i for i in (url.find("?"), url.find("#"), len(url)) if i >= 0)
    else:
        q = next((i for i, ch in enumerate(url) if _as_folded(ch) in ("?", "#")), len(url))
    base, rest = url[:q], url[q:]
    if short or not rest:
        return base
    f = next((i for i, ch in enumerate(rest) if _as_folded(ch) == "#"), len(rest))
    query, fragment = rest[:f], rest[f:]
    if not query:
        return base + fragment
    kept: list[tuple[str, str]] = []
    sep = ""
    start = 1  # after the "?"
    for i in range(1, len(query) + 1):
        if i == len(query) or _as_folded(query[i]) == "&":
            part = query[start:i]
            name = unquote_plus(_as_folded_text(part).split("=", 1)[0])
            if not _TRACKING.match(name):
                kept.append((sep, part))
            sep = query[i] if i < len(query) else ""
            start = i + 1
    if not kept:
        return base + fragment
    joined = kept[0][1] + "".join(s + p for s, p in kept[1:])
    return base + query[0] + joined + fragment


def _as_folded_text(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


#: what separates the characters of a disguised word: spaces, punctuation, symbols, underscores
SEPARATORS = re.compile(r"[\s\W_]+")


def fold(text: str) -> str:
    """NFKC, lower-case, drop invisible characters and separators: 加 微-信 → 加微信."""
    return fold_nfkc(unicodedata.normalize("NFKC", text))


def fold_nfkc(text: str) -> str:
    """``fold`` of a text already in NFKC form (``events.normalized``): no second NFKC pass."""
    if not text.isascii():
        text = INVISIBLE.sub("", text)
    return SEPARATORS.sub("", text.lower())


#: each platform domain → its platform (``platform_of_host`` looks a host's suffixes up)
_PLATFORM_OF_DOMAIN = {d: p for p, domains in DOMAINS.items() for d in domains}


def platform_of_host(host: str) -> str | None:
    """The platform whose domain ``host`` belongs to, or None."""
    host = host.lower().rstrip(".")
    while True:  # the host itself, then each parent domain: a.b.c → b.c → c
        found = _PLATFORM_OF_DOMAIN.get(host)
        if found is not None:
            return found
        dot = host.find(".")
        if dot < 0:
            return None
        host = host[dot + 1 :]


def classify_activity(*texts: str) -> str:
    """砍价 / 现金 / 拼团 / 助力 / 其他, from the words of the text and the link."""
    joined = " ".join(texts).lower()
    if _ANY_ACTIVITY.search(joined) is None:
        return "其他"
    named = _named_activities(joined)
    return named[0] if named else "其他"


def _named_activities(lower: str) -> list[str]:
    """The activities a (lower-cased) text names, strongest first: an activity named only by a
    weak word (``_WEAK_WORDS``) counts when no other is named."""
    strong, weak = [], []
    for activity, words in _ACTIVITY_WORDS:
        hits = [w for w in words if w in lower]
        if hits:
            only_weak = all(w in _WEAK_WORDS.get(activity, ()) for w in hits)
            (weak if only_weak else strong).append(activity)
    return strong or weak


_TRAILING = ".,;:!?)]}>'\""
_SCHEME = re.compile(r"https?://", re.I)


def _clean_url(candidate: str) -> tuple[str, str, str, bool] | None:
    """(platform, folded url without tracking, key, short link?) for a share URL (already
    stripped of trailing punctuation); None when it is not one. Read from the folded text."""
    if not _SCHEME.match(candidate):
        candidate = "https://" + candidate
    try:
        parts = urlsplit(candidate)
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if parts.username or parts.password or port not in (None, 80, 443):
        return None
    platform = platform_of_host(host)
    if platform is None:
        return None
    path = parts.path or "/"
    short = host in SHORT_HOSTS
    if short:
        if len(path.strip("/")) < 4:
            return None  # a bare short-link host is not a share
        query = ""
    elif not parts.query:  # most share links: nothing to strip or sort
        query = ""
        if path == "/":
            return None  # a home page is not a share
    else:
        kept = [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
        query = urlencode(kept)
        if path == "/" and not query:
            return None  # a home page is not a share
    url = f"https://{host}{path}" + (f"?{query}" if query else "")
    key_query = urlencode(sorted(parse_qsl(query, keep_blank_values=True))) if query else ""
    return platform, url, f"{platform}:url:{host}{path}?{key_query}", short


def find_shares(text: str) -> list[ShareLink]:
    """Every share link or 口令 in ``text``, in order of appearance.

    Matching reads the folded text; ``url`` and ``raw`` are the member's own characters.
    """
    text = text[:SCAN_LIMIT]
    norm, origin = normalise_mapped(text)
    found: list[tuple[int, ShareLink]] = []
    taken: list[tuple[int, int]] = []

    def add(pos: int, end: int, make: Callable[[str], ShareLink]) -> None:
        if any(a < end and pos < b for a, b in taken):
            return
        taken.append((pos, end))
        start, stop = _span(origin, pos, end)
        found.append((pos, make(text[start:stop])))

    lower = norm.lower()
    # which activities the text names, read once however many shares it holds
    named = _named_activities(lower) if _ANY_ACTIVITY.search(lower) is not None else []

    def activity_of(url: str = "") -> str:
        """classify_activity(norm, url), without reading the whole text again per link."""
        url = url.lower()
        if not named and (not url or _ANY_ACTIVITY.search(url) is None):
            return "其他"
        for a, words in _ACTIVITY_WORDS:
            if a in named or (url and any(w in url for w in words)):
                return a
        return "其他"

    for m in _MINIPROGRAM.finditer(norm):
        platform = {"拼多多": "pdd", "淘宝": "taobao", "天猫": "taobao", "京东": "jd"}[m.group(1)]
        key = f"{platform}:mp:{m.group(2)}"
        add(
            m.start(),
            m.end(),
            lambda raw, p=platform, k=key: ShareLink(p, activity_of(), "miniprogram", raw, k, raw),
        )
    for m in _urls_in(norm):
        candidate = m.group(0).rstrip(_TRAILING)
        cleaned = _clean_url(candidate)
        if cleaned is None:
            continue
        platform, folded, key, short = cleaned
        add(m.start(), m.start() + len(candidate), lambda raw, p=platform, k=key, s=short, u=folded:
            ShareLink(p, activity_of(u), "url", shown_url(raw, short=s), k, raw))  # fmt: skip
    for m in _JD_CODE.finditer(norm):
        key = f"jd:code:{m.group(2)}"
        add(
            m.start(),
            m.end(),
            lambda raw, k=key: ShareLink("jd", activity_of(), "code", raw, k, raw),
        )
    for m in _TB_CODE.finditer(norm):
        code = m.group(2)
        if code.isdigit():
            continue  # ¥12345678¥ is a price, not a 口令
        platform = "jd" if "京东" in norm and "淘宝" not in norm else "taobao"
        key = f"{platform}:code:{code}"
        add(
            m.start(),
            m.end(),
            lambda raw, p=platform, k=key: ShareLink(p, activity_of(), "code", raw, k, raw),
        )
    for m in _JD_BANG.finditer(norm):
        key = f"jd:code:{m.group(1)}"
        add(
            m.start(),
            m.end(),
            lambda raw, k=key: ShareLink("jd", activity_of(), "code", raw, k, raw),
        )
    if not found and ("淘宝" in norm or "手淘" in norm or "天猫" in norm):
        for m in _TB_PAREN.finditer(norm):
            code = m.group(1)
            if not code.isdigit() and not code.isalpha():
                key = f"taobao:code:{code}"
                add(
                    m.start(),
                    m.end(),
                    lambda raw, k=key: ShareLink("taobao", activity_of(), "code", raw, k, raw),
                )
    return [link for _, link in sorted(found, key=lambda item: item[0])]


_COMMON_TLDS = frozenset(
    [
        "com",
        "cn",
        "net",
        "org",
        "cc",
        "top",
        "xyz",
        "vip",
        "info",
        "me",
        "io",
        "co",
        "tv",
        "shop",
        "club",
        "site",
        "online",
        "link",
        "ly",
        "gl",
        "gd",
        "im",
        "app",
        "hk",
        "tw",
        "jp",
        "kr",
        "ru",
        "uk",
        "de",
        "us",
        "biz",
        "work",
        "live",
        "fun",
        "ink",
        "icu",
        "wang",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
    ]
)


def find_urls(text: str, *, normalised: bool = False) -> list[str]:
    """Web addresses in ``text`` (any site, with or without a scheme), as written after normalising.

    A bare ``word.word`` counts only with a scheme, ``www.``, a path or a common
    top-level domain, so ``e.g`` or ``v1.2`` are not links.
    """
    out = []
    text = text[: 2 * SCAN_LIMIT] if normalised else normalise(text[:SCAN_LIMIT])
    for m in _urls_in(text):
        url = m.group(0).rstrip(_TRAILING)
        lower = url.lower()
        # the scheme off (as ``^https?://`` would: once), then the host
        rest = (
            lower[8:]
            if lower.startswith("https://")
            else lower[7:]
            if lower.startswith("http://")
            else lower
        )
        host = rest.split("/", 1)[0].split("@")[-1].split(":")[0]
        tld = host.rsplit(".", 1)[-1]
        if lower.startswith(("http://", "https://", "www.")) or "/" in lower or tld in _COMMON_TLDS:
            out.append(url)
    return out


# cheap test on the raw text: could there be a link or a 口令 at all? (most chat has none)
_MAYBE_LINK = re.compile(
    r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９][\u200b-\u200f\u2060\ufeff]*[.。．｡][A-Za-z\u200b-\u200f\u2060\ufeffＡ-Ｚａ-ｚ]"
    r"|[¥￥€$＄][A-Za-z0-9Ａ-Ｚａ-ｚ０-９]{8}|:/|：/|小程序|[(（][A-Za-z0-9]{11}"
)


def count_links(text: str) -> int:
    """How many links or 口令 ``text`` holds (web addresses of any site, 小程序 paths, 口令), cheaply."""
    text = text[:SCAN_LIMIT]
    if _MAYBE_LINK.search(text) is None:
        return 0
    norm = normalise(text)
    # each kind of 口令 is looked for only where its mark is (most share texts have none)
    codes = len(_MINIPROGRAM.findall(norm)) if "#小程序://" in norm else 0
    if ":/" in norm:
        codes += len(_JD_CODE.findall(norm))
    if _CURRENCY.search(norm) is not None:
        codes += len(_TB_CODE.findall(norm))
    return len(find_urls(norm, normalised=True)) + codes


def find_share(text: str) -> ShareLink | None:
    """The first share link or 口令 in ``text``, or None."""
    shares = find_shares(text)
    return shares[0] if shares else None


def looks_shared(share: ShareLink, text: str) -> bool:
    """Whether ``share`` in ``text`` is what a member shares to be helped (a 口令, a short
    link, a link to one activity or item) rather than a shop's promotion: a page with no
    parameters (``promotion.html``), or a marketing text (「退订回T」)."""
    if "退订" in text or "unsubscribe" in text.lower():
        return False
    if share.kind != "url":
        return True
    parts = urlsplit(share.url if "://" in share.url else f"https://{share.url}")
    if (parts.hostname or "").lower() in SHORT_HOSTS or parts.query:
        return True
    # 京东 names its item or activity in the path, not the parameters (item.jd.com/100012043978.html,
    # prodev.m.jd.com/mall/active/<id>/index.html): one item or activity, as 拼多多's goods_id=
    return share.platform == "jd" and _JD_PATH_ID.search(parts.path) is not None


_JD_PATH_ID = re.compile(r"/\d{5,}\.html|/active/[A-Za-z0-9]{6,}/", re.I)


#: what a share text wraps around its 口令 and link: the number before a 淘口令 and the
#: slash after it (「8￥AbCd￥/」), 「复制打开淘宝」「复制这条…去【淘宝】」「打开京东APP」
_SHARE_PADDING = re.compile(
    r"(?:复制(?:这条|整段话|本条)?(?:信息|消息|内容|口令)?[，,]?)?(?:打开|去)\s*(?:手机|手)?"
    r"[【\[]?(?:淘宝|手淘|天猫|京东|拼多多)[】\]]?(?:\s*app|客户端|APP)?(?:即可|查看|领取)?"
    r"|复制(?:这条|整段话|本条)(?:信息|消息|内容|口令)?"
    r"|【(?:淘宝|手淘|天猫|京东|拼多多)】"
    r"|copy (?:and|&) open (?:the )?(?:taobao|tmall|jd|pinduoduo)(?: app)?",
    re.I,
)


#: around a 口令 in its share text: the number before it (「8￥AbCd￥」) and the slash after it
_CODE_BEFORE = re.compile(r"\d{1,2}\s*$")
_CODE_AFTER = re.compile(r"\s*[/:：]*")


def share_note(text: str, shares: list[ShareLink]) -> str:
    """``text`` without its shares and the share text's own padding (``_SHARE_PADDING``):
    what the member wrote about the request, for its 备注. (Each share is found as text, not
    as a pattern of its own: a pattern per link would be compiled for every /求助.)"""
    for share in shares:
        if share.kind != "code":
            text = text.replace(share.raw, " ", 1)
            continue
        start = text.find(share.raw)
        if start < 0:
            continue
        end = start + len(share.raw)
        before = _CODE_BEFORE.search(text, 0, start)
        end = _CODE_AFTER.match(text, end).end()  # type: ignore[union-attr]
        text = text[: before.start() if before else start] + " " + text[end:]
    text = _SHARE_PADDING.sub(" ", text)
    # what the removals leave: separators with nothing between them, at the ends
    text = re.sub(r"(?:^|(?<=\s))[/，,、;；:：]+(?=\s|$)", " ", text)
    text = " ".join(text.split()).strip("，,、;；:： ")
    return text if _WORDY.search(text) else ""  # 「！」 alone says nothing


_WORDY = re.compile(r"\w")
