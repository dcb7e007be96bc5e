"""A short day in a help group (examples/day_in_group.py), read as its members read it."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "day_in_group.py"


async def _transcript() -> list[str]:
    spec = importlib.util.spec_from_file_location("day_in_group", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out: list[str] = []
    await module.day(out)
    return out


def _after(lines: list[str], said: str) -> str:
    """The bot's lines after a member's message, up to the next member's."""
    i = next(n for n, line in enumerate(lines) if line.endswith(said))
    bot: list[str] = []
    for line in lines[i + 1 :]:
        if not line.startswith("  "):
            break
        bot.append(line)
    return "\n".join(bot)


async def test_a_day_reads_as_members_expect():
    lines = await _transcript()
    whole = "\n".join(lines)
    bot = "\n".join(line for line in lines if line.startswith("  "))
    # names, never ids; no placeholders or machine words
    assert "qq:" not in bot and not re.search(r"<\w+>|\[\w+\]", bot)
    # /已助 tells the requester (mentioned) to confirm, naming the helper
    claim = _after(lines, "小明：/已助 1")
    assert claim.startswith("  🤖 @小红 小明") and "/确认 1" in claim
    # the queue can be acted on: the links as posted, who asked, the next step
    queue = _after(lines, "老王：/队列")
    assert "pincard_ask.html" in queue and "￥AbCd1234XyZ￥" in queue and "小红 求助" in queue
    assert "/已助" in queue and "refer_share_uin" not in queue
    # the scam is gone before anyone reads it, its sender told privately why
    scam = _after(lines, "先交押金20元")
    assert scam.splitlines()[0] == "  🗑 （消息被撤回）"
    assert "阿强（私聊）" in scam and "/申诉" in scam
    # the muted member appeals privately; it reaches the admins and is answered by name
    appeal = _after(lines, "阿强：私聊：/申诉 我只是分享活动")
    assert "申诉 #1：阿强" in appeal and "→ 阿强（私聊）：" in appeal
    assert "@阿强 你的申诉 #1 已处理" in _after(lines, "群主：/裁决 1 维持")
    # the help given is on the ledger and in /我的
    assert "小明 的助力值：1" in whole
