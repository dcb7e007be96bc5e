"""OneBot v11 over the real protocol: the real `huzhu run` process, a NapCat-like WebSocket client."""

from __future__ import annotations

import asyncio

import pytest
import websockets

from tests.onebot_peer import BotProcess, OneBotPeer, message_text

YAML = """
superusers: ["qq:1"]
defaults:
  plugins:
    rules: {text: "先助人后求助"}
    content: {words: [加微信], severity: severe}
"""


@pytest.fixture
def bot(tmp_path):
    process = BotProcess(tmp_path, YAML)
    process.start()
    yield process
    process.stop()


async def test_commands_and_moderation_over_reverse_websocket(bot):
    async with OneBotPeer(bot.url, bot.token) as qq:
        await qq.group_message("/群规", group=777, user=42)
        sent = await qq.wait_for("send_group_msg")
        assert sent[0]["params"]["group_id"] == 777
        assert message_text(sent[0]) == "📜 本群群规\n先助人后求助"
        assert [c["action"] for c in qq.calls][:1] == [
            "get_group_member_info"
        ]  # its own role, first

        bad = await qq.group_message("赚钱 加 微 信 abc", group=777, user=55)
        await qq.wait_for("set_group_ban")
        deleted = await qq.wait_for("delete_msg")
        assert deleted[0]["params"]["message_id"] == bad
        ban = (await qq.wait_for("set_group_ban"))[0]["params"]
        assert (ban["group_id"], ban["user_id"], ban["duration"]) == (777, 55, 600)
        # the member is told why in a temporary session; the group gets one line
        told = (await qq.wait_for("send_private_msg"))[0]
        assert (told["params"]["user_id"], told["params"]["group_id"]) == (55, 777)
        assert "加微信" in message_text(told) and "/申诉" in message_text(told)
        notice = (await qq.wait_for("send_group_msg", count=2))[1]
        assert message_text(notice) == "user55 因违反「禁止广告和违禁词」被禁言 10分钟。"

        # a group that forbids temporary sessions: the explanation falls back to the group
        qq.failing.add("send_private_msg")
        await qq.group_message("加微信", group=777, user=56)
        fallback = (await qq.wait_for("send_group_msg", count=4))[2:]
        said = [message_text(c) for c in fallback]
        assert any("加微信" in t and "/申诉" in t for t in said), said
        assert any({"type": "at", "data": {"qq": "56"}} in c["params"]["message"] for c in fallback)


async def test_wrong_access_token_is_refused(bot):
    with pytest.raises(websockets.exceptions.InvalidStatus) as info:
        async with OneBotPeer(bot.url, "wrong-token"):
            pass
    assert info.value.response.status_code in (401, 403)


async def test_kill_9_and_restart_loses_nothing(bot):
    async with OneBotPeer(bot.url, bot.token) as qq:
        await qq.group_message("/配置 rules text 互助第一", group=900, user=1, role="owner")
        reply = await qq.wait_for("send_group_msg")
        assert "已设置「rules」的 text = 互助第一" in message_text(reply[0])
        await qq.group_message("/禁用 content", group=900, user=1, role="owner")
        assert "已在本群禁用「content」" in message_text(
            (await qq.wait_for("send_group_msg", count=2))[1]
        )
        bot.kill9()  # the replies above were sent after their commits

    bot.start()
    async with OneBotPeer(bot.url, bot.token) as qq:
        await qq.group_message("/群规", group=900, user=42)
        assert "互助第一" in message_text((await qq.wait_for("send_group_msg"))[0])
        await qq.group_message("加微信", group=900, user=43)  # content is still off here
        await qq.group_message("/群规", group=901, user=42)  # another group: untouched
        texts = [message_text(c) for c in await qq.wait_for("send_group_msg", count=2)]
        assert texts[1] == "📜 本群群规\n先助人后求助"
        await asyncio.sleep(0.3)
        assert not [c for c in qq.calls if c["action"] in ("delete_msg", "set_group_ban")]


async def test_sighup_reloads_and_dotenv_is_honoured(tmp_path):
    import os
    import signal

    process = BotProcess(tmp_path, YAML, token="from-dotenv")
    # the token comes only from nonebot's .env in the working directory
    (tmp_path / ".env").write_text("ONEBOT_ACCESS_TOKEN=from-dotenv\n", encoding="utf-8")
    env_token = os.environ.pop("ONEBOT_ACCESS_TOKEN", None)
    try:
        process.token_in_env = False
        process.start()
        async with OneBotPeer(process.url, "from-dotenv") as qq:
            (tmp_path / "plugins.yaml").write_text(
                YAML.replace("先助人后求助", "新群规"), encoding="utf-8"
            )
            process.proc.send_signal(signal.SIGHUP)
            await asyncio.sleep(1.0)
            await qq.group_message("/群规", group=950)
            assert message_text((await qq.wait_for("send_group_msg"))[0]) == "📜 本群群规\n新群规"
            await qq.group_message(
                "x" * 100_000, group=950, user=77
            )  # 100 KB: handled, bot stays up
            await qq.group_message("/群规", group=951)
            assert len(await qq.wait_for("send_group_msg", count=2)) == 2
    finally:
        process.stop()
        if env_token is not None:
            os.environ["ONEBOT_ACCESS_TOKEN"] = env_token
