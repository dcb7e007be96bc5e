"""The local chat (console adapter): the owner can speak as a member to see what members see."""

from __future__ import annotations

import itertools
from datetime import datetime

import nonebot
from nonebot.adapters.console import Adapter as ConsoleAdapter
from nonebot.adapters.console import Bot as ConsoleBot
from nonebot.adapters.console import Message as ConsoleMessage
from nonebot.adapters.console import MessageEvent as ConsoleEvent
from nonebug import App
from nonechat.model import Channel, Robot, User

from huzhu.core.events import Role

_ids = itertools.count(1)
CHANNEL = Channel("persona", "试用")


def _bridge():
    from huzhu.adapters import bridge

    return bridge


def _event(text: str) -> ConsoleEvent:
    return ConsoleEvent(
        time=datetime.now(), self_id="robot", post_type="message", user=User("user", nickname="me"),
        channel=CHANNEL, message_id=f"p{next(_ids)}", message=ConsoleMessage(text), to_me=True,
    ).convert()  # fmt: skip


class _Says:
    """Matches a console message containing every one of ``parts``."""

    def __init__(self, *parts: str, absent: tuple[str, ...] = ()) -> None:
        self.parts, self.absent = parts, absent

    def __eq__(self, other: object) -> bool:
        rendered = str(other)
        return all(p in rendered for p in self.parts) and not any(
            a in rendered for a in self.absent
        )

    def __repr__(self) -> str:
        return f"_Says{self.parts}"


def _bot(ctx):
    return ctx.create_bot(
        base=ConsoleBot, adapter=nonebot.get_adapter(ConsoleAdapter), self_id=Robot("robot")
    )  # type: ignore[arg-type]


async def test_the_owner_speaks_as_a_member_and_back(app: App):
    bridge = _bridge()
    from huzhu.adapters.console import TRANSLATOR

    try:
        async with app.test_matcher(bridge._events) as ctx:
            bot = _bot(ctx)
            ctx.receive_event(bot, _event("/扮演 成员B"))
            ctx.should_call_api("get_channel", {"channel_id": CHANNEL.id}, CHANNEL)
            ctx.should_call_api(
                "send_msg",
                {
                    "content": _Says("以「成员B」（普通成员）的身份发言", "/扮演 群主"),
                    "channel": CHANNEL,
                },
                "r1",
            )
            # as a member, an admin command is refused, as it would be for a real member
            ctx.receive_event(bot, _event("/禁用 rules"))
            ctx.should_call_api("get_channel", {"channel_id": CHANNEL.id}, CHANNEL)
            ctx.should_call_api(
                "send_msg", {"content": _Says("需要管理员权限"), "channel": CHANNEL}, "r2"
            )
        assert TRANSLATOR.speaker("user", "me").role is Role.MEMBER
        assert TRANSLATOR.speaker("user", "me").id == "console:成员B"
        async with app.test_matcher(bridge._events) as ctx:
            bot = _bot(ctx)
            ctx.receive_event(bot, _event("/as owner"))
            ctx.should_call_api("get_channel", {"channel_id": CHANNEL.id}, CHANNEL)
            ctx.should_call_api(
                "send_msg", {"content": _Says("以群主（me）的身份发言"), "channel": CHANNEL}, "r3"
            )
        assert TRANSLATOR.speaker("user", "me") == TRANSLATOR.speaker("user", "me")
        assert TRANSLATOR.speaker("user", "me").role is Role.OWNER
    finally:
        TRANSLATOR.personas.clear()


async def test_a_persona_sets_who_speaks_and_with_which_role():
    from huzhu.adapters.console import TRANSLATOR

    class Recorder:
        def __init__(self) -> None:
            self.sent: list[str] = []

        async def send_message(self, channel, message) -> None:
            self.sent.append(str(message))

    bot = Recorder()
    try:
        owner = await TRANSLATOR.message(bot, _event("加微信 了解一下"))  # type: ignore[arg-type]
        assert owner is not None and owner.sender.role is Role.OWNER
        assert await TRANSLATOR.message(bot, _event("/扮演 小王")) is None  # type: ignore[arg-type]
        member = await TRANSLATOR.message(bot, _event("加微信 了解一下"))  # type: ignore[arg-type]
        assert member is not None
        assert (member.sender.id, member.sender.name, member.sender.role) == (
            "console:小王", "小王", Role.MEMBER,
        )  # fmt: skip
        assert await TRANSLATOR.message(bot, _event("/扮演 管理员")) is None  # type: ignore[arg-type]
        admin = await TRANSLATOR.message(bot, _event("hi"))  # type: ignore[arg-type]
        assert admin is not None and admin.sender.role is Role.ADMIN
        assert await TRANSLATOR.message(bot, _event("/扮演")) is None  # type: ignore[arg-type]
        assert "你现在是「管理员」（管理员）" in bot.sent[-1] and "/扮演 成员B" in bot.sent[-1]
    finally:
        TRANSLATOR.personas.clear()


async def test_the_console_help_lists_the_persona_command(app: App):
    bridge = _bridge()
    async with app.test_matcher(bridge._events) as ctx:
        bot = _bot(ctx)
        ctx.receive_event(bot, _event("/帮助"))
        ctx.should_call_api("get_channel", {"channel_id": CHANNEL.id}, CHANNEL)
        ctx.should_call_api(
            "send_msg",
            {"content": _Says("常用命令", "本地聊天：发送 /扮演 成员B"), "channel": CHANNEL},
            "r4",
        )


class _LocalChat:
    """The console bot as the running window answers it (not headless)."""

    def __init__(self) -> None:
        from types import SimpleNamespace

        self.self_id = "robot"
        self.adapter = SimpleNamespace(console_config=SimpleNamespace(console_headless_mode=False))
        self.user = User("user")  # nonechat calls everyone at a terminal "User"
        self.group: list[tuple[str, str]] = []
        self.private: list[tuple[str, str]] = []

    async def get_current_user(self) -> User:
        return self.user

    async def get_current_channel(self) -> Channel:
        return Channel("general", "通用")

    async def send_message(self, channel_id: str, message: ConsoleMessage) -> None:
        self.group.append((channel_id, str(message)))

    async def send_private_message(self, user_id: str, message: ConsoleMessage) -> None:
        self.private.append((user_id, str(message)))


async def test_the_local_chat_names_its_owner_greets_once_and_tells_admins_privately(
    monkeypatch,
):
    from huzhu.adapters.console import ConsoleTranslator
    from huzhu.core.events import NotifyAdmins

    monkeypatch.setattr(nonebot.get_driver().config, "huzhu_console_name", "小王", raising=False)
    translator, bot = ConsoleTranslator(), _LocalChat()
    await translator.ready(bot)  # type: ignore[arg-type]
    await translator.ready(bot)  # type: ignore[arg-type]  # (connected, then the engine started)
    assert bot.user.nickname == "小王"
    [(channel, greeting)] = bot.group
    assert channel == "general" and "小王" in greeting and "/帮助" in greeting
    assert translator.speaker(bot.user.id, bot.user.nickname).name == "小王"

    await translator.perform(bot, NotifyAdmins("console:general", "请手动处理：成员B 发广告"))  # type: ignore[arg-type]
    assert len(bot.group) == 1  # nothing for the admins in the group, where members read
    [(user_id, notice)] = bot.private
    assert user_id == "user" and "只有你看得到" in notice and "成员B 发广告" in notice
