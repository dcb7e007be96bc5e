"""anti_scam reads who is speaking: a member telling the group what someone said to them (or to
王女士, 我妈) and how it ended, or asking the group about it, is not the scammer speaking to the
reader. A real refund reply that points to the platform itself is a notice. A scam dressed as a
story still speaks to its reader, gives a way to reach the poster, or asks for money.

Every text here is written for these tests (not taken from the dev sets)."""

from __future__ import annotations

import pytest

from huzhu.plugins.anti_scam import notice, pii, warning_frame
from huzhu.plugins.anti_scam.textnorm import scan_view
from tests.anti_scam_reading import group_verdict


def _flagged(message: str) -> bool:
    """Reviewed or removed, as the group sees it."""
    return group_verdict(message) != "allow"


@pytest.mark.parametrize(
    "message",
    [
        # what a caller told the poster, and how it ended: 没理他 / 查了一下根本没这回事
        "今天有个自称淘宝客服的打电话给我，说我买的衣服有质量问题要给我退款，让我下载一个叫云视讯的软件"
        "开屏幕共享，我没理他，各位注意",
        "有个自称京东金融的人说我的学生账户没注销，要我把借呗里的钱转到他们的监管账户清零，我查了一下根本没这回事",
        # …asking the group: 真的假的, 能信吗, 群主这人是群里的吗？
        "有个人自称拼多多客服，说我店铺违规要交保证金，这个是真的假的啊",
        "有个人自称快递客服，说我的包裹丢了要交20元手续费才能理赔，这个能信吗",
        "有人在群里私聊我说可以帮我贷款不看征信，要先交1000保证金，群主这人是群里的吗？",
        # someone else approached, the invitation and the deposit told ("私聊我，说…", "结果…被拉黑了")
        "有人冒充群主私聊我，说群里搞活动要先交50元押金才能领奖品，我已经拉黑了，大家别理",
        "小区群里有人说能帮忙办低息贷款，先交800保证金，结果交了钱就被拉黑了",
    ],
)
def test_a_member_telling_what_was_said_to_them_is_not_flagged(message):
    assert warning_frame.frame(scan_view(message)).strength == "strong"
    assert not _flagged(message)


@pytest.mark.parametrize(
    "message",
    [
        # a call retold in quotation marks, the money move inside the quotes: the caller's words
        "我婆婆的通话录音整理的：\n“您好这里是市公安局，您的身份证被人冒用开了银行卡涉嫌洗钱”\n“那怎么办”\n"
        "“您要把存款转到我们的安全账户接受审查”\n幸亏我婆婆来问了我，钱没转",
        "记录一下今天的电话：\n“你好，这里是市公安局刑侦大队，你的银行卡涉嫌一起洗钱案”\n“那我要怎么做”\n"
        "“你要把资金转到国家安全账户配合核查”\n我直接去了派出所，民警说是诈骗",
    ],
)
def test_a_call_retold_in_quotation_marks_is_not_flagged(message):
    assert not _flagged(message)


def test_a_loss_told_after_a_code_is_no_code():
    story = "我朋友昨天被骗了，骗子冒充快递客服说包裹丢了给理赔，让她扫码填银行卡号和验证码，结果卡里8000多没了"
    assert pii.find(story) == [] and not _flagged(story)
    # a code itself still is one
    assert [h.kind for h in pii.find("验证码：482913，帮我看看")] == ["code"]
    assert [h.kind for h in pii.find("我的验证码是 5521")] == ["code"]


@pytest.mark.parametrize(
    "message",
    [
        "亲，您的退款已经同意了，钱会原路退回到您的支付账户，1-3个工作日到账哦，有问题随时在订单页联系我们",
        "亲，退款已处理，款项将原路返回您的付款账户，有疑问可以在淘宝订单里联系客服。",
    ],
)
def test_a_refund_reply_that_points_to_the_platform_is_a_notice(message):
    assert notice.is_record(scan_view(message))
    assert not _flagged(message)


