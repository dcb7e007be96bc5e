"""Short openers of the four scripts: the first message, before any stage is told.

A script's first message is short (15–90 characters) and has no room for the stages
``scripts`` reads, yet it already carries the scam: someone **claims** who they are — a police
station or a court, a shop's 客服 or a courier's 理赔专员, a lender, your boss, teacher or
relative — and at once makes a **move** no real one makes at first contact with a stranger:

* 公检法: the reader accused (你涉嫌, 您名下的卡涉案, 社保卡被冒领) and told to cooperate,
  to press a key, to call the "专案组", or threatened with a freeze or a cut-off;
* 客服: a refund or compensation nobody asked for (包裹丢失, 质量问题, 误开通会员), to be
  handled on a private WeChat/QQ, in a group, an app, or with the reader's card number;
* 贷款: credit offered to strangers ("不看征信、秒批") with a private channel, or a lender's
  "notice" (额度、注销校园贷) that wants a chat, an activation, a card's code — or a fee first;
* 领导/熟人: a superior or relative on a new account, or asking for money, in a hurry, in
  secret, or for someone else's account; a boss's order relayed ("王总让你加这个QQ").

Some moves carry the scam without anyone claimed: a service the reader never opened about to
charge them (学生认证, 百万保障, 代理商) and offered to be stopped; money sold by its price, size or
speed by whoever offers it to whoever needs it; a child or parent in trouble and a sum for
someone else; a line cut off within hours unless a key is pressed, money told into a "safe
account", a forbidden parcel; a credit line paid out after a membership, a score raised or a
record faked with money, a go-between's 过桥费 (openers12). A message sent as several short lines is also read a window of lines at a time
(``read_lines``): each line of a loan ad alone names too little.

Each part is a few regular expressions over the folded text (lower case, simplified, no
punctuation or spaces). A text that tells of such a call (有人, 接到电话, 骗子, 别信 …), or
that reports what a real agent did (客服说…, 派出所让我…), is not an opener. The verdict is a
review, except for the moves no one but a scammer makes: money to a "安全账户" or "监管账户",
a fee before a loan is paid out, money advanced for a boss to another account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: openers are at most this long (folded); a longer text is a script, read by ``scripts``
OPENER_MAX = 90
#: and at least this long
OPENER_MIN = 8
#: a message sent as short lines: its first this many are read as openers (``read_lines``)
MAX_LINES = 30

#: a text that tells of a call or warns of one, rather than making it
_TOLD = re.compile(
    "(?<!所)(?<!我这边)(?<!我这里)(?<!我)有人(?!需要|要|想)|接到|收到(?:一|了|个|条)?(?:个|条)?(?:电话|短信|消息|陌生)|对方(?!要求?(?:赔|你|您))|骗子|骗局|被骗(?!风险)|冒充|假冒|自称|说是"
    "|他说|她说|短信说|电话说|打电话说|一看就是|别信|不要信|别相信|不要相信|千万别|千万不要|谨防|警惕|(?<!没)(?<!公安)(?<!警方)提醒|防骗"
    "|注意|小心|假的|挂了|挂掉|没理|拉黑|报警|又来(?:一个|了)|根本没有|根本不是|笑死|不会(?:让|要求|打电话|通过|主动)|上当|是坑|坑人|别碰|不要碰|别找"
)
_GREETING = "(?:^|你好|您好|喂|哈喽|hello|hi|打扰了|打扰一下|在吗|亲|亲亲)"
#: the speaker says who they are ("我是…", "这里是…", "这边是…", or the role right after a
#: greeting); ``{}`` is the role pattern
_CLAIM = (
    r"(?:(?:我是|我系|我这边是|这里是|这边是|我们是|我们这边是|我们这里是|这是|我这里是)(?:你|您)?(?:们)?(?:的)?[^你您我]{{0,10}}?"
    r"|" + _GREETING + r"[^你您我]{{0,10}}?)(?:{})"
)

# ---- 公检法 ------------------------------------------------------------------------------
_AUTHORITY = (
    "公安|派出所|警官|警察|民警|网警|刑警|特警|刑侦|经侦|缉毒|禁毒|检察|法院|反诈|海关|缉私|国家安全|国安"
    "|通信管理|通管局|工信部|社保|医保|人社|税务|稽查|专案组|出入境|国际刑警|银保监|人民银行|央行|110"
)
_POLICE_CLAIM = re.compile(_CLAIM.format(_AUTHORITY) + "(?!让我|叫我|说|给我|帮我|找到|通知我)")
#: the reader accused or their papers misused: a case is opened on them
_ACCUSED = re.compile(
    "(?:你|您)(?:本人|已|已经)?(?:的|名下|名字)?[^你您我]{0,24}?"
    "(?:涉嫌|涉案|涉黑|涉赌|涉诈|涉及一起|涉及洗钱|洗钱|洗黑钱|违禁|赃款|冒领|盗刷|冒用|盗用|被(?:实名)?举报|违法|违规"
    "|通缉|传票|立案|逮捕|被人用来|被用于|被用来|异地被办理|被办理了|被人注册|查出|毒品|冰毒|嫌疑人|罪犯"
    "|被(?:人)?起诉|成为被告|赌博|异常资金|资金异常|可疑资金|非法资金|涉及.{0,4}?资金)"
    # a summons or warrant served by message: "【法院传票】当事人…案由…"
    "|传票|通缉令|逮捕令|案由"
    # a case named first: "有个案子需要你配合一下"
    "|(?:案子|案件|一起案)[^你您]{0,10}?(?:你|您)"
)
#: words a school, a car park or a platform also uses ("你的车违规停放", "账号涉嫌违规"): they
#: accuse only when an authority is claimed
_WEAK_ACCUSATION = re.compile("涉嫌违[规法]|违规|违法")
#: the papers misused ("社保卡被冒领"): an accusation only with a claim, or a call put through
_MISUSE = re.compile("冒领|盗刷|冒用|盗用|被人用来|被用于|被用来|被办理|被人注册|被(?:实名)?举报")
_PUT_THROUGH = re.compile("按[0-9一二三四五六七八九零]|回复[0-9一二]|转人工|转接|专案组|办案")
#: a crime the reader is suspected of (not a misuse of their papers, which a real notice tells)
_SUSPECT = re.compile(
    "涉嫌|涉案|涉黑|涉赌|涉诈|涉及一起|洗钱|洗黑钱|违禁|赃款|通缉|逮捕|传票|毒品|冰毒|嫌疑人|赌博"
    "|恶意透支|(?:发送|发布|传播)诈骗|诈骗(?:信息|短信|电话)"
    "|异常资金|资金异常|可疑资金|非法资金"
    # a case said to concern the reader ("有个案子涉及到你")
    "|(?:案子|案件)[^你您]{0,6}?(?:涉及|牵扯|牵涉|关系)到?(?:你|您)"
)
#: …then told what to do: cooperate, press a key, call back, keep it secret — or threatened
_POLICE_MOVE = re.compile(
    "配合(?:我们|警方|公安)?(?:的)?(?:调查|清查|核查|审查|处理|工作|一下)|需要(?:你|您)(?:本人)?配合"
    "|(?:联系|与|找|致电)[^你您]{0,8}?(?:专案组|办案|警官|民警|大队|支队|警察|我们|"
    + _AUTHORITY
    + ")"
    # a deadline: "请在今日18点前处理"
    "|(?:今日|今天|[0-9一二两三四五六七八九十]+点前|小时内)[^你您]{0,6}?(?:处理|联系|回电|到案)"
    "|按[0-9一二三四五六七八九零]|回复[0-9一二]|转人工|转接|回电|回拨|(?:马上|立即|尽快|立刻)(?:处理|联系)|强制执行"
    "|加[^，。]{0,6}?(?:qq|微信)|(?:进行|接受|立案)调查|下载|视频|笔录|保密|不要告诉|别告诉|不能告诉|一个人|安静的地方"
    "|方便说话|在哪里|(?:缴纳|交)[^，]{0,2}?罚(?:款|金)|否则将?(?:立案|拘留|逮捕|起诉|冻结)|冻结|停机|拘留|逮捕|收押|扣押|查扣|扣留|核查|保证金|安全账户|监管账户|资产冻结"
)
#: the reader reported the case, or is asked in to a counter: a real station's or court's notice
_COMPLAINANT = re.compile(
    "(?:你|您)(?:的)?报案|(?:你|您)报的案"
    "|(?:到|来|去)[^你您]{0,8}?(?:大厅|窗口|所里|柜台|服务中心)(?:领取|办理|登记)"
    # the agency's own channel named: "请登录诉讼服务平台查看", "交管12123"
    "|诉讼服务|12368|12123|政务服务|官网|公众号|携带"
)
#: an agency's "notice" with a stranger's link: something of yours expires or is frozen unless
#: you click ("【医保】您的医保账户异常即将冻结，点击…解除")
_LINK_THREAT = re.compile("冻结|停止|停用|注销|过期|异常|失效|作废")
_LINK_ACT = re.compile("点击|激活|解除|登录|认证|办理")
#: an agency's card, account or licence named ("您的医保卡", "社保账户")
_AGENCY = re.compile("(?:社保|医保|公积金|税务|个税|驾驶证|驾照|身份证|电话卡|手机号)")
_POLICE_SEVERE = re.compile("安全账户|监管账户|保护账户|核查账户|清查账户|保证金")
#: the reader's line or account to be cut off at a deadline ("您的号码将于2小时后停机"): with
#: an agency claimed and a key to press, a call put through to a "专员"
_CUT_OFF = re.compile(
    "(?:号码|手机号|电话卡|手机卡|号卡|账户|宽带)[^。]{0,12}?(?:停机|停用|停号|注销|冻结|封停|暂停)"
)
#: money moved into an "account" kept by the state ("把资金转入国家安全账户"): told, not warned of
_SAFE_TRANSFER = re.compile(
    "(?:转|汇|存|打)(?:入|到|进|至)[^，。]{0,10}?(?:安全账户|监管账户|保护账户|核查账户|清查账户|指定账户)"
)
#: …unless denied just before it ("不要转入…安全账户") or anywhere as no such thing ("所谓")
_NOT_SO = re.compile("不要|别|不会|没有|不存在|哪有|哪来|不用|无需|什么|勿")
_NAMED_AUTHORITY = re.compile(_AUTHORITY)
#: a cut-off within hours, a key pressed (a voice call's menu, not a text's 回复1), and not
#: the reader's own unpaid bill (欠费停机)
_DEADLINE = re.compile("[0-9一二两三四五六七八九十]+(?:个)?小时|今天|今日|即将|马上")
_PRESS_KEY = re.compile("按[0-9一二三四五六七八九零]")
_OWN_BILL = re.compile("欠费|余额不足|话费|缴费|充值")
#: an app of the caller's own to install, to "protect" the reader's money
_OWN_APP = re.compile("(?:下载|安装)[^。]{0,8}?(?:app|软件|程序)")
_MONEY_GUARD = re.compile(
    "资金(?:保护|核查|清查|检测|安全检测)|保护(?:你|您)?的?(?:资金|存款)|(?:账户|资金)(?:存在|有)[^。]{0,4}?风险"
)
#: the real anti-fraud app a station asks everyone to install
_REAL_APP = re.compile("反诈中心app|反诈app|国家反诈中心(?:的)?(?:app|软件)|应用商店|应用市场")
_NO_SUCH = re.compile("所谓|什么|不存在|哪有|哪来|根本")
#: something forbidden found in the reader's parcel ("包裹里查出18张银行卡", "快递内含毒品")
_CONTRABAND = re.compile(
    "(?:包裹|快递|邮件|邮包|行李)[^。]{0,10}?(?:查出|搜出|发现|内含|里有|里面有|藏有|夹带|含有)[^。]{0,6}?"
    "(?:毒品|冰毒|违禁|银行卡|身份证|护照|枪|管制)"
)

# ---- 客服 --------------------------------------------------------------------------------
#: a platform named as the speaker ("我是淘宝的"): not in the quick first look (``_ANY``), where
#: every 拼多多 share text would name it; an opener that names one speaks to 你 or 您
_PLATFORM = "淘宝|天猫|京东|拼多多|抖音|快手|支付宝|美团|唯品会|闲鱼|得物|小红书"
_SERVICE_ROLE = (
    "客服|售后|理赔专员|理赔员|理赔部|理赔中心|退款专员|快递|驿站|航空|保险公司|店铺|卖家|商家|物流"
    "|顺丰|中通|圆通|申通|韵达|菜鸟|邮政|ems|官方|人寿|保险"
)
_SERVICE = _SERVICE_ROLE + "|" + _PLATFORM
_SERVICE_CLAIM = re.compile(
    _CLAIM.format(_SERVICE) + "(?!说|让我|叫我|帮我|给我|打电话|告诉我|回复我|跟我|问我|员)"
    "|我们(?:的)?(?:店|店铺|商家|商城|平台|公司|仓库|网点|直播间)|(?:我们|系统)检测到"
    # a shop's own way of speaking to a buyer ("亲，你的订单…")
    "|^亲(?!爱|戚|人|自|眼|身|手|们|友)"
)
#: money offered back, or a charge to be stopped, that the reader never asked about
_REFUND = re.compile(
    "退款|退全款|全额退|退回(?:给)?(?:你|您)|退钱|退你|退您|理赔|赔付|赔偿|赔你|赔您|赔给|赔钱|补偿|召回|丢失|丢了|丢件|弄丢|遗失|破损|质量问题|不合格|超标"
    "|扣费|扣款|扣钱|扣除|自动扣|要扣|将扣|会扣|年费|自动续费|误开通|开通了[^，]{0,6}?(?:服务|会员|权限|月付|借)|代理商|商家版|收款功能|保证金不足"
    "|延误|航班取消|退保|退费|关税|冻结|异常|分红|没领|未领|退给(?:你|您)|多(?:交|缴|付|扣|收)了"
    "|退改签|改签|被取消|违规|封号|封禁|遗留|落下了|税费|重复(?:支付|扣款|扣费|付款)|多扣|多收|地址不详|无法(?:投递|派送)"
)
#: the reader's payment account probed, the step before a refund "to" it ("支付宝还在用吗",
#: "微信能正常收款吗", "用的哪家银行的卡")
_PAY_PROBE = (
    "(?:支付宝|微信|银行卡|信用卡|花呗|借呗|零钱|收款码)[^，]{0,4}?(?:还在用|在用吗|还用吗|能用吗|能收款|能正常|正常吗|正常使用"
    "|是否正常|开通了吗|开通没|有没有开通|有开通)|用的(?:是)?(?:哪个|哪家|什么)(?:银行|支付)"
    # or its balance asked ("你那边支付宝的余额是多少")
    "|余额(?:大概|还|现在)?(?:是|有)?多少"
)
#: …handled anywhere but the platform: a private chat, a group, an app, the card's number
_SERVICE_MOVE = re.compile(
    "加(?:一下|下|个)?(?:我|您|你)?的?(?:微信|qq|好友|客服|售后|专员|v(?![a-z]))"
    "|加(?:一下|下|个)?[^，]{0,4}?(?:专员|售后|客服)的?(?:微信|qq|好友)|添加|扫码|进群|群发|理赔群|下载|补缴"
    "|银行卡|卡号|支付宝账号|预留手机号|账号发|(?:支付宝|微信|收款码)(?:号|账号)?发我|缴纳|先交|手续费|保证金"
    "|方便通话|方便接电话|方便加|现在方便"
    "|(?:在|去|打开)(?:支付宝|微信|银行app|手机银行)[^，]{0,4}?(?:操作|设置|申请|开通)"
    "|加[^，]{0,4}?(?:微信|qq|好友|v(?![a-z]))|屏幕共享|共享屏幕|会议号|腾讯会议|视频会议|联系我"
    "|帮(?:您|你)关|教(?:您|你)(?:怎么)?(?:关|取消|注销|操作)|请勿挂机|不要挂机|别挂"
    "|(?:按|照)(?:照)?我说的|跟着我(?:操作|做|点)|下(?:个|一个)(?:app|软件)|远程(?:帮|协助|操作|指导|控制)"
    "|点(?:击)?链接|点击领取|(?:发|给)(?:您|你)?(?:个|一个)?[^，]{0,2}?链接|按(?:提示|步骤)|需要(?:您|你)(?:支付|付)|提供[^，]{0,4}?(?:支付宝|银行卡|卡号|账号)|收款码|收款账号"
    "|配合(?:操作|关闭|取消|处理|我们)|联系(?:客服|售后|专员|人工)|通道|帮(?:您|你)(?:关闭|取消|关掉|关了|退订|注销)|验证"
    # the refund's way probed: which of the reader's payment accounts the money can be "sent" to
    "|" + _PAY_PROBE
)
#: a fault of the platform's own, the pretext for money sent back unasked ("系统升级导致重复
#: 投保", "工作人员操作失误", "订单异常重复扣款")
_OWN_FAULT = re.compile(
    "系统(?:升级|故障|错误|出错|问题|异常|漏洞|bug|原因)|(?:工作人员|员工|后台|我们)[^，]{0,4}?(?:失误|操作错|弄错|搞错)"
    "|重复(?:投保|扣款|扣费|支付|付款|下单|开通|收费)|误(?:操作|开通|设置|扣|收)|多(?:扣|收)了"
)
#: …and a call the reader is told to wait for or take (a script goes on by phone)
_CALL_PRIME = re.compile(
    "留意(?:来电|电话)|注意接听|保持(?:电话|手机)畅通|(?:稍后|马上|待会|一会)[^，]{0,6}?(?:致电|来电|打给|联系)(?:您|你)"
)
#: the platform's own channel named: a real notice ("可在东航APP或官网免费改签")
_OFFICIAL_WAY = re.compile("官网|官方app|app内|app里|在app|app上|官方客服电话|官方渠道")
#: the reader's own order or parcel named ("您购买的…", "你的快递…")
_ORDER = re.compile(
    "(?:你|您)(?:之前|前几天|上周|上个月|最近|前段时间|昨天)?(?:的|购买的|买的|在我们|下单的|寄的|寄出的)[^我]{0,6}?(?:订单|快递|包裹|机票|航班|商品|宝贝|货|退款|理赔款|赔偿款|赔付金)"
    # the buyer named by the purchase: "你在我们店买的奶粉"
    "|(?:你|您)(?:之前|前几天|上周|最近)?在(?:我们|我|本)(?:店|店铺|家|平台|直播间)[^我你您]{0,4}?(?:买|购买|拍|下单)的"
    # a time and the purchase, whatever was bought: "你上个月买的儿童玩具"
    "|(?:你|您)(?:之前|前几天|上周|上个月|前段时间|最近|昨天)(?:购买|买|拍|下单)的"
    # or by the fault found in it: "你买的那款面膜抽检没过"
    "|(?:你|您)[^，我]{0,6}?(?:购买|买|拍)的[^我]{0,6}?(?:抽检|质检|检测|检验)"
)
#: …asked of the reader ("请加客服QQ", "需要您扫码"), not advised ("可以加…问问")
_ASKED = re.compile("请|需要(?:您|你)|麻烦(?:您|你)|(?:您|你)需要")
#: …and a private way to fix it (not the platform's own)
_PRIVATE_MOVE = re.compile(
    "(?:加|联系|添加)[^，]{0,6}?(?:微信|qq|v(?![a-z]))|扫码|进群|下载|屏幕共享|共享屏幕|会议号"
)
#: the writer pays the reader back ("赔你三倍", "给您退"): said by the one who pays
_WRITER_PAYS = re.compile(
    "(?:赔|退)(?:给)?(?:你|您)|给(?:你|您)(?:[0-9一二两三四五六七八九十]+倍|双倍|全额)?的?(?:退|赔|补偿|理赔)"
)
#: a charge the writer offers to stop ("每月要扣2000，我帮您取消")
_CANCEL_OFFER = re.compile("帮(?:您|你)(?:关闭|取消|关掉|关了|退订|注销)")
_CHARGE = re.compile(
    "扣费|扣款|扣钱|扣除|扣[0-9一二两三四五六七八九十百千]|续费|年费|收费|月费|产生[^，]{0,2}?费"
)
#: a service the reader never opened, the pretext of the "cancel it" script
_UNOPENED = re.compile(
    "学生认证|学生身份|学生账户|学生账号|学生会员|百万保障|百万医疗|代理商|代理会员|商户|商家版|商家会员|误开|月付|先用后付"
    "|开通(?:了|的)[^，]{0,8}?(?:服务|会员|借|贷|保险|业务)"
    "|(?:升级|注册|设置|开通)(?:成|为)了?(?:代理|商家|商户)"
)
#: compensation beyond the price, from whoever pays ("给你退款加500补偿", "三倍赔付")
_EXTRA = re.compile(
    "[0-9一二两三四五六七八九十]+倍|双倍|加[0-9一二两三四五六七八九十百千]+(?:元|块)?(?:的)?(?:补偿|赔偿)"
)
_CREDIT_THREAT = re.compile("(?:影响|上报|上|纳入)(?:你|您)?的?征信")
_STOP = re.compile("取消|关闭|关掉|关一下|注销|处理|退订")
_OWN_WAY_OR_IF = re.compile("登录|官网|官方app|柜台|网点|如果|要是")
_PRIVATE_ASK = re.compile("加[^，]{0,6}?(?:微信|qq|v(?![a-z]))|扫码|进群|下载|方便加")
#: a fee asked of the reader ("需要补缴税费才能放行，付款方式我发您")
_FEE_ASK = re.compile("补缴|缴纳|付款方式|支付[^，]{0,4}?费")
#: the reader's money frozen, and unfrozen by following the writer ("请按客服指引操作解冻")
_FROZEN_FIX = re.compile("冻结[^。]{0,12}?(?:按[^，]{0,6}?(?:指引|提示|步骤)|操作解冻)")
#: compensation to be collected on a private chat, whoever is spoken to ("快递理赔，加微信领赔偿")
_COLLECT_PRIVATE = re.compile(
    "(?:加|添加)[^，]{0,4}?(?:微信|qq|v(?![a-z]))[^，]{0,2}?领(?:取)?(?:赔偿|理赔|退款|补偿|赔付)"
)
#: a deposit to restore an account ("缴纳保证金可解封")
_DEPOSIT_TO_RESTORE = re.compile("(?:缴纳|交)[^，]{0,4}?保证金[^，]{0,4}?(?:解封|解冻|恢复|解除)")
#: an organisation that will pay the reader ("我们要给您赔偿")
_WE_PAY = re.compile("我们(?:要|会|将|这边)?(?:给|赔)(?:您|你)")
#: money offered back in so many words
_OFFER_BACK = re.compile(
    "退款|退全款|全额退|退钱|退你|退您|理赔|赔付|赔偿|赔你|赔您|赔给|赔钱|补偿|退还|退费"
)
#: the reader told to do something ("需重新填写并支付…", "请…")
_TOLD_TO = re.compile("请|需|麻烦(?:您|你)|(?:您|你)(?:要|得)")
#: the reader told nothing is needed of them ("无需任何操作", "不用联系任何人")
_NEEDS_NOTHING = re.compile(
    "无需(?:您|你)?(?:任何|额外|进行)?操作|不需要(?:您|你)?(?:任何|做任何)|无需(?:联系|添加)"
)
#: the one reader spoken to (not "亲们", a shop's word to everyone)
_READER = re.compile("你|您|^亲(?!们)")
_SERVICE_SEVERE = re.compile("(?:缴纳|先交|交)[^你您]{0,4}?(?:保证金|手续费)")

# ---- 贷款 --------------------------------------------------------------------------------
# An ad sells money to strangers: how it is sold (fast, easy, cheap, whatever the record) and
# a way in (私聊, v我, 有意者联系), or the hook said by whoever offers it ("需要资金周转吗").
#: how the money is sold
_LOAN_OFFER = re.compile(
    "无抵押|免息|零利息|秒批|秒下|秒到|当天(?:放款|到账|下款|下|到|拿钱)|(?:没有|无)(?:任何)?门槛|零门槛|不上征信|[一二三两0-9](?:天|分钟)(?:到账|下款)"
    "|(?:[0-9一二两三四五六七八九十几]+|半)(?:个)?小时(?:放款|到账|下款)|下款快|包下款|手续简单"
    "|放款快|审批快|批得快|额度高|大额|(?:都|也)可以(?:贷|借|办|下)"
    "|利息很?低|低息|低利息|利率低|手续费很?低|少量服务费"
    "|不看(?:征信|流水|大数据)|不查(?:征信|信用)|无视(?:征信|逾期)|黑户|白户|黑了也能|也能(?:借|贷|下|做)"
    "|都能(?:借|贷|下|做)|只要身份证|凭身份证|有身份证就|身份证就(?:行|能|可以)|只看身份证|不用父母"
    "|无需担保|不用担保|免担保|不押车|不押房|资质不错|资质好"
    "|(?:可以)?帮(?:你|您)开通|代开|强开|开通(?:花呗|白条|分付|借呗)"
    "|内部口子|口子|停息挂账|减免(?:罚息|利息)|网贷上岸|修复征信|征信修复|套现"
    "|内部(?:渠道|通道)|特殊渠道|无需面签|免面签|不用面签|不面签|只需芝麻分|芝麻分[0-9]+|花户"
    "|(?:征信|负债|逾期|被拒)[^，]{0,6}?(?:都不要紧|不要紧|没关系|不怕|也没事|都没事|都不是问题)"
    "|(?:找我|帮你|帮您|可以)修复|消除(?:逾期|记录|征信|不良)|洗白|无息|只需学生证|只需|不用告诉(?:家长|父母)"
    "|也能办|都能办|不管征信|不论征信|征信好坏|不管(?:有没有)?逾期"
    "|停止催收|停催|协商还款|延期还款|做流水|包装(?:资料|流水)|额度翻倍|就能(?:贷|借|下款|拿钱)|整合债务|债务(?:整合|优化|重组|规划)|一次性结清|零首付"
)
#: what only an ad promises: credit whatever the record ("凭身份证就能借", "黑户也能下")
_STRONG_OFFER = re.compile(
    "无抵押|秒|黑户|白户|花户|身份证|仅凭|只凭|凭一张|不看|不查|无视|不用父母|也能|都能|口子|停息挂账|套现|担保|代开|强开|不押"
    "|包装|做流水|面签|芝麻分|门槛|不上征信|不要紧|没关系|不怕|没事|不是问题|只需|不用告诉|消除|洗白"
    "|也行|包下|包过|包批|包办|不成功不收费"
)
#: money asked of the reader before the credit, card or debt relief is delivered ("先交工本费",
#: "先付咨询费就行", "办之前交2000押金"): no lender, card issuer or debt adviser asks it first
_FEE_BEFORE = re.compile(
    "先(?:交|缴|付|转|打)[^，]{0,6}?(?:费|钱|押金|保证金|定金|利息)"
    "|(?:费|押金|保证金|定金)[^，]{0,4}?先(?:交|缴|付|转)|(?:交|缴|付)[^，]{0,6}?(?:费|押金|保证金)(?:就行|就可以|即可|才能|后)"
)
#: a bank's own way named: a member's advice, not an ad ("去银行APP看看")
_BANK_WAY = re.compile(
    "银行app|正规银行|去银行|到银行|在银行|银行柜台|官方app|房贷|车贷|到店|公积金贷款|助学贷款|员工|人事"
    "|居委会|街道|(?:到|去)[^，]{0,8}?(?:咨询|办理|申请)"
)
#: what an ad sells: money itself (not a car or a sofa "可分期")
_AD_GOODS = re.compile(
    "贷|借钱|借款|能借|可借|放款|下款|额度|口子|拿钱|停息挂账|网贷|套现|提现|校园分期|减免(?:罚息|利息)|征信"
    "|资金(?:需求|周转)|周转|持牌|债务|负债|学生分期|学生贷|最高(?:借|贷|可借|可贷)|借[0-9]|催收"
    "|借给|可借|借到|要钱|用钱|提现|信用卡|有资金|也能下|都能下|能下款|弄一笔|(?:搞|弄)(?:点|些)?钱|[0-9一二三四五六七八九十.]+厘"
)
#: a selling point of lent money, in any words: its price, size, speed or ease
_SELLING_POINT = re.compile(
    "利息|月息|年化|[0-9一二三四五]厘|免息|随便用|很方便|百分百|包(?:下|过)|渠道|纯信用|抵押|提额|大额"
    "|延期|快速|分分钟|最高[0-9一二三四五六七八九十百]+万|[0-9]+(?:到|至)[0-9]+|仅凭|凭一张|到账|下款|放款|秒|好商量"
    "|正规(?:机构|平台|公司|渠道)|额度[^，]{0,4}?(?:高|大|随|[0-9一二三四五六七八九十百千万])|[0-9一二三四五六七八九十百千万]+(?:元|块)?的?额度|好说|被拒|[0-9几十百]+倍"
)
#: the writer offers it ("我这有个渠道", "本人有资金", "来我这里", "有意向的留言")
_OFFERER = re.compile(
    "我们|我这|来我|我司|本公司|找我|私我|私聊|私信|我可以|我能|本人|我有|了解的来|有意向|留言|联系|中介|扣我|加我"
    "|团队|(?:可以)?帮(?:你|您)办|回我"
)
#: …to whoever needs money ("手头紧的朋友", "谁需要借钱", "还不上网贷的")
_AUDIENCE = re.compile(
    "需要|缺钱|没钱|手头紧|急用|用钱|的朋友|谁要|有意|意向|还不上|被拒|想要钱|要钱|的来|的可以|都可以|缺资金|周转"
    "|(?:你|您)在群里问|看(?:你|您)(?:在群里)?(?:问|说|需要)"
)
#: a member who seeks money or advises, rather than sells it
_SEEKER = re.compile(
    "借我|能借我|哪里(?:能|可以)?借|谁知道|求推荐|求助|我想(?:借|贷)|想借点|有没有(?:人|朋友)|问一下|请问"
    "|别找|不要找|别碰|不要碰|建议|真没钱|没钱了|我去年|我刚"
    # a neighbour's own favour to the one reader ("我可以先借你，不要利息")
    "|借(?:给)?你(?!们)"
)
#: the writer lends for a living ("我是贷款中介小王"): the ad, whatever bank it names
_LENDS_FOR_A_LIVING = re.compile(
    "(?:我是|我这边是|这里是|这边是|我们是)[^你您我]{0,6}?(?:金融|信贷|贷款|中介|放贷|小贷)"
    "|(?:我|我们)(?:这边|这里)?(?:是)?(?:专门)?做[^你您我]{0,6}?(?:贷款|信贷|金融|借贷)"
)
#: a loan itself named (not money in general)
_LOAN_ITSELF = re.compile("贷款|借款|下款|放款|网贷|口子|额度|借钱")
#: a private way in, not a public one
_PRIVATE_INVITE = re.compile("私聊|私我|私信|加我|v我|扣1|加(?:个|一下)?(?:微信|qq|v(?![a-z]))")
#: a member asking for a loan, not selling one ("有没有黑户也能下的？")
_ASKING = re.compile("有没有|吗|哪里|哪个|哪家|谁知道|谁有|求推荐|求助|请问|么")
#: who offers it speaks ("我们平台", "我这边", "找我")
_PROVIDER = re.compile("我们|我这|来我|我司|本公司|找我|私我|我可以|我能")
#: the ad's hook to strangers ("需要资金周转吗", "缺钱的朋友")
_HOOK = re.compile(
    "需要资金|资金需求|资金周转|缺资金|缺周转|(?:需要|要)周转|周转的|缺钱|急用钱|急需用钱|需要借钱|需要贷款|需要钱|要钱的|想借钱|想贷款|有需要|需要的"
    "|要的扣|有意向|(?:逾期|缺钱|负债|网贷)[^，的]{0,2}的朋友|(?:贷款|借款|用款)需求|(?:逾期|负债|缺钱)的(?!话)"
    "|为钱(?:发愁|犯愁)|(?:借钱|贷款|用钱|缺钱|下款)(?:就|请|可以)?找我|(?:征信|信用)(?:有问题|不好|花了|黑了)"
    "|(?:可以)?帮(?:你|您)(?:修复|处理|解决|下款|贷|减免|包装|协商|停催|上岸|延期|洗白|消除)"
)
_LOAN_WORD = re.compile(
    "贷|借|提额|信用卡|下款|放款|额度|周转|缺钱|用钱|拿钱|口子|征信|网贷|停息挂账|分期|资金|利息|备用金|预授信"
)
#: …and a private way in
_INVITE = re.compile(
    "私聊|私我|私信|加(?:个|一下)?(?:微信|qq)|扣1|找我(?:就|即|吧|私|详|$)|详聊|联系我|需要的加|要的加|加我"
    "|滴滴我|点我头像|看我头像|需要的私|要的私|有意者|v我|私$|方便聊聊|回复我|点(?:击)?链接|点击(?:领取|申请)|欢迎(?:咨询|来电|联系)|扫码|下载app|回我"
    # a number left for it ("电话同号", "微信同号", "电话：138…")
    "|同号|(?:电话|手机|微信|qq|v)(?:号)?[0-9]{5}"
)
# A lender's "notice" out of the blue: a credit line won or raised, a loan approved, a student
# account to close, a fee "to be refunded" — taken to a private chat, an activation, a fee.
_LENDER_CLAIM = re.compile(
    "(?:我是|我这边是|这里是|这边是|我们是|我们这边是|这是)[^你您我]{0,10}?"
    "(?:金融|信贷|贷款|小贷|消费贷|银保监|银监|分期|客户经理|借呗|微粒贷|金条|花呗|白条|借款平台|网贷平台"
    "|贷的?(?:客服|专员|工作人员))"
    "(?!说|让我|给我|帮我)|我们(?:的)?(?:平台|公司)"
)
#: the lender's own way named, or the notice only conditional: a member's advice or a real
#: notice ("请登录学信网办理", "额度不够的话可以…")
_LENDER_OWN_WAY = re.compile("登录|官网|官方app|柜台|网点|的话|如果|要是")
_LENDER_NOTICE = re.compile(
    "(?:你|您)(?:的|有|在|之前|申请|名下|获得|已获|可获|资质|获批|已获批)[^我]{0,12}?"
    "(?:提额|额度|预授信|备用金|待领取|注销|校园贷|学生账户|征信|冻结|逾期|审批通过|批下来|批了|解冻|借款|网贷"
    "|没结清|未结清|可提现|借的款|贷的款|利息|利率|贷款|贷[0-9一二两三四五六七八九十几])"
    "|可以(?:给(?:你|您))?(?:贷|借|批)[0-9一二两三四五六七八九十几]"
    # a fee of a card or a loan "to be refunded" ("您的信用卡有一笔分期手续费可以退还")
    "|(?:信用卡|借呗|花呗|白条|分期|网贷|贷款)[^我]{0,10}?(?:可以退|退还|退回|返还)"
    "|需要(?:您|你)(?:重新|配合)?(?:认证|验证|注销|激活)"
)
#: …with a threat to the reader's credit, or a private channel no lender's notice gives
_LENDER_PRESS = re.compile(
    "影响(?:你|您)?的?征信|上征信|纳入征信|否则|不然|逾期将|加客服|联系客服|点击[^，]{0,4}?链接|下方链接|加[^，]{0,4}?(?:微信|qq)|加我|微信群|qq群"
    "|下载[^，]{0,6}?(?:app|软件)|卡背面|背面(?:的)?三位|三位数|安全码|cvv"
    "|联系(?:在线)?(?:客服|专员)领取|配合(?:我)?操作|按(?:我的)?步骤|帮(?:你|您)操作|聊聊"
)
_LENDER_MOVE = re.compile(
    "加[^，]{0,4}?(?:微信|qq)|加我|聊聊|帮(?:你|您)操作|激活|方便说话|方便通话|配合|提供|卡背面|三位数|先交|先往"
    "|先存|会员费|保证金|注销|解冻金|解冻费|保险|流水验证|还款验证|重新认证|微信群|领取|帮你处理|帮您处理|服务费"
    # lower interest offered on the reader's loan, done in an app the lender sends them to
    "|降息|降低利率|调低利率|利息减免|下载"
)
#: a membership or fee that stands between the reader and the money ("开通会员后即可提现")
_MEMBER_GATE = re.compile(
    "(?:开通|激活|办理|购买|充值)[^，]{0,4}?会员|会员费|(?:交|缴|付)[^，]{0,4}?费"
    "|(?:手续费|服务费|工本费|解冻金)[^，]{0,6}?(?:就能|即可|才能|后)"
)
#: a credit score too low, raised by money paid in ("信用分不足，需转账提高信用分")
_SCORE_BOUGHT = re.compile(
    "(?:信用分|信誉分|信用值|信用评分|芝麻分|流水)[^。]{0,8}?(?:不足|不够|太低|过低|偏低)[^。]{0,16}?"
    "(?:转账|转一笔|转[0-9一二两三四五六七八九十百千]|存入|存一笔|充值|刷)"
)
#: a bank's record faked for the reader ("我找人帮你刷流水，银行马上批")
_FAKED_RECORD = re.compile(
    "(?:帮(?:你|您)|给(?:你|您)|找人|认识人|有人)[^。]{0,6}?(?:刷|做|包装|美化)[^，。]{0,3}?流水"
    "|(?:帮(?:你|您)|给(?:你|您)|找人|认识人|有人)[^。]{0,4}?把?(?:你的?)?流水(?:做|刷|包装|美化)"
)
#: a go-between paid to get the loan through ("过桥费一万，保证你贷下来")
_BRIDGE_FEE = re.compile(
    "过桥(?:费|资金|钱)[^。？?]{0,12}?(?:保证|包|就能|就可以|给|交|付|[0-9一二两三四五六七八九十百千万])"
)
#: a member who asks or warns
_SEEKER_OR_ASKS = re.compile("什么|吗|听说|谁|怎么|哪|别|不要|千万")
#: money asked before the loan is paid out
_LOAN_SEVERE = re.compile(
    "(?:先交|先缴|先付|先往|先存|交)[^。]{0,10}?(?:保证金|会员费|解冻金|解冻费|保险|手续费|服务费|就能借|才能放款)"
    "|解冻金|解冻费|(?:流水|还款)验证"
)

# ---- 领导、熟人 --------------------------------------------------------------------------
#: a superior who says who he is ("我是王总", "我李局", "你领导我", "我是你们财务总监老孙")
_SUPERIOR = re.compile(
    r"(?:我是|我系|是我|我)(?:你们?的?|你哋)?[^我你他们]{0,6}?(?:总|董|局|主任|处长|领导|书记|厂长|经理|总监|校长|老板)"
    r"(?![是觉要会得在说能算里长子面势让叫])|你领导我|你们?(?:的)?领导我"
    # the title in full ("我是你们王局长", "我是李处长"): a name of at most two characters first
    r"|(?:我是|是我)(?:你们?的?)?[^我你他们]{0,2}?(?:局长|处长|科长|院长|所长|部长|行长|董事长|总经理)(?![是觉要会得在说能算里子面势让叫])"
    # "我刘总 在外面", "我是你们刘总，在外面谈业务": a name and the title, whatever follows
    r"|(?:我|我是(?:你们?的?)?)[^我你他们家也都就还又总一这那][总董局](?![是觉要会得说能算里长子面势让叫结共])"
)
#: …or signs it ("…别在大群说 —— 赵总"): counts only with a move to a new group or account
_SIGNED_SUPERIOR = re.compile(r"[^给和跟找问让叫向与被]\w?(?:总|董|局长|主任|经理)$")
#: a relative, friend or teacher who says who they are ("我是你舅舅", "哥我小军", "妈我是小宝")
_KIN = re.compile(
    r"(?:我是|我系)(?:你|您)(?:们)?(?:的)?[^我]{0,4}?(?:舅|姑|叔|伯|姨|婶|嫂|哥|姐|弟|妹|侄|外甥|表|堂|儿子|女儿|爸|妈"
    r"|同学|室友|老乡|战友|辅导员|老师|班主任)"
    r"|我是[^我你]{0,6}?(?:老师|班主任|辅导员|房东|老同学|老战友|家长)"
    r"|^(?:喂|嗨|哈喽|在吗)?[\u4e00-\u9fff]?(?:哥|姐)(?:是我|我是|我)[^你]"
    r"|^(?:喂|嗨|哈喽|在吗)?(?:哥|姐|妈|爸|老公|老婆|亲爱的|舅舅|姑姑|叔叔|阿姨|舅|姨|老同学|同学|宝贝|儿子|女儿)"
    r"(?:是我|我是|我)[^你]"
    r"|(?:舅|姑|叔|伯|姨|哥|姐)我是(?:你)?[^你]{0,3}?(?:外甥|侄|弟|妹|小)"
    r"|(?:老同学|老朋友|老乡|老战友|老同事)[^我你]{0,6}?(?:是我|我是)"
    r"|^(?:喂|嗨|哈喽|在吗)?(?:老战友|老同学|老朋友|老班长|老伙计)"
    r"|我是[^我你]{0,6}?(?:舅|姑|叔|伯|姨|婶)[^我你]{0,2}?家的"
    r"|我是[^我你]{0,2}?(?:叔叔|阿姨|伯伯|舅舅|姑姑|婶婶|大伯|大爷)"
    r"|听出来我是谁|听不出来|猜猜?我是谁|还记得我吗|(?:表姐|表哥|表弟|表妹|舅舅|姑姑|小姨|二姨|大姨|堂哥|堂姐)$"
)
#: a teacher, counsellor or head teacher (a fee for the class in a new group, by a QR code)
_TEACHER = re.compile("老师|班主任|辅导员|校长|园长")
_TEACHER_CLAIM = re.compile(
    r"我是[^我你]{0,8}?(?:老师|班主任|辅导员)|(?:班主任|辅导员)\w{0,4}老师$"
)
#: a superior's order relayed to the reader ("王总让你加一下这个QQ", "老板说…让我通知你先转")
_RELAYED = re.compile(
    r"(?:[\u4e00-\u9fff]总|领导|老板|经理|主任|处长|局长|校长|董事长)(?:[^我你]{0,10}?)(?:让|叫|要)(?:你|您)"
    r"|(?:[\u4e00-\u9fff]总|领导|老板|经理)说[^你]{0,12}?让我(?:通知|告诉)(?:你|您)"
    r"|(?:[\u4e00-\u9fff]总|领导|老板|经理|主任)[^我你]{0,12}?(?:让|叫|要)我(?:通知|告诉|转告|跟)(?:你|您)"
)
#: the reader's own old address: a new account, a borrowed phone, a "private" number
_NEW_ACCOUNT = re.compile(
    "新号|换号|换了号|换了个号|换了个新号|新换的|刚换的|新的?微信|新的?qq|号码换|换手机号|新手机号|小号|私人号"
    "|手机号换了|号换了|私人微信|私人qq|工作号|另外(?:一个|的)(?:微信|号|qq)|另一个(?:微信|号|qq)|(?:这|呢)个(?:qq|微信|号)"
    r"|手机(?:掉|丢|坏|摔|没电|被偷|欠费|停机|进水|被扣)|借(?:的)?(?:别人|同学|朋友|同事|室友|路人)的"
    r"|(?:同学|朋友|别人|室友|同事|邻居)的?(?:号|手机)|微信被封|号被封|号被盗|旧号作废|旧号不用"
    r"|新加(?:了)?(?:你|您)"
)
#: a new group the reader is moved to ("拉你进个钉钉群", "家长群换了，扫码进新群")
_NEW_GROUP = re.compile(
    "新群|群换了|扫码进|缴费群|收费群|进群(?:缴|交|付)|新的?[^，群]{0,4}?群|进新|新的群|加入新|拉你进|拉您进|进个[^群]{0,4}群|进一个[^群]{0,4}群"
)
_HELP = re.compile(
    "帮(?:我|你)?(?:个|一个)?忙(?!把)|找你帮忙|帮我办|有事找你|有(?:点|个|件)事(?:找你|想麻烦|要你|需要你|跟你说|交代)"
    "|有事交代|有(?:个|件)?(?:重要|要紧)的?事|需要你(?:准备|办|处理)|想麻烦你|麻烦你(?:个|一)|(?:想)?请你帮(?:个)?忙|(?:需要|要)你帮忙|有(?:个|件)私事"
)
_URGENT = re.compile(
    "急事(?!就|再|可以|的话|打|时|请)|急需|遇到(?:点|了|些)?事|应急|救急|闯祸|闯了祸|惹事|惹祸|惹了事|急用|着急用|速回|很急|挺急|遇到(?:点|了)?(?:麻烦|困难|难处|难事)|有(?:点)?难处|出了(?:点)?(?:事|状况|问题)|出事了|车祸|住院"
    "|紧急|受伤|手术|(?<![不别着])急$|还差(?:一点|一些|点|些)|回不来|被冻结|被扣|被困|没带钱|抢救"
)
#: money asked of the reader, for the writer or someone else (not "转给你了", "转给房东了")
_MONEY = re.compile(
    r"借我|转我|给我转|(?:先|帮我|帮忙)转(?!发)(?![^钱款]{0,6}(?:链接|助力|砍|消息|文章))|帮我垫|垫付|垫一下|先垫|打给我|汇给我|帮我打|帮我汇|帮我付|先付"
    r"|(?:转|打|汇)(?:到|给|进)(?:这|他|她|客户|供应商|对方|我朋友|我同学|我的|我新)|把(?:那|这)?笔(?:钱|款)"
    r"|给(?:客户|供应商|对方|他|她|我朋友)(?:先)?(?:转|打|汇)"
    r"|笔款|急款|过数|客户款|(?:把|那笔|这笔)货款|借(?:点|些)钱|借[0-9一二两三四五六七八九十百千万几]+"
    r"|(?:一|这|那)笔[^，。]{0,8}?(?:付款|汇款|转账)"
    r"|(?:急需|急用|要|凑)[0-9一二两三四五六七八九十百千几]+(?:块|元|万|千)"
    r"|转[0-9一二两三四五六七八九十百千几]+(?:块|元|万|千)?(?:过来|给我|到)"
    r"|手头(?:方便|宽裕|松)|方不方便借|能不能借|先借(?:点|些)|(?:还差|还缺)[0-9一二两三四五六七八九十百千几]+(?:块|元|万|千)"
    r"|(?:给|往|向)(?:这个|这|我的|我新的?)?(?:账户|账号|卡)(?:上)?(?:打|转|汇)"
    r"|给我(?:打|汇|转)[0-9一二两三四五六七八九十百千万几]"
    r"|(?:过两天|过几天|明天|下周|回头|到时|月底|发工资)(?:就|再)?还(?:你|您)"
)
#: a fee collected ("交资料费", "扫码缴纳"): a teacher's, with the money going to a person
_FEE = re.compile("(?:交|缴)[^你您]{0,6}?费|缴纳|费(?:每人|每位|一人)?[0-9]|[0-9]+元")
#: the money for a person, not the school or the company ("直接转我", "私下交")
_TO_PERSON = re.compile(
    "转我|转给我|转到我|我(?:的)?微信|私聊我|我个人|个人微信|私下|收款码|扫码(?:缴|交|付|支)"
)
_SECRET = re.compile(
    "(?:别|不要|千万别|先别|不能)(?:跟|和|告诉|让|在)[^说讲]{0,5}?(?:说|讲|知道)|别声张|不要声张|别告诉|不要告诉"
    "|先别问|别问了|别多问|不要问|别打电话|不要打电话|手机不方便|电话不方便|不要私下打电话|不方便(?:接|打)电话|不方便说话|在开会|微信(?:说|聊)|(?:微信|whatsapp)唔方便"
)
_THIRD = re.compile(
    "给客户|转给客户|俾客户|供应商|(?:给|转|打|汇)对方|对方(?:的)?(?:账户|账号|卡)|给我(?:的)?(?:朋友|同学|同事|亲戚|老乡)|账号发你|卡号发你|账户发你|发你(?:账号|卡号|账户)|新的账户|新账户|新卡"
    "|旧卡不用|收款(?:方|人)(?:的)?(?:信息|账户|账号|卡号)"
)
#: money needed, said without a sum ("急用钱"): asks only with a secret, a new number or a third
_NEED = re.compile(
    "急用钱|急需(?:用)?钱|急需[^，]{0,3}?钱|手术费|医药费|住院费|需要(?:用)?钱|缺钱|用点钱|钱不够|交罚款|交保证金|交押金|赔钱|要交[^，]{0,4}?(?:钱|款|费)"
)
_ADD_ME = re.compile("加(?:一下|下|个)?(?:我)?(?:的)?(?:这个)?(?:qq|微信|好友)|加我一下|先加我")
_CARD = re.compile("银行卡|卡号|身份证")
_DEPT = re.compile("财务部|人事部|行政部|财务处|人力资源部")
_PAY = re.compile("工资|补贴|奖金|社保|报销")

#: every concept of this module: id, stage, zh, en (for the verdict's explanation)
NAMES: tuple[tuple[str, str, str, str], ...] = (
    ("op_officer", "who", "自称公安、法院等机关", "claims to be police, a court or an agency"),
    ("op_accused", "why", "一开口就说你涉案", "opens by saying you are suspected of a crime"),
    ("op_misused", "why", "一开口就说你的证件、账户被人冒用", "opens by saying your papers were misused"),
    ("op_cooperate", "do", "要你配合调查", "wants you to 'cooperate with the investigation'"),
    ("op_press_key", "do", "要你按键转接", "wants you to press a key to be put through"),
    ("op_app_video", "do", "要你下载软件、单独开视频", "wants you to install an app or go on camera alone"),
    ("op_threat", "why", "威胁冻结、停机或拘留", "threatens a freeze, a cut-off or arrest"),
    ("op_call_officer", "do", "要你联系“办案人员”", "wants you to call 'the officer'"),
    ("op_call_back", "do", "要你尽快回电", "wants you to call back"),
    ("op_case", "why", "一开口就说你摊上了案子", "opens by saying you are in a case or sued"),
    ("op_rush", "do", "催你马上处理", "presses you to deal with it at once"),
    ("op_private", "do", "要你加私人微信、QQ", "wants you on a private WeChat or QQ"),
    ("op_link", "do", "要你点陌生网站的链接“激活”“解除冻结”", "wants you to click a stranger's link"),
    ("op_safe_account", "do", "要你把钱转到“安全账户”或交保证金", "wants money in a 'safe account' or a bail"),
    ("op_service", "who", "自称客服或理赔专员", "claims to be customer service or a claims agent"),
    ("op_refund", "why", "主动说要给你退款、赔钱或取消扣费", "offers a refund or compensation unasked"),
    ("op_service_move", "do", "要你私下配合操作", "wants it done off the platform"),
    ("op_scan_group", "do", "要你扫码进群", "wants you to scan a code into a group"),
    ("op_app", "do", "要你下载软件", "wants you to install an app"),
    ("op_card", "do", "要你的银行卡、账号", "wants your card or account details"),
    ("op_fee", "do", "要你先交保证金或手续费", "wants a deposit or fee paid first"),
    ("op_loan_offer", "why", "向陌生人放贷，号称“不看征信、秒批”",
     "offers loans to strangers 'regardless of credit'"),
    ("op_invite", "do", "要你私聊、加微信", "wants you in a private chat"),
    ("op_lender", "who", "自称贷款平台、银行的工作人员", "claims to be a lender"),
    ("op_lender_notice", "why", "主动说你的额度、借款或征信出了事", "brings up your credit line or loan unasked"),
    ("op_lender_move", "do", "要你加微信、激活或提供卡的信息", "wants a chat, an activation or card details"),
    ("op_loan_fee", "do", "放款前先要你交钱", "wants money before the loan is paid out"),
    ("op_superior", "who", "自称领导", "claims to be a superior"),
    ("op_kin", "who", "自称亲戚、老师或老熟人", "claims to be a relative, teacher or old friend"),
    ("op_relayed", "who", "转达“领导”的吩咐", "relays a 'superior's' order"),
    ("op_new_account", "do", "用新号或借来的手机联系你", "writes from a new or borrowed account"),
    ("op_money", "do", "找你要钱、让你转账或垫付", "asks you for money or a transfer"),
    ("op_third", "do", "要你把钱转给别人的账户", "wants the money sent to someone else's account"),
    ("op_secret", "do", "要你保密、别打电话", "wants it kept quiet, no calls"),
    ("op_urgent", "why", "说有急事", "says it is urgent"),
    ("op_family_trouble", "why", "说你的孩子或家人出了事，要你马上交钱",
     "says your child or family is in trouble and wants money at once"),
    ("op_new_group", "do", "拉你进新群", "moves you to a new group"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Opener:
    """A short text that opens one of the scripts: its category, why, and whether severe."""

    category: str
    concepts: tuple[str, ...]
    severe: bool


#: a quick first look: a text with none of these is no opener (most chat and share texts)
_ANY = re.compile(
    "你|您|亲|我是|这里是|这边是|"
    + _AUTHORITY
    + "|"
    + _SERVICE_ROLE
    + "|贷|借|额度|口子|征信|逾期|息|分期|资金|私聊|私信|钱|总|领导|老板|经理|老师|班主任|号|手机|转|垫|款|群|老公|老婆|妈|爸"
    "|哥|姐|舅|姨|战友|同学|手术费"
)


def candidate(folded: str) -> bool:
    """Whether ``folded`` is of an opener's length and names anything an opener needs."""
    return OPENER_MIN <= len(folded) <= OPENER_MAX and _ANY.search(folded) is not None


