"""入群审核 over the real protocols: a real `huzhu run`, NapCat-like requests and Telegram's chat_join_request."""

from __future__ import annotations

import asyncio
import time

from huzhu.adapters.console import TRANSLATOR as CONSOLE
from huzhu.adapters.onebot_v11 import account_facts
from huzhu.adapters.qq_official import TRANSLATOR as QQ_OFFICIAL
from huzhu.core import DecideJoin
from tests.onebot_peer import BotProcess, OneBotPeer, message_text
from tests.telegram_api import TelegramAPI
from tests.test_telegram_protocol import _ready, telegram_bot

QUESTION = "问题：本群做什么？\n答案："
ONEBOT_YAML = """
superusers: ["qq:1"]
groups:
  "qq:777":
    plugins:
      join: {mode: answer, question: 本群做什么？, answers: [砍价, 拼多多砍价], blocklist: ["666"], min_level: 3}
  "qq:778":
    plugins:
      join: {mode: manual}
"""
TELEGRAM_YAML = """
groups:
  "tg:-100777":
    plugins:
      join: {mode: answer, answers: [砍价]}
  "tg:-100888":
    plugins:
      join: {mode: approve_all}
"""


async def _answer(qq: OneBotPeer, flag: str, within: float = 15.0) -> dict:
    """The set_group_add_request the bot sent for ``flag``."""
    deadline = time.monotonic() + within
    while flag not in qq.join_answers():
        if time.monotonic() > deadline:
            raise AssertionError(f"no answer for {flag}; calls: {[c['action'] for c in qq.calls]}")
        await asyncio.sleep(0.05)
    return qq.join_answers()[flag]


async def _said(qq: OneBotPeer, group: int, count: int) -> list[str]:
    """The first ``count`` texts the bot sent to ``group``."""
    total = count
    while True:
        calls = await qq.wait_for("send_group_msg", count=total)
        mine = [message_text(c) for c in calls if c["params"]["group_id"] == group]
        if len(mine) >= count:
            return mine
        total += 1


async def test_onebot_join_requests_answered_refused_and_reviewed(tmp_path):
    bot = BotProcess(tmp_path, ONEBOT_YAML)
    bot.start()
    try:
        async with OneBotPeer(bot.url, bot.token) as qq:
            a_year_ago = int(time.time()) - 365 * 86400
            qq.strangers[501] = {"nickname": "小新", "qqLevel": 20, "reg_time": a_year_ago}
            qq.strangers[503] = {"nickname": "新号", "qqLevel": 1, "reg_time": a_year_ago}

            # an invitation of the bot itself is not a join request: left alone
            invite = await qq.join_request("", user=505, sub_type="invite")
            right = await qq.join_request(QUESTION + "拼多多 砍 价", user=501)
            assert await _answer(qq, right) == {"flag": right, "sub_type": "add", "approve": True}
            wrong = await qq.join_request(QUESTION + "聊天", user=502)
            refused = await _answer(qq, wrong)
            assert refused["approve"] is False
            assert refused["reason"] == "答案不正确，请重新申请并回答：本群做什么？"
            blocked = await qq.join_request(QUESTION + "砍价", user=666)
            refused = await _answer(qq, blocked)
            assert (refused["approve"], refused["reason"]) == (
                False,
                "抱歉，你不符合本群的入群要求。",
            )
            low = await qq.join_request(QUESTION + "砍价", user=503)  # level 1 < min_level 3
            refused = await _answer(qq, low)
            assert (refused["approve"], refused["reason"]) == (
                False,
                "你的账号等级太低，暂时不能加入本群。",
            )
            # the implementation cannot say who it is: decided on the answer alone
            qq.failing.add("get_stranger_info")
            unknown = await qq.join_request(QUESTION + "砍价", user=504)
            assert (await _answer(qq, unknown))["approve"] is True
            qq.failing.discard("get_stranger_info")
            # … or answers too slowly: decided without it, in seconds
            qq.slow["get_stranger_info"] = 30.0
            started = time.monotonic()
            slow = await qq.join_request(QUESTION + "砍价", user=507)
            assert (await _answer(qq, slow))["approve"] is True
            assert time.monotonic() - started < 10
            del qq.slow["get_stranger_info"]
            assert invite not in qq.join_answers()
            asked = [c["params"]["user_id"] for c in qq.calls if c["action"] == "get_stranger_info"]
            assert 505 not in asked and {501, 502, 503, 504} <= set(asked)

            # manual review in another group: the admins are asked, an admin approves
            waiting = await qq.join_request("朋友介绍", user=601, group=778)
            (notice,) = await _said(qq, 778, 1)
            assert "入群申请 #1：user601（回答：朋友介绍）" in notice and "/批准 1" in notice
            assert waiting not in qq.join_answers()
            await qq.group_message("/批准 1", group=778, user=9, role="admin")
            assert await _answer(qq, waiting) == {
                "flag": waiting,
                "sub_type": "add",
                "approve": True,
            }
            assert (await _said(qq, 778, 2))[1] == "已批准 user601 入群（#1）。"
            await qq.group_message("/批准 1", group=778, user=9, role="admin")  # already decided
            assert "没有待处理的入群申请 #1" in (await _said(qq, 778, 3))[2]

            # the decisions are in the audit log, in words
            await qq.group_message("/审计", group=777, user=1, role="owner")
            (audit,) = await _said(qq, 777, 1)
            assert audit.count("拒绝入群") == 3 and audit.count("批准入群") == 3, audit
            assert "小新" in audit  # the applicant by the name QQ reported
            await qq.group_message("/审计", group=778, user=1, role="owner")
            assert "批准入群" in (await _said(qq, 778, 4))[3]
    finally:
        bot.stop()
    assert "Traceback" not in bot.log(), bot.log()[-3000:]