@pytest.mark.parametrize(
    "message",
    [
        # a story, then the reader addressed and asked for money
        "我之前也被骗过，对方让我交保证金，我没交。您现在需要先交500元解冻金才能提现",
        # a story, then a way to reach the poster
        "有人说我中了大奖要我交个人所得税，我没理他。想赚钱的加我微信 wx_earn666",
        # a story, then the same script told to the reader
        "有个客服说我的订单要理赔，让我下载会议软件，我直接挂了。你们的订单也有问题，请你下载会议软件我帮你处理",
        # a refund "notice" with a stranger's WeChat
        "亲，您的退款已经同意了，钱会原路退回到您的支付账户，如需加急请添加售后专员微信 tk_kf88",
        # a "warning" that ends in an offer to get the money back
        "大家小心骗子！我被骗过，后来找到一个专业团队帮我追回了损失，需要的加我薇信abc8899帮你追回",
        # a fake 反诈中心 notice moving the reader's money
        "【反诈中心】市民您好，经监测您正在遭遇诈骗，为保护您的资金，请立即将卡内资金转入我中心提供的安全账户，待核查后返还",
    ],
)
def test_scams_dressed_as_stories_and_notices_stay_flagged(message):
    assert _flagged(message)


def test_the_reader_addressed_is_no_story():
    # the same words, spoken to the reader: no outcome of the poster's, no question to the group
    call = "有个客服说您的订单要理赔，您需要下载会议软件，我帮您处理"
    assert warning_frame._story(warning_frame._plain(scan_view(call))) == []
    told = "有个客服说我的订单要理赔，让我下载会议软件，我直接挂了"
    assert warning_frame._story(warning_frame._plain(scan_view(told)))


@pytest.mark.parametrize(
    "message",
    [
        # the poster asks the group what a fee is: 请问, 有没有人知道, 谁了解
        "请问一下大家，闲鱼卖东西平台要收保证金吗？买家说我不交保证金他付不了款",
        "有没有人知道拼多多开店押金要交多少？我看到说要交1000保证金",
        "谁了解信用卡分期的手续费怎么算，银行说每期要交0.6%手续费",
    ],
)
def test_a_member_asking_the_group_about_a_fee_is_not_flagged(message):
    assert not _flagged(message)


@pytest.mark.parametrize(
    "message",
    [
        # …but an offer put as a question is no question
        "请问有需要贷款的吗？不看征信，先交500保证金当天放款",
        "有没有人知道怎么赚钱？先交99元会员费即可领取任务，日结300",
    ],
)
def test_an_offer_put_as_a_question_stays_flagged(message):
    assert _flagged(message)


def test_news_of_a_case_told_in_the_passive_is_a_story():
    news = "近日，我市一名大学生在网上找兼职，被“客服”以刷单返利为由诱导先后转账9次，累计损失3.6万元，目前警方已立案。"
    assert warning_frame.frame(scan_view(news)).strength == "strong" and not _flagged(news)


def test_secrecy_told_of_in_a_story_is_the_scammer_s():
    story = "某地一名退休职工接到自称“社保局”的电话，称其社保卡被冒用涉嫌骗保，要求其保密并把积蓄转到“清查账户”，所幸家人发现后及时报警。"
    assert warning_frame.frame(scan_view(story)).strength == "strong"
    # the same secrecy said to the reader: no frame at all, and the scam stays flagged
    said = "我妈接到电话，对方说她涉嫌洗钱，让她把钱转到安全账户，不能告诉任何人。妈，这件事你千万要保密，先把钱转过去"
    assert warning_frame.frame(scan_view(said)) is None and _flagged(said)


def test_a_scam_s_lines_listed_as_its_usual_wording_are_shown():
    lesson = "冒充快递客服诈骗惯用话术：“您的包裹丢了我们给您三倍理赔”“请您下载会议软件开启屏幕共享”，听到这些别犹豫，去官方APP查物流。"
    assert warning_frame.frame(scan_view(lesson)).strength == "strong" and not _flagged(lesson)


