"""Long scripted scams: fake 客服 refunds, 贷款/征信, 公检法, a "boss" asking for money.

Such a script is told in stages — who is calling (a customer-service agent, a
police officer, your boss on a new account), a pretext (a lost parcel, a loan
to cancel, a money-laundering case, an urgent payment) and what the victim
must do (download a meeting app, share the screen, move money to a "safe"
account, read out a code). Two layers read them:

* **Concepts**: words of each stage, found in one Aho-Corasick pass over the
  first ``CONCEPT_READ`` folded characters (traditional characters and pinyin
  initials already folded: 轉賬 → 转账, yhk → 银行卡). A category's stages all
  present make a concept rule fire.
* **A linear model** over character 2- and 3-grams (digits folded to ``0``),
  trained offline (``bench/antiscam_train.py``, scikit-learn, never imported
  here) on labelled scripts and ordinary group talk; the weights ship in
  ``script_model.json.gz`` and are summed here with numpy. It runs only on
  texts where it can matter: at least ``MIN_LENGTH`` characters with risk
  words of two stages; it reads at most ``MAX_READ`` characters, so its time
  is bounded whatever the length.

A short text that opens such a script ("这里是公安局，你涉嫌洗钱，请配合调查", "我是王总，
这是我新号") is read by ``openers`` when the stages find nothing: who the writer claims to be
and a move no real one makes at first contact.

A verdict is always explained by the concepts that fired ("像冒充客服退款的
骗局：下载会议软件、屏幕共享、转账到指定账户"); when the model is confident and
few concepts fired, the text's own strongest phrases are quoted instead.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

import ahocorasick

from huzhu.core.i18n import join_list

if TYPE_CHECKING:
    import numpy as np

from . import authority, lures, openers
from .phrases import NEVER, fold, numerals
from .textnorm import heard, switched
from .warning_frame import channel as frame_channel
from .warning_frame import demand as frame_demand
from .warning_frame import hushed as frame_hushed

#: shorter texts are left to the phrase rules (a script needs room for its stages) ...
MIN_LENGTH = 30
#: ... unless they are an SMS-style notice: this long and carrying a number or a dotted link
MIN_NOTICE = 12
#: the model reads at most this many folded characters (bounded time on long texts)
MAX_READ = 1500
#: the concept words are looked for in this many (one pass of an automaton: a transcript of a
#: call tells its last stage, "转到安全账户", well after its first 1,500 characters)
CONCEPT_READ = 4000
#: a text this long (folded) without a link that reads as nothing is read again, its English
#: words in Chinese and its sound-alike slips undone (``judge``)
HEARD_MIN = 40
#: the model's probability of a scam from which a text is held for review even when no
#: concept rule fired (ordinary talk stays under 0.15 on the held-out ham); a model file may
#: carry its own, chosen by the training script on a validation split for no ham flagged
REVIEW_AT = 0.5
#: a concept rule that fired and the model at least this sure: removed (SEVERE)
SEVERE_AT = 0.6
#: a "boss" or relative asking for money is often only a request: removed only when very sure
BOSS_SEVERE_AT = 0.9
#: below this probability a concept rule that fired is overruled (it reads like talk about it);
#: a model file may carry its own, chosen with ``REVIEW_AT``
VETO = 0.1

#: the probability from which the model flags a long text whose words name one stage only (no
#: concept rule can fire); above 1 (the default, and a model file without one): never
ALONE_AT = 1.01

_DIGITS = str.maketrans("123456789", "000000000")


@dataclass(frozen=True, slots=True)
class Concept:
    """One stage word list: its name in the verdict, and its role."""

    id: str
    stage: str  # who | why | do
    zh: str
    en: str
    words: tuple[str, ...]


#: a warning to others names the tricks (the model judges it then, not the concept rules)
WARNING_WORDS = ("骗子 骗局 被骗 防骗 谨防 警惕 冒充 提醒大家 大家注意 大家小心 一律是 都是骗 差点 不会让你 "
                 "不会通过 绝不会 " + NEVER + " 拉黑 不靠谱 反诈提醒 宣传 立刻挂断 直接挂断 马上挂断 立即挂断 "
                 "没理他 没理会 没搭理 立即报警 本人确认 确认过 核实过 打电话确认 当面确认 视频确认 打视频确认 视频核实 确认是本人 确认是他本人 "
                 "确认是她本人")  # fmt: skip
#: every stage word list: id, stage (who / why / do / warn), its name in a verdict (zh, en), words
_TABLE: tuple[tuple[str, str, str, str, str], ...] = (
    ("kefu", "who", "自称客服", "claims to be customer service",
     "客服 售后 理赔专员 退款专员 理赔中心 理赔部 会员服务中心 工号 售后部 客服经理 "
     "客服中心 客服人员 理赔专线 驿站 航空公司 客服专员 交易平台 理赔员 理赔组 理赔主管 "
     "售后主管 售后专员 赔偿专线 值机中心 航司 消费者保障 风控客服 店铺客服 官方售后 "
     "会员中心 保险公司"),
    ("lender", "who", "自称贷款机构", "claims to be a lender",
     "信贷 贷款顾问 客户经理 金融服务 贷后 征信中心 网贷清理 银保监 持牌 贷款公司 "
     "信用修复 风控部 助学贷款管理 信用卡中心 消费金融 审核员 信贷员 贷款专员 放款部 "
     "金融客服 贷款平台 借款平台 分期平台 金融平台 金融公司 金融机构 借款专员 风控专员 "
     "法务专员 征信服务 贷款服务 网贷平台 网贷注销 注销中心"),
    ("officer", "who", "自称公检法", "claims to be police or a court",
     "警官 民警 公安局 警务处 调查科 调查主任 罪案 刑侦 经侦 检察院 检察官 法院 "
     "反诈中心 通信管理局 国家安全局 缉私 警号 派出所 医保局 警察 公安 办案 专案组 "
     "警官证 交警大队 交警支队 海关 国际刑警 出入境 社保局 税务局 中级人民法院 人民法院 刑侦大队 公安机关 "
     "市局 公安厅 卫健委 稽查局 办案中心 检察长 网警"),
    ("new_account", "who", "换了新号的熟人", "an acquaintance on a new account",
     "新微信 新号 我新开的 新换的 换了号 换了个号 换手机号 旧号不用 换了个新号 另一个号 用的是新号 "
     "旧的那个 新qq 号不用了 加一下我 小号 换号 私人号 私人qq 私人微信 工作微信 "
     "新的微信 加我这个 同学的号 朋友的号 别人的手机 微信号不用了 手机掉 手机坏了 手机丢了 "
     "手机被偷 办公qq群 内部群 项目群 新手机号 换了新 新号码 手机摔 同学手机 同学的手机 "
     "借了别人的手机 手机没电 号被盗 号被封 新注册 微信被盗 qq被盗 新加的 原来的号 "
     "以前的号 以前那个号 同事的号 同事的手机 室友的手机 朋友的手机 借的别人 换新号 号码换 "
     "换手机了"),
    ("refund", "why", "退款理赔", "a refund or compensation",
     "退款 理赔 赔付 赔偿 三倍 双倍 质检 召回 包裹丢失 快递丢失 丢失 误开通 取消会员 "
     "逆向退款 逆向理赔 百万保障 甲醛超标 自动扣费 扣费 会员 补偿 质量问题 赔款 航班取消 改签 退票 延误金 "
     "延误补偿 丢件 不合格 假货 十倍 激素 超标 月付 代理商 商家版 保证金不足 "
     "收款账户信息 货款 买家已付款 保费 退一赔 退赔 赔三 赔十 原数返还 重复扣款 多扣 "
     "扣款 每月扣 自动续费 续费 续期 运费险 退保 退订 保障服务 尊享 补贴 延误 退货宝 "
     "返还 "
     "未开通 没有开通 没开通 收款功能 收款权限 退款通道 理赔通道 极速退款 开通权限"),
    ("loan", "why", "网贷、征信、解冻", "loans, credit record, unfreezing",
     "校园贷 注销 征信 解冻 冻结 额度 放款 流水 逾期 网贷 贷款 学生账户 信用 审批 "
     "还款能力 利率 下款 学生贷 信贷 月付 花呗 白条 呆账 月息 无抵押 金条 微粒贷 借呗 "
     "提额 备用金 预授信 不看征信 黑户 放贷 贷款额度 年化 利息 借款 分期 信用报告 信用记录 人行 借钱 "
     "信用分 学生额度 借条 提现"),
    ("crime", "why", "说你涉嫌犯罪", "says you are suspected of a crime",
     "洗钱 涉嫌 洗黑钱 通缉 逮捕 涉案 传票 违禁品 嫌疑人 资金审查 清查 配合调查 "
     "秘密侦查 案件 案子 犯罪 骗保 护照 资产保全 冻结管理书 逮捕令 国家机密 诈骗短信 "
     "非法集资 偷税 取保候审 立案 赃款 走私 毒品 贩毒 被盗用 被冒用 透支 起诉 开庭 "
     "出庭 冻结令 间谍 泄露 笔录 拘捕 被执行人 强制执行 来路不明 非法资金 空壳公司 集资 "
     "诉讼 金融案件 盗用 冒用 间谍机构 违禁物品 违禁物 移交公安 协助调查 协查"),
    ("urgent_money", "why", "急着要钱", "urgently needs money",
     "急需 垫付 周转 借我 手术费 保证金 货款 打点 急着要 急用 出了车祸 私了 催着要钱 "
     "差了点 等着 出了点事 一笔钱 急事 住院 医药费 救急 报销 定金 应急 着急用 急着用 "
     "学费 培训费 工程款 合同 医院 车祸 拘留"),
    ("meeting_app", "do", "下载会议软件", "download a meeting app",
     "下载会议 语音会议 腾讯会议 钉钉 zoom 飞书会议 会议号 加入会议 会议app "
     "视频会议 小鱼易连 云视讯 好视通 全时云 会议链接 会议软件 理赔会议 安全助手 "
     "下载一个app 下载我们 指定的app 开会用的 瞩目 华为云会议 welink 飞书 "
     "指定的软件 指定软件 办理软件 安全软件 我们的软件 指定app"),
    ("screen_share", "do", "屏幕共享", "share the screen",
     "屏幕共享 共享屏幕 远程协助 远程控制 共享桌面 我的屏幕 屏幕分享 分享屏幕 共享一下屏幕 "
     "远程指导 远程帮 投屏 手机画面 画面同步 画面给我 画面开放 远程给 远程操作 远程看 "
     "远程关 萤幕共享 共享功能 开启共享 打开共享 点共享 点一下共享 共享一下 屏幕给我"),
    ("guided", "do", "要你照电话里的指导去ATM或手机上操作", "walks you through an ATM or your phone by call",
     "一步步指导您 一步一步指导您 指导您操作 指导你操作 教您操作 电话里指导 就近的atm 去atm 到atm"),
    ("safe_account", "do", "转账到指定账户", "move money to a designated account",
     "安全账户 国家安全账户 资金清查 清算账户 监管户口 指定户口 安全户口 指定嘅 指定账户 监管账户 对公账户 "
     "结算账户 清查账户 核查账户 平台账户 公司账户 国家账户 资金账户 这个账户 这个卡上 "
     "这张卡 指定的 这个对公 公司的账户 财务账户 验证账户 验资账户 清退账户 保全账户 "
     "安全的账户 平台指定 激活账户 核验账户 保证金账户 专用账户 专用户 理赔账户 核对账户 "
     "核销账户 清算户 监管平台 解冻账户 风控账户 认证账户 核查平台 财务的账户 核查户头 "
     "专用户头 监管户头 清算户头 这个户头"),
    ("borrow_out", "do", "借钱转出", "borrow money and pass it on",
     "借出来 备用金 刷流水 流水验证 刷一下流水 做个流水 做流水 贷出来 额度借 额度套出来 "
     "额度全部借 借一笔 资金验证 退款验证 能借的都借 额度清零 清空额度 额度用掉 额度全部 "
     "额度都借"),
    ("secret_code", "do", "索要验证码或密码", "asks for codes or passwords",
     "验证码 念给我 密码 动态码 cvv cvn 安全码 背面三位 背面的三位 背后三位 短信码 收到的验证 确认码 校验码 收到的数字 一串数字 那串数字 那几个数字 带数字的短信 短信里的数字 读给我 报给我 支付密码 银行卡密码"),
    ("secrecy", "do", "要求保密", "demands secrecy",
     "不要告诉 保密 别跟别人说 不能告诉 不要声张 不要挂断 别打电话 不要跟家人 知道就行 "
     "不方便接电话 别声张 请勿外传 别告诉 千万别告诉 不要让别人 不能讲 不要惊慌 别在群里说 "
     "先别跟 不能跟任何人 不要跟任何人 跟任何人说 别让其他人 别让别人 电话先别打 先别打电话 "
     "别跟家里 不要告诉家里 打草惊蛇 严格保密 不能告诉家人"),
    ("transfer", "do", "要你转账", "asks you to transfer money",
     "转账 转到 汇款 打款 转给 转过去 汇到 打到 转入 存到 转多少 转钱 打过去 转过来 转移至 转移到 存入 缴纳 交到 打一笔 转一笔 存进 挪到 付到 汇过去 集中到"),
    ("ask_money", "do", "找你借钱、让你转账", "asks you to lend or transfer money",
     "借我 先转 转给我 帮我垫付 先帮我垫 先借 转到这个 打到这个 汇到这个 转到我 帮我汇 "
     "帮我转 先打给 先打过 先打到 先汇 转到这张 打到这张 转到他 转给他 先垫 你先转 "
     "借点钱 借一下钱 多少先转 先帮我转 先帮忙 帮忙把 直接转到 先从公账 先从公司账户 "
     "往这张卡 打点钱 这个卡上 的这个账户 的这个卡 退给他 转给他们 把这笔钱转 跟你借 "
     "借我点 卡号我发 账号我发 账户我发 账户信息我 转我支付宝 转我微信 支付宝转我 微信转我 "
     "转到老师 给我转 转我这个 帮我付 先帮我付 帮我买单 帮我结 先帮我结"),
    ("fee", "do", "先交各种费用", "pay a fee first",
     "解冻金 解冻费 保证金 会员费 手续费 服务费 工本费 材料费 修复费 激活费 认证费 "
     "刷流水 验资 验证还款 还款验证 还款测试 测试还款 定金 风险保证金 首期利息 包装费 打点费 删除费 诚信保证金 担保金 延误金 "
     "押金 保障金 认证金 审核费 资料费 处理费 点位 开通费 改签手续费 一个月的利息 "
     "首月利息 利息作为 公证费"),
    ("transfer_call", "do", "把电话转接给“办案人员”", "passes the call on to 'the police'",
     "按9 按1 按0 转人工 转接 帮您转接 帮你转接 联系办案 办案人员电话 办案民警"),
    ("isolate", "do", "要你单独配合、视频做笔录", "wants you alone on a video call",
     "开一间房 开个房间 开房 单独一个人 一个人去 保持视频 视频笔录 做笔录 视频通话 不能离开房间 安静的地方 没人的地方 一个人到 到房间 酒店开 开个房 期间不能"),
    ("fund_check", "do", "要你申报、清查资金", "wants your money declared or 'checked'",
     "资金申报 资产申报 资金登记 资金清查 资金核查 资金审查 资金保全 资金监管 资金安全检查 清查账户 统一监管 资金转移 资产保全 资金保护 资金核实"),
    ("warning", "warn", "", "",
     WARNING_WORDS),
    ("busy", "why", "说自己不方便、催得急", "says they are busy and it is urgent",
     "在开会 不方便出面 不方便接 不能打电话 信号不好 马上办 必须到账 半小时内 下班前 "
     "对方在催 快点 别耽误 最后一天 回去再补 回头我 流程后补 回去后给你补 明天上班我就还 "
     "开会 今天截止 在催 紧急 立即安排 马上安排 手续我回来补 见客户 有事微信说 开完会 "
     "陪客户 陪领导 跟领导吃饭 在饭局 在应酬 在外面吃饭 在飞机上 不方便说话 在上课 落地后"),
    ("id_bank", "do", "要身份证和银行卡", "wants your ID and bank card",
     "身份证 银行卡 卡号 银行资料 银行信息 银行卡信息 开户行 预留手机号 身份证正反面 证件照 付款账号 收款账号 银行账号 支付宝账号 银行账户 "
     "填写退款信息 填写理赔信息 填写收款信息 退款信息 理赔信息 收款信息"),
    ("reach", "do", "留了电话、链接或联系方式", "leaves a number, link or contact",
     "致电 回电 速回 来电 点击 详情 加微 加威 加v 私我 私聊 私信 咨询 加群 qq群 回复 联系专员 联系客服 缴费群 扫码 二维码"),
    ("callback", "do", "要你回电", "wants you to call back",
     "致电 回电 速回电 尽快联系 立即联系"),
    ("you", "who", "", "",
     "您 你 名下 阁下 本人"),
    ("threat", "why", "威胁冻结、停机、追责", "threatens a freeze, cut-off or arrest",
     "冻结 停机 封停 通缉 逮捕 拘捕 强制执行 上黑名单 征信黑名单 纳入黑名单 影响征信 逾期将无法 逾期无法 逾期将作废 逾期作废 追究 限制出行 今日内 明日 24小时内 逾期不予 逾期视为 今天之内 今天内 失信 起诉"),
    ("loan_ad", "why", "不看征信、黑户秒批的贷款", "loans 'regardless of credit'",
     "黑白户 无视逾期 无视征信 不看征信 不看大数据 秒批 口子 放水 秒下款 当天下款 "
     "小时放款 只要身份证 停息挂账 减免罚息 网贷上岸 无息贷款 套现 不成功不收费 黑户 "
     "不查你的信用 不查征信 不查信用 内部额度 内部渠道 只看身份证 有身份证就能 只要有身份证 "
     "花呗提现 白条提现 花呗套现 白条套现 信用卡套现 花呗取现 白条取现 出额度 不看流水 不用抵押 不用面签 无需面签 免面签 不管逾期 有身份证就可以 有身份证就行 凭身份证 "
     "当天就到 当天到账 缺钱找我 急用钱找我 保证下款 保证放款 百分百下款 百分之百下款 内部名额 "
     "帮你处理掉 帮您处理掉 专门对付 对付高利贷 网贷不用还 债务优化 债务减免 只还本金 反催收 债务处理 债务重组"),
    ("cancel_loan", "why", "要你注销校园贷账户", "says your student-loan account must be closed",
     "必须注销 要求注销 需要注销 完成注销 配合注销 帮您注销 帮你注销 注销处理 进行注销 注销账户 账户注销 必须关闭 统一关闭 注销掉 学生额度 账户关闭 统一清理"),
    ("zhuli_bait", "why", "以助力、认证为名", "in the name of a 'help' or check",
     "助力 身份认证 实名认证 认证 免费领取 领取"),
    ("admin", "who", "自称管理员", "claims to be the group's admin",
     "管理员 群主 群管"),
    ("pay_group", "do", "进新群、扫收款码交钱", "pay via a new group or QR code",
     "缴费群 收款码 扫码缴费 付款码 群收款 交费群 收费群 缴费链接"),
    ("off_app", "do", "要你加私人微信、进群或扫码", "moves you to a private chat, group or QR code",
     "加微信 加我 企业微信 加您微信 加你微信 加您的微信 加你的微信 添加微信 加个微信 加一下微信 "
     "微信号 微信发您 微信发你 加line line号 lineid line帐号 line账号 加您qq 加你qq 加qq 加扣扣 扣扣 进群 拉你进 拉您进 群公告 二维码 扫码 私聊 qq群 微信群 群号 加群"),
    ("claim_credit", "do", "要你点链接激活、领取额度", "wants you to activate or claim a credit line",
     "激活额度 额度激活 领取额度 额度领取 确认额度 提额认证 激活使用 立即激活 点击激活 完成激活 激活领取 "
     "额度待领取 额度已到账 预授信 预审批 待激活 待领取 立即领取 马上领取 点击领取 立即申请 点击申请 "
     "可随时提取 随时提取 随借随还"),
    ("credit_offer", "why", "主动给你提额、放低息额度", "offers you a higher or cheaper credit line",
     "给您提额 给你提额 提额到 额度提升至 额度提升到 额度已提升 预授信 预审批 专属额度 专属低息 "
     "低息额度 优惠利率 利息打折 利息打对折 内部优惠 临时额度 提升额度 大额分期 开通额度 "
     "备用金"),
    ("card_cvv", "do", "要信用卡背面的安全码", "asks for the card's security code",
     "cvv cvn 安全码 背面三位 背面的三位 背后三位 卡背面 卡背后 卡片背面"),
    ("referral", "do", "发借款软件的下载链接、邀请码", "spreads a lending app's link or invite code",
     "邀请码 推荐码 下载注册 注册下载 扫码下载 下载链接 注册链接 填我的 输入邀请码 填邀请码"),
    ("staff_notice", "who", "自称公司财务、人事发通知", "claims to be the company's finance or HR",
     "财务部 财务处 财务室 财务科 人事部 人事处 人力资源部 行政部 办公室通知 工会通知 集团通知 公司通知 "
     "全体员工 各位同事 全体同事"),
    ("register", "do", "要你进新群登记、领补贴", "wants you to sign up in a new group for a payout",
     "信息登记 登记信息 进行登记 登记银行卡 登记身份 补贴申领 申领补贴 领取补贴 工资补贴 社保补贴 "
     "个税退税 退税申领 福利领取 领取福利 年终补贴 核对工资 工资核对"),
    ("prize", "why", "说你中奖了", "says you won a prize",
     "中奖 抽中 奖品 领奖 获奖 幸运用户 幸运观众"),
    ("compensation", "why", "说要赔你、补你钱", "offers compensation",
     "补偿 赔偿 赔付 理赔 赔款 延误金 延误补偿 退一赔 赔三 赔十"),
)  # fmt: skip
# ---- boss block (boss6): the impersonated boss, teacher, relative or old friend --------------
# The mechanism, whatever the wording: someone CLAIMS a relationship (我是你舅舅, 我是刘总, 妈,
# 我是你老同学), on a NEW or borrowed account or "don't call, I'm in a meeting", DEMANDS money now
# (转/垫/付, gift cards and their codes, a fee per head) for a THIRD account (a friend's card, the
# hospital's, the "supplier's") with a promise to pay back (回头报销, 明天还你) or secrecy.
#: more words for concepts of the shared table (kept here so the two lists merge cleanly)
_BOSS_WORDS = {
    "urgent_money": "不让走 扣住了 扣在 讹上 被讹 要赔 赔人家 出了状况 出了点问题",
    "new_account": "换了个号 另外一个微信 另一个微信 另外一个号 另一个号码 先用这个号 用这个号 临时号 备用号 号出了 "
    "号出问题 号有问题 登不上 被限制登录 新微信号 新的号 这个号是 这是我新 新换的 刚换了 "
    "换了手机卡 借的路人 借朋友手机 借同事的 同事的手机 用别人的手机 这不是我的手机 私人的",
    "busy": "在开车 开车不方便 在高速上 在高铁上 信号不好 说话不方便 不方便说话 语音接不了 电话接不了 "
    "电话打不通 不要打我电话 别打我电话 别回电话 别打了 在陪客人 跟领导吃饭 在谈事 外面谈事 "
    "刚落地 手机快没电 接不了 在里面做检查 发微信就行 有事微信说 快登机 要登机 马上登机 在登机",
    "ask_money": "帮我付 先帮我付 替我付 先帮我买 帮我买 帮我发个红包 帮我转个 先替我 帮我垫 帮忙垫 "
    "垫一下 先垫上 先周转 能不能先借 先借我 你先帮 先帮忙转 帮我凑 先给我转 转我 打我卡",
    "secret_code": "那串数字 收到的数字 短信上的数字 六位数",
}
#: the same script in English (folded: lower case, no spaces), for ``en`` groups: "this is your
#: manager, I'm in a meeting, buy gift cards and send me the codes, I'll reimburse you"
_BOSS_WORDS_EN = {
    "new_account": "mynewnumber newnumber newwhatsapp newphone changedmynumber lostmyphone "
    "borrowedaphone friendsphone mynewaccount",
    "busy": "inameeting cantcall canttalk cannottalk cantanswer dontcall donotcall cantspeak "
    "busyrightnow textonly onlytext",
    "ask_money": "canyoutransfer transferme lendme payforme canyoupay needyoutobuy needyoutopay "
    "needyoutosend canyoubuy pickupsome",
    "urgent_money": "urgent asap rightaway hospital accident emergency",
    "secrecy": "keepthisbetween dontmention donttellanyone confidential",
    "gift_card": "giftcard itunescard steamcard googleplaycard amazoncard sendmethecodes scratchthe",
    "repay": "reimburse payyouback payyoubacktonight paybackyou",
}
_BOSS_TABLE: tuple[tuple[str, str, str, str, str], ...] = (
    ("gift_card", "do", "要你买购物卡、报卡号密码", "asks for gift cards and their codes",
     "购物卡 e卡 京东卡 礼品卡 充值卡 话费卡 卡密 苹果卡 itunes 游戏点卡 储值卡 超市卡 沃尔玛卡 "
     "提货卡 卡号和密码 卡号密码 卡号跟密码 兑换码 充值码 代金卡 商场卡 加油卡"),
    ("repay", "why", "许诺回头还钱、报销", "promises to pay it back or reimburse",
     "回头还 回来还 马上还 就还你 还给你 还你 给你报 回头报 回来报 让财务 财务给你 回来补 补签 "
     "报给你 找财务报 走流程还你 给你补上 一定还 月底还 下周还 明天还 年终奖 发工资"),
    ("personal_pay", "do", "要你交到个人账户或私下交钱", "wants the money paid to a person, privately",
     "转给我 转到我 发红包给我 私聊我交 私发我 私聊我 我个人 个人微信 个人支付宝 私人微信 个人收款码 "
     "我的收款码 个人账户 我的微信 我这个微信 群收款 新建的群 新群 新班级群 缴费群 交费群 收款码 "
     "扫码缴费 扫下方二维码 扫我 转到学生会 转账到我 微信转账 支付宝转账 备注孩子 备注学生 备注姓名 "
     "私下转账 私下转 私下交 加我好友 微信转我 私信我 稍后私发 单独私发 收到我这 交到我这 转到我这 "
     "老师代收 班主任代收"),
    ("dept", "who", "自称公司财务、人事", "claims to be the company's finance or HR",
     "财务部 人事部 行政部 财务处 人力资源部 集团财务 财务科 财务中心 人事处"),
    ("new_group", "do", "要你进新群", "moves you to a new group",
     "新的qq群 新群 新的群 新建的群 新的微信群 新qq群 新微信群 新的工作群 新工作群 核心群 内部群"),
    ("pay_threat", "why", "说不照做就影响工资、成绩", "threatens your pay, grades or papers",
     "影响工资 影响本月工资 工资发放 影响年终奖 影响绩效 无法发放 不予发放 影响成绩 不予认定 影响毕业 "
     "无法转出 影响学籍 无法领取 影响入职"),
)  # fmt: skip
#: "我是你舅舅", "我是你们部门的周经理", "我是学院的李辅导员", "我是你老同学", "是我，你姑妈"
_CLAIMED_REL = re.compile(
    r"(?:我是|是我)(?:你|您)(?:们)?(?:的)?[^我]{0,8}?(?:舅|姑|叔|伯|姨|婶|嫂|哥|姐|弟|妹|侄|外甥|表|堂|儿子|女儿"
    r"|闺女|孙|老公|老婆|爸|妈|同学|同桌|室友|老乡|战友|班长|辅导员|老板|店长|主管|上司|房东|经理|老师|总|领导"
    r"|主任|兄弟|邻居|同事|学姐|学长|家长|班导|导员|会长|财务|上铺)"
    r"|我是[^我你]{0,8}?(?:辅导员|班导|导员|主管|店长|财务|老板|人事|总监|董事长|副总|家委会|物业|房东|上铺"
    r"|嫂子|大姐|二姐|姑妈|姨妈|舅妈|外甥|侄子|侄女|堂哥|表哥|表姐|老同学|老战友)"
    r"|是我[^我你]{0,6}?(?:老同学|老战友|上铺|同桌|舅|姑|叔|嫂|姐|哥)"
)
#: "this is David, your manager", "hi mum it's me", "it's your son"
_CLAIMED_EN = re.compile(
    r"(?:thisis|itis|its|iam|im)[a-z]{0,12}?your(?:manager|boss|ceo|director|supervisor|teacher|son"
    r"|daughter|mum|mom|dad|uncle|aunt|cousin|colleague|landlord)|^(?:hi|hey|hello)?(?:mum|mom|dad)itsme"
)
#: "我王总", "是我刘局", "我是李主任": a superior who says who he is (not "我们领导")
_SUPERIOR = re.compile(
    r"(?:我是|是我|我)[^我你他们总局]{0,3}?(?:总|董|局|主任|处长|领导|书记|厂长)(?![是觉要会得在说能算里长子面势])"
)
#: a message that opens by addressing a relative or a friend ("妈，…", "老公 我…", "哥们，…")
_ADDRESSED = re.compile(
    r"^(?:嗨|喂|哈喽|hi|hello|在吗|在不在)?(?:亲爱的|宝贝|老公|老婆|爸爸|妈妈|爸|妈|儿子|女儿|闺女|哥们|兄弟|老弟|老哥|老同学|舅舅|姑姑|叔叔|阿姨"
    r"|嫂子|姐夫|表哥|表姐|表弟|表妹|堂哥|堂姐|爷爷|奶奶|外婆|外公|姥姥|姥爷|侄女|侄子|[二三四大小](?:叔|舅|姨|姑|姐|哥|婶)"
    r"|舅妈|姑妈|姨妈|婶婶|伯伯|伯母|大伯|宝宝|外甥|孙子|孙女|师父|师傅|老师)"
)
#: "你先帮我转个两千", "赶紧转我2万", "先从你那里打过去四万": a sum to be sent now
_ASK_SUM = re.compile(
    r"(?<!让我)(?<!叫我)(?<!要我)(?:先|帮我|马上|立即|直接|赶紧|赶快|尽快)[^转打汇垫付借还让叫要]{0,8}?"
    r"(?:转|打|汇|垫|付|借)(?:给|个|过去|过来)?(?:我|他|她)?[0-9一二两三四五六七八九十几百千]{1,6}(?:万|千|百|块|元|w|k)"
)
#: money to go to someone else's account: "转到我同学的卡上", "打到对方公司的账户", "户名…"
_THIRD_ACCOUNT = re.compile(
    r"(?:转|打|汇|付|存)(?:到|给|至|进)[^转打汇]{0,8}?(?:朋友|同学|同事|表哥|表姐|对象|老婆|老公|女朋友|男朋友"
    r"|亲戚|医生|医院|会计|财务|工作人员|负责人|业务员|前台|警察|对方|供应商|厂家|他|她|人家|爱人|媳妇|妻子|丈夫"
    r"|儿子|女儿|弟弟|妹妹|哥哥|姐姐|表弟|表妹|堂哥|室友|护士|收费处|房东|司机|老板|别人|战友|合伙人|客户)(?:的|这个|那个)?"
    r"[^转打汇]{0,4}?(?:卡|账户|账号|微信|支付宝|收款码)"
    r"|户名|收款码我发|收款码发你|账户我发|账户我马上发|卡号我发|账号我发|收款信息|收款方|对方账户|对方公司的账户"
    r"|(?:friend|colleague|supplier|vendor|client|landlord)s?(?:bank)?(?:account|card)|bankdetails|sortcode"
)
#: a fee per head to be paid ("每人需预交服装费260元", "每位家长出100元", "交档案管理费")
_PER_HEAD = re.compile(
    r"(?:每人|每位|每个人|每生|每名|每户|每份|每套|每个学生|一共是|共计)[^。]{0,14}?"
    r"(?:[0-9]+|[一二两三四五六七八九十百千]+)(?:元|块)"
    r"|(?:缴纳|预交|交|缴|出)[^。]{0,8}?(?:费|经费|班费)"
    # "费用3680元/人" (openers8)
    r"|(?:[0-9]+|[一二两三四五六七八九十百千]+)(?:元|块)(?:每|一|/)?(?:人|位|生)(?!民)"
)
# ---- the script's axes read by their shape (antiscam7): who, the money, the pressure -----------
# (the folded text has no punctuation: the windows below are counted in characters)
#: the writer's own phone or account is gone or borrowed ("手机在地铁上丢了", "用路人的手机",
#: "换了个工作号"): why the number is new
_LOST_PHONE = re.compile(
    r"手机.{0,6}?(?:丢了|掉了|坏了|摔|被偷|被抢|被收|被没收|没电|进水|欠费|停机|被扣)"
    r"|(?:路人|别人|陌生人|同事|朋友|同学|室友|前台|护士|司机|阿姨|叔叔|工友|病友|邻居|老乡)[^的]{0,4}?的(?:手机|电话)"
    r"|换了?(?:个|一个)?[^0-9号线]{0,3}号(?![0-9线楼床位])"
)
#: "听不出来了吗", "猜猜我是谁", "还记得我吗": the caller leaves it to you to name who they are
_GUESS_WHO = re.compile(
    r"听不出(?:来)?(?:了)?(?:我|吗|啊|呀|么)|听出来(?:了)?没|猜猜我是|猜我是谁|不记得我了"
    r"|还记得我(?:吗|不|么|是谁)|认不出我|记得我是谁"
    # the voice excuse of the same game: "我嗓子哑了", "感冒了声音变了"
    r"|嗓子(?:哑|坏|疼|发炎)|声音(?:变|不一样|有点怪|哑)"
)
#: the reader asked to send, lend or pay money now: "你能不能先借我", "你去银行给这个卡号打钱",
#: "你赶紧给这个号转一下", "转一千五到这个号上" (not "我先借你", "你别给我转")
_MONEY_ASK = re.compile(
    r"(?:你|您)(?:能不能|能否|可不可以|可以|看能不能|方便的话|先|就|去|直接|赶紧|赶快|马上|尽快|帮我|帮忙|替我)"
    r".{0,8}?(?:转|汇|借|垫|付|打(?=钱|款|到|过去|进|给这|[0-9一二两三四五六七八九十几]))(?![了过完])"
    r"|取.{0,4}?现金|现金.{0,8}?(?:拿给|交给|送给|送过来|送到)|(?:司机|人|同事|朋友)(?:过去|过来|上门|下楼)拿"
    r"|把钱(?:转|打|汇)(?:到|给)?我|(?:给|往|到|进|在)这(?:个|张)(?:卡|卡号|银行卡|账户|账号|户头|号|微信|支付宝).{0,4}?(?:转|打|汇|交|付|存)"
    r"|(?:转|打|汇|交|付|存).{0,8}?(?:到|给|进|在|至)这(?:个|张).{0,2}?(?:卡|卡号|银行卡|账户|账号|户头|号|微信|支付宝)"
    r"|往.{0,4}?这(?:个|张).{0,2}?(?:卡|银行卡|账户|账号|户头)(?:里|上)?(?:转|打|汇|存)"
)
#: secrecy in any words: "别让我妈知道", "千万别跟我爸说", "你知我知", "先别告诉家里"
_HUSH = re.compile(
    r"(?:别|不要|千万别|先别|不能|莫|暂时别|先不要|不敢)(?:跟|和|告诉|让|对)[^说讲]{0,5}?(?:说|讲|知道|提起)"
    r"|你知我知|不要外传|别外传|(?:别|不要).{0,4}?声张|(?:别|不要|不能)在.{0,4}?群里?(?:说|讲|问|提|发)"
)
#: don't check with him: "不用给他打电话确认", "不用打电话核实" (the opposite of a warning's advice)
_NO_VERIFY = re.compile(
    r"(?:不用|不要|别|无需|不必)(?:给他|给我|跟他|跟我|找他)?(?:打电话|打个电话|回电话)?(?:确认|核实)"
)
#: the script's own lines that carry a warning word: a check forbidden, "we are no scammers"
_NOT_WARNING = re.compile(_NO_VERIFY.pattern + r"|不是骗子|不是骗局|(?:也|都)怕被骗")
#: the others are scams, "we" are not: the pitch that follows a warning's words in a script
_PITCH = re.compile(
    r"我们(?:跟他们|和他们|跟别人|和别人|跟别家|和别家|跟那些|和那些)?(?:不一样|不同)"
    r"|(?:我们|我这边|我们这边|我们这里|本平台|我们平台)(?:可|才|就)?是?(?:正规|官方|真的)"
)
#: the company's rules skipped, the papers "later": "不用走审批", "合同明天补", "我回来签字"
_SKIP_PROCESS = re.compile(
    r"(?:不用|不必|不要|别|无需|不需要)(?:走|经过|通过)(?:审批|流程|财务|手续|公司)"
    r"|(?:审批|手续|单据|合同|签字|流程|审批单)(?:我|明天|回来|回头|后面|事后)?(?:再)?(?:后补|补上|补签|补)(?![充习课贴助办考开])"
    r"|回来(?:再)?签字|我回来签|先付后补|(?:合同|审批|单据|手续).{0,3}?(?:补签|后补)"
    r"|" + _NO_VERIFY.pattern
)
#: the account to pay into has "changed": "我们换了个新的收款账户", "原来的账户作废了"
_NEW_PAYEE = re.compile(
    r"(?:换了?|新开了?|启用)(?:个|一个)?(?:新的?)?(?:收款)(?:账户|账号|卡|码)|(?:换了?|新开了?)(?:个|一个)?新的?(?:账户|账号|银行卡)"
    r"|(?:原来的|以前的|之前的|旧的?)(?:收款)?(?:账户|账号|卡号|卡|收款码)(?:已经|已)?(?:作废|不用|停用|注销|冻结)"
    # the usual way to pay is "down" or "changed" ("缴费平台升级中", "平台今年换服务商了", "公户在年审")
    r"|(?:平台|系统|渠道|公户|公账|对公账户|公司账户)[^。]{0,8}?(?:升级|维护|故障|暂停|关闭|调整|换了|更换|换服务商|用不了|出问题|年审|冻结)"
)
#: …and a person collects instead ("暂由老师代收", "这次先收到我这里", "加老师微信缴费")
_PERSON_COLLECTS = re.compile(
    r"(?:老师|班主任|辅导员|会计|出纳|我|本人)(?:这里|这边)?(?:统一|个人|先|暂时?)?代收"
    r"|(?:先|统一|都)?(?:收|交|转|汇)到我(?:这|这里|这边|个人)"
    r"|加(?:老师|我|班主任|辅导员)[^，。]{0,4}?(?:微信|qq)[^，。]{0,6}?(?:缴|交|付|转)"
)
#: the account to pay is sent later: "对方财务的卡号我一会儿发你", "账户信息我截图发你"
_ACCOUNT_LATER = re.compile(
    r"(?:卡号|账号|账户|户名|收款码|银行卡).{0,4}?我.{0,6}?发(?:你|给你|过来|您)"
)
#: "喂 是小吴吗 我，你大舅": who, said after a greeting without "是"
_ME_YOUR = re.compile(
    r"(?:^|吗|啊|呀|喂|嘛)我(?:是)?(?:你|您)(?:的)?[大二三四小老表堂]?(?:舅|姑|叔|伯|姨|婶|哥|姐|爸|妈|爷|奶|外公|外婆|姥)"
    # "我老吴，你们组长": a name, then the role over the reader
    r"|我[^我你]{0,3}?(?:你们|你的|您的)(?:组长|主管|经理|老板|领导|班主任|老师|辅导员|园长|店长|科长|处长|主任|部长|总监|导师)"
    # a pasted chat turn whose speaker is a superior: "[14:02] 刘总：小赵，…" (folded: "1402刘总小赵")
    r"|^[0-9]{0,4}[\u4e00-\u9fff]{1,2}(?:总|董|局|主任|处长|经理|书记|老板)(?=小|老|你|您|在吗)"
)
#: who a demand for money comes from when nobody says who: a relative or friend addressed, a
#: claimed boss, teacher or relative, a new or borrowed account, a guessing game
_BOSS_WHO_ANY = ("claimed", "new_account", "addressed", "boss_claim", "guess_who")
#: what makes a request for money a script: urgency, a story, secrecy, a promise, another account
_BOSS_PRESS = ("urgent_money", "busy", "secrecy", "third_account", "new_account", "skip_process",
               "guess_who", "new_payee")  # fmt: skip
_BOSS_RULES: tuple[tuple[tuple[str, ...], ...], ...] = (
    # who (claimed / on a new account / addressed) + money now + pressure or a third account
    (_BOSS_WHO_ANY, ("ask_money", "gift_card"), _BOSS_PRESS),
    # nobody says who, but a payment is ordered past the company's rules, in a hurry or secret
    (("skip_process",), ("ask_money", "third_account", "transfer"), ("busy", "secrecy", "urgent_money")),
    # gift cards and their codes, for someone claimed, new, busy or secret
    (("gift_card",), ("claimed", "new_account", "boss_claim", "busy", "secrecy"),
     ("ask_money", "secret_code", "repay", "busy")),
    # a teacher, counsellor or manager collecting a fee per head to a person, in private
    (("claimed",), ("per_head",), ("personal_pay", "new_account")),
    # someone on a new account who wants money sent to another person's account
    (("new_account",), ("third_account",), ("ask_money", "urgent_money", "busy", "secrecy", "repay")),
    # the opener: "我是你王哥，换号了，有个急事找你" (the money comes in the next message)
    (("claimed", "boss_claim"), ("new_account",), ("urgent_money", "busy", "secrecy")),
    # "财务部通知：加新的QQ群登记，否则影响工资" (the money or the details are asked in the group)
    (("dept", "claimed"), ("new_group", "personal_pay"), ("pay_threat",)),
    # "缴费平台升级中，资料费暂由老师代收，加老师微信缴费": the usual way to pay "down", a person
    # collecting instead, from whoever claims to be the teacher or the office
    (("claimed", "dept", "staff_notice"), ("new_payee",), ("personal_pay",), ("fee", "per_head", "transfer", "ask_money")),
)  # fmt: skip


def _boss_signals(folded: str, found: dict[str, str]) -> set[str]:
    """Add the boss block's pattern concepts to ``found`` (each a regex, not a word list);
    return those added, which count as a part of a script only when a boss rule fires. The
    patterns read the first ``MAX_READ`` characters (a boss's or relative's message is short)."""
    added = set()
    head = folded[:MAX_READ]
    if "new_account" in found and _SUPERIOR.search(folded):
        found["boss_claim"] = "boss_claim"  # "是我 刘局 换了个号" (not "我们领导换了新号")
    for cid, pattern in (("claimed", _CLAIMED_REL), ("claimed", _CLAIMED), ("claimed", _CLAIMED_EN),
                         ("claimed", _ME_YOUR), ("addressed", _ADDRESSED), ("new_account", _LOST_PHONE),
                         ("guess_who", _GUESS_WHO), ("ask_money", _ASK_SUM), ("ask_money", _MONEY_ASK),
                         ("third_account", _THIRD_ACCOUNT), ("third_account", _ACCOUNT_LATER),
                         ("secrecy", _HUSH), ("skip_process", _SKIP_PROCESS), ("new_payee", _NEW_PAYEE)):  # fmt: skip
        if cid not in found and pattern.search(head):
            found[cid] = cid
            added.add(cid)
    if "personal_pay" not in found and _PERSON_COLLECTS.search(head):
        found["personal_pay"] = "personal_pay"
        added.add("personal_pay")
    if "new_payee" in found and "personal_pay" in found:
        found["payee_swap"] = "payee_swap"  # the usual way "down", a person collects instead
        added.add("payee_swap")
    if "claimed" in found and _PER_HEAD.search(folded):
        found["per_head"] = "per_head"
        added.add("per_head")
    return added


#: how a boss script is named: who (the claim), the demand, then the pressure (boss block)
_BOSS_WHO = ("boss_claim", "dept", "claimed", "guess_who")
_BOSS_DO = ("gift_card", "third_account", "per_head", "secret_code", "ask_money", "personal_pay",
            "new_group", "pay_group", "safe_account", "transfer", "fee", "id_bank", "secrecy")  # fmt: skip
_BOSS_WHY = (
    "payee_swap",
    "skip_process",
    "new_payee",
    "busy",
    "urgent_money",
    "repay",
    "pay_threat",
)


def _explain_boss(found: dict[str, str]) -> tuple[str, ...]:
    """Who they claim to be, what they want (two at most), and how they press."""
    who = [c for c in _BOSS_WHO if c in found][:1] + [c for c in ("new_account",) if c in found]
    do = [c for c in _BOSS_DO if c in found]
    if "ask_money" in do or "safe_account" in do:
        do = [c for c in do if c != "transfer"]
    why = [c for c in _BOSS_WHY if c in found][:1]
    return tuple(who + do[:2] + why)


def _boss_fires(found: dict[str, str]) -> bool:
    return any(all(any(c in found for c in g) for g in need) for need in RULES["boss"])


#: the writer offers to call or meet: a real friend's request, which the reader can check (a
#: scammer "cannot talk now")
_OFFERS_CALL = re.compile(
    "(?:我|晚上|回头|待会|等下)[^不别]{0,4}?给你打(?:个)?电话|电话(?:里)?细说|当面(?:说|聊|给)|见面(?:说|聊|再)"
)
#: a Chinese character: the model, trained on Chinese, has no say on a text without one
_CJK = re.compile("[\u4e00-\u9fff]")
#: a short opener (12–29 characters) of the boss script: a new account and who, or the money
_SHORT_BOSS = re.compile("换号|新号|换了号|新微信|号码换|换了个号|新换的号")


def short_boss(folded: str) -> bool:
    """A short text that announces a new account: read by the concept rules only."""
    return len(folded) >= MIN_NOTICE and _SHORT_BOSS.search(folded) is not None


# ---- end of the boss block ----------------------------------------------------------------

CONCEPTS: tuple[Concept, ...] = tuple(
    Concept(
        cid,
        stage,
        zh,
        en,
        tuple(" ".join((words, _BOSS_WORDS.get(cid, ""), _BOSS_WORDS_EN.get(cid, ""))).split()),
    )
    for cid, stage, zh, en, words in (*_TABLE, *_BOSS_TABLE)
)

CATEGORY_NAMES = {
    "kefu": ("冒充客服退款、理赔", "fake customer service refunds"),
    "loan": ("贷款、注销网贷、征信", "loan and credit-record fraud"),
    "police": ("冒充公检法", "impersonated police or courts"),
    "boss": ("冒充领导、熟人借钱", "a 'boss' or acquaintance asking for money"),
    "zhuli": ("以助力为名骗取身份证、银行卡", "a 'help' that wants your ID and bank card"),
    **lures.CATEGORY_NAMES,
}
#: what the victim is told to do that no real platform, lender or police officer asks
STRONG = ("meeting_app", "screen_share", "guided", "safe_account", "borrow_out", "coached_lie")
#: each category's concept rules: one fires when each of its tuples has a concept present
RULES: dict[str, tuple[tuple[tuple[str, ...], ...], ...]] = {
    "kefu": ((("refund",), STRONG), (("refund", "kefu"), ("kin_card",)),
             (("kefu",), ("refund",), ("secret_code", "fee", "id_bank")),
             (("refund",), ("secret_code",), ("id_bank",)),
             # a notice of a lost parcel or a refund with a number or link, asking for a card or code
             (("refund",), ("reach",), ("id_bank", "secret_code", "fee")),
             # the step sequence: a pretext, a move to a private chat or group, then money or a code
             (("refund",), ("off_app",), ("secret_code", "id_bank", "fee", "safe_account")),
             # compensation offered by a notice with a number or link and a deadline
             (("compensation",), ("reach",), ("threat",)),
             (("refund",), ("fee_first",), ("kefu", "reach", "off_app")),
             # compensation for a parcel, claimed in a QQ/WeChat group or chat with its number
             (("compensation",), ("off_app",), ("reach",)),
             (("refund",), ("card_cvv",)),
             # a refund or compensation "confirmed" by the code the reader received, read out
             (("refund", "compensation"), ("code_out",)),
             # a refund or compensation that must be kept from others, or "refunded" by scanning
             # the agent's payment code (money going the wrong way: 逆向退款)
             (("refund", "compensation"), ("secrecy",), ("kefu", "off_app", "pay_group", "reach")),
             (("refund", "compensation"), ("kefu",), ("pay_group",), ("you",)),
             # a prize that costs a fee first, claimed over a private chat or a number
             (("prize",), ("fee", "fee_first"), ("off_app", "reach"))),
    "loan": ((("loan2",), STRONG),
             # a loan (any words) and money asked of the reader first, or put in their own card
             (("loan", "lender"), ("upfront", "self_deposit", "kin_card")),
             (("name_loan",), ("loan", "borrow_out", "lending")),
             (("photo_pawn",), ("loan", "lender", "lending")),
             (("card_handover",), ("loan", "lender", "lending")),
             # money borrowed "for a 流水" and sent on to the caller
             (("borrow_out",), ("ask_money", "upfront")),
             # a loan repaid, or a fee paid, into a person's own account
             (("loan", "lender"), ("personal_pay",), ("transfer", "ask_money", "upfront")),
             (("lender",), ("loan",), ("secret_code", "fee", "id_bank")),
             # several loan words (征信、下款、放款) and a fee paid first, with ID or a transfer
             (("loan2",), ("fee",), ("secret_code", "id_bank", "transfer")),
             # an ad for credit regardless of record (黑户、秒批、停息挂账) with a contact or fee
             (("loan_ad",), ("reach", "fee", "id_bank", "loan")),
             (("cancel_loan",), ("loan",)),
             (("loan2",), ("off_app",), ("fee", "safe_account", "secret_code")),
             # money first, then the loan (放款前交…, 交了…才能放款, 保证金放款后一并退还)
             (("loan2",), ("fee_first",)),
             (("loan",), ("fee_first",), ("pay_group", "reach", "off_app", "safe_account", "transfer")),
             # a credit-line notice with a number or link to "activate" it
             (("loan",), ("claim_credit",), ("reach",)),
             # an unsolicited higher or cheaper credit line, taken on to a private chat or a
             # website's link, or "verified" by the card's security code
             (("credit_offer", "claim_credit"), ("off_app", "weblink", "card_cvv"), ("you",)),
             (("loan",), ("card_cvv",)),
             (("loan", "lender"), ("code_out",)),
             # "your loan is approved — now pay": money asked between approval and the payout
             (("approved",), ("pay_ask", "fee_first")),
             # a lending app's download link or invite code posted to the group
             (("lending",), ("referral",))),
    "police": ((("crime",), STRONG), (("officer",), STRONG), (("crime",), ("isolate",)),
               (("officer",), ("crime",), ("secrecy", "secret_code", "fee", "transfer", "transfer_call",
                                          "isolate", "fund_check")),
               # a notice of a case against you that threatens and gives a number or link to call
               (("crime",), ("threat",), ("reach",), ("you",)),
               (("officer",), ("crime",), ("reach",), ("you",)), (("crime",), ("callback",), ("you",))),
    "boss": ((("ask_money",), ("new_account", "urgent_money", "secrecy")),
             # a superior, teacher or relative (claimed, or on a new account) who wants money now
             (("claimed", "new_account"), ("ask_money", "transfer", "fee"), ("secrecy", "busy")),
             # someone on a new account who wants a code read out, a boss announcing a new account,
             # a teacher collecting fees in a new group or by QR code
             (("new_account", "claimed"), ("secret_code",)), (("boss_claim",), ("new_account",)),
             (("claimed",), ("pay_group",)),
             # a "finance department" notice moving staff to a new group or number to register
             (("staff_notice",), ("register",), ("off_app", "pay_group", "new_account"), ("reach",))),
    "zhuli": ((("zhuli_bait",), ("secret_code",), ("reach",)),
              (("admin",), ("zhuli_bait",), ("id_bank",), ("reach",))),
}  # fmt: skip
RULES["boss"] += _BOSS_RULES  # boss block (boss6)
RULES["police"] += ((("police_mechanism",),),)  # police block (police7): see authority.py
_BY_ID = {c.id: c for c in CONCEPTS}
for _cid, _stage, _zh, _en in (*authority.NAMES, *openers.NAMES, *lures.NAMES):
    _BY_ID[_cid] = Concept(_cid, _stage, _zh, _en, ())
for _cid, _zh, _en in (  # boss block (boss6): concepts found by a pattern
    ("addressed", "开口就叫亲人、朋友", "opens by addressing a relative or friend"),
    ("third_account", "要你把钱转到别人的账户", "wants the money sent to someone else's account"),
    ("per_head", "按人头收费", "collects a fee per head"),
    ("guess_who", "让你猜他是谁", "makes you guess who is calling"),
    (
        "skip_process",
        "要你绕过审批、别打电话核实",
        "wants the approval and a check by phone skipped",
    ),
    ("new_payee", "说收款账户换了", "says the account to pay into has changed"),
):
    _BY_ID[_cid] = Concept(
        _cid, "who" if _cid in ("addressed", "guess_who") else "do", _zh, _en, ()
    )
_BY_ID["boss_claim"] = Concept("boss_claim", "who", "自称领导", "claims to be a superior", ())
_BY_ID["payee_swap"] = Concept(
    "payee_swap",
    "do",
    "说平台用不了、改交到个人手里",
    "says the usual way to pay is down and a person collects",
    (),
)
_BY_ID["coached_lie"] = Concept(
    "coached_lie", "do", "教你有人问起时怎么说谎", "tells you what to say if anyone asks", ()
)
_BY_ID["code_out"] = Concept(
    "code_out", "do", "要你把收到的验证码念给他", "wants the code you received read out to them", ()
)
_BY_ID["fee_first"] = Concept(
    "fee_first",
    "do",
    "放款、退款前先要你交钱",
    "wants money paid before a loan or refund is paid out",
    (),
)
_BY_ID["approved"] = Concept("approved", "why", "说贷款已批下来", "says the loan is approved", ())
_BY_ID["pay_ask"] = Concept(
    "pay_ask", "do", "批下来后还要你先交钱", "wants money paid after the approval", ()
)
_BY_ID["lending"] = Concept("lending", "why", "借钱、贷款", "borrowing money", ())
_BY_ID["kin_card"] = Concept(
    "kin_card", "do", "要你给对方开亲属卡、亲密付", "wants a family card opened for them", ()
)
_BY_ID["name_loan"] = Concept(
    "name_loan", "do", "要你用自己的名义借钱给他用", "wants you to borrow in your name for them", ()
)
_BY_ID["photo_pawn"] = Concept(
    "photo_pawn", "do", "要你拍照片作抵押", "wants photos of you as 'collateral'", ()
)
#: a loan's demands found by a pattern (round seven): named first in a verdict
_DEMANDS_FIRST = (
    "upfront",
    "self_deposit",
    "kin_card",
    "name_loan",
    "photo_pawn",
    "card_handover",
    "code_out",
    "coached_lie",
)
_BY_ID["card_handover"] = Concept(
    "card_handover",
    "do",
    "要你把银行卡交给、寄给他",
    "wants your bank card handed or mailed over",
    (),
)
_BY_ID["upfront"] = Concept("upfront", "do", "要你先交钱", "wants money paid first", ())
_BY_ID["self_deposit"] = Concept(
    "self_deposit",
    "do",
    "要你往自己卡里存钱“验证还款能力”",
    "wants money put in your own card 'to check'",
    (),
)
_BY_ID["weblink"] = Concept(
    "weblink", "do", "只留一个陌生网站链接", "leaves only a link to an unknown site", ()
)
_BY_ID["claimed"] = Concept(
    "claimed", "who", "自称领导、老师或亲人", "claims to be a boss, teacher or relative", ()
)
#: "我是王局", "是我，孙总", "我是李老师", "妈，我是小宝": who the writer says they are
_CLAIMED = re.compile(
    r"我是.{0,8}?(?:总|董|局|主任|老师|校长|处长|科长|经理|领导|书记|厂长|院长|会计|班主任|教务处|学生会|教育局"
    r"|导师|教练|班导|物业|办公室|园长|教导主任|年级主任|宿管|教官)"
    r"|是我.{0,3}(?:总|董|局|主任|老师)"
    r"|^.{0,8}?(?:妈|爸|舅舅|姑姑|叔叔|阿姨|姐|哥|奶奶|爷爷)我是"
    r"|^.{0,4}(?:班主任|老师)通知"
    # a retold chat whose speaker is the boss: "王总：小刘啊，在干嘛呢？"
    r"|(?:^|\n)[^\n：:]{0,3}(?:总|董|局|局长|主任|处长|经理|书记)[：:]"
)
#: "缴纳一笔还款承诺金", "先交解冻认证费": a fee of any name to be paid first (not a bill of one's own)
_FEE = re.compile(
    r"(?<!不用)(?<!不需要)(?<!无需)(?<!不必)(?<!不)(?<!没)(?<!没有)(?<!免)"
    r"(?:交|缴纳?|补交|支付|付)(?:一笔|一点|一下|一个)?([^，。！？\s]{0,8}?)(?:费|金)(?!额)"
)
#: money asked before the loan or refund comes, in any wording: "放款前需缴纳…", "交了升级费马上放款",
#: "保险费…放款后全额退还", "解冻后资金和解冻金一起打到您卡上" (not "不用交任何费用")
_FEE_FIRST = re.compile(
    r"(?:放款|下款|到账|提现|放贷|出款|退款|理赔)之?前[^。！？]{0,12}?(?<!不用)(?<!不需要)(?<!无需)(?:(?<![提递成移外])交|缴|付|支付|购买|存|转|充)"
    r"|(?<!不用)(?<!不需要)(?<!无需)(?:(?<![提递成移外])交|缴纳|缴|(?<!首)付|支付|购买|存入|存|转|充值|升级|激活|认证|开户|开通)(?!首付)[^。！？]{0,14}?(?:后|了|完|才能|才可以|就能|即可)"
    r"[^。！？]{0,6}?(?:马上|立即|立刻|即可|就|才能|才可以|就能|就可以)?(?:放款|下款|到账|提现|放贷|出款|打入|打到)"
    r"|(?:费用?|金|保险|利息|押金|会员)[^。！？]{0,20}?(?:放款|下款|贷款|借款|到账|提现)(?:后|时|之后)?[^。！？]{0,6}?(?:退还|返还|退回|返回|抵扣|一并|一起|随)"
    r"|(?:随|连同|和|跟)(?:贷款|借款|款项|资金)一(?:起|并)(?:返|退|打|到)"
    # "前期收三百手续费，下款后再付尾款": a fee taken up front
    r"|(?:前期|提前|预先)(?:收|交|付|缴)[^。！？]{0,8}?(?:费|金)"
    # "先还500块钱证明还款能力，然后就给您放款": a repayment before anything was lent
    r"|先还(?!清|完)[^。！？]{0,20}?(?:然后|再|才|后|之后|完成|就)[^。！？]{0,10}?(?:放款|下款|发放|出款|放贷)"
    # "办卡费用九百九，办完额度马上生效", "每笔1000元，测试完成后立即放款"
    r"|(?:费用?|金|元|块|钱)[^。！？]{0,12}?(?:办完|交完|付完|完成|做完|激活)[^。！？]{0,8}?"
    r"(?:马上|立即|立刻|即可|就)?(?:放款|下款|到账|提现|生效|提额)"
)
#: the loan said to be approved already ("审批通过", "已经批下来", "通过终审", "放款成功")
_APPROVED = re.compile(
    r"(?:审批|审核|终审|批款|申请|借款|贷款)(?:已经|已)?(?:通过|完成|成功|批下来|下来了)|通过(?:了)?(?:终审|审核|审批)"
    r"|已(?:经)?(?:批下来|获批|审批)|批下来了|放款成功"
)
#: …and then the reader asked to pay ("需要您先缴纳", "你再交", "请您补交"), not "不用交"
_PAY_ASK = re.compile(
    r"(?:需要|请|必须|要|得|须)(?:您|你)(?:先|再|补|另外)?(?:缴纳|缴|交|支付|付|转|还|充值|存入|存|补交|开通|购买)"
    r"|(?:您|你)(?:需要|必须|要|得|须|只需)?(?:先|再|补)(?:缴纳|缴|交|支付|付|转|还|充值|存入|存|开通|购买)"
)
#: a loan in plain words ("你在我们这借的钱已经批了", "批是可以批", "五万后天到账") when none of the
#: loan words is there
_LOAN_PRETEXT = re.compile(
    r"借的(?:钱|款|那笔)|(?:钱|款|借款|额度)(?:已经|已)?批(?:了|下来)|批是可以批|帮你批|能批下来|批不下来"
    r"|(?:经营|消费|装修|信用|抵押|车抵)贷|从银行.{0,4}?(?:弄|贷|借)"
)
#: the reader asked to pay or deposit first, however the fee is called ("需要先购买一份借款保险",
#: "得你先往卡里存一笔钱", "人家要先收两千的茶水钱"; not "首付")
_UPFRONT = re.compile(
    r"(?<!不)(?:需要|请|必须|要|得|须)(?:您|你)?(?:这边|那边)?(?:先|再|另外|额外)(?:往.{0,8}?)?"
    r"(?:缴纳|缴|交|支付|付|转|存|充值|存入|补交|购买|买|打|押)(?!首付|满|了)"
    r"|(?<!不)(?:需要|必须|得|须)(?:您|你)(?:支付|付|转|存|充值|存入|购买|买)(?!了)"
    r"|(?:你|您)(?:需要|必须|要|得|须)?先(?:转|交|缴|付|打|存|买|充|押|出)(?!了)"
    r"|先(?:给|拿|出)(?:个|点)?钱"
    # "你只要出个材料费三千块就能拿到二十万": pay, and then the money
    r"|(?:只要|只需|只需要)(?:你|您)?(?:先)?(?:出|交|付|缴|转|充)(?!首付).{0,10}?(?:就能|就可以|即可|马上|立即|费|金)"
    r"|先拿.{0,4}?出来"
    # the reader told to put money into an account: "你往他们公司账上打八百", "你去办张卡往里面存一万"
    r"|(?:你|您)(?:去|就|先|再)?.{0,6}?往.{0,8}?(?:存|打|转|汇)(?=[0-9一二两三四五六七八九十几]|钱|款|点)"
    # a fee paid on applying or signing: "申请的时候要交一百五十元的培训费"
    r"|(?:申请|签约|签合同|办理|开户|激活)的?(?:时候|时)(?:需要|要|得|须)?(?:先)?(?:交|缴|付|支付)"
    r"(?!首付|身份证|材料|资料|证明|复印件|照片)"
    # "升级后贷款及充值款将同时到账": the loan and the reader's own payment "paid out together"
    r"|(?:贷款|借款|资金)(?:及|和|与|连同).{0,6}?(?:款|钱|金|费).{0,3}?(?:同时|一起|一并)(?:到账|退还|返还|放款)"
    r"|(?:先|提前|预先)收.{0,8}?(?:费|金|钱)"
)
#: money put into the reader's own card to "prove" repayment ability (流水 in other words):
#: "往你自己的银行卡里打八千", "找朋友借三万打进你自己卡里", "你名下得有…存入"
_SELF_DEPOSIT = re.compile(
    r"(?:存|打|转|放)(?:进|入|到)?(?:你|您)(?:的)?(?:自己|本人)(?:名下)?的?(?:银行卡|卡|账户)"
    r"|往(?:你|您)?(?:的)?(?:自己|本人)(?:名下)?的?(?:银行卡|卡|账户)(?:里)?.{0,6}?(?:存|打|转)"
    r"|(?:你|您)的?(?:卡|银行卡|账户)(?:里|上)?(?:需要|要|得)有.{0,10}?(?:余额|存款)"
)
#: a loan taken out in the reader's name for someone else ("用你的名字去几个平台借点钱，借出来的钱给我用")
_NAME_LOAN = re.compile(r"用(?:你|您)的?(?:名字|名义|身份|身份证|信息).{0,8}?(?:借|贷|办)")
#: a fee of any name with its sum ("隔离费一千二", "激活费是600"): the model then has its say
_FEE_SUM = re.compile(
    r"(?P<f>费|金)(?:用)?(?:是|为|要|需要|共|一共)?(?:[0-9]{2,}|[一二两三四五六七八九][十百千万])"
    # "八百块的档案费": the sum first
    r"|(?:[0-9]{2,}|[一二两三四五六七八九][十百千万][一二两三四五六七八九十百千万]*)(?:块|元)钱?的[^的]{1,6}?(?P<g>费|金)"
)
#: photos as the "collateral" of a loan (裸贷)
_PHOTO_PAWN = re.compile(
    r"(?:照片|裸照|私密照|视频).{0,6}?(?:抵押|担保)|(?:抵押|担保).{0,4}?(?:照片|裸照|私密照)"
)
#: the card itself handed over: "把卡和密码寄给我们" (it becomes theirs)
_CARD_HANDOVER = re.compile(
    r"(?:卡|银行卡|u盾|网银盾).{0,6}?(?:寄给|邮寄给|快递给|交给|拿给)(?:我们|我|他们|他)"
)
#: a family card (亲属卡, 亲密付) opened for the "agent": he spends from the reader's account
_KIN_CARD = re.compile(
    r"(?:亲属卡|亲情卡|亲密付|亲情付).{0,10}?(?:专员|客服|经理|我们|工作人员|对方|老师)"
    r"|(?:专员|客服|经理|我们|工作人员|对方|老师).{0,10}?(?:亲属卡|亲情卡|亲密付|亲情付)"
)
#: papers brought in person to a bank counter or a 派出所 window: a real dealing, not a stranger's
#: request (a scam wants them photographed and sent)
_IN_PERSON = re.compile(
    r"(?<!不要)(?<!不用)(?<!别)(?:带上?|带好|带着|拿着?|持)(?:本人)?的?(?:身份证|银行卡|户口本|证件|原件)"
    r"|(?<!不要)(?<!不用)(?<!别)(?:去|到|在)(?:银行)?(?:柜台|网点|营业厅|派出所|户籍窗口|窗口)|柜员"
    # a courier at the door: "我现在在您楼下…可以扫码付款" (police7)
    r"|(?:我|快递员|师傅)(?:现在|已经)?(?:就)?在(?:您|你)?(?:家)?(?:楼下|门口|小区门口)"
    # asked in to the station: "请带租客身份证复印件来所里办理" (openers8)
    r"|(?:来|到|去)所里(?:办理|登记|领取)"
)
#: an ID shown in person at a counter ("请凭身份证到XX路邮政支局领取") (police7)
_ID_AT_DESK = re.compile(
    "(?:凭|持|携带|带上?|带好|带着)(?:本人)?(?:有效)?(?:身份证|证件)(?:原件)?(?:及[^到去]{0,8})?(?:到|去|前往|来)"
    "[^，。！？]{0,12}?(?:支局|网点|营业厅|柜台|窗口|派出所|驿站|门店|大厅|服务中心|办事处|投递站)"
)
#: a private app named as the way to go on ("加个Line", "WeChat ID: …", "Line或者微信")
_OFF_APP = re.compile(
    r"(?<![a-z])line(?![a-z])|微信id|加个?(?:微信|qq)|(?:微信|qq)(?:号|id)?[:：]"
    r"|联系[^，。！？]{0,6}?(?:微信|qq)"
)
#: a call the writer got and how it ended ("接到个电话", "给我打电话", "我直接挂了"): told, not made
_TOLD_CALL = re.compile(
    "接到(?:了|过)?(?:一|个|一个|几个|两个)?(?:个)?(?:陌生)?(?:电话|短信|来电)|给我打(?:了)?(?:个|一个)?电话"
    "|(?:我|就|直接|马上|赶紧)挂(?:了|掉|断)"
)
#: a code the reader received, to be read out or sent to the writer ("收到一个验证码…您念一下给我",
#: "把短信里的六位数字报给我", "确认码发我一下"): the key to the reader's account handed over, in
#: any pretext; not a warning ("验证码不要告诉任何人", "别把验证码念给别人")
_CODE = "(?:验证码|确认码|动态码|校验码|短信码|授权码|口令|六位数|6位数|那串数字|那几个数字|短信里的数字)"
_CODE_OUT = re.compile(
    _CODE
    + "[^。？！]{0,24}?(?:念|读|报|说|告诉|发|截图)(?:一下|下|出来)?(?:给)?(?:我|我们|专员|客服)"
    "|(?:念|读|报|告诉|发)(?:一下|下)?(?:给)?(?:我|我们)[^。？！]{0,6}?" + _CODE
)
#: the reader told what to answer when someone asks ("有人问就说在跟朋友聊天", "银行问你就说是
#: 自己装修用"): a bank clerk, a relative or the police kept from seeing what happens
_COACHED_LIE = re.compile(
    "(?:有人|别人|银行|柜员|柜台|工作人员|家人|家里人|任何人|民警|警察|对方)(?:打电话)?(?:问|询问|打电话问)(?:起|到)?(?:你|您)?"
    "[^。？！]{0,6}?(?:就说|你就说|您就说|就讲|就回答|就告诉他)"
)
#: money the reader must move again for a "流水" (a record of deposits that "proves" they can
#: repay): "你现在再转一万五，转到同一张卡"
_FLOW_PAY = re.compile(
    "(?:你|您)(?:现在|再|先|还要|还得|需要)*(?:转|存|打|汇)(?:入|进|到)?[0-9一二两三四五六七八九十百千万几]+"
)
_CODE_KEPT = re.compile("不要|别|切勿|勿|不能|千万|不会|不得|谨防|骗子|任何人")
#: a short opener of a "boss" or relative on a new number ("小张 我王总 这是我新号 在吗",
#: "表哥 阿强 换号了 急用三千 先转我"): too short for a script, the new account and who or what
_NEW_NUMBER = re.compile("新号|换号|新微信|新qq|换了号|换了个号|新换的|号码换|换手机号|新手机号")
_OPENER = re.compile("急用|先转|转我|借我|垫付|帮我转|急需|发我|验证码|数字")
#: borrowing itself named (an invite code alone is a shop's or a game's)
_LENDING = re.compile("借款|借钱|贷款|网贷|下款|放款|借了|利息|口子|借贷|额度高")
#: a bank card named as where money goes ("退回到我的银行卡", "打到您卡上"), not asked for
_TO_CARD = re.compile(
    r"(?:退|回|打|到|转|存|进|至|往)(?:到|回|进|入|至)?(?:了)?(?:我的|我|您的|你的|您|你|原)?$"
)
_ID_WORDS = re.compile(
    "身份证|银行卡|卡号|银行资料|银行信息|开户行|预留手机号|证件照|付款账号|收款账号|银行账号|支付宝账号|银行账户|退款信息|理赔信息|收款信息"
)
_BILLS = ("电", "水", "话", "学", "物业", "燃气", "房", "网", "停车", "医药", "餐", "车", "快递", "租", "资",
          "现", "奖", "基", "薪", "黄", "美", "本", "公积", "税")  # fmt: skip
#: a phone number of 7+ digits: how to reach the sender
_REACH = re.compile(r"\d{7,}")  # (links are taken out before: the caller says ``linked``)
#: a warning told to others ("任何要你…都是骗人的", "警方提醒") — never flagged by itself,
#: unlike the weaker warning words above which only leave the verdict to the model
_STRONG_WARNING = re.compile(
    r"都是.{0,6}?骗|一律是|是骗人的|(?<!不是)骗局|诈骗类型|反诈(?:讲座|宣传|提醒|知识)|警方提醒|提醒大家|谨防|别上当|不要上当"
    r"|(?<!不要)(?<!别)(?:直接|立刻|马上|立即)挂"
)
#: a number or a WeChat-style id to contact: a warning that carries one may be bait
_CONTACT = re.compile(r"(?<!\d)\d{5,11}(?!\d)|(?<![a-z0-9_])[a-z](?=[a-z_-]*\d)[a-z0-9_-]{5,19}")


#: pinyin of the characters scammers spell out to slip past word lists ("dai款", "冻jie",
#: "zhengxin"): every concept word is also looked for with one of them, or all, in pinyin
_PINYIN_OF = dict(re.findall(
    r"(\w)([a-z]+)",
    "贷dai 款kuan 征zheng 信xin 冻dong 结jie 解jie 转zhuan 账zhang 汇hui 银yin 行hang 卡ka 验yan "
    "证zheng 码ma 退tui 赔pei 理li 屏ping 幕mu 共gong 享xiang 注zhu 销xiao 网wang 会hui 议yi 保bao "
    "金jin 安an 全quan 户hu 洗xi 钱qian 警jing 官guan 费fei 借jie 额e 度du 放fang 流liu 水shui 客ke "
    "服fu 快kuai 递di 逮dai 捕bu 押ya 审shen 核he 利li 息xi 还huan 逾yu 期qi 监jian 管guan 清qing "
    "算suan 资zi 涉she 嫌xian 案an 传chuan 票piao 公gong 检jian 法fa 微wei",
))  # fmt: skip


def _spelled(word: str) -> set[str]:
    """The word with one character, or every character, written in pinyin."""
    if not 2 <= len(word) <= 4:
        return set()
    out = {
        word[:i] + _PINYIN_OF[ch] + word[i + 1 :] for i, ch in enumerate(word) if ch in _PINYIN_OF
    }
    whole = "".join(_PINYIN_OF.get(ch, "?") for ch in word)
    if "?" not in whole and len(whole) >= 7:  # not "kefu", "lixi": they turn up inside links
        out.add(whole)
    return out - {word}


@cache
def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    words: dict[str, list[str]] = {}
    for concept in CONCEPTS:
        for word in concept.words:
            words.setdefault(word, []).append(concept.id)
    # the value names the word as written in the table, whichever spelling was found
    spelled: dict[str, tuple[str, list[str]]] = {}
    for word, ids in words.items():
        for variant in _spelled(word):
            if variant not in words:
                spelled.setdefault(variant, (word, ids))
    for variant, (word, ids) in spelled.items():
        automaton.add_word(variant, (word, tuple(ids)))
    for word, ids in words.items():
        automaton.add_word(word, (word, tuple(ids)))
    automaton.make_automaton()
    return automaton


def concepts(folded: str) -> dict[str, str]:
    """Concept id → the first word of it found in the folded text."""
    found: dict[str, str] = {}
    for _end, (word, ids) in _automaton().iter(folded):
        for cid in ids:
            found.setdefault(cid, word)
    return found


def ngrams(folded: str, named: bool = False) -> set[str]:
    """The model's features: distinct 2- and 3-grams of the first ``MAX_READ`` characters, and
    with ``named`` the stage concepts named there (``#refund``, ``#safe_account``: model10, they
    carry what it learnt over to wordings it never saw, a concept listing many words for one
    thing; a model file says whether it was trained with them)."""
    head = folded[:MAX_READ]
    text = head.translate(_DIGITS)
    grams = {text[i : i + 2] for i in range(len(text) - 1)}
    grams.update(text[i : i + 3] for i in range(len(text) - 2))
    if named:
        grams.update("#" + c for c in concepts(head))  # (a folded text has no "#")
    return grams


@dataclass(frozen=True, slots=True)
class Model:
    """Weights of the linear model: one row per n-gram, one column per class."""

    classes: tuple[str, ...]
    index: dict[str, int]
    weights: np.ndarray  # (n-grams, classes)
    bias: np.ndarray  # (classes,)
    review_at: float = REVIEW_AT  # flags a text alone from this probability of a scam
    veto: float = VETO  # overrules a concept rule below this one
    alone_at: float = ALONE_AT  # flags a text with one stage's words alone from this one
    named: bool = False  # its features include the stage concepts named (``ngrams``)

    def scores(self, grams: set[str]) -> tuple[np.ndarray, list[int]]:
        """Class probabilities for a text's n-grams, and the rows that took part."""
        import numpy as np  # loaded with the model (a bot that never scores a script skips it)

        get = self.index.get
        rows = [r for r in map(get, grams) if r is not None]
        logits = self.bias.copy()
        if rows:
            logits += self.weights[rows].sum(axis=0) / np.sqrt(len(grams))
        logits -= logits.max()
        p = np.exp(logits)
        return p / p.sum(), rows


