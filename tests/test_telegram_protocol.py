"""Telegram over the real Bot API protocol: `huzhu run --adapter telegram` against a local stand-in."""

from __future__ import annotations

import asyncio
import html
import json
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from tests.bot_process import BotProcess
from tests.scenario import PDD, YAML, help_group_life
from tests.telegram_api import BOT_ID, TOKEN, TelegramAPI, utf16_len

CHAT = -100777
#: a group whose plugins.yaml block sends explanations privately
PRIVATE = -100999
YAML_PRIVATE = (
    YAML
    + f"""
groups:
  "tg:{PRIVATE}":
    enforcement: {{explain: private}}
"""
)


def plain(body: str) -> str:
    """What a member reads: the HTML the bot sent, without tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", body))


class TelegramPeer:
    """The scenario's view of the stand-in, counting from when it was created."""

    def __init__(self, api: TelegramAPI, chat: int = CHAT) -> None:
        self.api, self.chat = api, chat
        self.mark = len(api.calls)

    async def say(self, text: str, *, user: int, role: str = "member") -> str:
        if role != "member":
            self.api.roles[(self.chat, user)] = {"owner": "creator", "admin": "administrator"}[role]
        return str(await asyncio.to_thread(self.api.message, text, chat=self.chat, user=user))

    async def _calls(self, method: str, count: int) -> list[dict]:
        return await self.api.wait_for(method, count=count, since=self.mark)

    async def sent(self, count: int) -> list[str]:
        while True:
            calls = await self._calls("sendMessage", count)
            mine = [plain(c["text"]) for c in calls if c["chat_id"] == self.chat]
            if len(mine) >= count:
                return mine
            count += 1

    async def deleted(self, count: int = 1) -> list[str]:
        return [str(c["message_id"]) for c in await self._calls("deleteMessage", count)]

    async def muted(self, count: int = 1) -> list[tuple[int, int]]:
        calls = await self._calls("restrictChatMember", count)
        now = time.time()
        return [(c["user_id"], round((c["until_date"] - now) / 60) * 60) for c in calls]


def telegram_bot(
    tmp_path: Path, api: TelegramAPI, *, webhook: bool = False, yaml_text: str = YAML
) -> BotProcess:
    config = {"token": TOKEN, "api_server": api.url, "is_webhook": webhook}
    env = {"TELEGRAM_BOTS": json.dumps([config])}
    process = BotProcess(tmp_path, yaml_text, adapters=("telegram",), env=env)
    if webhook:
        process.env["TELEGRAM_WEBHOOK_URL"] = f"http://127.0.0.1:{process.port}"
    return process


@pytest.fixture
def api():
    with TelegramAPI() as stand_in:
        yield stand_in


