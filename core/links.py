"""Recognise and normalise share links and 口令 (拼多多, 淘宝/天猫, 京东).

What members paste is messy: full-width characters, missing schemes, links
wrapped in promotional text, 淘口令 between currency signs, 京口令 such as
``20:/！AbCd1234！``, and ``#小程序://拼多多/<code>``. ``find_share`` returns the
first share in a text as a ``ShareLink`` with a stable ``key`` so the same link
posted twice is recognised as one request.

Tracking parameters are removed: they identify the sharer's account or the
channel a link travelled through (``share_uin``, ``refer_share_*``, ``spm``,
``utm_*``, ``ttid``, ``sp_tk`` …) and the platform does not need them to open the
activity. Everything else in the query is kept, because the activity instance
(``goods_id``, ``bid``, ``sku`` …) lives there and dropping an unknown parameter
could break the link. Short links (``p.pinduoduo.com/<code>``, ``m.tb.cn/h.<code>``,
``u.jd.com/<code>``, ``3.cn/<code>``) keep only their path: the code is the link.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

PLATFORM_NAMES = {"pdd": "拼多多", "taobao": "淘宝", "jd": "京东"}
PLATFORM_NAMES_EN = {"pdd": "Pinduoduo", "taobao": "Taobao", "jd": "JD"}
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
_URL = re.compile(
    r"(?:https?://)?(?:[!-.0-?A-~]{1,64}@)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{1,10}(?::\d{1,5})?"
    r"(?:/[!-~]*)?",
    re.I,
)
_MINIPROGRAM = re.compile(r"#小程序://(拼多多|淘宝|天猫|京东)[^/\s]*/([A-Za-z0-9_-]{4,64})")
# 淘口令: a code between the same sign on both sides (NFKC turns ￥ into ¥)
_TB_CODE = re.compile(r"([¥€$₴¢₤₰₳¤₵])([A-Za-z0-9]{8,20})\1")
_TB_PAREN = re.compile(r"[(（]([A-Za-z0-9]{11,13})[)）]")
# 京口令: 20:/！AbCd！ (NFKC turns ！ into !)
_JD_CODE = re.compile(r"\b(\d{1,2}):/\s*[!¥$]([A-Za-z0-9]{6,40})[!¥$]")
_NEEDED = re.compile(r"(?:需要|需|还差|差|要)\s*(\d{1,3})\s*(?:人|个|次|刀|位)")

_ACTIVITY_WORDS = (
    ("砍价", ("砍价", "砍一刀", "帮砍", "砍一下", "bargain", "kanjia", "砍")),
    ("现金", ("现金", "提现", "转盘", "红包", "领钱", "cash", "wheel", "turntable", "lottery")),
    ("拼团", ("拼团", "拼单", "参团", "成团", "开团", "pintuan", "group")),
    ("助力", ("助力", "assist", "boost", "zhuli")),
)


@dataclass(frozen=True, slots=True)
class ShareLink:
    """A recognised share: where it is from, what it is for, and how to compare it."""

    platform: str
    activity: str
    kind: str  # url | code | miniprogram
    url: str  # normalised URL, or the 口令 / mini-program path as posted (normalised)
    key: str  # equal keys mean the same share
    raw: str

    @property
    def platform_name(self) -> str:
        """The platform's Chinese name."""
        return PLATFORM_NAMES[self.platform]


def normalise(text: str) -> str:
    """NFKC (full-width → ASCII), drop invisible characters, ideographic full stops in hosts → dots."""
    text = unicodedata.normalize("NFKC", INVISIBLE.sub("", text))
    return text.replace("。", ".")


#: what separates the characters of a disguised word: spaces, punctuation, symbols, underscores
SEPARATORS = re.compile(r"[\s\W_]+")


def fold(text: str) -> str:
    """NFKC, lower-case, drop invisible characters and separators: 加 微-信 → 加微信."""
    text = unicodedata.normalize("NFKC", text)
    text = INVISIBLE.sub("", text).lower()
    return SEPARATORS.sub("", text)


def platform_of_host(host: str) -> str | None:
    """The platform whose domain ``host`` belongs to, or None."""
    host = host.lower().rstrip(".")
    for platform, domains in DOMAINS.items():
        if any(host == d or host.endswith("." + d) for d in domains):
            return platform
    return None


