"""内容 (content): word lists for ads and off-topic posts, matched after Unicode folding."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import field_validator

from huzhu.core import (
    Catalog,
    GroupContext,
    HelpRequest,
    MessageEvent,
    PluginConfig,
    PluginMeta,
    Role,
    Severity,
    Verdict,
    hookimpl,
)
from huzhu.core.commands import split_command
from huzhu.core.events import folded, normalized
from huzhu.core.i18n import join_list
from huzhu.core.requests.links import (
    PLATFORM_NAMES,
    PLATFORM_NAMES_EN,
    SCAN_LIMIT,
    find_shares,
    find_urls,
    fold,
    fold_nfkc,
)
from huzhu.plugins.anti_scam.warning_frame import channel, demand, frame, warns

SeverityName = Literal["review", "minor", "severe"]
PlatformName = Literal["pdd", "taobao", "jd"]
_PLATFORM_ALIASES = {"拼多多": "pdd", "pinduoduo": "pdd", "淘宝": "taobao", "天猫": "taobao", "tmall": "taobao",
                     "京东": "jd"}  # fmt: skip
_REQUEST_COMMANDS = ("求助", "post")
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
    #: links (share links and web addresses) only inside /求助, not in chat
    links_only_in_requests: bool = False
    #: platforms whose share links this group accepts (empty: all); pdd, taobao, jd
    #: (拼多多, 淘宝/天猫 and 京东 also work): e.g. [pdd] for a 拼多多-only group
    platforms: tuple[PlatformName, ...] = ()

    @field_validator("platforms", mode="before")
    @classmethod
    def _platforms(cls, value: object) -> object:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list | tuple):
            return tuple(_PLATFORM_ALIASES.get(str(v).strip().lower(), v) for v in value)
        return value

    @field_validator("words")
    @classmethod
    def _not_blank(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        if any(not fold(w) for w in words):
            raise ValueError("a word must contain letters or digits")
        return words


TEXTS = Catalog(
    {
        "zh": {
            "banned": "消息包含本群不允许的内容「{word}」",
            "banned_warning": "消息提到本群不允许的「{word}」，但看起来是在提醒大家防骗，所以没有撤回、不计违规。是提醒就不用处理；若其实是广告，请手动撤回，需要时用 /警告",
            "rule_content.words": "禁止广告和违禁词",
            "rule_content.links": "链接只能在求助中发布",
            "rule_content.platform": "本群只接受指定平台",
            "links_only": "本群的链接只能用 /求助 发布（/求助 加上链接），不要直接发在聊天里。",
            "platform_only": "本群只接受{allowed}的链接，{platform}的请发到对应的群。",
        },
        "en": {
            "banned": "The message contains something not allowed here: '{word}'",
            "banned_warning": "The message mentions '{word}', which is not allowed here, but reads as a warning to others, so it stays and counts no strike. Nothing to do if it is one; if it is an ad after all, remove it by hand and /warn if needed",
            "rule_content.words": "no ads or banned words",
            "rule_content.links": "links only inside requests",
            "rule_content.platform": "only some platforms here",
            "links_only": "Links go in /post <link> here, not in the chat.",
            "platform_only": "This group only takes {allowed} links; please post {platform} links in a group for them.",
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "words": "违禁词",
    "severity": "违规严重程度",
    "remove": "警告时也撤回消息",
    "links_only_in_requests": "链接只能在求助中发",
    "platforms": "只收这些平台的链接",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "words": "banned words",
    "severity": "severity",
    "remove": "also remove warned messages",
    "links_only_in_requests": "links only in requests",
    "platforms": "links from these platforms only",
}

__plugin_meta__ = PluginMeta(
    name="content",
    title="内容规则",
    title_en="content rules",
    aliases=("违禁词", "广告词", "内容"),
    labels=LABELS,
    labels_en=LABELS_EN,
    description="内容规则：广告词、违禁词（忽略大小写、全角、隐形字符和间隔符）、链接只能在求助中发、只收指定平台",
    description_en="content rules: ad and banned words (ignoring case, full-width, invisible characters, separators), links only in requests, allowed platforms",
    config=Config,
    texts=TEXTS,
)


@lru_cache(maxsize=256)
def _matcher(words: tuple[str, ...]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    folded = {fold(w): w for w in words}
    if not folded:
        return None, {}
    # a literal alternation: linear in the text, no backtracking blow-up
    pattern = re.compile("|".join(re.escape(w) for w in sorted(folded, key=len, reverse=True)))
    return pattern, folded


@hookimpl
def check_message(ctx: GroupContext, event: MessageEvent) -> list[Verdict] | None:
    """Flag listed words; with the options on, links outside requests and other platforms' links."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    verdicts = []
    pattern, originals = _matcher(cfg.words)
    # the words are looked for in the first SCAN_LIMIT characters (bounded work per message);
    # anti_scam removes a longer message unread
    # (the text is read in the NFKC form the engine computes once for every rule)
    nfkc = normalized(event)
    # the list is the owner's against members' ads: an owner's or admin's own announcement
    # ("本群禁止刷单、加微信…") names the words to forbid them and is not removed for it
    text = (
        None
        if pattern is None or event.sender.role >= Role.ADMIN
        else folded(event)
        if len(nfkc) <= SCAN_LIMIT
        else fold_nfkc(nfkc[:SCAN_LIMIT])
    )
    match = None if text is None or pattern is None else pattern.search(text)
    if match is not None and pattern is not None and text is not None:
        verdict = _words_verdict(
            ctx, cfg, originals[match.group(0)], nfkc[:SCAN_LIMIT], pattern, text
        )
        if verdict is not None:
            verdicts.append(verdict)
    if cfg.links_only_in_requests or cfg.platforms:
        split = split_command(event.text)
        in_request = split is not None and split[0].lower() in _REQUEST_COMMANDS
        shares = find_shares(event.text) if cfg.platforms or not in_request else []
        if cfg.links_only_in_requests and not in_request and (shares or find_urls(event.text)):
            verdicts.append(Verdict(rule="content.links", severity=_SEVERITY[cfg.severity],
                                    reason=ctx.t("links_only"), evidence={}, remove=True))  # fmt: skip
        elif cfg.platforms and not in_request:
            foreign = [s.platform for s in shares if s.platform not in cfg.platforms]
            if foreign:
                verdicts.append(_platform_verdict(ctx, cfg, foreign[0]))
    return verdicts or None


