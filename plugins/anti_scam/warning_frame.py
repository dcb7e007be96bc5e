"""Warnings about scams are not scams: a text that names the tricks to warn others.

Members warn each other ("有人私聊说先交定金保证砍成，千万别信，都是骗子"),
platforms post notices ("客服不会以任何理由要求您提供银行卡密码"), owners post
group rules ("禁止发广告、兼职、刷单") and members retell what happened to a
friend, quoting the "客服". All of them carry the very words the phrase and
script rules look for. This module reads such a text's **frame** once a rule
has already fired (it costs nothing on the texts no rule fires on):

* a **strong** frame: the text calls it a scam (都是骗子, 是骗局, 别信, 别上当,
  防骗, 反诈, 举报, 拉黑, 不会…要求, 从不…), lays down rules (禁止, 严禁, 群规),
  or retells a dialogue with two speakers ("客服"：… 朋友：…);
  A story's end counts too (对方就挂了, 现在联系不上了; not in a text that speaks to 您, nor a
  threat: "不交的话钱就没了"), and what the police never ask is no secrecy ("更不会让你保密");
  Who speaks is read too: someone else speaks to the poster or to a third person (有人…说我,
  对方让我, 自称客服的…要我, 受害人被…要求转账, a call quoted as a recording or a chat log) and it
  ends in what came of it (没理他, 挂了, 钱没转, 才知道是假的, 对方不回了, 损失…) or in a question
  to the group (这是骗子吧？, 真的假的); or the poster asks the group what they do not know
  (请问…要交多少保证金, 谁知道…) and offers nothing. Never when the reader is addressed (您的…,
  你先…): a scam speaks to its reader. In a pasted dialogue only the narration around its lines
  tells the story (a victim's own line "他们说我开过？" in a scam's transcript does not);
* a **weak** frame: reported speech or the poster as the one approached
  (听说, 有人…说, 朋友/同事/我妈…, 接到电话, 对方, 小心, 注意, 靠谱吗).

A frame only counts when the text gives no **channel** to the scammer: no link
other than an official one, no phone/QQ/WeChat id or account number, no
"加我 / 私聊我 / 需要的私聊" in the poster's own voice. A bank's own hotline
(95555, 400-889-5558) is no channel, nor a number a member exposes ("曝光一个骗子，QQ …"),
nor an invitation shown in quotation marks ("凡是私聊你说“加我好友带你刷单”的都是骗子"),
nor the platform itself ("有问题在淘宝上找我们"), nor an owner asking to be told or checked with
("有疑问找我核实", "有人私加你的话截图发我"; never beside "您的…" or "我们是正规…"). In a pasted group chat of three people or
more, another member's lesson ("那都是骗子") counts too; between two speakers only the
poster's lines do (a fake 客服 warns of 骗子 first). And a text that tells the
reader to keep quiet ("千万别告诉别人", "不要告诉家人", "不要挂断") is a scam's
own instruction, never a warning (told of inside a story, "对方…要求其保密", it is the
scammer's, retold). Then the phrase and script findings are
dropped under a strong frame, and under a weak one a finding that would have
removed the message is held for the admins' review instead (never removed).
Links, personal data and the group's rules of category ``other`` are never lowered.
A poster's own demand ("发给我", "转到我们的账户", "先交10元即可领取") or an offer
keeps the text flagged too: the words of a retold dialogue and quotations are
left out of that look, so a retelling is judged by what the poster says.
A post under a case, news or tip header ("案例：", "今日警情：", "警方提示：") that tells of
others (称其, 陈某, 市民, 自称…) or speaks of anyone ("凡是要求你…的"), asking the group nothing in
the poster's voice ("请各位把…发给", "所有会员需先交", "我们平台"), is a strong frame. Without a
frame, a phrase finding whose words are all shown in quotation marks or said in a sentence told of
someone else ("对方说他…要他交解冻金", "以办理贷款为名收取被害人手续费") is dropped too, when the
reader is never addressed in the poster's voice and nothing is asked, offered or reachable.
A demand made of the reader in the poster's own voice (``dressed``: move money to a "safe", escrow or
a person's account, send a code to someone, add a contact, open an unknown link; issue #21) is never
lowered, whatever header or warning words dress it ("今日警情：…请添加“医保服务中心”企业微信",
"防骗从我做起…大家收到验证码都先私发给管理员"); ``dressed_demand`` reads it in a text that wears such
words, for the plugin's own finding. A rule told of anyone ("凡是让你转账到安全账户的都是诈骗"),
forbidden ("不要把验证码告诉任何人") or said by someone else is no demand.
It runs only when a phrase or script rule has already fired (about 60 µs then).
``warns`` gives the strong frame of a text that asks nothing (no demand, channel or money
moved): the content plugin leaves a listed word in such a text alone.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from huzhu.core import Severity
from huzhu.plugins.anti_scam import authority, urls
from huzhu.plugins.anti_scam.hanzi import simplified
from huzhu.plugins.anti_scam.phrases import DEFAULT_RULES, OFFICIAL_NUMBER, fold
from huzhu.plugins.anti_scam.phrases import match as phrase_match
from huzhu.plugins.anti_scam.pii import CODE_WORDS

#: findings a warning frame lowers: scam wording, not links, personal data or the group's own rules
LOWERED = frozenset(
    {
        "anti_scam.prepay",
        "anti_scam.credential",
        "anti_scam.paid_help",
        "anti_scam.impersonation",
        "anti_scam.script",
        # "有人私聊让你加QQ…全是骗子": naming the move off the group to warn of it
        "anti_scam.off_group",
        "anti_scam.loan_ad",
    }
)

# ---- the frame ---------------------------------------------------------------------------

#: what a person telling others about a scam writes (a scammer does not call his offer a scam)
_STRONG = re.compile(
    r"(?<!不)(?<!不会)(?<!不可能)(?:都|就|全|一律|全部|肯定|绝对|百分百|百分之百)?是(?:个)?(?:骗子|骗局|诈骗|骗人|套路)"
    r"|骗人的|(?<!不是)(?<!不)(?<!没有)骗局|(?:新型|常见)?(?:诈骗|骗局)的?(?:手段|套路|话术|手法|类型|案例|流程|步骤|特点)"
    r"|(?:都|就|全|全部|肯定|绝对)是骗钱|骗钱的"
    # "冒充客服诈骗常见话术：…"
    r"|(?:诈骗|骗局)(?:常见|常用|惯用|典型)的?(?:手段|套路|话术|手法|台词|说辞)"
    # "骗子常用话术：…", "刷单返利类诈骗" (news of fraud types), "骗子太可恶了" (a story's end)
    r"|骗子(?:的|们)?(?:常用|常见|惯用|最爱用)?的?(?:套路|手段|话术|把戏|说辞|台词)|(?<![涉嫌])[类型](?:诈骗|骗局)"
    r"|骗子(?:太|真|真是|也太|实在|好)?(?:可恶|可恨|缺德|猖狂|嚣张|无耻|该死)"
    # the owner impersonated says what they never do: "我从来不做刷单返利", "群主从没推荐过兼职"
    r"|(?:(?:我|群主|本群|管理员?)(?:也|可)?(?:从来|从|根本|绝对)|(?:群主|本群|管理员?)(?:也|可)?)"
    r"(?:不|没有?)(?:做|搞|推荐|发|拉人做?)(?:过|任何)?"
    r"[^，。！？,!?]{0,4}?(?:刷单|兼职|返利|任务|理财|投资|贷款|代购)"
    r"|(?:都|全|多半|很多|大多)是假的|(?:别|不要|勿|莫)上当|上当受骗|(?<!担心)(?<!怕)(?<!不会)被骗了?|防骗|反诈(?!中心)|反诈中心app|防诈|谨防|警惕"
    r"|提个醒|提醒(?:一下)?(?:大家|各位|群友|家人)|(?:大家|各位|群友们?|家人们?|姐妹们?)(?:都|也|一定要|要|可要)?(?:小心|当心|警惕|别信|不要信)"
    r"|是不是骗|是骗子吗|是骗局吗|是诈骗吗|是不是诈骗|是不是真的客服"
    r"|(?:验证码|密码|动态码|卡号|身份证)[^，。！？,!?\n]{0,6}?(?:千万|一定|绝对)?(?:别|不要|勿|切勿|请勿|不能)(?:告诉|给|发|透露|泄露|提供|说)"
    r"|(?:别|不要|勿|切勿|请勿|不能)(?:把|将|向|跟|对)?[^，。！？,!?\n]{0,6}?(?:验证码|密码|动态码|卡号)(?:告诉|给|发|透露|泄露|提供|说)"
    r"|(?<!不要)(?<!别)(?<!不能)(?:直接|立刻|马上|立即|赶紧|一律|统统|全部|都)挂(?:断|掉|了|$|(?=[。！!，,]))"
    # "…要你配合资金核查的，挂掉", "我舅妈被一个“检察官”骗了" (police7)
    r"|的[，,]\s*(?:直接|就)?挂(?:断|掉|了)|被[^，。！？,!?\n]{1,10}?骗(?:了|走)"
    # sent to the real police: "如已向陌生账户转账请立即拨打110报警"
    r"|(?:拨打|致电|联系)(?:110|96110)|(?:立即|马上|及时|赶紧|请)报警"
    r"|遇到这种(?:情况|电话|短信|事|人)?(?:直接|一定|千万|记得|就|要|别|不要|先)|(?<!被)(?<!被人)(?<!被多人)举报|拉黑|留个?心眼|多个心眼|擦亮眼睛|多留(?:个)?心|长点心|(?:注意|加强)防范|以防被骗|别被骗"
    # a platform's or the group's own word: 客服不会以任何理由要求…, 官方从不…, 群主不收任何钱
    # …or what nobody asked in a member's account of the real thing ("没有任何人打电话让我加微信")
    r"|(?:不会|绝不会|决不会|从不|从来不|从来没有?|从没|不可能|没有任何人|没有人|没人)(?:以任何理由|以任何形式|任何理由|主动|通过|私下|在群里|向你|向您)?"
    r".{0,14}?(?:要求|让你|让您|让我|叫你|叫我|问你要|向你要|索要|收取|收任何|收过?钱|收过?费|私聊|联系你|联系您|打电话"
    # "物业不会加业主个人微信", "不会通过微信扫码退费"
    r"|加[^，。！？,!?]{0,6}?(?:微信|qq|好友)|扫码|推荐(?:任何|什么)?(?:兼职|刷单|理财|投资|贷款))"
    r"|(?:凡是|任何|所有)(?:让你|要你|叫你|要求你|要求您|以).{0,20}?(?:都是|一律|均为|均是|就是)"
    r"|禁止|严禁|不允许|不准|群规|一经发现|违者|踢出|被踢(?:了|出)|已(?:经)?(?:被)?踢|请勿|切勿"
    # "理赔在订单页申请，不用加任何人": the official way needs no stranger
    r"|(?:不用|不需要|无需|用不着|没必要)(?:加|联系|私聊|下载|转账|交钱|交|付钱|付款|提供|填)"
)
#: the news and the police name the scammer as a criminal, and an agency tells its lesson
#: ("不法分子冒充银行工作人员…", "警方提醒家长…"), the reader never addressed (a fake officer
#: says "你的身份信息被不法分子利用")
_NEWS = re.compile(
    r"(?:不法|犯罪|诈骗|违法)分子|(?:警方|民警|公安(?:局|机关)?|派出所|部门|本行|银行|支行)(?:再次|特别|温馨)?提醒"
)
#: a post under a case, news, bulletin or tip header ("案例：…", "【警情通报】…", "警方提示：…")…
_HEADER = re.compile(
    r"^\s*[【\[]?(?:典型|真实|近期|今日|本周|最新|每日)?(?:案例|案情|新闻|通报|警情通报|警情|以案说法|案例分享|案件"
    r"|(?:反诈|防骗|防诈|警方|民警|公安|派出所|温馨|安全|群管理员|管理员|群主)(?:提示|提醒))"
    r"(?:[一二三四五六七八九十\d]+)?[】\]]?\s*[:：】\]]"
)
#: …that asks the group to act in the poster's voice ("请各位把身份证号私发给管理员", "所有会员需先交")
#: or speaks for a business ("我们平台"): a notice of its own, not a case told
_GROUP_ASKED = re.compile(
    r"请(?:各位|大家|群友|家长|会员|用户|全体)[^，。！？,!?；;\n]{0,10}?"
    r"(?:把|将|发|私发|交|缴|付|转账|转钱|转到|转给|提供|登记|填|下载|加|扫|联系|报名)"
    r"|(?:所有|全体|各位)(?:人|会员|用户|群友|家长|成员|学员)?[^，。！？,!?；;\n]{0,6}?(?:需|须|必须|要|得)"
    r"|我们(?:平台|公司|这里|这边|团队|机构)|本平台|本公司|我司|本店"
)
#: how a member's story ends: the caller gave up, or the money was gone (not in a text that
#: speaks to the reader as 您: "刚才给您打电话对方挂了，我是…客服")
_ENDED = re.compile(
    r"(?:对方|他|她|骗子|那边|那人|人家)(?:就|马上|立马|直接|立刻|一下子?|啪一下|赶紧)?(?:把电话)?挂(?:了|断|掉)"
    r"|秒挂|卷款跑路|(?:现在|然后|结果|后来|再也)(?:就|人)?(?:联系不上|找不到人)|(?:钱|本金)(?:全|都|就)?没了|血本无归|打水漂"
)
#: …not a threat ("不交的话钱就没了", "否则本金打水漂")
_THREAT = re.compile(r"的话|否则|不然|要不|会|将|如果|若|万一")


def _clause(text: str, m: re.Match[str]) -> str:
    """The clause before ``m`` (from the last comma or stop)."""
    return re.split(r"[，。！？,!?；;\n]", text[: m.start()])[-1]


#: reported speech and the poster as the one approached: a warning, or a question about one
_WEAK = re.compile(
    r"听说|(?:有人|有个人|有些人|总有人|老有人)(?:说|私聊|私信|打电话|打来|加|冒充|自称|假冒|发|让|叫|问我|找我|骗|在群|拉)|(?:我|我的|我家)(?:朋友|同事|同学|妈|爸|姐|哥|表姐|表哥|表妹|闺蜜|邻居|亲戚|婆婆|老公|老婆)"
    r"|对方(?:说|让|叫|问|一直|又|还|就|把|打|挂|要我|自称|一口)|骗子|自称|冒充|假(?:冒|的)?客服|接到(?:一个|个|了)?(?:电话|短信|陌生)|打(?:电话)?来|挂了|挂断|问他|问她"
    r"|(?:他|她|对方|那人|那个人)(?:让|叫|要)我|(?:让|叫|要)我先"
    r"|小心|当心|谨慎|提醒|注意|靠谱吗|真的假的|是真的吗|可信吗|能信吗"
    # "差点信了": the poster was approached and tells it; without a lesson drawn ("都是骗子",
    # "客服不会…") that is a script shown to the group, which the admins should look at
    r"|差点(?:就)?(?:上当|被骗|信了)"
)
#: a "千万别 / 不要" about a scam's act, the strongest warning ("千万别转", "不要点陌生链接")
_NEGATED_ACT = re.compile(
    r"(?:千万|一定|绝对)?(?:别|不要|勿|切勿|请勿|(?<!能)不能|莫)(?:轻易|随便|再|私下|私自|盲目)?"
    r"(?:相信|轻信|信|找人|跟着|照着|照做|转账|转钱|转|点击|点开|点|填|下载|扫码|扫|加|借|交钱|交|付款|付|理会|理|听|回复|透露|泄露|提供|共享|开启|碰|沾|去搜|搜索|搜|百度|回拨|拨打)"
    # …but not "不要相信任何人 / 别信银行的" (a scam keeps its victim from help)
    r"(?!任何人|别人|其他人|家人|银行|警察|民警|柜台|亲友|家属|身边)"
)
#: two speakers in a retold dialogue: "客服"：… / 朋友：…
_SPEAKER = re.compile(
    r"(?:^|[\n。！？!?；;])\s*[“\"「『]?([^\s“”\"「」『』:：，,。]{1,6})[”\"」』]?\s*[:：]", re.M
)

# ---- what disqualifies a frame -------------------------------------------------------------

#: keep it from others: a scam's instruction to its victim, never part of a warning
_SECRECY = re.compile(
    r"(?:别|不要|不能|不许|不准|切勿|请勿|勿|不可以)(?:将|把)?(?:此事|这件事|这事|此事情|相关情况)?"
    r"(?:告诉|告知|透露给|透露|泄露给|跟|和|对|向|与)[^，。！？,!?\n]{0,4}?"
    r"(?:任何人|别人|他人|其他人|外人|家人|家里|妈|爸|亲戚|亲友|朋友|同事|银行|工作人员|柜员|柜台|警察|民警|老公|老婆|父母|孩子|老师|领导)"
    r"|(?:别|不要|不能)让[^，。！？,!?\n]{0,6}?知道"
    # …and from every warning: "不要相信网上的说法", "不要理会手机的风险提示", "银行问你就说…"
    r"|(?:别|不要|不用|无需|不必|勿)(?:相信|信|理会|理|听|管)[^，。！？,!?\n]{0,4}?(?:网上的?(?:说法|新闻|报道|消息|信息|言论|提醒)|提示|提醒|风险|弹窗|说法|新闻|报道|反诈|警方|银行|警察|民警|家人|任何人|别人|其他人|亲友)"
    r"|问(?:你|您|起)?[^，。！？,!?\n]{0,4}?就说|就说是"
    r"|(?:不要|别|不能|请勿|切勿|勿)(?:声张|挂断|挂电话|报警|去银行|外传|说出去)"
    r"|(?:严禁|禁止|不得|不准|不许)(?:外传|泄露|透露|告诉|声张|外泄|说出去)"
    r"|保密|知道就行|只有你知道"
)
#: …unless it is about keeping a code or a password to yourself ("验证码不要告诉任何人")
_CREDENTIAL = re.compile(
    r"出租|出借|出售|转借|验证码|密码|动态码|口令|卡号|身份证|个人信息|短信码|账号|安全码|cvv|cvn|背面|三位数|有效期"
)

# ---- the scammer's channel -----------------------------------------------------------------

#: the banks' own 400 hotlines printed on their cards and in their SMS (中信, 招商, 浦发, 广发,
#: 光大, 民生, 华夏, 交通, 中国银行 and 建设银行 credit cards; 京东): a call there reaches the bank
HOTLINES = frozenset(
    {
        "4008895558",
        "4008205555",
        "4008208788",
        "4008308003",
        "4007888888",
        "4006695568",
        "4006695577",
        "4008009888",
        "4006695566",
        "4008200588",
        "4006065500",
    }
)
_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|400\d{7}|800\d{7}|0\d{2,3}\d{7,8})(?!\d)")
#: a long number: an account or card to transfer to
_ACCOUNT = re.compile(r"(?<!\d)\d{12,19}(?!\d)")
#: an id after a contact word: 微信 abc12345, qq 123456, 群号 654321 (in folded text)
_ID_AFTER = re.compile(
    r"(?:微信群|qq群|微信|qq|企鹅|tg|电报|飞机|群号|电话|手机|热线|致电|拨打|号码|联系方式|账号|账户|卡号|收款|会议号|会议id|房间号|邀请码)"
    r"(?:号|是|为|码)?(\d{5,19}|[a-z][a-z0-9_-]{4,19})"
)
#: "加我 / 私聊我 / 联系我…": an invitation, when the poster says it (not "有人私聊我说…")
_INVITE = re.compile(
    r"加我|私聊我|私我|私信我|联系我|找我|滴滴我|戳我|扣我|加一下我|加下我|call我|看我主页|点我头像|主页联系|头像联系"
    r"|请扫|扫码(?:添加|加|进|领|关注|联系|咨询)|扫一扫|扫描(?:下方|二维码)|长按识别|识别二维码|二维码(?:发你|我发|在下|见下|如下)"
)
#: before an invitation: someone else did it, or it is forbidden ("有人私聊我", "别扫码")
_REPORTED = re.compile(
    r"(?:有人|有个人|他|她|它|对方|骗子|人家|那人|别人|让|叫|要|会|就|都|谁|别|不要|勿|不能|不|没|又|还|也|的|说|来|去|老是|一直|总是|经常|突然|先|陌生人|个人|某人|网友|陌生号|(?<!需)(?:让|叫|要)我)$"
)
#: after an invitation: the poster tells what came of it ("私聊我说", "加我微信问我")
_NARRATED = re.compile(r"(?:好友|微信|qq)?[，,]?(?:说|问|讲|称|自称|让我|叫我|要我)")
#: "有问题在淘宝上找我们": the shop reached on the platform itself, not privately
_ON_PLATFORM = re.compile(
    r"在(?:淘宝|天猫|京东|拼多多|抖音|美团|饿了么|闲鱼|订单|平台|官方|app|旺旺|店铺|店里)"
)
#: a demand in the poster's own voice ("把身份证号发给我", "转到我们的账户", "这是我新的qq号")
_DEMAND = re.compile(
    r"发给我(?!手机|的手机|短信)|发我(?!手机|的手机|短信)|告诉我|念给我|报给我|转我|转给我|打给我|借我|汇给我|打我卡|转到我们|打到我们|转给我们|汇到我们|转入我们"
    r"|我们的[^，。！？,!?\n]{0,4}?账户|我帮(?:你|您)(?:们)?(?:登记|申报|办理|操作|激活|处理|注销|解冻)|我让他帮(?:你|您)"
    r"|(?:码|号|卡|证|照片|截图|信息|密码)给我"
    r"|这是我(?:的)?新|我的新(?:号|微信|qq)|我新(?:换)?的(?:号|微信|qq)"
    r"|转到我|打到我|汇到我|存到我|转进我|我发你|我发您|转到这|打到这|汇到这|存到这"
)
#: someone else speaking, in the sentence before a demand ("他说…", "对方让…", "骗子会说…")
_SAID_BY = re.compile(
    r"(?:他|她|对方|那人|那个人|骗子|有人|人家|陌生人)(?:就|又|还|会|一直)?(?:说|让|叫|要|问|称)"
)
#: …or further back in the sentence: "有人在群里私聊我说可以帮我贷款，要先交1000保证金"
_REPORTER = re.compile(
    r"(?:有人|有个人|对方|骗子|那人|那个人|陌生人|人家|自称[^，。！？,!?\n]{1,10}?的(?:人)?)"
    r"[^。！？!?\n]{0,12}?(?:说|称|让我|叫我|要我|问我|要求我)"
)
#: …or someone else the subject of the act: "有人发我一个“冻结令”", "对方又发我一张截图"
_BY_OTHER = re.compile(
    r"(?:有人|有(?:一)?(?:个|位)(?:人|号|陌生|自称|男|女|客服|电话|短信|网友|群友)[^，。！？,!?\n]{0,6}|他|她|对方|那人|那个人|骗子|人家|陌生人|陌生号码?|某人|一个人"
    r"|朋友|同事|客服|网友|群友|短信|号码)"
    r"(?:又|还|就|也|直接|突然|刚才|刚刚|今天|昨天)?$"
)
#: …or something already sent to the poster: "朋友发了个截图给我", "她转过一张照片给我"
_SENT = re.compile(
    r"(?:发|转|传|寄|拍)(?:了|过)(?:一?个|一张|几张|张|条|一条)?[^，。！？,!?\n]{0,4}$"
)
#: "你现在必须配合 / 您需要把…": an order to the reader…
_YOU_MUST = re.compile(
    r"(?:只需|只要|仅需|请您?|请你)(?:先|再)?(?:交|付|缴|转账|转钱|转到|转入|转给|充值|存入|存到|提供|填写|添加)"
    # "请您下载会议软件" (not "请下载国家反诈中心APP")
    r"|(?:请您|请你)(?:先|再)?(?:下载|安装)(?![^，。！？,!?]{0,6}?反诈)"
    r"|(?:你|您)(?:现在|马上|立即|立刻|今天|必须|需要|得|要)+(?:配合|把|将|下载|打开|登录|转|缴|交)"
    # "按照民警指示将资金转入安全账户": the reader's money moved (not "让你把钱转到…", told)
    r"|(?:将|把)(?:您|你)?的?(?:全部)?(?:资金|钱|存款|余额|积蓄|款项)(?:全部|统一)?(?:转|汇|存)(?:入|到|至)"
    # "需要您配合把账户注销", "您下载一个飞书", "请私聊管理员发送身份证", "进群必须交押金10元"
    r"|(?:需要|麻烦)(?:您|你)(?:配合|把|将|下载|打开|登录|按照|按)|(?:你|您)先?(?:下载|打开|登录)(?:一个|一下)"
    r"|请[^，。！？,!?\n]{0,6}?(?:发送|提交|上传|提供)[^，。！？,!?\n]{0,4}?(?:身份证|银行卡|卡号|验证码)"
    r"|(?:必须|需要|需)先?(?:交|缴|付)[^，。！？,!?\n]{0,6}?(?:押金|费|保证金|元|块)"
    # "需要您先缴纳一笔会员费", "您再交1500就放款": money asked of the reader
    r"|(?:需要|必须|要|得|须)(?:您|你)(?:先|再|补|另外)(?:交|缴|付|支付|转|还|充值|存)"
    r"|(?:需要|必须|须)(?:您|你)(?:缴纳|缴|支付|补交|充值)"
)
#: an offer: "先交10元押金即可领取" (unless reported: "说先交…就能", "先交定金的都是骗子")
_OFFER = re.compile(
    r"先(?:交|付|转|充|缴)[^，。！？,!?\n]{0,10}?(?:即可|就能|就可以|就可|马上|立即|立刻|保证|包)"
)
_NAMED_SCAM = re.compile(r"都是|一律|就是骗|是骗|全是|骗子|骗局|诈骗|假的")
#: …unless it is what someone else says ("他会说你需要…", "让你必须…")
_TOLD = re.compile(r"说|让|叫|要求|会|称|骗|问|逼|催|什么|所谓|谁|凡是|那种|这种")
#: a quotation, and a line of a retold dialogue: not the poster's own voice
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』")
_LINE = re.compile(r"(?:^|\n)[^\n:：]{1,8}[:：][^\n]*")
#: "需要的私聊", "有意者联系", "感兴趣扣1": a call to act, in the poster's voice
_CALL = re.compile(
    r"(?:需要|有意|想要|感兴趣|有兴趣|要的|想做|想赚|想了解|想进|想参加|想加入|详情|咨询)\S{0,4}?(?:私聊|私信|私我|滴滴|联系|加|扣1|扣个1|留言|戳|找我|报名)"
)


_SPACES = re.compile(r"[ \t\u3000]+")


#: the readers below are pure functions of the text (and the allowed hosts), and one message
#: is read by several of them, and by content and anti_scam alike (a warning's frame, its
#: channel, its demand): each is remembered for the last few texts, not read again
_memo = functools.lru_cache(maxsize=256)


def _plain(view: str) -> str:
    """Lower case, simplified, without spaces (line breaks kept: they end a dialogue line)."""
    return _SPACES.sub("", simplified(view.lower()))


@dataclass(frozen=True, slots=True)
class Frame:
    """Why a text reads as a warning, a notice, rules or a retelling."""

    strength: Literal["strong", "weak"]
    words: tuple[str, ...]


@_memo
def frame(view: str) -> Frame | None:
    """The warning frame of a normalised text (None: it does not read as one, or it asks for
    secrecy). ``view``: the normalised text the checks read."""
    text = _plain(view)
    speakers = _dialogue(text)
    # the lesson is the poster's: in a retold dialogue, what the others said ("客户：你们是不是
    # 骗子啊？" in a transcript of the scam) does not make it a warning
    own = _others_lines(text) if speakers else text
    # a story or a question is the poster's narration: in a dialogue, what is told around its
    # lines (a scam's transcript has the victim ask "他们说我开过？" in a line of their own)
    told = _story(_LINE.sub("", text)) or _retold(text) if speakers else _story(own)
    # secrecy told of in a story ("对方称其涉嫌骗保，要求其保密") is the scammer's, retold
    if _secrecy(text, told=bool(told)):
        return None
    strong = [m.group(0) for m in _STRONG.finditer(own)]
    strong += [m.group(0) for m in _NEGATED_ACT.finditer(own)]
    general = _generic(own)
    if not _ADDRESSED.search(general) and not _OFFERING.search(general):
        strong += [m.group(0) for m in _NEWS.finditer(own)]
        # under a header, a case told of others or a rule for anyone ("凡是要求你…的"), the group
        # asked nothing: the lesson of a case or a tip
        head = _HEADER.match(own)
        if (
            head
            and not _GROUP_ASKED.search(general)
            and (
                _OF_OTHERS.search(general)
                or _TOLD_TO.search(_QUOTED.sub("", own))
                or general != _QUOTED.sub("“”", own)
            )
        ):
            strong.append(head.group(0))
    if "您" not in own:
        strong += [m.group(0) for m in _ENDED.finditer(own) if not _THREAT.search(_clause(own, m))]
    if speakers and not strong:
        strong = _warned_by_another(text)
    if not strong:
        strong = told or _seeks(_LINE.sub("", text) if speakers else own)
    if strong:
        return Frame("strong", tuple(dict.fromkeys(strong))[:4])
    weak = [m.group(0) for m in _WEAK.finditer(text)]
    if speakers:  # a retold dialogue ("客服"：… 我：…), a script's own form too
        weak.append(speakers)
    if weak:
        return Frame("weak", tuple(dict.fromkeys(weak))[:4])
    return None


# ---- a member's story: who speaks ----------------------------------------------------------

#: someone else acts or speaks, and the poster (or the one it happened to) is the one told:
#: "有人…说我", "对方让我", "自称客服的…要我", "骗子诱导她", "称其…并要求其"
_TOLD_TO = re.compile(
    r"(?<![我你您])(?:说|让|叫|要|问|逼|催|诱导|要求|忽悠|劝|哄|骗)(?:我|她|他|其|老人|受害人)(?![们])"
    r"|(?:打|来)(?:电话|视频)?给我|给我打(?:电话|视频)|(?:私聊|私信|加|联系|找|拉)(?:了)?我(?:好友|微信|qq)?(?:说|问)"
    r"|(?:对方|骗子|那人|那个人|陌生人|有人|有个人|一个人|他|她)(?:就|又|还|一直)?(?:说|称|自称|问|让|叫|要)"
    r"|自称|冒充|假冒|号称|说(?:是|他是|她是|自己是)"
    # in Cantonese: "话我买嘅嘢有问题", "叫佢", "打俾我"
    r"|(?<!电)话(?:我|佢)|叫佢|(?:打|发)(?:俾|畀)我"
    # the news: "受害人多被以…为由反复要求转账"
    r"|被[^，。！？,!?\n]{0,20}?(?:要求|诱导|骗|忽悠|逼|催)"
    # …or shown what to do: "按提示填写了银行卡号", "按照对方的要求转账"
    r"|按(?:照)?(?:提示|要求|指示|对方|他的|她的)"
)
#: …a retelling shown as such: a recording, a chat log or an SMS pasted in quotation marks
_SHOWN_AS = re.compile(
    r"录音|聊天记录|原话|截图|通话|对话|短信|记录|接到[^，。！？,!?\n]{0,8}?(?:电话|来电)"
    # …or something received, asked about ("这个是真的吗：“…”", "有人收到这种吗：“…”")
    r"|收到|这个|这种|这条"
)
#: how it ended for the poster, told after the fact ("我没理他", "钱没转", "查了才知道是假的")
_OUTCOME = re.compile(
    r"(?:没|再没)(?:有)?(?:再)?(?:理|搭理|回|转|给|下载|点|信|上当|被骗|上钩|照做|答应)|不理(?:他|她|它)?|挂(?:了|掉|断)"
    r"|拉黑|删了|报(?:了)?警|派出所|才知道|识破|发现(?:是|被)?(?:假|骗)|根本(?:没|不是)|是假的"
    r"|(?:钱|卡里)[^，。！？,!?\n]{0,6}?没了|幸亏|幸好|还好|不对劲|觉得不对|没这回事|核实"
    r"|损失|劝阻|保住|追回|止付"
    # Cantonese: "我冇理佢", "唔理佢", "收咗线"
    r"|冇(?:理|搭理|回|转|俾|畀|信|上当|下载)|唔理|收(?:咗)?线"
    # the other side gone: "后来对方就不回了", "把我拉黑了", "失联"
    r"|(?:就|再也|都|也)?不回(?:了|复|消息|信息)|失联|联系不上|找不到人|不见了|被盗"
    # the line went dead: "嘟嘟嘟……"
    r"|嘟嘟"
    # the news: "先后转账9000多元", "才发现受骗", "卡内1.9万元被盗刷", "这才醒悟", "最后狗没见到"
    r"|(?:先后|共计|累计|陆续)(?:向对方)?(?:转账|转了|汇款|被骗)|(?:转账|汇款|转了|被骗)(?:共计|累计|合计|总计)|受骗|才(?:发现|意识到|反应过来)|事后发现|醒悟|盗刷"
    r"|最后[^，。！？,!?\n]{0,6}?没|钱[^，。！？,!?\n]{0,4}?(?:花|搭|赔)(?:了|进去)"
    # …or the fraudster caught: "近日被警方抓获", "已被刑事拘留", "一审被判处有期徒刑"
    r"|抓获|落网|归案|刑拘|刑事拘留|被捕|被抓|判处|被判|有期徒刑|破获|侦破|移送起诉|提起公诉"
)
#: …or asked of the group ("这是骗子吧？", "真的假的", "靠谱吗", "群主这人是群里的吗？")
_ASKS_GROUP = re.compile(
    r"(?:吗|吧|呢|么|啊)?[?？]|真的假的|靠谱吗|能信吗|可信吗|是真的吗|是不是|有没有人|有人遇到|怎么办|谁知道|帮(?:我|忙)看看"
    # "这正常吗", "要不要继续啊", "有人收到这种吗", "有没有懂的" (a question typed without a "？")
    r"|正常吗|要不要|该不该|怎么回事|有人收到|有懂的|有没有懂"
)
#: the reader addressed ("您的…", "你先…"), unless the "你" is said to someone ("我说你是骗子吧")
_ADDRESSED = re.compile(r"您|(?<![说问骂回])你(?!们)")
#: the reader addressed only as anyone: "凡是要求你“先转账”的熟人", "任何让你…的人", "遇到让你…的"
_GENERIC = re.compile(
    r"(?:凡是|凡|任何|所有|只要是|遇到|碰到|如果有人|若有人|一旦有人|只要有人)[^。！？!?\n，,；;]{0,30}?的"
    # …or in a lesson retold of what scammers do ("民警说现在骗子会提前买你家的信息")
    r"|(?:民警|警察|警方|老师|专家|讲师)(?:说|讲|提醒)[^。！？!?\n]*?骗子[^。！？!?\n]*"
)


def _generic(own: str) -> str:
    """``own`` without its quotations and the clauses that speak of anyone ("凡是要求你…的")."""
    return _GENERIC.sub("", _QUOTED.sub("“”", own))


def _story(own: str) -> list[str]:
    """A member telling what happened to them or to someone else: another speaks to the poster
    (or to 王女士, 我妈, 其), quotations shown as a recording or a chat log, and it ends in an
    outcome told after the fact (没理他, 挂了, 被骗) or in a question to the group (这是骗子吧？);
    the reader is never addressed. A scam speaks to its reader ("您的…", "你先…")."""
    plain = _QUOTED.sub("", own)
    if _ADDRESSED.search(plain):
        return []
    marks = [_TOLD_TO.search(plain)]
    if _QUOTED.search(own):
        marks.append(_SHOWN_AS.search(plain))
    told = min((m for m in marks if m is not None), key=lambda m: m.start(), default=None)
    if told is None:
        return []
    end = _OUTCOME.search(plain, told.end()) or _ASKS_GROUP.search(plain)
    return [told.group(0), end.group(0)] if end else []


def _retold(text: str) -> list[str]:
    """A dialogue the poster took part in (a line of 我's), pasted with the narration of how it
    ended around its lines ("（然后对方就把我删了）", "后来我报警了"), the reader never addressed
    there: the poster shows the group a scam that reached them."""
    if not any(m.group(1) in _ME for m in _SPOKEN.finditer(text)):
        return []
    around = _QUOTED.sub("", _LINE.sub("", text))
    # told after the fact by the poster ("后来我…", "然后…了"), not a stage note ("（对方挂断）")
    if _ADDRESSED.search(around) or not _AFTER.search(around):
        return []
    end = _OUTCOME.search(around)
    return [RETOLD, end.group(0)] if end else []


#: the mark of a frame read from a retold dialogue's narration
RETOLD = "我："
_AFTER = re.compile(r"我|后来|然后|结果|最后|了")


#: the poster asks the group for what they do not know ("我想问问开店要交多少保证金", "谁知道…")
_SEEKS = re.compile(
    r"我想问|想问(?:一)?下|请问|问一下|问下|请教|求科普|求解答|谁(?:能|知道|懂|了解|清楚)"
    r"|有(?:没有)?人(?:知道|懂|了解|清楚|遇到过|办过|交过)|(?:要|得|需要)交多少|是什么意思"
)
#: …not an offer put as a question ("请问有需要贷款的吗", "谁想赚钱？")
_OFFERING = re.compile(
    r"(?:有|谁)(?:需要|想要|要|想)[^，。！？,!?\n]{0,8}?的|需要的|有意|想赚|赚钱|日结|名额|包过|秒批|秒下|无抵押|不看征信"
)


def _seeks(own: str) -> list[str]:
    """The poster asking the group what they do not know, the reader never addressed and
    nothing offered: a question, not a pitch."""
    plain = _QUOTED.sub("", own)
    seek = _SEEKS.search(plain)
    if seek is None or _ADDRESSED.search(plain) or _OFFERING.search(plain):
        return []
    return [seek.group(0)]


def _dialogue(text: str) -> str:
    """Two speakers' names if the text is a dialogue ("客服"：… 我：…), else ""."""
    speakers = {m.group(1) for m in _SPEAKER.finditer(text)}
    return "：".join(sorted(speakers)[:2]) if len(speakers) >= 2 else ""


#: a dialogue line, its speaker apart ("客服：…", "我：…")
_SPOKEN = re.compile(
    r"(?:^|(?<=\n))\s*[“\"「『]?([^\n:：“”\"「」『』]{1,8}?)[”\"」』]?\s*[:：][^\n]*"
)
_ME = frozenset({"我", "本人", "我说", "我回", "我问"})


def _others_lines(text: str) -> str:
    """``text`` without the dialogue lines of speakers other than the poster."""
    return _SPOKEN.sub(lambda m: m.group(0) if m.group(1) in _ME else "", text)


#: a speaker who tells the others what to do or asks something: not a warning's voice
_INSTRUCTS = re.compile(
    r"请|需要(?:您|你)|麻烦(?:您|你)|(?:你|您)(?:别|先|去|要|得|必须|马上|现在)|我帮(?:你|您)"
    r"|(?:你|您|大家)(?:再|就|可以|立即|赶紧)?(?:打开|下载|搜索|操作|点击|点开|扫|转|交|付|加|借|登录|填|输入|提供|发)"
)
#: a question ("你不会是骗子吧？"): a doubt, not a lesson
_QUESTION = re.compile(r"[?？]|吗|吧|呢")
#: …and the lesson itself: it calls the thing a scam, or says not to believe it
_CALLED_SCAM = re.compile(
    r"(?<!不)(?:都|就|全|肯定|绝对)?是(?:个)?(?:骗子|骗局|诈骗|骗人的|假的)|骗人的"
    r"|(?:别|不要)(?:信|相信|上当|理|理会)|千万(?:别|不要)|拉黑"
)


def _warned_by_another(text: str) -> list[str]:
    """In a group chat pasted as a dialogue, three people or more ("群友A：…退款多久到账 /
    群友C：注意啊，如果有人私聊说是客服要给你退款…那都是骗子"), the lesson of another member: a
    speaker who calls it a scam or says not to believe it, or tells what was said to them and
    how it ended (``_story``: "说要我加微信，我直接挂了"), and neither asks nor instructs
    anything in any of their lines. Between two speakers it is the call itself, retold or made
    up: a fake 客服 or "officer" warns of "骗子" first ("现在骗子很多，别信陌生人 / 您打开支付宝
    …"), so only the poster's own lines count there."""
    said: dict[str, list[str]] = {}
    for m in _SPOKEN.finditer(text):
        said.setdefault(m.group(1), []).append(m.group(0).split("：", 1)[-1].split(":", 1)[-1])
    if len(said) < 3:  # two speakers: a call or a chat with one stranger, as a script is told
        return []
    out: list[str] = []
    for name, lines in said.items():
        if name in _ME:
            continue
        spoken = "\n".join(lines)
        if _INSTRUCTS.search(spoken) or demand(spoken) or _OFFER.search(spoken):
            continue
        for line in lines:
            for clause in re.split(r"(?<=[。！!？?；;，,])", line):
                if not _QUESTION.search(clause):
                    out += [m.group(0) for m in _CALLED_SCAM.finditer(clause)]
            # …or their own story: "我接到过，说要我加微信，我直接挂了"
            out += _story(line)
    return out


#: what the real police or a platform never ask, said before the secrecy in its clause
#: ("警察…更不会让你保密", "也不会要求你不告诉家人"): the lesson lists it, nobody asks it
_NEVER_ASKS = re.compile(
    r"(?:不会|绝不会|决不会|从不|从来不|从来不会|不可能)[^，。！？,!?；;\n]{0,6}$"
)


def hushed(view: str) -> bool:
    """The text tells the reader to keep it from others ("这件事要保密", "不要告诉家人"): a
    scam's instruction, never a warning's."""
    return _secrecy(_plain(view), told=True)


#: the secrecy is what the scammer said, told in a lesson ("还说什么要签保密协议，不能告诉子女")
_TOLD_SECRECY = re.compile(r"说|称|要求|骗子|对方|什么|所谓|叮嘱|嘱咐|交代")


def _secrecy(text: str, told: bool = False) -> bool:
    """``told``: secrecy told of in its sentence ("骗子还说…不能告诉子女") does not count."""
    for m in _SECRECY.finditer(text):
        if any(q.start() <= m.start() < q.end() <= q.start() + 10 for q in _QUOTED.finditer(text)):
            continue  # a term named in quotation marks ("“保密调查”这几个词"), no one says it
        if told and _TOLD_SECRECY.search(re.split(r"[。！？!?\n]", text[: m.start()])[-1]):
            continue
        around = text[max(0, m.start() - 10) : m.end() + 10]
        if _CREDENTIAL.search(around):  # "验证码千万不要告诉任何人" warns; "不要告诉家人" hides
            continue
        if not _NEVER_ASKS.search(text[max(0, m.start() - 12) : m.start()]):
            return True
    return False


_MASKED = re.compile(r"\d+[\s]*[*＊]{3,}[\s]*\d+")


def channel(view: str, allow: frozenset[str] = frozenset()) -> str | None:
    """How the reader could reach whoever is behind the text (None: no way is given)."""
    return _channel(view, allow)  # (remembered under one key however it is called)


@_memo
def _channel(view: str, allow: frozenset[str]) -> str | None:
    """``channel``, read."""
    rest: list[str] = []
    last = 0
    for m in urls.finditer(view):
        rest.append(view[last : m.start()])
        last = m.end()
        link = m.group(0).rstrip(urls._TRAIL)
        if urls.analyse(link, allow):  # anything but an official link
            return link
    rest.append(view[last:])
    # a number shown masked ("6217 **** 8832") reaches no one
    plain = _MASKED.sub("", simplified(" ".join(rest)))
    digits = re.sub(r"(?<=\d)[\s\-－—]+(?=\d)", "", plain)
    for m in _PHONE.finditer(digits):
        if m.group(0) not in HOTLINES and not _exposed(digits, m):
            return m.group(0)
    for m in _ACCOUNT.finditer(digits):
        if not _exposed(digits, m):
            return m.group(0)
    folded = fold(plain)
    for m in _ID_AFTER.finditer(folded):
        official = OFFICIAL_NUMBER.match(m.group(1)) or m.group(1) in HOTLINES
        if not official and not _exposed(folded, m):
            return m.group(0)
    text = re.sub(r"[\s\u3000]+", "", plain.lower())
    # a quoted line is the scammer's, shown ("凡是私聊你说“加我好友带你刷单”的…"): an invitation
    # there names no one to reach (a number or an id in it still counts, above)
    text = _QUOTED.sub(lambda m: "“”" if _shown(text, m) else m.group(0), text)
    for m in _INVITE.finditer(text):
        before = text[max(0, m.start() - 10) : m.start()]
        if _REPORTED.search(before[-4:]) or _ON_PLATFORM.search(before):
            continue
        if _NARRATED.match(text, m.end()):  # "有人在群里私聊我说…": what was done to the poster
            continue
        if not _report_back(text, m):
            return m.group(0)
    for m in _CALL.finditer(text):
        if text[max(0, m.start() - 1) : m.start()] not in "不无没":  # "不需要添加任何客服"
            return m.group(0)
    return None


#: the owner asks to hear of the scammer: "有疑问找我核实", "截图私聊我", "看到了告诉我"
_TO_VERIFY = re.compile(r"^[^，。！？,!?；;\n]{0,3}?(?:核实|确认|核对|问清楚|问一下|辨别)")
_REPORT = re.compile(
    r"(?:截图|截个图|截屏)[^，。！？,!?；;\n]{0,4}?$"
    # "看到了直接告诉我", "发现有人私加的截图发我" (not "遇到资金困难找我")
    r"|(?:看到|发现|遇到|收到)(?:了|的话|这种|类似|此类|有人|可疑|陌生)[^，。！？,!?；;\n]{0,8}?$"
)
#: …never in a text about the reader's own order, account or card, nor beside a pitch
#: ("您的订单异常…私聊我核实", "我们是正规平台…有疑问找我确认")
_YOURS = re.compile(
    r"(?:你|您)(?:的(?!话)|把|将)|(?:帮|请|给)(?:你|您)|(?:我们|本平台|我这边|我们这边|本公司|我司)[^，。！？,!?]{0,6}?(?:正规|官方|靠谱|真的|不一样|不同|合法|安全)"
)


#: the words that ask to be told or checked with (not "借我", "转我": money asked for)
_TOLD_TO_ME = frozenset(
    {"告诉我", "发给我", "发我", "私聊我", "私我", "私信我", "找我", "联系我", "滴滴我", "戳我"}
)


def _report_back(text: str, m: re.Match[str], verify: bool = True) -> bool:
    """The invitation or the "发给我" at ``m`` asks the group to report the scam to the
    poster or check with them ("有疑问可以找我核实", "发现有人私加的截图发给我"), not to reach
    someone who offers something."""
    if m.group(0) not in _TOLD_TO_ME or _YOURS.search(text):
        return False
    before = re.split(r"[，。！？,!?；;\n]", text[: m.start()])[-1]
    return bool(_REPORT.search(before) or (verify and _TO_VERIFY.search(text[m.end() :])))


#: a number or an id shown to warn of it: "曝光一个骗子，QQ 2837461920", "13912345678冒充客服"…
_EXPOSING = re.compile(r"曝光|骗子|是骗|骗局|冒充|假冒|拉黑|举报|报警|别信|不要信|黑名单|诈骗")
#: …not one offered: "真正的客服QQ是…", "认准我们的微信…", "加我", "联系…办理"
_OFFERED = re.compile(
    r"我|真正|正规|官方|认准|唯一|联系|加|找|私聊|私信|咨询|办理|领取|登记|拨打|致电|回电"
    r"|热线|专线|举报电话"
)


def _exposed(text: str, m: re.Match[str]) -> bool:
    """The number or id at ``m`` is exposed as a scammer's (a member warning of it), not given
    as a way to reach the writer."""
    around = text[max(0, m.start() - 12) : m.start()] + text[m.end() : m.end() + 12]
    return bool(_EXPOSING.search(around)) and not _OFFERED.search(around)


#: around a quotation that shows the scammer's words: who said it, or what it is called
_SHOWN = re.compile(r"说|称|问|话术|骗|什么|这种|那种|凡是|类似|诈骗|假的|别信|不要信|[“”\"「」]")


def _shown(text: str, m: re.Match[str]) -> bool:
    """A quotation told of ("骗子会说“私聊我”", "“加我好友带你赚钱”的都是骗子", one of a list),
    not a call put in quotation marks to hide it."""
    return bool(
        _SHOWN.search(text[max(0, m.start() - 10) : m.start()])
        or _SHOWN.search(text[m.end() : m.end() + 10])
    )


def _unasked(view: str, allow: frozenset[str] = frozenset()) -> Frame | None:
    """The frame of a text that asks nothing of the reader: no demand in the poster's voice, no
    channel to anyone, no money of the reader's moved."""
    return _unasked_read(view, allow)  # (remembered under one key however it is called)


@_memo
def _unasked_read(view: str, allow: frozenset[str]) -> Frame | None:
    """``_unasked``, read."""
    seen = frame(authority.unreassured(view))  # "我不是骗子" is a script's line, not a lesson
    if seen is None or demand(view) or _reached(view, seen, allow):
        return None
    # "把您的钱转到…保护账户，风险解除后原路返回" (a retelling's quoted lines are the scammer's)
    if authority.moves_money(fold(_QUOTED.sub("", view) if _story(view) else view)):
        return None
    return seen


def _reached(view: str, seen: Frame, allow: frozenset[str]) -> bool:
    """A channel to whoever is behind the text. In a dialogue the poster retells (``_retold``),
    the other speaker's "你加我一下" is what the scammer said to the poster, not the poster's
    invitation (a number, an id or a link in those lines still counts)."""
    found = channel(view, allow)
    if found is None:
        return False
    if seen.words[:1] != (RETOLD,) or not _INVITE.fullmatch(found):
        return True
    return channel(_others_lines(view), allow) is not None


def warns(view: str, allow: frozenset[str] = frozenset()) -> Frame | None:
    """The strong frame of a warning, a notice, the rules or a retelling that asks nothing of
    the reader (what ``lower`` drops the scam wording of), else None: a word list's match in it
    names the thing to warn of it ("有人私聊让我加微信刷单，大家别信")."""
    seen = _unasked(view, allow)
    return seen if seen is not None and seen.strength == "strong" else None


def lower(found: Sequence[Any], view: str, allow: frozenset[str] = frozenset()) -> list[Any]:
    """``found`` with the scam-wording findings of a warning, notice, rule or retelling lowered
    (findings are ``anti_scam.Finding``: rule, severity, key, values, remove)."""
    if not any(f.rule in LOWERED for f in found):
        return list(found)
    if dressed(view, allow) is not None:  # a demand of the reader: no header or word lowers it
        return list(found)
    seen = _unasked(view, allow)
    if seen is None or seen.strength == "weak":  # a payment told as done is no ask either
        found = _told_of_others(_done(found, view, allow), view, allow)
        if seen is None:
            return found
    out = []
    for f in found:
        if f.rule not in LOWERED:
            out.append(f)
        elif seen.strength == "weak":
            # told as someone else's words: the admins look, nothing is removed or punished
            values = {**f.values, "warning": list(seen.words)}
            out.append(
                dataclasses.replace(f, severity=Severity.REVIEW, values=values, remove=False)
            )
    return out


#: an act told as done: "先帮着垫付了", "先付了定金", "已经交过" (not "先付定金即可")
_DONE_AFTER = re.compile(r"(?:了|过|完)")
_DONE_BEFORE = re.compile(r"(?:已|已经|早就|都)$")


def _done(found: Sequence[Any], view: str, allow: frozenset[str]) -> list[Any]:
    """``found`` without the phrase findings whose every word is told as done ("楼上的小伙子还先
    帮着垫付了一千多块医药费"): in a text that never addresses the reader, makes no demand and gives
    no channel, a payment already made is a retelling, not an ask. Script findings stay."""
    phrase = [f for f in found if f.rule in LOWERED and f.rule != "anti_scam.script"]
    if not phrase or not all(f.values.get("words") for f in phrase):
        return list(found)
    plain = _plain(view)
    if _ADDRESSED.search(_QUOTED.sub("", plain)) or demand(view) or channel(view, allow):
        return list(found)
    folded = fold(plain)
    told = {f.rule for f in phrase if _told_done(folded, f.values["words"].split("、"))}
    return [f for f in found if f.rule not in told]


def _told_done(folded: str, words: list[str]) -> bool:
    """Every clause of ``folded`` that says one of ``words`` tells one of them as done (了/过
    after it, 已经 before it: "先交了两千块订金"), and there is one."""
    seen = False
    for clause in _CLAUSES.split(folded):
        said = done = False
        for word in words:
            start = clause.find(word)
            while start >= 0:
                said = True
                end = start + len(word)
                if _DONE_AFTER.match(clause, end) or _DONE_BEFORE.search(
                    clause[max(0, start - 2) : start]
                ):
                    done = True
                start = clause.find(word, end)
        if said and not done:
            return False
        seen = seen or said
    return seen


_CLAUSES = re.compile(r"[，。！？,!?；;\n]|\.(?!\d)")

#: a sentence told of someone else from here on: "称其账号涉嫌违规…", "要他交解冻金", "对方说…",
#: "以办理贷款为名，收取被害人手续费" (the poster does not call themselves 自称 or 被害人)
_OF_OTHERS = re.compile(
    r"(?:称|要求|要|让|叫|令|诱导|骗|逼|催)其|(?<![我你您])(?:要|让|叫|逼|催|诱导|要求|骗)(?:他|她)(?![们])"
    r"|(?:对方|骗子|那人|那个人|陌生人|(?:犯罪)?嫌疑人|男子|女子|客服)(?:就|又|还|一直|便)?(?:说|称|要求|让|要|叫)"
    r"|被害人|受害人|事主|自称|冒充|假冒|为名|为由"
    # the news names its people by a role or as 陈某 ("市民孙某", "一名宝妈", "某公司财务人员刘某")
    r"|(?<=[\u4e00-\u9fff])某(?![些种个天日时地处平公单家部机位类款项人])|(?:市民|居民|村民|老人|宝妈|大学生|男子|女子|商家|店主|财务|阿姨|大爷|大妈|奶奶|爷爷|老太)"
    r"|(?:电话|来电|消息|短信|微信|qq)[，,]?称|[，,]称(?![号呼赞心为])"
)
#: the rules a finding can name (a group's own rules are never read as told)
_BUILT_IN = frozenset(r.id for r in DEFAULT_RULES)


def _told_of_others(found: Sequence[Any], view: str, allow: frozenset[str]) -> list[Any]:
    """``found`` without the phrase findings that fire only on words shown in quotation marks
    ("凡是要求你“先垫付”“先转账”的熟人") or said in a sentence told of someone else ("称其账号
    涉嫌违规，需要交解冻保证金", "要他交解冻金"), in a text that never addresses the reader in
    the poster's own voice ("凡是要求你…的" speaks of anyone), makes no demand or offer and gives
    no channel. Script findings stay (the frame reads them)."""
    phrase = [f for f in found if f.rule in LOWERED and f.values.get("phrase") in _BUILT_IN]
    if not phrase:
        return list(found)
    plain = _plain(view)
    general = _generic(plain)
    if _ADDRESSED.search(general) or _OFFERING.search(general) or _GROUP_ASKED.search(general):
        return list(found)
    if demand(view) or channel(view, allow):
        return list(found)
    kept = _QUOTED.sub(lambda m: "“”" if _shown(plain, m) else m.group(0), plain)
    kept = "".join(_untold(s) for s in _SENTENCE.split(kept))
    if kept == plain:
        return list(found)
    fired = {h.rule.id for h in phrase_match(kept, DEFAULT_RULES)}
    told = {f.rule for f in phrase if f.values["phrase"] not in fired}
    return [f for f in found if f.rule not in told]


_SENTENCE = re.compile(r"(?<=[。！？!?；;\n])")


def _untold(sentence: str) -> str:
    """``sentence`` up to where it tells of someone else."""
    m = _OF_OTHERS.search(sentence)
    return sentence if m is None else sentence[: m.start()] + sentence[-1:]


#: the scammer's lines listed after a heading that names them ("骗子常用话术：1.您的快递丢了要
#: 理赔 … 4.贷款需要先交保证金。"): shown, like a quotation, up to the next comma or the end of
#: the sentence, numbered items all (a demand after a comma is still the poster's)
_LISTED = re.compile(
    r"(?:骗子|诈骗|骗局|常见|常用|典型)[^。！？!?\n：:]{0,6}?(?:话术|台词|说法|套路|手法|骗术|说辞)[：:]"
    r"[^。！？!?\n，,]*(?:[，,]?\d[.、．)）][^。！？!?\n，,]*)*"
)


@_memo
def demand(view: str) -> str | None:
    """A demand in the poster's own voice ("发给我", "转到我们的账户", "你现在必须配合"),
    quotations and dialogue lines left out."""
    own = _plain(view)
    if _dialogue(own):  # the lines of a retold dialogue are the speakers' words
        own = _LINE.sub("", own)
    own = _LISTED.sub("", _QUOTED.sub("", own))
    for m in _DEMAND.finditer(own):
        # "他说…你把验证码发给我。我说你是骗子吧": the sentence tells what another said
        sentence = re.split(r"[。！？!?.\n]", own[: m.start()])[-1]
        said = (
            _SAID_BY.search(sentence)
            or _REPORTER.search(sentence)
            or _SENT.search(sentence)
            or _BY_OTHER.search(sentence)
        )
        if not said and not _report_back(own, m, verify=False):
            return m.group(0)
    for m in _OFFER.finditer(own):
        before = own[max(0, m.start() - 8) : m.start()]
        if _TOLD.search(before) or _NAMED_SCAM.search(own[m.end() : m.end() + 12]):
            continue
        if not _REPORTER.search(re.split(r"[。！？!?\n]", own[: m.start()])[-1]):
            return m.group(0)
    narrated: bool | None = None
    for m in _YOU_MUST.finditer(own):
        if own[max(0, m.start() - 1) : m.start()] in ("不", "无", "没", "勿"):
            continue  # "国家发放的补贴不需要缴纳任何费用"
        if not ("你" in m.group(0) or "您" in m.group(0)):
            # "需缴纳2万元解冻" with nobody addressed, in a story told of a third person that
            # offers nothing: retold (not "我这有个律师…只需要交500元…有需要的姐妹")
            if narrated is None:
                narrated = bool(_story(own)) and not _OFFERING.search(own)
            sentence = re.split(r"[。！？!?\n]", own[: m.start()])[-1]
            if "我" in sentence:
                pass
            elif narrated:
                continue
            elif _OF_OTHERS.search(sentence) and not _OFFERING.search(own):
                continue  # "称其会员要扣费，需要先交一笔保证金": what was told to someone else
        # not "他会说你必须…"; a money move is told of from its clause's start ("让你下载会议
        # 软件、共享屏幕、把钱转到指定账户的")
        back = 24 if m.group(0)[0] in "将把" else 4
        before = re.split(r"[。！？!?\n]", own[max(0, m.start() - back) : m.start()])[-1]
        if not _TOLD.search(before):
            return m.group(0)
    return None


# ---- a scam dressed as a warning: a demand of the reader (issue #21) ------------------------

#: the reader addressed in the sentence before an act: "请…", "您…", "大家…", "家长…"
_READER = re.compile(r"请|您|你(?!们)|大家|各位|群友|家长|会员|用户|即可|立即|立刻|马上|务必|统一")
#: the reader's money moved: "将余额转入…安全保护账户", "通过以下专用账户缴纳"
_MOVE = re.compile(
    r"(?:转入|转到|转至|存入|存到|汇入|汇到|打入|打到|转移到|转账到|转账至)[^。！？!?\n]{0,16}?(?:账户|账号|托管|卡上|卡里)"
    r"|(?:通过|到|至|向|往)[^。！？!?\n，,]{0,12}?(?:账户|账号)[^。！？!?\n，,]{0,6}?(?:缴纳|缴费|支付|付款|转账|汇款|交费|存入)"
)
#: …to an account no bank keeps for its customer ("安全账户", "临时托管", "专用账户"), or a person's
_UNSAFE_ACCOUNT = re.compile(
    r"安全|保护|托管|监管|核查|验资|专用|指定|临时|清查|备用"
    r"|户名[:：]?[\u4e00-\u9fff]{2,3}(?![\u4e00-\u9fff]*(?:公司|学校|学院|中心|局|院|银行|委员会|协会|部|处|所|社|店|厂|馆|站))"
)
#: the reader's own account ("打到你的账户", "存入您本人的卡上"): money coming to them
_READERS_OWN = re.compile(r"(?:你|您)(?:自己|本人)?的|(?:你|您)(?:自己|本人)|自己的|本人的")
#: a code sent to someone: "收到的验证码都先私发给管理员", "把验证码告诉客服"
_SEND_CODE = re.compile(
    rf"(?:{CODE_WORDS})[^。！？!?\n]{{0,12}}?(?:私发|发给|发送给|告诉|提供给|报给|转发给|截图给|发到)(?!任何|陌生|他人|别人|谁)"
    rf"|(?:私发|发给|发送给|告诉|提供给|报给|转发给)(?!任何|陌生|他人|别人)[^。！？!?\n，,]{{1,8}}?(?:{CODE_WORDS})"
)
#: a contact added: "请添加“医保服务中心”企业微信", "登记请加qq群…联系群主"
_ADD_CONTACT = re.compile(
    r"(?:添加|加入|加)[^。！？!?\n，,]{0,14}?(?:企业微信|微信|qq群|qq|群号|好友|客服|专员|工作人员)"
)
#: a link clicked or something opened on it: "点击 x.cc 立即开通"
_OPEN_LINK = re.compile(r"点击|点开|打开|访问|进入|登录|登陆|扫码|链接|网址")
#: before the act in its clause: forbidden, told of someone else, or what a scam does
_NOT_ASKED = re.compile(
    r"不|别|勿|莫|禁止|严禁|防止|谨防|凡|任何人|骗子|对方|他|她|说|称|冒充|假冒|谁|那种|这种|如果有人|若有人|有人|会(?!员)|正在|让(?:你|您)|要(?:你|您)|叫(?:你|您)|要求(?:你|您)|诱导|以为"
)
#: …or after it: "…的都是诈骗", "一律是骗子"
#: …or a question about it ("验证码要发给谁啊", "要转到安全账户吗")
_ASKING = re.compile(r"[?？]|吗|谁|是不是|要不要|对不对|可以吗")
_CALLED_AFTER = re.compile(
    r"^[^。！？!?\n]{0,14}?(?:的?(?:都|全|一律|肯定|就)?是(?:骗|诈骗|假)|的一律|千万别|不要信)"
)


#: a character every act above has: money moved (转, 存, 汇, 账), a code (码), a contact (加), a link
_ACT_CHARS = re.compile(r"[转轉存汇匯账賬码碼加击擊开開访訪登链鏈址扫掃进進]")
#: someone supposed to ask it ("如果有人…", "一旦有人要求您…"): a tip's case, not a demand
_SUPPOSED = re.compile(r"(?:如果|若|如|一旦|假如|要是|万一)有人|有人(?:要求|让|叫|要)")
#: a warning's, a tip's, a case's or the news' dress
_DRESS = re.compile(
    r"[诈詐][骗騙]|[骗騙](?:子|局)|被[骗騙]|防[骗騙诈詐]|反[诈詐]|警情|案例|案件|新[闻聞]|通[报報]|提示|提醒|注意|谨防|謹防"
    r"|警惕|冒充|冒用|盗刷|盜刷|[资資]金安全"
)


def dressed_demand(view: str, allow: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """``dressed`` of a text that wears a warning's, a tip's, a case's or the news' words (a
    demand without them is read by the phrase and script rules)."""
    # (read only with an act's character and a dress word in it: share texts and chat pay ~1 µs)
    if not _ACT_CHARS.search(view) or not _DRESS.search(view):
        return None
    return dressed(view, allow)


#: a sentence's end (a dot in a link or a sum is none)
_STOPS = re.compile(r"[。！？!?\n]|\.(?![\da-z/])")


def dressed(view: str, allow: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """A demand made of the reader in the poster's own voice — move money to a "safe", escrow
    or a person's account, send a code to someone, add a contact (an enterprise WeChat, a QQ
    group, a number) or open a link that is not official — whatever warning, tip or case header
    or warning words it is dressed in: the kind ("account", "code", "contact", "link") and its
    words, or None. Quotations, clauses that speak of anyone ("凡是让你转账到安全账户的都是诈骗")
    and acts forbidden or told of others ("不要把验证码告诉任何人", "骗子会让你转入安全账户")
    ask nothing."""
    if not ("请" in view or "您" in view or "你" in view or "大家" in view or "各位" in view
            or "家长" in view or "立即" in view or "請" in view):  # fmt: skip
        return None
    plain = _plain(view)
    if _dialogue(plain):  # the lines of a retold dialogue are the speakers' words
        plain = _LINE.sub("", plain)
    own = _GENERIC.sub("", plain)  # the clauses that speak of anyone ("凡是…的") gone
    quoted = [q.span() for q in _QUOTED.finditer(own)]
    for kind, pattern in (("account", _MOVE), ("code", _SEND_CODE), ("contact", _ADD_CONTACT),
                          ("link", _OPEN_LINK)):  # fmt: skip
        for m in pattern.finditer(own):
            if any(a <= m.start() < b for a, b in quoted):
                continue  # the scam's words shown ("如果有人要求您“转账到安全账户”")
            before = _QUOTED.sub("“”", own[: m.start()])
            sentence = _STOPS.split(before)[-1]
            clause = re.split(r"[，,；;：:]", sentence)[-1]
            rest = _STOPS.split(own[m.start() :])[0]
            if not _READER.search(sentence + rest) or _NOT_ASKED.search(clause[-10:]):
                continue
            if _CALLED_AFTER.match(own, m.end()) or _ASKING.search(rest):
                continue
            if (
                _SAID_BY.search(sentence)
                or _REPORTER.search(sentence)
                or _OF_OTHERS.search(sentence)  # "骗子冒充…要求您将…"
                or _SUPPOSED.search(sentence)  # "如果有人打电话说…要您…把钱转到核查账户"
            ):
                continue
            if (
                kind == "account"
                and (
                    _READERS_OWN.search(m.group(0))  # "理赔金都打到你的账户里": money coming in
                    or not _UNSAFE_ACCOUNT.search(rest[: len(m.group(0)) + 12])  # (its own words,
                )
            ):  # not a 备用金 later in the sentence)
                continue
            if kind == "contact" and "企业微信" not in m.group(0) and channel(view, allow) is None:
                continue
            if kind == "link":
                reached = channel(view, allow)
                if reached is None or not ("." in reached or "/" in reached):
                    continue
            return kind, m.group(0)
    return None
