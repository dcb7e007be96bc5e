"""派单 asks who is in the app now: members seen in the last minutes first, the member who
just reported a help at once; and in the group's quiet hours only members in the app now."""

from __future__ import annotations

from huzhu.core import PrivateNotes
from huzhu.testing import FakeGroup

YAML = """
defaults:
  commands: {rate: 1000}
  posting: {quiet_hours: '23:00-07:00'}
  plugins:
    queue:
      strategy: fifo
      dispatch: {enabled: true, helpers_per_request: 1, active_within: 24h, online_within: 10m}
"""
LINKS = [f"https://p.pinduoduo.com/Online{i:04d}" for i in range(10)]


def notes(actions) -> dict[str, str]:
    """member → their private assignment note."""
    return {u: t for a in actions if isinstance(a, PrivateNotes) for u, t, _ in a.notes}


async def test_no_private_note_in_quiet_hours_the_first_round_after_asks(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    clock.set("2026-03-02 22:50")
    await g.say("在", by="qq:21")
    clock.set("2026-03-02 23:10")
    # posted at night, with nobody in the app now (a member in it is asked: see
    # test_dispatch_quiet_screen)
    assert notes(await g.say(f"/求助 {LINKS[0]}", by="qq:30")) == {}
    night = {}
    for hour in range(23, 31):  # 23:40 … 06:40, a tick an hour
        clock.set(f"2026-03-0{2 + hour // 24} {hour % 24:02d}:40")
        night |= notes(await g.tick())
    assert night == {}
    clock.set("2026-03-03 07:05")
    assert list(notes(await g.tick())) == ["qq:21"]  # planned afresh in the morning


async def test_a_member_in_the_app_now_is_asked_before_one_who_said_available(
    engine_factory, clock
):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    clock.set("2026-03-02 12:00")
    await g.say("/接单", by="qq:41")  # wants to be asked, and is gone
    clock.set("2026-03-02 12:40")
    await g.say("刚看到", by="qq:42")  # here now
    assert list(notes(await g.say(f"/求助 {LINKS[1]}", by="qq:30"))) == ["qq:42"]
    clock.set("2026-03-02 13:30")  # nobody is in the app: /接单 comes first again
    await g.say("来了", by="qq:43")
    clock.set("2026-03-02 13:45")
    assert list(notes(await g.say(f"/求助 {LINKS[2]}", by="qq:31"))) == ["qq:41"]


async def test_a_member_who_just_helped_is_asked_for_the_next_request_at_once(
    engine_factory, clock
):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    clock.set("2026-03-02 12:00")
    await g.say(f"/求助 {LINKS[3]}", by="qq:30")
    await g.say(f"/求助 {LINKS[4]}", by="qq:31")
    clock.set("2026-03-02 15:00")
    # what was asked then lapsed; the one requester not yet asked about the other's is asked
    assert list(notes(await g.tick())) == ["qq:31"]
    out = await g.say("/已助 1", by="qq:50")
    told = notes(out)
    assert list(told) == ["qq:50"] and "#2" in told["qq:50"] and LINKS[4] in told["qq:50"]
    # nothing else is open for them: the next report asks nobody
    assert notes(await g.say("/已助 2", by="qq:50")) == {}


async def test_by_default_only_members_in_the_app_now_are_asked(engine_factory, clock):
    engine = await engine_factory(
        "defaults: {commands: {rate: 1000}, posting: {quiet_hours: off},"
        " plugins: {queue: {dispatch: {enabled: true}}}}"
    )
    g = FakeGroup(engine, "qq:3")
    clock.set("2026-03-02 12:00")
    await g.say("在", by="qq:61")
    clock.set("2026-03-02 12:20")  # 20 minutes on: qq:61 has left, qq:62 is here
    await g.say("来了", by="qq:62")
    assert list(notes(await g.say(f"/求助 {LINKS[5]}", by="qq:30"))) == ["qq:62"]
    clock.set("2026-03-02 12:31")  # not acted on within 10 minutes: it lapses, and nobody
    assert notes(await g.tick()) == {}  # who is not in the app is asked instead
