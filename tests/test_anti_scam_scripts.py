"""anti_scam: long scripted scams (concept rules + the shipped n-gram model), explained in words."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from huzhu.core import Severity
from huzhu.plugins.anti_scam import TEXTS, Config, scan, scripts, to_verdict
from huzhu.plugins.anti_scam.phrases import fold

HELDOUT = Path(__file__).resolve().parent / "data" / "antiscam_heldout.jsonl"
CATEGORIES = ("kefu", "loan", "police", "boss", "zhuli")


def reasons(message: str) -> list[tuple[str, Severity, str]]:
    t = lambda k, **v: TEXTS.get("zh", k, **v)  # noqa: E731
    return [
        (v.rule, v.severity, v.reason)
        for v in (to_verdict(t, f, "zh") for f in scan(message, Config()))
    ]


def test_heldout_recall_per_category_and_no_false_positive():
    """The committed held-out file (hand-written, never trained on): each kind ≥ 90% flagged,
    its ordinary chat, share texts and promotions never."""
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line]
    flagged, total, named = Counter(), Counter(), Counter()
    for row in rows:
        found = scan(row["text"], Config())
        total[row["label"]] += 1
        flagged[row["label"]] += bool(found)
        kinds = {f.values.get("kind") for f in found if f.rule == "anti_scam.script"}
        named[row["label"]] += row["label"] in kinds
    for category in CATEGORIES:
        assert total[category] >= 6
        assert flagged[category] / total[category] >= 0.9, (category, flagged, total)
    for category in ("kefu", "loan", "police", "boss"):  # the script check names the kind right
        assert named[category] / total[category] >= 0.75, (category, named)
    assert total["ham"] >= 50 and flagged["ham"] == 0, flagged


def test_public_material_reworded():
    """Scripts as police warnings and news reports quote them (reworded; sources in the file)."""
    path = HELDOUT.with_name("antiscam_public.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    assert all(row["source"].startswith("http") for row in rows)
    scams = [bool(scan(r["text"], Config())) for r in rows if r["label"] != "ham"]
    assert sum(scams) / len(scams) >= 0.9
    assert not any(scan(r["text"], Config()) for r in rows if r["label"] == "ham")


def test_verdict_is_explained_by_what_fired_never_a_number():
    script = ("您好，我是京东客服，您开通的会员每月会扣费，需要给您办理退款。"
              "请下载腾讯会议APP，和我屏幕共享，然后把资金转到我们的清算账户，核对后原路退回。")  # fmt: skip
    [(_rule, severity, reason)] = [r for r in reasons(script) if r[0] == "anti_scam.script"]
    assert severity in (Severity.REVIEW, Severity.SEVERE)
    assert "像冒充客服退款、理赔的骗局" in reason
    assert "下载会议软件、屏幕共享、转账到指定账户" in reason
    assert not any(ch.isdigit() for ch in reason), reason


@pytest.mark.parametrize(
    "message",
    [
        "反诈提醒：自称客服让你下载会议软件、共享屏幕、把钱转到指定账户的，一律是骗子，马上挂电话。",
        "快递丢了，联系中通客服理赔了两百块，钱直接退到支付宝了。",
        "今天去派出所办身份证，排队排了一个多小时。刚刚中通打电话说快递放驿站了，取件码发我手机上了。",
        "公司开会用腾讯会议，领导让我屏幕共享讲方案，结果我电脑卡住了，好尴尬。",
        "双十一预售开始啦！付定金立减100，11月11日零点付尾款，前一小时下单再送礼品。",
        "群公告：禁止私加群友，有人私聊让你转账、借钱、刷单的，一律是骗子，请截图发给管理员。",
        "刷流水、验资、交解冻金的都是贷款诈骗，正规贷款放款前不收任何费用。",
        "我在闲鱼卖了个旧手机，买家收货确认后钱就到账了，闲鱼没让我交什么保证金。",
        "我今天也接到了所谓的京东客服电话，说我开通了什么金条要注销，我直接说我报警了，对方就挂了。",
        "老公出差了，让我帮他转一笔钱给他同事，我先打了视频电话确认是他本人才转的。",
        "【京东】您的退款已到账，如有疑问请联系在线客服，或拨打客服热线950618。",
        "老板让我明天去银行把公司账户的钱转到新开的账户，说是换了开户行，有正规的审批单。",
    ],
)
def test_talk_about_scams_refunds_and_meetings_is_not_flagged(message):
    assert reasons(message) == []


def test_short_help_that_wants_id_and_bank_card_is_reviewed():
    [(rule, severity, _)] = reasons("帮我助力领现金，需要你的身份证号和银行卡号才能到账")
    assert rule == "anti_scam.credential" and severity == Severity.REVIEW


def test_model_runs_only_where_it_can_matter(monkeypatch):
    calls = []
    real = scripts.Model.scores
    monkeypatch.setattr(scripts.Model, "scores", lambda self, g: calls.append(1) or real(self, g))
    share = ("【拼多多】帮我砍一刀，就差一点点了！https://mobile.yangkeduo.com/bargain.html?goods_id="
             "123456789012&share_uin=abcdefghijkl 谢谢大家，互助互助，今天活动最后一天了哦")  # fmt: skip
    assert scan(share, Config()) == [] and calls == []
    scan("我是京东客服，您的订单需要退款，请下载会议软件共享屏幕，把钱转到清算账户。", Config())
    assert calls == [1]


def test_long_text_reads_a_bounded_prefix():
    script = "我是上海市公安局的警官，你涉嫌洗钱，把钱转到安全账户，不要告诉任何人。"
    long = (script + "今天天气不错，大家好。" * 400)[:4000]
    grams = scripts.ngrams(fold(long))
    assert len(grams) <= 2 * scripts.MAX_READ
    start = time.process_time()
    hit = scripts.judge(fold(long))
    assert time.process_time() - start < 0.05
    assert hit is not None and hit.category == "police"


def test_scripts_can_be_switched_off():
    script = "我是你们王总，这是我的新微信。我在开会不方便接电话，你先从公司账户转十五万到这个卡上，别跟别人说。"
    assert any(f.rule == "anti_scam.script" for f in scan(script, Config()))
    assert not any(f.rule == "anti_scam.script" for f in scan(script, Config(scripts=False)))


WRITTEN = HELDOUT.with_name("antiscam_written.jsonl")
ELEVENTH = HELDOUT.with_name("antiscam_written11.jsonl")
TWELFTH = HELDOUT.with_name("antiscam_written12.jsonl")


def _rows(path: Path, split: str | None = None) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if split is None or r["split"] == split]


def _disguise(text: str, i: int) -> str:
    """What scammers do to slip past word lists, one trick per text in turn: traditional
    characters, a space between characters, emoji, pinyin initials, no punctuation."""
    from huzhu.plugins.anti_scam import hanzi

    trick = i % 5
    if trick == 0:
        to_trad = {ord(s): t for t, s in zip(hanzi._TRADITIONAL, hanzi._SIMPLIFIED, strict=True)}
        return text.translate(to_trad)
    if trick == 1:
        return " ".join(text)
    if trick == 2:
        return "🙏".join(text[i : i + 3] for i in range(0, len(text), 3))
    if trick == 3:
        for word, short in (
            ("银行卡", "yhk"),
            ("身份证", "sfz"),
            ("验证码", "yzm"),
            ("支付宝", "zfb"),
        ):
            text = text.replace(word, short)
        return text.replace("微信", "vx")
    return "".join(" " if ch in "，。！？；：、" else ch for ch in text)


@pytest.mark.parametrize("disguised", [False, True], ids=["plain", "disguised"])
def test_written_held_split_recall_and_no_false_positive(disguised):
    """The held split of the texts written for the project (never trained on; the rules were
    tuned on the whole file): each scam kind ≥ 90% flagged, plain or disguised; ham never."""
    flagged, total = Counter(), Counter()
    for i, row in enumerate(_rows(WRITTEN, "held")):
        text = _disguise(row["text"], i) if disguised else row["text"]
        total[row["label"]] += 1
        flagged[row["label"]] += bool(scan(text, Config()))
    for category in ("kefu", "loan", "police", "boss"):
        assert total[category] >= 9
        assert flagged[category] / total[category] >= 0.9, (category, flagged, total)
    assert total["ham"] >= 30 and flagged["ham"] == 0, flagged


def test_traditional_characters_and_pinyin_initials_fold_to_the_words():
    assert fold("請把驗證碼發給我，轉賬到安全賬戶") == "请把验证码发给我转账到安全账户"
    assert fold("把 yhk 和 sfz 发我，zfb 也行") == "把银行卡和身份证发我支付宝也行"
    [(rule, severity, _)] = reasons("驗 證 碼 發 給 我 一 下")
    assert rule == "anti_scam.credential" and severity == Severity.SEVERE


@pytest.mark.parametrize(
    "message",
    ["你涉嫌电信诈骗，交5000保证金解冻", "刷单返利不是诈骗，日结", "先交押金才能帮你砍价成功"],
)
def test_scams_that_name_fraud_themselves_are_still_flagged(message):
    assert reasons(message)


@pytest.mark.parametrize(
    "message",
    [
        "【检察院】您名下账户涉嫌一起洗钱案，今日内冻结，详情 jcy-hexiao.top",
        "你的社保卡涉嫌违规使用 速回电 02164338812",
        "【圆通】您的件在运输中丢失，赔付请进 yt-pei.vip 填写卡号",
        "无视征信黑户秒批，当天下款五万，加群咨询 qq群 738291045",
        "同学您好，按规定您大学时开通的校园贷必须注销，否则影响征信，我帮您办理",
        "大姨，我是小雨呀，这是我的新号，旧手机坏了。一会儿你手机上会收到一个验证码，发我一下哈",
        "老师通知：本学期的教辅资料费请各位家长扫描这个收款码缴纳，每人98元",
    ],
)
def test_short_notices_loan_ads_and_new_account_codes_are_flagged(message):
    assert any(rule == "anti_scam.script" for rule, _, _ in reasons(message)), message


@pytest.mark.parametrize(
    "message",
    [
        "新闻：外省警方破获一起涉嫌洗钱案，冻结资金上亿 https://news.sina.com.cn/c/a.shtml",
        "【招商银行】您的信用卡本期账单已出，应还2365.20元，还款日12月18日",
        "快递丢了，商家说补发一件，顺丰理赔我也申请了，等他们电话",
        "我在网上看到停息挂账的广告，说交钱就能减免，这是不是骗子啊",
        "班主任通知：明天下午家长会，请各位家长准时参加，地点在三楼会议室",
        "我是王总的助理，王总下周一出差，会议改到周三，大家知悉",
        "帮我助力一下谢谢 https://mobile.yangkeduo.com/pincard_ask.html?id=123",
    ],
)
def test_real_notices_and_talk_about_them_are_not_flagged(message):
    assert not [r for r in reasons(message) if r[0] == "anti_scam.script"], message


FOURTH_HELD = HELDOUT.with_name("antiscam_written5.jsonl")


def test_fourth_batch_held_by_file_recall_and_hard_ham():
    """written5 was split off by file before the rules were tuned and never trained on: loans and
    fake 客服 (会员续费, 航班取消, 学生账户注销, 刷流水) written to avoid the usual words, and hard
    ham (members talking about loans, refunds, police notices, 反诈 reminders, shops' refund SMS)."""
    flagged, total = Counter(), Counter()
    for row in _rows(FOURTH_HELD):
        total[row["label"]] += 1
        flagged[row["label"]] += bool(scan(row["text"], Config()))
    for category in ("kefu", "loan", "police", "boss"):
        assert total[category] >= 15
        assert flagged[category] / total[category] >= 0.9, (category, flagged, total)
    assert total["ham"] >= 60 and flagged["ham"] == 0, flagged


@pytest.mark.parametrize(
    "message",
    [
        "dai款已经审批通过 额度6w 但您的卡号填写错误 资金被冻jie 需缴纳解dong金2000 缴纳后立即放kuan",
        "您好，这边是网贷平台，您的学生账户需要zhuxiao，不然影响zhengxin，额度要全部借出转到清算账户",
    ],
)
def test_concept_words_spelled_in_pinyin_are_found(message):
    [hit] = [r for r in reasons(message) if r[0] == "anti_scam.script"]
    assert "贷款" in hit[2] or "网贷" in hit[2], hit


def test_pretext_then_private_chat_then_a_code_is_the_step_sequence():
    """No meeting app, no 'safe account': a refund, a move to a private contact, then a card
    number and 'the digits you received' — named in the verdict by those steps."""
    script = ("尊敬的买家您好，您购买的商品存在安全问题已被监管部门通报，本店将对您进行退一赔三。"
              "请加我们售后主管的企业微信，主管会发您一个登记表，提交姓名、卡号和手机上收到的数字即可到账。")  # fmt: skip
    [(_rule, severity, reason)] = [r for r in reasons(script) if r[0] == "anti_scam.script"]
    assert severity in (Severity.REVIEW, Severity.SEVERE)
    assert "像冒充客服退款、理赔的骗局" in reason
    assert "索要验证码或密码" in reason and "要你加私人微信、进群或扫码" in reason, reason
    # the same refund told by a member, who goes to the order page, is not a script
    assert not reasons(
        "我买的商品被通报有安全问题，店家退一赔三，我在订单页面点了申请，钱退回支付宝了。"
    )


def test_boss_on_a_new_account_asking_for_a_sum():
    script = ("老板：小周在吗，加我一下这个号，原来的号被封了。\n老板：这边客户催款，你先打三万到对方的"
              "对公账户，合同我回去再补。\n老板：打完跟我说一声，别打电话我在见客户。")  # fmt: skip
    [(_rule, _severity, reason)] = [r for r in reasons(script) if r[0] == "anti_scam.script"]
    assert "像冒充领导、熟人借钱的骗局" in reason and "找你借钱、让你转账" in reason, reason
    assert not reasons("老板让我先打三万到供应商的对公账户，我打电话跟他本人确认过了，合同明天补。")


def test_flight_cancellation_notice_with_a_number_and_a_deadline():
    sms = ("【东方航空】尊敬的旅客，您预订的航班因机械故障取消，请于2小时内联系改签专线 0531-8899 3021 "
           "办理，每位旅客可领取延误补偿300元，逾期不予受理。")  # fmt: skip
    assert any(r[0] == "anti_scam.script" for r in reasons(sms))
    real = (
        "【东方航空】您预订的MU5312航班因天气原因取消，可在东航APP或官网免费改签、退票，详询95530。"
    )
    assert not reasons(real)


def test_a_fee_of_any_name_paid_first_but_not_ones_own_bills():
    loan = ("您好，这里是消费金融，您申请的额度没能提现，是因为资料有一项没通过审核，需要您补交一份"
            "还款承诺金，金额是额度的十分之一，交完就能提现，承诺金跟第一期账单一起退。")  # fmt: skip
    [(_rule, _severity, reason)] = [r for r in reasons(loan) if r[0] == "anti_scam.script"]
    assert "先交各种费用" in reason or "放款、退款前先要你交钱" in reason, reason
    bills = "我的借呗额度降了，这个月还款后先交了电费和物业费，征信应该没问题吧，有人知道怎么提额吗"
    assert not reasons(bills)


@pytest.mark.parametrize(
    "message",
    [
        # the fee named anything and said without a pay verb, only that the loan comes after it
        "亲 你的借款审核通过了 但是你的征信分数不够 系统需要你做一个信用升级 升级费用是1500 升级后马上放款 钱会随贷款一起返给你",
        "您好，由于您的还款能力不足，平台需要您购买一份履约保险才能放款，保险费用为借款金额的8%，放款后全额退还。",
    ],
)
def test_money_first_then_the_loan_in_any_wording(message):
    [(_rule, _severity, reason)] = [r for r in reasons(message) if r[0] == "anti_scam.script"]
    assert "放款、退款前先要你交钱" in reason, reason


def test_a_credit_line_to_activate_by_link_and_a_parcel_group_with_compensation():
    sms = "恭喜您！您的“微粒贷”额度已提升至150000元，年化利率低至3.6%，请点击 https://wld-vip.com/up 激活额度，有效期至今晚24点。回T退订"
    assert any("激活、领取额度" in r[2] for r in reasons(sms)), reasons(sms)
    parcel = "你好 申通快递 你有件退回了 地址不详 你加下这个 扣扣群 重新登记 地址 还有补偿 20 元 红包：群号 781 306 442"
    assert reasons(parcel)


@pytest.mark.parametrize(
    "message",
    [
        "公积金贷款审批下来了，放款大概要两周，银行说会短信通知，不用交任何费用。",
        "我问了招商银行的客服，信用卡提额只能在掌上生活APP里申请，不会让你转钱验资的。",
        "银行短信提醒我信用卡本期账单2300元，还款日25号，最低还款230元。",
    ],
)
def test_real_loan_talk_is_not_flagged(message):
    assert not reasons(message)


def test_a_script_shown_to_the_group_without_a_lesson_is_reviewed():
    """ "差点信了" alone tells who was approached, not that it is a scam: the admins look."""
    retold = ("刚接到个电话，给大家看看对话，差点信了：\n对方：您好 这边是淘宝官方客服，您在我们平台是不是开通了一个金牌会员\n"
              "我：没有啊\n对方：那可能是系统误开的，这个会员每个月自动扣费800元，我这边帮您取消\n我：那你取消吧\n"
              "对方：取消需要您本人操作，您下载一个“云视讯”，房间号我发您短信，我们屏幕共享一步一步教您")  # fmt: skip
    assert [r[1] for r in reasons(retold)] == [Severity.REVIEW]
    lesson = retold + "\n真客服不会让你下载会议软件，都是骗子，大家别信。"
    assert not reasons(lesson)


def test_written6_held_split_recall_and_hard_ham():
    """written6 (2026-11-30, this round): loans and fake 客服 of every kind and hard ham (real
    mortgage, 公积金, 信用卡 and refund talk); its held split was read once before any tuning."""
    flagged, total = Counter(), Counter()
    for row in _rows(HELDOUT.with_name("antiscam_written6.jsonl")):
        if row["split"] == "held":
            total[row["label"]] += 1
            flagged[row["label"]] += bool(scan(row["text"], Config()))
    for category in ("kefu", "loan"):
        assert total[category] >= 15
        assert flagged[category] / total[category] >= 0.9, (category, flagged, total)
    assert total["ham"] >= 20 and flagged["ham"] == 0, flagged


@pytest.mark.parametrize(
    "message",
    [
        "你这边的额度可以提到五万，不过要先办一张我们的VIP卡，办卡费用九百九，办完额度马上生效，想办的话我发你收款码。",
        "尊敬的客户，您好！您在本平台的借款额度为3万元，现已可提现。由于您是新用户，需要先完成三笔还款测试，每笔1000元，测试完成后立即放款。",
        "听说你在找贷款？我这边有银行的内部名额，利息很低，只要你有社保就能办，办之前要给银行经理意思一下，两千块，保证下款。",
    ],
)
def test_a_card_a_test_payment_or_a_favour_before_the_loan(message):
    assert reasons(message)


@pytest.mark.parametrize(
    "message",
    [
        "银行说房贷合同签完，交完契税办完抵押登记就放款，大概两周。",
        "交完首付以后，银行审批贷款大概一个月，放款后开始还月供。",
        "京东白条还款日到了，还完额度立刻恢复。",
        "办了张储蓄卡，工本费十块，办完当天就能用。",
    ],
)
def test_paying_ones_own_way_to_a_real_loan_is_not_flagged(message):
    assert not reasons(message)


def test_written7_held_split_recall_and_real_dealings():
    """written7 (2026-12-01): loans by fee after approval, repayment "tests", card security codes,
    lending-app invite codes, credit offers by link or private chat, contacts in Chinese numerals;
    ham of real dealings at a bank counter or a 派出所. Its held split is not tuned on."""
    flagged, total = Counter(), Counter()
    for row in _rows(HELDOUT.with_name("antiscam_written7.jsonl")):
        if row["split"] == "held":
            total[row["label"]] += 1
            flagged[row["label"]] += bool(scan(row["text"], Config()))
    assert total["loan"] >= 8 and flagged["loan"] / total["loan"] >= 0.9, (flagged, total)
    for category in ("kefu", "police", "boss"):
        assert flagged[category] == total[category] >= 1, (category, flagged, total)
    assert total["ham"] >= 10 and flagged["ham"] == 0, flagged


@pytest.mark.parametrize(
    ("message", "said"),
    [
        # approved, and then money asked of the reader before the payout
        ("您的借款申请已经获批，额度五万，但是您的账户存在风险，请您先支付2000元保险金，保险生效后款项立即到账。",
         "批下来后还要你先交钱"),
        # a "repayment" before anything was lent, to prove the ability to repay
        ("喂，您好，您之前在我们平台申请的贷款已经审核通过了，但是需要您先还一笔验证还款，就是先还500块钱，"
         "证明您有还款能力，然后我们就给您放款5万。", "放款、退款前先要你交钱"),
        # the card's security code, which no bank asks for
        ("您好，您的信用卡额度可以提升到8万，需要验证一下您的卡，请把卡片背面的CVV三位数字告诉我。",
         "要信用卡背面的安全码"),
        # a lending app's invite code (the model alone reads it as chat; the rule is not overruled)
        ("宝子们，分享一个借钱的app，我用了半年了，额度高放款快，下载注册的时候填我的推荐码 556231，你我都能拿到免息券",
         "发借款软件的下载链接、邀请码"),
        # an unsolicited cheaper credit line taken on to WeChat
        ("喂你好，这边是某金融的，看您之前在我们这边有借款记录，现在可以给您提额到20万，利息打对折，需要的话我加您微信，把申请链接发您。",
         "主动给你提额、放低息额度"),
    ],
)  # fmt: skip
def test_loan_mechanisms_are_named(message, said):
    [(_rule, _severity, reason)] = [r for r in reasons(message) if r[0] == "anti_scam.script"]
    assert said in reason, reason


@pytest.mark.parametrize(
    "message",
    [
        # a credit line whose only channel is an unknown site's link
        "【XX金融】尊敬的客户，您已获得银行预授信额度200000元，年化利率低至2.8%，无抵押无担保，最快10分钟放款。点击 jr-daikuan.vip 立即申请，退订回T",
        "【网商银行】您有一笔15万的备用金待领取，无需抵押，随借随还，点击 wsbank-vip.cn/get 立即领取，逾期作废",
        # 套现 with a contact spelled in Chinese numerals, spaced out, or circled
        "花呗借呗套现 白条提现 扣扣 二七六九四三零八一",
        "信用卡提额，花呗开通，借呗额度，各种疑难都能办，有意向的加我薇 2 8 6 7 4 5 9 1 0",
        "套现花呗白条借呗，秒到，费率低，联系威：⑥⑧③②①⑨⑤⑦",
        # 客服 moving to Line, asking for 银行资料
        "亲，您在我们店买的护肤品被查出成分不合格，我们要给您退一赔三，您加一下我们售后的Line，我们发您理赔链接。",
        "您好，您的快递在转运中心丢失了，需要给您理赔，请把您的银行资料发给理赔专员登记，三个工作日内到账。",
        # a transcript of the scam: the victim's "你们是不是骗子" is not the poster's lesson
        "客户：我已经交了3000的会员费了，为什么还不放款？\n客服：您好，需要您再交一笔“额度调整费”1500元\n"
        "客户：你们是不是骗子啊？\n客服：不是的，我们是正规公司。您交了之后马上就能放款了，之前交的钱都会一起退给您",
    ],
)
def test_loan_offers_by_link_or_spelled_contact_are_flagged(message):
    assert reasons(message), message


@pytest.mark.parametrize(
    "message",
    [
        "今天去派出所办了身份证，民警让我站在蓝色背景前拍照，十天后来取。",
        "去银行开卡，柜员让我拿身份证拍照做实名认证，还要设置六位密码，弄了半个小时。",
        "工商银行官方打电话来说我卡被冻结了，让我带身份证去柜台，我就去网点办了，是因为我太久没用这张卡。",
        "贷款审批通过了，银行让我下周去签合同，说到时候带上身份证和银行卡原件。",
        "银行给我发短信说身份证快过期了，要我更新一下身份证信息",
        "快递丢了，在淘宝上申请了理赔，客服说钱已经原路退回到我的银行卡了",
        "我在京东申请退款了，客服说三天到账，刚看了一下已经退回到银行卡了，还挺快的",
        "信用卡背面那三位数字千万别告诉任何人，银行的人都不会问你要这个",
        "我申请的房贷审批通过了，银行说下周放款，中间没收我任何费用。",
        "公积金贷款审批下来了，放款大概要两周，银行说会短信通知，不用交任何费用。",
        "朋友推荐了一个记账app，注册的时候填了他的邀请码，还挺好用的",
        "借呗额度今天突然提升了，但我不想借，利息太高了",
        "我觉得你可以先跟平台协商一下，千万不要再去借别的网贷来还。也别信网上那些说能帮你“债务优化”“征信修复”的，都是收钱不办事的",
    ],
)
def test_real_dealings_with_banks_and_police_are_not_flagged(message):
    assert not reasons(message), reasons(message)


@pytest.mark.parametrize(
    "message",
    [
        # a refund to be kept secret; a "refund" paid by scanning the agent's payment code
        "您好，您的快递破损了，我们按三倍给您理赔，理赔的事情请不要告诉其他人，否则会影响理赔审核，请添加理赔专员企业微信办理。",
        "亲，您买的儿童牙膏被抽检出不合格，我们给您十倍赔偿，需要您用支付宝扫一下客服发过来的收款码做一个逆向退款，款项会原路返还。",
        # moved to Line, in Cantonese
        "你好呀，我哋系顺丰嘅理赔部，你个包裹喺运输途中唔见咗，我哋会双倍赔偿，麻烦你加个Line：sf_claim77，提供下你嘅银行卡资料。",
        # "请勿与他人联系" is the officer's secrecy, not a group rule's 请勿
        "您好，这里是国家反诈中心，您的账户已被列为涉案账户。请配合我们将资金转入“国家安全账户”进行隔离审查，审查期间请勿与他人联系，审查结束后资金将全额返还。",
        # the short opener of a boss or a relative on a new number
        "小陈 我是周局 换号了 存一下",
        "二姨 我是小杰 换了新号 急用两千块 先转我一下",
        # a retold chat whose speaker is the boss, paying by a shop's code
        "李会计：在吗？\n我：在的，赵总\n赵总：我这边陪客户在外面，客户要结一笔茶叶钱，你先帮我付一下，我把收款码发你，回去报销",
    ],
)
def test_refund_secrecy_boss_openers_and_officer_secrecy(message):
    assert reasons(message), message


@pytest.mark.parametrize(
    "message",
    [
        "老公手机丢了，换了新号，让我先转两百给他买手机卡，我给他打视频确认了",
        "王总：明天开会别迟到\n小李：好的王总\n王总：会议室订好了吗",
        "我们公司用line跟日本客户沟通，我刚加了对方的line",
        "我换号了，新号发群里了，大家存一下",
    ],
)
def test_a_verified_new_number_and_a_real_boss_are_not_flagged(message):
    assert not reasons(message), reasons(message)


def test_written7_train_split_is_read_right():
    """written7's train split: the examples each rule of this round was written from, and the
    hard ham around them (a prize that is really free, 举报 of a real thing, 邮局, a real 局)."""
    flagged, total = Counter(), Counter()
    for row in _rows(HELDOUT.with_name("antiscam_written7.jsonl"), "train"):
        total[row["label"]] += 1
        flagged[row["label"]] += bool(scan(row["text"], Config()))
    for category in ("kefu", "loan", "police", "boss"):
        assert flagged[category] == total[category] >= 4, (category, flagged, total)
    assert total["ham"] >= 60 and flagged["ham"] == 0, flagged


def test_a_call_that_walks_you_through_an_atm_is_named():
    message = ("您好，您的航班因天气原因取消，航空公司给您每人400元补偿，请您带上银行卡去就近的ATM，"
               "我在电话里一步一步指导您领取。")  # fmt: skip
    [(_rule, _severity, reason)] = [r for r in reasons(message) if r[0] == "anti_scam.script"]
    assert "要你照电话里的指导去ATM或手机上操作" in reason, reason


def test_a_code_sent_to_my_phone_is_not_a_demand():
    """ "取件码发我手机上了" tells what came to the poster; the warning beside it stays a warning."""
    message = ("刚刚韵达打电话说快递放驿站了，取件码发我手机上了。最近很多人接到注销校园贷的电话，"
               "都是骗局，正规平台不会让你转钱注销。")  # fmt: skip
    assert not reasons(message), reasons(message)


def test_a_boss_opener_is_explained_in_words():
    [(_rule, _severity, reason)] = reasons("是我 陈局 换了个号 周一找你有点事")
    assert "自称领导、换了新号的熟人" in reason, reason


def test_money_moved_on_an_officers_word_is_a_demand_not_a_warning():
    """ "反诈" in a fake app's name does not make it a warning: the reader's money is moved."""
    message = ("网警提醒：您的身份信息被不法分子用于注册多个账户从事违法活动，为保护您的资金安全，"
               "请立即下载“国家反诈安全APP”并按照民警指示将资金转入安全账户进行保护。")  # fmt: skip
    assert reasons(message)
    warning = "民警提醒：凡是让你把钱转到安全账户的都是骗子，公检法没有安全账户"
    assert not reasons(warning)


def test_the_model_file_carries_its_thresholds(monkeypatch):
    """review_at and veto are chosen by antiscam_train on a validation split and shipped with the
    weights; a model file without them falls back to the module's; the model flags a text alone
    only from its own review_at."""
    from dataclasses import replace

    shipped = scripts.model()
    assert shipped is not None and 0.5 <= shipped.review_at < 1 and 0 < shipped.veto < 0.5
    bare = scripts.load_model({"classes": ["ham", "loan"], "ngrams": ["贷款"],
                               "weights": [0.0, 1.0], "bias": [0.0, 0.0]})  # fmt: skip
    assert (bare.review_at, bare.veto) == (scripts.REVIEW_AT, scripts.VETO)
    texts = [r["text"] for r in _rows(ELEVENTH, "held") if r["label"] != "ham"]
    alone = [h for t in texts if (h := scripts.judge(fold(t))) is not None and not h.rule]
    never = replace(shipped, review_at=1.01, alone_at=1.01)
    monkeypatch.setattr(scripts, "model", lambda: never)
    assert all(h.probability >= shipped.review_at for h in alone)
    hits = [h for t in texts if (h := scripts.judge(fold(t))) is not None]
    assert all(h.rule for h in hits)


def test_the_model_reads_a_text_of_one_stage_alone_from_its_alone_at(monkeypatch):
    """model10: a long text whose words name one stage only (no concept rule can fire) is read
    by the model, which flags it from the model file's alone_at; a file without one never does,
    nor does the model flag a short text alone."""
    data = {"classes": ["ham", "kefu"], "ngrams": ["客服", "#kefu"], "weights": [0.0, 20.0, 0.0, 20.0],
            "bias": [0.0, 0.0], "named": True}  # fmt: skip
    long = fold("你好，这里是官方客服中心，有一件很重要的事情要和你仔细说明一下，请你认真听好")
    assert scripts.concepts(long).keys() - {"you"} == {"kefu"} and len(long) >= scripts.MIN_LENGTH
    bare = scripts.load_model(data)
    assert bare.alone_at > 1 and scripts.judge(long, use_model=bare) is None
    hit = scripts.judge(long, use_model=scripts.load_model({**data, "alone_at": 0.9}))
    assert hit is not None and hit.category == "kefu" and not hit.rule and hit.probability >= 0.9
    strict = scripts.load_model({**data, "alone_at": 0.9, "review_at": 0.9})
    assert scripts.judge(fold("你好这里是官方客服中心的小王请你认真听好"), use_model=strict) is None


def test_the_model_reads_the_stage_concepts_too():
    """model10: besides its 2- and 3-grams, a text's features are the stage concepts named in
    it, so what the model learnt of 安全账户 carries over to 监管账户 (the same concept)."""
    grams = scripts.ngrams(fold("请把资金转入监管账户，配合调查"), named=True)
    assert "#safe_account" in grams and "账户" in grams
    assert "#safe_account" not in scripts.ngrams(fold("请把资金转入监管账户，配合调查"))
    assert not any(g[0] == "#" for g in scripts.ngrams(fold("今天天气不错，一起去吃饭吧"), True))


@pytest.mark.parametrize(("path", "least", "n_ham"), [(ELEVENTH, 0.9, 20), (TWELFTH, 0.8, 16)])
def test_model7_probes_police_boss_and_hard_ham(path, least, n_ham):
    """model7's probes, never trained on: 医保局, 通信管理局, 快递违禁品, 视频笔录, 法院执行局,
    禁毒, relatives, teachers, classmates and bosses asking for money; everyday talk of the
    same words."""
    flagged, total = Counter(), Counter()
    for row in _rows(path, "held"):
        total[row["label"]] += 1
        flagged[row["label"]] += bool(scan(row["text"], Config()))
    for category in ("police", "boss"):
        assert flagged[category] / total[category] >= least, (category, flagged, total)
    assert total["ham"] == n_ham and flagged["ham"] == 0, flagged