def classify_activity(*texts: str) -> str:
    """砍价 / 现金 / 拼团 / 助力 / 其他, from the words of the text and the link."""
    joined = " ".join(texts).lower()
    for activity, words in _ACTIVITY_WORDS:
        if any(w in joined for w in words):
            return activity
    return "其他"


def _clean_url(candidate: str) -> tuple[str, str, str] | None:
    """(platform, normalised url, key) for a share URL; None when it is not one."""
    candidate = candidate.rstrip(".,;:!?)]}>'\"")
    if not re.match(r"https?://", candidate, re.I):
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
    if host in SHORT_HOSTS:
        if len(path.strip("/")) < 4:
            return None  # a bare short-link host is not a share
        query = ""
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
    key_query = urlencode(sorted(parse_qsl(query, keep_blank_values=True)))
    return platform, url, f"{platform}:url:{host}{path}?{key_query}"


def find_shares(text: str) -> list[ShareLink]:
    """Every share link or 口令 in ``text``, in order of appearance."""
    norm = normalise(text)
    found: list[tuple[int, ShareLink]] = []
    taken: list[tuple[int, int]] = []

    def add(pos: int, end: int, link: ShareLink) -> None:
        if any(a < end and pos < b for a, b in taken):
            return
        taken.append((pos, end))
        found.append((pos, link))

    for m in _MINIPROGRAM.finditer(norm):
        platform = {"拼多多": "pdd", "淘宝": "taobao", "天猫": "taobao", "京东": "jd"}[m.group(1)]
        add(m.start(), m.end(), ShareLink(platform, classify_activity(norm), "miniprogram",
                                          f"#小程序://{m.group(1)}/{m.group(2)}",
                                          f"{platform}:mp:{m.group(2)}", m.group(0)))  # fmt: skip
    for m in _URL.finditer(norm):
        cleaned = _clean_url(m.group(0))
        if cleaned is None:
            continue
        platform, url, key = cleaned
        add(
            m.start(),
            m.end(),
            ShareLink(platform, classify_activity(norm, url), "url", url, key, m.group(0)),
        )
    for m in _JD_CODE.finditer(norm):
        code = m.group(2)
        add(m.start(), m.end(), ShareLink("jd", classify_activity(norm), "code", f"{m.group(1)}:/!{code}!",
                                          f"jd:code:{code}", m.group(0)))  # fmt: skip
    for m in _TB_CODE.finditer(norm):
        code = m.group(2)
        if code.isdigit():
            continue  # ¥12345678¥ is a price, not a 口令
        platform = "jd" if "京东" in norm and "淘宝" not in norm else "taobao"
        add(m.start(), m.end(), ShareLink(platform, classify_activity(norm), "code", f"{m.group(1)}{code}{m.group(1)}",
                                          f"{platform}:code:{code}", m.group(0)))  # fmt: skip
    if not found and ("淘宝" in norm or "手淘" in norm or "天猫" in norm):
        for m in _TB_PAREN.finditer(norm):
            code = m.group(1)
            if not code.isdigit() and not code.isalpha():
                add(m.start(), m.end(), ShareLink("taobao", classify_activity(norm), "code", f"({code})",
                                                  f"taobao:code:{code}", m.group(0)))  # fmt: skip
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
    for m in _URL.finditer(text if normalised else normalise(text)):
        url = m.group(0).rstrip(".,;:!?)]}>'\"")
        lower = url.lower()
        host = re.sub(r"^https?://", "", lower).split("/", 1)[0].split("@")[-1].split(":")[0]
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
    if _MAYBE_LINK.search(text) is None:
        return 0
    norm = normalise(text)
    codes = sum(len(p.findall(norm)) for p in (_MINIPROGRAM, _JD_CODE, _TB_CODE))
    return len(find_urls(norm, normalised=True)) + codes


def find_share(text: str) -> ShareLink | None:
    """The first share link or 口令 in ``text``, or None."""
    shares = find_shares(text)
    return shares[0] if shares else None


def needed_helpers(text: str, default: int = 1, limit: int = 50) -> int:
    """``需要3人`` / ``还差2刀`` → 3 / 2; ``default`` when the text does not say."""
    m = _NEEDED.search(normalise(text))
    if not m:
        return default
    return max(1, min(int(m.group(1)), limit))
