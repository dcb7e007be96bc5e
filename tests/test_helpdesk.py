"""Help requests end to end: lifecycle, illegal moves, ledger, hooks, expiry, restart, races."""

from __future__ import annotations

import asyncio

from huzhu.core import Claim, HelpRequest, PluginMeta, Role, Severity, Verdict, hookimpl
from huzhu.core.storage import requests as store
from huzhu.testing import FakeGroup, text

PDD = "帮我砍一刀 https://mobile.yangkeduo.com/bargain.html?goods_id=1&share_uin=X"
YAML = """
defaults:
  requests:
    auto_confirm: 2h
    max_open: 2
  commands: {rate: 1000, work_rate: 1000}
groups:
  "qq:2":
    requests: {auto_confirm: never, credit: 2, debit: 1}
"""


class Recorder:
    __plugin_meta__ = PluginMeta(name="recorder", description="", default_enabled=True)

    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    @hookimpl
    def request_posted(self, request: HelpRequest) -> None:
        self.events.append(("posted", request.seq))

    @hookimpl
    def help_claimed(self, request: HelpRequest, claim: Claim) -> None:
        self.events.append(("claimed", claim.helper))

    @hookimpl
    def help_confirmed(self, claim: Claim) -> None:
        self.events.append(("confirmed", claim.helper))

    @hookimpl
    def request_closed(self, request: HelpRequest, reason: str) -> None:
        self.events.append(("closed", reason))


class NoJD:
    __plugin_meta__ = PluginMeta(name="nojd", description="", default_enabled=True)

    @hookimpl
    def check_request(self, request: HelpRequest) -> Verdict | None:
        if request.platform == "jd":
            return Verdict("nojd", Severity.MINOR, "本群只收拼多多")
        return None


async def _desk(engine_factory, **kw):
    rec = Recorder()
    engine = await engine_factory(YAML, plugins=[rec, NoJD()], **kw)
    return engine, rec, FakeGroup(engine, "qq:1")


async def ledger(engine, gid="qq:1"):
    return await engine.db.read(lambda c: store.ledger_entries(c, gid))


async def test_full_lifecycle_and_ledger(engine_factory):
    engine, rec, g = await _desk(engine_factory)
    posted = text(await g.say(f"/求助 {PDD} 需要2人 谢谢", by="qq:10", name="小红"))
    assert "📣 求助 #1｜拼多多·砍价｜需要 2 人" in posted
    assert (
        "https://mobile.yangkeduo.com/bargain.html?goods_id=1" in posted
        and "share_uin" not in posted
    )
    assert "备注：帮我砍一刀 谢谢" in posted
    assert "已记录你对 #1 的助力" in text(await g.say("/已助 1", by="qq:20", name="小明"))
    claim_by_reply = await g.say("已助", by="qq:21", reply_to="99", reply_text=posted)
    assert "已记录你对 #1 的助力" in text(claim_by_reply)
    confirm = text(await g.say("/确认 1", by="qq:10"))
    assert "已确认 小明、qq:21 对 #1 的助力" in confirm and "#1 已完成" in confirm
    rows = await ledger(engine)
    assert sorted((r["member"], r["delta"], r["kind"]) for r in rows) == [
        ("qq:10", -1, "received"), ("qq:10", -1, "received"), ("qq:20", 1, "given"), ("qq:21", 1, "given"),
    ]  # fmt: skip
    assert all(
        r["claim_message_id"] and r["confirm_message_id"] for r in rows
    )  # traceable to messages
    me = text(await g.say("/我的", by="qq:20", name="小明"))
    assert "小明 的助力值：1（助人 1 次，被助 0 次）" in me
    assert "1. 小明：1 次｜1" in text(await g.say("/排行"))
    assert rec.events == [("posted", 1), ("claimed", "qq:20"), ("claimed", "qq:21"),
                          ("confirmed", "qq:20"), ("confirmed", "qq:21"), ("closed", "done")]  # fmt: skip