async def test_telegram_chat_join_requests_approved_and_declined(tmp_path):
    with TelegramAPI() as api:
        bot = telegram_bot(tmp_path, api, yaml_text=TELEGRAM_YAML)
        bot.start()
        try:
            await _ready(api)
            # an admin without the right to invite users cannot decide: the admins are told
            api.bot_rights[-100888] = {"can_invite_users": False}
            await asyncio.to_thread(api.join_request, 503, chat=-100888)
            told = await api.wait_for("sendMessage")
            assert told[0]["chat_id"] == -100888
            assert "机器人无法在此平台处理入群申请" in told[0]["text"]

            await asyncio.to_thread(api.join_request, 501, bio="拼多多砍价互助")
            approved = await api.wait_for("approveChatJoinRequest")
            assert approved == [{"chat_id": -100777, "user_id": 501}]
            await asyncio.to_thread(api.join_request, 502)  # no bio: no answer to judge
            declined = await api.wait_for("declineChatJoinRequest")
            assert declined == [{"chat_id": -100777, "user_id": 502}]
            assert len(api.called("approveChatJoinRequest")) == 1  # 503 was left to the admins
        finally:
            bot.stop()
    assert "Traceback" not in bot.log(), bot.log()[-3000:]


def test_account_facts_read_napcat_and_go_cqhttp_fields():
    now = 1_800_000_000.0
    napcat = {"nickname": "阿花", "qqLevel": 12, "reg_time": int(now) - 10 * 86400}
    assert account_facts(napcat, now) == ("阿花", 12, 10.0)
    gocq = {"nickname": "b", "level": 5, "regTime": (int(now) - 86400) * 1000}  # milliseconds
    assert account_facts(gocq, now) == ("b", 5, 1.0)
    # zeros are what NapCat fills in when it could not read a field: not reported
    assert account_facts({"qqLevel": 0, "level": 0, "reg_time": 0}, now) == ("", None, None)
    assert account_facts({"qqLevel": {"crownNum": 1}, "reg_time": "x"}, now) == ("", None, None)
    assert account_facts(None, now) == ("", None, None)


async def test_platforms_without_join_requests_ignore_a_decision():
    for translator, group in ((CONSOLE, "console:1"), (QQ_OFFICIAL, "qqbot:g1")):
        decision = DecideJoin(group, "5", f"{translator.platform}:5", approve=True)
        assert await translator.perform(object(), decision) is None  # type: ignore[arg-type]
