"""Share links and 口令: every format members paste, and near-misses that are not shares."""

from __future__ import annotations

import pytest

from huzhu.core.requests.links import (
    classify_activity,
    find_share,
    find_shares,
    normalise,
    normalise_mapped,
)
from huzhu.core.requests.needed import without_needed


@pytest.mark.parametrize(
    ("text", "platform", "activity", "url"),
    [
        ("【拼多多】帮我砍一刀 https://mobile.yangkeduo.com/bargain.html?goods_id=123&share_uin=ABC&_wv=1",
         "pdd", "砍价", "https://mobile.yangkeduo.com/bargain.html?goods_id=123"),
        ("mobile.pinduoduo.com/pincard_ask.html?group_order_id=99&refer_share_id=x 拼团还差1人",
         "pdd", "拼团", "mobile.pinduoduo.com/pincard_ask.html?group_order_id=99"),
        ("助力一下 https://p.pinduoduo.com/AbCd1234?refer_share_uin=777", "pdd", "助力",
         "https://p.pinduoduo.com/AbCd1234"),
        ("ｈｔｔｐｓ：／／ｍｏｂｉｌｅ．ｙａｎｇｋｅｄｕｏ．ｃｏｍ／ｂａｒｇａｉｎ．ｈｔｍｌ？ｇｏｏｄｓ＿ｉｄ＝５",
         "pdd", "砍价", "ｈｔｔｐｓ：／／ｍｏｂｉｌｅ．ｙａｎｇｋｅｄｕｏ．ｃｏｍ／ｂａｒｇａｉｎ．ｈｔｍｌ？ｇｏｏｄｓ＿ｉｄ＝５"),
        ("现金大转盘 mobile。yangkeduo。com/cash.html?id=7", "pdd", "现金", "mobile。yangkeduo。com/cash.html?id=7"),
        ("#小程序://拼多多/Xy12AbC 砍一刀", "pdd", "砍价", "#小程序://拼多多/Xy12AbC"),
        ("https://m.tb.cn/h.5xYzAbC?tk=secret 帮我助力", "taobao", "助力", "https://m.tb.cn/h.5xYzAbC"),
        ("【淘宝】帮我助力 ￥AbCd1234Ef￥ 复制打开手淘", "taobao", "助力", "￥AbCd1234Ef￥"),
        ("8€nUoBdT6zIc8€/ 嗨，我在淘宝发现了一个宝贝", "taobao", "其他", "€nUoBdT6zIc8€"),
        ("京东助力：https://u.jd.com/AbCdEf1 帮忙点一下", "jd", "助力", "https://u.jd.com/AbCdEf1"),
        ("https://3.cn/1-AbCdEf 拼团", "jd", "拼团", "https://3.cn/1-AbCdEf"),
        ("https://item.m.jd.com/product/100012345.html?utm_source=x&sku=1", "jd", "其他",
         "https://item.m.jd.com/product/100012345.html?sku=1"),
        ("20:/！AbCdEf1234！ 京东砍价 快来", "jd", "砍价", "20:/！AbCdEf1234！"),
    ],
)  # fmt: skip
def test_recognises_each_format(text, platform, activity, url):
    """Recognised from the folded text; shown as the member wrote it, minus tracking parameters."""
    link = find_share(text)
    assert link is not None, text
    assert (link.platform, link.activity, link.url) == (platform, activity, url)


@pytest.mark.parametrize(
    "text",
    [
        "https://mobile.yangkeduo.com.evil.cn/bargain.html",  # brand as a subdomain of another domain
        "https://yangkeduo.com@evil.cn/x",  # userinfo trick
        "https://notjd.com/abc",
        "https://example.com/pinduoduo",
        "拼多多砍价 有人吗",  # no link
        "这个才 ¥12345678¥ 贵死了",  # a price between signs, not a code
        "https://m.tb.cn/",  # a bare short-link host
        "https://mobile.yangkeduo.com:8443/x",  # odd port
        "已助 谢谢",
        "订单号 190507-070101238553922",
    ],
)
def test_near_misses_are_not_shares(text):
    assert find_share(text) is None