def read(folded: str, *, weblink: bool = False) -> Opener | None:
    """The opener ``folded`` makes (None: it is no opener, or it tells of one). ``weblink``:
    the message carried a link to a site that is no official platform's (taken out of
    ``folded``)."""
    if not candidate(folded) or _TOLD.search(folded):
        return None
    if (
        weblink
        and _POLICE_CLAIM.search(folded)
        and _LINK_THREAT.search(folded)
        and _LINK_ACT.search(folded)
    ):
        return Opener("police", ("op_officer", "op_link"), False)
    if (
        _AGENCY.search(folded)
        and _LINK_THREAT.search(folded)
        and _PRIVATE_MOVE.search(folded)
        and _ASKED.search(folded)
        and _READER.search(folded)
        and not _COMPLAINANT.search(folded)
    ):
        # "您的医保卡需要年检，逾期将停用，请添加工作人员微信办理": an agency's card or account
        # threatened, and the fix on a stranger's private chat
        return Opener("police", ("op_threat", "op_private"), False)
    return (
        _police(folded) or _police_errand(folded) or _kefu(folded) or _loan(folded) or _boss(folded)
    )


def _police_errand(folded: str) -> Opener | None:
    """A police or agency opener with no accusation the first reading needs: a line cut off
    unless a key is pressed, money told into a "safe account", a forbidden parcel."""
    claim = _POLICE_CLAIM.search(folded) is not None
    if claim and _CUT_OFF.search(folded) and _PUT_THROUGH.search(folded):
        # "【通信管理局】您的号码将于2小时后停机，详情请按9"
        return Opener("police", ("op_officer", "op_threat", "op_press_key"), False)
    if (
        _CUT_OFF.search(folded)
        and _DEADLINE.search(folded)
        and _PRESS_KEY.search(folded)
        and _READER.search(folded)
        and not _OWN_BILL.search(folded)
    ):
        # "您名下的电话卡将于2小时后停用，请按9转接": a robocall's cut-off, no one claimed
        return Opener("police", ("op_threat", "op_press_key"), False)
    if (
        claim
        and _OWN_APP.search(folded)
        and _MONEY_GUARD.search(folded)
        and not _REAL_APP.search(folded)
    ):
        # "这里是国家反诈中心，您的账户存在被骗风险，请下载我们的专用APP进行资金保护"
        return Opener("police", ("op_officer", "op_app_video"), False)
    moved = _SAFE_TRANSFER.search(folded)
    if (
        moved is not None
        and not _NOT_SO.search(folded, max(0, moved.start() - 8), moved.end())
        and not _NO_SUCH.search(folded)
    ):
        # "资金核查期间不得告诉任何人，请将资金转入国家安全账户"
        return Opener("police", ("op_safe_account",), True)
    if (
        _CONTRABAND.search(folded)
        and _READER.search(folded)
        and (claim or (_POLICE_MOVE.search(folded) and _NAMED_AUTHORITY.search(folded)))
        and not _COMPLAINANT.search(folded)
    ):
        # "我是深圳公安的，你有个包裹里面查出18张银行卡"
        who = ("op_officer",) if claim else ()
        return Opener("police", (*who, "op_accused", "op_call_officer"), False)
    return None


