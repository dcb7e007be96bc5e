"""派单: private notes (one group line for those out of reach), /接单 /休息, lapses and pauses,
incremental placement that agrees with the full plan."""

from __future__ import annotations

import random

from huzhu.core import HelpRequest, Member, PrivateMessage, PrivateNotes, Reply
from huzhu.core.requests.dispatch import Need, finish_rank, match, place
from huzhu.plugins.queue import finish_first
from huzhu.plugins.queue_dispatch import URGENT_SHOWN
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


def test_a_helper_may_be_given_several_requests_never_one_twice():
    needs = [Need(1, "r1", 2, "k"), Need(2, "r2", 1, "k"), Need(3, "r3", 1, "k")]
    # one helper who may take two: the two most pressing requests' first slots, once each
    assert match(needs, ["h1"], capacity={"h1": 2}) == {1: ["h1"], 2: ["h1"]}
    # spread before stacked: a second helper takes a first slot before h1 takes a second
    plan = match(needs, ["h1", "h2"], capacity={"h1": 3, "h2": 1})
    assert sorted(h for hs in plan.values() for h in hs) == ["h1", "h1", "h2"]
    assert all(len(set(hs)) == len(hs) for hs in plan.values())
    # placing a new request counts what a helper already holds against their capacity
    assert place(Need(4, "r4", 1, "k"), ["h1"], {1: ["h1"]}, capacity={"h1": 2}) == {4: ["h1"]}
    assert place(Need(4, "r4", 1, "k"), ["h1"], {1: ["h1"], 2: ["h1"]}, capacity={"h1": 2}) == {}


MANY = """
defaults:
  commands: {rate: 1000}
  plugins:
    queue:
      strategy: fifo
      dispatch: {enabled: true, helpers_per_request: 2, asks_at_once: 3, active_within: 1h,
                 resurface_every: 1h}
"""


async def test_one_note_asks_a_member_about_several_requests(engine_factory, clock):
    engine = await engine_factory(MANY)
    g = FakeGroup(engine, "qq:3")
    for i, who in enumerate(("qq:70", "qq:71")):
        await g.say(f"/求助 {LINKS[i]} 需要3人", by=who)
    clock.advance(60)
    await g.say("我来了", by="qq:61")  # seen after both were posted: asked about both at once
    told = notes(await engine.tick())
    assert "2 个求助" in told["qq:61"] and "/已助 1" in told["qq:61"]
    assert "#2" in told["qq:61"] and LINKS[0] in told["qq:61"] and LINKS[1] in told["qq:61"]
    assert "个求助" not in told["qq:71"] and "#1" in told["qq:71"]  # one request: the plain note


async def test_a_request_with_confirmed_helps_is_still_staffed(engine_factory, clock):
    engine = await engine_factory(MANY)
    g = FakeGroup(engine, "qq:3")
    await g.say(f"/求助 {LINKS[0]} 需要4人", by="qq:80")
    for helper in ("qq:81", "qq:82"):
        await g.say("/已助 1", by=helper)
    assert "确认" in text(await g.say("/确认 1", by="qq:80"))
    assert (await engine.context("qq:3", "queue").data.open_requests())[0].helped == 2
    await g.say("在", by="qq:83")
    clock.advance(60)
    # two helps confirmed, two missing: two more are asked (the confirmed ones counted once)
    await g.say("在", by="qq:84")
    clock.advance(60)
    assert sorted(notes(await engine.tick())) == ["qq:83", "qq:84"]


# ---------------------------------------------------------------- the help conversation in private
async def test_help_commands_are_answered_privately_where_dispatch_is_on(engine_factory):
    engine = await engine_factory(MANY)
    g = FakeGroup(engine, "qq:3")
    out = await g.say(f"/求助 {LINKS[0]}", by="qq:90")
    group = [a for a in out if isinstance(a, Reply)]
    assert len(group) == 1 and group[0].text.startswith("📣 求助 #1")  # the one line
    assert "私聊我发 /已助 1" in group[0].text  # which tells helpers where to answer
    out = await g.say("/已助 1", by="qq:91")
    assert not [a for a in out if isinstance(a, Reply)]
    told = {a.user_id: a.text for a in out if isinstance(a, PrivateMessage)}
    assert set(told) == {"qq:91", "qq:90"} and "私聊我发" in told["qq:91"]
    assert "私聊我发" not in told["qq:90"]  # the requester did not write: no hint for them
    # each gets their own line: the requester what to do, the helper what happens next
    assert "说已帮你助力 #1，属实请发 /确认 1" in told["qq:90"] and "已记录" not in told["qq:90"]
    assert "已记录你对 #1 的助力" in told["qq:91"] and "/确认 1" not in told["qq:91"]
    # /帮助 (26 lines) goes to who asked, not on the group's screen
    helped = await g.say("/帮助", by="qq:93")
    assert [(type(a), a.user_id) for a in helped] == [(PrivateMessage, "qq:93")]
    assert "/已助" in helped[0].text
    # a refusal is told privately too
    refused = await g.say("/求助 没有链接", by="qq:92")
    assert [type(a) for a in refused] == [PrivateMessage] and refused[0].user_id == "qq:92"
    # without dispatch the group hears the answers as before
    plain = await engine_factory("defaults: {plugins: {queue: true}}")
    h = FakeGroup(plain, "qq:4")
    assert "私聊" not in text(await h.say(f"/求助 {LINKS[1]}", by="qq:90"))
    assert [type(a) for a in await h.say("/已助 1", by="qq:91")] == [Reply]


