"""派单 keeps the group's screen for the requests (issue 20, round 7): the automatic
confirmations and expiries go to the requester privately, the ⏰ line tells helpers to answer
privately; a request that just got a help is staffed again at once; claims on their way do
not hold a request's helpers; in quiet hours only members in the app now are asked."""

from __future__ import annotations

from huzhu.core import PrivateMessage, PrivateNotes, Reply
from huzhu.testing import FakeGroup

LINKS = [f"https://p.pinduoduo.com/Screen{i:04d}" for i in range(10)]
YAML = """
defaults:
  commands: {rate: 1000, work_rate: 1000}
  posting: {quiet_hours: off}
  requests: {auto_confirm: 2h}
  plugins:
    queue:
      strategy: fifo
      dispatch: {enabled: true, helpers_per_request: 1, active_within: 24h}
"""


def notes(actions) -> dict[str, str]:
    """member → their private assignment note."""
    return {u: t for a in actions if isinstance(a, PrivateNotes) for u, t, _ in a.notes}


def private(actions, mark: str = "") -> dict[str, str]:
    """member → the private message to them (starting with ``mark``)."""
    return {a.user_id: a.text for a in actions
            if isinstance(a, PrivateMessage) and a.text.startswith(mark)}  # fmt: skip


def group(actions) -> list[str]:
    return [a.text for a in actions if isinstance(a, Reply)]


async def _trusted(g: FakeGroup, helper: str) -> None:
    """``helper`` had one help confirmed by hand: theirs may be confirmed automatically."""
    await g.say(f"/求助 {LINKS[9]}", by="qq:11")
    await g.say("/已助 1", by=helper)
    await g.say("/确认 1", by="qq:11")


async def test_automatic_confirmation_is_told_to_the_requester_privately(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:7")
    clock.set("2026-03-02 12:00")
    await _trusted(g, "qq:20")
    await g.say(f"/求助 {LINKS[0]} 需要2人", by="qq:10")
    await g.say("/已助 2", by="qq:20")
    clock.advance(2 * 3600 + 60)
    out = await g.tick()
    assert not [t for t in group(out) if t.startswith("⏱")]  # nothing in the group
    told = private(out, "⏱")["qq:10"]
    assert told.startswith("⏱ qq:10，") and "#2 qq:20" in told and "联系管理员" in told
    assert "qq:20" not in private(out, "⏱")  # the requester is the one who would object


async def test_without_dispatch_the_group_still_gets_one_digest(engine_factory, clock):
    engine = await engine_factory(YAML.replace("enabled: true", "enabled: false"))
    g = FakeGroup(engine, "qq:7")
    clock.set("2026-03-02 12:00")
    await _trusted(g, "qq:20")
    await g.say(f"/求助 {LINKS[0]} 需要2人", by="qq:10")
    await g.say("/已助 2", by="qq:20")
    clock.advance(2 * 3600 + 60)
    out = await g.tick()
    assert [t for t in group(out) if t.startswith("⏱ 以下助力")]
    assert not private(out, "⏱")


async def test_expiry_is_told_to_the_requester_privately(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:7")
    clock.set("2026-03-02 12:00")
    await g.say(f"/求助 {LINKS[0]} 需要3人", by="qq:10")
    await g.say("/已助 1", by="qq:20")  # a newcomer's claim: it waits for qq:10
    clock.advance(86400 + 60)
    out = await g.tick()
    assert not [t for t in group(out) if t.startswith("⌛")]
    told = private(out, "⌛")["qq:10"]
    assert told.startswith("⌛ 你的求助 #1 已到期关闭（0/3）") and "/求助" in told
    assert "还有 1 条助力等你确认" in told and "/确认 1" in told


async def test_the_reminder_line_tells_helpers_to_answer_privately(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:7")
    clock.set("2026-03-02 12:00")
    await g.say(f"/求助 {LINKS[0]} 需要3人", by="qq:10")
    clock.advance(20 * 60)  # waited resurface_every: it comes back in the ⏰ line
    line = next(t for t in group(await g.tick()) if t.startswith("⏰"))
    assert "#1" in line and "私聊我发 /已助" in line


async def test_a_request_that_got_a_help_is_staffed_again_at_once(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:7")
    clock.set("2026-03-02 12:00")
    await g.say("在", by="qq:41")
    asked = notes(await g.say(f"/求助 {LINKS[0]} 需要3人", by="qq:10"))
    assert list(asked) == ["qq:41"]
    await g.say("来了", by="qq:42")
    # the one asked helped: the request is put in front of the next member in the app now,
    # not at the next round (the claimant is asked about nothing else: nothing else is open)
    out = await g.say("/已助 1", by="qq:41")
    told = notes(out)
    assert "qq:42" in told and "#1" in told["qq:42"] and LINKS[0] in told["qq:42"]


async def test_claims_on_their_way_do_not_hold_a_requests_helpers(engine_factory, clock):
    engine = await engine_factory(YAML.replace("helpers_per_request: 1", "helpers_per_request: 2"))
    g = FakeGroup(engine, "qq:7")
    clock.set("2026-03-02 12:00")
    await g.say(f"/求助 {LINKS[0]} 需要5人", by="qq:10")
    await g.say("/已助 1", by="qq:51")
    await g.say("/已助 1", by="qq:52")  # two claims wait for qq:10's /确认
    for m in ("qq:43", "qq:44"):
        await g.say("在", by=m)
    clock.advance(15 * 60)
    told = notes(await g.tick())
    # three helps are still missing: two members are asked (counted as staff, the two claims
    # left it with nobody asked until qq:10 confirmed)
    assert {"qq:43", "qq:44"} <= set(told)


async def test_in_quiet_hours_only_a_member_in_the_app_now_is_asked(engine_factory, clock):
    engine = await engine_factory(YAML.replace("quiet_hours: off", "quiet_hours: '23:00-07:00'"))
    g = FakeGroup(engine, "qq:7")
    clock.set("2026-03-02 22:30")
    await g.say("晚安", by="qq:21")  # seen before the night, then gone
    clock.set("2026-03-02 23:20")
    await g.say("还没睡", by="qq:22")  # in the app now
    assert list(notes(await g.say(f"/求助 {LINKS[0]}", by="qq:30"))) == ["qq:22"]