def read_lines(lines: tuple[str, ...], *, weblink: bool = False) -> Opener | None:
    """The opener made by consecutive lines of a message sent as many short ones
    ("你好\n需要资金周转吗\n…\n私聊"), each line folded: from each line on, the longest run
    of lines of an opener's length (None: none opens a script, or a line tells of one)."""
    lines = lines[:MAX_LINES]
    if len(lines) < 2 or any(_TOLD.search(line) for line in lines):
        return None
    for start in range(len(lines)):
        window = ""
        for line in lines[start:]:
            if len(window) + len(line) > OPENER_MAX:
                break
            window += line
        found = read(window, weblink=weblink) if len(window) >= OPENER_MIN else None
        if found is not None:
            return found
    return None


def _police(folded: str) -> Opener | None:
    accused = _ACCUSED.search(folded)
    if accused is None or _COMPLAINANT.search(folded):
        return None
    claim = _POLICE_CLAIM.search(folded) is not None
    move = _POLICE_MOVE.search(folded, accused.start())
    words = accused.group(0)
    weak = _WEAK_ACCUSATION.search(words) is not None
    suspect = _SUSPECT.search(folded, accused.start()) is not None and not weak
    # "你的车违规停放", "社保卡被冒领": an accusation only when an authority says it, or the
    # misuse comes with the call put through
    misused = not weak and _MISUSE.search(words) and _PUT_THROUGH.search(folded)
    if not (claim or suspect or misused):
        return None
    # a real notice of a case tells, it asks nothing at once — nor calls the reader a suspect
    if not (move or (claim and suspect)):
        return None
    severe = _POLICE_SEVERE.search(folded) is not None and (claim or "转" in folded)
    parts = ["op_officer"] if claim else []
    parts.append("op_accused" if suspect else "op_misused" if _MISUSE.search(words) else "op_case")
    if severe:
        parts.append("op_safe_account")
    elif move is not None:
        parts.append(_named_move(move.group(0), _POLICE_MOVES, "op_cooperate"))
    return Opener("police", tuple(parts), severe)