async def test_help_commands_work_privately_in_the_members_group(engine_factory, clock):
    engine = await engine_factory(MANY)
    g, other = FakeGroup(engine, "qq:3"), FakeGroup(engine, "qq:5")
    await other.say(f"/求助 {LINKS[5]}", by="qq:95")  # #1 of another group: the requester's own
    await g.say("大家好", by="qq:95")  # their latest group is qq:3 now
    me = Member("qq:95", "小九")
    out = await engine.handle_private(me, f"/求助 {LINKS[0]} 需要2人")
    announced = [a for a in out if isinstance(a, Reply)]
    assert len(announced) == 1 and announced[0].group_id == "qq:3"  # in the group, once
    assert (await engine.context("qq:3", "queue").data.open_requests())[0].requester == "qq:95"
    await g.say("在", by="qq:96")
    out = await engine.handle_private(Member("qq:96"), "/已助 1")  # not assigned: the latest group
    told = {a.user_id: a.text for a in out if isinstance(a, PrivateMessage)}
    assert set(told) == {"qq:96", "qq:95"}
    assert "已记录" not in told["qq:95"] and "属实请发" not in told["qq:96"]
    assert (await engine.context("qq:3", "queue").data.claims(1))[0].helper == "qq:96"
    # /确认 1: the group where #1 is the requester's own — qq:3 holds a #1 of theirs as well
    # as qq:5, and qq:3 is their latest; /完成 in qq:5 is found by their own #1 there too
    out = await engine.handle_private(me, "/确认 1")
    assert out and all(isinstance(a, PrivateMessage) for a in out)
    assert (await engine.context("qq:3", "queue").data.claims(1))[0].status == "confirmed"
    queue = await engine.handle_private(me, "/队列")
    assert queue and queue[0].text.startswith("📋") and queue[0].group_id == "qq:3"
    # someone the bot never saw in a group: not handled (the bridge tells them to use a group)
    assert await engine.handle_private(Member("qq:99"), "/队列") is None


async def test_confirmation_reminders_go_to_the_requester_privately(engine_factory, clock):
    engine = await engine_factory(MANY + "    reminder: {confirm_after: 10m}\n")
    g = FakeGroup(engine, "qq:3")
    await g.say(f"/求助 {LINKS[0]}", by="qq:90")
    await g.say("/已助 1", by="qq:91")
    clock.advance(11 * 60)
    reminded = [a for a in await g.tick() if "/确认 1" in getattr(a, "text", "")]
    assert [(type(a), a.user_id) for a in reminded] == [(PrivateMessage, "qq:90")]


async def test_waiting_and_nearly_expired_requests_come_back_in_one_line(engine_factory, clock):
    engine = await engine_factory(
        MANY.replace("  plugins:", "  posting: {quiet_hours: off}\n  plugins:")
    )
    g = FakeGroup(engine, "qq:3")
    await g.say(f"/求助 {LINKS[0]} 需要2人", by="qq:90")
    await g.say(f"/求助 {LINKS[1]}", by="qq:91")
    await g.say("/已助 2", by="qq:90")
    assert "确认" in text(await g.say("/确认 2", by="qq:91"))  # #2 is done

    async def lines() -> list[Reply]:
        return [a for a in await g.tick() if isinstance(a, Reply)]

    clock.advance(1800)
    assert not await lines()  # waiting for less than resurface_every: quiet
    clock.advance(1800)
    [line] = await lines()  # an hour without all its helps: back on screen, with its link
    assert line.text.startswith("⏰") and "#1" in line.text and LINKS[0] in line.text
    assert "还差 2 人" in line.text and "#2" not in line.text
    clock.advance(900)
    assert not await lines()  # shown a quarter of an hour ago
    expires = (await engine.context("qq:3", "queue").data.open_requests())[0].expires_at
    clock.now = expires - 8 * 3600 + 60  # near expiry: once more, at once
    [line] = await lines()
    assert "#1" in line.text
    clock.advance(900)
    assert not await lines()


