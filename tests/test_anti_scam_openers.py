"""anti_scam: short openers of the four scripts (openers.py) — who the writer claims to be and a
move no real one makes at first contact — and the short messages of real members that name the
same people (王总让我…, 派出所让我…, 客服说…) allowed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from huzhu.core import Severity
from huzhu.plugins.anti_scam import TEXTS, Config, openers, scan, to_verdict
from huzhu.plugins.anti_scam.phrases import fold
from tests.anti_scam_reading import flagged
from tests.anti_scam_reading import reasons as verdicts

WRITTEN14 = Path(__file__).resolve().parent / "data" / "antiscam_written14.jsonl"


@pytest.mark.parametrize(
    ("message", "category", "named"),
    [
        # a boss's order relayed: add a new contact, now
        ("王总让你加一下这个QQ，有急事", "冒充领导", "转达“领导”的吩咐"),
        ("是我 孙总 有急事 不方便接电话 微信说", "冒充领导", "自称领导"),
        ("小钱 你领导我 新号 速回", "冒充领导", "用新号或借来的手机联系你"),
        ("哥 我小军 手机丢了这是新号 加下微信 有急事", "冒充领导", "自称亲戚"),
        ("老公，我钱包丢了，快转我两千，用这个号", "冒充领导", "找你要钱"),
        # the reader accused at once, and told to cooperate or to press a key
        ("这里是XX市公安局，你涉嫌一起洗钱案，请配合调查", "冒充公检法", "一开口就说你涉案"),
        (
            "您的身份证在异地被办理了三张银行卡，涉嫌诈骗，请按0转人工处理",
            "冒充公检法",
            "要你按键转接",
        ),
        (
            "你好，我是市社保中心的，你的社保卡在外地被人冒领了，需要马上处理",
            "冒充公检法",
            "被人冒用",
        ),
        # a refund or compensation nobody asked for, done in private
        ("您好我是快递理赔专员，您的包裹丢失需要加微信赔付", "冒充客服", "要你加私人微信"),
        ("亲 你的订单出库失败 退款需要你配合验证一下 方便加个QQ吗", "冒充客服", "主动说要给你退款"),
        # credit offered to strangers with a private channel; a lender's notice out of the blue
        ("想借钱不用求人，我们平台只要身份证和手机号，秒到账，点我头像", "贷款", "向陌生人放贷"),
        ("您好，您在京东金条的借款有异常，需要配合注销，否则影响征信", "贷款", "主动说你的额度"),
    ],
)
def test_a_short_opener_is_held_for_review_and_explained(message, category, named):
    found = [v for v in verdicts(message) if v[0] == "anti_scam.script"]
    assert found, message
    _rule, severity, reason = found[0]
    assert severity == Severity.REVIEW
    assert category in reason and named in reason, reason


@pytest.mark.parametrize(
    "message",
    [
        "这里是市公安局，你的账户涉嫌洗钱，现在需要把钱转到安全账户核查",
        "小赵，我刘总，这是我新号，急，先帮我垫付两万转到这个账户",
        "我是你舅舅，换了个号，出了点事急需五千，先转我，别告诉你妈",
        "你好，你的贷款已经审批通过了，需要先交一千保证金才能放款",
    ],
)
def test_an_opener_whose_move_only_a_scammer_makes_is_removed(message):
    assert any(s == Severity.SEVERE and r == "anti_scam.script" for r, s, _ in verdicts(message))


@pytest.mark.parametrize(
    "message",
    [
        # the same people named by a member: told of, asked of the writer, or done in person
        "王总让我把报告发给你",
        "派出所让我明天带身份证去",
        "客服说退款三天到账",
        "我舅舅借了网贷",
        "老师让家长在群里接龙交资料费收据",
        "张总让你把合同发他邮箱，他在开会",
        "妈，我换了新的手机号，原来那个不用了",
        "妈，我新换的手机号，你存一下，有急事就打这个",
        "亲，你的快递丢了？加我微信我帮你问问",
        "你是不是涉嫌超速了，交警打电话找你",
        "我换号了，新号发群里了，大家备注一下",
        "我是李老师，明天上课记得带课本",
        "孩子班主任让家长扫码进新的班级群",
        "哥们，借我五十块，中午忘带钱包了",
        "快递说包裹丢了，让我去驿站登记理赔",
        "谁有靠谱的贷款中介推荐一下，想办房贷",
        "表哥做生意缺钱，找我爸借了五万，我爸让他写了借条，说好一年后还",
        # real notices: a case the reader reported, papers misused and put right, the
        # platform's own app
        "【XX派出所】您好，您报案的电动车被盗案件已立案侦查，如有新的线索我们会及时与您联系",
        "【XX市公安局】您好，您被冒用身份注册的手机号码已核实注销",
        "【东方航空】您预订的MU5312航班因天气原因取消，可在东航APP或官网免费改签、退票，详询95530。",
        # warnings and retellings
        "昨天接到个电话说我涉嫌洗钱，我直接挂了",
        "警惕！冒充领导加QQ让转账的骗局又来了",
        "有人冒充王总加我QQ让我转钱，幸亏我打电话问了",
    ],
)
def test_short_talk_of_bosses_police_and_customer_service_is_allowed(message):
    assert not flagged(message), verdicts(message)


def test_an_opener_told_of_or_warned_about_is_none():
    assert openers.read(fold("你好，我是公安局的，你涉嫌洗钱，请配合调查")) is not None
    assert openers.read(fold("骗子说：你好，我是公安局的，你涉嫌洗钱，请配合调查")) is None
    assert openers.read(fold("接到电话说我是公安局的你涉嫌洗钱请配合调查")) is None
    # longer than an opener: the scripts' own reading
    assert openers.read(fold("你好" * 50 + "我是公安局的，你涉嫌洗钱，请配合调查")) is None


def test_an_agency_notice_with_a_stranger_s_link_that_threatens_a_freeze():
    assert flagged("【医保】您的医保账户异常即将冻结，点击 http://ybj-gd.cc 解除")
    assert not flagged("【医保】您的医保账户异常即将冻结，请到社保大厅办理")


def test_opener_in_english_names_its_mechanism():
    t = lambda k, **v: TEXTS.get("en", k, **v)  # noqa: E731
    found = [f for f in scan("这里是XX市公安局，你涉嫌一起洗钱案，请配合调查", Config(), lang="en")
             if f.rule == "anti_scam.script"]  # fmt: skip
    reason = to_verdict(t, found[0], "en").reason
    assert "suspected of a crime" in reason and "cooperate" in reason, reason


def _rows(split: str | None = None) -> list[dict]:
    rows = [json.loads(line) for line in WRITTEN14.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if split is None or r["split"] == split]


def test_written14_held_split_openers_flagged_and_no_ham():
    """written14 (round eight): short openers (15–60 characters) of the four kinds and hard short
    ham. Its held split was written with the rest before openers.py and read once, at the end
    (figures only, its misses not read): main kefu 8/11, loan 2/10, police 3/10, boss 0/10, ham
    0/33; openers8 kefu 11/11, loan 6/10, police 8/10, boss 7/10, ham 0/33."""
    total, hit = Counter(), Counter()
    for row in _rows("held"):
        total[row["label"]] += 1
        hit[row["label"]] += flagged(row["text"])
    kinds = ("kefu", "loan", "police", "boss")
    for kind in kinds:
        assert total[kind] >= 10 and hit[kind] / total[kind] >= 0.6, (kind, hit, total)
    assert sum(hit[k] for k in kinds) / sum(total[k] for k in kinds) >= 0.75, (hit, total)
    assert total["ham"] >= 30 and hit["ham"] == 0, hit


def test_written14_no_ham_is_read_as_an_opener():
    """No ham of written14 (either split) reads as an opener (two are flagged by the older
    readings: a deposit paid at a hospital by the phrase rules, an insurance agent's offer by
    the model)."""
    for row in _rows():
        if row["label"] == "ham":
            assert openers.read(fold(row["text"])) is None, row["text"]


WRITTEN16 = Path(__file__).resolve().parent / "data" / "antiscam_written16.jsonl"


def _rows16(split: str | None = None) -> list[dict]:
    rows = [json.loads(line) for line in WRITTEN16.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if split is None or r["split"] == split]


@pytest.mark.parametrize(
    ("message", "category", "named"),
    [
        # a service the reader never opened, about to charge: no claim, no private channel
        (
            "您好，您的支付宝学生认证已过期，若不取消代理会员每月将扣除800元，请及时处理",
            "冒充客服",
            "主动说要给你退款",
        ),
        # the reader's parcel, paid back by the writer, on a private chat
        ("你的快递丢了，按规定赔你三倍运费，加我v处理", "冒充客服", "主动说要给你退款"),
        # money sold by its price to whoever needs it, by whoever offers it
        ("本人有资金，可借给有需要的人，月息一分，诚信者来", "贷款", "向陌生人放贷"),
        ("负债高的朋友，我们有办法帮你整合债务，一次性结清，私我", "贷款", "向陌生人放贷"),
        # a relative in trouble, money needed and kept from the family
        ("我是你表哥，在外面出了点事，急用钱，先别告诉我妈", "冒充领导", "自称亲戚"),
        # a child in trouble and a sum for someone else
        (
            "家长你好，孩子在学校打架了把同学打伤了，对方要求赔医药费3000，请尽快处理",
            "冒充领导",
            "孩子或家人出了事",
        ),
        # a suspect told to call an agency
        ("我们是XX省高级人民法院，你因信用卡恶意透支被起诉，请在今日18点前处理", "冒充公检法", "一开口就说你涉案"),
    ],
)  # fmt: skip
def test_openers9_mechanisms_are_held_for_review_and_explained(message, category, named):
    found = verdicts(message)
    assert [severity for _r, severity, _why in found] == [Severity.REVIEW], found
    reason = found[0][2]
    assert category in reason and named in reason, reason


@pytest.mark.parametrize(
    "message",
    [
        "谁需要钱的话我可以先借你，不要利息，都是邻居",
        "我们社区有免息的助学贷款，需要的家庭可以到居委会咨询",
        "我们公司可以帮员工申请公积金贷款，利息很低，需要的找人事",
        "有没有朋友能借我点钱，下个月发工资就还",
        "家长你好，孩子在学校摔伤了，已经送医院，请尽快来一趟",
        "刘经理让我通知你，明天早上八点开会",
        "又来一个，“我是你们张总，加一下我新微信”，我们公司根本没有张总😂",
        "二手转让\n九成新婴儿车\n原价一千二\n现价三百\n可小刀\n有意私聊",
        "我想问下\n网贷逾期了半年\n现在被催收天天打电话\n该怎么办啊\n有没有懂的朋友",
    ],
)
def test_openers9_members_lending_asking_and_mocking_are_allowed(message):
    assert not flagged(message), verdicts(message)


def test_a_loan_ad_sent_as_short_lines_is_read_line_by_line():
    """Each line of "征信花了\\n负债高\\n…\\n私信我" names too little; read together in one
    window of an opener's length they sell credit whatever the record, with a way in."""
    lines = ("征信花了", "负债高", "被银行拒了", "都不要紧", "我们有办法", "私信我")
    assert all(openers.read(line) is None for line in lines)
    found = openers.read_lines(lines)
    assert found is not None and found.category == "loan", found
    assert flagged("\n".join(lines))
    # a line that tells of the ad makes the whole a warning
    assert openers.read_lines(("有人发", *lines[:-1], "私信我，别信")) is None


def test_written16_held_split_openers_flagged_and_no_ham():
    """written16 (round nine): fresh openers of the four kinds, loan ads sent as short lines,
    and short ham. Its held split was written before openers9 changed anything and only its
    figures were read: main kefu 8/10, loan 7/10 (+4/4 as lines), police 10/10, boss 9/10, ham
    0/21; openers9 kefu 9/10, loan 10/10 (+4/4), police 10/10, boss 9/10, ham 0/21."""
    total, hit = Counter(), Counter()
    for row in _rows16("held"):
        total[row["label"]] += 1
        hit[row["label"]] += flagged(row["text"])
    for kind in ("kefu", "loan", "police", "boss"):
        assert total[kind] >= 10 and hit[kind] / total[kind] >= 0.8, (kind, hit, total)
    assert total["ham"] >= 20 and hit["ham"] == 0, hit


def test_written16_no_ham_is_flagged():
    """No ham of written16 (either split) is flagged."""
    for row in _rows16():
        if row["label"] == "ham":
            assert not flagged(row["text"]), (row["text"], verdicts(row["text"]))