MODEL_FILE = "script_model.json.gz"


def load_model(data: dict | None = None) -> Model:
    """The shipped model (or one given as the training script writes it)."""
    import numpy as np

    if data is None:
        raw = files("huzhu.plugins.anti_scam").joinpath(MODEL_FILE).read_bytes()
        data = json.loads(gzip.decompress(raw))
    grams: list[str] = data["ngrams"]
    weights = np.asarray(data["weights"], dtype=np.float32).reshape(
        len(grams), len(data["classes"])
    )
    return Model(tuple(data["classes"]), {g: i for i, g in enumerate(grams)}, weights,
                 np.asarray(data["bias"], dtype=np.float32),
                 data.get("review_at", REVIEW_AT), data.get("veto", VETO),
                 data.get("alone_at", ALONE_AT), data.get("named", False))  # fmt: skip


@cache
def model() -> Model | None:
    """The shipped model, loaded on first use; None if the file is missing (rules still run)."""
    try:
        return load_model()
    except FileNotFoundError:
        return None


@dataclass(frozen=True, slots=True)
class ScriptHit:
    """A text that reads like a scam script: category, confidence and why."""

    category: str
    probability: float
    rule: bool  # the category's concept rule fired
    concepts: tuple[str, ...]  # concept ids in the verdict's explanation
    quotes: tuple[str, ...]  # the text's own strongest phrases, when concepts say too little
    severe: bool
    alone: bool = False  # flagged by the model alone on one stage's words (``alone_at``)


