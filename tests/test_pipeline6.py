"""Issue 22, round six: the faster paths give the same answers as the plain ones.

口令 are looked for only where their mark is; the caller passes a hook's keywords on as they are and times its sampled round
inline; a short text's NFKC form is remembered (a pure function of the text: it cannot go
stale)."""

from __future__ import annotations

import re

from huzhu.core import PluginMeta, hookimpl, metrics
from huzhu.core.events import Member, MessageEvent, normalized
from huzhu.core.requests import links
from huzhu.testing import FakeGroup
from tests.sample_plugins import Boom, Keyword

TRICKY = [
    "【拼多多】帮我砍一刀，就差一点点了！https://mobile.yangkeduo.com/bargain.html?goods_id=1&_x_share_id=a",
    "￥AbCd1234￥ 打开手淘帮我助力，谢谢 https://m.tb.cn/h.5xYzAbC",
    "京东助力：https://u.jd.com/AbCdEf1 帮忙点一下 3:/ ￥Ab12Cd34Ef￥",
    "看这里 example.com:٨٠/x 和 exampleİ.com 以及 ſhop.cn 和 Kk.top",  # re.I letters, \d digits
    "登录 pinduoduo.com@evil.cn 领取，或者 http://1.2.3.4/a 和 www.abc。com",
    "no link here, just words. and dots… 还有中文。",
    "混合text.with.dots中文a.b.c中文https://x.y/z中文",
    "#小程序://拼多多/AbCd1234 帮我点一下",
    "全角ｈｔｔｐｓ：／／ｍ．ｔｂ．ｃｎ／ｈ．ａｂｃ 还有 ＷＷＷ．ＥＸＡＭＰＬＥ．ＣＯＭ",
    "user@mail.example.com 发邮件；v1.2 不是链接；e.g 也不是",
    "a" * 70 + ".com 长标签 " + "测试" * 30 + " b.cn",
]


def _count_links_plain(text: str) -> int:
    """``count_links`` as it was: every kind of 口令 looked for in every text."""
    text = text[: links.SCAN_LIMIT]
    if links._MAYBE_LINK.search(text) is None:
        return 0
    norm = links.normalise(text)
    codes = sum(len(p.findall(norm)) for p in (links._MINIPROGRAM, links._JD_CODE, links._TB_CODE))
    found = 0
    for m in links._URL.finditer(norm) if "@" in norm else links._URL_NO_AT.finditer(norm):
        url = m.group(0).rstrip(links._TRAILING)
        lower = url.lower()
        host = re.sub(r"^https?://", "", lower).split("/", 1)[0].split("@")[-1].split(":")[0]
        tld = host.rsplit(".", 1)[-1]
        if (
            lower.startswith(("http://", "https://", "www."))
            or "/" in lower
            or tld in links._COMMON_TLDS
        ):
            found += 1
    return found + codes


def test_count_links_counts_as_before():
    extra = ["https://http://a.com x", "http://https://b.cn", "$Ab12Cd34$ 和 ¥Xy98Zw76¥"]
    for raw in [*TRICKY, *extra]:
        assert links.count_links(raw) == _count_links_plain(raw), raw
    assert [links.count_links(t) for t in TRICKY[:3]] == [1, 2, 3]


def test_a_short_texts_nfkc_form_is_remembered_and_right():
    said = "ｈｅｌｌｏ　世界①"
    first = MessageEvent("qq:1", Member("qq:2", ""), said)
    again = MessageEvent("qq:1", Member("qq:3", ""), said)
    assert normalized(first) == "hello 世界1"
    assert normalized(again) is normalized(first)  # one computation for the same line
    other = MessageEvent("qq:1", Member("qq:2", ""), "ｈｅｌｌｏ　世界②")
    assert normalized(other) == "hello 世界2"  # a different text, its own form
    long = MessageEvent("qq:1", Member("qq:2", ""), "Ａ" * 5000)
    assert normalized(long) == "A" * 4096  # bounded, as before


class _NoCtx:
    """A check that takes only the event (no context)."""

    __plugin_meta__ = PluginMeta(name="noctx", description="no ctx", default_enabled=True)

    def __init__(self) -> None:
        self.seen: list[str] = []

    @hookimpl
    def check_message(self, event: MessageEvent) -> None:
        self.seen.append(event.text)


