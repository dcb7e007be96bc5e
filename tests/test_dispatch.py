"""派单: private notes (one group line for those out of reach), /接单 /休息, lapses and pauses,
incremental placement that agrees with the full plan."""

from __future__ import annotations

import random

from huzhu.core import Member, PrivateMessage, PrivateNotes
from huzhu.core.requests.dispatch import Need, match, place
from huzhu.testing import FakeGroup, text

YAML = """
defaults:
  commands: {rate: 1000}
  plugins:
    queue:
      strategy: fifo
      dispatch: {enabled: true, helpers_per_request: 1, reassign_after: 20m, daily_cap: 5,
                 active_within: 1h, ignore_limit: 2, pause_for: 1d}
"""
LINKS = [f"https://p.pinduoduo.com/Code{i:04d}" for i in range(10)]


def notes(actions) -> dict[str, str]:
    """member → their private assignment note, from one or more rounds."""
    return {u: t for a in actions if isinstance(a, PrivateNotes) for u, t, _ in a.notes}


# ---------------------------------------------------------------- planning
#: the suite's planning cases (test_queue's) and seeded random ones: (needs, helpers, keywords)
def _cases() -> list[tuple[list[Need], list[str], dict]]:
    cases = [
        ([Need(1, "r1", 1, "pdd:砍价"), Need(2, "r2", 1, "pdd:砍价")], ["h1", "h2"],
         {"priority": {"h1": 0.0, "h2": 1.0}, "helped_pairs": {("h2", "r2", "pdd:砍价")}}),
        ([Need(1, "r1", 2, "k"), Need(2, "r2", 2, "k")], ["h1", "h2"], {}),
        ([Need(1, "r1", 3, "k")], ["h1", "h2"], {"excluded": {(1, "h1")}}),
    ]  # fmt: skip
    rng = random.Random(7)
    for _ in range(30):
        members = [f"m{i}" for i in range(rng.randrange(3, 12))]
        needs = [Need(i, rng.choice(members), rng.randrange(1, 4), rng.choice("ab"), rng.random())
                 for i in range(rng.randrange(1, 6))]  # fmt: skip
        pairs = {(h, n.requester, n.kind) for n in needs for h in members if rng.random() < 0.3}
        prio = {h: rng.random() for h in members}
        cases.append((needs, members, {"priority": prio, "helped_pairs": pairs}))
    return cases


def test_incremental_placement_agrees_with_the_full_plan():
    for needs, helpers, kw in _cases():
        *before, new = needs
        current = match(before, helpers, **kw)
        # the whole re-planned with the current assignment kept (what a tick does): the
        # helpers already asked stay, every other slot is planned again
        taken = {h for hs in current.values() for h in hs}
        full = match([new], [h for h in helpers if h not in taken], **kw)
        assert place(new, helpers, current, **kw) == full
        # and a request arriving in a group with nobody assigned is planned as the full plan
        assert place(new, helpers, {}, **kw) == match([new], helpers, **kw)


def test_urgent_requests_are_staffed_first():
    needs = [Need(1, "r1", 1, "k", rank=0.5), Need(2, "r2", 1, "k", rank=0.0)]
    assert match(needs, ["h1"]) == {2: ["h1"]}


# ---------------------------------------------------------------- delivery
def test_one_group_line_for_everyone_out_of_reach():
    action = PrivateNotes("tg:-1", (("tg:1", "📌 私聊 1", "#3 → 甲"), ("tg:2", "📌 私聊 2", "#4 → 乙"),
                                    ("tg:3", "📌 私聊 3", "#5 → 丙")), "📌 派单：{items}\n请助力")  # fmt: skip
    line = action.in_group(["tg:1", "tg:3"])
    assert line.text == "📌 派单：#3 → 甲；#5 → 丙\n请助力" and line.mention == ("tg:1", "tg:3")


