"""Real notices are not scams: a record of what was done, money coming to the reader, or a
payment made through the agency's own public service.

A bank's SMS tells of a transaction already made ("您尾号5571的账户向张伟转账支出5,000.00元，
手续费0.00元，余额3,218.90元"); a court, a tax office or an employer tells that money went to
the reader's own account ("诉讼费1,225元已退回至您提交的本人账户", "工资已发放至各自工资卡").
A bank or a lender also records what it did about the reader's own card or loan ("账单已办理
分期，手续费每期45.00元", "借款5,000元已放款至您尾号6621的银行卡", "公积金贷款已审批通过"), and a
shop's service tells that a refund goes back the way it was paid ("退款已同意，原路退回，不需要加
其他联系方式"). They carry the words scams use (转账, 手续费, 案件, 退款, 放款) and ask for nothing
but "如非本人操作请致电95555". A scam may copy their form, but then it threatens or asks: it
leaves a number or a link other than the official one, or says what to do ("已被冻结，请致电
0571…", "点击链接", "需要您先缴纳…", "扫一下这个二维码，输入支付密码", "请联系专员办理放款").
What the reader is told is *not* needed ("不需要加任何客服", "不会有人来电要求您…") is no ask, nor
the shop reached on the platform itself ("有问题随时在订单页联系我们").

So a phrase or script finding is dropped when the text is such a record **and** gives no
channel (``warning_frame.channel``: only official numbers such as 95599 and the banks' own 400
hotlines pass) **and** makes no demand in its own voice (``warning_frame.demand``) **and** does
not move the reader's money (``authority.moves_money``: "核查完毕原路返回"). Links, personal data
and the group's own rules are never dropped. It runs only when a rule has already fired.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from huzhu.plugins.anti_scam import authority, urls, warning_frame
from huzhu.plugins.anti_scam.hanzi import simplified
from huzhu.plugins.anti_scam.phrases import fold
from huzhu.plugins.anti_scam.pii import CODE_WORDS

#: a bank's alert: a card or account by its last digits, a sum moved, the balance after it
_ALERT = re.compile(r"尾号\s*\d{3,4}")
_AFTER = re.compile(r"余额|可用额度|当前余额|账户余额")
#: money that went (or goes, on a set day) to the reader's own account ("退款会按原路退回到您的
#: 支付宝", "借款已放款至您尾号6621的银行卡")
_PAYOUT = re.compile(
    r"(?:已|已经|将|会)(?:[^。，,；;！!？?]{0,14}?)?(?:原路)?(?:退回|退还|退至|退到|返回|发放|放款|划入|转入|存入|到账|入账|打入|代发|返还)"
    r"(?:至|到|进)?[^。，,；;！!？?]{0,14}?(?:本人|您|你|各自|原|个人)[^。，,；;！!？?]{0,8}?(?:账户|工资卡|银行卡|社保卡|卡|支付账户|账号|零钱|支付宝|余额)"
    # "钱原路退", "按原支付渠道退回": a refund by the way it was paid, nowhere else
    r"|(?:原路|原渠道|原支付渠道|原付款方式|原支付方式)(?:退回|退还|返回|返还|退)"
)
#: a record of what the bank or lender has done about the reader's own card, loan or bill
#: ("账单已办理分期", "额度已由30000元调整为45000元", "已自动还款成功", "审批通过")
_DONE = re.compile(
    r"(?:已|已经)(?:成功|为您|于[^。，,；;]{0,14}?|由[^。，,；;]{0,14}?)?(?:办理|审批通过|审核通过|通过审核|获批|批准|结清|还款|自动还款"
    r"|扣款|调整|提升|生效|办结|受理|到账|入账|放款|发放|退款|完成|提取|同意|处理成功)"
    r"|(?:成功|完成)(?:办理|还款|扣款|支付|分期|代付|交易|提取|结清|放款)|(?:还款|扣款|支付|交易|放款|提取)成功"
    r"|(?:审批|审核|申请)(?:已|已经)?通过"
)
#: …of the reader's own card or account, by its last digits, with what moved on it
_MOVED = re.compile(r"支出|收入|消费|支取|入账|转账|扣款|还款|存入|汇入|代付|快捷支付|取现")
#: or a payment, a check or a claim made through the agency's own public service (a court's
#: 微法院, 交管12123, 国家医保服务平台, a school's 缴费平台), not a stranger's account or app
_OFFICIAL_WAY = re.compile(
    r"(?:通过|在|登录|使用|打开)[^。，,；;！!？?]{0,6}?(?:“|\")?(?:交管12123|12123|掌上12333|12333|12306|微法院"
    r"|人民法院在线服务|诉讼服务网|国家医保服务平台|个人所得税|掌上海关|海关官网|国家政务服务平台|一网通办"
    r"|(?:学校|统一|校园|中小学收费)[^。，,]{0,4}?缴费(?:平台|系统|小程序)|智慧校园)"
)
#: …and what the reader is asked instead when it is a scam dressed as one
_ASKS = re.compile(
    r"需(?:要)?(?:您|你)?先|请先|先(?:缴|交|付|转)|才能(?:到账|退回|发放|领取)|激活|认证|验证|点击|链接|加(?:微信|qq|群)|下载|扫码"
)
#: a bank's or a lender's record, a shop's refund ask even less: no threat ("已被冻结", "涉嫌",
#: "如需关闭请…"), no fee or deposit, nothing to scan, enter or move ("扫一下这个二维码，输入
#: 支付密码", "升级费用是1500", "需要您在放款前存入…", "请立即将欠款转入以下个人账户")
_MORE_ASKS = re.compile(
    r"冻结|解冻|涉嫌|违规|违法|异常|风险|注销|如需(?:关闭|取消|解除)|保证金|押金|流水|安全账户|监管账户|核查|清查"
    r"|请(?:缴纳|支付|转账|汇款|存入|补缴|充值|立即|尽快|马上)|缴纳|添加|专员|领取|提现|回复\d|扫|二维码|收款码|密码|输入"
    r"|需(?:要)?(?:您|你)|(?:您|你)(?:需要|须|必须|得)|配合|联系|致电|拨打|回电|私聊|私信|加我|要求|升级|会员|费用|以下|如下|下方|个人账户|才能|才可|以免|催收|通讯录|逾期将|上门(?:催|收|拘)"
    r"|(?:将|把)[^。，,；;！!？?]{0,10}?(?:转入|转到|转至|存入|汇入|打到|打入)"
    # a screen shared or money paid first, asked in the notice's own voice ("请打开屏幕共享",
    # "需转账5000提高信用分"): no bank's or shop's record asks either
    r"|请(?:您)?[^。，,；;！!？?]{0,6}?(?:屏幕共享|共享屏幕|开启共享|打开共享)"
    r"|需(?:要)?(?:您|你)?(?:先)?(?:转账|转入|缴纳|交纳|支付|充值)\d"
)
#: "如非本人操作，请致电95555", "如有疑问请拨打卡背面的客服电话": the one thing a real alert asks
#: (its number checked apart: only an official one passes)
_IF_NOT_YOU = re.compile(
    r"(?:(?:如|若|如果)(?:非|不是)(?:您)?本人(?:操作|交易|办理|申请)?|如有问题|如?有(?:疑问|疑义)|详询|咨询)[^。！!？?]{0,24}"
)
#: …and what even that clause never asks ("有疑问请联系专员", "如非本人操作请添加客服微信")
_NEVER_ASKED = re.compile(
    r"专员|经理|添加|微信(?!零钱|支付|钱包|账单|红包)|qq(?!钱包)|私聊|私信|解冻", re.IGNORECASE
)
#: what the reader is told is not needed ("不需要加其他联系方式", "无需提供银行卡号")
_NOT_ASKED = re.compile(
    r"(?:不需要|不用|无需|不必|不会|从不|从来不|请勿|切勿|不要|别|勿)(?:您|你|有人|任何人)?(?:再|另外|额外|主动|以任何理由)?"
    r"(?:相信|信|理会|添加|加|提供|下载|点击|点|扫|转|支付|交|付|联系|致电|打电话|来电|要求|索要|操作|填|寄|做任何|任何)"
    r"[^。，,；;！!？?]{0,16}"
)
#: the shop reached on the platform itself ("有问题随时在订单页联系我们", "可通过京东APP咨询客服"):
#: no stranger's channel
_ON_PLATFORM = re.compile(
    r"(?:在|通过|到)(?:订单页|订单详情|订单|平台|官方app|app|店铺|旺旺|淘宝|天猫|京东|拼多多|美团|抖音|支付宝)"
    r"[^。，,；;！!？?]{0,8}?(?:联系|咨询|找)(?:我们|客服|商家|官方客服)?",
    re.IGNORECASE,
)
#: spaces and symbols between the characters (a pasted SMS keeps its punctuation)
_JUNK = re.compile(r"[^\w\n，。！？、；：,.!?;:()（）【】]+")
#: findings a notice drops: scam wording (as the warning frame lowers)
DROPPED = warning_frame.LOWERED


def is_record(view: str) -> bool:
    """A bank's alert of a done transaction, a record of what a bank or lender did about the
    reader's own card or loan, or notice of money paid to the reader's account, that asks
    nothing of the reader (``view``: the normalised text)."""
    text = _ON_PLATFORM.sub("", _NOT_ASKED.sub("", _JUNK.sub("", simplified(view))))
    asked = _ASKS.search(text) is not None
    if _OFFICIAL_WAY.search(text):  # a fee paid through the court's or the school's own service
        return not asked
    alert = _ALERT.search(text)
    if not (
        (alert and (_AFTER.search(text) or _MOVED.search(text)))
        or _PAYOUT.search(text)
        or _DONE.search(text)
    ):
        return False
    if asked or _NEVER_ASKED.search(text):
        return False
    return _MORE_ASKS.search(_IF_NOT_YOU.sub("", text)) is None


def lower(found: Sequence[Any], view: str, allow: frozenset[str] = frozenset()) -> list[Any]:
    """``found`` without its scam-wording findings when ``view`` is a real notice's record."""
    if not any(f.rule in DROPPED for f in found) or not is_record(view):
        return list(found)
    if warning_frame.demand(view) or warning_frame.channel(view, allow) is not None:
        return list(found)
    if authority.moves_money(fold(view)):  # "核查完毕原路返回": the reader's money moved
        return list(found)
    return [f for f in found if f.rule not in DROPPED]