#: what a short notice is about (a case, a freeze, a claim, a code, a loan): read only with one
_NOTICE = re.compile(
    "涉嫌|冻结|通缉|传票|理赔|赔付|丢失|退款|验证码|卡号|贷|口子|征信|停机|骗保|套现|提额|备用金|额度"
)
#: concepts too common in share texts and chat to count as a part of a script by themselves
_WEAK = frozenset({"warning", "you", "reach", "zhuli_bait", "admin", "weblink"})
_ASKS = frozenset({"secret_code", "id_bank"})
#: a demand or a channel no talk about scams carries (a card's security code asked for, money
#: asked after an approval, a lending app's invite code, an unknown site's link, an authority's
#: accusation with a demand made to the reader — authority.mechanism, which leaves out demands
#: negated or told of): the model,
#: which reads words, does not overrule the concept rule that fired with one of them
_PRECISE = frozenset(
    {
        "card_cvv",
        "pay_ask",
        "lending",
        "weblink",
        "police_mechanism",
        "code_out",
        "coached_lie",
        "payee_swap",
    }
)


def _reach(folded: str) -> bool:
    """A phone or QQ number in the text, digits or Chinese numerals ("二七六九四三零八一")."""
    return _REACH.search(folded) is not None or _REACH.search(numerals(folded)) is not None


