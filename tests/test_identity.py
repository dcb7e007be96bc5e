"""身份绑定: codes made privately, short-lived and single use; bound accounts are one person."""

from __future__ import annotations

import re

from huzhu.core import Member, PrivateMessage
from huzhu.testing import FakeGroup, make_config, text

YAML = make_config(defaults={"commands": {"rate": 1000, "work_rate": 1000}})


async def _private(engine, who: str, line: str) -> str:
    actions = await engine.handle_private(Member(who), line)
    assert actions and all(isinstance(a, PrivateMessage) and a.user_id == who for a in actions)
    return "\n".join(a.text for a in actions)


def _code(reply: str) -> str:
    return re.search(r"绑定码：([A-Z0-9]{8})", reply).group(1)


async def test_codes_expire_and_work_once(engine_factory, clock):
    engine = await engine_factory(YAML)
    qq = FakeGroup(engine, "qq:1")
    await qq.say("hi", by="qq:5")
    # in a group, no code is ever shown: the member is sent to a private chat
    in_group = text(await qq.say("/绑定", by="qq:5", name="阿明"))
    assert "私聊机器人发送 /绑定" in in_group and not re.search(r"[A-Z0-9]{8}", in_group)
    code = _code(await _private(engine, "qq:5", "/绑定"))
    clock.advance(601)
    assert "已过期（10分钟内有效）" in await _private(engine, "tg:7", f"/link {code}")
    code = _code(await _private(engine, "qq:5", "/绑定"))
    assert "同一个平台" in await _private(engine, "qq:6", f"/绑定 {code}")
    assert "绑定成功" in await _private(engine, "tg:7", f"/link {code.lower()}")
    assert "已经用过" in await _private(engine, "tg:8", f"/link {code}")  # single use
    # a new code replaces the older one
    old = _code(await _private(engine, "qq:9", "/绑定"))
    new = _code(await _private(engine, "qq:9", "/绑定"))
    assert "已经用过" in await _private(engine, "tg:10", f"/link {old}")
    assert "绑定成功" in await _private(engine, "tg:10", f"/link {new}")
    # /解绑 undoes it; a second time says there is nothing bound
    assert "已解除绑定" in await _private(engine, "tg:10", "/unlink")
    assert "没有绑定" in await _private(engine, "tg:10", "/unlink")


async def test_me_sums_a_bound_person_without_showing_the_other_platform(engine_factory):
    engine = await engine_factory(YAML)
    qq, tg = FakeGroup(engine, "qq:1"), FakeGroup(engine, "tg:-100")
    for g, helper, asker in ((qq, "qq:5", "qq:50"), (tg, "tg:7", "tg:70")):
        posted = text(await g.say(f"/求助 https://p.pinduoduo.com/Ident000{helper[-1]}", by=asker))
        seq = re.search(r"#(\d+)", posted).group(1)
        await g.say(f"/已助 {seq}", by=helper)
        await g.say(f"/确认 {seq}", by=asker)
    code = _code(await _private(engine, "qq:5", "/绑定"))
    assert "绑定成功" in await _private(engine, "tg:7", f"/link {code}")
    me = text(await tg.say("/我的", by="tg:7"))
    assert "跨平台合计（已绑定 2 个账号，2 个群）：助力值 2，助人 2 次" in me
    assert "qq:" not in me and "qq:" not in text(tg.log)


async def test_binding_over_onebot_and_telegram(tmp_path):
    """The one protocol test: a code asked for in a QQ temporary session, used in a Telegram private chat."""
    import json

    from tests.bot_process import BotProcess
    from tests.onebot_peer import OneBotPeer, message_text
    from tests.telegram_api import TOKEN, TelegramAPI
    from tests.test_telegram_protocol import plain

    with TelegramAPI() as tg:
        env = {"TELEGRAM_BOTS": json.dumps([{"token": TOKEN, "api_server": tg.url}])}
        bot = BotProcess(tmp_path, "defaults: {}\n", adapters=("onebot.v11", "telegram"), env=env)
        bot.start()
        try:
            async with OneBotPeer(bot.url, bot.token) as qq:
                await qq.group_message("/绑定", group=777, user=42)
                said = message_text((await qq.wait_for("send_group_msg"))[0])
                assert "私聊机器人发送 /绑定" in said and not re.search(r"[A-Z2-9]{8}", said)
                await qq.private_message("/绑定", user=42, group=777)
                told = (await qq.wait_for("send_private_msg"))[0]
                assert (told["params"]["user_id"], told["params"]["group_id"]) == (42, 777)
                code = _code(message_text(told))
                tg.message(f"/link {code}", chat=99, user=99, chat_type="private")
                answer = (await tg.wait_for("sendMessage"))[0]
                assert answer["chat_id"] == 99 and "绑定成功" in plain(answer["text"])
                assert "42" not in plain(answer["text"])
        finally:
            bot.kill9()
        assert "Traceback" not in bot.log(), bot.log()[-3000:]
