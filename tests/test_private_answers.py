"""What members read where help commands are answered privately (派单, round 10).

Each person gets their own line (/否认 and /确认 no longer send the helper's line to the
requester), the member to /否认 may be named by display name or left out (a private chat has
no mentions, and "@小明" there is plain text), the footer saying the bot takes these commands
privately comes once a day, and where the platform cannot write privately nothing says
"私聊我发".
"""

from __future__ import annotations

import re

from huzhu.core import Capabilities, Member, PrivateMessage, Reply, Role
from huzhu.testing import FULL_CAPS, FakeGroup, make_engine

YAML = """
defaults:
  commands: {rate: 1000, work_rate: 1000}
  posting: {quiet_hours: off}
  plugins:
    queue:
      strategy: fifo
      dispatch: {enabled: true, helpers_per_request: 2, active_within: 1h}
    reminder: {confirm_after: 10m}
"""
LINKS = [f"https://p.pinduoduo.com/Mine{i:04d}" for i in range(10)]
#: the official QQ bot, the local chat: no private messages either way
NO_PRIVATE = Capabilities(platform="qq", delete=True, mute=True, kick=True, private_message=False)


def told(actions) -> dict[str, str]:
    """member → the private message to them."""
    return {a.user_id: a.text for a in actions if isinstance(a, PrivateMessage)}


def in_group(actions) -> list[str]:
    return [a.text for a in actions if isinstance(a, Reply)]


async def _claimed(g: FakeGroup, helpers=(("qq:21", "小明"),)) -> None:
    """小九 (qq:10) asks for #1 (three helps); each helper claims it."""
    await g.say(f"/求助 {LINKS[0]} 需要3人", by="qq:10", name="小九")
    for helper, name in helpers:
        await g.say("/已助 1", by=helper, name=name)


# ---------------------------------------------------------------- one line each
async def test_a_denial_tells_the_requester_what_she_did_and_the_helper_what_happened(
    engine_factory,
):
    g = FakeGroup(await engine_factory(YAML), "qq:3")
    await _claimed(g)
    out = await g.say("/否认 1", by="qq:10", name="小九", mentions=["qq:21"])
    assert not in_group(out)
    lines = told(out)
    assert set(lines) == {"qq:10", "qq:21"}
    assert lines["qq:21"].startswith("小九 否认了你对 #1 的助力")
    # the requester does not read "小九 否认了你的助力" about herself
    assert "否认了你" not in lines["qq:10"]
    assert lines["qq:10"].startswith("已否认 小明 对 #1 的助力")


async def test_a_confirmation_tells_each_their_own_line(engine_factory):
    g = FakeGroup(await engine_factory(YAML), "qq:3")
    await _claimed(g, (("qq:21", "小明"), ("qq:22", "小红")))
    lines = told(await g.say("/确认 1", by="qq:10", name="小九"))
    assert set(lines) == {"qq:10", "qq:21", "qq:22"}
    assert (
        lines["qq:10"].startswith("已确认 小明、小红 对 #1 的助力") and "你对" not in lines["qq:10"]
    )
    for helper in ("qq:21", "qq:22"):
        assert lines[helper].startswith("小九 已确认你对 #1 的助力，助力值 +1")
    # in a group that answers in the group, one line as before
    plain = FakeGroup(await engine_factory("defaults: {plugins: {queue: true}}"), "qq:4")
    await _claimed(plain)
    out = await plain.say("/确认 1", by="qq:10", name="小九")
    assert [type(a) for a in out] == [Reply] and out[0].mention == ("qq:21",)


async def test_answers_sent_privately_in_a_group_without_dispatch_are_split_too(engine_factory):
    engine = await engine_factory("defaults: {plugins: {queue: true}}")
    g = FakeGroup(engine, "qq:4")
    await _claimed(g)
    out = await engine.handle_private(Member("qq:10", "小九"), "/否认 1 小明")
    lines = told(out)
    assert lines["qq:21"].startswith("小九 否认了你对 #1")
    assert lines["qq:10"].startswith("已否认 小明 对 #1")