def long_enough(folded: str, *, linked: bool = False) -> bool:
    """A script needs room, or a short notice a number or link (``linked``: the message had one),
    or it is of a short opener's length and names one of its parts (``openers``)."""
    return (
        _script_length(folded, linked=linked)
        or openers.candidate(folded)
        # a short lure ("我表哥在银行能内部办低息贷 有人要吗"); a short text with a link is judged
        # by its link (share texts: not read for a lure at all)
        or (not linked and len(folded) >= MIN_NOTICE and lures.candidate(folded))
    )


def _script_length(folded: str, *, linked: bool = False) -> bool:
    """Room for a script's stages, or a short notice with a number or link."""
    n = len(folded)
    if n >= MIN_LENGTH:
        return True
    if (
        n >= MIN_NOTICE
        and _NEW_NUMBER.search(folded)
        and (_SUPERIOR.search(folded) or _OPENER.search(folded))
    ):
        return True
    if short_boss(folded):  # boss block: "我王总 这是我新号"
        return True
    return (
        n >= MIN_NOTICE
        and _NOTICE.search(folded) is not None  # a short share text has none of these words
        and (linked or _reach(folded) or _FEE_FIRST.search(folded) is not None)
    )


def judge(
    folded: str,
    *,
    use_model: Model | None = None,
    linked: bool = False,
    weblink: bool = False,
    lines: tuple[str, ...] = (),
) -> ScriptHit | None:
    """Whether the folded text reads like one of the scripted scams, or opens one (None: it
    does not). ``linked``: the message carried a link, taken out of ``folded`` before (a way to
    reach); ``weblink``: one of them was not an official platform's; ``lines``: the
    message's lines as sent, when it was sent as several (folded here, only if read).
    A long text without a link that reads as nothing is read again with its English words in
    Chinese (``textnorm.switched``: "让我 notify 你…urgent 付款") and its words' sound-alike
    slips undone (``textnorm.heard``: a call's transcript, "理培", "支付包", "验正码"); share
    texts carry a link and do not pay for it."""
    hit = _judge(folded, use_model=use_model, linked=linked, weblink=weblink, lines=lines)
    if hit is None and not linked and len(folded) >= HEARD_MIN:
        folded = folded[:CONCEPT_READ]  # (what the reading reads: bounded time on long texts)
        restored = heard(switched(folded))
        if restored != folded:
            return _judge(restored, use_model=use_model, linked=linked, weblink=weblink)
    return hit