#: which move of a police opener was made, by its words (the first that matches names it)
_POLICE_MOVES = (
    ("op_press_key", re.compile("按|回复|转人工|转接")),
    ("op_private", re.compile("加")),
    ("op_app_video", re.compile("下载|视频|笔录|一个人|安静")),
    ("op_secret", re.compile("保密|告诉")),
    ("op_threat", re.compile("冻结|停机|拘留|逮捕|收押|扣押|查扣|扣留|强制执行|否则|罚")),
    ("op_rush", re.compile("马上处理|立即处理|尽快处理|立刻处理")),
    ("op_call_back", re.compile("回电|回拨")),
    ("op_call_officer", re.compile("联系|与|找|致电")),
)
_SERVICE_MOVES = (
    ("op_private", re.compile("加|添加")),
    ("op_scan_group", re.compile("扫码|进群|群")),
    ("op_app", re.compile("下载")),
    ("op_card", re.compile("银行卡|卡号|账号|手机号")),
    ("op_fee", re.compile("缴|交|手续费|保证金")),
)


def _named_move(words: str, table: tuple[tuple[str, re.Pattern[str]], ...], default: str) -> str:
    """The concept that names the move made in ``words``."""
    return next((cid for cid, pattern in table if pattern.search(words)), default)


def _kefu(folded: str) -> Opener | None:
    claim = _SERVICE_CLAIM.search(folded)
    if (
        claim is None
        and _ORDER.search(folded)
        and _PRIVATE_MOVE.search(folded)
        and _ASKED.search(folded)
        and not _LENDER_OWN_WAY.search(folded)
    ):
        claim = _ORDER.search(folded)  # "您购买的机票航班取消了，退改签请加客服QQ办理"
    if claim is None and _PRIVATE_ASK.search(folded) and not _OWN_WAY_OR_IF.search(folded):
        # "你的快递丢了，按规定赔你三倍运费，加我v处理": the reader's parcel, paid back by
        # the writer; "每月要扣2000，我帮您取消，方便加个微信吗": a charge the writer stops
        claim = (_ORDER.search(folded) and _WRITER_PAYS.search(folded)) or (
            _CHARGE.search(folded) and _CANCEL_OFFER.search(folded)
        )
    if (
        _READER.search(folded)
        and _UNOPENED.search(folded)
        and (_CHARGE.search(folded) or _CREDIT_THREAT.search(folded))
        and _STOP.search(folded)
    ):
        # "您的支付宝学生认证已过期，若不取消代理会员每月将扣除800元，请及时处理": a service
        # the reader never opened, about to charge them, offered to be stopped
        who = ("op_service",) if claim is not None else ()
        return Opener("kefu", (*who, "op_refund", "op_service_move"), False)
    if _COLLECT_PRIVATE.search(folded) and not _OFFICIAL_WAY.search(folded):
        return Opener("kefu", ("op_refund", "op_private"), False)  # "快递理赔，加微信领赔偿"
    if claim is None and _READER.search(folded) and _REFUND.search(folded):
        if _ORDER.search(folded) and _FROZEN_FIX.search(folded):
            return Opener(
                "kefu", ("op_refund", "op_service_move"), False
            )  # "…请按客服指引操作解冻"
        if _DEPOSIT_TO_RESTORE.search(folded):  # "您的淘宝店铺因违规将被关闭，缴纳保证金可解封"
            return Opener("kefu", ("op_refund", "op_fee"), False)
        if _ORDER.search(folded) and _WE_PAY.search(folded) and not _OFFICIAL_WAY.search(folded):
            # "您的快递破损了，我们要给您赔偿": the buyer's parcel, paid for by "us"
            return Opener("kefu", ("op_service", "op_refund"), False)
    if (
        _ORDER.search(folded)
        and _REFUND.search(folded)
        and _FEE_ASK.search(folded)
        and _TOLD_TO.search(folded)
        and not _OFFICIAL_WAY.search(folded)
        and not _NEEDS_NOTHING.search(folded)
    ):
        # "您的快递因地址不详被退回，需支付补发运费2元": the reader's parcel held for a fee
        return Opener("kefu", ("op_refund", "op_fee"), False)
    if claim is None or not _READER.search(folded):
        return None
    if (
        _OWN_FAULT.search(folded)
        and (_REFUND.search(folded) or _CHARGE.search(folded))
        and (_SERVICE_MOVE.search(folded) or _CALL_PRIME.search(folded))
        and not _OFFICIAL_WAY.search(folded)
        and not _NEEDS_NOTHING.search(folded)
    ):
        # "我们平台系统升级导致您重复投保，需要退费，请留意来电": the platform's own fault,
        # money offered back, and the reader told to take a call or act off the platform
        return Opener("kefu", ("op_service", "op_refund", "op_service_move"), False)
    if (
        not claim.group(0).startswith("亲")
        and _ORDER.search(folded)
        and _WRITER_PAYS.search(folded)
        and _EXTRA.search(folded)
        and not _OFFICIAL_WAY.search(folded)
    ):
        # "你在我们店买的奶粉批次有问题，厂家召回，给你退款加500补偿": more than the price
        # offered back to a buyer found out of the blue
        return Opener("kefu", ("op_service", "op_refund"), False)
    if _REFUND.search(folded) is None or _SERVICE_MOVE.search(folded) is None:
        return None
    if _OFFICIAL_WAY.search(folded):
        return None
    if claim.group(0).startswith("亲") and not (
        _OFFER_BACK.search(folded) or _CHARGE.search(folded) or _FEE_ASK.search(folded)
    ):
        return None  # "亲，你的快递丢了？加我微信我帮你问问": a friend's 亲, no money offered
    severe = _SERVICE_SEVERE.search(folded) is not None
    move = _SERVICE_MOVE.search(folded)
    assert move is not None
    named = "op_fee" if severe else _named_move(move.group(0), _SERVICE_MOVES, "op_service_move")
    return Opener("kefu", ("op_service", "op_refund", named), severe)