async def _ready(api: TelegramAPI, *, webhooks: int = 0, within: float = 30.0) -> None:
    """Until the bot has said hello (getMe), and in webhook mode set its webhook ``webhooks`` times."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if api.called("getMe") and len(api.called("setWebhook")) >= webhooks:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the bot never got ready: {[n for n, _ in api.calls]}")


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_a_help_group_over_the_bot_api(tmp_path, api, mode):
    webhook = mode == "webhook"
    bot = telegram_bot(tmp_path, api, webhook=webhook)
    starts = 0

    @asynccontextmanager
    async def connect() -> AsyncIterator[TelegramPeer]:
        nonlocal starts
        starts += 1
        await _ready(api, webhooks=starts if webhook else 0)
        if webhook:
            assert api.webhook is not None and api.webhook[0].endswith("/telegram")
        yield TelegramPeer(api)

    bot.start()
    try:
        await help_group_life(bot, connect)
    finally:
        bot.stop()
    assert "Traceback" not in bot.log(), bot.log()[-3000:]


async def test_telegram_commands_mentions_escaping_and_rights(tmp_path, api):
    bot = telegram_bot(tmp_path, api, yaml_text=YAML_PRIVATE)
    bot.start()
    try:
        await _ready(api)
        peer = TelegramPeer(api)
        api.roles[(CHAT, 1)] = "creator"

        # ASCII aliases, addressed to this bot or to nobody; another bot's command is not ours
        api.message("/rules@other_bot", user=42)
        api.message("/rules@huzhu_bot", user=42)
        first = (await peer.sent(1))[0]
        assert first.startswith("📜"), first

        # member text is escaped: the note's tags arrive as text, not as formatting
        api.message(f"/post {PDD} <b>急</b> & 谢谢", user=44)
        body = (await api.wait_for("sendMessage", count=2, since=peer.mark))[1]
        assert "&lt;b&gt;急&lt;/b&gt; &amp; 谢谢" in body["text"] and "<b>急" not in body["text"]
        assert body["parse_mode"] == "HTML"

        # a mention by id (text_mention) gives the member; the text after it is kept
        name = "Bob Smith"
        text = f"/mute {name} 10m 刷屏"
        mention = {"type": "text_mention", "offset": 6, "length": utf16_len(name),
                   "user": {"id": 99, "is_bot": False, "first_name": "Bob"}}  # fmt: skip
        api.message(
            text, user=1, entities=[{"type": "bot_command", "offset": 0, "length": 5}, mention]
        )
        restrict = (await api.wait_for("restrictChatMember", since=peer.mark))[0]
        assert restrict["user_id"] == 99 and restrict["permissions"] == {"can_send_messages": False}
        assert 540 < restrict["until_date"] - time.time() <= 600
        said = await peer.sent(3)
        # the name getChatMember gave
        assert said[2].startswith("已禁言 User99 10分钟（理由：刷屏）。"), said

        # replies quote the command; mentions link by id with the name escaped
        reply = (await api.wait_for("sendMessage", count=3, since=peer.mark))[2]
        assert "reply_parameters" in reply

        # unmute lifts the restriction; a kick is a ban then an unban (they may come back)
        api.message("/pardon 99", user=1)
        lifted = (await api.wait_for("restrictChatMember", count=2, since=peer.mark))[1]
        assert lifted["permissions"]["can_send_messages"] is True and "until_date" not in lifted
        api.message("/kick 99", user=1)
        banned = (await api.wait_for("banChatMember", since=peer.mark))[0]
        unbanned = (await api.wait_for("unbanChatMember", since=peer.mark))[0]
        assert banned["user_id"] == unbanned["user_id"] == 99 and unbanned["only_if_banned"] is True

        # roles come from getChatMember: a plain member cannot use admin commands
        api.message("/mute 98 10m", user=45)
        assert "需要管理员权限" in (await peer.sent(6))[-1]
        asked = {(c["chat_id"], c["user_id"]) for c in api.called("getChatMember")}
        assert {(CHAT, BOT_ID), (CHAT, 1), (CHAT, 45)} <= asked

        # a member joins: welcomed by name, mentioned by id
        mark = len(api.calls)
        api.joined(88)
        welcome = (await api.wait_for("sendMessage", since=mark))[0]
        assert welcome["text"].startswith('<a href="tg://user?id=88">User88</a> 欢迎 User88 入群')

        # a warning mentions a member who never spoke by id, linked, with the name
        # getChatMember gives
        mark = len(api.calls)
        api.message("/warn 97 不要发广告", user=1)
        warned = (await api.wait_for("sendMessage", since=mark))[0]
        assert warned["text"].startswith('<a href="tg://user?id=97">User97</a> 管理员警告了你'), (
            warned
        )
        assert "不要发广告" in plain(warned["text"])

        # where explanations go privately: Telegram refuses (the member never started the
        # bot), so the explanation is said in the group, mentioning them
        mark = len(api.calls)
        scam = api.message(
            "官方助力通道 https://yangkeduo.com.evil-help.cn/login", chat=PRIVATE, user=57
        )
        assert (await api.wait_for("deleteMessage", since=mark))[0]["message_id"] == scam
        sent = await api.wait_for("sendMessage", count=3, since=mark)
        assert sent[0]["chat_id"] == 57, sent  # tried privately first
        said = [c for c in sent if c["chat_id"] == PRIVATE and "tg://user?id=57" in c["text"]]
        assert said and "/申诉" in plain(said[0]["text"]), sent

        # the bot without admin rights: nothing is deleted, the admins are told
        api.bot_status = "member"
        other = -100888
        deletes = len(api.called("deleteMessage"))
        mark = len(api.calls)
        api.message("官方助力通道 https://yangkeduo.com.evil-help.cn/login", chat=other, user=56)
        await api.wait_for("sendMessage", since=mark)
        await asyncio.sleep(0.5)
        told = [plain(c["text"]) for c in api.called("sendMessage") if c["chat_id"] == other]
        assert any("管理员" in t for t in told), told
        assert len(api.called("deleteMessage")) == deletes
        assert not [c for c in api.calls[mark:] if c[0] == "restrictChatMember"]
    finally:
        bot.stop()
    assert "Traceback" not in bot.log(), bot.log()[-3000:]


async def test_an_admin_cannot_warn_a_creator_who_never_spoke(tmp_path, api):
    """The rank check asks getChatMember about a member the bot has not seen."""
    bot = telegram_bot(tmp_path, api)
    bot.start()
    try:
        await _ready(api)
        peer = TelegramPeer(api)
        api.roles[(CHAT, 5)] = "creator"
        api.roles[(CHAT, 2)] = "administrator"
        api.message("/warn 5 捣乱", user=2)
        assert "是群主，不能处置" in (await peer.sent(1))[0]
        assert (CHAT, 5) in {(c["chat_id"], c["user_id"]) for c in api.called("getChatMember")}
        api.message("/warn 6 刷屏", user=2)  # an ordinary member who never spoke
        assert "第 1 次违规" in (await peer.sent(2))[1]
    finally:
        bot.stop()


async def test_a_scheduled_post_survives_kill_9_in_a_quiet_chat(tmp_path, api):
    """Telegram cannot list a bot's chats: the account that served the chat is stored."""
    yaml_text = (
        'superusers: ["tg:1"]\ntick_seconds: 1\ndefaults:\n'
        '  posting: {quiet_hours: "off", max_per_hour: 0}\n  plugins:\n    reminder: {}\n'
    )
    bot = telegram_bot(tmp_path, api, yaml_text=yaml_text)
    bot.start()
    try:
        await _ready(api)
        peer = TelegramPeer(api)
        api.message("/schedule 1m 今晚八点开团", user=1)
        assert "已设定定时消息 #1" in (await peer.sent(1))[0]
        await asyncio.sleep(1.5)  # the next poll confirms the update
        bot.kill9()
        bot.start()  # nobody writes in the chat after the restart
        mark = len(api.calls)
        post = (await api.wait_for("sendMessage", since=mark, within=90))[0]
        assert post["chat_id"] == CHAT and "今晚八点开团" in plain(post["text"])
        await asyncio.sleep(3)
        assert len([c for n, c in api.calls[mark:] if n == "sendMessage"]) == 1
    finally:
        bot.stop()