def _judge(
    folded: str,
    *,
    use_model: Model | None = None,
    linked: bool = False,
    weblink: bool = False,
    lines: tuple[str, ...] = (),
) -> ScriptHit | None:
    """``judge`` of the text as written."""
    hit = _scripted(folded, use_model=use_model, linked=linked, weblink=weblink, lines=lines)
    return _lured(folded, hit, linked=linked, weblink=weblink)


def _scripted(
    folded: str,
    *,
    use_model: Model | None = None,
    linked: bool = False,
    weblink: bool = False,
    lines: tuple[str, ...] = (),
) -> ScriptHit | None:
    """The four scripts, or their openers, in the text as written."""
    hit = None
    if _script_length(folded, linked=linked):
        hit = _script(folded, use_model=use_model, linked=linked, weblink=weblink)
    if (hit is None or not hit.rule) and openers.candidate(folded):
        # (a text the model flagged without a rule: an opener's rule explains it, if one fires)
        opener = openers.read(folded, weblink=weblink)
        if opener is not None:  # rules only: the model, trained on whole scripts, has no say
            return ScriptHit(opener.category, 0.0, True, opener.concepts, (), opener.severe)
    if hit is None and lines:  # sent as short lines: a few of them may open a script (openers9)
        folded_lines = tuple(f for line in lines if (f := fold(line)))
        opener = openers.read_lines(folded_lines, weblink=weblink)
        if opener is not None:
            return ScriptHit(opener.category, 0.0, True, opener.concepts, (), opener.severe)
    return hit


