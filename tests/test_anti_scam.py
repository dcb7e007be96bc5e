"""anti_scam: normalisation, link verdicts, phrases, personal data, strictness, /举报, huzhu scan, the corpus."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from huzhu.core import DeleteMessage, Mute, NotifyAdmins, PrivateMessage, Role, Severity
from huzhu.core.requests.links import SCAN_LIMIT
from huzhu.core.storage import repo
from huzhu.plugins.anti_scam import Config, scan
from huzhu.plugins.anti_scam.textnorm import scan_view
from huzhu.testing import FakeGroup, of_type, text

ROOT = Path(__file__).resolve().parent.parent


def rules_of(message: str, **cfg) -> list[tuple[str, Severity]]:
    return [(f.rule, f.severity) for f in scan(message, Config(**cfg))]


@pytest.mark.parametrize(
    ("raw", "view"),
    [
        (
            "ｈｔｔｐｓ：／／ｍｏｂｉｌｅ．ｙａｎｇｋｅｄｕｏ．ｃｏｍ／ｘ",
            "https://mobile.yangkeduo.com/x",
        ),
        ("yangkeduo。com", "yangkeduo.com"),
        ("evil(.)cn 和 evil[点]cn", "evil.cn 和 evil.cn"),
        ("a\u200bb\u2060c\ufeffd\u00ade", "abcde"),
        ("https://mobile.yangke\nduo.com/goods?id=1", "https://mobile.yangkeduo.com/goods?id=1"),
    ],
)
def test_normalisation(raw, view):
    assert scan_view(raw) == view


OFFICIAL = [
    "https://mobile.yangkeduo.com/bargain.html?goods_id=123&share_uin=X",
    "https://m.tb.cn/h.5ZxYz?tk=1",
    "https://u.jd.com/AbC",
    "https://item.jd.com/100012043978.html",
    "mobile%2Eyangkeduo.com/x",
    "https://YANGKEDUO.COM./a",
    "https://mobile.yangkeduo.com/x?url=https://m.tb.cn/h.x",
]
TRICKS = [
    "https://mobile.yangkeduo.com@evil.cn/x",
    "http://192.168.1.1/login",
    "http://0x7f000001/a",
    "http://2130706433/a",
    "https://yangkedu0.com/x",
    "https://yangkeduo-vip.com/",
    "https://myyangkeduo.com/",
    "https://уangkeduo.com/a",  # Cyrillic у
    "http://xn--angkeduo-wch.com",
    "https://yangkeduo.com.evil.cn/x",
    "pinduoduo.secure-login.top/a",
    "https://pinduoduo.cn/",
    "https://taoba0.com",
    "https://jingd0ng.com",
    "https://jd-kefu.com/refund",
    "https://mobile.yangkeduo.com/x?launch_url=http%3A%2F%2Fevil.cn%2Fa",
    "https://mobile.yangkeduo.com/x?a=1&redirect=https%3A%2F%2Fm.tb.cn.evil.top%2F",
    "https://mobile.yangkeduo.com/x?target_page=evil.cn%2Flogin",
    "https://item.jd.com/1.html?target="
    + "https%3A%2F%2Fmobile.yangkeduo.com%2Fx%3Furl%3Dhttp%253A%252F%252Fevil.cn",
]


@pytest.mark.parametrize("link", OFFICIAL)
def test_official_links_pass(link):
    assert rules_of(f"帮我砍一刀 {link}") == []


@pytest.mark.parametrize("link", TRICKS)
def test_link_tricks_are_severe(link):
    assert ("anti_scam.link", Severity.SEVERE) in rules_of(f"帮我砍一刀 {link}")


def test_shorteners_are_held_for_review_and_allow_list_is_per_group():
    assert rules_of("点这里 t.cn/AbCd") == [("anti_scam.shortener", Severity.REVIEW)]
    assert rules_of("点这里 t.cn/AbCd", shorteners="allow") == []
    assert rules_of("https://yangkeduo-vip.com/x", allow_domains=["yangkeduo-vip.com"]) == []
    assert rules_of("看看 https://www.baidu.com/s?wd=1") == []  # an ordinary site is not a scam


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("先交20元押金才能助力", "anti_scam.prepay"),
        ("先 交 押 金 才 能 帮 你 砍", "anti_scam.prepay"),
        ("把收到的验证码发给我一下", "anti_scam.credential"),
        ("拼多多官方客服：你的账户异常，点击链接退款", "anti_scam.impersonation"),
        ("代 助 收 费 ， 一 刀 一 元", "anti_scam.paid_help"),
        ("刷单返利群 日结", "anti_scam.paid_help"),
        ("加我薇信 abc12345 详聊", "anti_scam.off_group"),
        ("扣扣 1234 5678 9 私聊", "anti_scam.off_group"),
        ("+v: wxid_abc123 详聊", "anti_scam.off_group"),
    ],
)
def test_scam_phrases_through_disguises(message, rule):
    assert rule in [r for r, _ in rules_of(message)]


@pytest.mark.parametrize(
    "message",
    [
        "加油！微信步数20000",
        "不要把验证码发给别人",
        "我的押金退了吗",
        "微信转账给你了",
        "已助",
        "谢谢大家",
    ],
)
def test_ordinary_chatter_is_not_a_scam(message):
    assert rules_of(message) == []


def test_phrase_rules_are_editable_per_group():
    assert rules_of("刷单返利群", disable_rules=["brushing"]) == []
    own = {
        "id": "crypto",
        "category": "other",
        "severity": "severe",
        "all": [["usdt", "泰达币"], ["收", "换"]],
    }
    assert rules_of("高价收 USDT", extra_rules=[own]) == [("anti_scam.other", Severity.SEVERE)]
    with pytest.raises(ValueError, match="unknown rule 'brushng'"):
        Config(disable_rules=["brushng"])


@pytest.mark.parametrize(
    ("message", "masked"),
    [
        ("我的身份证 11010519491231002X", "1101**********002X"),
        ("身份证号 110105 19491231 002X", "1101**********002X"),
        ("卡号 6222 0202 0011 2233 8", "6222*********2338"),
        ("手机 138-1234-5678", "138****5678"),
        ("验证码是：8 8 2 1", "****"),
        ("qq：12345678", "12****78"),
    ],
)
def test_personal_data_is_found_and_masked(message, masked):
    [finding] = scan(message, Config())
    assert finding.rule == "anti_scam.pii" and finding.severity == Severity.INFO
    assert [m for _, m in finding.values["hits"]] == [masked]


@pytest.mark.parametrize(
    "message",
    [
        "商品 123456789012",
        "订单 190507-070101238553922",
        "价格 19.90 元，2024-01-01 12:30 截止",
        "11010519491231002Y",  # bad check digit
        "11010519491331002X",  # no 13th month
        "订单号 6222020200112233 8",
        "https://mobile.yangkeduo.com/goods.html?goods_id=13812345678",
        "复制打开淘宝 (VxhdUTZdBm4) 帮我助力",
        "https://p.pinduoduo.com/Code0000",
    ],
)
def test_numbers_that_only_look_like_personal_data(message):
    assert rules_of(message) == []


YAML = """
defaults:
  commands: {rate: 1000}
  plugins:
    flood: false
    anti_scam: {strict_new_members: 1d}