async def test_hooks_get_their_own_arguments_and_sampled_rounds_are_timed(engine_factory):
    yaml = "defaults:\n  plugins:\n    keyword: {word: spam}\n"
    noctx = _NoCtx()
    engine = await engine_factory(yaml, plugins=[Keyword(), noctx, Boom()], builtins=False)
    metrics.hook_seconds.clear()
    group = FakeGroup(engine, "qq:1")
    for i in range(2 * metrics.SAMPLE_EVERY):
        actions = await group.say(f"spam {i}", by=f"qq:{100 + i}")
        # Boom raises in every round, timed or not; the others still run
        assert actions, i  # keyword flagged it (the enforcement acted)
    assert noctx.seen == [f"spam {i}" for i in range(2 * metrics.SAMPLE_EVERY)]
    assert engine.caller.failures[("boom", "check_message")] == 2 * metrics.SAMPLE_EVERY
    timed = {plugin for plugin, hook in metrics.hook_seconds if hook == "check_message"}
    assert {"keyword", "noctx", "boom"} <= timed


def test_the_kept_unicode_tables_are_what_unicodedata_says():
    import unicodedata

    import pytest

    from huzhu.core.requests import unicode_tables
    from huzhu.plugins.anti_scam import textnorm

    if unicodedata.unidata_version != unicode_tables.VERSION:
        pytest.skip(f"tables kept for Unicode {unicode_tables.VERSION}, this Python has "
                    f"{unicodedata.unidata_version}: they are computed (regenerate them)")  # fmt: skip
    fresh = unicode_tables.compute()
    assert fresh["RESIZING"] == unicode_tables.RESIZING
    assert fresh["FORMAT"] == unicode_tables.FORMAT
    assert fresh["INVISIBLE_BMP"] == unicode_tables.INVISIBLE_BMP
    computed = frozenset(chr(c) for c in range(0x10000) if links.INVISIBLE.match(chr(c)))
    assert computed == textnorm._INVISIBLE_CHARS
    assert links._RESIZING.pattern == (
        f"[{links.class_body(links._resizing_codes())}\U00010000-\U0010ffff]"
    )


RESOLVE = """
defaults:
  plugins:
    keyword: {word: spam}
  enforcement: {decay: 2d}
groups:
  "qq:1": {plugins: {keyword: {word: eggs}}}
  "qq:2": {enforcement: {decay: 3d}}
  "qq:3": {language: en}
"""


async def test_groups_without_settings_share_the_defaults_and_never_go_stale(
    engine_factory, tmp_path
):
    engine = await engine_factory(RESOLVE, plugins=[Keyword()], builtins=False)
    r = engine.resolver
    one, two, three = (r.group(f"qq:{i}") for i in (1, 2, 3))
    assert (one.configs["keyword"].word, two.configs["keyword"].word) == ("eggs", "spam")
    assert two.configs["keyword"] is three.configs["keyword"]  # shared
    assert (one.enforcement.decay, two.enforcement.decay) == (2 * 86400, 3 * 86400)
    assert one.enforcement is three.enforcement
    # an override of one group: that group only
    r.set_override("qq:3", "keyword", "word", "ham")
    assert r.group("qq:3").configs["keyword"].word == "ham"
    assert r.group("qq:2").configs["keyword"].word == "spam"
    r.delete_override("qq:3", "keyword", "word")
    assert r.group("qq:3").configs["keyword"].word == "spam"
    # new defaults: every group that had them sees the new ones
    path = tmp_path / "new.yaml"
    path.write_text(RESOLVE.replace("word: spam", "word: toast").replace("2d", "5d"), "utf-8")
    from huzhu.core.config import load

    r.replace_config(load(path, engine.registry).config)
    assert r.group("qq:2").configs["keyword"].word == "toast"
    assert r.group("qq:3").configs["keyword"].word == "toast"
    assert r.group("qq:3").enforcement.decay == 5 * 86400
    assert r.group("qq:2").enforcement.decay == 3 * 86400
