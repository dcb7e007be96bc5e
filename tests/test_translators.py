"""Platform translators on parsed platform events, without a running bot."""

from __future__ import annotations

from types import SimpleNamespace

from nonebot.adapters.telegram.event import Event as TelegramEvent

from huzhu.adapters.telegram import TelegramTranslator
from tests.telegram_api import entities_for, utf16_len

BOT = SimpleNamespace(username="huzhu_bot", self_id="7000001")


def tg_event(text: str, entities: list[dict] | None = None):
    message = {
        "message_id": 1, "date": 0, "chat": {"id": -1001, "type": "supergroup"},
        "from": {"id": 5, "is_bot": False, "first_name": "A"}, "text": text,
        "entities": entities if entities is not None else entities_for(text),
    }  # fmt: skip
    return TelegramEvent.parse_event({"update_id": 1, "message": message})


def test_telegram_text_commands_links_and_mentions():
    tr = TelegramTranslator()
    # our own suffix is dropped and marks the message as addressed to us
    assert tr._text(BOT, tg_event("/queue@huzhu_bot 2")) == ("/queue 2", [], True)
    # another bot's command keeps its suffix, so the core does not take it
    assert tr._text(BOT, tg_event("/queue@other_bot"))[0] == "/queue@other_bot"
    # the address behind a text link is what gets judged
    link = {"type": "text_link", "offset": 0, "length": 4, "url": "https://evil.cn/x"}
    assert tr._text(BOT, tg_event("点这里领", [link]))[0] == "点这里领 https://evil.cn/x"
    # an unknown @username stays text; one seen before becomes a mention by id
    at = [{"type": "mention", "offset": 4, "length": 4}]
    assert tr._text(BOT, tg_event("/警告 @bob 刷屏", at)) == ("/警告 @bob 刷屏", [], False)
    tr._usernames.put("bob", 77)
    assert tr._text(BOT, tg_event("/警告 @bob 刷屏", at)) == ("/警告  刷屏", ["tg:77"], False)
    # a text mention (a member without a username) is an id; astral characters count twice
    name = "𝓑ob"
    mention = {"type": "text_mention", "offset": 4, "length": utf16_len(name),
               "user": {"id": 78, "is_bot": False, "first_name": name}}  # fmt: skip
    assert tr._text(BOT, tg_event(f"/警告 {name} 刷屏", [mention])) == (
        "/警告  刷屏",
        ["tg:78"],
        False,
    )


def test_telegram_settings_are_read_from_the_environment():
    import pytest

    from huzhu.adapters.runner import environment_settings

    env = {"TELEGRAM_BOTS": '[{"token": "1:x"}]', "TELEGRAM_PROXY": "http://127.0.0.1:7890"}
    assert environment_settings(env) == {
        "telegram_bots": [{"token": "1:x"}],
        "telegram_proxy": "http://127.0.0.1:7890",
    }
    assert environment_settings({}) == {}
    with pytest.raises(SystemExit, match="JSON list"):
        environment_settings({"TELEGRAM_BOTS": '{"token": "1:x"}'})


def test_the_onebot_token_is_read_from_the_environment_as_written():
    """ONEBOT_ACCESS_TOKEN from the environment (a systemd EnvironmentFile) reaches the adapter."""
    from huzhu.adapters.runner import environment_settings

    assert environment_settings({"ONEBOT_ACCESS_TOKEN": " 123456 "}) == {
        "onebot_access_token": "123456"
    }


async def test_telegram_photos_become_file_refs_resolved_through_getfile():
    from huzhu.core.media.fetch import resolve

    message = {
        "message_id": 2, "date": 0, "chat": {"id": -1001, "type": "supergroup"},
        "from": {"id": 5, "is_bot": False, "first_name": "A"}, "caption": "/已助 3",
        "photo": [{"file_id": "small", "file_unique_id": "s", "width": 90, "height": 90},
                  {"file_id": "big", "file_unique_id": "b", "width": 1080, "height": 2400}],
    }  # fmt: skip
    event = TelegramEvent.parse_event({"update_id": 2, "message": message})
    asked: list[str] = []

    async def get_file(file_id: str) -> SimpleNamespace:
        asked.append(file_id)
        return SimpleNamespace(file_path="photos/file_9.jpg")

    config = SimpleNamespace(api_server="https://api.telegram.org/", token="1:secret")
    bot = SimpleNamespace(
        username="huzhu_bot", self_id="7000001", get_file=get_file, bot_config=config
    )
    tr = TelegramTranslator()
    # the largest size, as a reference: the download URL holds the token, so it is made late
    assert tr._images(bot, event) == ("tg-file:7000001/big",)
    assert (
        await resolve("tg-file:7000001/big")
        == "https://api.telegram.org/file/bot1:secret/photos/file_9.jpg"
    )
    assert asked == ["big"]


def test_log_lines_of_telegram_messages_mask_long_numbers_but_keep_the_ids():
    """``--log-messages`` on Telegram: the text's phone/card numbers are masked, as on OneBot.

    The line is the one nonebot writes for a real Telegram event; the chat and sender ids
    before the text stay readable (an owner needs the group's id for plugins.yaml).
    """
    from huzhu.adapters.runner import private_line

    event = tg_event("加我 13812345678，卡号 6222021234567890123")
    line = f"telegram 7000001 | {event.get_log_string()}"
    shown = private_line(line, show=True)
    assert "13812345678" not in shown and "6222021234567890123" not in shown
    assert "138" in shown and "加我" in shown
    assert "-1001" in shown and "from 5" in shown
    hidden = private_line(line, show=False)
    assert "加我" not in hidden and "138" not in hidden


def test_log_privacy_keeps_nonebots_handler_which_the_console_adapter_looks_up():
    """The privacy filter edits records (a loguru patcher): nonebot's handler ``logger_id``
    stays, because the console adapter moves it into its window (``KeyError`` before)."""
    from nonebot.log import logger, logger_id

    from huzhu.adapters.runner import install_log_privacy

    seen: list[str] = []
    sink = logger.add(lambda m: seen.append(str(m)), format="{message}", level="INFO")
    try:
        install_log_privacy(show=False)
        assert logger_id in logger._core.handlers  # type: ignore[attr-defined]
        logger.info("OneBot V11 42 | [message.group.normal]: 'call 13812345678 now'")
        install_log_privacy(show=True)
        logger.info("OneBot V11 42 | [message.group.normal]: 'call 13812345678 now'")
    finally:
        logger.remove(sink)
        logger.configure(patcher=lambda record: None)
    hidden, shown = seen
    assert "[message.group.normal] (内容不记录)" in hidden and "call" not in hidden
    assert "call" in shown and "13812345678" not in shown