def test_a_real_service_chat_that_says_what_nobody_will_ask_is_a_notice():
    chat = (
        "淘宝客服：亲，您好，这边看到您申请了退货退款\n我：对，衣服尺码不对\n"
        "淘宝客服：好的亲，已经为您同意了，寄回后钱会原路退回，不需要您提供验证码，"
        "也不会有人来电要求您开屏幕共享或者借款哦\n我：好的谢谢"
    )
    assert notice.is_record(scan_view(chat)) and not _flagged(chat)
    # the same chat asking for a download first is none
    asks = chat.replace("寄回后钱会原路退回", "钱会原路退回，但需要您先下载会议软件验证")
    assert not notice.is_record(scan_view(asks)) and _flagged(asks)


def test_a_member_s_account_of_what_nobody_asked_names_the_word_to_deny_it():
    account = "我在拼多多退款从头到尾都是在APP里弄的，没有人让我加微信，也没人让我下载什么软件，三天就到账了"
    assert warning_frame.warns(scan_view(account)) is not None
    assert warning_frame.warns(scan_view("想退款的加微信，我教你怎么弄")) is None


def test_a_scam_s_transcript_is_no_story_for_the_victim_s_question_in_it():
    # the victim's own line asks ("他们说我之前开过？"): in a dialogue only the narration around
    # the lines tells a story, so the 客服's download and money move keep it flagged
    call = (
        "客服：您好，我是京东金融客服，您的学生账户需要注销，否则影响征信\n"
        "我：他们说我之前开过？我怎么不知道？\n"
        "客服：是的，您需要下载会议软件，我们屏幕共享指导您操作，把借呗额度转到监管账户\n我：好的"
    )
    assert _flagged(call)


def test_the_other_side_gone_silent_ends_a_story():
    story = "表姐说她在网上借钱，对方说她的银行卡号填错了要交解冻费，她交了两次，后来对方就不回了"
    assert warning_frame.frame(scan_view(story)).strength == "strong" and not _flagged(story)


def test_a_screenshot_sent_to_the_poster_is_no_demand():
    shown = "同事转了一张截图给我：“您好，您的账户异常，请加客服微信处理退款”，我跟她说肯定是骗子"
    assert warning_frame.demand(scan_view(shown)) is None and not _flagged(shown)
    # asked for, it is one
    assert warning_frame.demand(scan_view("提醒大家别信骗子，把你的截图给我，我帮你处理退款"))


def test_a_story_told_in_cantonese():
    story = "有個自稱淘寶客服嘅人打俾我，話我買嘅嘢有問題要退款，叫我下載會議軟件共享屏幕，我冇理佢"
    assert warning_frame.frame(scan_view(story)).strength == "strong" and not _flagged(story)
    # said to the reader, it is the call itself
    call = "你好，我係淘寶客服，你買嘅嘢有問題要退款，你下載會議軟件共享屏幕，我幫你處理"
    assert _flagged(call)


def test_a_chat_the_poster_took_part_in_retold_with_how_it_ended():
    # the poster's own lines (我：…) and the narration after them ("然后对方就把我删了"): the
    # other speaker's "你加我一下" is what was said to the poster, not the poster's invitation
    chat = (
        "对方：你好，我是你们公司的李总，你加我一下新微信\n我：李总你换号了？\n"
        "对方：对，你先给这个账户转3万，客户急着要\n我：我打个电话给李总核实一下\n（然后对方就把我删了）"
    )
    assert warning_frame.frame(scan_view(chat)).words[0] == warning_frame.RETOLD
    assert not _flagged(chat)
    # a stage note is no narration, and an id in the lines is still a channel
    note = "客服：您好，您的快递丢失了，我们给您三倍理赔，您加我微信办理\n我：好的\n（对方挂断）"
    assert _flagged(note)
    with_id = chat.replace("你加我一下新微信", "你加我一下新微信 lz_boss2024")
    assert _flagged(with_id)


