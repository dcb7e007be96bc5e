"""派单's daily cap: a member who reported as many helps today as the platform allows (拼多多:
three) is not asked for another — the note would hold a slot they cannot fill."""

from __future__ import annotations

import pytest

from huzhu.core import PrivateNotes
from huzhu.plugins.queue import Dispatch
from huzhu.testing import FakeGroup

YAML = """
defaults:
  commands: {rate: 1000}
  plugins:
    queue:
      strategy: fifo
      dispatch: {enabled: true, helpers_per_request: 10, active_within: 1h, ask_after_help: false,
                 restaff_on_claim: false}
"""
LINKS = [f"https://p.pinduoduo.com/Cap{i:04d}" for i in range(10)]


def asked(actions) -> set[str]:
    return {u for a in actions if isinstance(a, PrivateNotes) for u, _, _ in a.notes}


def test_the_default_cap_is_the_platforms_daily_limit():
    assert Dispatch().daily_cap == 3


@pytest.mark.parametrize(("helps", "asked_again"), [(2, True), (3, False)])
async def test_a_member_at_the_daily_limit_is_not_asked(engine_factory, clock, helps, asked_again):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    for i in range(helps):
        await g.say(f"/求助 {LINKS[i]}", by=f"qq:5{i}")
        await g.say(f"/已助 {i + 1}", by="qq:41")
    clock.advance(60)
    await g.say("还在", by="qq:41")  # back in the group since they were last asked
    out = await g.say(f"/求助 {LINKS[9]} 需要5人", by="qq:60")
    assert ("qq:41" in asked(out)) is asked_again
