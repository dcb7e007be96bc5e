"""anti_scam's phrase rules (先交押金, 发我身份证号…) read who speaks the way the script reading
does: a fee or a card number shown in quotation marks, told of someone else (称其, 要他, 被害人),
under a case, news or tip header, or in a question about something the poster received, with
the reader never addressed in the poster's own voice and nothing asked or offered, is no demand.
The same surfaces speaking to the reader, giving a way to reach someone or making an offer stay
flagged. A courier's number after 详询 is the station's.

Every text here is written for these tests (not taken from the dev sets)."""

from __future__ import annotations

import pytest

from huzhu.plugins.anti_scam import Config, pii, scan, warning_frame
from huzhu.plugins.anti_scam.textnorm import scan_view
from tests.anti_scam_reading import group_verdict as _verdict


@pytest.mark.parametrize(
    "message",
    [
        # a case under its header: the fee and the loss told of a third person (称其)
        "典型案例：市民李先生接到自称电商平台客服的电话，称其开通的会员要自动扣费，需要先交一笔"
        "保证金才能取消，李先生分三次转账共计8600元。请大家转告家中老人！",
        # news of an arrest: the fee taken from the victims (以…为名, 被害人), the man caught
        "【新闻】一男子冒充驾校教练，以代办驾照为名，向多名被害人收取押金和手续费共计5万余元，"
        "日前已被公安机关刑事拘留。",
        # a tip: the reader spoken of as anyone ("凡是要求你…的"), the scam's lines in quotation marks
        "派出所提示：凡是要求你“先垫付货款”“先转账再说”的老同学，一定先打个电话问清楚。",
    ],
)
def test_a_fee_told_of_others_is_no_demand(message):
    assert _verdict(message) == "allow"


@pytest.mark.parametrize(
    "message",
    [
        # a member asking about a paper sent to them, over short lines (发我 is what was sent)
        "刚刚有个陌生号码发我一张“逮捕通知书”\n写着我的名字和身份证号\n说我名下银行卡涉嫌诈骗\n"
        "这个是不是真的啊",
        "有个号码发我一个链接说我的快递丢了，点进去要填银行卡号和身份证号才能理赔，这个能信吗",
    ],
)
def test_a_member_asking_about_a_document_they_received_is_not_flagged(message):
    assert warning_frame.demand(scan_view(message)) is None
    assert _verdict(message) == "allow"


def test_the_same_surfaces_speaking_to_the_reader_stay_flagged():
    # a case header, then the poster's own offer and a way to reach them
    assert (
        _verdict("案例分享：我们公司放款快，只需先交500元保证金即可当天下款，需要的加微信dk8899")
        != "allow"
    )
    # a tip header over an order to the reader
    assert _verdict("警方提示：你的银行卡涉嫌洗钱，请把身份证号和银行卡号发给我核实") == "block"
    # "发我" asked of the reader, not told of someone who sent it
    assert _verdict("麻烦你把身份证号发我一下，我帮你登记领取补贴") == "block"
    # a quotation of the poster's own terms, with the reader asked to pay
    assert _verdict("本群福利：只需“先交押金”99元即可领取新手机，名额有限") != "allow"
    # 称其 in the story, then the reader told to pay
    assert _verdict("客服称其账号异常，你需要先交保证金500元才能解冻") == "block"


def test_a_fee_in_a_sentence_told_of_someone_else_is_retold():
    # no lesson drawn and no outcome: the frame is weak, the script only reviewed, but the
    # fee is what was asked of 他, not of the reader
    retold = (
        "今天刷到一个新闻，说有个小伙子网上贷款，对方说他银行卡号填错了账户被冻结，要他交三千"
        "解冻费才能放款。所以大家贷款一定走正规渠道。"
    )
    assert not any(f.rule == "anti_scam.prepay" for f in scan(retold, Config()))
    # the same fee asked of the reader is a demand
    asked = "你的银行卡号填错了账户被冻结，要交三千解冻费才能放款"
    assert any(f.rule == "anti_scam.prepay" for f in scan(asked, Config()))


@pytest.mark.parametrize(
    "message",
    [
        # a day's police report: the people named as 某 or by a role, the fee told after 称
        "今日警情：辖区居民周某接到“物流客服”电话，称其快递丢失可双倍理赔，但需先交300元“理赔保证金”，"
        "周某转账后对方失联。",
        # a member asking the group, typed without punctuation or a question mark
        "有没有懂的 二手平台卖了个相机 买家说平台让我先交800保证金才能收款 这正常吗",
    ],
)
def test_a_case_report_and_a_question_without_punctuation_are_read(message):
    assert _verdict(message) == "allow"


def test_the_same_case_header_over_a_notice_to_the_group_stays_flagged():
    # the group asked to act in the poster's voice under a case or tip header: no case told
    assert _verdict("通报：因系统升级，所有会员需先交100元保证金激活账户，逾期冻结") == "block"
    assert (
        _verdict("警方提示：近期冻结账户较多，请各位把身份证号和银行卡号私发给管理员登记")
        == "block"
    )


def test_a_quoted_fee_is_read_only_when_shown():
    # the tip without its header: the quotations are what the scammer says
    tip = "凡是要求你“先垫付”“先转账”“先交押金”的熟人，一定要当面确认身份。"
    assert _verdict(tip) == "allow"
    # a fee in quotation marks to hide it is still asked of the reader
    assert _verdict("进群先交“入群费”20元，转账后拉你") != "allow"


@pytest.mark.parametrize(
    ("message", "kept"),
    [
        ("【菜鸟驿站】您的包裹已到兴业路店，取件码3-4-2071，详询13712345678", False),
        ("【兔喜快递超市】包裹请凭取件码8823领取，营业至21:00，查询电话13598765432", False),
        # a provider's notice: a repairman, the property office's staff, a courier who says who he is
        (
            "您好，我是燃气公司维修李师傅，您报修的灶台明天下午上门，有事打我电话13822196630。",
            False,
        ),
        ("【春晖苑物业】明早8点到12点3号楼停电检修，如有疑问请联系管家小赵13611025847。", False),
        ("中通小哥 今天下午5点前到8号楼 有件的下来拿一下 电话15011239876", False),
        # a member's own number after the same word is theirs
        ("取件码5566，我在驿站帮你拿了，详询我13712345678", True),
        ("我是宝妈，有需要的联系我电话13712345678", True),
    ],
)
def test_a_station_s_number_after_its_label_is_no_personal_data(message, kept):
    assert any(h.kind == "mobile" for h in pii.find(message)) is kept