def test_a_member_s_story_in_a_pasted_group_chat_is_their_lesson():
    chat = (
        "小林：你们最近有没有接到说快递丢了要理赔的电话\n小周：有啊，我接到过，说要我加微信，我直接挂了\n"
        "小吴：我也接到过，现在这种电话太多了\n小林：哈哈，京东理赔都是在APP里弄的"
    )
    assert warning_frame.warns(scan_view(chat)) is not None
    # a member of the chat who pitches gives the way to reach them: no lesson lowers that
    pitch = chat + "\n小郑：想做兼职的加我，日结300"
    assert warning_frame.warns(scan_view(pitch)) is None and _flagged(pitch)


def test_the_buyer_never_writing_again_ends_a_story():
    story = "有个人在二手平台跟我说要买我的旧手机，让我去一个链接里开通商家认证交保证金，我说只走平台交易，他就没再回我"
    assert warning_frame.frame(scan_view(story)).strength == "strong" and not _flagged(story)


@pytest.mark.parametrize(
    "message",
    [
        "【顺丰速运】您的快件已到达滨江路丰巢快递柜，取件码 5521，如柜机故障请联系快递员 13916082274。",
        "【美团】您的外卖由骑手李师傅（电话15867301942）配送中，预计12:30送达。",
        "【邻里驿站】包裹已到，营业时间9:00-21:00，门店电话 18658129037，凭取件码 3-1-207 领取。",
        # a shop's own promotion: its order line is the shop's number
        "本店新到一批赣南脐橙，10斤装只要39元，同城免费配送，订购电话 13916082274",
    ],
)
def test_a_service_number_in_a_courier_notice_is_no_personal_data(message):
    assert pii.find(scan_view(message)) == []
    assert not _flagged(message)


@pytest.mark.parametrize(
    "message",
    [
        # a member's own number to recruit, even among courier words
        "驿站招兼职理货员，日结150，有意联系我 13916082274",
        "【通知】取件码 5521 的包裹在我这，加我 15867301942 来拿",
        # someone's private number with no service around it
        "这是我表哥的手机 18658129037，大家帮忙打一下",
        # a shop's words with the member's own contact to recruit
        "本店招兼职打字员，日结，有意加我 15867301942",
    ],
)
def test_a_members_own_number_stays_personal_data(message):
    assert [h.kind for h in pii.find(scan_view(message))] == ["mobile"]


@pytest.mark.parametrize(
    "message",
    [
        # a retelling inside a long ordinary message: the fees were asked of someone else
        "周末带娃去了趟动物园，门票一人八十，孩子玩得很开心。回来路上听邻居讲，她同事前阵子在网上"
        "订了一只猫，先付了五百定金，对方又要求交检疫费、航空箱费，最后猫也没收到，钱全搭进去了。"
        "所以买宠物我还是建议去线下店看。下周打算带娃去科技馆。",
        # the news, third person: the fee and its story, then the outcome and the agency's lesson
        "市民赵女士在网上看到“免费领取养生茶”的广告，添加对方后，对方称需先缴纳运费和保证金才能发货。"
        "赵女士先后转账三次共计4800元，随后被拉黑。警方提醒：正规赠品不需要缴纳任何费用。",
        "某地一名大学生在网上申请“学生专享免息贷款”，对方发来一个APP链接，注册后显示“审批成功5万元”，"
        "但提现时提示“银行卡信息有误，资金已冻结”，需缴纳5000元解冻金。他向同学借钱缴纳后，对方又要求"
        "缴纳“会员费”，这才醒悟报警。",
        # the scammer's "别告诉我爸" told in the news (叮嘱), and how it ended
        "某地张大爷接到一个陌生号码，对方说：“爷爷，我是小明，换新号了，你存一下。”第三天，“孙子”又打来"
        "电话，说在学校打伤了同学，需要三万块钱赔偿，还特别叮嘱：“千万别告诉我爸。”张大爷准备去银行汇款时，"
        "正好碰到放学回家的孙子，才发现受骗。",
        # a member's story: the card number masked is no way to pay anyone, "去找我借钱" no invitation
        "我爸手机上收到的：“爸，我手机掉水里了，这是新号，急用钱，先转5000到这个卡号6228 **** 1190，"
        "收款人李强，晚点跟你解释。”我家就我一个儿子，也不叫李强，已经让他把号码拉黑了。",
        "我外婆差点上当，有人打电话说她中了“养老保险返还金”，要先交三百“工本费”，她还想去找我借钱，我说这是骗局。",
        # advice to new members that says not to pay anyone to bargain for them
        "分享下新人砍价的坑：砍价到最后会越来越慢，这是正常的，多拉新用户就快了。千万别找人“付费代砍”，群里互相点就行。",
    ],
)
def test_a_retelling_in_an_ordinary_message_or_the_news_is_not_flagged(message):
    assert not _flagged(message)