async def test_the_queue_answered_privately_is_never_a_pointer_up(engine_factory):
    engine = await engine_factory(MANY)
    g = FakeGroup(engine, "qq:3")
    await g.say(f"/求助 {LINKS[0]}", by="qq:90")
    for member in ("qq:91", "qq:92"):  # the same page twice within a minute, each privately
        page = await g.say("/队列", by=member)
        assert [(type(a), a.user_id) for a in page] == [(PrivateMessage, member)]
        assert page[0].text.startswith("📋") and LINKS[0] in page[0].text


# ---------------------------------------------------------------- finishing what can finish (issue 20)
H = 3600.0


def _open(i: int, needed: int, helped: int = 0, left: float = 20 * H) -> HelpRequest:
    return HelpRequest(i, "qq:3", f"qq:{60 + i}", LINKS[i], "pdd", "砍价", needed=needed,
                       helped=helped, seq=i, expires_at=left)  # fmt: skip


def test_the_queue_puts_what_is_closest_to_done_first():
    reqs = [_open(1, 10), _open(2, 3, helped=1), _open(3, 1), _open(4, 5, left=2 * H),
            _open(5, 2), _open(6, 3, left=5 * H)]  # fmt: skip
    # #5's two helps are claimed and wait for /确认: last; #4 misses 5 helps with 2 h left:
    # it cannot finish, so it comes after every request that can (#1 misses 10 in 20 h)
    assert [r.id for r in finish_first(reqs, 0.0, {5: 2})] == [3, 2, 6, 1, 4, 5]
    assert [r.id for r in finish_first(reqs, 0.0)][-2:] == [1, 4]  # without claims, #5 misses 2


def test_scarce_helpers_go_where_they_finish_a_request():
    near, almost, lost = _open(1, 10, left=12 * H), _open(2, 3, helped=2), _open(3, 8, left=3 * H)
    ranks = [finish_rank(r, 0.0) for r in (near, almost, lost)]
    assert ranks[1] < ranks[0] < ranks[2] == 1.0 and finish_rank(near, 0.0, pending=9) < ranks[1]
    needs = [
        Need(r.id, r.requester, 1, "pdd:砍价", k)
        for r, k in zip((near, almost, lost), ranks, strict=True)
    ]
    # one helper: the request one help from done, not the one nearest its expiry
    assert match(needs, ["h1"]) == {2: ["h1"]}
    assert sorted(match(needs, ["h1", "h2"])) == [1, 2]  # the lost cause comes last


async def test_the_default_queue_order_finishes_requests(engine_factory):
    engine = await engine_factory("defaults: {commands: {rate: 1000}, plugins: {queue: true}}")
    g = FakeGroup(engine, "qq:3")
    for i, needed in enumerate((5, 2, 3)):
        await g.say(f"/求助 {LINKS[i]} 需要{needed}人", by=f"qq:{70 + i}")
    await g.say("/已助 3", by="qq:80")  # #3 misses 2 now
    for helper in ("qq:81", "qq:82"):
        await g.say("/已助 2", by=helper)  # #2 is claimed out: waiting for its requester
    page = text(await g.say("/队列", by="qq:83"))
    assert page.index("#3 ") < page.index("#1 ") < page.index("#2 ")


async def test_near_expiry_only_what_can_finish_gets_two_assignees_per_missing_help(
    engine_factory, clock
):
    # 17 h later is night: no quiet hours here (in them nobody is asked, see test_dispatch_online)
    engine = await engine_factory(
        MANY.replace("  plugins:", "  posting: {quiet_hours: off}\n  plugins:")
    )
    g = FakeGroup(engine, "qq:3")
    await g.say(f"/求助 {LINKS[0]} 需要2人", by="qq:90")
    await g.say(f"/求助 {LINKS[1]} 需要9人", by="qq:91")
    clock.advance(17 * 3600)  # 7 h left: 2 missing helps can still come, 9 cannot
    for i in range(6):
        await g.say("在", by=f"qq:{100 + i}")
    told = notes(await engine.tick())
    assert sum("#1" in t for t in told.values()) == 4  # twice the 2 missing
    assert sum("#2" in t for t in told.values()) == 2  # helpers_per_request, no more


