"""The nonebot bridge, tested the nonebot way (nonebug)."""

from __future__ import annotations

import itertools
from datetime import datetime

import nonebot
from nonebot.adapters.console import Adapter as ConsoleAdapter
from nonebot.adapters.console import Bot as ConsoleBot
from nonebot.adapters.console import Message as ConsoleMessage
from nonebot.adapters.console import MessageEvent as ConsoleEvent
from nonebot.adapters.onebot.v11 import Adapter as OneBotAdapter
from nonebot.adapters.onebot.v11 import Bot as OneBotBot
from nonebot.adapters.onebot.v11 import (
    GroupIncreaseNoticeEvent,
    GroupMessageEvent,
    Message,
    MessageSegment,
)
from nonebot.adapters.onebot.v11.event import Sender
from nonebug import App
from nonechat.model import Channel, Robot, User

_ids = itertools.count(100)


def group_message(
    text: Message | str,
    *,
    group: int = 777,
    user: int = 42,
    role: str = "member",
    self_id: int = 10000,
) -> GroupMessageEvent:
    message = Message(text)
    return GroupMessageEvent(
        time=1_700_000_000, self_id=self_id, post_type="message", sub_type="normal", user_id=user,
        message_type="group", message_id=next(_ids), message=message, original_message=message,
        raw_message=str(message), font=0, group_id=group,
        sender=Sender(user_id=user, nickname=f"u{user}", card="", role=role), to_me=False,
    )  # fmt: skip


def onebot_bot(ctx):
    """A OneBot v11 bot on the real adapter, its API calls answered by nonebug."""
    return ctx.create_bot(
        base=OneBotBot, adapter=nonebot.get_adapter(OneBotAdapter), self_id="10000"
    )


def expect_role(ctx, group: int, role: str) -> None:
    """The bridge asks for the bot's own role in a group before moderating there."""
    ctx.should_call_api(
        "get_group_member_info",
        {"group_id": group, "user_id": 10000, "no_cache": False},
        {"role": role},
    )


def at_text(user: int, text: str) -> Message:
    """A reply that mentions ``user``."""
    return MessageSegment.at(user) + MessageSegment.text(" ") + MessageSegment.text(text)


def _bridge():
    from huzhu.adapters import bridge

    return bridge


async def test_one_matcher_for_messages_notices_and_requests():
    from nonebot.matcher import matchers

    mine = [m for ms in matchers.values() for m in ms if m.plugin_name == "bridge"]
    # one matcher: nonebot checks every matcher for every event, so a message pays for one
    assert [m.type for m in mine] == [""]
    bridge = _bridge()
    # no parameters for nonebot to solve (each costs an event two tasks): the handler reads
    # the bot and the event from the matcher's context
    for matcher in mine:
        for handler in matcher.handlers:
            assert not handler.params and not handler.parameterless
            assert handler.call.__code__.co_flags & 0x80  # coroutine function
    assert bridge.runtime.engine is not None


async def test_stopping_during_a_tick_write_ends_the_tick_loop(monkeypatch):
    """A write under way when the bot stops is finished, not abandoned (Database.write), and
    returns instead of raising: the tick loop must still end, or shutdown waits forever."""
    import asyncio
    import contextlib
    from types import SimpleNamespace

    bridge = _bridge()
    started = asyncio.Event()

    async def tick_with_a_started_write() -> list:
        started.set()
        with contextlib.suppress(asyncio.CancelledError):  # what Database.write does
            await asyncio.sleep(0.05)
        return []

    async def nothing(*args, **kwargs) -> None:
        return None

    engine = SimpleNamespace(config=SimpleNamespace(tick_seconds=0), tick=tick_with_a_started_write)
    monkeypatch.setattr(bridge.runtime, "engine", engine)
    for name in ("_list_groups", "refresh_overrides", "send", "record_posts"):
        monkeypatch.setattr(bridge, name, nothing)
    task = asyncio.create_task(bridge._tick_loop())
    await started.wait()
    task.cancel()
    done, _ = await asyncio.wait([task], timeout=5)
    assert done and task.cancelled()


async def test_onebot_help_command_replies_in_group(app: App):
    bridge = _bridge()
    async with app.test_matcher(bridge._events) as ctx:
        bot = onebot_bot(ctx)
        event = group_message("/群规", group=778)
        ctx.receive_event(bot, event)
        expect_role(ctx, 778, "admin")
        expected = MessageSegment.reply(event.message_id) + MessageSegment.text(
            "📜 本群群规\n先助人后求助"
        )
        ctx.should_call_api(
            "send_group_msg", {"group_id": 778, "message": expected}, {"message_id": 1}
        )


async def test_onebot_scam_words_are_deleted_and_muted(app: App):
    bridge = _bridge()
    async with app.test_matcher(bridge._events) as ctx:
        bot = onebot_bot(ctx)
        event = group_message("想赚钱 加 微 信 abc123", group=779, user=55)
        ctx.receive_event(bot, event)
        expect_role(ctx, 779, "admin")
        # gone first, then the member is told privately, then the group sees one line
        ctx.should_call_api("delete_msg", {"message_id": event.message_id}, None)
        ctx.should_call_api(
            "set_group_ban", {"group_id": 779, "user_id": 55, "duration": 600}, None
        )
        warn = (
            "⚠️ u55，你的消息已撤回，并被禁言 10分钟，因为违反「禁止广告和违禁词」：消息包含本群不允许的内容「加微信」。"
            "另外，这条消息留了QQ或微信号，拉人私聊（「禁止拉人私聊」）。"
            "这是严重违规，一次记 3 次，你7天内累计 3 次违规（满 5 次移出本群），再犯将禁言 1天。如有异议，可私聊机器人发送「/申诉 你的理由」。"
        )
        ctx.should_call_api(
            "send_private_msg",
            {"user_id": 55, "group_id": 779, "message": Message(warn)},
            {"message_id": 2},
        )
        notice = "u55 因违反「禁止广告和违禁词」被禁言 10分钟。"
        ctx.should_call_api(
            "send_group_msg", {"group_id": 779, "message": Message(notice)}, {"message_id": 3}
        )