def test_same_link_with_other_tracking_has_the_same_key():
    a = find_share(
        "https://mobile.yangkeduo.com/bargain.html?goods_id=1&share_uin=A&refer_share_id=1"
    )
    b = find_share("mobile.yangkeduo.com/bargain.html?refer_share_id=2&goods_id=1&_x_share_id=9")
    c = find_share("https://mobile.yangkeduo.com/bargain.html?goods_id=2")
    assert a.key == b.key != c.key
    assert find_share("￥AbCd1234Ef￥ 淘宝").key == find_share("€AbCd1234Ef€ 手淘").key


def test_several_shares_in_order():
    shares = find_shares("先 https://u.jd.com/AAAA1111 再 https://p.pinduoduo.com/BBBB2222")
    assert [s.platform for s in shares] == ["jd", "pdd"]


def test_activity_and_needed():
    assert classify_activity("帮我砍一刀") == "砍价"
    assert classify_activity("随便看看") == "其他"
    # the count /求助 reads (huzhu.core.requests.needed), and the text without that phrase
    assert without_needed("还差2刀") == (2, " ")
    assert without_needed("需要 3 人") == (3, " ")
    assert without_needed("需要３人")[0] == 3  # full-width, as members type it
    assert without_needed("差两个人 求大佬") == (2, "  求大佬")
    assert without_needed("need 2 people")[0] == 2
    assert without_needed("需要999人")[0] == 999  # /求助 caps it at requests.max_needed
    assert without_needed("谢谢") == (None, "谢谢")


def test_huge_input_is_linear():
    import time

    text = "https://mobile.yangkeduo.com/" + "a" * 100_000 + " " + "¥" * 50_000 + "。" * 50_000
    started = time.monotonic()
    find_shares(text)
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    ("text", "platform", "shown", "key"),
    [
        # 淘口令 as the Taobao app writes it: the full-width ￥ is what the app looks for
        ("￥AbCd1234XyZ￥ https://m.tb.cn/h.xxxx 复制打开淘宝", "taobao", "￥AbCd1234XyZ￥",
         "taobao:code:AbCd1234XyZ"),
        ("【淘宝】帮我助力\u3000￥AbCd1234XyZ￥\u00a0复制打开手淘", "taobao", "￥AbCd1234XyZ￥",
         "taobao:code:AbCd1234XyZ"),
        # 京口令, bare and with its prefix
        ("京东帮我砍一刀 ！ABCDEF1234！ 复制打开京东", "jd", "！ABCDEF1234！", "jd:code:ABCDEF1234"),
        ("！ABCDEF1234！", "jd", "！ABCDEF1234！", "jd:code:ABCDEF1234"),
        ("29:/！ABCDEF1234！ 京东", "jd", "29:/！ABCDEF1234！", "jd:code:ABCDEF1234"),
        # an invisible character inside a 口令 is the member's too
        ("￥AbCd\u200b1234XyZ￥ 淘宝", "taobao", "￥AbCd\u200b1234XyZ￥", "taobao:code:AbCd1234XyZ"),
        ("淘宝（AbCd1234XyZ）复制打开", "taobao", "（AbCd1234XyZ）", "taobao:code:AbCd1234XyZ"),
        ("#小程序：／／拼多多／Xy12AbC 砍一刀", "pdd", "#小程序：／／拼多多／Xy12AbC", "pdd:mp:Xy12AbC"),
    ],
)  # fmt: skip
def test_share_codes_keep_the_members_characters(text, platform, shown, key):
    link = find_share(text)
    assert (link.platform, link.url, link.raw, link.key) == (platform, shown, shown, key)


