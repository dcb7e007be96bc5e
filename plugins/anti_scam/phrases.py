"""Scam phrases: a rule set matched in one Aho-Corasick pass over folded text.

A rule fires when every one of its word groups has a hit (``押金`` and ``转账``),
so rules stay precise without regular expressions, and adding words or rules
costs nothing per message (the automaton does one pass whatever its size).
Folding undoes the usual disguises first: spaces and symbols between
characters, full-width forms, 薇/威/徽信 → 微信, 扣扣/企鹅 → qq, +v / vx / wx → 微信.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import ahocorasick
from pydantic import BaseModel, ConfigDict, Field

from huzhu.core.requests.links import SEPARATORS

from .hanzi import simplified

Level = Literal["review", "minor", "severe"]


class PhraseRule(BaseModel):
    """One rule: fires when each group in ``all`` has a word in the message."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    category: Literal[
        "prepay", "credential", "paid_help", "impersonation", "off_group", "loan_ad", "other"
    ] = "other"
    severity: Level = "minor"
    all: tuple[tuple[str, ...], ...] = Field(min_length=1, max_length=4)
    #: also needs a contact id (a 5–11 digit number or a WeChat-style id) in the message
    needs_contact: bool = False
    #: does not fire when any of these words is in the message (a warning that names the trick)
    none: tuple[str, ...] = ()


def _r(
    id_: str,
    category: str,
    severity: str,
    *groups: str,
    needs_contact: bool = False,
    none: str = "",
) -> PhraseRule:
    return PhraseRule(id=id_, category=category, severity=severity,  # type: ignore[arg-type]
                      all=tuple(tuple(g.split()) for g in groups), needs_contact=needs_contact,
                      none=tuple(none.split()))  # fmt: skip


#: "千万不要…" that warns (not "千万不要告诉别人", which is a scammer's secrecy)
NEVER = ("千万不要相信 千万不要转 千万不要点 千万不要填 千万不要下载 千万不要给 千万不要扫 千万不要加 "
         "千万别转 千万别点 千万别填 千万别信 千万别扫 千万别给 千万别下载 千万别加")  # fmt: skip
#: (a warning about a trick — "都是骗局", "官方不会让你…" — is not vetoed by word lists here: the
#: warning frame, warning_frame.py, reads it, and keeps it flagged when it gives a channel)
#: a warning that names 刷单 or 代助 as a trick ("反诈讲座说刷单返利是骗局")
#: (not "诈骗" alone: a fake officer says 涉嫌电信诈骗, a recruiter "刷单不是诈骗")
CALLED_FRAUD = "都是诈骗 就是诈骗 都是贷款诈骗 都是电信诈骗 诈骗手段 诈骗套路 诈骗类型 防诈"
TALK_OF_SCAMS = ("骗局 被骗 防骗 谨防 警惕 都是骗 骗人的 反诈讲座 反诈宣传 反诈提醒 警方提醒 "
                 "禁止刷单 禁止代助 禁止有偿 一律是 " + CALLED_FRAUD)  # fmt: skip
#: a warning that names a fee as a trick ("解冻费都是骗局"): words a scammer does not use
CALLED_A_SCAM = "都是骗 骗人的 反诈讲座 反诈宣传 反诈提醒 警方提醒 谨防 别信 " + CALLED_FRAUD
#: "取件码发我手机上了": something sent to the member's phone, not asked of anyone
SENT_TO_ME = "发我手机 发到我手机 发我短信 发到我的手机"
#: boss block (boss6): a member who advanced money for work himself ("领导让我先垫付，回来走报销流程")
OWN_ADVANCE = "让我先垫 让我垫 自己垫付 自己先垫 报销流程 走报销 我垫付了 我先垫了 垫付的 我先付了 我先买单 我先交了"
#: a deposit that is not asked for: a shop's presale (付定金…付尾款), "nobody asked me to pay"
NOT_ASKED = "尾款 预售 定金膨胀 没让 不用交 不需要交 不收 不会收 不会让 " + OWN_ADVANCE
#: a member's own rent deposit ("交了房租押金2000，房东说退房时退"): paid to a landlord, not asked by anyone here
OWN_DEPOSIT = "房租 房东 租房 退房 押一付 押二付 租金 中介费"
#: the member was there in person (a 派出所 window, a bank counter): a photo taken or a document
#: shown there is not one sent to a stranger
IN_PERSON = ("柜台 柜员 网点 营业厅 窗口 去银行 到银行 在银行 去派出所 到派出所 在派出所 户籍 大厅 现场 "
             "当面 线下 本人带 带身份证 带上身份证 带着身份证 拿身份证")  # fmt: skip
