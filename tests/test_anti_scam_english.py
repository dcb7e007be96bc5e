"""anti_scam in English: the moves the Chinese rules read, read in English (and mixed) text,
in English and Chinese groups; ordinary English chat, share texts, shop promotions, real bank
and courier SMS and warnings pass."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from huzhu.core import Severity
from huzhu.core.scan import scan_texts, summarise
from huzhu.plugins.anti_scam import TEXTS, Config, english, scan, to_verdict

ROOT = Path(__file__).resolve().parent.parent
EN_GROUP = "tg:-1001234567890"  # the English Telegram group of the shipped plugins.yaml
HAN = re.compile(r"[\u4e00-\u9fff]")

#: what the tryout let through in the English group (the last was removed only for its QQ number)
TRYOUT = {
    "Send me the 6-digit verification code from your SMS so I can finish your help": "block",
    "please pay a deposit of 20 yuan first and then I will help you": "block",
    "Part time job, earn 500 a day, add my WeChat": "block",
    "Hello, this is JD customer service, your order has a problem, give us the verification "
    "code to get your refund, add QQ 2837461923": "block",
}
#: hard English ham: each passes
HAM = [
    "Your OTP is 123456. Do not share it with anyone.",
    "Use 482913 as your Amazon verification code. Never share this code with anyone.",
    "someone asked me for my OTP, don't give it!",
    "Help me get a FREE gift on Temu! Just click the link https://temu.com/s/Ab3dE9xYz",
    "I'm getting free stuff on Temu, tap my link and you can claim a gift too! Use code ACF12345",
    "Join me on AliExpress coin game and get coupons https://s.click.aliexpress.com/e/_DlYx9aB",
    "Hey! Help me tap and win a prize on Shopee, tap the link https://shopee.sg/universal-link/x1",
    "Presale: pay a $5 deposit now and get $20 off, pay the rest on Nov 11",
    "Your parcel has been delivered to the front desk. Thank you for choosing DHL.",
    "Bank alert: your account ending 4821 was debited USD 45.20 at GROCERY MART on 01/12.",
    "We have a Teams meeting at 3, can you share your screen then?",
    "What's the password for the group event? It's on the poster",
    "My part time job at the bookstore starts next week, so I'll be less active here",
    "Customer service refunded me after two days, pretty smooth",
    "bitcoin dropped 5% today, glad I never bought",
    "Give me your WhatsApp number and I'll add you to the group",
    "Mom, can you transfer me the money for the school trip? It's 50, due Friday",
    "Beware: scammers pretend to be JD customer service and ask for your verification code. "
    "Never give it to anyone.",
    "My aunt got a call from 'police' saying her account was involved in money laundering and "
    "she had to move money to a safe account. It's a scam, she hung up.",
]


def verdict(text: str, lang: str = "en", **cfg) -> dict:
    t = lambda k, **v: TEXTS.get(lang, k, **v)  # noqa: E731
    return summarise([to_verdict(t, f, lang) for f in scan(text, Config(**cfg), lang=lang)])


async def test_the_tryouts_scams_are_stopped_in_the_english_group_with_english_reasons():
    out = await scan_texts(list(TRYOUT), config=ROOT / "plugins.yaml", group=EN_GROUP)
    for (text, expected), got in zip(TRYOUT.items(), out, strict=True):
        assert got["verdict"] == expected, text
        scam_rules = [r for r in got["rules"] if r != "anti_scam.pii"]
        assert scam_rules, text  # not only removed for the QQ number
        assert all(not HAN.search(reason) for reason in got["reasons"]), got["reasons"]
    assert "verification code" in out[0]["reasons"][0]
    assert "deposit" in out[1]["reasons"][0] or "money before" in out[1]["reasons"][0]
    assert "side jobs" in out[2]["reasons"][0]


async def test_the_tryouts_ham_passes_in_the_english_group():
    out = await scan_texts(HAM, config=ROOT / "plugins.yaml", group=EN_GROUP)
    assert [
        (t, o["verdict"]) for t, o in zip(HAM, out, strict=True) if o["verdict"] != "allow"
    ] == []


def test_a_chinese_group_is_told_in_chinese_what_an_english_scam_does():
    got = verdict("please pay a deposit of 20 yuan first and then I will help you", "zh")
    assert got["verdict"] == "block"
    assert got["reasons"][0].startswith("这条消息要人先付钱")
    got = verdict("For more free help add me on WhatsApp +44 7700 900123", "zh")
    assert got["rules"] == ["anti_scam.off_group"]
    assert "WhatsApp" in got["reasons"][0] and "拉人私聊" in got["reasons"][0]


@pytest.mark.parametrize(
    ("text", "rule", "outcome"),
    [
        ("pls share the v3rification c0de you got, it expires in 5 min", "anti_scam.credential", "block"),
        ("give me the O T P you got and I'll unlock your bonus", "anti_scam.credential", "block"),
        ("Just share your passw0rd with me, I will finish the bargain", "anti_scam.credential", "block"),
        ("Send a photo of your ID card front and back and we will release the compensation",
         "anti_scam.credential", "block"),
        ("To withdraw your earnings you need to pay an unfreeze fee of 300 USDT first",
         "anti_scam.prepay", "block"),
        ("Like and follow TikTok accounts for commission, each task pays 5 USD, interested? add me",
         "anti_scam.paid_help", "block"),
        ("Hello, this is JD customer service. Your parcel was lost, we will refund you double, "
         "please add our agent on WhatsApp", "anti_scam.impersonation", "block"),
        ("This is the police. Your bank account is involved in a money laundering case, transfer "
         "your funds to a safe account for investigation", "anti_scam.script", "block"),
        ("To process your refund please download Zoom and share your screen with our agent",
         "anti_scam.credential", "block"),
        ("Mum it's me, I lost my phone, this is my new number. Can you send me 500 urgently?",
         "anti_scam.script", "review"),
        ("Hey this is Manager Li, I changed my WeChat. Please buy 5 Apple gift cards for a client "
         "right now and send me the codes, keep it between us", "anti_scam.script", "block"),
        ("DM me on Telegram @kanjia_master, we can talk privately", "anti_scam.off_group", "block"),
        ("Invest in USDT with our platform, guaranteed 20% profit per week, DM me to join",
         "anti_scam.script", "block"),
        # mixed English and Chinese
        ("兼职 part time, like and follow = commission, earn 200 daily, add me", "anti_scam.paid_help",
         "block"),
        ("请把 verification code 发给我, thanks", "anti_scam.credential", "block"),
    ],
)  # fmt: skip
def test_each_mechanism_is_read_in_english(text, rule, outcome):
    got = verdict(text)
    assert got["verdict"] == outcome, got
    assert rule in got["rules"]


def test_a_scam_in_a_warnings_words_stays_and_a_retold_one_is_only_reviewed():
    # the poster's own demand: warning words around it change nothing
    got = verdict("Don't believe other people, they are scams. Send me your OTP and I will help")
    assert got["verdict"] == "block"
    # a warning that gives a channel ("DM me") is no warning
    assert verdict("Beware of scammers! Only trust me: pay 30 deposit first, DM me")["verdict"] == (
        "block"
    )
    # a retold approach, without warning words: held for the admins, and said to be a retelling
    found = scan(
        "I got a text today: Dear customer, your parcel was lost in transit, we will refund you "
        "double, please contact our claims agent to receive it",
        Config(),
        lang="en",
    )
    assert found and all(f.severity == Severity.REVIEW and not f.remove for f in found)
    assert "retelling" in to_verdict(lambda k, **v: TEXTS.get("en", k, **v), found[0], "en").reason


def test_a_groups_switches_hold_in_english_too():
    text = "Part time job, earn 500 a day, add my WeChat"
    assert verdict(text, disable_rules=("brushing",))["verdict"] == "allow"
    crypto = "Invest in USDT with our platform, guaranteed 20% profit per week, DM me to join"
    assert verdict(crypto, scripts=False)["verdict"] == "allow"


def test_chinese_texts_are_not_read_in_english(monkeypatch):
    def read(*args, **kwargs):
        raise AssertionError("read in English")

    monkeypatch.setattr(english, "read", read)
    for text in (
        "【拼多多】帮我砍一刀，就差一点点了！https://mobile.yangkeduo.com/bargain.html?goods_id=1 谢谢",
        "已助",
        "先交20元押金才能助力",
        "复制这条信息￥AbCdEf123￥后打开👉手淘👈",
        # English product names are no English sentence
        "【京东】https://item.jd.com/1.html「Apple iPhone 15 Pro Max 256GB 深空黑色 5G 手机」点击链接直接打开",
    ):
        scan(text, Config())
    assert english.worth_reading("send me the code please")


def test_the_reading_undoes_spelling_tricks():
    assert english.reading("V3rification C0DE") == "verification code"
    assert english.reading("O.T.P and p a s s w o r d") == "otp and password"
    assert english.reading("раssword") == "password"  # Cyrillic р and а


def test_english_code_sms_pasted_whole_is_not_removed_but_a_bare_code_is():
    sms = "Your Temu verification code is 774201. Do not give this code to anyone."
    assert verdict(sms)["verdict"] == "allow"
    assert verdict("my verification code is 774201")["verdict"] == "block"
    assert verdict("Use code ACF12345 for 30% off")["verdict"] == "allow"  # a promo code


def test_the_written_set_train_split_every_scam_flagged_no_ham():
    rows = [json.loads(line) for line in (ROOT / "tests/data/antiscam_english.jsonl").open()]
    train = [r for r in rows if r["split"] == "train"]
    kinds = {r["kind"] for r in rows if r["label"] == "scam"}
    assert len([r for r in rows if r["label"] == "scam"]) >= 80 and len(kinds) >= 10
    assert len([r for r in rows if r["label"] == "ham"]) >= 150
    wrong = [
        (r["label"], r["text"])
        for r in train
        if (verdict(r["text"])["verdict"] != "allow") != (r["label"] == "scam")
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("Congratulations you won a gift card, pay the shipping fee at http://amaz0n-gift.xyz", "Amazon"),
        ("claim your prize http://amaz0n.com-gift.xyz/claim", "Amazon"),
        ("refund here https://shopee-refund.top/x", "Shopee"),
    ],
)  # fmt: skip
def test_a_look_alike_of_an_international_shop_is_a_look_alike(text, site):
    from huzhu.plugins.anti_scam import urls

    [link] = [f for f in scan(text, Config(), lang="en") if f.rule == "anti_scam.link"]
    assert (
        link.severity == Severity.SEVERE
        and site in to_verdict(lambda k, **v: TEXTS.get("en", k, **v), link, "en").reason
    )
    # the shops' own links pass
    assert urls.analyse("https://www.amazon.com/dp/B0CX23V2ZK") == []
    assert urls.analyse("https://temu.com/s/AbCd123") == []


def test_a_foreign_number_with_its_country_code_is_no_chinese_mobile():
    from huzhu.plugins.anti_scam import pii

    assert pii.find("call me on +1 555 123 4567") == []
    assert [h.kind for h in pii.find("我电话 +86 139 1234 5678")] == ["mobile"]