async def test_illegal_moves_get_clear_replies(engine_factory):
    engine, _, g = await _desk(engine_factory)
    await g.say(f"/求助 {PDD}", by="qq:10")
    assert "不能给自己的求助 #1 报已助" in text(await g.say("/已助 1", by="qq:10"))
    await g.say("/已助 1", by="qq:20")
    assert "你已经报过 #1 的已助了" in text(await g.say("/已助 1", by="qq:20"))
    assert "#1 不是你发的求助" in text(await g.say("/确认 1", by="qq:20"))
    assert "没有 #7 这个求助" in text(await g.say("/已助 7", by="qq:20"))
    assert "「求助编号」不对：应为数字" in text(await g.say("/已助 abc", by="qq:20"))
    denied = await g.say("/否认 1", by="qq:10", mentions=["qq:20"])
    assert "qq:10 否认了你对 #1 的助力，不计助力值" in text(denied)
    assert denied[0].mention == ("qq:20",)  # the helper is the one told
    assert "已被否认" in text(await g.say("/已助 1", by="qq:20"))
    assert "#1 没有待确认的助力" in text(await g.say("/确认 1", by="qq:10"))
    assert "#1 已标记完成" in text(await g.say("/完成 1", by="qq:10"))
    assert "#1 已结束（已完成）" in text(await g.say("/已助 1", by="qq:30"))
    assert "#1 已结束" in text(await g.say("/取消 1", by="qq:10"))
    assert await ledger(engine) == []  # the denial moved nothing
    claims = await engine.db.read(lambda c: store.claims_of(c, "qq:1", 1))
    assert [c.status for c in claims] == ["denied"]  # …but it is on record


async def test_posting_rules(engine_factory):
    _, _, g = await _desk(engine_factory)
    assert "没有识别到分享链接或口令" in text(await g.say("/求助 帮帮我"))
    assert "本群只收拼多多" in text(await g.say("/求助 https://u.jd.com/AbCdEf1"))
    await g.say(f"/求助 {PDD}", by="qq:10")
    assert "这个链接已在队列中：#1" in text(
        await g.say(f"/post {PDD}&refer_share_id=zzz", by="qq:11")
    )
    await g.say("/求助 https://p.pinduoduo.com/Second22", by="qq:10")
    assert "你已有 2 个进行中的求助" in text(
        await g.say("/求助 https://p.pinduoduo.com/Third333", by="qq:10")
    )
    assert "需要管理员权限" in text(await g.say("/移除 1", by="qq:10"))
    assert "#1 已被管理员移除" in text(await g.say("/移除 1", by="qq:99", role=Role.ADMIN))


async def test_auto_confirm_after_quiet_period_and_expiry(engine_factory, clock):
    engine, rec, g = await _desk(engine_factory)
    # qq:20's help was once confirmed by a requester by hand: theirs may be confirmed automatically
    await g.say("/求助 https://p.pinduoduo.com/Warmup1", by="qq:11")
    await g.say("/已助 1", by="qq:20")
    await g.say("/确认 1", by="qq:11")
    await g.say(f"/求助 {PDD} 需要3人", by="qq:10")
    assert "2小时内无人否认将自动确认" in text(await g.say("/已助 2", by="qq:20"))
    clock.advance(3600)
    # the reminder plugin nudges the requester once (at 30 minutes), nothing else is due
    assert "请 /确认 2" in text(await engine.tick())
    assert await engine.tick() == []
    clock.advance(3601)
    digest = text(await engine.tick())
    assert "2小时内无人否认，已自动确认并记入助力值：#2 qq:20（帮 qq:10）" in digest
    assert [(r["member"], r["delta"]) for r in await ledger(engine)][2:] == [
        ("qq:20", 1),
        ("qq:10", -1),
    ]
    clock.advance(86400)
    expired = text(await engine.tick())
    assert "以下求助已到期关闭：#2（qq:10，1/3）" in expired and ("closed", "expired") in rec.events
    assert "#2 已结束（已过期）" in text(await g.say("/已助 2", by="qq:30"))


