"""Labelled long-form material for the anti_scam script model, written by the project.

    from antiscam_scripts import labelled
    items = labelled("train", seed=1)   # [(text, label)], label: ham or a scam category
    items = labelled("held", seed=1)    # wording never used in "train"

Scam categories: ``kefu`` (fake customer service: refunds, 理赔, cancelled
memberships), ``loan`` (贷款, 征信, 注销校园贷/网贷, 解冻), ``police`` (冒充公检法:
安全账户, 涉嫌洗钱), ``boss`` (a boss, relative or friend on a new account asking
for a transfer) and ``zhuli`` (a 助力/红包 that wants an ID card or bank card).
Ham: ordinary group chat, share texts, shop promotions and announcements, and
the hard cases: members talking about real refunds, loans, the police, their
boss, and anti-fraud warnings that name every trick.

Every script is assembled from stages (who is calling, the pretext, what the
victim must do, urgency and secrecy), each stage from a pool of wordings
written for this file in the ways such scripts are told in police warnings and
news reports. A pool's wordings are dealt to the splits by position (every
third one is held out), so the held-out split reads sentences the model never
saw in training; names, amounts and platforms are drawn at random.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable

Item = tuple[str, str]
CATEGORIES = ("kefu", "loan", "police", "boss", "zhuli")

PLATFORMS = ["淘宝", "京东", "拼多多", "抖音", "快手", "唯品会", "支付宝", "美团", "闲鱼", "天猫"]
COURIERS = ["顺丰", "中通", "圆通", "韵达", "申通", "极兔", "邮政EMS", "京东物流"]
APPS = ["腾讯会议", "钉钉", "ZOOM", "飞书会议", "小鱼易连", "云视讯", "好视通", "全时云会议"]
LENDERS = [
    "京东金条",
    "借呗",
    "微粒贷",
    "360借条",
    "度小满",
    "分期乐",
    "招联金融",
    "安逸花",
    "有钱花",
]
CITIES = [
    "上海",
    "北京",
    "广州",
    "深圳",
    "成都",
    "武汉",
    "杭州",
    "南京",
    "西安",
    "重庆",
    "哈尔滨",
    "长沙",
]
ITEMS = [
    "儿童玩具",
    "羽绒服",
    "面霜",
    "蓝牙耳机",
    "保温杯",
    "奶粉",
    "运动鞋",
    "床上四件套",
    "手机壳",
    "零食礼包",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
TITLES = ["总", "经理", "主任", "局长", "校长", "老师", "书记", "处长"]
KIN = ["表哥", "表姐", "舅舅", "大姨", "老同学", "堂弟", "小姑", "姐夫"]


def _n(rng: random.Random, lo: int, hi: int) -> str:
    return str(rng.randint(lo, hi))


def _code(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def _slots(rng: random.Random) -> dict[str, str]:
    s = rng.choice(SURNAMES)
    return {
        "p": rng.choice(PLATFORMS),
        "c": rng.choice(COURIERS),
        "app": rng.choice(APPS),
        "lender": rng.choice(LENDERS),
        "city": rng.choice(CITIES),
        "item": rng.choice(ITEMS),
        "s": s,
        "name": s + rng.choice("明伟芳娜静强磊军洋勇艳杰涛超"),
        "title": rng.choice(TITLES),
        "kin": rng.choice(KIN),
        "no": _n(rng, 1000, 99999),
        "amt": rng.choice(
            ["98", "199", "360", "500", "1200", "3000", "4980", "5000", "8600", "2万", "5万"]
        ),
        "wan": _n(rng, 2, 48),
        "order": _n(rng, 10**11, 10**12),
        "acct": "6" + "".join(rng.choice(string.digits) for _ in range(15)),
        "qq": _n(rng, 10**7, 10**10),
        "code": _code(rng, 6),
        "h": _n(rng, 1, 3),
        "time": rng.choice(["今天下午五点", "今晚十二点", "明天中午", "两个小时内", "今天之内"]),
    }


# --- scam stages -----------------------------------------------------------------------------
KEFU = {
    "who": [
        "您好，我是{p}的售后客服，工号{no}。",
        "你好，这边是{c}快递理赔中心的工作人员。",
        "亲，打扰了，我是{p}官方客服小{s}。",
        "您好，请问是{s}女士吗？我这里是{p}商城售后部。",
        "您好，我是{p}平台的专属客服经理，编号{no}。",
        "你好，{c}快递这边，我是负责您包裹的理赔专员。",
        "您好，这里是{p}会员服务中心。",
        "喂，您好，我们是{p}店铺的客服，看到您最近下过一单{item}。",
        "亲亲您好，我是您购买{item}那家店的售后。",
        "您好，{p}官方退款专员为您服务。",
        "您好，这边是{p}金融客服中心。",
        "你好，我是{c}快递的客服，单号尾号{no}的快递是你的吧。",
    ],
    "why": [
        "您购买的{item}经质检部门检测不合格，我们要给您办理三倍赔偿。",
        "您的包裹在运输途中丢失了，按规定给您{amt}元理赔。",
        "由于我们系统升级出错，您被误开通了VIP会员，每月将自动扣费{amt}元。",
        "您在本店买的{item}被查出甲醛超标，已经下架召回，需要给您退款。",
        "您的快递在分拣时被损坏，公司决定给您双倍赔付。",
        "您之前开通了百万医疗保障服务，试用期到了，不取消的话每月扣费{amt}元。",
        "您的订单{order}因为仓库失火无法发货，需要为您办理退款理赔。",
        "检测到您的账户开通了直播会员，不关闭会一直扣费并影响征信。",
        "您买的{item}这批货有质量问题，公司统一给顾客退款补偿。",
        "您的订单因为物流异常被退回，退款一直卡在系统里没有到账。",
        "您的账户被误设为商家代理，每个月会扣{amt}元服务费。",
        "您的快递里的{item}在中转站受潮了，我们这边走理赔流程。",
    ],
    "do": [
        "请您下载{app}，加入会议后打开屏幕共享，我一步一步指导您操作。",
        "麻烦您打开支付宝的备用金，按我说的把钱转到我们的清算账户做流水验证，完成后原路返还。",
        "我发您一个理赔链接，填写银行卡号和收到的验证码就能到账。",
        "需要您先把{amt}元转入我们的指定账户进行资金核验，核验完连同赔款一起退给您。",
        "请您添加理赔专员QQ{qq}，进群按照群里的流程领取赔付。",
        "您需要在{app}里共享屏幕，我帮您把扣费取消掉。",
        "因为您的信用分不够，要先在借呗借出一笔钱转到平台账户刷一下流水才能退款。",
        "操作过程中会收到一个验证码，您念给我听一下就好。",
        "请您扫描我发的二维码，输入银行卡号和密码，退款马上原路退回。",
        "现在把您卡里的余额转到我给您的安全账户，系统核对后自动返还。",
        "请下载{app}APP，输入会议号{no}，跟着我的屏幕操作。",
        "您打开手机银行，点击转账，收款账户填{acct}，这是我们公司的对公结算账户。",
    ],
    "push": [
        "这个需要在{time}前完成，否则会影响您的征信记录。",
        "操作期间请不要挂断电话，也不要接听其他电话，以免流程中断。",
        "为了您的资金安全，这件事请不要告诉其他人。",
        "如果不及时处理，扣费会一直持续，征信也会受影响。",
        "银行打电话来问的话就说是自己转的，不然退款会失败。",
        "名额有限，今天不办理就视为您自动放弃赔付了。",
        "请不要理会手机的风险提示，那是系统正常的安全检测。",
        "全程保持会议开启，我这边会实时帮您盯着。",
        "办理完成后我会把退款和赔偿一起打给您。",
    ],
}
LOAN = {
    "who": [
        "您好，我是{lender}的信贷专员。",
        "你好，这边是{city}金融服务中心。",
        "您好，我们是银保监会委托的网贷清理工作组。",
        "你好，我是{lender}贷后管理部的工作人员，工号{no}。",
        "您好，这里是助学贷款管理中心。",
        "您好，我们是正规持牌的贷款公司，{city}本地放款。",
        "你好，我是{lender}的客户经理小{s}。",
        "您好，我这边是征信中心的工作人员。",
        "你好，这里是{p}金融的风控部门。",
        "您好，我是京东金融的客服人员。",
        "打扰了，我是{lender}合作机构的贷款顾问。",
        "您好，这里是个人信用修复中心。",
    ],
    "why": [
        "您大学时注册过校园贷账户，按国家规定现在要注销，不注销会影响您的征信。",
        "您申请的{wan}万元贷款已经审批通过，但是您的银行卡号填错了，资金被冻结了。",
        "无抵押无担保，凭身份证就能办，最高额度{wan}万，当天放款。",
        "系统显示您的账户存在违规操作，贷款资金已被冻结，需要解冻。",
        "您的征信上有逾期记录，我们可以帮您修复征信，恢复贷款资格。",
        "您的{lender}账户利率过高，不符合监管要求，需要关闭重新开通。",
        "您的学生账户没有注销，每个月都在产生利息，已经影响到个人信用。",
        "您的贷款额度已经下来了，{wan}万元，年化利率很低。",
        "我们这边可以帮您把网贷的逾期一次性处理干净，征信也能洗白。",
        "您的流水不够，银行放款前需要验证您的还款能力。",
        "您的账户被系统判定为异常，借款无法提现到银行卡。",
        "您有一笔网贷没有注销，会影响您以后买房买车办贷款。",
    ],
    "do": [
        "需要您先交{amt}元的解冻金到指定账户，解冻后连同贷款一起打给您。",
        "请把各个网贷平台的额度都借出来，转到我们的监管账户，清零后才能注销。",
        "下载我发给您的{lender}APP，填写身份证号、银行卡号和手机验证码。",
        "您先转{amt}元保证金证明还款能力，资金马上到账。",
        "需要缴纳{amt}元的会员费和手续费，交完立刻放款。",
        "请您在{app}里开启屏幕共享，我帮您操作注销流程。",
        "先往卡里存入贷款金额的百分之二十刷一下银行流水，审核过了就放款。",
        "请把收到的验证码告诉我，我帮您关闭账户。",
        "按我说的在各个平台借款，然后转到央行的指定账户进行冲正。",
        "点击这个链接上传身份证正反面和银行卡照片。",
        "交{amt}元的征信修复费，三个工作日内就能消除不良记录。",
        "您先把{amt}元转到这个对公账户{acct}，系统核实后解冻。",
    ],
    "push": [
        "{time}前不处理的话会上报征信，以后都贷不了款。",
        "逾期不注销的话会被列入失信名单。",
        "这个事情要保密，不要跟家人说，避免影响审批。",
        "操作过程中银行如果来电核实，您就说是自己正常消费。",
        "名额很紧张，今天办理今天放款。",
        "钱转过去以后都会原路退回到您的卡上，您放心。",
        "请不要相信网上的说法，我们是正规机构。",
        "审批完成后资金两小时内到账。",
        "不配合处理的话后果要您自己承担。",
    ],
}
POLICE = {
    "who": [
        "我是{city}市公安局刑侦支队的{name}警官，警号{no}。",
        "这里是{city}市人民检察院，现在向你核实一件案子。",
        "您好，这里是{city}通信管理局，您名下的号码涉嫌违法。",
        "我是{city}公安局经侦大队的民警，现在依法对你进行调查。",
        "你好，这里是{city}市中级人民法院，你有一张传票未领取。",
        "您好，我是{city}医保局的工作人员。",
        "我是{city}反诈中心的{s}警官。",
        "这里是国家安全局{city}办事处。",
        "你好，我是{city}市公安局{s}队长，这是我的警官证照片。",
        "你好，这边是{city}海关缉私局。",
        "我是最高人民检察院的{s}检察官。",
        "你好，这里是{city}派出所，我是值班民警。",
    ],
    "why": [
        "你名下的一张银行卡涉嫌一起特大洗钱案，涉案金额{wan}00万。",
        "你的身份信息被犯罪团伙盗用，涉嫌非法集资，现在对你发布了通缉令。",
        "你的医保卡在{city}被恶意透支{amt}元，涉嫌骗保。",
        "有一个寄给你的快递被查出夹带了违禁品和多本护照。",
        "你涉嫌参与一起跨境电信诈骗，法院已经下达了逮捕令。",
        "我们在抓获的嫌疑人那里发现了你的银行卡，你涉嫌帮助信息网络犯罪。",
        "你名下有一张手机卡在大量发送诈骗短信。",
        "你的账户资金来源不明，需要接受资金审查。",
        "你涉嫌一起贩毒案件，账户已经被监控。",
        "经调查，你的账户与一个洗钱团伙有资金往来。",
        "你现在是这起案件的嫌疑人，要配合我们的调查。",
        "你的身份证在外地被人冒用开了公司，涉嫌偷税漏税。",
    ],
    "do": [
        "为了证明你的清白，你需要把名下所有资金转到国家安全账户接受清查。",
        "这是秘密侦查，你要一个人去宾馆开个房间，单独配合我们的调查。",
        "请下载{app}，开启屏幕共享，我们要远程核查你的账户。",
        "你把银行卡里的钱都转到这个安全账户{acct}，查清后会原路退还。",
        "马上去银行把钱取出来存到我们指定的监管账户。",
        "加我QQ{qq}，我给你看逮捕令和冻结管理书。",
        "你需要缴纳{amt}元保证金，才能解除对你账户的冻结。",
        "把你所有银行卡的卡号、密码和收到的验证码报给我们做资金核查。",
        "请在网上贷款平台借款，转到清算账户证明你的资金来源合法。",
        "打开这个网址，填写你的身份证号和银行卡信息进行资金登记。",
        "现在我把电话转接给检察院的{s}检察官，你按他的要求办理资金清查。",
        "你现在就把资金转到国家资金清查账户，这是资产保全。",
    ],
    "push": [
        "这个案子是保密的，不能告诉任何人，包括你的家人，否则就是泄露国家机密。",
        "如果不配合，我们马上对你实施逮捕。",
        "{time}之前必须完成，否则你所有的账户都会被冻结。",
        "银行工作人员问你就说是给家人转账，不能提到案子。",
        "配合调查的话可以从轻处理，证明清白后资金全部退还。",
        "全程不要挂断电话，我们在录音。",
        "不要相信身边人说的话，他们可能就是同伙。",
        "一旦泄露出去，你要承担法律责任。",
        "调查结束后这些钱会原封不动地退给你。",
    ],
}
BOSS = {
    "who": [
        "我是{s}{title}，这是我的新微信，你加一下。",
        "小{s}，我是你{kin}，换了个新号。",
        "你好，我是{s}{title}，我旧号不用了。",
        "在吗？我是你们{s}{title}，有件急事要你去办。",
        "明天你来我办公室一趟。我是{s}{title}。",
        "我是你{kin}啊，听不出来了？我换手机号了。",
        "老同学，我是{name}，好久不见了。",
        "你好，{s}{title}让我联系你，我是他的助理。",
        "小{s}，我现在用的是新号，旧的那个别联系了。",
        "我是{s}{title}，你现在方便吗？",
        "这是我另一个号，我是你们部门的{s}{title}。",
        "在不在？我，{name}，你大学室友。",
    ],
    "why": [
        "我现在在开会，不方便接电话，有个合作方急着要一笔款。",
        "我在外地出差，手机银行被限额了，客户那边催着要钱。",
        "我有个朋友住院急需手术费，我这边一时转不出来。",
        "有个项目的保证金今天必须打过去，不然合同就黄了。",
        "我这边跟领导吃饭，需要打点一下。",
        "我孩子在学校出了点事，要马上交一笔钱。",
        "我出了车祸，对方要私了，现在急需一笔钱。",
        "公司要跟供应商结一笔货款，财务今天请假了。",
        "我在国外，卡被冻结了，需要周转一下。",
        "我这边资金被押着了，有个急事要处理。",
        "投标的钱差一点，明天就是截止时间了。",
        "我在{city}做生意，进货款临时差了点。",
    ],
    "do": [
        "你先从公司账户转{wan}万到这个卡上，账号{acct}，户名{name}。",
        "你先帮我垫付一下，转到这个账户，回头我马上还你。",
        "你先转{amt}给我，下午就还你。",
        "转完把截图发给我，我好跟对方确认。",
        "你用支付宝转到我朋友的卡上，卡号我发你。",
        "能不能先借我{wan}万周转一下，明天就还。",
        "你按我发的账户打款，走个人账户就行。",
        "你把钱转到我表弟的卡上，他在医院等着。",
        "马上给财务说一下，把{wan}万打到这个对公账户。",
        "你手头有多少先转多少，剩下的我再想办法。",
        "帮我给这个账户汇{amt}元，用途写货款。",
        "你先转过去，我这边开完会就给你报销。",
    ],
    "push": [
        "这事先别跟别人说，我回来再跟你解释。",
        "急，快一点，对方在等着。",
        "我不方便接电话，有事微信说。",
        "别打电话了，我这边信号不好。",
        "转好了跟我说一声，谢谢。",
        "这个事情你知道就行，不要声张。",
        "就这一次，帮帮忙。",
        "今天之内必须处理好。",
        "你办事我放心。",
    ],
}
ZHULI = [
    "帮我助力领现金，活动需要你的身份证号和银行卡号才能提现。",
    "助力红包要到账的话得填身份证和银行卡号，私发给我就行。",
    "砍价领现金，最后一步需要你提供身份证和银行卡，我帮你绑定。",
    "帮忙助力一下，要实名认证，把你的身份证照片和银行卡号发我。",
    "领现金需要验证身份，你把身份证号、银行卡号和预留手机号给我。",
    "助力成功可以领{amt}元现金，填一下身份证和银行卡号就能到账。",
    "你的助力奖励到了，提现要先绑定身份证和银行卡，把信息发我。",
    "帮我助力还能领红包，你告诉我身份证号和卡号我帮你提现。",
    "这个活动提现要身份证号和银行卡号，你发给我我帮你弄。",
    "点一下助力就能领现金，不过要你的身份证和银行卡信息才能到账。",
    "帮我砍一刀，砍成功了你也能提现，需要你的身份证号码和银行卡号。",
    "现金红包已经到你账户了，领取需要填写身份证和银行卡，我教你。",
]

SCAM_STAGES = {"kefu": KEFU, "loan": LOAN, "police": POLICE, "boss": BOSS}


# --- ham -------------------------------------------------------------------------------------
HAM_CHAT = [
    "今天砍价的人好多，我刚帮了五个，大家记得回助一下哦。",
    "我昨天在{p}买的{item}坏了，找客服申请了退款，说三到五个工作日原路退回。",
    "{c}把我的快递弄丢了，打了客服电话，最后赔了我{amt}元，还算可以。",
    "房贷利率又降了，我准备下个月提前还一部分本金。",
    "大家有没有用过{lender}？利息感觉有点高，还是少借点好。",
    "今天去派出所办身份证，排队排了一个多小时。",
    "我们{s}{title}今天请全组喝奶茶，开心。",
    "领导让我周末加班，活动又要泡汤了。",
    "{kin}下周结婚，我得回老家一趟，这几天可能帮不了大家砍价。",
    "征信报告可以在人民银行征信中心的官网免费查，一年两次。",
    "我妈差点被骗了，有人冒充公安说她涉嫌洗钱，还好我及时拦住了，大家也提醒一下家里老人。",
    "提醒大家：公检法不会通过电话办案，更不会让你转账到什么安全账户，遇到直接挂断打110。",
    "反诈中心提醒，凡是让你下载会议软件屏幕共享的客服都是骗子，退款只会在官方APP里原路退回。",
    "注意！有人冒充领导加微信让财务转账，转账前一定要打电话当面核实。",
    "最近很多人接到注销校园贷的电话，都是骗局，正规平台不会让你转钱注销。",
    "{p}退货流程挺简单的，在订单里点申请售后，快递上门取件，退款几天就到了。",
    "下班啦，今天地铁好挤，回家做饭。",
    "有没有人知道{p}这个活动怎么玩？我点了半天没看懂。",
    "我家孩子这次考试考了全班第三，晚上带他去吃火锅。",
    "周末{city}有雨，出门记得带伞。",
    "刚刚{c}打电话说快递放驿站了，取件码发我手机上了。",
    "信用卡这个月账单出来了，花得有点多，下个月得省着点。",
    "公司这个月发了奖金，请大家喝奶茶，群里的红包抢了没？",
    "我表哥在{city}开了家小店，生意还不错，有空去捧场。",
    "谁知道公积金贷款要准备什么材料？银行说要收入证明和流水。",
    "今天银行打电话推荐理财，我说不需要就挂了。",
    "昨天看新闻，{city}警方破获了一个电信诈骗团伙，抓了几十个人。",
    "医保卡现在可以绑定手机用了，看病直接扫码，很方便。",
    "谢谢群主，我的砍价终于成功了，明天继续帮大家。",
    "我在{p}买的{item}收到了，质量不错，价格也便宜。",
    "{p}客服说我的订单已经补发了，让我耐心等两天。",
    "老板说这个月业绩好的话年底多发一个月工资。",
    "我同学在银行上班，她说贷款一定要去正规网点办，网上那些放款快的都不靠谱。",
    "有人知道怎么注销不用的手机号吗？营业厅说要本人带身份证去办。",
    "快递理赔要在{p}订单页面点申请，官方处理，不用加任何人。",
    "我这个助力还差两个人，大家帮我点一下，谢谢啦。",
    "今天去银行办了张卡，柜员提醒不要把卡借给别人用。",
    "领导出差了，这周办公室清净多了。",
    "昨天和老同学聚会，大家都变化好大。",
    "谁有{app}的会员？开会老是掉线。",
    "我们公司下午用{app}开会，屏幕共享的时候卡住了。",
    "爸妈年纪大了，经常接到推销电话，我帮他们开了骚扰拦截。",
]
HAM_PROMO = [
    "【店铺上新】夏季新品全场满199减30，领券下单再享9折，七天无理由退换，有问题请联系店铺客服。",
    "{p}年货节开始啦！{item}限时秒杀，前100名下单送小礼品，拍下请备注群号。",
    "本店{item}清仓特价，买二送一，包邮到家，售后问题直接在{p}找客服处理。",
    "今晚8点直播间抽奖，关注店铺即可参与，中奖名单明天公布在店铺首页。",
    "【{p}】您购买的{item}已发货，{c}快递，可在订单详情查看物流。",
    "亲，您的订单已签收，如有质量问题可在7天内申请退货退款，祝您生活愉快。",
    "团购接龙：明天上午{c}到货，{item}每份39元，需要的在群里接龙。",
    "618大促预告：全场低至五折，定金膨胀，{p}搜店铺名即可进入。",
    "新店开业，{city}同城配送，满50元免运费，欢迎各位邻居光临。",
    "会员日福利：积分可兑换{item}，数量有限兑完即止。",
    "本周团购：{item}、水果、鸡蛋，周五统一在小区门口自提。",
    "感谢大家支持小店，今天所有订单已经发出，单号稍后统一发群里。",
    "双十一{p}红包每天可领三次，最高888元，记得领完再下单。",
    "{p}百亿补贴{item}只要{amt}元，正品保障，假一赔十。",
    "店铺周年庆，评价晒图返5元红包，在订单页点评价即可。",
    "【活动通知】本群周六晚上八点抽免单，群里发言满十次的都有资格。",
]
HAM_ANNOUNCE = [
    "群公告：本群只做砍价助力互助，先助人后求助，禁止发广告和外部链接，违者移出。",
    "群规：求助请用 /求助 发官方链接，帮完回复已助，每人每天最多求助三次。",
    "提醒新进群的朋友：不要私加陌生人，有人私聊要钱一律不要理，直接举报给管理员。",
    "防骗提醒：任何要你先交押金、保证金、解冻费的都是骗子；客服不会让你屏幕共享，公检法没有安全账户。",
    "管理员通知：最近有人冒充群主加好友借钱，群主不会私下找任何人借钱，请大家注意。",
    "本群每周日晚上整理一次排行，前十名下周求助优先。",
    "欢迎新朋友进群，先看群公告，有问题在群里问，大家都很热心。",
    "各位，{p}的活动规则改了，现在每人每天只能助力三次，大家合理安排。",
]


def _pick(pool: list[str], split: str, rng: random.Random) -> str:
    held = split == "held"
    choices = [p for i, p in enumerate(pool) if (i % 3 == 2) == held]
    return rng.choice(choices)


def _script(stages: dict[str, list[str]], split: str, rng: random.Random) -> str:
    parts = [_pick(stages["who"], split, rng), _pick(stages["why"], split, rng)]
    if rng.random() < 0.5:
        parts.append(_pick(stages["why"], split, rng))
    parts.append(_pick(stages["do"], split, rng))
    if rng.random() < 0.6:
        parts.append(_pick(stages["do"], split, rng))
    for _ in range(rng.choice((0, 1, 1, 2))):
        parts.append(_pick(stages["push"], split, rng))
    if rng.random() < 0.2:  # the caller's name is not always said first
        parts[0], parts[1] = parts[1], parts[0]
    if rng.random() < 0.15:  # a message forwarded without the introduction
        parts = parts[1:]
    sep = rng.choice(["", "", " ", "\n"])
    return sep.join(parts).format(**_slots(rng))


def _ham(split: str, rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.5:
        parts = [_pick(HAM_CHAT, split, rng) for _ in range(rng.choice((1, 1, 2, 3)))]
    elif kind < 0.8:
        parts = [_pick(HAM_PROMO, split, rng) for _ in range(rng.choice((1, 2)))]
    else:
        parts = [_pick(HAM_ANNOUNCE, split, rng)]
        if rng.random() < 0.5:
            parts.append(_pick(HAM_CHAT, split, rng))
    return "".join(parts).format(**_slots(rng))


def _zhuli(split: str, rng: random.Random) -> str:
    text = _pick(ZHULI, split, rng).format(**_slots(rng))
    if rng.random() < 0.3:
        text = rng.choice(["在吗？", "姐妹，", "亲，", "宝子们，"]) + text
    return text


GENERATORS: dict[str, Callable[[str, random.Random], str]] = {
    **{
        cat: (lambda split, rng, s=stages: _script(s, split, rng))
        for cat, stages in SCAM_STAGES.items()
    },
    "zhuli": _zhuli,
    "ham": _ham,
}


def labelled(split: str, seed: int = 1, per_category: int = 400, ham: int = 3000) -> list[Item]:
    """Distinct (text, label) pairs of ``split`` (``train`` or ``held``)."""
    rng = random.Random(f"{split}:{seed}")
    out: list[Item] = []
    for label, make in GENERATORS.items():
        want = ham if label == "ham" else per_category
        seen: set[str] = set()
        for _ in range(want * 5):
            if len(seen) >= want:
                break
            text = make(split, rng)
            if text not in seen:
                seen.add(text)
                out.append((text, label))
    rng.shuffle(out)
    return out


# --- disguises --------------------------------------------------------------------------------
_S2T = None
EMOJI = "😀😂🙏👍💰🔥❤️✨😊🎁📦⚠️☎️💕"
SHORTHAND = {"微信": ["vx", "wx", "V信", "薇信", "威信"], "支付宝": ["zfb", "ZFB"], "银行卡": ["yhk", "银航卡"],
             "身份证": ["sfz", "身份zheng"], "验证码": ["yzm", "验正码"], "QQ": ["扣扣", "qq"],
             "转账": ["转帐", "轉賬"], "账户": ["帐户", "賬戶"], "客服": ["客伏", "kf客服"]}  # fmt: skip


def _s2t() -> dict[int, str]:
    global _S2T
    if _S2T is None:
        from huzhu.plugins.anti_scam import hanzi

        _S2T = {ord(s): t for t, s in zip(hanzi._TRADITIONAL, hanzi._SIMPLIFIED, strict=True)}
    return _S2T


def obfuscate(text: str, rng: random.Random) -> str:
    """The text as scammers disguise it: one to three of traditional characters, spaces or
    symbols between characters, no punctuation, emoji, pinyin initials and look-alike words."""
    tricks = rng.sample(["trad", "spaced", "nopunct", "emoji", "shorthand"], rng.choice((1, 2, 3)))
    if "shorthand" in tricks:
        for word, alts in SHORTHAND.items():
            if word in text and rng.random() < 0.8:
                text = text.replace(word, rng.choice(alts))
    if "nopunct" in tricks:
        text = "".join(" " if ch in "，。！？；：、,.!?;:" else ch for ch in text)
    if "trad" in tricks:
        text = text.translate(_s2t())
    if "spaced" in tricks:
        sep = rng.choice([" ", "/", "-", "*", "."])
        text = "".join(ch + (sep if rng.random() < 0.35 else "") for ch in text)
    if "emoji" in tricks:
        chars = list(text)
        for _ in range(rng.randint(2, 6)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(EMOJI))
        text = "".join(chars)
    return text
