"""anti_scam: the impersonated boss, teacher, relative or old friend asking for money (boss block
of scripts.py), read by its mechanism; and real talk of bosses, 报销, AA and family money allowed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from huzhu.core import Severity
from huzhu.plugins.anti_scam import TEXTS, Config, scan, scripts, to_verdict
from huzhu.plugins.anti_scam.phrases import fold
from tests.anti_scam_reading import reasons

WRITTEN8 = Path(__file__).resolve().parent / "data" / "antiscam_written8.jsonl"


def _verdict(message: str) -> str:
    t = lambda k, **v: TEXTS.get("zh", k, **v)  # noqa: E731
    found = scan(message, Config())
    levels = {to_verdict(t, f, "zh").severity for f in found}
    return "allow" if not levels or max(levels) < Severity.REVIEW else "flagged"


@pytest.mark.parametrize(
    ("message", "named"),
    [
        # a relative on a borrowed phone, money to a third person's card, "don't call"
        (
            "大哥，我是你弟媳，我的手机在路上被抢了，这是找路人借的。你弟在工地出了事被送去急诊，"
            "医生说先交两万才手术，你先转到护士长这个卡上，电话别打，他现在在里面。",
            "自称领导、老师或亲人",
        ),
        # a superior who wants gift cards and their codes, "in a meeting"
        (
            "小蒋，我是吴主任。现在开会走不开，你去附近商场买六张五百的购物卡，把卡号和密码拍照发我，"
            "下午回来让财务给你报。",
            "要你买购物卡、报卡号密码",
        ),
        # an old friend who reconnects and asks for a loan to his wife's card
        (
            "老同学，是我啊，当年坐你前面的阿杰！我现在遇上点难处，孩子住院押金还差七千，能不能先借我应个急，"
            "钱打到我爱人的卡上，我的卡被风控了，月底发工资一定还你。",
            "要你把钱转到别人的账户",
        ),
        # a "counsellor" collecting a fee per head to a personal account, with a threat
        (
            "各位同学好，我是本学期新来的辅导员周老师，学院要求每人交实习保险费98元，"
            "请直接转到我个人支付宝，备注姓名学号，周五前不交的不予认定实习成绩。",
            "按人头收费",
        ),
    ],
)
def test_boss_scripts_are_read_by_their_mechanism(message, named):
    """Who they claim to be (or a new account), money now to a third account, gift cards or a
    fee per head, and pressure: flagged and named in words, whatever the wording."""
    [(_rule, severity, reason)] = [r for r in reasons(message) if r[0] == "anti_scam.script"]
    assert severity in (Severity.REVIEW, Severity.SEVERE)
    assert "像冒充领导、熟人借钱的骗局" in reason and named in reason, reason


@pytest.mark.parametrize(
    "message",
    [
        "领导让我先垫付客户的午饭钱，回来走报销流程，发票记得开公司抬头。",
        "部门聚餐AA，每人一百二，我先付了，大家回头微信转我就行。",
        "我哥做生意周转不开，跟我借了三万，我让他写了借条，说年底还。",
        "我妈换了新手机号，在家庭群里说了，让大家存一下。",
        "老板今天在会上说年终奖下周发，每人还有一个红包，回头财务统一打到卡上。",
        "我是你们的新群主，以后有问题私聊我，大家好好互助。",
        "公司中秋发了购物卡，每人一张五百的，我拿去超市买了油。",
        "我给爸妈各转了两千块过节，老妈非要退回来，推来推去的。",
        "我爸住院了，我先交了两万押金，医保报销以后能退一部分。",
    ],
)
def test_real_talk_of_bosses_reimbursements_red_packets_and_loans_to_friends_is_allowed(message):
    assert _verdict(message) == "allow", reasons(message)


@pytest.mark.parametrize(
    "message", ["小张 我王总 这是我新号 在吗", "是我 刘局 换了个号 明天有个事找你"]
)
def test_a_short_new_account_opener_of_a_superior_is_flagged(message):
    assert any(r[0] == "anti_scam.script" for r in reasons(message))
    assert not reasons("兄弟们我换号了，新号就是这个")


def test_boss_verdict_in_english_names_the_mechanism():
    hit = scripts.judge(fold("小蒋，我是吴主任。现在开会走不开，你去商场买六张五百的购物卡，把卡号和密码拍照发我，回来报销。"))  # fmt: skip
    assert hit is not None and hit.category == "boss"
    name, what = scripts.describe(hit, "en")
    assert name == "a 'boss' or acquaintance asking for money"
    assert "gift cards" in what and not any("\u4e00" <= ch <= "\u9fff" for ch in what), what


def test_written8_held_split_boss_recall_and_hard_ham():
    """written8 (2026-12-01): boss scripts of every kind and hard ham (real colleagues' AA,
    bosses and 报销, family money, new numbers); its held split was measured once before the
    boss block was written (25/30 flagged, 2 of 30 ham) and its misses never read."""
    flagged, total = Counter(), Counter()
    for row in map(json.loads, filter(None, WRITTEN8.read_text(encoding="utf-8").splitlines())):
        if row["split"] == "held":
            total[row["label"]] += 1
            flagged[row["label"]] += _verdict(row["text"]) != "allow"
    assert total["boss"] >= 30 and flagged["boss"] / total["boss"] >= 0.9, flagged
    # one ham row is held by the shared deposit phrase rule (a refundable 门禁卡 押金), not here
    assert total["ham"] >= 30 and flagged["ham"] <= 1, flagged


def test_boss_script_in_english_for_en_groups():
    """The same mechanism in English (the model reads Chinese only and has no say on it)."""
    t = lambda k, **v: TEXTS.get("en", k, **v)  # noqa: E731

    def en(message: str) -> list[str]:
        return [to_verdict(t, f, "en").reason for f in scan(message, Config(), lang="en")]

    [reason] = en("Hi, this is David, your manager. I'm in a meeting and can't talk. Please buy four "
                  "Apple gift cards for a client and send me the codes, I'll reimburse you today.")  # fmt: skip
    assert "asking for money" in reason and "gift cards" in reason, reason
    [reason] = en("Hi mum it's me, this is my new number, I dropped my phone. Can you transfer 450 to "
                  "my friend's account for the rent? It's urgent, I'll pay you back tomorrow.")  # fmt: skip
    assert "new account" in reason and "someone else's account" in reason, reason
    assert not en("My manager asked me to buy gift cards for the team party; the company will "
                  "reimburse me next week.")  # fmt: skip
    assert not en(
        "Hey all, new number here, please save it. My old phone died. See you at the meetup!"
    )
