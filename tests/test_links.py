"""Share links and 口令: every format members paste, and near-misses that are not shares."""

from __future__ import annotations

import pytest

from huzhu.core.links import classify_activity, find_share, find_shares, needed_helpers


@pytest.mark.parametrize(
    ("text", "platform", "activity", "url"),
    [
        ("【拼多多】帮我砍一刀 https://mobile.yangkeduo.com/bargain.html?goods_id=123&share_uin=ABC&_wv=1",
         "pdd", "砍价", "https://mobile.yangkeduo.com/bargain.html?goods_id=123"),
        ("mobile.pinduoduo.com/pincard_ask.html?group_order_id=99&refer_share_id=x 拼团还差1人",
         "pdd", "拼团", "https://mobile.pinduoduo.com/pincard_ask.html?group_order_id=99"),
        ("助力一下 https://p.pinduoduo.com/AbCd1234?refer_share_uin=777", "pdd", "助力",
         "https://p.pinduoduo.com/AbCd1234"),
        ("ｈｔｔｐｓ：／／ｍｏｂｉｌｅ．ｙａｎｇｋｅｄｕｏ．ｃｏｍ／ｂａｒｇａｉｎ．ｈｔｍｌ？ｇｏｏｄｓ＿ｉｄ＝５",
         "pdd", "砍价", "https://mobile.yangkeduo.com/bargain.html?goods_id=5"),
        ("现金大转盘 mobile。yangkeduo。com/cash.html?id=7", "pdd", "现金", "https://mobile.yangkeduo.com/cash.html?id=7"),
        ("#小程序://拼多多/Xy12AbC 砍一刀", "pdd", "砍价", "#小程序://拼多多/Xy12AbC"),
        ("https://m.tb.cn/h.5xYzAbC?tk=secret 帮我助力", "taobao", "助力", "https://m.tb.cn/h.5xYzAbC"),
        ("【淘宝】帮我助力 ￥AbCd1234Ef￥ 复制打开手淘", "taobao", "助力", "¥AbCd1234Ef¥"),
        ("8€nUoBdT6zIc8€/ 嗨，我在淘宝发现了一个宝贝", "taobao", "其他", "€nUoBdT6zIc8€"),
        ("京东助力：https://u.jd.com/AbCdEf1 帮忙点一下", "jd", "助力", "https://u.jd.com/AbCdEf1"),
        ("https://3.cn/1-AbCdEf 拼团", "jd", "拼团", "https://3.cn/1-AbCdEf"),
        ("https://item.m.jd.com/product/100012345.html?utm_source=x&sku=1", "jd", "其他",
         "https://item.m.jd.com/product/100012345.html?sku=1"),
        ("20:/！AbCdEf1234！ 京东砍价 快来", "jd", "砍价", "20:/!AbCdEf1234!"),
    ],
)  # fmt: skip
def test_recognises_each_format(text, platform, activity, url):
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
    assert needed_helpers("还差2刀") == 2
    assert needed_helpers("需要 3 人") == 3
    assert needed_helpers("需要999人") == 50
    assert needed_helpers("谢谢") == 1


def test_huge_input_is_linear():
    import time

    text = "https://mobile.yangkeduo.com/" + "a" * 100_000 + " " + "¥" * 50_000 + "。" * 50_000
    started = time.monotonic()
    find_shares(text)
    assert time.monotonic() - started < 1.0
