"""anti_scam (round seven): loan and "boss" scripts read by the shape of each stage, not by
stock words: who (a lost or borrowed phone, a guessing game, "我，你大舅"), money asked of the
reader in any words, the pressure (secrecy, the approval skipped); a loan in plain words with
money asked first or put in one's own card. Every verdict names the stages in words."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from huzhu.core import Severity
from huzhu.plugins.anti_scam import scripts
from huzhu.plugins.anti_scam.phrases import fold
from tests.anti_scam_reading import flagged, reasons

WRITTEN9 = Path(__file__).resolve().parent / "data" / "antiscam_written9.jsonl"


def script_reason(message: str) -> str:
    [(_rule, severity, reason)] = [r for r in reasons(message) if r[0] == "anti_scam.script"]
    assert severity in (Severity.REVIEW, Severity.SEVERE)
    return reason


@pytest.mark.parametrize(
    ("message", "named"),
    [
        # a guessing game on the phone, a story, "don't tell your father", money to "this card"
        (
            "奶奶，是我啊，听不出来了吗？我嗓子感冒了。我在学校把同学打伤了，人家要私了，要八千块，"
            "你别告诉我爸，他知道了会打死我的，你去银行给这个卡号打钱就行。",
            "让你猜他是谁",
        ),
        # a relative whose phone was lost, on a passer-by's, money to "this person"
        (
            "姑姑，是我，琳琳。我今天到北京了，手机在地铁上丢了，用路人的手机给你发消息。"
            "我钱都在手机里，你能不能先转五百给这个人，他说帮我换成现金。",
            "换了新号的熟人",
        ),
        # nobody says who: a payment ordered past the approval, "don't call, I'm in a meeting"
        (
            "小李，你下班前把那笔款处理一下，四万七，对方财务的卡号我一会儿发你，这事你直接办，"
            "不用走审批了，我回来签字。电话别打，我在里面开会。",
            "要你绕过审批",
        ),
        # "我，你大舅" after a greeting, money to "this number", secrecy in other words
        (
            "喂，是小吴吗，我，你大舅，声音听不出来了？我在你们城市办事，出了点状况，钱包被偷了，"
            "你先给我转一千五到这个号上，晚上我请你吃饭，别跟你妈说我来了。",
            "自称领导、老师或亲人",
        ),
        # a superior named over the reader, a payment link to pay for him (代付)
        (
            "小陈，我老吴，你们组长。我现在在医院陪我老婆，走不开。我在网上给孩子报了个补习班，"
            "付款链接我发你，你帮我代付一下，三千九，今天最后一天优惠，回头我转你。",
            "自称领导、老师或亲人",
        ),
        # a pasted chat turn whose speaker is the boss; cash fetched by his driver; secrecy
        (
            "[14:02] 刘总：小赵，客户那边要一个回扣，你现在去银行取五万现金，我让我的司机过去拿，"
            "就在你们公司楼下，这事你知我知，别跟财务讲。",
            "要求保密",
        ),
        # a kindergarten head collecting a fee per head on her own WeChat
        (
            "各位宝妈注意，我是幼儿园的园长，现在学校要给每个小朋友定做园服，每套二百八十元，"
            "请大家加我个人微信单独付款，不要在群里付，避免信息泄露。",
            "按人头收费",
        ),
        # a boss's "assistant": pay a partner today, papers later, and "don't call him to check"
        (
            "刘会计，我是王总的助理，王总在开会，他让我转告你，今天下班前把十八万打到这个合作方的账户上，"
            "合同下周补签，王总说这个事你直接办，不用给他打电话确认。",
            "别打电话核实",
        ),
        # a neighbourhood committee whose account to pay into has "changed"
        (
            "陈姐，我是小区业委会的老周，我们换了个新的收款账户，这个季度的停车费和维修基金交到这个新账户，"
            "原来的账户作废了，这几天交的有优惠。",
            "说收款账户换了",
        ),
    ],
)
def test_boss_scripts_by_who_money_and_pressure(message, named):
    reason = script_reason(message)
    assert "像冒充领导、熟人借钱的骗局" in reason and named in reason, reason
    assert not re.search(r"\d", reason), reason  # words, never a number


@pytest.mark.parametrize(
    ("message", "named"),
    [
        # money "checked" in one's own card before the payout (流水 without the word)
        (
            "你借款的三万额度已经审核好了，不过我们这边要看一下你的还款实力，麻烦你往你自己的银行卡里"
            "打八千块钱，放十分钟，截个图给我，我们后台确认以后就能打款了。",
            "要你往自己卡里存钱",
        ),
        # a loan in plain words and a deposit asked first ("激活" the card)
        (
            "你好，你在我们这借的钱已经批了，但是你的卡被风控了，钱过不去，得你先往卡里存一笔钱"
            "把卡激活，存多少到账多少，你看你方便存多少。",
            "要你先交钱",
        ),
        # a deposit first (押) to a friend of a friend
        (
            "哥们，你要借钱的话找我这个朋友，他那边利息很低，就是规矩多一点，第一次合作要先押一部分钱"
            "在他那，你借五万的话先押五千，还完了就退给你。",
            "要你先交钱",
        ),
        # a family card opened for the "agent"
        (
            "刚才客服跟你说的那个，你要是不方便的话，可以开通微信亲属卡绑定我们专员的账号，"
            "专员直接帮你走流程，走完以后额度自动到你卡上。",
            "要你给对方开亲属卡",
        ),
        # an overdue loan to be repaid into a person's account
        (
            "【还款提醒】您的借款已逾期三天，请立即将欠款转入以下个人账户以免产生更多罚息，"
            "若今日内未还款将上门催收并联系您的通讯录。",
            "要你交到个人账户",
        ),
        # pay, and then the money ("只要出个…就能拿到")
        (
            "我跟你说个内部消息，我们公司最近有一批贴息贷款的名额，利息政府出，你只要出个材料费三千块"
            "就能拿到二十万，名额就剩两个了。",
            "要你先交钱",
        ),
        # "证明你不是骗子": the script's own assurance is no warning
        (
            "姐，你那个借款的事，我帮你问了，人家说可以，就是你得先往他们指定的卡上转一笔钱，"
            "证明你不是骗子，他们也怕被骗，转了就放款，钱也会退回来的。",
            "转账到指定账户",
        ),
        # the reader told to put money into "their company's" account, a fee after its sum
        (
            "老妹，我给你介绍的那个贷款你办了没？他们说你资料都合格了，就差最后一步，你往他们公司账上"
            "打八百块的档案费，打完第二天钱就下来了。",
            "要你先交钱",
        ),
        # the bank card itself mailed to them
        (
            "兄弟，我跟你说，你那个贷款没下来是因为你的银行卡是风险卡，你去办一张新卡，往里面存一万，"
            "然后把卡和密码寄给我们，我们帮你激活，激活后连卡带钱寄回。",
            "要你把银行卡交给、寄给他",
        ),
        # photos as a loan's "collateral"
        (
            "妹子，你不是说要借钱给你妈看病吗，我认识一个放贷的大哥，人很好，不要利息，就是要你先拍几张照片"
            "给他做抵押，你懂的，拍完他马上转钱。",
            "要你拍照片作抵押",
        ),
        # borrowing in the reader's name for someone else
        (
            "同学，你是不是在找兼职？我这有个活，就是用你的名字去几个平台借点钱，借出来的钱给我用，"
            "利息我来还，每借一万给你五百的报酬。",
            "要你用自己的名义借钱给他用",
        ),
    ],
)
def test_loan_scripts_by_a_loan_and_money_asked_first(message, named):
    reason = script_reason(message)
    # (a lender's "客服" may be named as either)
    assert "像贷款、注销网贷、征信的骗局" in reason or "像冒充客服退款、理赔的骗局" in reason, (
        reason
    )
    assert named in reason, reason


@pytest.mark.parametrize(
    "message",
    [
        # a member retelling what the bank said, asking the group
        "房贷审批下来了，银行说放款前需要你先买一份房屋保险，我问了别人说这个是正常的",
        # a child asking a parent: a promise to pay back is no pressure by itself
        "妈，我这个月生活费有点紧，能不能再给我转五百，下个月我少花点，兼职工资发了还你。",
        # a real boss: the approval followed, not skipped
        "小李，下午把供应商的货款付一下，走正常的审批流程，单子我上午已经签好了，放在财务那边。",
        "我爸手机坏了，换了个新号码，大家有事就打这个，旧号码不用了。",
        # a real mortgage: the down payment first is no fee before the payout
        "贷款买房的时候，银行让我们先交首付再签合同，后面放款是直接打到开发商账户的，不经过我们手。",
        "我给我妈开了亲属卡，她用我的额度买菜，客服说每月上限两千。",
        "贷款中介说能帮我做流水，我没理他，正规银行审核很严的，做假流水是违法的。",
        "我们单位的工会有个低息借款，员工可以借五万，三年还清，利息比银行还低。",
        "最近找兼职的同学注意，凡是让你用自己名字去借钱的兼职都是骗局，出了事要自己还。",
        "幼儿园通知定做园服，每套一百八，统一在园里的缴费系统交，有收据，家长们放心。",
        "公司发了通知，说最近有人冒充财务总监在微信上要求转账，一定要打电话核实。",
        "陈姐，业委会通知停车费还是在物业前台交，有收据，大家不要转给个人。",
        "兄弟，上次借你的一千我转你了，收一下，谢谢你救急啊，改天请你喝酒。",
        "有人冒充我给我的同学发消息借钱，说是换了新号，大家如果收到了千万别转，我没有换号！",
    ],
)
def test_family_money_real_bosses_and_retold_bank_terms_are_allowed(message):
    assert not flagged(message), reasons(message)


def test_boss_mechanism_concepts_are_explained_in_english_too():
    hit = scripts.judge(fold(
        "小李，你下班前把那笔款处理一下，四万七，对方财务的卡号我一会儿发你，不用走审批了，"
        "我回来签字。电话别打，我在里面开会。"
    ))  # fmt: skip
    assert hit is not None and hit.category == "boss"
    _name, what = scripts.describe(hit, "en")
    assert "approval" in what, what


def test_a_fee_named_with_its_sum_lets_the_model_judge_a_loan():
    """ "隔离费一千二": no rule names the fee, but a loan and a fee are two stages; the model,
    sure of it, holds the text for review and names the text's own phrases."""
    hit = scripts.judge(fold(
        "您好，看到您在我们平台留了借款意向，您的资质初审过了，可以批八万，不过您现在的负债有点高，"
        "需要先做一个“债务隔离”，隔离费一千二，做完马上就能进入终审。"
    ))  # fmt: skip
    assert hit is not None and hit.category == "loan"
    assert scripts.describe(hit, "zh")[1]
    assert (
        scripts.judge(fold("这学期的学费五千二，住宿费一千二，我妈昨天给我转过来了，下周去交。"))
        is None
    )


