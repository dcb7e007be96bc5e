"""A short day in a help group, as members see it: post, help, confirm, queue, a scam, an appeal.

Runs the real engine with the shipped ``plugins.yaml`` on a throwaway SQLite
file and prints the conversation (what each member said, what the bot
answered, privately or to the admins). ``python examples/day_in_group.py``;
``tests/test_day_in_group.py`` keeps it honest.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from huzhu.core.events import (
    DeleteMessage,
    Kick,
    Member,
    Mute,
    NotifyAdmins,
    PrivateMessage,
    Reply,
    Role,
)
from huzhu.testing import FakeGroup, ManualClock, make_engine

ROOT = Path(__file__).resolve().parent.parent
GROUP = "qq:20261130"
PRIVATE = "私聊："
PEOPLE = {
    "qq:1001": ("小红", Role.MEMBER),
    "qq:1002": ("小明", Role.MEMBER),
    "qq:1003": ("阿强", Role.MEMBER),
    "qq:1004": ("老王", Role.MEMBER),
    "qq:1000": ("群主", Role.OWNER),
}
#: (clock step, who, what they post; "私聊：" = sent to the bot privately, as a muted member must)
DAY: list[tuple[str, str, str]] = [
    ("0m", "qq:1002", "/帮助"),
    (
        "1m",
        "qq:1001",
        "/求助 https://mobile.yangkeduo.com/pincard_ask.html?__rp_name=brand_amazing_price_group&_pdd_fc=1&refer_share_uin=ABC 帮我砍一刀 需要2人",
    ),
    ("3m", "qq:1002", "/求助 ￥AbCd1234XyZ￥ https://m.tb.cn/h.5RkY 复制打开淘宝，帮我助力"),
    ("4m", "qq:1002", "/已助 1"),
    ("6m", "qq:1004", "/队列"),
    ("7m", "qq:1004", "/已助 1"),
    ("9m", "qq:1001", "/确认 1"),
    ("10m", "qq:1001", "/已助 2"),
    ("12m", "qq:1003", "领红包 加我微信 https://yangkeduo.com.hongbao-vip.cn/login 先交押金20元"),
    ("13m", "qq:1003", "私聊：/申诉 我只是分享活动"),
    ("20m", "qq:1000", "/申诉"),
    ("21m", "qq:1000", "/裁决 1 维持"),
    ("30m", "qq:1002", "/我的"),
    ("31m", "qq:1004", "/排行"),
]


def _render(engine, action) -> str | None:  # type: ignore[no-untyped-def]
    def name(member: str) -> str:
        return engine.member_name(GROUP, member)

    if isinstance(action, Reply):
        at = "".join(f"@{name(m)} " for m in action.mention)
        return f"  🤖 {at}{action.text}"
    if isinstance(action, PrivateMessage):
        return f"  🤖 → {name(action.user_id)}（私聊）：{action.text}"
    if isinstance(action, NotifyAdmins):
        return f"  🤖 → 管理员：{action.text}"
    if isinstance(action, DeleteMessage):
        return "  🗑 （消息被撤回）"
    if isinstance(action, Mute):
        return f"  🔇 （{name(action.user_id)} 被禁言）"
    if isinstance(action, Kick):
        return f"  🚪 （{name(action.user_id)} 被移出本群）"
    return None


async def day(out: list[str]) -> None:
    """Play the day and append the transcript's lines to ``out``."""
    with tempfile.TemporaryDirectory() as tmp:
        clock = ManualClock()
        clock.set("2026-11-30 09:00")
        yaml_text = (ROOT / "plugins.yaml").read_text(encoding="utf-8")
        engine = await make_engine(tmp, yaml_text, clock=clock)
        group = FakeGroup(engine, GROUP)
        try:
            # everyone has said hello before (names known, nobody brand new)
            for member, (name, role) in PEOPLE.items():
                await group.say("大家好", by=member, name=name, role=role)
            await group.tick()
            clock.advance("2d")
            for step, member, said in DAY:
                clock.advance(step)
                name, role = PEOPLE[member]
                out.append(f"{name}：{said}")
                if said.startswith(PRIVATE):
                    got = await engine.handle_private(Member(member, name), said[len(PRIVATE) :])
                    actions = got or []
                else:
                    actions = await group.say(said, by=member, name=name, role=role)
                for action in actions:
                    line = _render(engine, action)
                    if line:
                        out.append(line)
        finally:
            await engine.close()


def main() -> int:
    """Print the transcript."""
    out: list[str] = []
    asyncio.run(day(out))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