#: "(验证码 / 卡号 / 身份证)给我": something handed over — not "银行给我打电话", "给我发短信"
#: (to me), which tell how the member was reached
GIVE_ME = (
    "码给我 号给我 证给我 卡给我 图给我 照给我 片给我 它给我 给我看 给我一下 给我吧 给我好吗 给我拍"
)
#: what a fake 客服 or "official" calls about
KEFU_PRETEXT = "退款 理赔 赔付 解冻 冻结 异常 注销 扣费 补偿 退费 中奖"
#: a member telling how a real refund went ("联系客服理赔了，钱退到支付宝了"), a shop's or
#: platform's notice that a refund went through, or a visit in person
KEFU_NONE = ("理赔了 退款了 赔了我 退到 到账了 客服说 申请了 找了客服 问了客服 所谓的 报警 挂了 "
             "挂掉 接到了 接到一个 接到过 "
             "已到账 退款成功 已退款 已退回 已经退回 已经退到 已经到账 已经退款 退回到 原路退回了 退回了 "
             + IN_PERSON)  # fmt: skip
#: in a message longer than this (folded), a rule's words must all fall within this many
#: characters of each other: one sentence, not three unrelated ones
WINDOW = 24


PAY = "转账 转钱 付款 支付 打款 汇款 扫码 交 付 元 块 红包 微信转 充值"
DEFAULT_RULES: tuple[PhraseRule, ...] = (
    _r("deposit", "prepay", "severe", "押金 保证金 预付 先付 定金 订金 垫付 解冻费 激活费 手续费 入会费 入群费 进群费 会员费 刷流水 认证费", PAY,
       none=NOT_ASKED + " " + OWN_DEPOSIT),
    _r("pay_to_help", "prepay", "severe", "先交 先付 先转 先充", "助力 砍价 砍 提现 到账 领取 返"),
    # help sold for money ("出售助力包", "付费助力 秒到账"): an ad for paid 代助, not a deposit
    _r("buy_help", "paid_help", "severe", "助力包 购买助力 买助力 砍价包 付费助力", "助力 砍价 砍 提现 到账 领取 返"),
    _r("code_request", "credential", "severe",
       "验证码 动态码 短信码 校验码 登录码 支付密码 密码 口令码 cvv cvn 安全码 背面三位 背面的三位 背后三位",
       "发我 发给我 告诉我 " + GIVE_ME + " 私发 发一下我 报给我 报一下 截图给我 截图发 发过来 提供给我 念一下",
       none=SENT_TO_ME),
    _r("account_request", "credential", "severe",
       "身份证 银行卡 卡号 支付宝账号 账号密码 实名", "发我 发给我 " + GIVE_ME + " 私发 发过来 截图发",
       none=SENT_TO_ME),
    # "请提供身份证照片" asked of the reader (请/你/您); not "房东让我提供身份证", a photo taken at a
    # 派出所 window, a bank counter or a hotel desk
    _r("account_photo", "credential", "severe",
       "身份证 银行卡 卡号 支付宝账号 账号密码 实名", "提供 拍照 截图", "请 你 您 麻烦",
       none=SENT_TO_ME + " " + IN_PERSON),
    # a 助力 or red packet that "needs" an ID and a bank card (asked of the reader, not just named)
    _r("help_id_bank", "credential", "review", "助力 砍一刀 砍价 领现金 提现 红包 到账 领取",
       "身份证", "银行卡 卡号 银行账户", "需要 要你 你的 填 提供 绑定 发我 发给我 告诉我 给我"),
    _r("screen_share", "credential", "severe", "共享屏幕 屏幕共享 远程协助 下载会议 腾讯会议 zoom", "客服 退款 理赔 助力 提现 解冻"),
    _r("paid_help", "paid_help", "minor", "代助 代砍 代刷 有偿助力 付费助力 收费助力 助力收费 代助收费 帮砍收费 包砍 包成功 秒砍"),
    _r("brushing", "paid_help", "minor", "刷单 刷信誉 刷好评 返利群 返佣 高佣 日结 躺赚 兼职赚 点赞赚 做任务赚"),
    # the scammer's own channel: a link to click, an app to download, "加我 / 私聊" …
    _r("kefu", "impersonation", "severe", "客服 官方 工作人员 平台", KEFU_PRETEXT,
       "加我 加客服 请加 添加 点击 链接 下载 私聊 私信", none=KEFU_NONE),
    # … or a phone, QQ or WeChat id that is not an official hotline ("打了12333官方电话核实",
    # "在微信里联系官方客服申诉": a member's own way to the real platform)
    _r("kefu_contact", "impersonation", "severe", "客服 官方 工作人员 平台", KEFU_PRETEXT,
       "加 联系 电话 qq 微信", needs_contact=True, none=KEFU_NONE),
    # "花呗白条套现、信用卡提额" offered with a contact (digits spaced out or in Chinese numerals)
    _r("cash_out", "loan_ad", "minor",
       "套现 提额 强开 代开 代办信用卡 花呗开通 开通花呗 白条开通 开通白条 借呗开通 开通借呗 提现秒到 "
       "花呗提现 白条提现 花呗可以提现 白条可以提现 花呗取现 白条取现 信用卡取现",
       "私我 私聊 私信 加我 联系 找我 滴滴 微信 qq 电话 威 薇 v", needs_contact=True),
    # …or with an invitation to get in touch ("有需要加我"), the contact given in private
    _r("cash_out_invite", "loan_ad", "minor",
       "套现 强开 代开 代办信用卡 花呗提现 白条提现 花呗取现 白条取现 信用卡取现",
       "有需要加我 需要的加我 有需要私 需要的私 有需要滴 需要的滴 有需要联系 需要的联系 有需要找我 需要的找我"),
    _r("off_group", "off_group", "minor", "加我 加q 加qq 加微信 加好友 私聊 私信 联系我 找我 滴滴我 私我 扣我 戳我 详聊 来撩",
       "qq 微信 企鹅 电报 tg telegram 飞机", needs_contact=True),
    # a loan ad ("新口子放水 不看大数据 秒批8000 私我"): its own words, and a way to reach it;
    # a warning that names them is left to the warning frame, which also looks for a channel
    _r("loan_ad", "loan_ad", "minor",
       "新口子 下款口子 网贷口子 贷款口子 口子放水 秒批 秒下款 当天下款 包下款 不看征信 无视征信 不查征信 "
       "不看大数据 无视逾期 黑户可做 黑户也能 黑白户 无抵押贷",
       "私我 私聊 私信 加我 联系我 找我 滴滴我 详聊 需要的 有需要 有意 扣1 咨询 微信 qq 电话"),
)  # fmt: skip

