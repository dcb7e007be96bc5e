"""anti_scam's texts: what members and admins read says what happened and reads as a sentence;
a /求助's link is read once, in the group or privately."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from huzhu.core import DeleteMessage, Member, NotifyAdmins, PrivateMessage, Severity
from huzhu.plugins import anti_scam
from huzhu.plugins.anti_scam import TEXTS, Config, describe, scan, to_verdict
from huzhu.testing import FakeGroup, of_type, text

DATA = Path(__file__).resolve().parent / "data"
YAML = """
defaults:
  commands: {rate: 1000}
  plugins:
    flood: false
"""


def reasons(message: str, lang: str = "zh") -> list[tuple[str, Severity, bool, str]]:
    def t(key: str, **kw: object) -> str:
        return TEXTS.get(lang, key, **kw)

    return [
        (v.rule, v.severity, v.remove, v.reason)
        for v in (to_verdict(t, f, lang) for f in scan(message, Config(), lang=lang))
    ]


#: an opener held for review, and a scam retold by a member (lowered from removal to review)
HELD = [
    "你好，我是市公安局刑侦支队的，你的身份证涉嫌一起洗钱案",
    "我朋友收到消息：我是刘书记，手机没电了借别人手机，急需你帮我给一个账户汇款两万，收款人是我朋友，回去马上还你",
]


@pytest.mark.parametrize("message", HELD)
async def test_a_message_held_for_review_says_it_was_kept_and_what_the_admins_may_do(
    engine_factory, message
):
    [(_rule, severity, remove, reason)] = reasons(message)
    assert severity == Severity.REVIEW and not remove
    assert "撤回" in reason and "已撤回" not in reason and "没有撤回" in reason
    assert "/警告" in reason and "不用处理" in reason
    [(_rule, _severity, _remove, reason_en)] = reasons(message, "en")
    assert "not removed" in reason_en and "/warn" in reason_en and "was removed" not in reason_en
    engine = await engine_factory(YAML)
    actions = await FakeGroup(engine, "qq:1").say(message, by="qq:5")
    [note] = of_type(actions, NotifyAdmins)
    assert not of_type(actions, DeleteMessage) and not of_type(actions, PrivateMessage)
    assert "已撤回" not in note.text and "没有撤回" in note.text and "/警告" in note.text


async def test_a_removed_scam_says_removed_once_and_how_to_appeal(engine_factory):
    engine = await engine_factory(YAML)
    scam = "小王，我是李总，这是我新号。我在开会不方便接电话，急需给客户转一笔款三万，你先帮我转到这个账户，回头公司给你报销"
    actions = await FakeGroup(engine, "qq:1").say(scam, by="qq:6")
    assert of_type(actions, DeleteMessage)
    told = text(of_type(actions, PrivateMessage))
    assert told.count("撤回") == 1 and "/申诉" in told and "没有撤回" not in told


#: one message per built-in phrase rule
PHRASES = [
    "先交20元押金才能助力",
    "先付5元再帮你砍",
    "出售助力包 砍价包 秒到账",
    "验证码告诉我一下",
    "把身份证发给我",
    "请提供一下你的银行卡照片",
    "代 助 收 费 ， 一 刀 一 元",
    "刷单返利群 日结",
    "我是淘宝客服，你的订单可以退款，请加客服微信处理",
    "加我qq 87654321 私聊",
    "新口子放水 不看征信 秒批 私我",
]


@pytest.mark.parametrize("message", PHRASES)
def test_phrase_reasons_are_sentences_not_matched_words(message):
    for lang, start in (("zh", "这条消息"), ("en", "This message")):
        found = reasons(message, lang)
        assert found, message
        for rule, _severity, _remove, reason in found:
            if rule == "anti_scam.pii":
                continue
            assert reason.startswith(start), reason
            assert "+" not in reason and "「" not in reason and "'" + "+" not in reason
            assert not re.search(r"\b(?:phrase|anti_scam|prepay|paid_help|kefu)\b", reason)


def test_every_reason_over_the_written_scams_reads_as_a_sentence():
    texts = [json.loads(line)["text"] for line in (DATA / "antiscam_written.jsonl").open()]
    seen = 0
    for message in texts:
        for lang in ("zh", "en"):
            for _rule, _severity, _remove, reason in reasons(message, lang):
                seen += 1
                assert "+" not in reason and not reason.startswith(("「", "'")), reason
                assert "{" not in reason and "_" not in reason, reason
    assert seen > 100


def test_a_paid_help_ad_gets_the_paid_help_reason_not_the_deposit_one():
    for ad in ("专业代助力 付费助力 砍价 1元一单 秒到 加v", "出售助力包 砍价包 秒到账"):
        found = reasons(ad)
        assert [r[0] for r in found] == ["anti_scam.paid_help"]
        assert found[0][1] == Severity.SEVERE  # as before: only the reason changed
        assert "有偿代助" in found[0][3] and "押金" not in found[0][3]
    # asking for money before helping is still the pay-first scam
    assert [r[0] for r in reasons("先付5元再帮你砍")] == ["anti_scam.prepay"]


def test_a_report_tells_what_the_checks_found_without_claiming_an_action():
    def t(key: str, **kw: object) -> str:
        return TEXTS.get("zh", key, **kw)

    for message in HELD:
        [finding] = scan(message, Config())
        said = describe(t, finding, "zh")
        assert "撤回" not in said and said.startswith("这条消息像")


def _count_scans(monkeypatch, link: str) -> list[str]:
    """The texts anti_scam's scan reads that hold ``link``'s host."""
    read: list[str] = []
    real = anti_scam.scan

    def counting(text_: str, *args, **kw):
        if "yangkeduo" in text_:
            read.append(text_)
        return real(text_, *args, **kw)

    monkeypatch.setattr(anti_scam, "scan", counting)
    anti_scam._memo.clear()
    return read


async def test_a_request_posted_in_the_group_is_read_once(engine_factory, monkeypatch):
    engine = await engine_factory(YAML)
    link = "https://mobile.yangkeduo.com/bargain.html?goods_id=7301&share_uin=W10"
    read = _count_scans(monkeypatch, link)
    actions = await FakeGroup(engine, "qq:1").say(f"/求助 {link} 帮我砍一刀", by="qq:7")
    assert "#1" in text(actions)
    assert len(read) == 1 and read[0].startswith("/求助")  # the message, not the link again


async def test_a_request_sent_privately_is_read_once_and_its_link_still_checked(
    engine_factory, monkeypatch
):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    await g.say("大家好", by="qq:8")  # the member's group
    read = _count_scans(monkeypatch, "")
    me = Member("qq:8", "小八")
    ok = await engine.handle_private(
        me, "/求助 https://mobile.yangkeduo.com/bargain.html?goods_id=7302"
    )
    assert "#1" in text(ok) and len(read) == 1  # check_request read it: nothing else did
    trick = "https://mobile.yangkeduo.com/x?launch_url=http%3A%2F%2Fevil.cn%2Fa"
    refused = await engine.handle_private(me, f"/求助 {trick}")
    assert "evil.cn" in text(refused) and len(read) == 2
    assert len(await engine.context("qq:1", "queue").data.open_requests()) == 1


async def test_a_tricky_request_link_in_the_group_is_still_removed(engine_factory):
    engine = await engine_factory(YAML)
    trick = "https://mobile.yangkeduo.com/x?launch_url=http%3A%2F%2Fevil.cn%2Fa"
    actions = await FakeGroup(engine, "qq:1").say(f"/求助 {trick}", by="qq:9")
    assert of_type(actions, DeleteMessage) and "evil.cn" in text(actions)
    assert not await engine.context("qq:1", "queue").data.open_requests()


def test_a_trick_in_a_request_link_is_found_in_the_message_it_was_cut_from():
    """Why check_request may skip a /求助 check_message read: the link it gets is cut from
    that text (and cleaned), and every link check that fires on it fires on the text."""
    from huzhu.core.requests.links import find_share
    from tests.test_anti_scam import OFFICIAL, TRICKS

    nested = [
        "https://mobile.yangkeduo.com/goods.html?goods_id=1&share_uin=X&url=https%3A%2F%2Fevil.cn",
        "https://item.jd.com/1.html?returnurl=//evil.top/x&tk=9",
        "https://m.tb.cn/h.x?jump=www.evil.cn/login",
    ]
    fired = 0
    for link in (*OFFICIAL, *TRICKS, *nested):
        for message in (
            f"/求助 {link} 帮我砍一刀",
            f"/求助 【拼多多】{link}，快来",
            f"/求助 ({link})",
        ):
            share = find_share(message)
            if share is None:
                continue
            if [f for f in scan(share.url, Config()) if f.rule == "anti_scam.link"]:
                fired += 1
                assert any(f.rule == "anti_scam.link" for f in scan(message, Config())), message
    assert fired >= 10