def test_written9_held_split():
    """written9 (round seven): its held split was measured before the rules of this round were
    written (loan 15/17, boss 18/18, 1 of 38 ham) and its misses never read; a tenth probe
    batch, written after nine rounds of rules, was added to it unread (main: loan 11/15,
    boss 13/15; this branch: loan 12/15, boss 13/15; ham 0/20 both)."""
    hits, total = Counter(), Counter()
    for row in map(json.loads, filter(None, WRITTEN9.read_text(encoding="utf-8").splitlines())):
        if row["split"] == "held":
            total[row["label"]] += 1
            hits[row["label"]] += flagged(row["text"])
    for cat, at_least in (("kefu", 0.85), ("loan", 0.8), ("police", 0.85), ("boss", 0.9)):
        assert hits[cat] / total[cat] >= at_least, (cat, hits, total)
    assert total["ham"] >= 58 and hits["ham"] <= 1, hits


# ---- round ten (recall10): mechanisms told in other words, spoken or mixed forms ----------


@pytest.mark.parametrize(
    ("message", "named"),
    [
        # a refund nobody asked for, and the buyer's payment account probed
        ("亲，您上周在我们店买的保温杯抽检没通过，要给您办退款的，您的微信还能正常收款吗", "退款"),
        # the platform's own fault, money back unasked, and a call to wait for
        ("您好，我们商城系统升级时重复收了您一次年费，需要给您退费，请留意来电", "退款"),
        # the reader's parcel held until a small fee is paid
        ("您好，您的包裹因收件信息不全无法派送，请补充地址并支付二次配送费3元后重新安排", "退款"),
        # credit sold to strangers and a fee before anything is delivered
        ("逾期了也不怕，我们帮你做信用卡，先付手续费三百就行，包过", "贷款"),
        # a lender out of the blue: lower interest on the reader's loan, done in an app
        ("你好，这边是某某金融，你之前借的款利息偏高，可以帮你降息，下载app就能办", "贷款"),
        # a boss by full title, writing from an account just added
        ("我是你们刘局长，刚新加了你，晚点有件事要你去办", "领导"),
        # a refund "agreed", and the buyer walked through their own app by the writer
        (
            "亲，您的退款我们已经同意了，不过系统显示您的账户没有开通收款功能，需要您照我说的操作一下",
            "退款",
        ),
        # a credit line raised unasked, "verified" by the card's security code
        ("您的信用卡额度可以提升，需要您提供卡背面的安全码", "贷款"),
        # a cash line waiting, to be "activated" on a private chat
        ("您好，您名下有一笔备用金还没有领取，请加客服微信激活后使用", "贷款"),
        # a loan "almost through", money to be put in the reader's own card first
        ("您好，您申请的贷款还差一步流水验证，请先往绑定的卡里存三千", "贷款"),
        # compensation offered unasked, and the balance of the reader's account asked
        (
            "你好，快手小店客服，你的订单因为仓库爆仓超时未发货，平台规定要赔付你一百二，你那边支付宝的余额是多少？",
            "退款",
        ),
        # money back for a wrong item, done by the writer "remotely" in an app
        (
            "你好我是淘宝的，你买的那件衣服我们发错货了，退你钱，你下个app我们远程帮你操作一下",
            "退款",
        ),
    ],
)
def test_round_ten_openers_read_the_move(message: str, named: str) -> None:
    assert flagged(message)
    assert named in script_reason(message)


