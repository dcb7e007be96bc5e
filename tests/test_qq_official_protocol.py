"""The official QQ bot over its real protocol: `huzhu run --adapter qq` against local stand-ins
for the platform's HTTP API (token, gateway, messages) and its WebSocket gateway."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from tests.bot_process import BotProcess
from tests.qq_api import APP_ID, SECRET, QQPlatform
from tests.scenario import PDD, SCAM, YAML


def qq_env(qq: QQPlatform) -> dict[str, str]:
    """What a deployment puts in .env, pointed at the stand-ins."""
    bots = [{"id": APP_ID, "secret": SECRET, "intent": {"c2c_group_at_messages": True}}]
    return {
        "QQ_BOTS": json.dumps(bots),
        "QQ_API_BASE": qq.api_base,
        "QQ_AUTH_BASE": qq.api_base + "app/getAppAccessToken",
    }


async def test_posting_and_replying_through_the_official_api(tmp_path: Path):
    async with QQPlatform() as qq:
        bot = BotProcess(tmp_path, YAML, adapters=("qq",), env=qq_env(qq))
        bot.start()
        try:
            await qq.wait_ready()
            assert qq.identified is not None
            assert qq.identified["intents"] & (1 << 25)  # group @-messages
            assert qq.identified["token"] == "QQBot stand-in-access-token"

            # a command is answered passively: quoting the member's message id
            asked = await qq.group_at_message("/群规", member="M_ASK")
            rules = (await qq.wait_posted("GROUP_A"))[0]
            assert rules["msg_id"] == asked and rules["msg_seq"] == 1 and rules["msg_type"] == 0
            assert rules["content"].startswith("📜 本群群规")

            # a request, posted and announced; the announcement replies to the request
            post = await qq.group_at_message(f"/求助 {PDD} 需要1人", member="M_ASK")
            announced = (await qq.wait_posted("GROUP_A", 2))[1]
            assert announced["msg_id"] == post and "📣 求助 #1" in announced["content"]
            claim = await qq.group_at_message("/已助 1", member="M_HELP")
            assert (await qq.wait_posted("GROUP_A", 3))[2]["msg_id"] == claim
            await qq.group_at_message("/确认 1", member="M_ASK")
            assert "#1 已完成" in (await qq.wait_posted("GROUP_A", 4))[3]["content"]

            # a scam link: the platform lets a bot neither recall nor mute, so nothing of
            # the sort is attempted; the admins are told instead, and every reply to the
            # same message carries its own msg_seq
            scam = await qq.group_at_message(SCAM, member="M_SCAM")
            await asyncio.sleep(1.0)
            replies = [p for p in qq.posted("GROUP_A") if p.get("msg_id") == scam]
            assert replies and any("管理员" in p["content"] for p in replies), qq.posted("GROUP_A")
            assert sorted(p["msg_seq"] for p in replies) == list(range(1, len(replies) + 1))
            assert not [c for c in qq.calls if c[0] == "DELETE"]

            # each group keeps its own state: another group's first request is #1 too
            other = await qq.group_at_message(f"/求助 {PDD}", group="GROUP_B", member="M_ASK")
            first = (await qq.wait_posted("GROUP_B"))[0]
            assert first["msg_id"] == other and "📣 求助 #1" in first["content"]
        finally:
            # nonebot-adapter-qq waits 10 s for its gateway task on a polite stop; the
            # database is consistent either way (every write commits before its reply)
            bot.kill9()
        assert "Traceback" not in bot.log(), bot.log()[-3000:]