async def test_auto_confirmations_in_one_write_leave_out_what_cannot_be(engine_factory, clock):
    # the quiet-period rule confirms a tick's helps in one transaction: a help whose request
    # closed meanwhile (by an earlier one of them) or that is not pending is left out alone
    engine, _, g = await _desk(engine_factory)
    await g.say(f"/求助 {PDD}", by="qq:10")
    await g.say("/已助 1", by="qq:20")
    await g.say("/已助 1", by="qq:21")
    due = [(1, "qq:20"), (1, "qq:21"), (1, "qq:22")]
    done = await engine.db.write(
        lambda c: store.confirm_each(
            c, group_id="qq:1", due=due, now=clock.time(), credit=1, debit=1
        )
    )
    assert [(i, req.status, [c.helper for c in confirmed], closed)
            for i, (req, confirmed, closed) in done] == [(0, "done", ["qq:20"], True)]  # fmt: skip
    assert [(r["member"], r["delta"]) for r in await ledger(engine)] == [
        ("qq:20", 1),
        ("qq:10", -1),
    ]
    claims = await engine.db.read(lambda c: store.claims_of(c, "qq:1", 1))
    assert {c.helper: c.status for c in claims} == {"qq:20": "confirmed", "qq:21": "pending"}


async def test_never_auto_confirm_and_weights(engine_factory, clock):
    engine, _, _ = await _desk(engine_factory)
    g2 = FakeGroup(engine, "qq:2")
    await g2.say(f"/求助 {PDD}", by="qq:10")
    await g2.say("/已助 1", by="qq:20")
    clock.advance(10 * 3600)
    await engine.tick()
    assert await ledger(engine, "qq:2") == []
    await g2.say("/确认 1 qq:20", by="qq:10")
    assert [(r["member"], r["delta"]) for r in await ledger(engine, "qq:2")] == [
        ("qq:20", 2),
        ("qq:10", -1),
    ]


async def test_restart_loses_nothing(engine_factory, tmp_path):
    data = tmp_path / "restart"
    engine, _, g = await _desk(engine_factory, data_dir=data)
    await g.say(f"/求助 {PDD} 需要2人", by="qq:10")
    await g.say("/已助 1", by="qq:20")
    await g.say("/已助 1", by="qq:21")
    await g.say("/确认 1 qq:20", by="qq:10")
    await engine.close()
    engine2, _, g2 = await _desk(engine_factory, data_dir=data)
    me = text(await g2.say("/我的", by="qq:10"))
    assert "待你确认的助力：#1 qq:21" in me and "属实请发 /确认 1" in me
    assert len(await ledger(engine2)) == 2
    assert "#1 已完成" in text(await g2.say("/确认 1", by="qq:10"))
    assert "#2" in text(await g2.say("/求助 https://p.pinduoduo.com/Another1", by="qq:10"))


async def test_hundreds_of_concurrent_claims_and_confirmations(engine_factory):
    engine, _, g = await _desk(engine_factory)
    await g.say(f"/求助 {PDD} 需要50人", by="qq:10")
    helpers = [f"qq:{1000 + i}" for i in range(300)]
    await asyncio.gather(
        *(g.say("/已助 1", by=h) for h in helpers),
        *(g.say("/已助 1", by="qq:1000") for _ in range(30)),
    )
    claims = await engine.db.read(lambda c: store.claims_of(c, "qq:1", 1))
    assert len(claims) == 300  # the 30 repeats were refused
    await asyncio.gather(
        *(g.say(f"/确认 1 {h}", by="qq:10") for h in helpers),
        *(g.say("/确认 1", by="qq:10") for _ in range(50)),
    )
    rows = await ledger(engine)
    assert len(rows) == 600 and len({(r["claim_id"], r["kind"]) for r in rows}) == 600
    req = await engine.db.read(lambda c: store.get(c, "qq:1", 1))
    assert (req.helped, req.status) == (300, "done")
    balance = await engine.db.read(lambda c: store.balances(c, "qq:1", ["qq:10"]))
    assert balance["qq:10"] == (-300, 0, 300)


