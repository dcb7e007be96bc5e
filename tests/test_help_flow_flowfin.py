"""Help-flow fixes (flowfin): one test per defect. Core only: the kit's FakeGroup."""

from __future__ import annotations

import pytest

from huzhu.core.storage import requests as store
from huzhu.testing import FakeGroup, make_config, text

PDD = "https://mobile.yangkeduo.com/bargain_card.html?goods_id={}"
BASE = {"queue": True, "reminder": True, "help_before_ask": False, "quota": False}
LIMITS = {"commands": {"rate": 1000, "work_rate": 1000}}


def config(plugins=None, groups=None, **defaults) -> str:
    return make_config({**BASE, **(plugins or {})}, groups, defaults={**LIMITS, **defaults})


async def claims_on(engine, seq, gid):
    return sorted(await engine.db.read(lambda c: store.pending_on(c, gid, seq)))


@pytest.mark.parametrize(
    ("gid", "post", "reply"),
    [
        ("qq:1", "/求助", "点了，没反应啊"),
        ("qq:1", "/求助", "砍了，但是提示砍价失败"),
        ("qq:1", "/求助", "帮了 可是显示已经助力过"),
        ("qq:1", "/求助", "已助，怎么还差一个？"),
        ("tg:-100", "/post", "done, but link expired"),
    ],
)
async def test_a_claim_word_saying_the_help_failed_is_no_claim(engine_factory, gid, post, reply):
    engine = await engine_factory(config())
    g = FakeGroup(engine, gid)
    announced = text(await g.say(f"{post} {PDD.format(1)} 需要9人", by="u0", name="小红"))
    await g.say(reply, by="u1", name="m1", reply_to="999", reply_text=announced,
                reply_author="bot")  # fmt: skip
    assert await claims_on(engine, 1, gid) == []
    # a plain claim with more words, or one sharing a link of its own, still claims
    await g.say("砍了，谢谢", by="u2", name="m2", reply_to="999", reply_text=announced,
                reply_author="bot")  # fmt: skip
    await g.say(f"已助，顺便帮我也砍一下 {PDD.format(9)}", by="u3", name="m3", reply_to="999",
                reply_text=announced, reply_author="bot")  # fmt: skip
    assert await claims_on(engine, 1, gid) == ["u2", "u3"]


async def test_mentions_before_any_command_make_it_that_command(engine_factory):
    """@群主 /求助 链接 is /求助 链接 (not a bare link), and an unknown command after a mention
    gets the usual answer; the mentions move after a command that takes a member."""
    engine = await engine_factory(config())
    g = FakeGroup(engine, "qq:1")
    link = "https://mobile.yangkeduo.com/bargain.html?goods_id=3"
    said = text(await g.say(f"@群主 /求助 {link}", mentions=["qq:9"], by="u1", name="小红"))
    assert "📣 求助 #1" in said, said
    assert "请用 /求助" not in said
    for k, typed in enumerate(("@小李 /移出 小红", "@小周 /foo")):  # (one hint a minute each)
        said = text(await g.say(typed, mentions=["qq:8"], by=f"u{k + 2}", name=f"m{k}"))
        assert f"没有 /{typed.split('/')[1].split()[0]} 这个命令" in said, (typed, said)
    assert engine.commands.mentions_first("@阿强 /警告 发广告") == "/警告 @阿强 发广告"
    assert engine.commands.mentions_first("@阿强 /排行") == "/排行"
    assert engine.commands.mentions_first("@阿强 你好 /警告") is None


async def test_an_english_taobao_share_names_the_same_activity_as_chinese(engine_factory):
    engine = await engine_factory(config(groups={"tg:-100": {"language": "en"}}))
    zh, en = FakeGroup(engine, "qq:1"), FakeGroup(engine, "tg:-100")
    share = "8￥AbCd1234XyZ￥/ https://m.tb.cn/h.5RkYqwe 复制打开淘宝，帮我助力领红包"
    said_zh = text(await zh.say(f"/求助 {share}", by="u1", name="小明"))
    said_en = text(await en.say(f"/post {share}", by="u1", name="Ming"))
    assert "淘宝·助力" in said_zh
    assert "Taobao boost" in said_en, said_en
    # an English share saying the same asks for the same activity
    share = "￥QwEr5678AsD￥ Open Taobao, help me get a red packet"
    said_zh = text(await zh.say(f"/求助 {share}", by="u3", name="小白"))
    said_en = text(await en.say(f"/post {share}", by="u3", name="Bai"))
    assert "淘宝·助力" in said_zh and "Taobao boost" in said_en, (said_zh, said_en)