# ---- a forged notice -----------------------------------------------------------------------

#: an official sender: "【中国邮政】…", "【物业通知】", "XX银行通知：", "…反诈中心提醒您："
_OFFICIAL_SENDER = re.compile(
    r"\s*[“\"]?【[^】\n]{2,12}】|[^。！？!?\n]{0,14}?(?:通知|公告|提醒您|温馨提示)[:：]"
)
#: …or signed at its end ("——物业通知", "【XX银行】")
_SIGNED = re.compile(r"(?:【[^】\n]{2,12}】|[—-]{1,2}[^。！？!?\n]{0,10}?(?:通知|公告))\s*$")
#: a code asked for, not kept ("请勿告知他人"): "回复本短信并告知收到的验证码"
_CODE_ASKED = re.compile(
    rf"(?:告知|回复|提供|发送|报给|告诉|填写|输入)[^，。！？,!?；;\n]{{0,10}}?(?:{CODE_WORDS})"
)
_KEPT = re.compile(
    r"(?:请勿|切勿|不要|勿|不会|不得|从不|不可|别|谨防|任何人)[^，。！？,!?；;\n]{0,8}$"
)
#: money moved to a person's account ("转账至物业财务：户名 刘建国，卡号…") or a protective one
_TO_PERSON = re.compile(
    r"(?:转账|汇款|转入|打款|存入|汇入|缴至|转至)[^。！？!?\n]{0,14}?(?:个人账户|私人账户|卡号"
    # a person's name as the account's (户名 刘建国,), not an institution's (户名：某某有限公司工会)
    r"|(?:户名|收款人)[:：]?\s*[\u4e00-\u9fff]{2,3}(?![\u4e00-\u9fff]))"
    r"|(?:转入|转至|转到|存入|汇入)[^，。！？,!?；;\n]{0,10}?(?:安全|保护|监管|核查|风控|清查|验证|保证金)账户"
)
#: a fee to pay
_PAY = re.compile(r"补缴|缴纳|支付|缴费|付款|补交|充值|缴清")