async def test_claim_reply_names_the_helper_and_tells_the_requester_to_confirm(engine_factory):
    """Issue 15.2: one message — the requester (mentioned) is asked to /确认 or /否认, the helper
    (quoted, by name) is told their help is recorded and what happens next."""
    _, _, g = await _desk(engine_factory)
    await g.say(f"/求助 {PDD}", by="qq:10", name="小红")
    (reply,) = await g.say("/已助 1", by="qq:20", name="成员B")
    assert reply.mention == ("qq:10",) and reply.reply_to  # to the requester, quoting the helper
    to_requester, to_helper = reply.text.split("\n")
    assert to_requester == "成员B 说已帮你助力 #1，属实请发 /确认 1，不实请发 /否认 1 @成员B。"
    assert (
        to_helper == "成员B：已记录你对 #1 的助力，你的首次助力需要求助者确认，确认后记入助力值。"
    )
    # confirming: the helpers are mentioned and named, the requester learns what is left
    (done,) = await g.say("/确认 1", by="qq:10", name="小红")
    assert done.mention == ("qq:20",)
    assert done.text == "小红 已确认你对 #1 的助力，助力值 +1，谢谢！#1 已完成 🎉"


async def test_deny_tells_the_helper_by_name(engine_factory):
    _, _, g = await _desk(engine_factory)
    await g.say(f"/求助 {PDD}", by="qq:10", name="小红")
    await g.say("/已助 1", by="qq:20", name="成员B")
    (denied,) = await g.say("/否认 1", by="qq:10", name="小红", mentions=["qq:20"])
    assert denied.mention == ("qq:20",)
    assert (
        "小红 否认了你对 #1 的助力，不计助力值（已记录）。如确实助力过，请截图联系管理员"
        in denied.text
    )
    assert "qq:21 没有报过 #1 的已助" in text(
        await g.say("/否认 1", by="qq:10", name="小红", mentions=["qq:21"])
    )


async def test_me_top_and_closing_name_members_and_say_what_to_do(engine_factory):
    _, _, g = await _desk(engine_factory)
    await g.say(f"/求助 {PDD} 需要3人", by="qq:10", name="小红")
    await g.say("/已助 1", by="qq:20", name="成员B")
    await g.say("/已助 1", by="qq:21", name="成员C")
    me = text(await g.say("/我的", by="qq:10", name="小红"))
    assert "进行中的求助：#1（已助 0/3）" in me
    assert "待你确认的助力：#1 成员B、#1 成员C\n属实请发 /确认 1，不实请发 /否认 1 成员B。" in me
    assert "提示" not in me  # the note about first helps is for helpers, not for askers
    helper = text(await g.say("/我的", by="qq:20", name="成员B"))
    assert "你报的助力待确认：#1（小红）" in helper
    assert "提示：你的首次助力需要求助者确认" in helper
    await g.say("/确认 1 qq:20", by="qq:10", name="小红")
    assert "1. 成员B：1 次｜1" in text(await g.say("/排行"))
    closed = text(await g.say("/完成 1", by="qq:10", name="小红"))
    assert "#1 已标记完成" in closed
    assert "还有 成员C 的助力待你确认（结束后不会自动确认），属实请发 /确认 1。" in closed


async def test_english_group_gets_english_texts(engine_factory):
    engine = await engine_factory(YAML + '  "qq:9":\n    language: en\n')
    g = FakeGroup(engine, "qq:9")
    await g.say(f"/post {PDD}", by="qq:10", name="Alice")
    (reply,) = await g.say("/helped 1", by="qq:20", name="Bob")
    assert reply.text.startswith(
        "Bob says they helped your #1: send /confirm 1 if so, or /deny 1 @Bob"
    )
    assert "Bob: your help on #1 is recorded; your first help needs" in reply.text
    done = text(await g.say("/confirm 1", by="qq:10", name="Alice"))
    assert "Alice confirmed your help on #1: +1, thank you! #1 is complete" in done


