"""anti_scam reads two scams that pass as help: an offer to get victims their money back (the
recovery scam, told as a warning or a story), and a forged official notice that asks for a
code, a transfer to a person's or a "safe" account, or a payment on a stranger's site. Warnings
about either, and real notices, pass.

Every text here is written for these tests (not taken from the dev sets)."""

from __future__ import annotations

import pytest

from huzhu.core import Severity
from huzhu.plugins.anti_scam import TEXTS, Config, notice, recovery, scan, to_verdict
from huzhu.plugins.anti_scam.textnorm import scan_view
from tests.anti_scam_reading import rules as _rules


@pytest.mark.parametrize(
    "message",
    [
        # a story, then a way to reach the "team" offered to the victims among the readers
        "姐妹们我之前网购被骗了两万，后来一个网友介绍了专门帮人追回被骗款的团队，真的追回来一万五。"
        "被骗过的姐妹需要的话私聊我，我把他们的联系方式推给你。",
        "我被投资平台骗了十几万，后来找到一个技术团队把钱追回了一半，他们的电报 @zhuihui_team88 ，被骗的赶紧去找。",
    ],
)
def test_a_recovery_offer_with_a_way_to_reach_someone_is_removed(message):
    assert _rules(message).get("anti_scam.recovery") == Severity.SEVERE
    [finding] = [f for f in scan(message, Config()) if f.rule == "anti_scam.recovery"]
    reason = to_verdict(lambda k, **v: TEXTS.get("zh", k, **v), finding, "zh").reason
    assert "二次诈骗" in reason and "110" in reason


def test_a_recovery_brokered_for_a_fee_without_a_contact_is_reviewed():
    message = "群里有被网贷骗过的吗？我认识一个律师可以帮忙挽回损失，先交800元立案费，我可以帮你们统一登记。"
    assert _rules(message).get("anti_scam.recovery") == Severity.REVIEW


@pytest.mark.parametrize(
    "message",
    [
        # warnings about recovery scams, and a real recovery by the police
        "提醒一下：被骗以后千万别信什么“帮你追回损失”的，那些说能追回被骗资金的都是骗子，会让你再交一次钱。被骗了只找110。",
        "我朋友被骗后又被所谓的“追损律师”骗了五千，这叫二次诈骗，大家被骗了直接去派出所，不要加任何人。",
        "被骗了怎么办？第一时间拨打110或96110报警，保存好转账记录，钱在冻结期内有可能追回，派出所不会收你任何费用。",
        "我上个月被骗的三千块，派出所打电话说已经追回了，今天到账了，谢谢民警！",
    ],
)
def test_talk_of_recovery_that_offers_nothing_passes(message):
    assert recovery.offer(scan_view(message)) is None
    assert "anti_scam.recovery" not in _rules(message)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (
            "【中通快递】您的包裹因地址不详无法派送，需支付1.9元改址费，请点击 zto-gaizhi.top 填写新地址并支付。",
            "link",
        ),
        (
            "【农业银行】您的手机银行将于今日停用，请回复短信告知收到的动态码以完成身份核验。",
            "code",
        ),
        (
            "【XX实验小学】各位家长：本学期校服费每生320元，请于本周内转账至后勤老师个人账户，户名 王芳，并备注学生姓名。",
            "account",
        ),
        (
            "【社保中心】您的社保卡存在异常，已被暂停使用，请将卡内余额转入社保安全账户，核验后原路返还。",
            "account",
        ),
        # signed at its end, a person's name as the account's
        (
            "各位业主：接上级通知，每户需缴纳电梯维修基金200元，请今日内转账至物业会计：户名 赵敏，逾期停电。——物业通知",
            "account",
        ),
        # the link before the fee ("请立即点击 x.top 缴纳…")
        ("【燃气公司】您家燃气费已欠缴，明日停气，请立即点击 ranqi-jiaofei.top 缴纳欠费。", "link"),
    ],
)
def test_a_forged_notice_asking_for_a_code_a_transfer_or_a_payment_is_removed(message, kind):
    assert notice.forged(scan_view(message))[0] == kind
    assert _rules(message).get("anti_scam.fake_notice") == Severity.SEVERE


@pytest.mark.parametrize(
    "message",
    [
        "【农业银行】您尾号4421的账户于10:21支出人民币200.00元，余额5,631.20元。验证码请勿告知他人。",
        "【XX实验小学】各位家长：本学期校服费每生320元，请于本周内通过学校统一缴费平台缴纳，不收现金。",
        "【反诈中心】凡是要求您将资金转入“安全账户”、提供验证码的，都是诈骗！",
        "【中通快递】您的包裹已到小区驿站，请凭取件码 6-2-1108 领取，如有疑问请联系快递员 13588120347。",
        # an institution's own account, named as such
        "【XX社区老年协会】各位会员：年度会费请于月底前转账至协会账户，户名：XX市XX区老年人协会，开户行：农业银行XX支行。",
    ],
)
def test_real_notices_and_warnings_are_no_forgery(message):
    assert notice.forged(scan_view(message)) is None
    assert scan(message, Config()) == []


def test_a_recovery_offer_for_a_fee_asked_is_removed():
    # 坑 for 骗, and the fee asked ("只需要交300元") in the poster's voice
    message = "有被网贷坑过的姐妹吗？我认识一个律师能帮忙追回损失，只需要交300元咨询费，有需要的我帮你们对接。"
    assert _rules(message).get("anti_scam.recovery") == Severity.SEVERE


def test_a_member_sending_victims_to_the_police_brokers_nothing():
    message = "被骗的姐妹别慌，我上次就是去派出所登记的，钱追回来了一部分，全程没收一分钱。我帮你问过了，带上转账记录和身份证去派出所就行。"
    assert recovery.offer(scan_view(message)) is None


def test_money_returned_to_victims_through_a_rights_lawyer_is_a_recovery_offer():
    message = (
        "我前年被网购退款骗了四千，后来有人介绍了一个维权律师，说骗子公司已被查封，会按比例返还给受害人，"
        "先交800的代理费就能排上号。我已经排上了，需要的私聊我，律师微信我推给你们。"
    )
    assert _rules(message).get("anti_scam.recovery") == Severity.SEVERE