def _loan(folded: str) -> Opener | None:
    severe = _LOAN_SEVERE.search(folded) is not None
    offer = _LOAN_OFFER.search(folded)
    if (
        (offer is not None or _HOOK.search(folded))
        and _AD_GOODS.search(folded)
        and _FEE_BEFORE.search(folded)
        and not _BANK_WAY.search(folded)
        and not _SEEKER.search(folded)
        and not _ASKING.search(folded)
    ):
        # "黑户也行，先交工本费", "帮你协商停息挂账，先交咨询费就行": credit or debt relief sold
        # to strangers, paid for before anything is delivered
        return Opener("loan", ("op_loan_offer", "op_loan_fee"), False)
    if (
        offer is not None
        and _AD_GOODS.search(folded)
        and not _BANK_WAY.search(folded)
        and (
            _INVITE.search(folded)
            or (_HOOK.search(folded) and (_PROVIDER.search(folded) or _STRONG_OFFER.search(folded)))
        )
    ):
        return Opener("loan", ("op_loan_offer", "op_invite"), False)
    if (
        offer is not None
        and _AD_GOODS.search(folded)
        and len({m.group(0) for m in _STRONG_OFFER.finditer(folded)}) >= 2
        and not _BANK_WAY.search(folded)
        and not _ASKING.search(folded)
    ):
        # "黑户白户 花户 都可以做 最快当天放款": credit sold whatever the record, twice over
        return Opener("loan", ("op_loan_offer",), False)
    if (
        _LOAN_ITSELF.search(folded)
        and _HOOK.search(folded)
        and _PRIVATE_INVITE.search(folded)
        and not _SEEKER.search(folded)
        and not _BANK_WAY.search(folded)
    ):
        # "有需要贷款的吗，私我": strangers who need a loan asked into a private chat
        return Opener("loan", ("op_loan_offer", "op_invite"), False)
    if (
        _AD_GOODS.search(folded)
        and (_SELLING_POINT.search(folded) or _LOAN_OFFER.search(folded))
        and _OFFERER.search(folded)
        and (_AUDIENCE.search(folded) or _HOOK.search(folded) or _LENDER_CLAIM.search(folded))
        and not _SEEKER.search(folded)
        and (not _BANK_WAY.search(folded) or _LENDS_FOR_A_LIVING.search(folded))
    ):
        # "本人有资金，可借给有需要的人，月息一分": money sold by its price, size or speed,
        # by whoever offers it, to whoever needs it
        return Opener("loan", ("op_loan_offer", "op_invite"), False)
    if (
        _LENDS_FOR_A_LIVING.search(folded)
        and (_AUDIENCE.search(folded) or _HOOK.search(folded))
        and _READER.search(folded)
        and not _SEEKER.search(folded)
    ):
        # "我这边做银行贷款业务的，你最近有没有用钱的打算": a lender by trade, to one reader
        return Opener("loan", ("op_lender", "op_loan_offer"), False)
    if _READER.search(folded) or _TOLD_TO.search(folded):
        # "恭喜您获批额度6万，激活会员即可提款": credit won, paid out after a fee;
        # "信用分不足，需转账5000提高信用分": a score raised by money paid in;
        # "我认识人能帮你做流水，银行就批": a record faked for the bank; "过桥费一万"
        gated = (
            _LENDER_NOTICE.search(folded) is not None and _MEMBER_GATE.search(folded) is not None
        )
        for found in (gated, _SCORE_BOUGHT.search(folded), _FAKED_RECORD.search(folded),
                      _BRIDGE_FEE.search(folded)):  # fmt: skip
            if found and _LOAN_WORD.search(folded) and not _SEEKER_OR_ASKS.search(folded):
                return Opener("loan", ("op_lender_notice", "op_loan_fee"), severe)
    notice = _LENDER_NOTICE.search(folded)
    lender = _LENDER_CLAIM.search(folded)
    if (
        (notice or lender)
        and _LENDER_MOVE.search(folded)
        and _LOAN_WORD.search(folded)
        and not _LENDER_OWN_WAY.search(folded)
    ):
        if severe:
            return Opener("loan", ("op_lender_notice", "op_loan_fee"), True)
        if notice and (lender or _LENDER_PRESS.search(folded)):
            who = ("op_lender",) if lender else ()
            return Opener("loan", (*who, "op_lender_notice", "op_lender_move"), False)
    return None