def test_url_keeps_its_bytes_minus_tracking_parameters():
    url = (
        "https://mobile.yangkeduo.com/goods2.html?ps=AbC&share_uin=X7&goods_id=1%2B2&_wv=41729"
        "&refer_share_channel=qq&sku=a+b&utm_source=wx#top"
    )
    link = find_share(f"拼多多帮我砍一刀\u3000{url}！谢谢")
    # kept parameters in their order and encoding (%2B and + are not re-encoded), the fragment too
    assert link.url == "https://mobile.yangkeduo.com/goods2.html?ps=AbC&goods_id=1%2B2&sku=a+b#top"
    assert link.raw == url
    only_tracking = find_share("https://mobile.yangkeduo.com/bargain.html?share_uin=1&_wv=2 砍价")
    assert only_tracking.url == "https://mobile.yangkeduo.com/bargain.html"
    # a zero-width space hidden in a link is not copied (it would break the link)
    hidden = find_share("https://mobile.yang\u200bkeduo.com/x.html?goods_id=3")
    assert hidden.url == "https://mobile.yangkeduo.com/x.html?goods_id=3"
    # a short link keeps only its code
    assert find_share("https://m.tb.cn/h.AbCd?tk=1&sm=2 淘宝").url == "https://m.tb.cn/h.AbCd"


def test_the_same_share_written_differently_has_one_key():
    full = find_share("￥AbCd1234XyZ￥ 淘宝")
    half = find_share("¥AbCd1234XyZ¥ 淘宝")
    assert full.key == half.key and full.url != half.url
    a = find_share(
        "ｈｔｔｐｓ：／／ｍｏｂｉｌｅ．ｙａｎｇｋｅｄｕｏ．ｃｏｍ／ｘ．ｈｔｍｌ？ｇｏｏｄｓ＿ｉｄ＝５"
    )
    b = find_share("mobile.yangkeduo.com/x.html?share_uin=9&goods_id=5")
    assert a.key == b.key
    assert find_share("！ABCDEF1234！").key == find_share("20:/!ABCDEF1234!").key


@pytest.mark.parametrize(
    "text", ["！Thanks！", "!12345678!", "！谢谢大家！", "!abcdefgh!", "哈哈！！！！！！！！！"]
)
def test_exclamations_are_not_jd_codes(text):
    assert find_share(text) is None


def test_normalise_mapped_points_back_at_the_original():
    text = "全角：ｈｔｔｐ…㎏\u200b。ｶﾞe\u0301￥Ab￥👍x"
    norm, origin = normalise_mapped(text)
    assert len(origin) == len(norm) + 1 and origin[-1] == len(text)
    for i, ch in enumerate(norm):
        assert ch in normalise(text[origin[i]]) or (ch == "." and text[origin[i]] in "。｡")
    assert normalise_mapped("plain 中文 text") == ("plain 中文 text", None)


async def test_announcement_and_queue_show_the_members_own_code(engine_factory):
    from huzhu.testing import FakeGroup, text

    engine = await engine_factory("defaults:\n  commands: {rate: 1000}\n")
    g = FakeGroup(engine, "qq:1")
    tb = text(await g.say("/求助 ￥AbCd1234XyZ￥ 帮我助力，谢谢！", by="qq:10"))
    assert "￥AbCd1234XyZ￥" in tb and "¥" not in tb
    assert "帮我助力，谢谢！" in tb  # the note keeps the member's full-width punctuation too
    jd = text(await g.say("/求助 京东帮我砍一刀 ！ABCDEF1234！", by="qq:11"))
    assert "！ABCDEF1234！" in jd and "!ABCDEF1234!" not in jd
    pdd = text(await g.say(
        "/求助 https://mobile.yangkeduo.com/goods2.html?ps=AbC&share_uin=X7&goods_id=1%2B2 砍一刀",
        by="qq:12",
    ))  # fmt: skip
    assert "https://mobile.yangkeduo.com/goods2.html?ps=AbC&goods_id=1%2B2" in pdd
    assert "share_uin" not in pdd
    # what is stored (and so queued and copied) is the member's own text
    from huzhu.core.storage import requests as store

    stored = await engine.db.read(lambda c: store.open_requests(c, "qq:1"))
    assert sorted(r.link for r in stored) == sorted(
        [
            "￥AbCd1234XyZ￥",
            "！ABCDEF1234！",
            "https://mobile.yangkeduo.com/goods2.html?ps=AbC&goods_id=1%2B2",
        ]
    )
    # the same code written with half-width signs is the same request
    again = text(await g.say("/求助 ¥AbCd1234XyZ¥ 淘宝", by="qq:14"))
    assert "#1" in again