async def test_expiry_digest_is_one_short_message_however_many_expire(engine_factory, clock):
    engine, _, g = await _desk(engine_factory)
    for i in range(12):
        await g.say(f"/求助 https://p.pinduoduo.com/Many{i:04d}", by=f"qq:{100 + i}")
    clock.advance(2 * 86400)
    digests = [a for a in await engine.tick() if "到期关闭" in getattr(a, "text", "")]
    assert len(digests) == 1
    assert "#10（qq:109，0/1） 等 12 条" in digests[0].text and "#11" not in digests[0].text
    assert len(digests[0].mention) == 10


async def test_plain_claim_word_with_a_number_and_ambiguous_replies(engine_factory):
    engine, _, g = await _desk(engine_factory)
    await g.say(f"/求助 {PDD}", by="qq:10", name="小红")
    await g.say("/求助 https://p.pinduoduo.com/Second22", by="qq:11", name="小刚")
    # 已助 2 without the slash is the command
    assert "小明 说已帮你助力 #2" in text(await g.say("已助 2", by="qq:20", name="小明"))
    assert "说已帮你助力 #1" in text(await g.say("已助#１", by="qq:21", name="老王"))
    # a reply 已助 to a message naming several requests (the queue) claims none and says how
    queue = text(await g.say("/队列", by="qq:22"))
    assert "#1" in queue and "#2" in queue
    asked = text(await g.say("已助", by="qq:22", reply_to="5", reply_text=queue))
    assert "用法：/已助 求助编号" in asked and "说已帮你助力" not in asked
    claims = await engine.db.read(lambda c: store.claims_of(c, "qq:1", 1))
    assert [c.helper for c in claims] == ["qq:21"]
    # ordinary chat with a number is not a command
    assert await g.say("好的 2", by="qq:22") == []


class Tiered:
    """A reputation stand-in: qq:10 may keep one more request open; counts the questions."""

    __plugin_meta__ = PluginMeta(name="tiered", description="", default_enabled=True)

    def __init__(self) -> None:
        self.asked: list[str] = []

    @hookimpl
    def member_standing(self, member: str) -> object:
        from huzhu.core.standing import NEUTRAL, Standing

        self.asked.append(member)
        return Standing(tier="可信", max_open_bonus=1) if member == "qq:10" else NEUTRAL


async def test_standing_is_asked_only_at_the_open_limit_and_its_bonus_still_counts(
    engine_factory,
):
    tiered = Tiered()
    engine = await engine_factory(YAML, plugins=[tiered])
    g = FakeGroup(engine, "qq:1")
    for i in range(2):  # max_open 2: below it nobody asks for the member's standing
        assert "求助 #" in text(
            await g.say(f"/求助 https://p.pinduoduo.com/Tier{i:04d}", by="qq:10")
        )
        assert "求助 #" in text(
            await g.say(f"/求助 https://p.pinduoduo.com/Low{i:04d}", by="qq:11")
        )
    assert tiered.asked == []
    # at the limit: the tier's bonus lets qq:10 post a third; qq:11 (no bonus) is refused
    assert "求助 #5" in text(await g.say("/求助 https://p.pinduoduo.com/Tier0002", by="qq:10"))
    assert "已有 2 个进行中的求助" in text(
        await g.say("/求助 https://p.pinduoduo.com/Low0002", by="qq:11")
    )
    assert "已有 3 个进行中的求助" in text(
        await g.say("/求助 https://p.pinduoduo.com/Tier0003", by="qq:10")
    )
    assert tiered.asked == ["qq:10", "qq:11", "qq:10"]


async def test_the_count_asked_for_is_capped_at_max_needed(engine_factory):
    engine, _, g = await _desk(engine_factory)
    await g.say(f"/求助 {PDD} 需要999人 谢谢", by="qq:10")
    await g.say("/求助 https://p.pinduoduo.com/Another1 谢谢", by="qq:11")
    capped = await engine.db.read(lambda c: store.get(c, "qq:1", 1))
    unsaid = await engine.db.read(lambda c: store.get(c, "qq:1", 2))
    assert (capped.needed, capped.note) == (20, "帮我砍一刀 谢谢")  # requests.max_needed: 20
    assert (unsaid.needed, unsaid.note) == (1, "谢谢")
