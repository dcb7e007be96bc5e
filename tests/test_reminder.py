"""The reminder plugin and the daily rules post, driven by the kit's FakeGroup and clock."""

from __future__ import annotations

from huzhu.core import PrivateMessage, Role
from huzhu.testing import FakeGroup, make_config, make_engine

TZ = "Asia/Shanghai"
LINK = "帮我砍一刀 https://mobile.yangkeduo.com/bargain.html?goods_id={}&share_uin=X"
ADMIN = {"by": "qq:1", "role": Role.ADMIN}


def settings(reminder=None, rules=None, **posting):
    plugins = {"reminder": reminder or {}, "queue": False, "help_before_ask": False, "quota": False}
    if rules is not None:
        plugins["rules"] = rules
    return make_config(plugins) + (
        "  posting: {quiet_hours: '23:00-07:00', max_per_hour: 0}\n"
        if not posting
        else "  posting: " + str(posting).replace("'", '"') + "\n"
    )


async def group_at(huzhu_group, huzhu_clock, when="2026-03-02 10:00", **kwargs):
    huzhu_clock.set(when, TZ)
    return await huzhu_group(settings(**kwargs), group="qq:1")


async def test_expiring_request_mentions_the_requester_once(huzhu_group, huzhu_clock):
    group = await group_at(huzhu_group, huzhu_clock, reminder={"expiring_before": "2h"})
    await group.push("/求助 " + LINK.format(1), by="qq:10")
    group.pending().clear()
    huzhu_clock.advance("22h")  # expiry is 24h: the reminder is due now
    (reminder,) = await group.tick()
    assert "#1（拼多多·砍价）还有 2小时 就到期了，还差 1 人助力" in reminder.text
    assert reminder.mention == ("qq:10",)
    huzhu_clock.advance("1m")
    assert await group.tick() == []


async def test_no_expiry_reminder_for_a_closed_request(huzhu_group, huzhu_clock):
    group = await group_at(huzhu_group, huzhu_clock)
    await group.push("/求助 " + LINK.format(2), by="qq:10")
    await group.push("/取消 1", by="qq:10")
    huzhu_clock.advance("23h")
    assert await group.tick() == []


async def test_unconfirmed_claim_reminds_the_requester_with_the_auto_confirm_time(
    huzhu_group, huzhu_clock
):
    group = await group_at(huzhu_group, huzhu_clock, reminder={"confirm_after": "30m"})
    await group.push("/求助 " + LINK.format(30), by="qq:11")
    await group.push("/已助 1", by="qq:20", name="小王")
    await group.push("/确认 1", by="qq:11")  # 小王 has help confirmed by hand: auto-confirm applies
    await group.push("/求助 " + LINK.format(3) + " 需要3人", by="qq:10")
    await group.push("/已助 2", by="qq:20", name="小王")
    await group.push("/已助 2", by="qq:21", name="小李")
    await group.push("/已助 2", by="qq:22", name="小张")
    await group.push("/确认 2 @qq:21", by="qq:10", mentions=["qq:21"])
    huzhu_clock.advance("30m")
    (both,) = await group.tick()  # 小王's and 小张's claims are still pending: one line
    assert "小王、小张 说已助力你的 #2" in both.text and "/确认 2（一次确认全部）" in both.text
    assert both.mention == ("qq:10",)
    # 小张's first help is never confirmed automatically, so the time is promised for 小王's
    assert "其中 小王 的助力 12:00 起无异议将自动确认" in both.text


async def test_schedule_commands_for_admins(huzhu_group, huzhu_clock):
    group = await group_at(huzhu_group, huzhu_clock)
    await group.push("/定时 21:00 今晚九点开团", by="qq:5")
    assert "需要管理员权限" in group.pop()
    await group.push("/定时 明晚 开团", **ADMIN)
    assert "用法：/定时" in group.pop()
    await group.push("/定时 21:00", **ADMIN)
    assert "请在时间后写上要发的内容" in group.pop()
    await group.push("/定时 21:00 今晚九点开团", **ADMIN)
    assert "已设定定时消息 #1：03-02 21:00" in group.pop()
    await group.push("/定时 每天 9:00 早安，先助人后求助", **ADMIN)
    assert "#2" in group.pop()
    await group.push("/定时列表", **ADMIN)
    listing = group.pop()
    assert "#1 03-02 21:00" in listing and "#2 重复：每天 9:00（下次 03-03 09:00）" in listing
    huzhu_clock.set("2026-03-02 21:00", TZ)
    assert [a.text for a in await group.tick()] == ["📢 今晚九点开团"]
    assert group.pop() == "📢 今晚九点开团"
    await group.push("/取消定时 2", **ADMIN)
    assert "已取消定时消息 #2" in group.pop()
    await group.push("/取消定时 2", **ADMIN)
    assert "没有编号为 #2" in group.pop()
    huzhu_clock.set("2026-03-03 09:00", TZ)
    assert await group.tick() == []


