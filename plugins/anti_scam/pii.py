"""Personal data in a message: found, validated, and only ever shown masked.

* Mainland ID numbers: 18 characters, GB 11643 checksum and a real birth date
  (``stdnum.cn.ric``).
* Bank card numbers: 16–19 digits with a card-network prefix and a valid Luhn
  check digit (``stdnum.luhn``).
* Mobile numbers: 11 digits starting 13–19 (not a courier's, a shop's or a station's number
  printed in its service notice: "【菜鸟驿站】…取件码…如有疑问请联系 138…").
* Verification codes: 4–6 digits right after 验证码 / 动态码.
* QQ and WeChat ids right after their words.

Digits may be spaced or split by symbols (``138 1234-5678``). Numbers inside
links (goods ids), longer digit runs (order numbers such as
``190507-070101238553922``), prices and dates are not PII.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum import luhn
from stdnum.cn import ric

# a run of digits, possibly split by single spaces, dashes or dots; X may end an ID number
_RUN = re.compile(r"(?<![A-Za-z0-9_.\-/=])\d(?:[ \-.]?\d){10,22}(?:[ \-]?[xX])?(?![A-Za-z0-9_/])")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_CARD_PREFIX = re.compile(r"62|4|5[1-5]|2[2-7]|3[47]|35|60|65|9")
#: the words of a one-time code (the notice and warning readers ask whether one is asked for)
CODE_WORDS = "验证码|动态码|校验码|短信码"
#: (within its clause: "填了验证码，结果卡里8000多没了" tells a loss, not a code)
_CODE = re.compile(
    rf"(?:{CODE_WORDS}|(?<![a-z])code(?![a-z]))[^\d，。！？；,;!?]{{0,6}}(?<![A-Za-z])(\d(?:[ \-]?\d){{3,5}})(?!\d)",
    re.I,
)
_IDS = re.compile(
    r"(?:(?<![a-z0-9])qq|扣扣|企鹅)(?:号)?\s*[:：是为]?\s*(\d(?:[ \-]?\d){4,10})(?!\d)"
    r"|(?:微信|(?<![a-z0-9])(?:wx|vx)(?![a-z0-9])|v信)(?:号)?\s*[:：是为]?\s*([a-zA-Z][-_a-zA-Z0-9]{5,19})",
    re.I,
)
# region, a 19xx/20xx birth date, sequence: the shape of an ID number (even with a bad check digit)
_ID_SHAPE = re.compile(r"[1-8]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{4}")
_ANY_DIGIT = re.compile(r"\d")
_SEPARATORS = re.compile(r"[ \-.]")
_ORDER_WORDS = ("订单", "单号", "快递", "运单", "物流", "order")


#: a QQ or WeChat id a shop gives for its service (not a member's own): scam rules judge it
_BUSINESS = re.compile(
    r"(?:店铺|本店|小店|商家|门店|售后|店家)(?:的)?(?:官方)?客服|(?:店铺|本店|商家|门店|售后)$"
)


#: a service notice printed by a courier, a shop or a station ("【菜鸟驿站】…取件码…", "配送员张建
#: （电话…）", "营业时间8:00-22:00，联系电话…"): its number is the service's, for everyone it serves
_SERVICE = re.compile(
    r"^\s*[“\"]?【[^】\n]{2,12}】|取件码|提货码|取餐码|驿站|快递超市|快递柜|丰巢|配送员|快递员|投递员|派送员|揽投|骑手|营业时间"
)
#: …or a notice by whoever serves the readers: a courier, a repairman, the property office, a
#: landlord, an estate agent, a group-buy's pick-up point ("顺丰老马 今天下午到6号楼 有件的下楼取")
_PROVIDER = re.compile(
    r"快递|顺丰|中通|圆通|韵达|申通|极兔|邮政|德邦|到付|有件|派件|送件|外卖|送餐|物业|业主|租户|房东|经纪人|看房"
    r"|检修|维修|维保|报修|上门|安装|保洁|售后|自提|停水|停电|社区|网格员|管家|值班|前台|门卫"
    # …or a shop's own promotion ("本店新到大闸蟹…同城免费配送，订购电话…")
    r"|本店|小店|店铺|门店|我店|商行|特价|新到|到货|现货|包邮|配送|送货|订购|订餐|预订|批发"
)
#: …the number labelled as the service's contact, just before it
_SERVICE_LABEL = re.compile(
    r"(?:联系|客服|服务|咨询|详询|垂询|查询|问询|致电|拨打|来电|电话|手机|热线|门店|驿站|配送员|快递员|投递员|派送员|骑手|师傅"
    r"|管家|经纪人|网格员|工程部|收件员|值班|前台|房东|物业|打我|找我)[^。！？!?；;\n]{0,10}$"
)
#: …never a member's own number or an invitation to recruit ("联系我", "加我微信", "兼职日结")
_MEMBER_OWN = re.compile(r"我|本人|加|私聊|私信|微信|qq|招|兼职", re.I)
#: …unless the writer says who they serve as ("我是京东快递员刘强", "我是送外卖的", "——房东陈")
_PROVIDER_SELF = re.compile(
    r"我是[^，。！？,!?\n]{0,12}?(?:快递|外卖|师傅|骑手|房东|物业|管家|经纪人|客服|司机|小哥|维修|售后|保洁|团长|配送)"
    r"|[—-]{1,2}\s*\S{0,4}?(?:房东|物业|师傅|团长|管家)|我叫\S{1,3}"
)
_RECRUITS = re.compile(
    r"加我|联系我|私聊|私信|兼职|招聘|招募|日结|刷单|返利|贷款|赚钱|收入|佣金|名额|代理|加盟"
)


def _service_number(view: str, start: int) -> bool:
    """The mobile number at ``start`` is a courier's, a shop's or a station's, printed in its
    service notice (a third party's work number, not a member's private data)."""
    before = view[max(0, start - 12) : start]
    if _RECRUITS.search(view) is not None or _SERVICE_LABEL.search(before) is None:
        return False
    if _SERVICE.search(view) is None and _PROVIDER.search(view) is None:
        return False
    own = _MEMBER_OWN.search(before)
    # "有问题打我电话…" in a notice whose writer said who they are: their work number
    return own is None or (own.group(0) == "我" and _PROVIDER_SELF.search(view) is not None)


@dataclass(frozen=True, slots=True)
class PiiHit:
    """One piece of personal data, masked (the raw value is never kept)."""

    kind: str  # id_card | bank_card | mobile | code | qq | wechat
    masked: str


def is_id_number(number: str) -> bool:
    """GB 11643: 17 digits, a check digit (stdnum's ISO 7064 MOD 11-2) and a real birth date.

    The region code is not looked up: codes change over the years and older ID
    numbers keep theirs, so a lookup would miss real (and leaked) numbers.
    """
    if not _ID_SHAPE.fullmatch(number[:17] + "0") or not (
        number[-1].isdigit() or number[-1] == "X"
    ):
        return False
    if ric.calc_check_digit(number) != number[-1]:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return born <= date.today()


def mask(value: str, keep_start: int = 3, keep_end: int = 2) -> str:
    """``110105194912310021`` → ``110*************21``."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def find(view: str) -> list[PiiHit]:
    """Personal data in the normalised text ``view`` (the caller leaves links out of it)."""
    hits: list[PiiHit] = []
    if not _ANY_DIGIT.search(view):
        return hits  # no number at all: nothing to find (the common case)

    for m in _RUN.finditer(view):
        digits = _SEPARATORS.sub("", m.group(0)).upper()
        before = view[max(0, m.start() - 8) : m.start()].lower()
        if before.endswith("+"):  # a number with its country code: "+86 138…" is a mobile here,
            if not digits.startswith("86"):  # "+1 555 123 4567" is nobody's 155…
                continue
            digits = digits[2:]
        if len(digits) == 18 and is_id_number(digits):
            hits.append(PiiHit("id_card", mask(digits, 4, 4)))
        elif (
            digits.isdigit()
            and 16 <= len(digits) <= 19
            and not (len(digits) == 18 and _ID_SHAPE.fullmatch(digits))  # a mistyped ID, not a card
            and _CARD_PREFIX.match(digits)
            and luhn.is_valid(digits)
            and not any(w in before for w in _ORDER_WORDS)
        ):
            hits.append(PiiHit("bank_card", mask(digits, 4, 4)))
        elif len(digits) == 11 and _MOBILE.fullmatch(digits):
            if _service_number(view, m.start()):
                continue  # "【菜鸟驿站】…如有疑问请联系 138…": the station's number
            hits.append(PiiHit("mobile", mask(digits, 3, 4)))
    for m in _CODE.finditer(view):
        hits.append(PiiHit("code", "*" * len(re.sub(r"\D", "", m.group(1)))))
    for m in _IDS.finditer(view):
        if _BUSINESS.search(view[max(0, m.start() - 6) : m.start()]):
            continue  # "售后请联系店铺客服微信：shop_kf01": a shop's account, nobody's personal data
        if m.group(1):
            hits.append(PiiHit("qq", mask(re.sub(r"\D", "", m.group(1)), 2, 2)))
        elif m.group(2):
            hits.append(PiiHit("wechat", mask(m.group(2), 2, 2)))
    return hits


#: a bank's or a platform's own SMS forwarded whole: its sender in 【】 at one end …
_SENDER = re.compile(r"^\s*【[^】\n]{2,12}】|【[^】\n]{2,12}】\s*$")
#: … and its own warning to keep the code ("请勿泄露", "切勿告知他人")
_KEEP_IT = re.compile(
    "(?:请勿|切勿|不要|勿|不得|千万别|千万不要)[^。，,]{0,8}?(?:泄露|告知|告诉|透露|转发|提供)"
    "|谨防诈骗|不会向您索取"
    # an English SMS's own warning ("Do not share it with anyone", "We never ask for this code")
    r"|(?i:\b(?:do not|don't|never|not to) (?:share|give|disclose|tell|forward|reveal)\b"
    r"|\bnever (?:ask|call|request)\b)"
)
#: an English code SMS: "[Bank] …", "Your X code is …", "… is your X code"
_SENDER_EN = re.compile(
    r"^\s*\[[^\]\n]{2,20}\]|^\s*<#>|^\s*your [\w -]{0,30}?(?:code|otp|password|pin)\b"
    r"|\bis your [\w -]{0,30}?(?:code|otp)\b",
    re.I,
)


def forwarded_code(view: str, hits: list[PiiHit]) -> bool:
    """Only a code, in a bank's or platform's SMS pasted whole that itself says to keep it
    (asked about, not handed over: it expires in minutes, and removing it tells off a member
    who asks whether the SMS is real)."""
    return (
        bool(hits)
        and all(h.kind == "code" for h in hits)
        and (_SENDER.search(view) is not None or _SENDER_EN.search(view) is not None)
        and _KEEP_IT.search(view) is not None
    )