def _lured(folded: str, hit: ScriptHit | None, *, linked: bool, weblink: bool) -> ScriptHit | None:
    """``hit``, or the lure the text carries (recall12: a prize, an investment, a suspended card,
    a pitch dressed as a question) when nothing else fired or the writer offers it in their own
    voice (a script's reading of such a text is lowered as a member's question, a lure offered
    is not). A share text carries an official link and is not read for them."""
    if (linked and not weblink) or len(folded) < MIN_NOTICE or (hit is not None and hit.severe):
        return hit
    lure = lures.read(folded[:MAX_READ], weblink=weblink)
    if lure is None:
        return hit
    if hit is not None and hit.rule and not lure.severe and "lu_offer" not in lure.concepts:
        return hit  # (a script's rule read it; the lure names it no better)
    return ScriptHit(lure.category, 0.0, True, lure.concepts, (), lure.severe)


def _script(
    folded: str, *, use_model: Model | None = None, linked: bool = False, weblink: bool = False
) -> ScriptHit | None:
    """A whole script read by its stages and the model (``judge``'s first reading)."""
    folded = folded[:CONCEPT_READ]  # the model reads its first MAX_READ characters of it
    found = concepts(folded)
    if not found:
        return None  # most share texts and chat: not one stage word
    if "ask_money" not in found and _ASK_SUM.search(folded):
        found["ask_money"] = "ask_money"
    if "fee" not in found and (
        any(not m[1].endswith(_BILLS) for m in _FEE.finditer(folded))
        or any(
            not folded[max(0, at - 8) : at].endswith(_BILLS)
            for m in _FEE_SUM.finditer(folded, 0, MAX_READ)
            for at in (m.start("f") if m["f"] else m.start("g"),)
        )
    ):
        found["fee"] = "fee"
    if ("loan" in found or "refund" in found) and _FEE_FIRST.search(folded):
        found["fee_first"] = "fee_first"
    if "loan" not in found and _LOAN_PRETEXT.search(folded, 0, MAX_READ):
        found["loan"] = "loan"
    if _NAME_LOAN.search(folded, 0, MAX_READ):
        found["name_loan"] = "name_loan"
    if _PHOTO_PAWN.search(folded, 0, MAX_READ):
        found["photo_pawn"] = "photo_pawn"
    if _CARD_HANDOVER.search(folded, 0, MAX_READ):
        found["card_handover"] = "card_handover"
    if found.keys() & {"loan", "lender", "refund", "kefu"} and _KIN_CARD.search(
        folded, 0, MAX_READ
    ):
        found["kin_card"] = "kin_card"
    if "loan" in found or "lender" in found:
        if any(
            "说" not in folded[max(0, m.start() - 10) : m.start()]
            for m in _UPFRONT.finditer(folded, 0, MAX_READ)
        ):
            found["upfront"] = "upfront"  # (not "银行说放款前需要你先买保险": a member retelling)
        if _SELF_DEPOSIT.search(folded, 0, MAX_READ):
            found["self_deposit"] = "self_deposit"
    if "loan" in found:
        if _APPROVED.search(folded):
            found["approved"] = "approved"
            if _PAY_ASK.search(folded):
                found["pay_ask"] = "pay_ask"
        if "referral" in found and _LENDING.search(folded):
            found["lending"] = "lending"
    if "id_bank" in found and not _asked(folded):
        del found["id_bank"]  # "退回到我的银行卡": where money goes, nobody asks for it
    elif "id_bank" in found and _ID_AT_DESK.search(folded):  # police block (police7)
        del found["id_bank"]  # "请凭身份证到邮政支局领取": shown at a counter, not sent to anyone
        found.pop("loan_ad", None)
    if weblink:
        found["weblink"] = "weblink"
    if "off_app" not in found and _OFF_APP.search(folded):
        found["off_app"] = "off_app"
    if _COACHED_LIE.search(folded, 0, MAX_READ):
        found["coached_lie"] = "coached_lie"
    if (
        "流水" in folded
        and found.keys() & {"loan", "lender"}
        and _FLOW_PAY.search(folded, 0, MAX_READ)
    ):
        found["borrow_out"] = "borrow_out"  # money moved for a "流水": the loan never comes
    if "secret_code" in found and any(
        _CODE_KEPT.search(folded, max(0, m.start() - 8), m.end()) is None
        for m in _CODE_OUT.finditer(folded, 0, MAX_READ)
    ):
        found["code_out"] = "code_out"
    signals = _boss_signals(folded, found)  # boss block (boss6)
    police = authority.mechanism(folded)  # police block (police7): who + accused + a demand
    if "police_mechanism" in police:
        found.update(police)
        if "warning" in found and "warning" not in concepts(authority.unreassured(folded)):
            del found["warning"]  # "我不是骗子", "防止你被骗子利用": the script's own words
    elif found.keys() & {"isolate", "transfer_call"} and authority.at_the_desk(folded):
        found.pop("isolate", None)  # "请携带身份证到所里补充做笔录": asked in, not on camera
        found.pop("transfer_call", None)
    if (
        "warning" in found
        and "冒充我" in folded
        and "warning" not in concepts(folded.replace("冒充我", ""))
    ):  # boss block: "旧号被盗了，有人冒充我借钱" is the script's own line, not a warning
        del found["warning"]
    if (
        "warning" in found
        and _NOT_WARNING.search(folded)
        and "warning" not in concepts(_NOT_WARNING.sub("", folded))
    ):  # "不用给他打电话确认", "证明你不是骗子": a check forbidden, an assurance, not advice
        del found["warning"]
    if "warning" in found and (frame_channel(folded) is not None or _PITCH.search(folded)):
        del found["warning"]  # "骗子太多了…我们不一样…需要的联系我": a warning as a sales pitch
    parts = found.keys() - _WEAK - signals  # a script has two parts besides a contact or a 助力
    # one part only: no concept rule fires; a long text is read by the model alone, which flags
    # it from its stricter ``alone_at`` (model10: scripts told in words the stages do not list),
    # unless that part is only a hurry ("最后一天", "在开会": share texts and chat say it)
    alone = False
    if (
        len(parts) < 2
        and not (parts & _ASKS and found.keys() & {"zhuli_bait", "admin"})
        and not (signals and _boss_fires(found))
        and "police_mechanism" not in found
    ):
        if not parts - {"busy"} or len(folded) < MIN_LENGTH:
            return None
        m = use_model or model()
        if m is None or m.alone_at > 1:
            return None
        alone = True
    if "reach" not in found and (linked or _reach(folded)):
        found["reach"] = "reach"
    if (
        _STRONG_WARNING.search(folded)
        and not _CONTACT.search(folded)
        and not ("police_mechanism" in found and frame_demand(folded))
        and not _PITCH.search(folded)
        and not frame_hushed(folded)  # "反诈提醒：…做视频笔录，这件事要保密": the script's own
    ):  # it tells people not to fall for it, and gives no one to contact (but "提醒您不要上当…
        return None  # 把卡里的钱转到我们的监管账户": an officer's demand in its own voice)
    if _CLAIMED.search(folded):
        found["claimed"] = "claimed"
    loan_heavy = "loan" in found and _loan_dominates(folded)
    if loan_heavy:
        found["loan2"] = "loan2"
    fired = (
        []
        if "warning" in found or alone
        else [  # a warning names the tricks; the model judges it
            cat
            for cat, alternatives in RULES.items()
            if any(all(any(c in found for c in g) for g in need) for need in alternatives)
        ]
    )
    if not fired and len(folded) < MIN_LENGTH:
        return None  # a short notice is flagged by its concept rule only, never by the model alone
    if "police" in fired and "police_mechanism" not in found and authority.retold(folded):
        fired.remove("police")  # police block (police7): "有人打电话说我涉嫌…要转给公安", told
    if "police" in fired and "police_mechanism" in found and authority.claimed(folded):
        fired = ["police"]  # police block (police7): an officer's demand, whatever else it says
    if "police" in fired and "boss" in fired:
        fired.remove("boss")  # an officer's demand, not a friend's
    if (
        fired == ["boss"]
        and _OFFERS_CALL.search(folded)
        and not found.keys() & {"new_account", "secrecy", "third_account", "gift_card", "busy"}
    ):
        return None  # openers8: "我晚上给你打电话细说": a friend who will call can be checked
    m = use_model or model()
    prob, category, rows, grams = 0.0, "", [], set()
    review_at, veto = (m.review_at, m.veto) if m is not None else (REVIEW_AT, VETO)
    if alone and m is not None:
        review_at = m.alone_at
    if m is not None:
        grams = ngrams(folded, m.named)
        p, rows = m.scores(grams)
        ham = m.classes.index("ham")
        prob = float(1.0 - p[ham])
        # the category: the likeliest of those whose concept rule fired, else the likeliest
        pool = [m.classes.index(c) for c in fired] or [i for i in range(len(p)) if i != ham]
        category = m.classes[max(pool, key=lambda i: p[i])]
    elif fired:
        category = fired[0]
    if fired and _CJK.search(folded) is None:  # boss block: the model reads Chinese only, so it
        prob = max(prob, veto)  # has no veto over an English script (nor makes it severe)
    if category == "kefu" and loan_heavy:
        category = "loan"  # a 客服 of a lender: named by what it is about
    if not fired and (prob < review_at or _IN_PERSON.search(folded)):
        return None  # (the model alone does not flag papers brought to a counter in person)
    if not fired and _TOLD_CALL.search(folded) and not authority.demanded(folded):
        return (
            None  # "今天接到个电话说我涉嫌洗钱，我就挂了": a call told of, nothing asked (recall10)
        )
    if (
        fired
        and m is not None
        and prob < veto
        and not found.keys() & _PRECISE
        and not authority.demanded(folded)
    ):  # the words are there but it reads like talk about it (not when the writer makes a
        return None  # demand in their own voice: "妈，这件事你千万要保密，先把钱转过去")
    severe = bool(fired) and prob >= (BOSS_SEVERE_AT if category == "boss" else SEVERE_AT)
    if category == "police" and len(police) > 1:
        found.update(police)  # police block (police7): its demands name the script best
    shown = _explain(category, found)
    quotes: tuple[str, ...] = ()
    if len(shown) < 2 and m is not None:
        quotes = _quotes(folded, m, category, rows, grams)
    return ScriptHit(category, prob, bool(fired), shown, quotes, severe, alone)