"""


async def test_scam_link_is_removed_and_sender_muted(engine_factory):
    engine = await engine_factory(YAML)
    actions = await FakeGroup(engine, "qq:1").say(
        "帮我砍一刀 https://yangkedu0.com/bargain.html", by="qq:5"
    )
    assert of_type(actions, DeleteMessage) and of_type(actions, Mute)
    assert "冒充拼多多官方网址" in text(of_type(actions, PrivateMessage))


async def test_personal_data_removed_with_a_private_masked_notice_and_never_stored(engine_factory):
    engine = await engine_factory(YAML)
    raw = "11010519491231002X"
    actions = await FakeGroup(engine, "qq:1").say(f"我的身份证号 {raw}，帮我看看", by="qq:5")
    assert of_type(actions, DeleteMessage) and not of_type(actions, Mute)
    [note] = of_type(actions, PrivateMessage)
    assert "为保护你的隐私" in note.text and "1101**********002X" in note.text
    assert raw not in json.dumps([str(a) for a in actions], ensure_ascii=False)
    assert (
        await engine.db.read(lambda c: repo.active_strikes(c, "qq:1", "qq:5", 0)) == 0
    )  # not punished
    stored = await engine.db.read(lambda c: repo.audit_recent(c, "qq:1", 100))
    assert raw not in json.dumps(stored, ensure_ascii=False, default=str)
    db_bytes = b"".join(
        p.read_bytes() for p in Path(engine.db.url.split("///", 1)[1]).parent.glob("*.db*")
    )
    assert raw.encode() not in db_bytes


async def test_new_members_are_checked_more_strictly(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    await g.say("大家好", by="qq:6")
    await engine.flush_members()
    clock.advance(2 * 86400)
    assert await g.say("看看 https://www.some-shop.top/x", by="qq:6") == []  # established
    fresh = await g.say("看看 https://www.some-shop.top/x", by="qq:7")
    assert of_type(fresh, DeleteMessage) and "入群 24 小时内不能发站外链接" in text(fresh)
    # a minor phrase rule counts as severe for a new member
    assert of_type(await g.say("加我qq 87654321 私聊", by="qq:8"), Mute)


async def test_report_flags_a_message_for_admins(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    assert "请「回复」要举报的消息" in text(await g.say("/举报", by="qq:9"))
    # (a platform's id FakeGroup never gives: its own ids count up across the whole run)
    actions = await g.say("/举报 他在骗人", by="qq:9", reply_to="ext77",
                          reply_text="私聊我 13812345678 带你赚钱")  # fmt: skip
    [notice] = of_type(actions, NotifyAdmins)
    # the platform did not say whose message it was: no message id in the author's place
    assert "举报了一条消息「" in notice.text and "77" not in notice.text
    assert "原因：他在骗人" in notice.text
    assert "13812345678" not in notice.text and "13*******78" in notice.text
    assert "已收到举报" in text(actions)
    audit = await engine.db.read(lambda c: repo.audit_recent(c, "qq:1"))
    assert audit[0]["action"] == "report" and audit[0]["target"] == "ext77"


async def test_admins_are_not_exempt_from_removal_of_scam_links(engine_factory):
    engine = await engine_factory(YAML)
    actions = await FakeGroup(engine, "qq:1").say(
        "https://yangkeduo.com.evil.cn/", by="qq:2", role=Role.ADMIN
    )
    assert of_type(actions, DeleteMessage) and not of_type(
        actions, Mute
    )  # removed, admin not punished


def test_huge_messages_are_checked_in_bounded_time():
    for message in (
        ("帮我砍一刀 https://mobile.yangkeduo.com/x?goods_id=1 " * 2000)[:100_000],
        "a" * 99_990 + "@evil.cn/x",
        " ".join("1234567890" for _ in range(9_000))[:100_000],
        "https://" + "a." * 50_000,
    ):
        t0 = time.perf_counter()
        scan(message, Config())
        assert time.perf_counter() - t0 < 2.0


@pytest.mark.parametrize(
    "message",
    [
        "看看 mobile.yangkeduo.com" + "-" * 50 + "@evil.cn/x",  # userinfo longer than 64 characters
        "帮我砍一刀yangkeduo.com@evil.cn",
        "a" * 3_000 + " yangkeduo.com@evil.cn " + "b" * 1_000,
    ],
)
def test_userinfo_tricks_are_found_wherever_their_run_starts(message):
    assert ("anti_scam.link", Severity.SEVERE) in rules_of(message)


@pytest.mark.parametrize(
    "message",
    [
        "简历发我邮箱 zhangsan@163.com 谢谢",  # an e-mail address is not a link
        "发到 zhang.san@qq.com 就行",
        # 抖音's share text carries a code like "a@g.Ob": no public suffix, nothing to open
        "8.94 Mwf:/ 10/12 a@g.Ob 复制打开抖音，看看【小张的作品】 https://v.douyin.com/iRNBmUWx/",
        "联系 a@g.Ob",
    ],
)
def test_an_email_address_or_a_share_code_with_at_is_not_a_userinfo_trick(message):
    assert ("anti_scam.link", Severity.SEVERE) not in rules_of(message)


def test_a_host_before_the_at_sign_stays_a_userinfo_trick_without_a_scheme():
    assert ("anti_scam.link", Severity.SEVERE) in rules_of("领现金 pinduoduo.com@evil.top")


def test_a_long_run_of_letters_is_not_a_host():
    # no DNS label is longer than 63 characters: a run of 4,000 letters before ".com" is not a link
    assert rules_of("a" * 4_000 + ".com/x", strict_new_members=0) == []
    assert rules_of("看 " + "a" * 40 + ".com/x 谢谢") == []


PHISHING = " https://yangkeduo.com.evil-help.cn/login 官方助力通道"


async def test_a_link_at_the_end_of_a_100_kb_message_does_not_get_through(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    huge = ("谢谢大家，帮我砍一刀。" * 10_000)[: 100_000 - len(PHISHING)] + PHISHING
    actions = await g.say(huge, by="qq:5")
    # too long to read in full: removed unread, the member told why and what to do, no strike
    assert of_type(actions, DeleteMessage) and not of_type(actions, Mute)
    told = text(of_type(actions, PrivateMessage))
    assert "100000 个字" in told and f"{SCAN_LIMIT} 字的上限" in told and "请分成几条发送" in told
    assert await engine.db.read(lambda c: repo.active_strikes(c, "qq:1", "qq:5", 0)) == 0
    # up to the limit a message is read in full: a link at its very end is judged as what it is
    longest = ("谢谢大家，帮我砍一刀。" * 1_000)[: SCAN_LIMIT - len(PHISHING)] + PHISHING
    assert len(longest) == SCAN_LIMIT
    caught = await g.say(longest, by="qq:6")
    assert of_type(caught, Mute) and "冒充" in text(caught)
    assert [f.rule for f in scan(longest, Config())] == ["anti_scam.link"]


async def test_no_check_reads_past_the_limit(engine_factory, monkeypatch):
    """The work per message is bounded: no plugin folds or searches more than SCAN_LIMIT
    characters of a 100 KB message (before, each read all of it: 100-200 ms of regex)."""
    import huzhu.plugins.anti_scam as anti_scam
    import huzhu.plugins.content as content
    import huzhu.plugins.flood as flood
    from huzhu.core.requests import links

    read: list[int] = []

    def spy(fn):
        def wrapper(text, *args, **kwargs):
            read.append(len(text))
            return fn(text, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(anti_scam, "scan_view", spy(anti_scam.scan_view))
    monkeypatch.setattr(links, "normalise", spy(links.normalise))
    monkeypatch.setattr(links, "normalise_mapped", spy(links.normalise_mapped))
    monkeypatch.setattr(content, "fold", spy(content.fold))
    monkeypatch.setattr(flood, "fold_text", spy(flood.fold_text))
    engine = await engine_factory(
        "defaults:\n  plugins:\n    anti_scam: {}\n    flood: {}\n"
        "    content: {links_only_in_requests: true, platforms: [pdd]}\n"
    )
    huge = ("帮我砍一刀 https://mobile.yangkeduo.com/x?goods_id=1 " * 3_000)[:100_000] + PHISHING
    actions = await FakeGroup(engine, "qq:1").say(huge, by="qq:5")
    assert of_type(actions, DeleteMessage)
    assert read and max(read) <= SCAN_LIMIT


def test_huzhu_scan_command(tmp_path):
    lines = ["帮我砍一刀 https://mobile.yangkeduo.com/bargain.html?goods_id=1", "先交20元押金才能助力",
             "t.cn/AbCd", "谢谢", "我的身份证 11010519491231002X"]  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-m", "huzhu.core.cli", "scan", "--config", str(ROOT / "plugins.yaml")],
        input="\n".join(lines) + "\n", capture_output=True, text=True, check=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["verdict"] for r in results] == ["allow", "block", "review", "allow", "block"]
    assert results[1]["rules"] == ["anti_scam.prepay"] and "骗局" in results[1]["reasons"][0]
    assert "11010519491231002X" not in out.stdout
    jsonl = json.dumps(
        {"text": "第一行\nhttps://mobile.yangke\nduo.com.evil.cn/x"}, ensure_ascii=False
    )
    out = subprocess.run(
        [sys.executable, "-m", "huzhu.core.cli", "scan", "--jsonl", "--config", str(ROOT / "plugins.yaml")],
        input=jsonl + "\n", capture_output=True, text=True, check=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert json.loads(out.stdout)["rules"] == ["anti_scam.link"]


def test_corpus_meets_the_targets():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from antiscam_eval import evaluate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    result = evaluate()
    assert result["link_trick"]["allowed"] == 0
    assert result["share"]["false_positive_rate"] == 0
    assert result["lookalike_number"]["false_positive_rate"] <= 0.005
    assert result["chatter"]["false_positive_rate"] <= 0.005
    assert result["scam"]["recall"] >= 0.9 and result["pii"]["recall"] >= 0.9


@pytest.mark.parametrize(
    "message",
    ["今天交了房租押金2000，房东说退房的时候退", "租房子押一付三，押金三千块，转给房东了"],
)
def test_own_rent_deposit_is_not_a_prepay_scam(message):
    assert rules_of(message) == []
    assert rules_of("先交20元押金才能助力") != []


@pytest.mark.parametrize(
    "message",
    [
        "报警的时候民警让我提供身份证和转账截图，做了个笔录",
        "租房签合同，房东让我提供身份证，我给了复印件",
        "酒店入住要刷身份证拍照，现在都这样",
        "我打了招行官方客服电话，问了一下卡为什么被冻结，说是风控，让我在APP上传身份证就解了",
        "工作人员打电话说我的社保卡冻结了，我直接打了12333官方电话核实，确实要去社保局办",
        "微信支付被冻结了，在微信里联系官方客服申诉，两天后就解冻了",
    ],
)
def test_real_dealings_need_the_scammers_channel_or_a_request_to_you(message):
    """身份证+提供/拍照 and 官方+冻结+电话 said of a landlord, a hotel, a real hotline: not flagged."""
    assert not scan(message, Config()), scan(message, Config())


@pytest.mark.parametrize(
    "message",
    [
        "请提供身份证正反面照片和银行卡照片，审核通过后发放助力奖励",
        "我是支付宝官方客服，您的账户因异常交易被冻结，请加客服微信 zfb_kf0921 办理解冻",
        "您好，我是京东官方客服，您的金条账户需要注销，否则影响征信，请联系我的QQ 38291045",
    ],
)
def test_the_same_words_with_a_request_or_a_private_contact_are_flagged(message):
    assert scan(message, Config())
