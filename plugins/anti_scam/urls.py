"""Links as a browser sees them, and what is wrong with them.

Candidates are cut from the normalised text, then parsed by ada (the WHATWG
URL standard, as browsers do: percent-encoded hosts, IPv4 in hex or decimal,
IDNA/UTS46 to punycode). The registrable domain comes from the public suffix
list bundled with tldextract (never fetched at run time). A host is then:

* official — its registrable domain is a platform's (or the group's allow-list);
  its query parameters are checked recursively for a nested link elsewhere;
* a shortener — its target is unknown: held for review;
* a look-alike — a brand name under another domain, or a domain whose
  skeleton (confusables folded to Latin, 0→o, 1→l, rn→m …, no hyphens) equals,
  contains or is within a small edit distance of a brand;
* anything else — an ordinary site (other plugins decide about those).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import parse_qsl, unquote

import idna
from ada_url import HostType, parse_url
from confusable_homoglyphs.confusables import confusables_data
from rapidfuzz.distance import Levenshtein

from huzhu.core.requests.links import DOMAINS

#: extra official domains of each platform (images, payment, international sites)
OFFICIAL = {
    "pdd": (*DOMAINS["pdd"], "pddpic.com", "pinduoduo.net"),
    "taobao": (*DOMAINS["taobao"], "tmall.hk", "alicdn.com", "taobao.net", "alipay.com"),
    "jd": (*DOMAINS["jd"], "jd.hk", "360buy.com", "jdpay.com", "jd.cn"),
    # sites members of English groups share and scammers imitate (no help requests of theirs):
    # their own domains pass, look-alikes are named by the brand
    "Amazon": ("amazon.com", "amazon.cn", "amazon.co.uk", "amazon.de", "amazon.co.jp", "amazon.in",
               "amazon.ca", "amazon.com.au", "amazon.sg", "amzn.to", "amzn.asia", "a.co"),
    "Temu": ("temu.com", "temu.to"),
    "AliExpress": ("aliexpress.com", "aliexpress.us", "a.aliexpress.com"),
    "Shopee": ("shopee.com", "shopee.sg", "shopee.com.my", "shopee.ph", "shopee.co.th", "shopee.vn",
               "shopee.tw", "shopee.co.id", "shp.ee"),
    "Lazada": ("lazada.com", "lazada.sg", "lazada.com.my", "lazada.com.ph", "lazada.co.th"),
    "PayPal": ("paypal.com", "paypal.me"),
}  # fmt: skip
OFFICIAL_DOMAINS = frozenset(d for ds in OFFICIAL.values() for d in ds)
#: the international sites as a Chinese group calls them
SITE_NAMES_ZH = {"Amazon": "亚马逊", "AliExpress": "速卖通"}
#: brand names scammers imitate, with the platform they belong to
BRANDS = {
    "yangkeduo": "pdd", "pinduoduo": "pdd", "pdd": "pdd",
    "taobao": "taobao", "tmall": "taobao", "alipay": "taobao",
    "jingdong": "jd", "360buy": "jd", "jd": "jd",
    "amazon": "Amazon", "temu": "Temu", "aliexpress": "AliExpress", "shopee": "Shopee",
    "lazada": "Lazada", "paypal": "PayPal",
}  # fmt: skip
#: brands too short for edit distance: only an exact (skeleton) label or hyphenated token counts
SHORT_BRANDS = frozenset(b for b in BRANDS if len(b) < 5)
SHORTENERS = frozenset(
    [
        "t.cn",
        "url.cn",
        "dwz.cn",
        "suo.im",
        "suo.nz",
        "bit.ly",
        "tinyurl.com",
        "is.gd",
        "ow.ly",
        "t.co",
        "goo.gl",
        "rebrand.ly",
        "cutt.ly",
        "s.id",
        "v.gd",
        "w.url.cn",
        "sohu.gg",
        "mrw.so",
        "6du.in",
        "kks.me",
        "985.so",
        "rrd.me",
        "u.nu",
    ]
)
_NESTED_WORDS = "url|link|redirect|target|goto|jump|dest|next|return|callback|launch"
#: parameter names that may carry a link (checked even when the value has no scheme)
NESTED_KEYS = re.compile(rf"{_NESTED_WORDS}|to$|u$", re.I)
_NESTED_KEY = re.compile(rf"{_NESTED_WORDS}|(?:to|u)=")


def _maybe_nested(query: str) -> bool:
    """A cheap look at a whole query first: could any parameter carry a link (what ``_nested``
    looks for after decoding: a scheme, ``//``, ``www.``, or a dot under a NESTED_KEYS name)?"""
    q = query.lower()
    if "%" in q:  # %2f%2f, %77ww., an escaped name; decoded twice, as parse_qsl and _nested do
        q = unquote(unquote(q)).lower()
    if "//" in q or "www." in q:
        return True
    # a link-like value needs a dot (a share link's ids and codes have none)
    return "." in q and _NESTED_KEY.search(q) is not None


@cache
def _extractor() -> Any:
    """The public suffix list, read on the first host to judge (not at start-up: a bot with
    many groups starts without it)."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


# scheme-less candidates keep to Latin, Greek and Cyrillic letters so Chinese text
# next to a link is not read as part of its host
_LABEL = r"[a-z0-9%\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff](?:[a-z0-9%\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff_-]{0,62})"
_STOP = "\\s<>\\\"'，。、！？；：（）【】《》「」"
_SCHEME = rf"(?:https?|ftp)://[^{_STOP}]+"
_HOST = (
    rf"(?:{_LABEL}\.){{1,10}}(?:[a-z\u00c0-\u04ff]{{2,24}}|xn--[a-z0-9-]{{2,59}})"
    rf"(?::\d{{1,5}})?(?:[/?#][^{_STOP}]*)?"
)
_IP = r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?:/[^\s]*)?"
# A host starts where a run of label characters starts: starting inside a run could only
# find a label longer than 63 characters, which no DNS name has, and trying every position
# of a long run made the search some 60 times slower.
_HOST_START = r"(?<![a-z0-9%\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff])"
# Userinfo likewise starts where its run starts (after a space, a stop character, "@", "/"
# or ":"), and may be up to 256 characters long: the whole run is the userinfo, as a
# browser reads it.
_USERINFO = rf"(?<![^{_STOP}@/:])[^{_STOP}@/:]{{1,256}}@"
_CANDIDATE = re.compile(rf"{_SCHEME}|(?:{_USERINFO}|{_HOST_START}){_HOST}|{_IP}", re.I)
# the same without the userinfo branch: trying "up to 64 characters, then @" at every
# position made the search 64 times slower, for text that has no "@" to find
_CANDIDATE_NO_AT = re.compile(rf"{_SCHEME}|{_HOST_START}{_HOST}|{_IP}", re.I)
_TRAIL = ".,;:!?)]}>'\"…"


@dataclass(frozen=True, slots=True)
class LinkFinding:
    """Something wrong (or worth review) with a link."""

    kind: str  # userinfo | ip | lookalike | brand_subdomain | nested | shortener | foreign
    host: str
    platform: str = ""  # the imitated or official platform
    detail: str = ""


#: everything but the characters a candidate can have before its first dot or "://" (a host
#: label, a scheme, an IP address's first number)
_BREAK = re.compile(r"(?s:.*)[^a-z0-9%\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff_-]", re.I)
#: the longest stretch of a candidate before its first dot or "://" (a DNS label's 63 characters)
_BEFORE_ANCHOR = 64


def finditer(view: str) -> Iterator[re.Match[str]]:
    """Matches of link-like tokens in the normalised text, in order.

    Every kind of candidate has a dot or ``://`` in it, so text with neither is
    not searched; text with ``@`` is searched whole, with the userinfo branch.
    Otherwise the search starts only where a candidate can: within the run of
    host, scheme or number characters just before the next dot or ``://`` (at
    most 64 of them). The chat and the Chinese around a link are not searched,
    and the matches are the same as a search of the whole text (a candidate has
    no white space, and its look-behinds still see the text before the start).
    """
    if "." not in view and "://" not in view:
        return iter(())
    if "@" in view:
        return _CANDIDATE.finditer(view)
    return _anchored(view)


def _anchored(view: str) -> Iterator[re.Match[str]]:
    pos, find = 0, view.find
    while True:
        dot, scheme = find(".", pos), find("://", pos)
        anchor = dot if scheme < 0 or 0 <= dot < scheme else scheme
        if anchor < 0:
            return
        lo = max(pos, anchor - _BEFORE_ANCHOR)
        brk = _BREAK.match(view, lo, anchor)  # the last character no candidate has
        m = _CANDIDATE_NO_AT.search(view, brk.end() if brk else lo)
        if m is None:
            return
        yield m
        pos = m.end()


def candidates(view: str) -> list[str]:
    """Link-like tokens of the normalised text."""
    return [m.group(0).rstrip(_TRAIL) for m in finditer(view)]


@dataclass(frozen=True, slots=True)
class Parsed:
    host: str  # ASCII (punycode), lower case, no trailing dot
    registrable: str
    subdomain: str
    is_ip: bool
    userinfo: bool
    query: str


@lru_cache(maxsize=8192)
def _split_host(host: str) -> tuple[str, str]:
    """(registrable domain, subdomain) from the public suffix list."""
    ext = _extractor()(host)
    if ext.domain and ext.suffix:
        return f"{ext.domain}.{ext.suffix}", ext.subdomain
    return host, ""


_ATTRS = ("hostname", "username", "password", "search", "host_type")


# A plain ASCII authority (letters, digits, dots, hyphens; no userinfo, port, escapes or
# backslashes) parses to itself in every browser: the hostname is it, lower-cased.
_SIMPLE = re.compile(r"(?:https?://)?([A-Za-z0-9.-]+)(?:[/?#]|$)")


def parse(candidate: str) -> Parsed | None:
    """Parse like a browser; None when it is not a valid web address."""
    m = _SIMPLE.match(candidate)
    if m is not None and len(m.group(1)) > 253:
        return None  # longer than any DNS name: not a host anyone can visit
    if m is not None:
        host = m.group(1).lower().rstrip(".")
        last = host.rsplit(".", 1)[-1]
        if host and ".." not in host and not last.isdigit() and not last.startswith("0x"):
            rest = candidate[m.end(1) :].split("#", 1)[0]
            query = rest[rest.index("?") :] if "?" in rest else ""
            registrable, subdomain = _split_host(host)
            return Parsed(host, registrable, subdomain, False, False, query)
    url = candidate if re.match(r"[a-z][a-z0-9+.-]*://", candidate, re.I) else "http://" + candidate
    try:
        parts = parse_url(url, attributes=_ATTRS)
    except ValueError:
        return None
    host = parts["hostname"].lower().rstrip(".")
    if not host or len(host) > 253:
        return None
    is_ip = parts["host_type"] in (HostType.IPV4, HostType.IPV6)
    if is_ip:
        return Parsed(
            host, host, "", True, bool(parts["username"] or parts["password"]), parts["search"]
        )
    registrable, subdomain = _split_host(host)
    return Parsed(host, registrable, subdomain, False, bool(parts["username"] or parts["password"]),
                  parts["search"])  # fmt: skip


def _build_skeleton_map() -> dict[int, str]:
    table: dict[int, str] = {}
    for char, entries in confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        for entry in entries:
            c = entry["c"].lower()
            if len(c) == 1 and c.isascii() and c.isalnum():
                table[ord(char)] = c
                break
    return table


_SKELETON = _build_skeleton_map()
_DIGITS = str.maketrans(
    {"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "|": "l"}
)
_MULTI = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("ii", "u"))


@lru_cache(maxsize=8192)
def skeleton(label: str) -> str:
    """What a label looks like: Unicode look-alikes → Latin, 0→o 1→l …, rn→m, no separators."""
    if label.startswith("xn--") or ".xn--" in label:
        with contextlib.suppress(idna.IDNAError):
            label = idna.decode(label)
    label = label.lower().translate(_SKELETON).translate(_DIGITS)
    label = re.sub(r"[-_.]", "", label)
    for a, b in _MULTI:
        label = label.replace(a, b)
    return label


# brands as they look (so "yangkeduo" also matches a skeleton that folded "rn"→"m" or "1"→"l")
_BRAND_SKELETONS = {skeleton(b): b for b in BRANDS}


def imitated_brand(label: str) -> str | None:
    """The brand a domain label imitates, or None."""
    sk = skeleton(label)
    if not sk:
        return None
    tokens = [skeleton(t) for t in re.split(r"[-_]", label.lower()) if t]
    for bsk, brand in _BRAND_SKELETONS.items():
        if brand in SHORT_BRANDS:
            if sk == bsk or bsk in tokens:
                return brand
            continue
        if bsk in sk:  # equal, padded (yangkeduo-vip, myyangkeduo) or hyphenated
            return brand
        limit = 1 if len(bsk) < 8 else 2
        if (
            abs(len(sk) - len(bsk)) <= limit
            and Levenshtein.distance(sk, bsk, score_cutoff=limit) <= limit
        ):
            return brand
    return None


def official_platform(registrable: str, allow: frozenset[str]) -> str | None:
    """The platform of an official domain ("" for a group's own allow-listed domain), or None."""
    for platform, domains in OFFICIAL.items():
        if registrable in domains:
            return platform
    return "" if registrable in allow else None


#: a bare e-mail address: no scheme, and nothing after the host
_EMAIL = re.compile(r"([^@/:?#\\]+)@[a-z0-9.-]+", re.I)


@lru_cache(maxsize=8192)
def _has_suffix(host: str) -> bool:
    """Whether the name ends in a public suffix (a name no longer than DNS allows)."""
    return len(host) <= 253 and bool(_extractor()(host).suffix)


def _not_a_link(candidate: str, p: Parsed) -> bool:
    """Written without a scheme, what no browser would open: a host under no public suffix (the
    ``a@g.Ob`` inside every 抖音 share text), or an e-mail address (``zhangsan@163.com``) whose
    part before ``@`` is not itself a host (``yangkeduo.com@evil.cn`` stays a userinfo trick)."""
    if p.is_ip or "://" in candidate:
        return False
    if not _has_suffix(p.host):
        return True
    m = _EMAIL.fullmatch(candidate) if p.userinfo else None
    return m is not None and not _has_suffix(m.group(1).lower())


def analyse(
    candidate: str, allow: frozenset[str] = frozenset(), depth: int = 0
) -> list[LinkFinding]:
    """What is wrong with one link (empty: nothing; ``foreign`` marks an ordinary other site)."""
    p = parse(candidate)
    if p is None or _not_a_link(candidate, p):
        return []
    if p.userinfo:
        return [LinkFinding("userinfo", p.host)]
    if p.is_ip:
        return [LinkFinding("ip", p.host)]
    platform = official_platform(p.registrable, allow)
    if platform is not None:
        return _nested(p, allow, depth)
    if p.registrable in SHORTENERS or p.host in SHORTENERS:
        return [LinkFinding("shortener", p.host)]
    for label in p.subdomain.split(".")[-10:] if p.subdomain else ():
        brand = imitated_brand(label)
        if brand is not None and len(label) > 2:
            return [LinkFinding("brand_subdomain", p.host, BRANDS[brand], label)]
    name = p.registrable.split(".", 1)[0]
    brand = imitated_brand(name)
    if brand is not None:
        return [LinkFinding("lookalike", p.host, BRANDS[brand], brand)]
    return [LinkFinding("foreign", p.host)]


def _nested(p: Parsed, allow: frozenset[str], depth: int) -> list[LinkFinding]:
    """Official links whose parameters carry a link to somewhere else (checked recursively)."""
    if not p.query or depth >= 3 or not _maybe_nested(p.query):
        return []
    for key, value in parse_qsl(p.query.lstrip("?"), keep_blank_values=True):
        value = unquote(value).strip()
        looks = (
            "://" in value
            or value.startswith(("//", "www."))
            or (NESTED_KEYS.search(key) and "." in value)
        )
        if not looks:
            continue
        found = candidates(value.removeprefix("//"))
        for cand in found[:3]:
            inner = analyse(cand, allow, depth + 1)
            bad = [f for f in inner if f.kind != "foreign"]
            if bad:
                return [LinkFinding("nested", p.host, detail=bad[0].host)]
            if inner:  # an ordinary other site behind an official link: a redirect trick
                return [LinkFinding("nested", p.host, detail=inner[0].host)]
    return []