def _asked(folded: str) -> bool:
    """Whether an ID or bank card is named other than as where money goes."""
    return any(not _TO_CARD.search(folded[max(0, m.start() - 6) : m.start()])
               for m in _ID_WORDS.finditer(folded))  # fmt: skip


_LOAN_WORDS = frozenset(_BY_ID["loan"].words + _BY_ID["lender"].words)
_REFUND_WORDS = frozenset(_BY_ID["refund"].words)


def _loan_dominates(folded: str) -> bool:
    """At least two distinct words of loans and credit, and more than of refunds."""
    loan: set[str] = set()
    refund: set[str] = set()
    for _end, (word, _ids) in _automaton().iter(folded):
        if word in _LOAN_WORDS:
            loan.add(word)
        elif word in _REFUND_WORDS:
            refund.add(word)
    return len(loan) >= 2 and len(loan) > len(refund)


def _explain(category: str, found: dict[str, str]) -> tuple[str, ...]:
    """The concepts worth naming: what the victim is asked to do first, then the pretext."""
    if category == "boss":  # boss block: who, the demand, the pressure
        return _explain_boss(found)
    if category == "police" and authority.explains(found):  # police block (police7)
        return authority.explain(found)
    do = [c.id for c in CONCEPTS if c.stage == "do" and c.id in found]
    if "fee_first" in found:  # found by its pattern, not a word list: said first, for "fee"
        do = ["fee_first", *(c for c in do if c != "fee")]
    if "pay_ask" in found:  # "已批下来，需要您先交…"
        do = ["pay_ask", *(c for c in do if c not in ("fee", "transfer"))]
    for first in _DEMANDS_FIRST:  # found by their patterns: the demand, said first
        if first in found:
            do = [first, *(c for c in do if c not in ("fee", "transfer"))]
    if "weblink" in found:
        do.append("weblink")
    if "register" in found and category == "boss":  # a "finance department" notice
        do = ["register", *(c for c in do if c != "register")]
    if category != "boss" and "ask_money" in do and len(do) > 1:
        do.remove("ask_money")  # "找你借钱" is said of a boss or a relative, not an officer
    if "transfer" in do and {"safe_account", "ask_money"} & found.keys():
        do.remove("transfer")  # said better by the account or the request
    why = [c.id for c in CONCEPTS if c.stage == "why" and c.id in found]
    if category == "police":  # police block (police7): the accusation, not the 冻结 of a loan
        why = [c for c in ("crime", "threat") if c in why] + [
            c for c in why if c not in ("crime", "threat")
        ]
    if "staff_notice" in found and category == "boss":
        why = ["staff_notice"]  # who claims it, not the words of its pretext
    for specific in ("credit_offer", "lending"):  # said before the general "网贷、征信"
        if specific in found:
            why = [specific, *(c for c in why if c != specific)]
    if category == "boss" and not do:  # an opener: who says it and that the number is new
        claim = [c for c in ("boss_claim", "claimed") if c in found][:1]
        return tuple(claim + [c for c in ("new_account",) if c in found] + why[:1])
    return tuple(do[:3] + why[:1])