_DISGUISES = (
    (re.compile(r"➕v|\+v|加v(?![a-z])"), "加微信"),
    (re.compile(r"[薇威徽嶶]信|v信|微x|vx|wx|weixin|wechat|威x"), "微信"),
    (re.compile(r"扣扣|蔻蔻|抠抠|企鹅号|q号|扣号|qq号|球球"), "qq"),
)
# characters each disguise needs (one of them): most text has none, and then its pattern is
# not run ("weixin" has an "x"; "企鹅" and "球球" are found by their first character)
_DISGUISE_MARKS = (
    ("v",),
    ("信", "x", "wechat"),
    ("扣", "蔻", "抠", "企", "号", "球"),
)
# a QQ number, or a WeChat-style id (a letter, then 5–19 letters/digits/_/-, with a digit somewhere)
_CONTACT = re.compile(
    r"(?<!\d)\d{5,11}(?!\d)|(?<![a-z0-9_])[a-z](?=[a-z_-]*\d)[a-z0-9_-]{5,19}(?![a-z0-9_])", re.I
)

#: numbers that are nobody's contact: the anti-fraud (96110) and complaint hotlines, the
#: police, official 95 and 10 numbers — a warning that says "打96110问" gives no channel
OFFICIAL_NUMBER = re.compile(r"^(?:96110|110|12\d{3}|95\d{3,4}|10\d{3,4})$")


#: a number written in Chinese numerals to slip past digit checks ("扣扣 二七六九四三零八一",
#: "壹叁捌 零零伍"): a run of five or more, read as digits (fewer are ordinary words: 一二三)
_NUMERALS = "零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖幺"
_NUMERAL_RUN = re.compile(f"[{_NUMERALS}](?:[\\s\\-]?[{_NUMERALS}]){{4,}}")
_NUMERAL_DIGITS = str.maketrans(_NUMERALS, "001234567891234567891")


def _numeral(m: re.Match[str]) -> str:
    return "".join(ch for ch in m.group(0).translate(_NUMERAL_DIGITS) if ch.isdigit())


def numerals(text: str) -> str:
    """``text`` with runs of five or more Chinese numerals written as digits."""
    return _NUMERAL_RUN.sub(_numeral, text)


