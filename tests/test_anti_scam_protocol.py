"""anti_scam pictures over the real OneBot v11 path: QR codes in image segments from a local server."""

from __future__ import annotations

import asyncio

from tests.image_server import ImageServer, Served
from tests.onebot_peer import BotProcess, OneBotPeer, message_text
from tests.test_anti_scam_pictures import LOOKALIKE, OFFICIAL, WECHAT_FRIEND, qr_png

YAML = """
defaults:
  commands: {rate: 1000}
  plugins:
    flood: false
    anti_scam: {strict_new_members: 0, pictures_per_minute: 0}
"""


def _image(url: str) -> list[dict]:
    # what NapCat sends: a file name and the CDN URL
    return [{"type": "image", "data": {"file": "qr.png", "url": url, "sub_type": 0}}]


async def test_qr_codes_in_pictures_over_onebot(tmp_path):
    bot = BotProcess(tmp_path, YAML)
    bot.start()
    try:
        async with ImageServer() as srv, OneBotPeer(bot.url, bot.token) as qq:
            official = srv.add("/official.png", Served(qr_png(OFFICIAL)))
            fake = srv.add("/fake.png", Served(qr_png(LOOKALIKE)))
            friend = srv.add("/friend.png", Served(qr_png(WECHAT_FRIEND)))

            await qq.group_message("", user=20, segments=_image(official))
            bad = await qq.group_message("", user=21, segments=_image(fake))
            deleted = await qq.wait_for("delete_msg", within=30)
            assert [c["params"]["message_id"] for c in deleted] == [bad]
            told = (await qq.wait_for("send_private_msg", within=15))[0]
            assert told["params"]["user_id"] == 21
            assert "冒充拼多多官方网址" in message_text(told), message_text(told)

            add_me = await qq.group_message("", user=22, segments=_image(friend))
            deleted = await qq.wait_for("delete_msg", count=2, within=30)
            assert [c["params"]["message_id"] for c in deleted] == [bad, add_me]
            await asyncio.sleep(0.5)
            # the official share link's picture stayed; each picture was downloaded once
            assert sorted(srv.hits) == ["/fake.png", "/friend.png", "/official.png"]
    finally:
        bot.stop()
    assert "Traceback" not in bot.log(), bot.log()[-3000:]
