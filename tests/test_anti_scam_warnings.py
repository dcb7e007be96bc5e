"""anti_scam warning frames: members warning each other, platform notices, group rules and
retellings name a scam's words without being one; with a channel to the scammer, a secrecy
instruction or a demand in the poster's own voice they stay flagged."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from huzhu.core import DeleteMessage, Mute, NotifyAdmins, Severity
from huzhu.plugins.anti_scam import Config, notice, scan, warning_frame
from huzhu.plugins.anti_scam.textnorm import scan_view
from huzhu.testing import FakeGroup, of_type
from tests.anti_scam_reading import group_verdict
from tests.test_anti_scam import YAML

#: warnings, notices, rules and retellings: each named a rule's words and was removed before
WARNINGS = [
    # a member warning the group about paid 代砍 with a deposit
    "跟大家说一声，这两天有人在群里私聊新人，说交200押金就能帮忙砍到0元，千万别信，真正互助不收一分钱，遇到直接举报",
    # group rules listing what is forbidden
    "群规：1. 只发官方助力链接 2. 严禁发刷单、兼职、返利广告 3. 严禁以代砍为名收取定金，违者踢出",
    # someone impersonating the owner; the owner never takes money
    "有人冒充群主说换了新群，让大家先交50元保证金再进群，群主从来不收钱，看到直接举报",
    # advice on a real refund, and not to listen to callers
    "退款直接在订单里点申请售后就行，平台会处理，别理那些打电话来说要帮你理赔的“客服”",
    # hearsay, with the advice to be careful
    "听说最近有人打电话说是快递理赔，要你提供银行卡号和验证码，大家留个心眼",
    # a platform's own notice
    "【温馨提示】本店客服从不私下联系买家办理退款，也不会让您提供银行卡号和验证码，退款请在订单页申请。",
    # in traditional characters
    "各位群友，千萬別信私聊說能代砍的，先交定金那種都是騙子",
    # a colleague's story, with the advice to keep away
    "刷单返利的都别碰，我同事就是先交了几百块会员费，后面钱全没了",
    # the poster approached, asking the group
    "昨天有个人加我说他是拼多多客服，说要给我退款，让我提供银行卡号和验证码，这是骗子吧？",
    # rules that forbid the move to a private chat, with the anti-fraud hotline to call
    "群公告：不能发贷款、刷单广告，也不要私聊拉人加QQ。有人冒充客服让你加QQ开屏幕共享的全是骗子，拿不准就打96110问问",
    # advice: the official app, never a searched number
    "丢件了就在淘宝APP里找官方客服申请退款，千万别去百度搜什么客服电话，搜出来的多半是假的",
    # a retelling that ends with the hotline's answer
    "提醒一下，上次有人让我加个QQ说帮我理赔，我问了平台，人家从来不会让你去别的软件，后来打96110确认了就是骗子",
]

#: scams that borrow a warning's words: each must stay removed
SCAMS_WITH_WARNING_WORDS = [
    # the scammer's own WeChat id
    "代砍百分百成功，先交定金，别信那些免费的都是骗子，加我微信 kanjia888",
    # "私聊我" in the poster's own voice
    "最近骗子很多大家小心，需要助力的先交20押金，私聊我",
    # a call to act privately; "不是骗局" is no warning
    "别担心，这不是骗局，先交50元保证金就能提现，需要的私聊",
    # keeping the reader from every warning
    "不要相信网上的说法，我们是正规平台，先交会员费就能放款，贷款额度马上到账",
    # a demand in the poster's own voice
    "这种事千万别信别人，把验证码发给我，我帮你处理退款",
    # secrecy addressed to the reader, with warning words around it
    "别人说免费的都是骗子，我们这里先交200押金包砍成功，千万别告诉别人",
    "提醒你一下，你的银行卡涉嫌洗钱已被冻结，需先交5000保证金才能解冻，这事不要告诉家人",
    # a phone number to call
    "大家小心假客服！退款请直接联系我们售后专线 13912345678，先交10元手续费即可到账",
    # an offer in the poster's voice: pay first and get it ("大家注意了" is only a call for attention)
    "大家注意了！官方助力活动，先交10元押金即可领取100元红包，名额有限",
    "我们平台从不收取任何费用，只需先交200元激活费即可提现到账",
    # a heading ("客服提醒：") is not a retold dialogue; the demand is the poster's own
    "客服提醒：您的订单异常需要退款，请提供银行卡号和验证码给我，我帮您办理",
    # "keep it secret" in a script that claims to be the anti-fraud centre
    "您好，我是反诈中心的民警，您的银行卡涉嫌洗钱，需要先交5000元保证金解冻，严禁外传，否则承担法律责任",
    # warning words around the scammer's own QQ number (not a hotline)
    "别信那些假客服，都是骗子，理赔加我QQ 2837461923 马上到账",
    # a loan ad that calls the others scams
    "别的都是骗局，我们这里黑户可做，当天下款，需要的私聊",
]


def removing(message: str) -> list[tuple[str, Severity]]:
    return [(f.rule, f.severity) for f in scan(message, Config()) if f.remove]


@pytest.mark.parametrize("message", WARNINGS)
def test_warnings_notices_and_rules_are_not_removed(message):
    assert removing(message) == []


def test_most_warnings_name_a_scams_words(monkeypatch):
    """Without the frame check half of them are removed, so the frame check is what keeps them
    up. (The others a phrase rule already lets through: its own exceptions, "别信", "不收", and
    since round 6 the 客服 rule needs the scammer's channel and 提供银行卡 a request to the
    reader, which "别理那些打电话来的客服" and "让我提供银行卡号" do not give.)"""
    monkeypatch.setattr(warning_frame, "lower", lambda found, view, allow=frozenset(): found)
    tripped = [m for m in WARNINGS if removing(m)]
    assert len(tripped) >= len(WARNINGS) // 2, [m for m in WARNINGS if m not in tripped]


@pytest.mark.parametrize("message", SCAMS_WITH_WARNING_WORDS)
def test_scams_in_warning_words_stay_removed(message):
    assert any(sev >= Severity.MINOR for _, sev in removing(message)), message


def test_a_retold_dialogue_is_held_for_review_not_removed():
    dialogue = (
        "“客服”：您好，您的快递丢了，我们给您理赔，请下载会议软件\n"
        "我：为什么要下载这个？\n"
        "“客服”：我们需要远程协助您操作退款"
    )
    found = [f for f in scan(dialogue, Config()) if f.rule != "anti_scam.pii"]
    assert found and all(f.severity == Severity.REVIEW and not f.remove for f in found)
    assert found[0].values["warning"]  # the admins see why it was not removed


def test_links_and_personal_data_are_never_lowered():
    # a warning that carries a look-alike link: the link is still removed
    message = "大家千万别信，都是骗子 https://yangkedu0.com/kanjia 先交押金那种"
    assert ("anti_scam.link", Severity.SEVERE) in removing(message)
    # an ID number in a warning is still taken down (masked notice, no strike)
    rules = [
        f.rule for f in scan("都是骗子，别信！他让我发身份证 11010519491231002X 我没给", Config())
    ]
    assert "anti_scam.pii" in rules


@pytest.mark.parametrize(
    ("message", "strength"),
    [
        ("刷单就是骗局，大家别碰", "strong"),
        ("群公告：严禁发兼职广告", "strong"),
        ("官方客服不会以任何理由要求您提供验证码", "strong"),
        ("验证码千万不要告诉任何人", "strong"),  # keeping a code to yourself is the warning
        ("我妈接到个电话说要理赔", "weak"),
        ("客服：请下载会议软件\n我：好的", "weak"),
        ("这事千万别告诉别人，都是骗子才会说出去", None),  # secrecy is a scam's instruction
        ("不要告诉家人，谨防泄密", None),
        ("银行工作人员问你就说是给家人转账，别上当", None),
        ("这不是骗局，放心", None),
        ("别担心被骗，我们是正规平台", None),
        ("今天天气不错", None),
    ],
)
def test_frame(message, strength):
    seen = warning_frame.frame(scan_view(message))
    assert (seen.strength if seen else None) == strength


@pytest.mark.parametrize(
    ("message", "channel"),
    [
        ("有人私聊我说可以代砍，别信", None),  # someone else did it
        ("需要的加我，微信 abc12345", "微信abc12345"),
        ("有意者私聊我", "私聊我"),
        ("订单号 E83920174512 已退款", None),  # an order number is no channel
        ("拼单 https://mobile.yangkeduo.com/goods.html?goods_id=123 别信代砍", None),
        ("详情见 http://kanjia-help.top/a", "http://kanjia-help.top/a"),
        ("联系 139-1234-5678", "13912345678"),
        ("有问题请拨打反诈专线96110", None),
        ("请转入 6222 0202 0000 1234 567", "6222020200001234567"),
        ("别扫陌生人的二维码", None),
        ("扫码添加客服", "扫码添加"),
    ],
)
def test_channel(message, channel):
    assert warning_frame.channel(scan_view(message)) == channel


async def test_a_warning_in_the_group_is_left_alone_and_a_scam_is_not(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    assert await g.say(WARNINGS[0], by="qq:5") == []
    assert await g.say(WARNINGS[1], by="qq:6") == []  # an owner's rules
    actions = await g.say(SCAMS_WITH_WARNING_WORDS[1], by="qq:7")
    assert of_type(actions, DeleteMessage) and of_type(actions, Mute)
    # a retold dialogue: the admins are asked to look, the member is not punished
    dialogue = (
        "“客服”：您的包裹丢了要理赔，请下载会议软件\n我：为什么？\n“客服”：我们远程协助您操作"
    )
    actions = await g.say(dialogue, by="qq:8")
    assert not of_type(actions, DeleteMessage) and not of_type(actions, Mute)
    assert of_type(actions, NotifyAdmins)


@pytest.mark.parametrize(
    "message",
    ["新口子放水 不看大数据 秒批8000 私我", "黑户可做，当天下款，有需要的加我微信"],
)
def test_a_loan_ad_is_removed(message):
    assert ("anti_scam.loan_ad", Severity.MINOR) in removing(message)


@pytest.mark.parametrize(
    "message",
    [
        "这个口子怎么缝的 私聊问下",
        "我想问一下借呗秒批吗",
        "那种说不看征信秒批的贷款都是诈骗，有需要去银行",
    ],
)
def test_talk_of_loans_is_not_a_loan_ad(message):
    assert removing(message) == []


@pytest.mark.parametrize(
    "message",
    [
        # warning words, but the text gives a meeting number: the frame sees the channel
        "谨防骗子冒充，官方客服理赔请下载腾讯会议，会议号 837291834",
        "提醒大家注意安全，助力领现金需要你的身份证和银行卡，发我QQ 2938471056 登记",
    ],
)
def test_warning_words_do_not_veto_a_rule_when_the_text_gives_a_channel(message):
    """The phrase rules leave warnings to the frame, which also asks whether the text gives a
    way to reach its writer (a word list in each rule used to drop these unread)."""
    assert removing(message) or any(f.severity >= Severity.REVIEW for f in scan(message, Config()))


# ---- issue 21: real notices and warnings pass, scams dressed as them do not (precision8) ----

WRITTEN15 = Path(__file__).resolve().parent / "data" / "antiscam_written15.jsonl"


def _flagged(message: str) -> bool:
    """Reviewed or removed, as the group sees it."""
    return group_verdict(message) != "allow"


def _written15(split: str) -> tuple[Counter, Counter]:
    flagged, total = Counter(), Counter()
    for line in WRITTEN15.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split"] == split:
            key = ("ham" if row["label"] == "ham" else "scam", row["kind"])
            total[key] += 1
            flagged[key] += _flagged(row["text"])
    return flagged, total


def _sum(counter: Counter, label: str) -> int:
    return sum(n for (lab, _kind), n in counter.items() if lab == label)


def test_written15_held_split_notices_and_warnings_pass():
    """written15 (2026-12-01): bank and lender SMS, a shop's refund reply, anti-fraud warnings
    quoting the scams' lines, a member's story, a resident's and a group owner's notice, and
    scams dressed as a 【银行】 notice or a warning. Its held split was read once before the
    frames were widened (4 of 25 ham flagged, 7 of 8 scams) and is not tuned on; held2 was
    written after the first three commits and measured on main and the branch (2 of 18 ham,
    7 of 8 scams on main)."""
    flagged, total = _written15("held")
    assert _sum(total, "ham") >= 25 and _sum(flagged, "ham") <= 1, flagged
    bank = ("ham", "bank_sms"), ("ham", "lender_sms")
    assert sum(total[k] for k in bank) >= 10 and sum(flagged[k] for k in bank) == 0, flagged
    assert _sum(total, "scam") >= 8 and _sum(flagged, "scam") >= 7, flagged
    flagged, total = _written15("held2")
    assert _sum(total, "ham") >= 18 and _sum(flagged, "ham") <= 1, flagged
    assert _sum(total, "scam") >= 8 and _sum(flagged, "scam") >= 7, flagged
    # held3: written after six commits, measured once (main: 4 of 17 ham, 5 of 6 scams)
    flagged, total = _written15("held3")
    assert _sum(total, "ham") >= 17 and _sum(flagged, "ham") <= 1, flagged
    assert _sum(total, "scam") >= 6 and _sum(flagged, "scam") >= 5, flagged


def test_written15_train_split_is_read_right():
    """The train split (read while the frames were widened): 23 of 152 ham and 36 of 44 scams
    flagged before."""
    flagged, total = _written15("train")
    assert _sum(total, "ham") >= 152 and _sum(flagged, "ham") == 0, flagged
    assert _sum(total, "scam") >= 44 and _sum(flagged, "scam") >= 41, flagged


@pytest.mark.parametrize(
    "message",
    [
        "【交通银行】您尾号0921信用卡本期账单已办理分期，分12期，手续费每期45.00元。如非本人操作请致电95559。",
        "【XX消费金融】您申请的借款5,000元已放款至您尾号6621的银行卡，首期还款日为2027年1月10日。",
        "亲，退款会按原路退回到您的支付宝，1-3个工作日到账，不需要加其他联系方式。",
    ],
)
def test_a_record_of_what_was_done_is_a_notice(message):
    assert notice.is_record(scan_view(message))


@pytest.mark.parametrize(
    "message",
    [
        # a record, then the threat and the ask
        "【微众银行】您的借款20000元已放款，因您的银行卡号填写有误，款项已被冻结，请联系客服解冻。",
        "您的借款已审核通过，由于还款能力不足，需要您先往账户存入5000元证明还款能力，审核后放款。",
        "客服这边给您办理退款，您扫一下这个二维码，输入退款金额和支付密码，钱马上原路退回",
        "【XX消费金融】您的借款已审核通过，额度5万元，请联系客服办理放款手续。",
    ],
)
def test_a_record_that_asks_is_no_notice(message):
    assert not notice.is_record(scan_view(message))


@pytest.mark.parametrize(
    "message",
    [
        "【中国银行】您的银行卡因涉嫌异常交易已被冻结，请立即添加客服微信 zhyh_kf0921 办理解冻，需先转入验证资金5000元。",
        "【XX金融】您的贷款50000元已审批通过，资金已冻结，请缴纳解冻金2000元至对公账户 6228480012345678901。",
        # a warning's words, then the officer's demand in its own voice
        "我是XX市公安局民警，提醒您不要上当受骗。您名下银行卡涉嫌电信诈骗，请你现在配合我们做资金清查，把卡里的钱转到我们的监管账户，查清后会退还。",
        "反诈提醒：不要相信任何陌生来电。我这里是公安局刑侦大队，你涉嫌一起洗钱案件，现在需要你下载一个会议软件配合我们调查，不要告诉家人。",
        # a call between two: the fake 客服 warns of 骗子 first
        "客服：您好，我是淘宝官方客服，现在骗子很多，别信陌生人。\n客服：您的订单退款失败了\n我：好的，怎么操作\n"
        "客服：您打开支付宝，搜索备用金，借500出来，我们这边会连同退款一起退给您",
        # the others are scams, "we" are not: a pitch
        "专员：网上那些先收费的贷款都是骗子，千万别信。\n客户：那你们呢\n"
        "专员：我们正规平台，你的额度5万已经批了，只要交一下2000的工本费就能放款",
        # a hotline that is not the bank's
        "【招商银行】您的信用卡账单分期已办理成功，每期手续费56.00元，如需取消请致电400-820-5556。",
    ],
)
def test_scams_dressed_as_notices_and_warnings_are_flagged(message):
    assert _flagged(message), message


def test_a_bank_s_own_hotline_is_no_channel():
    sms = "【中信银行】您尾号1129信用卡账单已办理分期，手续费每期30元，如非本人操作请致电400-889-5558。"
    assert warning_frame.channel(scan_view(sms)) is None
    assert not _flagged(sms)
    assert warning_frame.channel(scan_view(sms.replace("5558", "5559"))) is not None


def test_a_quoted_invitation_is_no_channel_but_a_number_in_quotes_is():
    quoted = "凡是私聊你说“交钱进VIP群”“加我好友带你刷单赚钱”的，都不是我们的人，请不要上当。"
    assert warning_frame.channel(scan_view(quoted)) is None
    assert warning_frame.channel(scan_view("骗子会说“加我QQ 2837461920 办理”，别信")) is not None


def test_a_group_chat_member_s_lesson_counts_a_call_s_does_not():
    chat = (
        "群友A：有人知道拼多多退款多久到账吗\n群友B：一般原路退回，一到三天\n"
        "群友C：注意啊，如果有人私聊说是客服要给你退款让你开备用金，那都是骗子\n群友A：好的谢谢"
    )
    assert warning_frame.frame(scan_view(chat)).strength == "strong"
    call = "客服：现在骗子很多，别信陌生人。\n我：好的\n客服：您打开支付宝搜索备用金，借500出来"
    seen = warning_frame.frame(scan_view(call))
    assert seen is None or seen.strength == "weak"


@pytest.mark.parametrize(
    "message",
    [
        "曝光一个骗子，QQ 2837461920，说帮忙代砍要先交50押金，交了就拉黑，大家别信",
        "大家注意，手机号13912345678冒充客服，让交解冻费，都是骗局，已报警",
    ],
)
def test_a_scammer_s_number_exposed_is_no_channel(message):
    """A member who exposes the scammer's QQ or phone: only the group's privacy rule acts on the
    number (masked), no scam rule strikes the member."""
    assert warning_frame.channel(scan_view(message)) is None
    assert {f.rule for f in scan(message, Config())} <= {"anti_scam.pii"}


@pytest.mark.parametrize(
    "message",
    [
        "骗子太多了，大家小心，正规代砍找我QQ 2837461920，先交20押金包成功",
        "别信那些冒充的都是骗子，官方理赔QQ 2837461920，先交10元手续费马上到账",
        "警惕诈骗！反诈举报热线 13912345678，被骗的朋友先交200保证金登记追回",
    ],
)
def test_a_number_offered_beside_warning_words_is_a_channel(message):
    assert warning_frame.channel(scan_view(message)) is not None
    assert _flagged(message)


def test_a_demand_told_of_in_a_story_is_not_the_poster_s():
    story = "刚才接了个电话，他说你的白条利率太高要帮你关掉，你把验证码发给我。我说你是骗子吧，他就挂了。"
    assert warning_frame.demand(scan_view(story)) is None
    made = "提醒：骗子会说把验证码发给我，千万别信。现在请你把验证码发给我核实身份。"
    assert warning_frame.demand(scan_view(made)) == "发给我"


# ---- issue 21, round nine (warnings9): announcements, lessons and stories in more words ----

WRITTEN17 = Path(__file__).resolve().parent / "data" / "antiscam_written17.jsonl"


def _written17(split: str) -> tuple[Counter, Counter]:
    flagged, total = Counter(), Counter()
    for line in WRITTEN17.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split"] == split:
            label = "ham" if row["label"] == "ham" else "scam"
            total[label] += 1
            flagged[label] += _flagged(row["text"])
    return flagged, total


def test_written17_held_split():
    """written17 (warnings9): owners' announcements, anti-fraud lessons, property warnings and
    members' stories, and scams dressed as warnings. The held split was written before any
    measuring and its misses are not read (main: 1 of 12 ham flagged, 4 of 4 scams)."""
    flagged, total = _written17("held")
    assert total["ham"] >= 12 and flagged["ham"] <= 1, flagged
    assert total["scam"] >= 4 and flagged["scam"] == total["scam"], flagged


def test_written17_train_split():
    """The train split (read while tuning): no ham flagged; one loan pitch after a warning
    ("…需要的私聊我") is missed by the script model, as on main."""
    flagged, total = _written17("train")
    assert total["ham"] >= 32 and flagged["ham"] == 0, flagged
    assert total["scam"] >= 13 and flagged["scam"] >= total["scam"] - 1, flagged


@pytest.mark.parametrize(
    "message",
    [
        # the owner asks to be told, or to be checked with: no channel to a scammer
        "群主提醒：有人私加群友推荐兼职刷单，说刷单返利，千万别信，有疑问可以找我核实。",
        "群主通知：有人私加群友推荐兼职刷单，说刷单返利，这是诈骗，有人私加你的话截图发我，我把他踢了。",
        # the owner impersonated: what they never do
        "@所有人 有人冒充我私加大家推荐兼职刷单，我从来不做刷单返利，看到了直接告诉我，我来处理。",
        # what the police never ask, secrecy among it
        "反诈课：冒充公检法的常见台词“你涉嫌洗钱”“需要你配合调查”。警察不会让你下载APP，不会让你把钱转到安全账户，更不会让你保密。",
        # the scammers' lines listed after a heading, and hanging up
        "骗子常用话术：1.您的快递丢了要理赔 2.您开通了百万保障 3.贷款需要先交保证金。听到这些直接挂",
        # news of fraud types
        "新闻：公安部公布十大高发电信网络诈骗类型，刷单返利类诈骗仍居首位，冒充电商物流客服紧随其后。",
        # the steps of a scam, numbered
        "科普：冒充客服退款诈骗的流程——1.打电话说商品有问题要退款 2.让你下载会议软件共享屏幕 3.让你打开支付宝输入密码 4.钱被转走。记住：退款只在APP里申请。",
        # a school says what its teachers never do; 不要轻信
        "各位家长：近期有人冒充班主任私加家长微信，推荐兼职刷单，说刷单返利补贴家用。学校老师不会推荐任何兼职，请家长们不要轻信。",
        # how a story ends: the caller hung up, the money was gone
        "我舅舅接到一个电话，对方说是公安局的，说他涉嫌洗钱，要他配合调查，还要做视频笔录。我舅舅说我明天去你们局里当面说，对方就挂了。",
        "我朋友昨天被人加了微信，说做兼职刷单一单能赚十几块，先垫付后返利，她做了两单都返了，第三单让她充2000，现在联系不上了。",
        # a property office says what it never does
        "物业：有人冒充物业工作人员添加业主微信，称物业费多收要退还，让业主扫码。物业退费统一在物业中心办理，不会加业主个人微信。",
    ],
)
def test_announcements_lessons_and_stories_pass(message):
    assert not _flagged(message)


@pytest.mark.parametrize(
    "message",
    [
        # "check with me" beside a pitch is a channel
        "提醒大家，网上很多刷单都是骗子，千万别信。不过我们这个平台是正规的，一单一结，有疑问可以找我核实。",
        # a warning's words do not veto the 刷单 rule any more: the frame reads the invitation
        "警惕刷单诈骗！我们是官方认证的兼职平台，做任务赚佣金，感兴趣的私聊我确认。",
        # secrecy in the poster's voice after an anti-fraud heading
        "反诈提醒：别相信陌生电话。你的医保卡涉嫌违规，需要配合调查，警察会为你做视频笔录，这件事要保密。",
        # a code asked "to check", after a warning
        "提醒：骗子会说把验证码发给我，千万别信。现在请你把验证码截图发给我核实身份，我是官方客服。",
        # "the other side hung up" told to 您 by a 客服 is no story; a download asked of 您
        "您好，刚才给您打电话对方挂了，我是京东金融客服，您的百万保障即将扣费，请您下载会议软件，我教您关闭。",
        # money gone as a threat, not as a story's end (written9)
        "兄弟，你那个网贷的钱我帮你问了，放款那边说你的卡号填错了，钱被卡在中转账户里，现在要交百分之十的手续费才能把钱退回来，不交的话钱就没了，你赶紧弄一下。",
        # "能不能借" asks, it negates nothing; and 借我 is no report asked of the group (dev9)
        "你好 我是你高中同学 还记得我吗 我现在在外地 遇到点困难 能不能借我点钱",
        # "want to earn? find me" after a warning is a call to act
        "刷单都是骗局，大家别信。看到了想赚钱的找我，我们这个是真的稳赚。",
        # a fee after the warning's words: the deposit rule is no longer vetoed by them
        "提醒大家：骗子常用话术：先交保证金，千万别信。我们正规贷款不用先交钱，放款前只需交500元验资费即可。",
    ],
)
def test_scams_dressed_as_announcements_stay_flagged(message):
    assert _flagged(message)


def test_secrecy_the_police_never_ask_is_no_instruction():
    assert warning_frame.hushed("这件事要保密，不要告诉家人")
    assert not warning_frame.hushed("警察不会让你转账，更不会让你保密")
    # told of in a lesson: the scripts' warning exit still applies
    assert not warning_frame.hushed("骗子还说什么要签保密协议，不能告诉子女")


def test_a_shop_s_service_account_is_no_personal_data():
    """A shop's promotion that gives its 客服 WeChat is not a member's personal data (dev9 round
    nine: 2 of 21 promotions were removed by the pii rule); a member's own id still is, and a
    客服 who offers a refund through it is still a scam."""
    promo = "本店新品上市，前100名下单送同款小样，售后问题请联系店铺客服微信：shop_kf01"
    assert not _flagged(promo)
    assert _flagged("这是我的微信 abc12345，有空加我聊")
    assert _flagged("您的订单有质量问题要给您退款理赔，请添加店铺客服微信 kf_tb8821 办理")