#: the notice's own voice asking, in the clause before the ask ("请…", "需…", "务必…") …
_ITS_ASK = re.compile(r"请|需|须|务必|必须")
#: … not a scam's ask told of ("要求您…提供验证码的，都是诈骗", "诱导您…")
_TOLD_ASK = re.compile(r"要求|诱导|谎称|骗子|骗|称|让你|让您|冒充|自称")


#: the normalised text's stops are ASCII ("…260元.请于…"), a decimal point is none ("3.5元")
_SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?!\d)")
_CLAUSE_END = re.compile(r"[，。！？,!?；;\n]|\.(?!\d)")


def _asked(text: str, m: re.Match[str]) -> bool:
    """The ask at ``m`` is the notice's own: said in its clause after 请/需, not told of, not
    kept ("请勿告知")."""
    clause = _CLAUSE_END.split(text[: m.start()])[-1]
    sentence = _SENTENCE_END.split(text[: m.start()])[-1]
    return (
        _ITS_ASK.search(clause) is not None
        and _TOLD_ASK.search(sentence) is None
        and _KEPT.search(text[max(0, m.start() - 10) : m.start()]) is None
    )


#: the words of every ask below, in either script: nothing else is read without one
_ANY_ASK = re.compile(
    r"验证码|驗證碼|动态码|動態碼|校验码|校驗碼|短信码|短信碼|账户|賬戶|帳戶|户名|戶名|收款人|卡号|卡號|缴|繳|支付|付款|充值"
)


