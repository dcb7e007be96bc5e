"""Real notices are not scams: a record of what was done, money coming to the reader, or a
payment made through the agency's own public service.

A bank's SMS tells of a transaction already made ("您尾号5571的账户向张伟转账支出5,000.00元，
手续费0.00元，余额3,218.90元"); a court, a tax office or an employer tells that money went to
the reader's own account ("诉讼费1,225元已退回至您提交的本人账户", "工资已发放至各自工资卡").
They carry the words scams use (转账, 手续费, 案件, 退款) and ask for nothing. A scam may copy
their form, but then it asks: it leaves a number or a link other than the official one, or
says what to do ("请致电0571…", "点击链接", "需要您先缴纳…").

So a phrase or script finding is dropped when the text is such a record **and** gives no
channel (``warning_frame.channel``: only official numbers such as 95599 pass) **and** makes no
demand in its own voice (``warning_frame.demand``). Links, personal data and the group's own
rules are never dropped. It runs only when a rule has already fired.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from huzhu.plugins.anti_scam import warning_frame
from huzhu.plugins.anti_scam.hanzi import simplified

#: a bank's alert: a card or account by its last digits, a sum moved, the balance after it
_ALERT = re.compile(r"尾号\s*\d{3,4}")
_AFTER = re.compile(r"余额|可用额度|当前余额|账户余额")
#: money that went (or goes, on a set day) to the reader's own account
_PAYOUT = re.compile(
    r"(?:已|已经|将|会)(?:于[^。，,；;！!？?]{0,14}?)?(?:原路)?(?:退回|退还|退至|退到|发放|划入|转入|存入|到账|入账|打入|代发|返还)"
    r"(?:至|到|进)?[^。，,；;！!？?]{0,14}?(?:本人|您|你|各自|原|个人)[^。，,；;！!？?]{0,8}?(?:账户|工资卡|银行卡|社保卡|卡|支付账户|账号)"
)
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
#: spaces and symbols between the characters (a pasted SMS keeps its punctuation)
_JUNK = re.compile(r"[^\w\n，。！？、；：,.!?;:()（）【】]+")
#: findings a notice drops: scam wording (as the warning frame lowers)
DROPPED = warning_frame.LOWERED


def is_record(view: str) -> bool:
    """A bank's alert of a done transaction, or notice of money paid to the reader's account,
    that asks nothing of the reader (``view``: the normalised text)."""
    text = _JUNK.sub("", simplified(view))
    if not (
        (_ALERT.search(text) and _AFTER.search(text))
        or _PAYOUT.search(text)
        or _OFFICIAL_WAY.search(text)
    ):
        return False
    return _ASKS.search(text) is None


def lower(found: Sequence[Any], view: str, allow: frozenset[str] = frozenset()) -> list[Any]:
    """``found`` without its scam-wording findings when ``view`` is a real notice's record."""
    if not any(f.rule in DROPPED for f in found) or not is_record(view):
        return list(found)
    if warning_frame.demand(view) or warning_frame.channel(view, allow) is not None:
        return list(found)
    return [f for f in found if f.rule not in DROPPED]
