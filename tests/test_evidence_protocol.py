"""Screenshot evidence over the real OneBot v11 path: image segments whose URL is a local server."""

from __future__ import annotations

from tests.image_server import ImageServer, Served
from tests.onebot_peer import BotProcess, OneBotPeer, message_text
from tests.screenshots import by_name, render

YAML = """
defaults:
  commands: {rate: 1000, work_rate: 1000}
"""
LINK = "https://mobile.yangkeduo.com/bargain.html?goods_id={n}"


def _with_image(text: str, url: str) -> list[dict]:
    segments = [{"type": "text", "data": {"text": text}}] if text else []
    # what NapCat sends: a file name, the CDN URL, and a few more fields
    return [*segments, {"type": "image", "data": {"file": "abc.png", "url": url, "sub_type": 0}}]


async def test_screenshots_confirm_refuse_and_catch_reuse_over_onebot(tmp_path):
    bot = BotProcess(tmp_path, YAML, env={"HUZHU_OCR_WORKERS": "1"})
    bot.start()
    try:
        async with ImageServer() as srv, OneBotPeer(bot.url, bot.token) as qq:
            ok = srv.add("/ok.png", Served(render(by_name("pdd-boost-ok"), width=400)))
            bad = srv.add("/bad.png", Served(render(by_name("pdd-used-up"), width=400)))
            again = srv.add("/again.jpg", Served(render(by_name("pdd-boost-ok"), "jpeg", width=400), "image/jpeg"))  # fmt: skip
            for n in (1, 2, 3):
                await qq.group_message(f"/求助 {LINK.format(n=n)}", user=10)
            sent = 3
            await qq.wait_for("send_group_msg", count=sent)

            # success: confirmed at once
            await qq.group_message("", user=20, segments=_with_image("/已助 1", ok))
            sent += 1
            said = message_text((await qq.wait_for("send_group_msg", count=sent, within=90))[-1])
            assert (
                "对 #1 的助力截图显示「助力成功、你已成功为好友助力」" in said
                and "已自动确认" in said
            ), said
            assert srv.hits == ["/ok.png"]  # downloaded by the bot, once

            # failure: refused with the reason
            await qq.group_message("", user=21, segments=_with_image("/已助 2", bad))
            sent += 1
            said = message_text((await qq.wait_for("send_group_msg", count=sent, within=60))[-1])
            assert "今天的助力次数已经用完了" in said and "#2 的已助不算" in said, said

            # the same screenshot again, recompressed, from someone else: 虚假助力
            await qq.group_message("", user=22, segments=_with_image("/已助 3", again))
            # the admins are shown both claims; the member is told why (privately, as the ladder does)
            calls = await qq.wait_for("send_group_msg", count=sent + 1, within=60)
            assert "user22 对 #3 的已助用了重复的截图，和 user20 对 #1" in message_text(calls[sent])
            told = (await qq.wait_for("send_private_msg"))[0]
            assert told["params"]["user_id"] == 22
            assert "这张截图之前已在 #1 的已助里用过" in message_text(told), message_text(told)
    finally:
        bot.stop()
    assert "Traceback" not in bot.log(), bot.log()[-3000:]