def _unlinked(view: str) -> str:
    """``view`` with each link replaced by the word 网址."""
    out, last = [], 0
    for m in urls.finditer(view):
        out.append(view[last : m.start()])
        out.append("网址")
        last = m.end()
    out.append(view[last:])
    return "".join(out)


def forged(view: str, allow: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """An "official" notice (a 【sender】 tag or a heading that says 通知, or signed so at its
    end) that asks the reader, in
    its own voice (请…, 需…), for a code, to move money to a person's or a "protective" account,
    or to pay a fee through a link that is not the sender's: what it asks, or None. Real notices
    ask none of these (a fee is paid in the app, at the counter or on the official site); a
    warning tells of them ("要求您提供验证码的，都是诈骗"). The kind (code, account or link) comes
    first."""
    # the common case read without a regex: no 请/需 to ask with, or no sender first
    if not (
        "请" in view or "需" in view or "须" in view or "必" in view or "請" in view or "須" in view
    ):
        return None
    head = view[:24] + view[-16:]
    if not (
        "【" in head or "通知" in head or "公告" in head or "提醒您" in head or "温馨提示" in head
    ):
        return None
    if not (_OFFICIAL_SENDER.match(view) or _SIGNED.search(view)) or not _ANY_ASK.search(view):
        return None
    # links out of the way of the clauses (their dots are no stops): "请点击 x.top 缴纳"
    text = simplified(_unlinked(view))
    for m in _CODE_ASKED.finditer(text):
        if _asked(text, m):
            return "code", m.group(0)
    for m in _TO_PERSON.finditer(text):
        if _asked(text, m):
            return "account", m.group(0)
    for paid in _PAY.finditer(text):
        if _asked(text, paid):
            for m in urls.finditer(view):
                if urls.analyse(m.group(0).rstrip(urls._TRAIL), allow):  # not an official link
                    return "link", m.group(0)
            break
    return None
