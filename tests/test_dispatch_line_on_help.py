"""派单 round 8 (issue 20): the ⏰ line also comes with the bot's answer to a reported help,
at most once per ``resurface_gap``, within the hourly cap of the bot's own posts and never
in quiet hours; it names three requests (the round's line up to six), the closest to done
first and, among as close, the newest first."""

from __future__ import annotations

from huzhu.core import Reply
from huzhu.testing import FakeGroup

LINKS = [f"https://p.pinduoduo.com/Line{i:04d}" for i in range(12)]
YAML = """
defaults:
  commands: {rate: 1000, work_rate: 1000}
  posting: {quiet_hours: "23:00-07:00", max_per_hour: 10}
  plugins:
    queue:
      strategy: fifo
      dispatch: {enabled: true, helpers_per_request: 1, active_within: 1h, resurface_every: 1h,
                 resurface_gap: 6m}
"""


def lines(actions) -> list[str]:
    """The ⏰ lines among ``actions``."""
    return [a.text for a in actions if isinstance(a, Reply) and a.text.startswith("⏰")]


async def test_a_reported_help_brings_the_line_at_most_once_per_gap(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    clock.set("2026-03-02 20:00")
    for i in range(3):
        await g.say(f"/求助 {LINKS[i]} 需要3人", by=f"qq:{90 + i}")
    # half a minute after the announcements, still on the screen: no list repeating them
    clock.advance(30)
    assert not lines(await g.say("/已助 1", by="qq:49"))
    clock.advance(270)
    [line] = lines(await g.say("/已助 1", by="qq:50"))  # with the answer, not at the next round
    assert "#1" in line and "还差 1 人" in line
    clock.advance(120)
    assert not lines(await g.say("/已助 2", by="qq:51"))  # two minutes after the last: none
    assert not lines(await g.tick())  # a round within the gap makes none either
    clock.advance(300)
    [line] = lines(await g.say("/已助 3", by="qq:52"))  # seven minutes after: #2 and #3 moved
    assert "#2" in line and "#3" in line


async def test_no_line_with_an_answer_in_quiet_hours(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    clock.set("2026-03-02 23:10")
    await g.say(f"/求助 {LINKS[0]} 需要3人", by="qq:90")
    clock.advance("10m")  # not the announcement's freshness that keeps it quiet
    assert not lines(await g.say("/已助 1", by="qq:50"))


async def test_the_line_with_an_answer_counts_in_the_hourly_cap(engine_factory, clock):
    engine = await engine_factory(YAML.replace("max_per_hour: 10", "max_per_hour: 2"))
    g = FakeGroup(engine, "qq:3")
    clock.set("2026-03-02 20:00")
    for i in range(4):
        await g.say(f"/求助 {LINKS[i]} 需要3人", by=f"qq:{90 + i}")
    made = []
    for i in range(4):  # four helps seven minutes apart, all within the hour
        made += lines(await g.say(f"/已助 {i + 1}", by=f"qq:{50 + i}"))
        clock.advance(7 * 60)
    assert len(made) == 2  # the hour's room for the bot's own posts, and no more


async def test_the_line_with_an_answer_names_three_closest_to_done_newest_first_among_as_close(
    engine_factory, clock
):
    engine = await engine_factory(YAML.replace("resurface_every: 1h", "resurface_every: 15m"))
    g = FakeGroup(engine, "qq:3")
    clock.set("2026-03-02 12:00")
    await g.say(f"/求助 {LINKS[0]} 需要5人", by="qq:90")  # #1: misses 5
    await g.say(f"/求助 {LINKS[1]} 需要1人", by="qq:91")  # #2: misses 1, older
    clock.advance(600)
    await g.say(f"/求助 {LINKS[2]} 需要1人", by="qq:92")  # #3: misses 1, newer
    await g.say(f"/求助 {LINKS[3]} 需要2人", by="qq:93")  # #4: misses 2
    clock.advance(900)
    [line] = lines(await g.say("/已助 1", by="qq:50"))  # #1 misses 4 now
    assert line.index("#3") < line.index("#2") < line.index("#4")  # newest first among as close
    assert "#1" not in line  # three at most: the one missing most waits for the next line
    clock.advance(900)
    [line] = lines(await g.say("/已助 1", by="qq:51"))  # #1 moved, the other three were closer
    assert "#1" not in line
    clock.advance(400)
    [line] = lines(await g.tick())  # the round's line (up to six) brings what it left
    assert "#1" in line
