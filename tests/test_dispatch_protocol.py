"""派单 over the platforms: OneBot v11 temporary sessions (the real process against the
stand-in), and Telegram's 403 for members who never started the bot (the translator)."""

from __future__ import annotations

from typing import Any

from nonebot.adapters.telegram.exception import ActionFailed

from huzhu.adapters.telegram import TRANSLATOR as TELEGRAM
from huzhu.core import PrivateNotes
from tests.onebot_peer import BotProcess, OneBotPeer, message_text

YAML = """
defaults:
  commands: {rate: 1000}
  plugins:
    queue: {dispatch: {enabled: true, helpers_per_request: 1}}
"""
LINK = "https://p.pinduoduo.com/Dispatch{}"


async def test_assignments_over_onebot_temporary_sessions(tmp_path):
    bot = BotProcess(tmp_path, YAML)
    bot.start()
    try:
        async with OneBotPeer(bot.url, bot.token) as qq:
            await qq.group_message("大家好", group=777, user=202)
            await qq.group_message(f"/求助 {LINK.format(1)}", group=777, user=201)
            note = (await qq.wait_for("send_private_msg"))[0]
            # a temporary session through the group: no friendship needed
            assert (note["params"]["user_id"], note["params"]["group_id"]) == (202, 777)
            assert "派单给你" in message_text(note) and LINK.format(1) in message_text(note)
            # the assignee answers the note privately: recorded, both told privately
            await qq.private_message("/已助 1", user=202, group=777)
            told = await qq.wait_for("send_private_msg", count=3)
            assert {c["params"]["user_id"] for c in told[1:]} == {201, 202}
            assert all("#1" in message_text(c) for c in told[1:])
            groups = [message_text(c) for c in await qq.wait_for("send_group_msg")]
            assert not [t for t in groups if "派单" in t]  # nothing of it in the group
            # a help command sent in the group is answered by temporary session, not the group
            await qq.group_message("/我的", group=777, user=201)
            mine = (await qq.wait_for("send_private_msg", count=4))[-1]
            assert (mine["params"]["user_id"], mine["params"]["group_id"]) == (201, 777)
            assert "私聊我发" in message_text(mine)
            assert len(await qq.wait_for("send_group_msg")) == len(groups)
            # members whose settings refuse temporary sessions: one group line for the round
            qq.failing.add("send_private_msg")
            await qq.group_message("我也在", group=777, user=203)
            await qq.group_message(f"/求助 {LINK.format(2)}", group=777, user=204)
            sent = await qq.wait_for("send_group_msg", count=len(groups) + 2)
            line = [c for c in sent if "📌 派单：#2 → " in message_text(c)]
            assert len(line) == 1 and "/已助" in message_text(line[0])
    finally:
        bot.stop()


class TelegramBot:
    """Just enough of nonebot's Telegram bot: members 1 and 3 never started a chat (403)."""

    self_id = "999"

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send_message(self, **params: Any) -> dict[str, Any]:
        if params["chat_id"] in (1, 3):
            raise ActionFailed("Forbidden: bot can't initiate conversation with a user")
        self.sent.append(params)
        return {}


async def test_telegram_403_puts_everyone_out_of_reach_in_one_group_line():
    bot = TelegramBot()
    for user, name in ((1, "甲"), (3, "丙")):
        TELEGRAM._names.put(user, name)
    notes = PrivateNotes("tg:-100777", (("tg:1", "📌 私聊 1", "#3 → 甲"), ("tg:2", "📌 私聊 2", "#4 → 乙"),
                                        ("tg:3", "📌 私聊 3", "#5 → 丙")), "📌 派单：{items}\n请助力")  # fmt: skip
    await TELEGRAM.execute(bot, [notes])  # type: ignore[arg-type]
    private = [m for m in bot.sent if m["chat_id"] == 2]
    group = [m for m in bot.sent if m["chat_id"] == -100777]
    assert len(private) == 1 and private[0]["text"] == "📌 私聊 2"
    assert len(group) == 1
    body = group[0]["text"]
    assert 'href="tg://user?id=1"' in body and 'href="tg://user?id=3"' in body
    assert "#3 → 甲；#5 → 丙" in body and "#4" not in body