async def test_assignments_go_privately_move_on_and_end_with_the_help(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    for member in ("qq:21", "qq:22"):
        await g.say("大家好", by=member)
    clock.advance(2 * 3600)
    await g.say("我来了", by="qq:24")  # the others are now inactive (> 1h)
    await g.say("我也在", by="qq:25")
    out = await g.say(f"/求助 {LINKS[0]} 需要2人", by="qq:24")
    told = notes(out)
    assert list(told) == ["qq:25"]  # privately; not the requester, not the inactive
    assert "#1" in told["qq:25"] and LINKS[0] in told["qq:25"] and "/已助 1" in told["qq:25"]
    assert not [a for a in out if getattr(a, "text", "").startswith("📌")]  # no group line
    await g.say("在线", by="qq:26")
    clock.advance(21 * 60)
    again = notes(await engine.tick())
    assert list(again) == ["qq:26"]  # moved on; qq:25 is not asked again
    # the assignee answers the note privately: the claim is recorded in the group,
    # the helper and the requester are told privately
    answer = await engine.handle_private(Member("qq:26", "小六"), "/已助 1")
    assert answer and all(isinstance(a, PrivateMessage) for a in answer)
    assert {a.user_id for a in answer} == {"qq:26", "qq:24"} and "#1" in answer[0].text
    assert (await engine.context("qq:3", "queue").data.claims(1))[0].helper == "qq:26"
    clock.advance(21 * 60)
    assert not notes(await engine.tick())  # acted on: nothing lapses, nobody else is free


async def test_available_and_away(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    for member in ("qq:31", "qq:32", "qq:33"):
        await g.say("在", by=member)
    assert "休息" in text(await g.say("/休息", by="qq:31"))
    assert "接单" in text(await g.say("/接单", by="qq:33"))
    out = await g.say(f"/求助 {LINKS[1]}", by="qq:32")
    assert list(notes(out)) == ["qq:33"]  # /接单 first
    out = await g.say(f"/求助 {LINKS[2]}", by="qq:33")
    assert list(notes(out)) == ["qq:32"]  # never qq:31, who said 休息
    await g.say("来了", by="qq:34")
    assert "2小时" in text(await g.say("/休息 2小时", by="qq:34"))
    assert notes(await g.say(f"/求助 {LINKS[3]}", by="qq:32")) == {}  # 31 and 34 away, 33 busy
    assert "接单" in text(await g.say("/接单", by="qq:31"))
    assert list(notes(await g.say(f"/求助 {LINKS[4]}", by="qq:33"))) == ["qq:31"]  # back


async def test_available_and_away_in_a_group_without_dispatch(engine_factory):
    engine = await engine_factory("defaults: {plugins: {queue: true}}")
    g = FakeGroup(engine, "qq:3")
    said = text(await g.say("/休息", by="qq:31"))
    assert "没有开启派单" in said and "/队列" in said


async def test_members_who_ignore_several_are_paused_and_told_once(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    await g.say("在", by="qq:41")
    for i in range(2):
        out = await g.say(f"/求助 {LINKS[3 + i]}", by="qq:50")
        assert list(notes(out)) == ["qq:41"]
        clock.advance(60)
        await g.say("聊天中", by="qq:41")  # around, and does not act
        clock.advance(20 * 60)
        told = [a for a in await engine.tick() if isinstance(a, PrivateMessage)]
        assert bool(told) == (i == 1)  # the second ignored in a row pauses them
    assert len(told) == 1 and told[0].user_id == "qq:41" and "/接单" in told[0].text
    clock.advance(60)
    await g.say("聊天", by="qq:41")
    assert notes(await g.say(f"/求助 {LINKS[6]}", by="qq:50")) == {}  # paused: not asked
    clock.advance(21 * 60)
    assert not [a for a in await engine.tick() if isinstance(a, PrivateMessage)]  # told once
    # a member who was not around has ignored nothing
    await g.say("/接单", by="qq:41")
    assert list(notes(await g.say(f"/求助 {LINKS[7]}", by="qq:51"))) == ["qq:41"]
    clock.advance(21 * 60)
    await engine.tick()
    clock.advance(60)
    await g.say("回来了", by="qq:41")
    assert list(notes(await g.say(f"/求助 {LINKS[8]}", by="qq:52"))) == ["qq:41"]