DISPATCH = """
defaults:
  commands: {rate: 1000}
  plugins:
    queue: {strategy: fifo, dispatch: {enabled: true, helpers_per_request: 1}}
groups:
  'tg:-100': {language: en}
"""


async def test_a_dispatch_note_does_not_open_with_the_members_own_name(engine_factory):
    from huzhu.core import PrivateNotes

    engine = await engine_factory(DISPATCH)
    for gid, post in (("qq:3", "/求助"), ("tg:-100", "/post")):
        g = FakeGroup(engine, gid)
        await g.say("大家好", by=f"{gid}:25", name="小明")
        out = await g.say(f"{post} {PDD.format(5)}", by=f"{gid}:24", name="小红")
        [note] = [t for a in out if isinstance(a, PrivateNotes) for _, t, _ in a.notes]
        assert note.startswith(
            ("📌 派单给你：请帮 小红 助力 #1", "📌 A request for you: please help 小红")
        ), note
        assert "小明" not in note


async def test_english_expiry_counts_one_claim_and_the_reminder_ends_cleanly(engine_factory, clock):
    yaml = config({"reminder": {"confirm_after": "30m"}}, groups={"tg:-100": {"language": "en"}},
                  requests={"expiry": {"砍价": "1h"}, "auto_confirm": "off"})  # fmt: skip
    engine = await engine_factory(yaml)
    g = FakeGroup(engine, "tg:-100")
    await g.say(f"/post {PDD.format(1)}", by="tg:10", name="Ann")
    await g.say("/helped 1", by="tg:20", name="Carl")
    clock.advance(1800)
    [bell] = [a.text for a in await g.tick() if "🔔" in getattr(a, "text", "")]
    assert bell == bell.rstrip() and bell.endswith("(or /deny 1 @Carl)."), repr(bell)
    clock.advance(1800)
    expired = text(await g.tick())
    assert "#1 has 1 claim waiting; it is" in expired, expired


async def test_the_queue_has_one_repeat_setting(engine_factory):
    """/队列 is held back by the queue's own repeat_within only: set to 0, the page is posted
    each time (the engine's commands.repeat_within does not hold it back as well)."""
    for within, again in ((0, True), ("2m", False)):
        engine = await engine_factory(config({"queue": {"repeat_within": within}}))
        g = FakeGroup(engine, "qq:1")
        await g.say(f"/求助 {PDD.format(1)}", by="u0", name="小红")
        pages = [text(await g.say("/队列", by=f"u{k}", name=f"m{k}")) for k in (1, 2, 3)]
        assert all("#1" in p for p in pages) is again, pages
        if not again:
            assert "#1" in pages[0] and "小红" not in pages[2]


@pytest.mark.parametrize(
    ("posted", "example"),
    [
        (
            "https://mobile.yangkeduo.com/bargain.html?goods_id=3 帮我砍一刀",
            "/求助 https://mobile.yangkeduo.com/",
        ),
        (
            "8￥AbCd1234XyZ￥/ https://m.tb.cn/h.5RkYqwe 复制打开淘宝，帮我助力",
            "/求助 https://m.tb.cn/",
        ),
        ("￥AbCd1234XyZ￥ 帮我助力", "/求助 https://m.tb.cn/"),
        ("【京东】https://u.jd.com/AbCdEf 快来帮我助力", "/求助 https://u.jd.com/"),
        ("【京东】https://item.jd.com/100012043978.html 快来帮我助力", "/求助 https://u.jd.com/"),
        (
            "【京东】https://prodev.m.jd.com/mall/active/3Ab9xYzQ/index.html 帮我助力",
            "/求助 https://u.jd.com/",
        ),
    ],
)
async def test_a_share_without_the_command_gets_a_pointer_of_its_platform(
    engine_factory, posted, example
):
    engine = await engine_factory(config(commands={"pointer": True, **LIMITS["commands"]}))
    g = FakeGroup(engine, "qq:1")
    said = text(await g.say(posted, by="u1", name="小明"))
    assert "请用 /求助" in said and example in said, said
