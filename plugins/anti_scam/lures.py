"""Lures the four scripts do not tell: a prize that costs money first, an investment that
cannot lose, a card "suspended" by a notice with a number to call, and a pitch dressed as a
member's question.

Each is read as a mechanism — what the writer promises or threatens, and what the reader must
do, or the offer the writer makes in their own voice — never by one word:

* **prize**: the reader has won (恭喜您…中奖, 幸运观众, 被抽中) and must pay a tax, a fee, the
  postage or a deposit before claiming it (领取前需缴纳…, 先交…才能领取);
* **invest**: a return that cannot fail (稳赚不赔, 保本, 零风险) or a high rate (年化35, 日收益,
  翻倍), and a move only a 杀猪盘 makes: inside information or a "loophole", money topped up
  first, "I'll guide you", places running out, or the writer's own channel offered;
* **suspend**: a 社保/医保/ETC/phone card or account "suspended" or about to be 注销, and a
  private number (not an institution's short line: 12333, 10086, 955xx) to call about it;
* **pitch**: a question (有人知道…靠谱吗, 这正常吗) or a report of the writer's own gains (我做了
  三天赚了500) around an offer to the reader in the writer's voice (想试的私聊我, 我拉你进去,
  有人要吗) of something only a scam sells: paid tasks, insider places, cheap loans, a platform.

A member who tells of their own fund (我买的基金今年收益5%), a real win, or asks about a platform
without offering it, reads as none of them; a text that warns (骗子, 别信, 千万不要) and offers
nothing is left to the others. Texts are folded (lower case, simplified, no punctuation or
spaces): ``年化8.6%`` reads ``年化86``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: (concept id, stage, zh, en): names used in the verdict's explanation (scripts._BY_ID)
NAMES: tuple[tuple[str, str, str, str], ...] = (
    ("lu_won", "why", "说你中了奖", "says you have won a prize"),
    (
        "lu_prize_fee",
        "do",
        "领奖前要你先交税费或运费",
        "wants a tax, fee or deposit paid before the prize",
    ),
    ("lu_sure", "why", "保证稳赚不赔", "promises returns that cannot lose"),
    (
        "lu_inside",
        "why",
        "说有内部消息或平台漏洞",
        "claims inside information, a loophole or a 'teacher'",
    ),
    ("lu_deposit", "do", "要你先充值投钱", "wants money topped up or invested first"),
    ("lu_guide", "do", "说要带你操作", "offers to guide you through it"),
    ("lu_scarce", "do", "催你名额有限", "presses that places are running out"),
    (
        "lu_card",
        "why",
        "说你的卡被停用或注销",
        "says your social-security, medical or phone card is suspended",
    ),
    ("lu_call", "do", "要你打一个私人号码", "wants you to call a private number about it"),
    (
        "lu_status",
        "why",
        "说你的账户涉案或被冒用",
        "says your account is involved in a case, banned or misused",
    ),
    (
        "lu_enter",
        "do",
        "要你在陌生网站填身份证或密码",
        "wants your ID or password typed into an unknown site",
    ),
    ("lu_frozen", "why", "说账户被冻结不能提现", "says your account is frozen and cannot withdraw"),
    ("lu_topup", "do", "要你先充钱才能解冻", "wants money topped up before it unfreezes"),
    ("lu_kin", "who", "说亲友有内部门路", "claims a relative's inside track"),
    ("lu_asks", "who", "装成群友提问", "dressed as a member's question"),
    ("lu_gain", "why", "晒自己赚到的钱", "shows off the writer's own gains"),
    ("lu_site", "do", "贴出陌生网站的链接", "posts a link to an unknown site"),
    (
        "lu_offer",
        "do",
        "拉你入伙或私聊",
        "offers to bring you in, chat privately or arrange it for you",
    ),
)

CATEGORY_NAMES = {
    "prize": ("中奖先交钱", "a prize that costs money first"),
    "invest": ("投资理财", "investment fraud"),
    "suspend": ("冒充社保、医保、通信部门发停用通知", "a fake 'card suspended' notice"),
    "unfreeze": ("充值解冻", "pay-to-unfreeze"),
    "pitch": ("借提问、晒收益拉人入局", "a pitch dressed as a question"),
}

#: a text that warns or tells of a scam (and offers nothing: ``_OFFER`` is read first)
_WARN = re.compile(
    "骗子|骗局|被骗|诈骗|防骗|反诈|谨防|警惕|千万(?:不要|别)|不要(?:相信|信|轻信|点|理)|别信|别点|"
    "别上当|不要上当|禁止|严禁|群规|是假的|都是假|套路|收到(?:这种|这类|类似)|接到(?:这种|这类)"
)

# --- prize ------------------------------------------------------------------------------
_WON = re.compile(
    "中奖|中了(?:一|二|三|特)等奖|幸运观众|幸运用户|幸运会员|被抽中|抽中|被选为|获得(?:了)?(?:奖金|大奖|现金)|"
    "恭喜(?:您|你)(?:获得|中了|被|成为)|获奖|奖金\\d|领奖|兑奖"
)
_PRIZE_FEE = re.compile(
    "(?:领取|领奖|兑奖|发放|寄出|到账)(?:前|之前)[^的]{0,6}?(?:需|须|要|请|先)|"
    "(?:先|需|须|需要|必须|请)(?:缴纳|交纳|交|付|支付|缴)[^。]{0,10}?"
    "(?:税|手续费|运费|邮费|保证金|公证费|服务费|工本费|押金|激活费|认证费)|"
    "(?:税|手续费|运费|邮费|保证金|公证费)[^。]{0,8}?(?:才能|方可|后即可|后才)(?:领|发|寄|到账|兑)"
)
_ADDRESSED = re.compile("恭喜|您|(?:你|你的)(?:已|被|获得|中)|逾期|视为放弃|官网|领取")

# --- invest -----------------------------------------------------------------------------
_SURE = re.compile(
    "稳赚不赔|稳赚|只赚不赔|包赚|保本保息|保本|零风险|无风险|保证(?:月|年|日|每月|每天)?收益|"
    "保底收益|稳赢|必赚|躺赚"
)
_HIGH = re.compile(
    "(?:年化|年收益|月收益|日收益|周收益|收益率|回报率|日赚|月赚|日息|月息收益)[^\\d]{0,4}?\\d+|"
    "翻倍|翻了(?:一|两|三|\\d)?倍|翻到|涨了(?:一|两|三|\\d)倍|高收益|高回报"
)
_INSIDE = re.compile(
    "内部消息|内部数据|内幕|漏洞|老师带|带单|跟着(?:群里)?(?:老师|导师)|导师|信号|内部渠道|庄家|"
    "操盘|控盘|数据分析师|知道结果|包中"
)
_DEPOSIT = re.compile(
    "先充|充值|充进去|投进去|入金|起投|先投|投一点|投点|来一点|也来|跟着投|一起投|要不要(?:也)?(?:来|投|买)|"
    "你(?:也)?(?:投|充)"
)
_GUIDE = re.compile("带你|教你(?:怎么)?操作|我教你|手把手|跟着我")
_SCARCE = re.compile(
    "名额有限|错过(?:就|了)?没|仅剩|还剩[^。]{0,4}?名额|最后(?:几个|一批)名额|限时|限额"
)
_CRYPTO = re.compile(
    "usdt|泰达币|虚拟币|数字货币|比特币|以太坊|数字藏品|外汇|期货|博彩|彩票平台|币圈|挖矿"
)

# --- suspend ----------------------------------------------------------------------------
_CARD = re.compile("社保|医保|etc|通信|电话卡|手机卡|手机号|号码|公积金|驾驶证|驾照|身份证")
_SUSPENDED = re.compile(
    "暂停使用|被暂停|停用|注销|冻结|失效|停机|封停|异常|即将过期|已过期|被限制|限制使用"
)
_CALL = re.compile("(?:拨打|致电|回电|回拨|来电|联系|电话|热线|咨询)(?:电话)?(?P<num>0?\\d{7,12})")
#: an institution's own line: short numbers (12333, 10086, 955xx, 400/800 lines)
#: an account or papers "in trouble", and a stranger's site that wants them typed in
_STATUS = re.compile("涉案|封号|被冒用|被盗用|冻结|注销|停用|违法信息|违规|异常")
_ENTER = re.compile("(?:填写|输入|提交|上传)[^。]{0,6}?(?:身份证|密码|银行卡|卡号|验证码|手机号)")
_OFFICIAL_LINE = re.compile("^(?:1\\d{4}|95\\d{3,4}|96\\d{3}|400\\d{7}|800\\d{7}|12\\d{3})$")
_CARD_THREAT = re.compile(
    "逾期|否则|将(?:注销|停用|冻结|影响|永久)|影响(?:您|你)的?(?:使用|报销|征信)|尽快|立即|24小时"
)

# --- unfreeze --------------------------------------------------------------------------
_FROZEN = re.compile("冻结|无法提现|提现失败|不能提现|提现功能|账户异常|异常登录|风控")
_TOPUP = re.compile(
    "(?:需|须|要|请|先)(?:充值|充|缴纳|交|补交|存入)[^。]{0,10}?(?:金额|保证金|解冻金|验证金|的钱|元|万)|"
    "验证需充值|充值[^。]{0,6}?(?:验证|解冻)"
)
_RETURNED = re.compile("一并退还|原路返还|全额退还|一起退还|即可提现|才能提现|方可提现|本金")

# --- pitch ------------------------------------------------------------------------------
_QUESTION = re.compile(
    "有人知道|有没有人|有谁知道|靠谱吗|靠不靠谱|是真的吗|是真的吧|真的假的|正常吗|合不合法|违法吗|合法吗|"
    "请问|问下|问一下|求问|请教|想问|大家觉得|能买吗|是不是|这正常|是正规的|是不是正规|帮我看看"
)
#: the writer's own gains or deal, told as done
_GAIN = re.compile(
    "(?:我|已经)[^。]{0,8}?(?:赚了|提现了?|到账了|翻到|涨了|返了|拿到了|订了|交了|买了|报了|充了|投了)|"
    "每次都赚|都到账了|每次都到账|充了好几次|追回来了|全追回|(?:我|已经)试了|"
    "真的赚了|赚了\\d|提现\\d|一天能(?:赚|做)|一单(?:赚|返|给)|每笔给|"
    "我(?:表哥|表姐|舅舅|朋友|亲戚|同学|姐夫|哥|姐)在[^。]{0,8}?(?:能|可以|有)"
)
#: a relative or friend placed to do what no one can (内部办贷, 内部名额, 降分)
_KIN_INSIDE = re.compile(
    "(?:表哥|表姐|舅舅|叔叔|朋友|亲戚|同学|姐夫|哥|姐)在[^。]{0,8}?(?:能|可以|有)[^。]{0,6}?"
    "(?:内部(?:办|渠道|名额|指标|消息)|低息|名额|降分|包过|包入职|免息|走后门)"
)
#: the writer's own channel, said to the reader ("想试的可以私聊我", not "有人私信我说…")
_ME = "(?:可以|的|就|请|直接|随时|欢迎|链接)(?:私我|私聊我?|私信我?|加我|联系我|找我)"
#: an offer to the reader in the writer's voice
_OFFER = re.compile(
    "(?:想|要|想要|需要|有需要|有兴趣|感兴趣|有意向|想试|想玩|想做|想了解|想办|闲着)(?:的|试的|玩的|做的|办的|买的|进的|了解的)?"
    "(?:人|朋友|话|宝子|姐妹)?(?:可以|就|请|赶紧)?(?:私|加|找|联系|滴|留言|一起)|"
    "拉(?:你|大家|你们)|推给(?:你|大家)|发(?:你|给你)|帮(?:你|你们|大家)(?:问|申请|办|开|联系)|"
    "(?:我|这)(?:这)?有[^。]{0,8}?(?:邀请码|联系方式|渠道|名额|微信)|邀请码|"
    "有没有人(?:也)?(?:想|要)(?:一起|办|试|玩|做)|有人要吗|有要的|要的(?:赶紧|私|找|滴)|"
    "一起(?:做|研究|玩|赚)|还剩[^。]{0,4}?名额|可以一起|" + _ME
)
#: what only a scam sells to strangers: paid tasks, insider places, money made easy
_LURE = re.compile(
    "刷单|返佣|代办|拿证|佣金|返现|兼职|任务|点赞|平台|内部|名额|低息|代还|提额|包入职|包过|降分|官换|"
    "定金|收款|银行卡|赚|收益|提现|app|老师|带单|信号|回来|追回|点券|五折|打折|翻|涨"
)


@dataclass(frozen=True, slots=True)
class Lure:
    category: str
    concepts: tuple[str, ...]
    severe: bool


def read(folded: str, *, weblink: bool = False) -> Lure | None:
    """The lure the folded text carries, or None (``weblink``: the message had a link to a site
    no official platform owns)."""
    return (
        _prize(folded)
        or _invest(folded)
        or _suspend(folded, weblink)
        or _unfreeze(folded)
        or _pitch(folded, weblink)
    )


def _warns(folded: str) -> bool:
    return _WARN.search(folded) is not None


#: an offer that gives the writer's own channel: a warning does not say it ("带你赚钱为什么" does)
_OWN_CHANNEL = re.compile(
    _ME + "|推给(?:你|大家)|我(?:把|来|可以)?拉(?:你|大家)|"
    "我(?:这)?有[^。]{0,8}?(?:邀请码|联系方式)|我(?:可以)?帮(?:你|你们)(?:问|申请|办)|链接私信"
)


def _prize(folded: str) -> Lure | None:
    if _WON.search(folded) is None or _PRIZE_FEE.search(folded) is None:
        return None
    if _ADDRESSED.search(folded) is None or _warns(folded):
        return None  # "我中了奖，去彩票站领时扣了税": told of the writer's own win
    return Lure("prize", ("lu_prize_fee", "lu_won"), True)


def _invest(folded: str) -> Lure | None:
    sure, high, inside = (p.search(folded) is not None for p in (_SURE, _HIGH, _INSIDE))
    if not (sure or high or (inside and _CRYPTO.search(folded))):
        return None
    moves = [
        cid
        for cid, pattern in (
            ("lu_deposit", _DEPOSIT),
            ("lu_guide", _GUIDE),
            ("lu_scarce", _SCARCE),
            ("lu_offer", _OFFER),
        )
        if pattern.search(folded)
    ]
    why = ["lu_sure"] if sure or high else []
    if inside:
        why.append("lu_inside")
    # a promise and an insider's edge, or a promise and a move made on the reader
    if not moves and not (sure and inside):
        return None
    if not sure and not inside and len(moves) < 2 and "lu_offer" not in moves:
        return None  # "收益5，投了一点": a rate and one word is a member's own talk
    if _warns(folded) and _OWN_CHANNEL.search(folded) is None:
        return None
    return Lure("invest", tuple(moves[:2] + why), sure and bool(moves))


def _suspend(folded: str, weblink: bool) -> Lure | None:
    if weblink and _STATUS.search(folded) and _ENTER.search(folded) and not _warns(folded):
        return Lure("suspend", ("lu_enter", "lu_status"), True)
    if _CARD.search(folded) is None or _SUSPENDED.search(folded) is None:
        return None
    if not any(_OFFICIAL_LINE.match(m["num"]) is None for m in _CALL.finditer(folded)):
        return None
    if _CARD_THREAT.search(folded) is None or _warns(folded):
        return None
    return Lure("suspend", ("lu_call", "lu_card"), False)


def _unfreeze(folded: str) -> Lure | None:
    if _FROZEN.search(folded) is None or _TOPUP.search(folded) is None:
        return None
    if _RETURNED.search(folded) is None or _warns(folded):
        return None
    return Lure("unfreeze", ("lu_topup", "lu_frozen"), True)


def _pitch(folded: str, weblink: bool) -> Lure | None:
    offer = _OFFER.search(folded) is not None
    if not (offer or weblink) or _LURE.search(folded) is None:
        return None
    if _GAIN.search(folded) is None:
        return None
    asks = _QUESTION.search(folded) is not None
    if not asks and _KIN_INSIDE.search(folded) is None:
        return None  # (a relative's inside way to money, offered: "我表哥在银行能内部办低息贷 有人要吗")
    if _warns(folded) and _OWN_CHANNEL.search(folded) is None:
        return None
    # (a question and the writer's own gains around a stranger's site: the site is the offer)
    return Lure(
        "pitch",
        ("lu_offer" if offer else "lu_site", "lu_gain", "lu_asks" if asks else "lu_kin"),
        False,
    )


_ANY = re.compile("|".join(p.pattern for p in (_WON, _SURE, _HIGH, _OFFER, _SUSPENDED)))


def candidate(folded: str) -> bool:
    """Whether a short text names a part of a lure (``scripts.long_enough``)."""
    return _ANY.search(folded) is not None
