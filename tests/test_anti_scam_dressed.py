"""anti_scam reads a scam dressed as a warning, a tip, a case or the news (issue #21): a demand
made of the reader in the poster's own voice (move money to a "safe", escrow or a person's
account, send a code to someone, add a contact, open an unknown link) is never lowered by the
header or the warning words around it. Tips that tell of such demands ("凡是让你…的都是诈骗",
"不要把验证码告诉任何人") still pass.

Every text here is written for these tests (not taken from the dev sets)."""

from __future__ import annotations

import pytest

from huzhu.core import Severity
from huzhu.plugins.anti_scam import TEXTS, Config, scan, to_verdict, warning_frame
from huzhu.plugins.anti_scam.textnorm import scan_view
from tests.anti_scam_reading import rules as _rules


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (
            "防骗小课堂：近期银行卡盗刷频发，为防资金被盗，请各位会员今晚前把卡内余额转入平台的"
            "“资金保护账户”临时托管，明日原路退回。",
            "account",
        ),
        (
            "防骗小贴士：骗子最爱骗验证码，所以从今天起大家收到的验证码一律先转发给群主登记，群主确认安全后再用。",
            "code",
        ),
        (
            "案例：王女士被冒充客服骗走3万。为避免类似损失，本群推出免费账户体检，请添加“安全顾问”企业微信，一对一帮您检查。",
            "contact",
        ),
        (
            "警情通报：近期多人被刷单诈骗。为保障大家资金安全，点击 https://anquan-jc.top 立即登记，开通资金保护。",
            "link",
        ),
        (
            "提醒家长：有骗子冒充老师收资料费，大家注意。本学期的资料费请统一转到指定账户，户名王丽，账号6222 0212 3456 7890 123。",
            "account",
        ),
    ],
)
def test_a_demand_of_the_reader_dressed_as_a_warning_is_removed(message, kind):
    assert warning_frame.dressed(scan_view(message))[0] == kind
    assert _rules(message).get("anti_scam.dressed") == Severity.SEVERE
    [finding] = [f for f in scan(message, Config()) if f.rule == "anti_scam.dressed"]
    reason = to_verdict(lambda k, **v: TEXTS.get("zh", k, **v), finding, "zh").reason
    assert "扮成防骗提醒" in reason and "{" not in reason


def test_a_code_asked_under_a_tip_header_is_not_lowered():
    # the credential rule fires; the tip header and 防骗 do not lower it
    message = "群管理员提示：防骗第一条，大家收到的验证码都先私发给管理员备案，管理员帮你把关。"
    assert _rules(message).get("anti_scam.credential") == Severity.SEVERE


@pytest.mark.parametrize(
    "message",
    [
        "案例：李大爷被冒充公检法骗了8万，后来我们托内部关系拦下了一部分。群友如有被骗经历，可以把转账记录发给我，我免费帮你查资金还在不在，能追的帮你追。",
        "你被骗了多少？在群里留下金额，我们一一私信帮你分析能不能追回。",
    ],
)
def test_a_recovery_offer_told_as_a_case_is_flagged(message):
    assert "anti_scam.recovery" in _rules(message)


@pytest.mark.parametrize(
    "message",
    [
        "凡是让你转账到安全账户的都是诈骗，大家千万别信。",
        "温馨提示：不要把验证码告诉任何人，包括自称客服、群主的人。",
        "警方提示：骗子会冒充公检法，要求您把钱转入所谓的“安全账户”。公检法没有安全账户，请大家牢记。",
        "反诈提醒：请大家下载国家反诈中心APP，遇到可疑电话拨打96110。",
        "新人问一下，刚收到短信说“验证码发给客服即可领取”，这验证码要发给谁啊？",
        "【转账提醒】您正在向陌生账户转账，如有人要求您“转入安全账户”，请立即停止并拨打96110。",
        "提醒家长：学校从不让家长把钱转到个人账户，资料费请在学校缴费系统里交，有疑问找班主任核实。",
    ],
)
def test_a_tip_that_tells_of_the_demand_passes(message):
    assert warning_frame.dressed(scan_view(message)) is None
    assert not scan(message, Config())


def test_money_paid_to_the_reader_or_a_loan_named_later_is_no_account_demand():
    guide = "教大家分辨真假理赔。理赔金都是直接打到你的账户里，不会让你先转钱、领备用金来激活。对不上的就是骗子。"
    assert warning_frame.dressed(scan_view(guide)) is None
    # the same words moving the reader's money to a "safe" account stay a demand
    scam = "反诈中心提醒：您的资金存在风险，请立即把余额转到安全账户，谨防被骗。"
    assert warning_frame.dressed(scan_view(scam))[0] == "account"