@pytest.mark.parametrize(
    "message",
    [
        # the same fees asked of the reader
        "领取养生茶需先缴纳运费和保证金，转账后立即发货，名额有限",
        # a fake officer names the criminals too, but speaks to the reader
        "你好，这里是市公安局，你的身份证被不法分子冒用办理了银行卡，需要你配合把资金转入安全账户核查",
    ],
)
def test_the_same_words_said_to_the_reader_stay_flagged(message):
    assert _flagged(message)


@pytest.mark.parametrize(
    "message",
    [
        # a payment already made ("先帮他垫付了") in an account of the day
        "今天公司楼下发生的小事：同事点的外卖送错了楼，外卖小哥急得不行，我们几个下去帮忙找，同事还先帮他"
        "垫付了二十块跑腿费让人送上来。后来小哥加班结束专门回来把钱还了，还带了两瓶饮料，挺暖的。",
        # a call retold in quotation marks after 接到…电话, ended by the dead line
        "今天接到一个“快递公司”的电话：\n“您好，您的包裹里查出违禁品，已经移交公安，需要您配合调查，"
        "把名下资金转到安全账户核查。”\n“行啊，我这就去派出所找你们。”\n“不用去派出所，在电话里配合就可以。”\n"
        "“我已经在派出所门口了。”\n嘟嘟嘟……",
    ],
)
def test_a_payment_told_as_done_or_a_call_retold_is_not_flagged(message):
    assert not _flagged(message)


def test_a_payment_still_asked_for_beside_one_told_as_done_stays_flagged():
    message = "上一批兼职的都垫付过了，这一批先垫付200元保证金才能接单返佣"
    assert _flagged(message)


def test_a_fee_told_as_paid_in_its_clause_is_a_retelling():
    # "先交了五千块保证金": the clause tells the payment as done, the noun beside it included
    message = (
        "我舅舅前几年迷上了理财讲座，听人说能保本高收益，先交了五千块保证金，后来那个公司关门了，"
        "钱也没要回来。现在他谁推荐的理财都不听了。"
    )
    assert not _flagged(message)


def test_a_deposit_paid_in_a_story_told_of_a_relative_is_no_ask():
    # a weak frame (被人骗) and the deposit told as paid: not even held for review
    message = "我小姨去年在网上被人骗着订了一台“理疗床”，先付了两千定金，后来店家电话打不通了。现在她买什么都先问我。"
    assert not _flagged(message)


@pytest.mark.parametrize(
    "message",
    [
        "您好，这边是某品会售后，您的订单因系统故障重复扣款，需要给您原路退还，请您打开屏幕共享配合操作",
        "您的借款已审核通过，但系统显示您的信用分不足，需转账3000提高信用分，款项随借款一并返还",
    ],
)
def test_a_notice_that_asks_a_screen_share_or_a_payment_first_is_no_record(message):
    assert not notice.is_record(scan_view(message)) and _flagged(message)