async def test_recurring_announcement_survives_a_restart_and_catches_up_once(tmp_path, huzhu_clock):
    huzhu_clock.set("2026-03-02 10:00", TZ)
    engine = await make_engine(tmp_path, settings(), clock=huzhu_clock)
    await FakeGroup(engine, "qq:1").say("/定时 每天 9:00 早安", **ADMIN)
    await engine.close()
    huzhu_clock.set("2026-03-04 15:00", TZ)  # down over two 09:00s
    engine = await make_engine(tmp_path, settings(), clock=huzhu_clock)
    try:
        group = FakeGroup(engine, "qq:1")
        (late,) = await group.tick()
        assert late.text == "📢（补发，原定 03-03 09:00）早安"  # the first one missed, posted once
        assert await group.tick() == []
        huzhu_clock.set("2026-03-05 09:00", TZ)
        assert [a.text for a in await group.tick()] == ["📢 早安"]
    finally:
        await engine.close()


async def test_announcement_in_quiet_hours_waits_for_the_morning(huzhu_group, huzhu_clock):
    group = await group_at(huzhu_group, huzhu_clock)
    await group.push("/定时 23:30 晚安", **ADMIN)
    huzhu_clock.set("2026-03-02 23:30", TZ)
    assert await group.tick() == []
    huzhu_clock.set("2026-03-03 07:00", TZ)
    assert [a.text for a in await group.tick()] == ["📢 晚安"]


async def test_digest_and_owe_at_their_times(huzhu_group, huzhu_clock):
    group = await group_at(
        huzhu_group, huzhu_clock, reminder={"digest_at": ["12:00"], "owe_at": "20:00"}
    )
    await group.push("/求助 " + LINK.format(4), by="qq:10")
    await group.push("/求助 " + LINK.format(5), by="qq:11")
    await group.push("/已助 1", by="qq:11")
    await group.push("/确认 1", by="qq:10")  # qq:10 now owes one help
    await group.tick()  # the first tick after the group is seen schedules the daily items
    huzhu_clock.set("2026-03-02 12:00", TZ)
    (digest,) = await group.tick()
    assert "当前待助力的求助（1 个）" in digest.text and "#2" in digest.text
    huzhu_clock.set("2026-03-02 20:00", TZ)
    (owe,) = await group.tick()
    assert owe.mention == ("qq:10",) and "助力值为负" in owe.text
    huzhu_clock.set("2026-03-02 20:01", TZ)
    assert await group.tick() == []  # at most once a day


async def test_daily_rules_post(huzhu_group, huzhu_clock):
    group = await group_at(
        huzhu_group, huzhu_clock, rules={"post_at": "09:00", "text": "先助人后求助"}
    )
    await group.push("大家好", by="qq:3")  # ticks cover groups the bot has seen or configured
    await group.tick()
    huzhu_clock.set("2026-03-03 09:00", TZ)
    (post,) = await group.tick()
    assert "本群群规" in post.text and "先助人后求助" in post.text


async def test_fang_chen_mi_daily_limits(huzhu_group, huzhu_clock):
    group = await group_at(
        huzhu_group, huzhu_clock, reminder={"daily_requests": 1, "daily_helps": 2}
    )
    await group.push("/求助 " + LINK.format(6), by="qq:10")
    await group.push("/求助 " + LINK.format(7), by="qq:10")
    assert "休息一下，明天再来吧" in group.pending()[-1]
    for n in range(3):
        await group.push("/求助 " + LINK.format(10 + n), by=f"qq:{30 + n}")
    await group.push("/已助 2", by="qq:20")
    assert not group.actions(PrivateMessage)
    await group.push("/已助 3", by="qq:20")
    (note,) = group.actions(PrivateMessage)
    assert note.user_id == "qq:20" and "休息一下眼睛吧" in note.text
    await group.push("/已助 4", by="qq:20")  # still recorded; told only once
    assert len(group.actions(PrivateMessage)) == 1 and "已记录你对 #4 的助力" in group.pending()[-1]
    huzhu_clock.set("2026-03-03 10:00", TZ)
    await group.push("/求助 " + LINK.format(8), by="qq:10")
    assert "已发布" in group.pending()[-1] or "#" in group.pending()[-1]


async def test_english_texts(huzhu_group, huzhu_clock):
    huzhu_clock.set("2026-03-02 10:00", TZ)
    group = await huzhu_group(settings() + "  language: en\n", group="qq:1")
    await group.push("/schedule 2h drink water", **ADMIN)
    assert "Scheduled post #1" in group.pop()


def test_times_of_day_are_validated_with_their_line():
    from huzhu.core import config as config_mod
    from huzhu.testing import registry_with

    result = config_mod.loads(
        make_config({"reminder": {"owe_at": "25:00", "digest_at": ["12:00", "noon"]},
                     "rules": {"post_at": "9am"}}),
        registry_with(),
    )  # fmt: skip
    messages = "\n".join(str(e) for e in result.errors)
    for bad in ("'25:00'", "'noon'", "'9am'"):
        assert f"{bad} is not a local time such as 09:00" in messages
    assert all(e.line for e in result.errors)