def _boss(folded: str) -> Opener | None:
    superior = _SUPERIOR.search(folded) is not None
    kin = _KIN.search(folded) is not None
    relayed = _RELAYED.search(folded) is not None
    new = _NEW_ACCOUNT.search(folded) is not None
    group = _NEW_GROUP.search(folded) is not None
    urgent = _URGENT.search(folded) is not None or _HELP.search(folded) is not None
    money = _MONEY.search(folded) is not None
    secret = _SECRET.search(folded) is not None
    third = _THIRD.search(folded) is not None
    fee = _FEE.search(folded) is not None
    press = urgent or secret or third or new
    if not (superior or kin or relayed):
        # "家长你好，孩子在学校打架了…对方要求赔医药费3000，请尽快处理"
        family = (
            _PARENT.search(folded) is not None
            and _INCIDENT.search(folded) is not None
            and _SUM_FOR.search(folded) is not None
        )
        signed = _SIGNED_SUPERIOR.search(folded) is not None
        teacher = _TEACHER_CLAIM.search(folded) is not None
        if (
            # "我的微信被封了，这是我小号，帮我个忙，急": a new account that wants help now
            (new and _HELP.search(folded) and urgent)
            or (new and money and (urgent or third or secret))
            # "在开会，你先把那笔款转给客户，账号发你微信了"
            or (secret and money and (third or urgent))
            # "在外面办事，身上没带钱，你先给我朋友转三千，回头还你"
            or (money and third and urgent)
            or family
            # "刘会计，我这边有个合同要付款，你把这个账户信息记下，马上打过去"
            or (_TO_FINANCE.search(folded) is not None and _PAY_OUT.search(folded) is not None)
            # "…拉你进个项目群，别在大群说 —— 赵总"
            or (signed and (group or new) and (secret or money))
            # "…请家长扫码缴纳… 班主任：周老师"
            or (teacher and (money or fee) and _TO_PERSON.search(folded))
            # "财务部通知：加入新工作群核对工资，否则影响本月工资发放"
            or (_DEPT.search(folded) and group and _PAY.search(folded))
        ):
            if family:  # "家长你好，孩子在学校打架了…对方要求赔医药费3000"
                return Opener("boss", ("op_family_trouble",), False)
            who = "op_superior" if signed else "op_kin" if teacher else ""
            return Opener("boss", _named(who, new, money, third, secret, urgent, group), False)
        return None
    who = "op_superior" if superior else "op_kin" if kin else "op_relayed"
    teacher = kin and _TEACHER.search(folded) is not None
    fired = (
        # a superior's new number told to one reader (told to 大家, it is an announcement)
        (superior and new and _TO_ALL.search(folded) is None)
        or (kin and new and (urgent or money or secret or _KIN_GUESS.search(folded) is not None))
        or ((superior or kin) and money and press)
        # "我是你们董事长，我这边有笔业务往来需要你帮我转账": a superior who says so, and money
        # or an urgent errand ("我是陈局，你现在方便吗？有件事需要你帮我办")
        or (
            superior
            and (money or urgent)
            and _SELF_CLAIM.search(folded) is not None
            and _TO_ALL.search(folded) is None
        )
        # "我是你表哥，在外面出了点事，急用钱，先别告诉我妈": money needed, kept from the family
        or ((superior or kin) and _NEED.search(folded) is not None and (secret or third))
        # "是我，听不出来了？我是你老领导，有事想请你帮忙": a guessing game, then a favour
        or ((superior or kin) and _KIN_GUESS.search(folded) is not None and (urgent or money))
        or (superior and urgent and (secret or third))  # "是我孙总 有急事 不方便接电话 微信说"
        # "我是你们刘总，晚点有个事需要你帮忙办一下，先加一下我QQ": a superior's new contact
        or (superior and urgent and _ADD_ME.search(folded) is not None)
        # "我是你们辅导员，有个助学金名额，加我QQ登记一下银行卡": details asked on a private chat
        or (
            (superior or kin)
            and _ADD_ME.search(folded) is not None
            and _CARD.search(folded) is not None
        )
        or ((superior or teacher) and group and (secret or money or urgent or (teacher and fee)))
        # "老战友，我孙子住院了急需手术费": money needed for someone in hospital
        or (
            kin
            and _NEED.search(folded) is not None
            and _INCIDENT.search(folded) is not None
            and (money or _LEND_ASK.search(folded) is not None)
        )
        # "我是刘叔叔，你爸妈不在家，他们让我跟你说一声，帮我交一下这个费用"
        or (kin and (fee or money) and _PARENTS_SENT.search(folded) is not None)
        or (kin and fee and urgent)  # "我是班主任，孩子在学校受伤了，需要先交医药费"
        or (teacher and (money or fee) and _TO_PERSON.search(folded) is not None)
        or (relayed and (new or money) and (urgent or secret or third))
    )
    if not fired:
        return None
    severe = money and (new or third) and (urgent or secret) and (superior or kin)
    return Opener("boss", _named(who, new, money, third, secret, urgent, group), severe)