#: a listed word said not to be done, right before it: 不加微信, 不能刷单, 禁止刷单, 别加微信,
#: 不会/不准/不要/不允许 …; 要不/何不 (an invitation) are no negation, nor 能不能/加不加 (a question)
_NEGATION = re.compile(
    r"(?:(?<![要何])不|别|勿|莫|没|禁止|严禁|拒绝|杜绝|谢绝)"
    r"(?:要|能|会|准|许|允许|用|得|可以|再|也|都|去|来|乱|随便|私自|擅自){0,2}$"
)
#: a group rule quoted in the same clause as the word: 群主说刷单的踢, 群规第三条：加微信拉人的…
_RULE_QUOTED = re.compile(r"群主说|群规|管理员?说|群公告|本群规定|规定|禁止|严禁|不允许|不准")
#: what ends a clause (a rule or a negation says nothing about the next one)
_CLAUSE_END = re.compile(r"[，,。.！!？?；;\n~～]")


def _said_no(view: str, pattern: re.Pattern[str], folded_text: str) -> bool:
    """True when every listed word in ``view`` (NFKC) is negated (不加微信, 不能刷单) or quoted
    from a rule in its clause (群主说/群规/禁止 …). A word found only once separators are
    taken out (加 微-信) was written to slip past: never excused."""
    text = view.lower()
    spots = [m.start() for m in pattern.finditer(text)]
    if not spots or len(spots) < len(pattern.findall(folded_text)):
        return False
    for at in spots:
        clause = _CLAUSE_END.split(text[:at])[-1][-12:]
        if _RULE_QUOTED.search(clause):
            continue
        neg = _NEGATION.search(clause)
        if neg is None:
            return False
        start = neg.start()
        after = clause[start + 1] if start + 1 < len(clause) else text[at]
        if clause[start] == "不" and start > 0 and clause[start - 1] == after:
            return False  # 能不能加微信, 加不加微信: a question, not a no
    return True


def _words_verdict(
    ctx: GroupContext, cfg: Config, word: str, view: str, pattern: re.Pattern[str], text: str
) -> Verdict | None:
    """The verdict on a message with a listed ``word`` (``view``: its NFKC text, ``text``: folded).

    None when the word is said no to ("我不加微信的哈"), quoted from the rules ("群主说了不能刷单")
    or warned of ("刷单的都是骗子，别信") and the message gives no way to reach the poster and
    asks nothing: an ad names a contact or a pitch ("加微信领券", "刷单日结 加我").
    """
    if warns(view) is not None:
        return None  # a warning, the rules or a retelling that asks nothing and moves no money
    warned = frame(view)
    strong = warned is not None and warned.strength == "strong"
    if (strong or _said_no(view, pattern, text)) and channel(view) is None and demand(view) is None:
        return None
    if warned is not None and strong:
        # "让我加微信，我直接挂了，大家小心 vx123": a warning that still gives a contact; no
        # strike and nothing removed, the admins are asked (anti_scam reads its pitch)
        return Verdict(rule="content.words", severity=Severity.REVIEW,
                       reason=ctx.t("banned_warning", word=word),
                       evidence={"word": word, "warning": list(warned.words)}, remove=False)  # fmt: skip
    return Verdict(rule="content.words", severity=_SEVERITY[cfg.severity],
                   reason=ctx.t("banned", word=word), evidence={"word": word}, remove=cfg.remove)  # fmt: skip


def _platform_verdict(ctx: GroupContext, cfg: Config, platform: str) -> Verdict:
    names = PLATFORM_NAMES_EN if ctx.language == "en" else PLATFORM_NAMES
    return Verdict(
        rule="content.platform",
        severity=Severity.MINOR,
        reason=ctx.t(
            "platform_only",
            allowed=join_list((names[p] for p in cfg.platforms), ctx.language),
            platform=names[platform],
        ),
        evidence={"platform": platform},
        remove=True,
    )


@hookimpl
def check_request(ctx: GroupContext, request: HelpRequest, event: MessageEvent) -> Verdict | None:
    """Refuse a request for a platform the group does not take."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    if cfg.platforms and request.platform not in cfg.platforms:
        return _platform_verdict(ctx, cfg, request.platform)
    return None