async def test_onebot_bot_without_admin_rights_degrades(app: App):
    bridge = _bridge()
    async with app.test_matcher(bridge._events) as ctx:
        bot = onebot_bot(ctx)
        event = group_message("加微信", group=780, user=56)
        ctx.receive_event(bot, event)
        expect_role(ctx, 780, "member")
        warn = (
            "⚠️ u56，你的消息违反了「禁止广告和违禁词」：消息包含本群不允许的内容「加微信」。"
            "（本应禁言 10分钟，但机器人不是管理员，已通知管理员。）"
            "这是严重违规，一次记 3 次，你7天内累计 3 次违规（满 5 次移出本群），再犯将禁言 1天。如有异议，可发送「/申诉 你的理由」。"
        )
        ctx.should_call_api(
            "send_private_msg",
            {"user_id": 56, "group_id": 780, "message": Message(warn)},
            {"message_id": 3},
        )
        notice = (
            "🔔 管理员请注意：请手动处理：u56 违反「禁止广告和违禁词」（消息包含本群不允许的内容「加微信」），"
            "应禁言 10分钟，但机器人不是管理员。"
        )
        ctx.should_call_api(
            "send_group_msg", {"group_id": 780, "message": Message(notice)}, {"message_id": 4}
        )


async def test_onebot_mentions_become_member_arguments(app: App):
    bridge = _bridge()
    async with app.test_matcher(bridge._events) as ctx:
        bot = onebot_bot(ctx)
        msg = MessageSegment.text("/禁用 rules ") + MessageSegment.at(12345)
        event = group_message(msg, group=781, user=1, role="owner")
        ctx.receive_event(bot, event)
        expect_role(ctx, 781, "owner")
        expected = MessageSegment.reply(event.message_id) + MessageSegment.text(
            "已在本群禁用「群规」。"
        )
        ctx.should_call_api(
            "send_group_msg", {"group_id": 781, "message": expected}, {"message_id": 5}
        )


async def test_onebot_member_joined_is_welcomed(app: App):
    bridge = _bridge()
    async with app.test_matcher(bridge._events) as ctx:
        bot = onebot_bot(ctx)
        event = GroupIncreaseNoticeEvent(
            time=1_700_000_000, self_id=10000, post_type="notice", notice_type="group_increase",
            sub_type="approve", user_id=4242, group_id=782, operator_id=0,
        )  # fmt: skip
        ctx.receive_event(bot, event)
        expected = (
            MessageSegment.at(4242)
            + MessageSegment.text(" ")
            + MessageSegment.text("欢迎 qq:4242 入群！请先看群规：\n先助人后求助")
        )
        ctx.should_call_api(
            "send_group_msg", {"group_id": 782, "message": expected}, {"message_id": 6}
        )


async def test_console_local_chat_help(app: App):
    bridge = _bridge()
    async with app.test_matcher(bridge._events) as ctx:
        # the console Bot takes its Robot where other bots take an id
        bot = ctx.create_bot(
            base=ConsoleBot, adapter=nonebot.get_adapter(ConsoleAdapter), self_id=Robot("robot")
        )  # type: ignore[arg-type]
        channel = Channel("general", "通用")
        event = ConsoleEvent(
            time=datetime.now(), self_id="robot", post_type="message", user=User("user", nickname="me"),
            channel=channel, message_id="m1", message=ConsoleMessage("/帮助 全部"), to_me=True,
        ).convert()  # fmt: skip
        ctx.receive_event(bot, event)
        ctx.should_call_api("get_channel", {"channel_id": "general"}, channel)
        # the local user is a superuser in the shipped plugins.yaml; here (qq:1 only) they are the owner
        ctx.should_call_api("send_msg", {"content": _any_help(), "channel": channel}, "m2")


class _any_help:
    """Matches a console message whose text is the help listing."""

    def __eq__(self, other: object) -> bool:
        rendered = str(other)
        return (
            "你可以用的命令" in rendered
            and "/群规　查看群规" in rendered
            and "【管理】" in rendered
            and "/启用　在本群启用一个功能" in rendered
        )


def test_console_hangup_quits_instead_of_reloading():
    # the console adapter is loaded in this session: closing the terminal must end the bot
    assert _bridge().reload_on_sighup() is False


async def test_a_reply_carries_the_quoted_messages_author():
    """/举报 names whose message it is: OneBot's reply sender becomes ``reply_author``."""
    from types import SimpleNamespace

    from nonebot.adapters.onebot.v11.event import Reply

    from huzhu.adapters.onebot_v11 import OneBotV11Translator

    translator = OneBotV11Translator()
    translator._admin.put(("10000", 777), True)  # the bot's role, known: no API call
    quoted = Reply(time=1, message_type="group", message_id=8, real_id=8, message=Message("福利群"),
                   sender=Sender(user_id=7, nickname="阿强"))  # fmt: skip
    event = group_message("/举报 拉人进别的群", user=42)
    event.reply = quoted
    core = await translator.message(SimpleNamespace(self_id="10000"), event)
    assert (core.reply_to, core.reply_text, core.reply_author) == ("8", "福利群", "qq:7")