#: a finance clerk addressed by title, told to pay an account now
_TO_FINANCE = re.compile("^[\u4e00-\u9fff]?(?:会计|出纳|财务)")
_PAY_OUT = re.compile(
    "(?:账户|账号|卡号)[^。]{0,12}?(?:马上|立刻|尽快|赶紧|抓紧|今天)[^。]{0,4}?(?:打|转|汇|付)(?:过去|出去|一下|了)?"
)
_SELF_CLAIM = re.compile("我是(?:你们?的?)?")
_PARENT = re.compile(
    "^(?:[\u4e00-\u9fff]{0,4}家长|家长)"
    "|(?:你|您)(?:家)?(?:的)?(?:孩子|儿子|女儿|爸|妈|父亲|母亲|老公|老婆|家人)"
)
_INCIDENT = re.compile("打架|打伤|受伤|住院|出事|车祸|急病|晕倒|摔伤|骨折|抢救")
_SUM_FOR = re.compile(
    "(?:医药费|赔偿|押金|手术费|住院费|费用|赔)[^，]{0,2}?[0-9一二两三四五六七八九十百千万]+(?:元|块|万)?"
    "|(?:马上|尽快|立即|赶紧|立刻)(?:交|缴|转|打)(?:费|钱|押金)"
)
#: the reader's parents said to have sent the writer ("你爸妈…让我跟你说")
_PARENTS_SENT = re.compile(
    "(?:爸妈|爸爸|妈妈|父母|你爸|你妈|家里人|他们)[^。]{0,8}?(?:让我|叫我|托我)"
)
#: help with money asked ("能借我点吗", "帮帮忙", "急需"), not news of a bill already paid
_LEND_ASK = re.compile("借|帮帮忙|帮个忙|帮一下|支援|凑|急需|急用|着急用|还差|还缺")
_TO_ALL = re.compile("大家|各位|所有人|全体")
_KIN_GUESS = re.compile("听出来我是谁|听不出来|猜猜?我是谁|还记得我吗")


def _named(
    who: str, new: bool, money: bool, third: bool, secret: bool, urgent: bool, group: bool = False
) -> tuple[str, ...]:
    """Who, what they want (two at most), how they press."""
    do = [c for c, on in (("op_new_account", new), ("op_new_group", group), ("op_money", money),
                          ("op_third", third), ("op_secret", secret)) if on][:2]  # fmt: skip
    why = ["op_urgent"] if urgent and len(do) < 2 else []
    return tuple(([who] if who else []) + do + why)