@pytest.mark.parametrize(
    ("message", "named"),
    [
        # spoken, unpunctuated: a code the reader received, to be read out for a "refund"
        (
            "嗯 好的 您那边手机上现在应该收到了一条短信 里面有一个六位的确认码 那个是系统发来的 "
            "您把那个码报给我一下 我帮您把退款单提交上去 不然这个退款就要重新排队了",
            "验证码念给他",
        ),
        # money moved again "for the 流水" of a loan that never comes
        (
            "你的额度系统已经批了 就是流水还差一点 你现在再存八千 还是打到上次那张卡上 "
            "两笔流水齐了财务会一起退给你 额度马上就能放下来 抓紧时间",
            "借钱转出",
        ),
        # the reader coached on what to tell the bank, for a loan's "deposit"
        (
            "你的贷款审核下来了，额度五万，放款前要存一笔钱证明还款能力。你现在去银行取两万出来，"
            "柜员问你你就说是给家里人看病用的，别的什么都不要讲，取完直接存到我给你的卡上。",
            "怎么说谎",
        ),
        # the usual way to pay is "down", the fee goes to a person instead
        (
            "班主任通知：学校的收费系统这周在维护，本学期的练习册费用每人一百二，暂由老师代收，"
            "请各位家长今天之内转给我，备注孩子姓名。",
            "平台用不了",
        ),
    ],
)
def test_round_ten_scripts_read_the_move(message: str, named: str) -> None:
    assert flagged(message)
    assert named in script_reason(message)