# ---------------------------------------------------------------- naming the helper
async def test_the_private_claim_line_says_what_works_and_it_works(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    await g.say(f"/求助 {LINKS[0]} 需要3人", by="qq:10", name="小九")
    lines = told(await g.say("/已助 1", by="qq:21", name="小 明"))  # a name with a space
    said = lines["qq:10"]
    assert "@" not in said
    command = re.search(r"/否认 1 [^。]+", said).group(0)
    assert command == "/否认 1 小 明"
    out = await engine.handle_private(Member("qq:10", "小九"), command)  # as told, privately
    assert told(out)["qq:21"].startswith("小九 否认了你对 #1")
    claim = (await engine.context("qq:3", "queue").data.claims(1))[0]
    assert claim.status == "denied"


async def test_deny_with_one_claim_waiting_needs_no_name(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    await _claimed(g, (("qq:21", "小明"), ("qq:22", "小红")))
    await g.say("/确认 1 小红", by="qq:10", name="小九")  # by name, in the group
    out = await engine.handle_private(Member("qq:10", "小九"), "/否认 1")
    assert told(out)["qq:21"].startswith("小九 否认了你对 #1")
    statuses = {c.helper: c.status for c in await engine.context("qq:3", "queue").data.claims(1)}
    assert statuses == {"qq:21": "denied", "qq:22": "confirmed"}


async def test_deny_without_a_name_when_several_wait_says_whom_to_name(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    await _claimed(g, (("qq:21", "小明"), ("qq:22", "小红")))
    [answer] = await engine.handle_private(Member("qq:10", "小九"), "/否认 1")
    assert answer.user_id == "qq:10"
    assert "#1 有 2 条助力待你确认（小明、小红）" in answer.text and "/否认 1 小明" in answer.text
    assert all(c.status == "pending" for c in await engine.context("qq:3", "queue").data.claims(1))


async def test_a_typed_at_name_and_unknown_or_shared_names(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    await _claimed(g, (("qq:21", "小明"), ("qq:22", "小明"), ("qq:23", "小红")))
    me = Member("qq:10", "小九")
    # "@小明" typed as text (no real mention): two helpers share the name, say what to send
    [shared] = await engine.handle_private(me, "/否认 1 @小明")
    assert "#1 有 2 位助力者都叫「小明」" in shared.text and "21" in shared.text
    assert "22" in shared.text
    [unknown] = await engine.handle_private(me, "/否认 1 小刚")
    assert "没有「小刚」" in unknown.text and "小明、小明、小红" in unknown.text
    assert "/否认 1 小明" in unknown.text
    out = await engine.handle_private(me, "/否认 1 @小红")
    assert told(out)["qq:23"].startswith("小九 否认了你对 #1")
    # in the group, "@小红" typed without a real mention works the same
    await g.say(f"/求助 {LINKS[1]}", by="qq:10", name="小九")
    await g.say("/已助 2", by="qq:23", name="小红")
    out = await g.say("/否认 2 @小红", by="qq:10", name="小九")
    assert told(out)["qq:23"].startswith("小九 否认了你对 #2")


async def test_only_the_requester_learns_who_waits(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    await _claimed(g)
    await g.say("大家好", by="qq:30", name="路人")
    [answer] = await engine.handle_private(Member("qq:30", "路人"), "/否认 1 小明")
    assert "不是你发的求助" in answer.text and "小明" not in answer.text


async def test_other_commands_resolve_a_name_in_the_group(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:3")
    admin = {"by": "qq:1", "role": Role.ADMIN}
    await g.say("大家好", by="qq:40", name="阿强")
    await g.say("大家好", by="qq:41", name="阿花")
    await g.say("大家好", by="qq:42", name="阿花")
    [warned] = await g.say("/警告 阿强 刷屏", **admin)
    assert warned.mention == ("qq:40",) and warned.text.startswith("管理员警告了你")
    shared = "\n".join(in_group(await g.say("/警告 阿花", **admin)))
    assert "群里有 2 位成员都叫「阿花」" in shared and "****" in shared  # numbers masked


async def test_the_confirm_reminder_sent_privately_names_the_helper_without_an_at(
    engine_factory, clock
):
    g = FakeGroup(await engine_factory(YAML), "qq:3")
    await _claimed(g)
    clock.advance(11 * 60)
    reminded = told(await g.tick())["qq:10"]
    assert reminded.startswith("🔔 小明 说已助力你的 #1") and "/否认 1 小明" in reminded
    assert "@" not in reminded


async def test_me_names_the_helper_to_deny(engine_factory):
    g = FakeGroup(await engine_factory(YAML), "qq:3")
    await _claimed(g)
    me = told(await g.say("/我的", by="qq:10", name="小九"))["qq:10"]
    assert "不实请发 /否认 1 小明。" in me


# ---------------------------------------------------------------- the footer
async def test_the_private_footer_comes_once_a_day_and_survives_a_restart(tmp_path, clock):
    clock.set("2026-03-02 10:00")
    hint = "可以直接私聊我发"
    engine = await make_engine(tmp_path, YAML, clock=clock)
    try:
        g = FakeGroup(engine, "qq:3")
        await g.say(f"/求助 {LINKS[0]}", by="qq:10")
        assert hint in told(await g.say("/队列", by="qq:21"))["qq:21"]
        assert hint not in told(await g.say("/我的", by="qq:21"))["qq:21"]
        assert hint not in told(await g.say("/已助 1", by="qq:21"))["qq:21"]
    finally:
        await engine.close()
    clock.advance(3600)
    engine = await make_engine(tmp_path, YAML, clock=clock)
    try:
        g = FakeGroup(engine, "qq:3")
        assert hint not in told(await g.say("/队列", by="qq:21"))["qq:21"]  # restarted: still told
        assert hint in told(await g.say("/队列", by="qq:22"))["qq:22"]  # someone else: once
        clock.advance(86400)
        assert hint in told(await g.say("/队列", by="qq:21"))["qq:21"]  # a day later: again
    finally:
        await engine.close()


# ---------------------------------------------------------------- no private messages
async def test_where_the_platform_cannot_write_privately_nothing_says_so(engine_factory, clock):
    engine = await engine_factory(
        YAML.replace("active_within: 1h", "active_within: 1h, resurface_every: 1h")
    )
    g = FakeGroup(engine, "qq:3", caps=NO_PRIVATE)
    out = await g.say(f"/求助 {LINKS[0]} 需要2人", by="qq:10")
    [announced] = [a for a in out if isinstance(a, Reply) and a.text.startswith("📣")]
    assert "私聊" not in announced.text and "/已助 1" in announced.text
    clock.advance(3700)
    lines = [t for t in in_group(await g.tick()) if t.startswith("⏰")]
    assert lines and "私聊" not in lines[0] and "在群里发 /已助" in lines[0]
    # the same group on a platform that can: both say where to answer privately
    h = FakeGroup(engine, "qq:5", caps=FULL_CAPS)
    out = await h.say(f"/求助 {LINKS[1]} 需要2人", by="qq:10")
    assert any("私聊我发 /已助 1" in t for t in in_group(out))


async def test_a_claim_with_an_unread_screenshot_is_split_too(engine_factory):
    g = FakeGroup(await engine_factory(YAML), "qq:3")
    await g.say(f"/求助 {LINKS[0]} 需要3人", by="qq:10", name="小九")
    # a picture that cannot be fetched reads as "unknown": the claim waits for the requester
    out = await g.say("/已助 1", by="qq:21", name="小明", images=["http://127.0.0.1:9/x.png"])
    lines = told(out)
    assert lines["qq:21"].startswith("已记录你对 #1 的助力") and "截图没能认出" in lines["qq:21"]
    assert lines["qq:10"].startswith("小明 说已帮你助力 #1") and "已记录" not in lines["qq:10"]


async def test_a_claim_confirmed_by_its_screenshot_is_split_too(engine_factory):
    from huzhu.core.media.ocr import Reading
    from tests.image_server import ImageServer, Served
    from tests.screenshots import by_name, render

    engine = await engine_factory(YAML)

    async def read(data: bytes) -> Reading:  # what OCR reads on a successful 助力 page
        return Reading(("拼多多", "助力成功", "你已成功为好友助力"), "0f" * 8, 400, 800)

    engine.evidence.reader = read
    g = FakeGroup(engine, "qq:3")
    await g.say(f"/求助 {LINKS[0]} 需要3人", by="qq:10", name="小九")
    async with ImageServer() as srv:
        pic = srv.add("/ok.png", Served(render(by_name("pdd-boost-ok"), width=200)))
        lines = told(await g.say("/已助 1", by="qq:21", name="小明", images=[pic]))
    assert (
        lines["qq:21"].startswith("小明：你对 #1 的助力截图显示") and "助力值 +1" in lines["qq:21"]
    )
    assert (
        lines["qq:10"].startswith("小明 为你的 #1 发的助力截图显示")
        and "不用再确认" in lines["qq:10"]
    )
