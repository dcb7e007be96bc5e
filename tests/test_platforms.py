"""Several platforms and accounts in one `huzhu run` process, each group's state apart."""

from __future__ import annotations

import json
from pathlib import Path

from tests.bot_process import BotProcess
from tests.onebot_peer import OneBotPeer, message_text
from tests.qq_api import QQPlatform
from tests.scenario import PDD
from tests.telegram_api import TOKEN, TelegramAPI
from tests.test_qq_official_protocol import qq_env
from tests.test_telegram_protocol import plain

YAML = """
superusers: ["qq:1", "tg:1"]
defaults:
  requests: {auto_confirm: never}
"""


async def test_one_process_serves_qq_telegram_and_the_official_qq_bot(tmp_path: Path):
    async with QQPlatform() as official:
        with TelegramAPI() as tg:
            env = {
                **qq_env(official),
                "TELEGRAM_BOTS": json.dumps([{"token": TOKEN, "api_server": tg.url}]),
            }
            bot = BotProcess(tmp_path, YAML, adapters=("onebot.v11", "telegram", "qq"), env=env)
            bot.start()
            try:
                await official.wait_ready()
                async with OneBotPeer(bot.url, bot.token) as qq:
                    # the same numbers on three platforms are three different groups
                    await qq.group_message(f"/求助 {PDD}", group=777, user=42)
                    tg.message(f"/求助 {PDD}", chat=777, user=42)
                    await official.group_at_message(f"/求助 {PDD}", group="777", member="42")
                    assert "📣 求助 #1" in message_text((await qq.wait_for("send_group_msg"))[0])
                    assert "📣 求助 #1" in plain((await tg.wait_for("sendMessage"))[0]["text"])
                    assert "📣 求助 #1" in (await official.wait_posted("777"))[0]["content"]

                    # an owner's setting on QQ stays on QQ
                    await qq.group_message(
                        "/配置 rules text 只在QQ", group=777, user=1, role="owner"
                    )
                    await qq.wait_for("send_group_msg", count=2)
                    tg.message("/rules", chat=777, user=42)
                    await qq.group_message("/群规", group=777, user=42)
                    said_tg = plain((await tg.wait_for("sendMessage", count=2))[1]["text"])
                    said_qq = message_text((await qq.wait_for("send_group_msg", count=3))[2])
                    assert "只在QQ" in said_qq and "只在QQ" not in said_tg
                    # cancelling Telegram's #1 leaves QQ's #1 open
                    tg.message("/cancel 1", chat=777, user=42)
                    assert "#1" in plain((await tg.wait_for("sendMessage", count=3))[2]["text"])
                    await qq.group_message("/队列", group=777, user=42)
                    queue = message_text((await qq.wait_for("send_group_msg", count=4))[3])
                    assert "#1" in queue, queue
            finally:
                bot.kill9()
            assert "Traceback" not in bot.log(), bot.log()[-3000:]


async def test_a_bare_superuser_id_is_not_a_superuser_on_every_platform(tmp_path: Path):
    """SUPERUSERS=["1"] with QQ and Telegram: which platform's 1? Neither; the log says why.

    nonebot's own "onebot:1" / "telegram:1" and huzhu's "qq:1" / "tg:1" name the platform.
    """
    with TelegramAPI() as tg:
        env = {
            "TELEGRAM_BOTS": json.dumps([{"token": TOKEN, "api_server": tg.url}]),
            "SUPERUSERS": '["1", "telegram:7"]',
        }
        bot = BotProcess(tmp_path, "defaults: {}\n", adapters=("onebot.v11", "telegram"), env=env)
        bot.start()
        try:
            async with OneBotPeer(bot.url, bot.token) as qq:
                tg.message("/disable content", chat=-100777, user=1)
                refused = plain((await tg.wait_for("sendMessage"))[0]["text"])
                assert "权限" in refused or "管理员" in refused, refused
                await qq.group_message("/禁用 content", group=777, user=1)
                said = message_text((await qq.wait_for("send_group_msg"))[0])
                assert "已在本群禁用" not in said, said
                tg.message("/disable content", chat=-100777, user=7)
                assert "已在本群禁用" in plain(
                    (await tg.wait_for("sendMessage", count=2))[1]["text"]
                )
        finally:
            bot.stop()
        assert "SUPERUSERS 中的 1 没有写平台" in bot.log()
        assert "qq:1 或 tg:1" in bot.log()


def test_bare_superuser_ids_belong_to_the_only_platform_running():
    from huzhu.adapters.bridge import namespace_superusers

    assert namespace_superusers(["1", "tg:2", "onebot:3"], ["qq"]) == ({"qq:1", "tg:2", "qq:3"}, [])
    assert namespace_superusers(["1", "qq:2"], ["qq", "tg"]) == ({"qq:2"}, ["1"])