def test_a_parcel_held_by_customs_with_a_number_to_call_is_the_police_script() -> None:
    message = "【快递通知】您寄往新加坡的快件在海关被查出夹带违禁物品，已移交公安，请致电 020-88776655 协助调查。"
    assert flagged(message)
    assert "涉案" in script_reason(message) or "配合" in script_reason(message)


@pytest.mark.parametrize(
    "message",
    [
        # advice about codes, a real shop's refund, a teacher collecting through the school
        "大家注意，收到的验证码不要报给任何人，客服说要退款也不要信，退款从来不需要验证码。",
        "亲，您的退款已经原路退回，三到五个工作日到账，您的支付宝留意一下就好，不需要做任何操作哦",
        "班主任通知：本学期练习册费用每人一百二，请各位家长通过学校缴费平台缴纳，老师不代收任何费用。",
        "我们公司做信用卡业务的，办卡不收任何费用，有需要的可以去银行网点办理。",
        "银行问我这笔钱做什么用，我就说是给家里装修用的，本来就是装修。",
        "您好，您申请的贷款已审批通过，请登录手机银行查看",
        "您的信用卡账单已出，请按时还款，如有疑问请拨打卡背面的客服电话",
    ],
)
def test_round_ten_real_talk_is_allowed(message: str) -> None:
    assert not flagged(message)


