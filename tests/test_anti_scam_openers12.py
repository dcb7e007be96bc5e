"""Short openers read by mechanism (openers12, issue #21): a lender's fee before the money, a
record faked or a go-between paid; a service the reader never opened; a line cut off unless
a key is pressed, a forbidden parcel, money told into a "safe account"; a new teacher's fee
group, a child's trouble kept from questions, an old comrade's grandchild in hospital.
Each opener here was missed before; the ordinary talk after it stays allowed."""

from __future__ import annotations

import pytest

from huzhu.core import Severity
from huzhu.plugins.anti_scam import openers
from huzhu.plugins.anti_scam.phrases import fold
from tests.anti_scam_reading import flagged
from tests.anti_scam_reading import reasons as verdicts


@pytest.mark.parametrize(
    ("message", "category"),
    [
        # loan: credit "won", paid out after a membership or fee; a record faked; a go-between
        ("【XX金融】恭喜您获批额度6万，激活会员即可提款，回T退订", "loan"),
        ("您好，您的借款审核已通过，需开通会员后方可放款到您的银行卡", "loan"),
        ("哥们 你想贷大额 我认识人能帮你做流水 银行看了流水就批", "loan"),
        ("朋友，你要贷款的话我这边有人能帮你包装流水，保证银行给你批", "loan"),
        ("银行里有熟人，过桥费一万，保证你贷下来", "loan"),
        ("贷款的事我帮你找了个中间人，先交三万过桥费，下个月就能批下来", "loan"),
        # kefu: a buyer found by the purchase and paid double; a service never opened
        ("你好 你上个月买的儿童玩具抽检不合格 厂家召回 给你双倍退款 加我V", "kefu"),
        ("您的京东学生账户即将被注销，不处理将按月扣费", "kefu"),
        ("您的学生账户未注销，不注销将每月扣费，请尽快联系客服处理", "kefu"),
        # police: a line cut off unless a key is pressed; a forbidden parcel; a case on you
        ("【通信管理局】您的号码将于2小时后停机，详情请按9", "police"),
        ("【工信部】您的手机卡将在2小时后被停用，请按9了解详情", "police"),
        ("这边是深圳市公安局，你名下的一个包裹里搜出了18张银行卡", "police"),
        ("你的快递里有违禁品，已移交警方，需要你本人配合", "police"),
        ("我是深圳公安刑侦大队的，有个案子涉及到你，有个包裹", "police"),
        # boss/kin: a new teacher's fee group; a child's trouble; an old comrade; an elder's errand
        ("家长们好，我是新接手的班主任，麻烦加一下新的缴费群，交一下资料费", "boss"),
        ("我是新班主任王老师，孩子的资料费每人200，请家长进群缴纳", "boss"),
        ("妈 我在学校惹事了 需要赔钱 先别问 转我三千", "boss"),
        ("妈 我在学校闯祸了 要赔人家钱 你先别问了 先转我", "boss"),
        ("老同学是我啊，我在外地遇到点事，手头紧，能借我一万吗", "boss"),
        ("老战友，我孙子生病住院了，手术费还差两万，能不能帮帮忙", "boss"),
        ("老战友，我是老张，我孙子住院了急需手术费，能先借点吗", "boss"),
        ("在吗？我是刘叔叔，你爸妈不在家，他们让我跟你说一声，帮我交一下这个费用", "boss"),
        # a second batch, other words for the same moves
        ("兄弟你想贷款的话我帮你把流水做漂亮点，银行一看就给批了", "loan"),
        ("我有个朋友在银行，你出点过桥费，贷款保准给你批下来", "loan"),
        ("您的学生账号毕业后未注销，将产生月费，请联系客服办理注销", "kefu"),
        ("你好，你买的那款面膜抽检没过，我们给你双倍退款，加一下我微信", "kefu"),
        ("您好，您名下的电话卡将于2小时后停用，请按9转接工作人员", "police"),
        ("您好，这里是通信管理局，您的号码两小时后将停机，查询请按9", "police"),
        ("老战友啊，我孙子在医院抢救，急需一笔钱，你能帮帮我吗", "boss"),
        ("同学，我是你高中同学老李，在外地钱包丢了，能借我一万应急吗", "boss"),
        # the other side (对方) owed, not paid: the money still goes to the writer, reviewed
        ("爸 我在学校闯祸了 对方要赔偿 别问了 先给我打五千", "boss"),
    ],
)
def test_openers12_mechanisms_are_held_for_review(message, category):
    found = openers.read(fold(message))
    assert found is not None and found.category == category, found
    assert not found.severe  # a short opener is reviewed: no transfer to an account asked yet
    assert flagged(message), verdicts(message)


@pytest.mark.parametrize(
    "message",
    [
        "资金核查期间不得告诉任何人，请将资金转入国家安全账户",
        "清查期间不要告诉任何人，请把你的钱转到安全账户核查",
    ],
)
def test_money_told_into_a_safe_account_is_removed(message):
    assert any(s == Severity.SEVERE for _r, s, _ in verdicts(message)), verdicts(message)


@pytest.mark.parametrize(
    "message",
    [
        "老同学好久不见 周末聚聚",
        "班主任说下周交资料费 学校统一收",
        "我在学校被罚了 妈你别担心",
        "老同学，是我，下周回老家请你吃饭",
        "老同学是我，最近出了点状况，想找你聊聊",
        "老战友的孙子住院了，咱们几个凑点钱去看看吧",
        "我孙子住院了，手术费医保报了一半",
        "妈我是小明，医药费报销了，住院的钱不用担心",
        "孩子说在学校惹事了被老师批评，我明天去一趟学校",
        "我是新来的班主任，各位家长下午好，明天开家长会",
        "新班主任说下周进群交资料费，学校有收据",
        "我是刘叔叔，你爸妈让我跟你说一声，晚上来家里吃饭",
        "我的信用分太低了，贷款批不下来",
        "朋友说可以帮我包装流水，我没敢",
        "过桥费是什么？听说贷款中介会收",
        "过桥费这种东西千万别交",
        "我的额度审批下来了，会员就算了不开",
        "你上个月买的那个玩具好玩吗，我也想买",
        "学生会员毕业后要去app里关掉，不然会扣费",
        "【中国移动】您的号码因欠费将于明日停机，请及时充值，查询余额请回复1",
        "工信部说手机卡要实名，我去营业厅弄了",
        "我是快递员，你的包裹里发现了身份证，联系我们来取",
        "公安局的反诈讲座说不要把钱转到所谓安全账户",
        "这里是XX派出所，请大家下载国家反诈中心APP，保护您的资金安全",
        "对方要赔偿，我们去派出所调解了",
        "【中国联通】您的号码已欠费，将于今日停机，充值请按1",
        "兄弟你想贷款的话，先把流水做好，自己存工资别乱花",
        "你买的那款面膜抽检没过，新闻上说的，赶紧别用了",
        "同学，我钱包丢了，中午能借我十块吃饭吗，下午还你",
        "我是你高中同学，钱包丢了真倒霉，已经报警了",
        "老战友啊，好久没聚了，周末来我家",
        "妈 我在学校惹事了 老师叫你明天来一趟",
        "我孙子在医院，手术很成功",
    ],
)
def test_openers12_ordinary_talk_is_allowed(message):
    assert not flagged(message), verdicts(message)
