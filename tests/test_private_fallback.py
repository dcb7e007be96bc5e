"""A private message the platform will not deliver is said in the group, mentioning the
member — except a secret one (a binding code), which is dropped rather than shown."""

from __future__ import annotations

from typing import Any

from nonebot.adapters.onebot.v11 import ActionFailed

from huzhu.adapters.onebot_v11 import OneBotV11Translator
from huzhu.adapters.qq_official import QQOfficialTranslator
from huzhu.core import PrivateMessage


class Recorder:
    """A bot whose API calls are recorded; ``refuse`` names the calls that fail."""

    self_id = "10000"

    def __init__(self, refuse: tuple[str, ...] = ()) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.refuse = refuse

    def __getattr__(self, name: str) -> Any:
        async def call(**data: Any) -> Any:
            self.calls.append((name, data))
            if name in self.refuse:
                raise ActionFailed(retcode=100, status="failed", msg="temporary session forbidden")
            return {"message_id": 1}

        return call


async def test_the_official_qq_bot_says_a_private_message_in_the_group():
    bot = Recorder()
    await QQOfficialTranslator().execute(
        bot, [PrivateMessage("qqbot:G1", "qqbot:M1", "今天已助力3次，休息一下")]
    )  # type: ignore[arg-type]
    [(api, data)] = bot.calls
    assert api == "send_to_group" and data["group_openid"] == "G1"
    assert "今天已助力3次" in str(data["message"]) and "M1" in repr(data["message"])


async def test_a_refused_temporary_session_falls_back_to_the_group_with_a_mention():
    bot = Recorder(refuse=("send_private_msg",))
    await OneBotV11Translator().execute(
        bot, [PrivateMessage("qq:200", "qq:5", "你的求助 #3 已完成")]
    )  # type: ignore[arg-type]
    assert [api for api, _ in bot.calls] == ["send_private_msg", "send_group_msg"]
    said = bot.calls[1][1]
    assert said["group_id"] == 200 and "[CQ:at,qq=5]" in str(said["message"])
    assert "你的求助 #3 已完成" in str(said["message"])


async def test_a_secret_private_message_is_never_said_in_the_group():
    bot = Recorder(refuse=("send_private_msg",))
    code = PrivateMessage("qq:200", "qq:5", "绑定码 K7Q2XW，10分钟内有效", secret=True)
    await OneBotV11Translator().execute(bot, [code])  # type: ignore[arg-type]
    assert [api for api, _ in bot.calls] == ["send_private_msg"]
    qq = Recorder()
    await QQOfficialTranslator().execute(
        qq, [code.__class__("qqbot:G1", "qqbot:M1", code.text, secret=True)]
    )  # type: ignore[arg-type]
    assert qq.calls == []
