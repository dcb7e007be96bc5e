"""One group's life, played against a real ``huzhu run`` over any platform's protocol.

The same steps run over OneBot v11 (a NapCat stand-in) and Telegram (a Bot API
stand-in): a request posted and announced, a help claimed, a kill -9 and a
restart, the claim confirmed and counted, a scam link deleted and its sender
muted. Each platform supplies a ``Peer`` that speaks its protocol.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from tests.bot_process import BotProcess

PDD = "帮我砍一刀 https://mobile.yangkeduo.com/bargain.html?goods_id=1&share_uin=X"
SCAM = "官方助力通道 https://yangkeduo.com.evil-help.cn/login 输入手机号领红包"
YAML = """
superusers: ["qq:1", "tg:1"]
defaults:
  requests: {auto_confirm: never}
  enforcement: {explain: group}
"""


class Peer(Protocol):
    """The platform side of the conversation, as seen by the scenario."""

    async def say(self, text: str, *, user: int, role: str = "member") -> str:
        """A member posts ``text`` in the group; returns the platform's message id."""
        ...

    async def sent(self, count: int) -> list[str]:
        """The texts the bot sent to the group since this peer connected (waits for ``count``)."""
        ...

    async def deleted(self, count: int = 1) -> list[str]:
        """Message ids the bot deleted."""
        ...

    async def muted(self, count: int = 1) -> list[tuple[int, int]]:
        """(member, seconds) for each mute the bot imposed."""
        ...


async def help_group_life(
    bot: BotProcess, connect: Callable[[], AbstractAsyncContextManager[Peer]]
) -> None:
    """Run the scenario; ``connect`` yields a peer talking to the (re)started bot."""
    async with connect() as peer:
        await peer.say(f"/求助 {PDD} 需要1人", user=42)
        announced = (await peer.sent(1))[0]
        assert "📣 求助 #1｜拼多多·砍价｜需要 1 人" in announced, announced
        assert "share_uin" not in announced  # tracking parameters are stripped
        await peer.say("/已助 1", user=43)
        assert "已记录你对 #1 的助力" in (await peer.sent(2))[1]
        bot.kill9()  # the reply above was sent after its commit: the claim must survive

    bot.start()
    async with connect() as peer:
        await peer.say("/确认 1", user=42)
        confirmed = (await peer.sent(1))[0]
        assert "#1 已完成" in confirmed, confirmed
        await peer.say("/我的", user=43)
        assert "助力值：1（助人 1 次" in (await peer.sent(2))[1]

        scam = await peer.say(SCAM, user=55)
        assert await peer.deleted(1) == [scam]
        assert await peer.muted(1) == [(55, 600)]