async def test_a_note_lists_first_what_claims_on_their_way_bring_closest_to_done(
    engine_factory, clock
):
    engine = await engine_factory(MANY.replace("helpers_per_request: 2", "helpers_per_request: 3"))
    g = FakeGroup(engine, "qq:3")
    await g.say(f"/求助 {LINKS[0]} 需要10人", by="qq:70")
    await g.say(f"/求助 {LINKS[1]} 需要10人", by="qq:71")
    for helper in ("qq:81", "qq:82"):  # two claims on #2, not yet confirmed
        await g.say("/已助 2", by=helper)
    clock.advance(3700)  # everyone above is no longer active; the claims are still pending
    await g.say("我来了", by="qq:61")
    told = notes(await engine.tick())["qq:61"]
    # #2 misses 8 counting the claims on their way, #1 misses 10: #2 first (by time alone,
    # #1, posted first and expiring first, came first)
    assert "2 个求助" in told and told.index("#2") < told.index("#1")


async def test_a_request_that_just_got_a_help_comes_back_in_the_next_line(engine_factory, clock):
    # the round's line alone (resurface_gap 0: no line with the answer to /已助)
    engine = await engine_factory(
        MANY.replace("  plugins:", "  posting: {quiet_hours: off}\n  plugins:").replace(
            "resurface_every: 1h", "resurface_every: 1h, resurface_gap: 0"
        )
    )
    g = FakeGroup(engine, "qq:3")
    await g.say(f"/求助 {LINKS[0]} 需要3人", by="qq:90")
    await g.say(f"/求助 {LINKS[1]} 需要3人", by="qq:91")

    async def lines() -> list[Reply]:
        return [a for a in await g.tick() if isinstance(a, Reply)]

    clock.advance(600)
    assert not await lines()  # nothing new and nothing waited an hour: quiet
    await g.say("/已助 1", by="qq:92")
    clock.advance(300)
    [line] = await lines()  # one claim on its way: #1 is brought the rest at once
    assert "#1" in line.text and "还差 2 人" in line.text and "#2" not in line.text
    clock.advance(900)
    assert not await lines()  # no help since: not again before resurface_every
    await g.say("/已助 1", by="qq:93")
    clock.advance(900)
    [line] = await lines()
    assert "#1" in line.text and "还差 1 人" in line.text


async def test_no_line_is_made_in_quiet_hours_to_pile_up_for_the_morning(engine_factory, clock):
    engine = await engine_factory(
        MANY.replace("  plugins:", "  posting: {quiet_hours: '23:00-07:00'}\n  plugins:")
    )
    g = FakeGroup(engine, "qq:3")
    clock.set("2026-03-02 21:30")
    await g.say(f"/求助 {LINKS[0]} 需要3人", by="qq:90")
    night = []
    for hour in range(23, 31):  # 23:30 … 06:30, a tick an hour
        clock.set(f"2026-03-0{2 + hour // 24} {hour % 24:02d}:30")
        night += [a for a in await g.tick() if isinstance(a, Reply)]
    assert not night
    clock.set("2026-03-03 07:05")
    morning = [a for a in await g.tick() if isinstance(a, Reply) and a.text.startswith("⏰")]
    # one fresh line, not the night's lines held back and delivered all at once
    assert len(morning) == 1 and "#1" in morning[0].text


async def test_one_line_shows_at_most_six_requests_the_rest_next_round(engine_factory, clock):
    engine = await engine_factory(
        MANY.replace("  plugins:", "  posting: {quiet_hours: off}\n  plugins:").replace(
            "commands: {rate: 1000}", "commands: {rate: 1000}\n  requests: {max_open: 20}"
        )
    )
    g = FakeGroup(engine, "qq:3")
    assert URGENT_SHOWN == 6  # the few closest to done (README, 派单 round 7b)
    for i in range(URGENT_SHOWN + 1):
        await g.say(f"/求助 https://p.pinduoduo.com/Many{i:04d} 需要3人", by=f"qq:{100 + i}")
    clock.advance(3600)
    [line] = [a for a in await g.tick() if isinstance(a, Reply)]
    assert line.text.count("｜还差") == URGENT_SHOWN
    clock.advance(900)
    [line] = [a for a in await g.tick() if isinstance(a, Reply)]
    assert line.text.count("｜还差") == 1  # the last, at the next round


def test_the_group_line_for_members_out_of_reach_joins_them_in_the_group_s_language():
    from huzhu.core.events import PrivateNotes

    notes = (("qq:1", "a", "#1 → Ann"), ("qq:2", "b", "#2 → Bo"))
    zh = PrivateNotes("qq:9", notes, "派单：{items}")
    en = PrivateNotes("qq:9", notes, "Assigned: {items}", "; ")
    assert zh.in_group(["qq:1", "qq:2"]).text == "派单：#1 → Ann；#2 → Bo"
    assert en.in_group(["qq:1", "qq:2"]).text == "Assigned: #1 → Ann; #2 → Bo"