def test_traditional_characters_beyond_the_old_table_are_folded() -> None:
    # 暫, 輔 and 繳 were not in the 519-character table
    assert fold("暫由老師代收教輔資料費，請繳費") == "暂由老师代收教辅资料费请缴费"


@pytest.mark.parametrize(
    "message",
    [
        # a call's transcript, its key words written by sound (理培, 支付包, 备用经; 腾迅会意, 屏幕共想;
        # 公按, 设嫌, 洗前)
        "嗯 您好 是这样的 您上个月买的那个面霜 质检没过 我们这边要给您做个理培 您现在打开支付包 "
        "找到那个备用经 先领五百出来 领完跟我说一下 我这边给您走理培流程",
        "喂 您好 您的那个会员到期要扣费了 我们这边帮您关 您现在下载一个腾迅会意 开一下屏幕共想 "
        "我一步一步教您",
        "你好 这里是市公按局 你名下的卡设嫌一起洗前案 那个 你现在下载一个软件 开一下屏幕共想 "
        "我们要核查你的资金",
    ],
)
def test_a_transcript_written_by_sound_is_read_by_its_words(message: str) -> None:
    assert flagged(message)


def test_sound_alike_slips_are_undone_but_words_and_word_boundaries_are_kept() -> None:
    from huzhu.plugins.anti_scam.textnorm import heard

    assert heard("打开支付包找到备用经") == "打开支付宝找到备用金"
    assert heard("会影响你的个人正信") == "会影响你的个人征信"
    # real words that sound like one (会意, 威信), a slip across two words (管理|培训), a slip that
    # keeps a character used alone (会 + 原路)
    for text in ("领会意思", "他在村里很有威信", "管理培训班今天开课", "支付的钱会原路退回"):
        assert heard(text) == text


def test_a_call_told_of_by_the_one_who_hung_up_is_not_flagged_by_the_model_alone() -> None:
    # the words of the police script, told by the member who got the call; nothing asked
    message = "今天接到个电话 说我是广州公安局的 你涉嫌一起洗钱案 我说我卡里就几十块 对面就挂了"
    assert not flagged(message)
    # …but the same call made in the writer's own voice, with its demand, still is
    assert flagged(
        "我是广州公安局的，你涉嫌一起洗钱案，马上把卡里的钱转到安全账户配合调查，别挂电话"
    )


def test_a_code_switched_message_is_read_in_chinese() -> None:
    from huzhu.plugins.anti_scam.textnorm import switched

    # folded English words glued together are still found; short ones only as a whole run
    assert switched("有一笔urgentpayment给supplier") == "有一笔紧急付款给供应商"
    assert switched("我的alipay账号") == "我的支付宝账号"
    assert switched("admin在吗") == "admin在吗"
    assert switched("please call me") == "please call me"  # English alone: the English rules
    # a boss's order relayed in mixed words: money now, the payee sent later
    assert flagged(
        "老板在 meeting 不方便接电话，让我转告你有一笔 urgent payment 今天要付给 supplier，"
        "收款方账户我等下私信你"
    )