def has_contact(view: str) -> bool:
    """Whether ``view`` carries a QQ number or WeChat-style id (official hotlines are not one),
    digits spaced out or written in Chinese numerals too."""
    return any(
        not OFFICIAL_NUMBER.match(m.group(0))
        for m in _CONTACT.finditer(numerals(SEPARATORS.sub("", view)))
    )


#: pinyin initials members and scammers type for the words they do not want matched
_PINYIN = {"zfb": "支付宝", "yhk": "银行卡", "sfz": "身份证", "yzm": "验证码", "xyk": "信用卡"}
_PINYIN_RE = re.compile("|".join(_PINYIN))


def _pinyin(m: re.Match[str]) -> str:
    return _PINYIN[m.group(0)]


def fold(view: str) -> str:
    """Lower case, no separators between characters, traditional characters simplified,
    disguises undone (input: the normalised view)."""
    text = simplified(SEPARATORS.sub("", view.lower()))
    text = _PINYIN_RE.sub(_pinyin, text)  # no match (the usual case): the same string back
    for (pattern, replacement), marks in zip(_DISGUISES, _DISGUISE_MARKS, strict=True):
        for m in marks:
            if m in text:
                text = pattern.sub(replacement, text)
                break
    return text


@dataclass
class _Compiled:
    automaton: ahocorasick.Automaton | None
    rules: tuple[PhraseRule, ...]
    #: word → [(rule index, group index)]
    words: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


_compiled: dict[int, _Compiled] = {}


def compile_rules(rules: tuple[PhraseRule, ...]) -> _Compiled:
    """The automaton for a rule set (cached by identity: configs are frozen, hashing them is slow)."""
    hit = _compiled.get(id(rules))
    if hit is not None and hit.rules is rules:
        return hit
    if len(_compiled) > 256:
        _compiled.clear()
    _compiled[id(rules)] = compiled = _build(rules)
    return compiled


def _build(rules: tuple[PhraseRule, ...]) -> _Compiled:
    compiled = _Compiled(None, rules)
    for ri, rule in enumerate(rules):
        for gi, group in enumerate(rule.all):
            for word in group:
                key = fold(word)
                if key:
                    compiled.words.setdefault(key, []).append((ri, gi))
        for word in rule.none:
            key = fold(word)
            if key:
                compiled.words.setdefault(key, []).append((ri, -1))
    if compiled.words:
        automaton = ahocorasick.Automaton()
        for key in compiled.words:
            automaton.add_word(key, key)
        automaton.make_automaton()
        compiled.automaton = automaton
    return compiled


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """A rule that fired, and the words that made it fire."""

    rule: PhraseRule
    words: tuple[str, ...]


def match(
    view: str, rules: tuple[PhraseRule, ...], *, folded: str | None = None
) -> list[PhraseHit]:
    """Every rule of ``rules`` that fires on the normalised text ``view``
    (``folded``: its ``fold()``, when the caller has it already)."""
    compiled = compile_rules(rules)
    if compiled.automaton is None:
        return []
    if folded is None:
        folded = fold(view)
    # rule → group → {word: end positions}; a word said many times keeps its first few places
    hits: dict[int, dict[int, dict[str, list[int]]]] = {}
    long = len(folded) > WINDOW
    counts: dict[str, int] = {}
    words = compiled.words
    for end, key in compiled.automaton.iter(folded):
        n = counts.get(key, 0)
        if n >= (8 if long else 1):  # short texts need no places: the first hit is enough
            continue
        counts[key] = n + 1
        for ri, gi in words[key]:
            hits.setdefault(ri, {}).setdefault(gi, {}).setdefault(key, []).append(end)
    out = []
    contact: bool | None = None
    for ri, groups in hits.items():
        rule = rules[ri]
        if -1 in groups or len(groups) < len(rule.all):
            continue
        if long and not _near(groups, len(rule.all)):
            continue
        if rule.needs_contact:
            if contact is None:
                contact = has_contact(view)
            if not contact:
                continue
        out.append(PhraseHit(rule, tuple(next(iter(groups[g])) for g in range(len(rule.all)))))
    return out


def _near(groups: dict[int, dict[str, list[int]]], n: int) -> bool:
    """Whether one word of each group falls within ``WINDOW`` characters of the others."""
    places = [sorted(p for ps in groups[g].values() for p in ps) for g in range(n)]
    for anchor in places[0]:
        lo, hi = anchor, anchor
        for other in places[1:]:
            nearest = min(other, key=lambda p: abs(p - anchor))
            lo, hi = min(lo, nearest), max(hi, nearest)
        if hi - lo <= WINDOW:
            return True
    return False
