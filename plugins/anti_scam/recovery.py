"""An offer to get a scam's victims their money back: the recovery scam ("追损" 二次诈骗).

It comes dressed as a warning or a story ("大家小心骗子！我被骗过…后来找到一个专业团队帮我追回了
损失"), and what makes it the scam is the poster's own offer to the group's victims: a way to reach
the "网警", the "律师", the "技术大神" or the poster, or a fee for the service ("解冻费", "律师费",
"材料费"). Real help costs nothing and comes from 110 and the local police station, who never ask
a victim to pay, add anyone or send their card number to a member.

So a text is a recovery offer when it

* speaks of getting lost money back (追回, 挽回损失, 返还, 退回, 划回, 提出来, 解冻, 解付, 追索),
* speaks to the victims among the readers (被骗的, 被…骗过的, 有一样遭遇的, 要是也被骗了), and
* offers it in the poster's voice: a channel (``warning_frame.channel``: 私聊我, 需要的加我, a
  number, an id, a handle), a demand (``warning_frame.demand``: 私发给我), or the poster
  brokering it (我帮你对接, 我把律所的电话给你, 可以一起办) — never when the way named is the
  police's own (去派出所, 打110: "我帮你问过了，带上转账记录去派出所就行").

A warning about recovery scams ("说能帮你追回损失的都是骗子，被骗了只找110") offers nothing and
passes. Only texts with 骗, 坑 or 受害 in them are read (a cheap test first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from huzhu.plugins.anti_scam import warning_frame
from huzhu.plugins.anti_scam.hanzi import simplified

#: the lost money got back
_RECOVER = re.compile(
    r"追回|追款|追损|追缴|追索|追偿|挽回(?:损失|资金)|(?:资金|钱|款)[^，。！？,!?\n]{0,8}?(?:返还|退回|划回|要回|拿回)"
    r"|(?:返还|退回|划回|要回|拿回|提)(?:出来|回来)|快速返还|解冻|解付|退赃|返款"
    # money returned to the victims ("法院会按比例退还受害人"), a "维权律师" who gets it
    r"|(?:返还|退还|退回|赔付)(?:给)?[^，。！？,!?\n]{0,2}?(?:受害|被骗)|维权(?:律师|团队|机构|中心)"
    # "能追的尽量帮你追", "帮你查一下资金还在不在对方账户里"
    r"|帮(?:你|您|大家)(?:追|查[^，。！？,!?\n]{0,6}?(?:资金|钱|款))"
)
#: …for the victims among the readers
_VICTIMS = re.compile(
    r"被(?:骗|坑)(?:的|过的|了的)|受骗(?:的|者)|受害(?:者|人|的)|被[^，。！？,!?\n]{1,8}?(?:骗|坑)(?:过|了)?的"
    r"|(?:有|遇到|遭遇)(?:一样|同样|类似|相同|相似)的?(?:遭遇|经历|情况)"
    r"|(?:要是|如果|如有|若|若有|万一|谁)[^，。！？,!?\n]{0,4}?(?:被骗|受骗|上当)"
    # the reader asked as a victim: "你被骗了多少？"
    r"|(?:你|您)(?:也)?被(?:骗|坑)了"
)
#: …the poster brokering it ("我帮你对接", "我把律所的电话给你", "群里被骗的可以一起办")
_BROKER = re.compile(
    r"我(?:来|可以|能)?帮(?:你|您|大家|各位)|我把[^，。！？,!?\n]{0,10}?(?:给|发|分享|推)"
    r"|(?:电话|联系方式|微信|号码|账号)(?:发|给|推)(?:你|您|大家)|一起办|一起吗|统一(?:报|办|登记|申请)"
    r"|(?:^|[@＠])[a-z][a-z0-9_]{4,31}"
    # "留下金额，我一一私信解答": the poster answers each victim privately
    r"|我[^，。！？,!?\n]{0,4}?(?:私信|私聊|私下)(?:你|您|大家|解答|回复|联系)|留下(?:金额|联系方式|电话|微信)"
)
#: …and what a warning about it says ("能帮你追回的都是骗子", "二次诈骗")
_WARNED = re.compile(
    r"(?:追回|追款|追损|挽回|返还|解冻)[^。！？!?\n]{0,12}?(?:都是|全是|就是|是)(?:骗|诈骗|假)|二次(?:诈骗|被骗|受骗)"
)
#: …the way it names is the police's own (去派出所, 打110, 96110): a member's advice, no broker
_POLICE_WAY = re.compile(
    r"(?:去|到|找|上)(?:当地)?(?:派出所|公安局|公安机关)|(?:打|拨打|拨|致电)(?:110|96110)|96110"
)
_HANDLE = re.compile(r"[@＠][a-z][a-z0-9_]{4,31}")


@dataclass(frozen=True, slots=True)
class Offer:
    """A recovery offered to the group's victims, and how."""

    words: str  # the channel, the demand or the broker's words
    reached: bool  # a way to reach someone or a demand (not only brokered)


def offer(view: str, allow: frozenset[str] = frozenset()) -> Offer | None:
    """A recovery offered to the group's victims (a channel, a demand or the broker's words),
    or None. ``view``: the normalised text."""
    if not ("骗" in view or "騙" in view or "坑" in view or "受害" in view):
        return None
    text = simplified(view.lower())
    recover = _RECOVER.search(text)
    if recover is None or _VICTIMS.search(text) is None or _WARNED.search(text):
        return None
    handle = _HANDLE.search(text)
    reached = (
        warning_frame.channel(view, allow)
        or warning_frame.demand(view)
        or (handle.group(0) if handle else None)
    )
    if reached:
        return Offer(reached, True)
    broker = _BROKER.search(text)
    if broker is None or _POLICE_WAY.search(text):  # "我帮你问过了，带上转账记录去派出所"
        return None
    return Offer(broker.group(0), False)