def _quotes(
    text: str, m: Model, category: str, rows: list[int], grams: set[str]
) -> tuple[str, ...]:
    """Up to three phrases of the text that weigh most towards ``category``."""
    col = m.classes.index(category)
    ham = m.classes.index("ham")
    index = m.index
    weight = {g: float(m.weights[index[g], col] - m.weights[index[g], ham])
              for g in grams if g in index and g[0] != "#"}  # (a concept is no phrase)  # fmt: skip
    top = sorted((g for g in weight if weight[g] > 0), key=weight.get, reverse=True)[:8]  # type: ignore[arg-type]
    digits = text.translate(_DIGITS)
    spans: list[list[int]] = []
    for g in top:
        at = digits.find(g)
        if at >= 0:
            spans.append([at, at + len(g)])
    spans.sort()
    merged: list[list[int]] = []
    for s in spans:
        if merged and s[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], s[1])
        else:
            merged.append(s)
    merged.sort(key=lambda s: s[0] - s[1])
    return tuple(text[a:b] for a, b in merged[:3])


def offered(hit: ScriptHit) -> bool:
    """Whether the hit is a lure the writer offers in their own voice (``lures``: a pitch)."""
    return hit.category in lures.CATEGORY_NAMES and "lu_offer" in hit.concepts


def describe(hit: ScriptHit, lang: str) -> tuple[str, str]:
    """(category name, what fired) in the member's language."""
    zh, en = CATEGORY_NAMES[hit.category]
    if hit.concepts:
        what = join_list(
            (_BY_ID[c].en if lang == "en" else _BY_ID[c].zh for c in hit.concepts), lang
        )
    else:
        what = join_list((f'"{q}"' if lang == "en" else f"「{q}」" for q in hit.quotes), lang)
    return (en if lang == "en" else zh), what
