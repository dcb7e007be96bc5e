"""anti_scam reads lures the four scripts do not tell (``lures``): a prize that costs money
first, an investment that cannot lose, a card "suspended" by a notice with a private number, a
pitch dressed as a member's question, and money topped up to "unfreeze" an account. A member
talking of their own fund, a real win, or a genuine question about a platform passes.

Every text here is written for these tests (not taken from the dev sets)."""

from __future__ import annotations

import pytest

from huzhu.core import Severity
from huzhu.plugins.anti_scam import TEXTS, Config, lures, scan, scripts, to_verdict
from huzhu.plugins.anti_scam.phrases import fold


def _flagged(message: str) -> dict[str, Severity]:
    return {f.rule: f.severity for f in scan(message, Config()) if f.severity >= Severity.REVIEW}


def _reason(message: str, lang: str = "zh") -> str:
    [finding] = [f for f in scan(message, Config()) if f.values.get("kind") in lures.CATEGORY_NAMES]
    return to_verdict(lambda k, **v: TEXTS.get(lang, k, **v), finding, lang).reason


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        # a prize, and a tax or postage to pay before it is sent
        (
            "恭喜您在本次店庆活动中被抽中二等奖，奖品为华为平板一台，请在三日内联系领奖专员，"
            "领取前需先支付198元运费及保价费，逾期视为自动放弃。",
            "prize",
        ),
        (
            "尊敬的用户，您的手机号在年终回馈中获得现金大奖5万元，需缴纳20%个人所得税后方可到账，"
            "请添加兑奖专员微信办理。",
            "prize",
        ),
        # an investment: a return that cannot lose, money put in first, places running out
        (
            "王姐，跟你说个好事，我干爸在证券公司做内部数据，最近有个板块稳赚不赔，"
            "你先投两万进去，我手把手带你操作，这周就能回本。",
            "invest",
        ),
        (
            "我们的养老项目是政府扶持的，年化收益28%，保本保息，五千起投，本月名额有限，先到先得。",
            "invest",
        ),
        (
            "兄弟最近在玩一个usdt搬砖，内部渠道，日收益3个点，带你一起做，先充1000u试试水。",
            "invest",
        ),
        # a card "suspended", and a private number to call about it
        (
            "【医保服务】您的医保卡因信息不全已被停用，请于48小时内致电020-39817266办理恢复，"
            "否则将影响您的报销。",
            "suspend",
        ),
        ("温馨提示：您的ETC卡已失效，将于明日注销，请尽快拨打0571-86302215重新激活。", "suspend"),
        # money topped up before a frozen account pays out
        (
            "您好，您在本平台的账户因操作异常被冻结，无法提现，需充值与余额相同的金额完成验证，"
            "验证通过后本金一并退还。",
            "unfreeze",
        ),
    ],
)
def test_a_lure_is_flagged_by_its_mechanism(message, kind):
    lure = lures.read(fold(message))
    assert lure is not None and lure.category == kind
    assert _flagged(message)


@pytest.mark.parametrize(
    "message",
    [
        # a question, the writer's own gains, and their own channel offered to the reader
        "请问有人玩过一个叫鑫盛汇的理财app吗 我上个月投了一万 现在提现了三千多 感觉挺稳的 "
        "有兴趣的可以私聊我 我拉你进群",
        "大家觉得点赞兼职靠谱吗 我做了五天已经到账了四百块 每单都结算 想做的加我 我带你",
        "有人知道这种内部低息贷款是真的吗 我姐夫在银行能办 利息只要两厘 我已经办了一笔 有需要的私我",
        "有谁知道网上代办驾照靠谱吗 我交了3000 下周就能拿证 要办的找我",
        # a relative's inside track, offered without a question
        "我舅舅在人社局能内部办指标 考编不用笔试 有人要吗",
    ],
)
def test_a_pitch_dressed_as_a_question_is_flagged_and_not_lowered(message):
    flagged = _flagged(message)
    assert flagged.get("anti_scam.pitch") is not None, flagged


def test_the_reason_names_the_mechanism_in_both_languages():
    message = (
        "我们的养老项目是政府扶持的，年化收益28%，保本保息，五千起投，本月名额有限，先到先得。"
    )
    zh = _reason(message)
    assert "投资理财" in zh and "保证稳赚不赔" in zh and "先充值" in zh
    hit = scripts.judge(fold(message))
    assert hit is not None
    name, what = scripts.describe(hit, "en")
    assert name == "investment fraud" and "cannot lose" in what


@pytest.mark.parametrize(
    "message",
    [
        # a member's own fund, a real win, genuine questions, warnings
        "我买的基金今年收益5%，比存银行强一点，就是中间跌过一阵，大家有推荐的稳健基金吗",
        "上周单位年会我抽中了一等奖，一台扫地机器人，昨天已经寄到家了，开心",
        "我爸买彩票中了一万二，去福彩中心领奖的时候按规定扣了20%的税，实际到手九千六",
        "有人知道鑫盛汇这个理财平台靠谱吗？朋友推荐我投，我还没投，想先问问大家",
        "有人用过这个记账app吗，好用吗，想找个能自动同步银行卡的",
        "有人私信我说带我投资，稳赚不赔，年化30%，先充值就行，我直接拉黑了，大家别信",
        "提醒：收到社保卡停用的短信，让你拨打某个号码处理的，都是骗子，社保问题请打12333。",
        "【国家电网】您的电费余额不足，为避免停电，请及时缴费，详询95598。",
        "我朋友在京东上班能拿内部价 上次帮我买了台冰箱便宜三百 有人要吗",
        "我在闲鱼卖了个旧手机，买家已经付款了，今天发货，有人知道顺丰到上海几天吗",
    ],
)
def test_talk_of_ones_own_money_and_real_questions_pass(message):
    assert not _flagged(message), _flagged(message)
