"""Help-flow fixes (flowfin): one test per defect. Core only: the kit's FakeGroup."""

from __future__ import annotations

import pytest

from huzhu.core.storage import requests as store
from huzhu.testing import FakeGroup, make_config, text

PDD = "https://mobile.yangkeduo.com/bargain_card.html?goods_id={}"
BASE = {"queue": True, "reminder": True, "help_before_ask": False, "quota": False}
LIMITS = {"commands": {"rate": 1000, "work_rate": 1000}}


def config(plugins=None, **defaults) -> str:
    return make_config({**BASE, **(plugins or {})}, defaults={**LIMITS, **defaults})


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
