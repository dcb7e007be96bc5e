"""Commands as members meet them: work is never flood, limits say when to go on,
/帮助 by section with examples, a pointer for 帮助 / a bare link, bounded numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from huzhu.core import PluginMeta, Role, hookimpl
from huzhu.core.commands import INT_MAX, parse_int
from huzhu.core.durations import MAX_SECONDS, parse_duration
from huzhu.core.events import DeleteMessage, Mute
from huzhu.testing import FakeGroup, text

SHIPPED = (Path(__file__).resolve().parent.parent / "plugins.yaml").read_text(encoding="utf-8")
GID = "qq:1000"


def _link(n: int) -> str:
    return f"https://mobile.yangkeduo.com/bargain.html?goods_id={100000 + n}&share_uin=U{n}"


async def _shipped(engine_factory):
    """An engine on the plugins.yaml shipped in the repository (flood, quotas, anti_scam …)."""
    return await engine_factory(SHIPPED)


async def _post(g: FakeGroup, n: int) -> tuple[int, str]:
    """Member qq:{500+n} posts a request; returns its number and the announcement."""
    actions = await g.say(f"/求助 {_link(n)} 帮我砍一刀", by=f"qq:{500 + n}", name=f"求助者{n}")
    announce = text(actions)
    m = re.search(r"#(\d+)", announce)
    assert m, announce
    return int(m.group(1)), announce


async def test_helper_reporting_many_helps_is_never_warned_limited_or_removed(
    engine_factory, clock
):
    engine = await _shipped(engine_factory)
    g = FakeGroup(engine, GID)
    posted = [await _post(g, n) for n in range(16)]
    helper = "qq:99"
    g.log.clear()
    replies = []
    for n, (seq, _) in enumerate(posted[:8]):  # eight /已助 in 40 seconds …
        replies.append(text(await g.say(f"/已助 {seq}", by=helper, name="热心人")))
        await g.say(f"/确认 {seq}", by=f"qq:{500 + n}")  # … each confirmed by its requester
        clock.advance(5)
    for n, (seq, announce) in enumerate(posted[8:], 8):  # and eight replies 已助
        replies.append(
            text(await g.say("已助", by=helper, name="热心人", reply_to="m1", reply_text=announce))
        )
        await g.say(f"/确认 {seq}", by=f"qq:{500 + n}")
        clock.advance(2)
    assert not [a for a in g.actions() if isinstance(a, DeleteMessage | Mute)]
    joined = "\n".join(replies)
    assert "太快" not in joined and "刷屏" not in joined and "违规" not in joined
    assert all(r for r in replies), replies  # every report was answered
    claims = await engine.db.read(
        lambda c: c.exec_driver_sql(
            "SELECT count(*) FROM claims WHERE helper = ? AND status = 'confirmed'", (helper,)
        ).scalar_one()
    )
    assert claims == 16


async def test_chatter_still_counts_as_flood_and_work_does_not(engine_factory, clock):
    engine = await _shipped(engine_factory)
    g = FakeGroup(engine, GID)
    seq, _ = await _post(g, 1)
    for i in range(10):
        await g.say(f"聊天 {i}", by="qq:7")
    assert not g.actions(DeleteMessage)
    assert "已记录" in text(await g.say(f"/已助 {seq}", by="qq:7"))  # the 11th message: work
    assert not g.actions(DeleteMessage)
    await g.say("再聊一句", by="qq:7")  # the 11th chat message is flood
    assert g.actions(DeleteMessage)


async def test_a_limited_member_is_told_once_when_to_continue(engine_factory, clock):
    engine = await _shipped(engine_factory)
    g = FakeGroup(engine, GID)
    for _ in range(6):
        assert "助力值" in text(await g.say("/我的", by="qq:8", name="小李"))
        clock.advance(4)
    told = text(await g.say("/我的", by="qq:8", name="小李"))
    assert "小李" in told and "请36秒后再试" in told, told
    assert await g.say("/我的", by="qq:8", name="小李") == []  # told once, then quiet
    clock.advance(36)
    assert "助力值" in text(await g.say("/我的", by="qq:8", name="小李"))


async def test_admins_running_the_group_are_never_throttled(engine_factory, clock):
    engine = await _shipped(engine_factory)
    g = FakeGroup(engine, GID)
    for n in range(12):  # an owner configuring the group: every command answered and applied
        said = text(await g.say(f"/配置 quota per_day {n + 1}", by="qq:7", role=Role.OWNER))
        assert "太快" not in said and str(n + 1) in said, said
    assert engine.resolver.group(GID).configs["quota"].per_day == 12


async def test_work_has_its_own_budget_and_its_limit_says_minutes(engine_factory, clock):
    engine = await engine_factory("defaults:\n  commands: {rate: 2, work_rate: 3, window: 5m}\n")
    g = FakeGroup(engine, GID)
    for _ in range(2):
        await g.say("/我的", by="qq:8")
    assert "太快" in text(await g.say("/我的", by="qq:8"))
    for n in range(3):  # the /我的 budget is spent; work still goes through
        assert "没有 #" in text(await g.say(f"/已助 {n + 50}", by="qq:8"))
    told = text(await g.say("/已助 60", by="qq:8"))
    assert "每5分钟最多 3 条" in told and "请5分钟后再试" in told, told


# ---------------------------------------------------------------- numbers
@pytest.mark.parametrize(
    ("token", "value"),
    [("12", 12), ("#12", 12), ("１２", 12), ("＃7", 7), ("007", 7), (str(INT_MAX), INT_MAX)],
)
def test_parse_int_takes_what_members_type(token, value):
    assert parse_int(token) == value


@pytest.mark.parametrize("token", ["9੬୬२", "٣", "1e3", "-1", "12a", "", "#", "１２三", "²"])
def test_parse_int_refuses_other_digits(token):
    with pytest.raises(ValueError, match="need_int"):
        parse_int(token)


@pytest.mark.parametrize("token", [str(2**63), "9" * 5000, str(INT_MAX + 1)])
def test_parse_int_refuses_huge_numbers(token):
    with pytest.raises(OverflowError):
        parse_int(token)


@pytest.mark.parametrize(
    "raw", ["999999999999999999999999", "999999w", "3651d", "9" * 5000, 1e300, float("inf")]
)
def test_parse_duration_is_bounded_and_ascii(raw):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(raw)


def test_parse_duration_up_to_ten_years():
    assert parse_duration("3650d") == MAX_SECONDS
    assert parse_duration("10分钟") == 600


async def test_numeric_arguments_never_crash_and_are_explained(engine_factory):
    engine = await engine_factory("superusers: ['qq:1']\n")
    g = FakeGroup(engine, GID)
    bad_digits = text(await g.say("/确认 9੬୬२", by="qq:8"))
    assert "「求助编号」不对：应为数字，例如 12" in bad_digits
    assert "用法：/确认 求助编号 [助力者]" in bad_digits
    huge = text(await g.say(f"/已助 {2**63}", by="qq:9"))
    assert "数字太大了（最大 999999999）" in huge and "出错" not in huge
    assert "没有 #12" in text(await g.say("/已助 ＃１２", by="qq:10"))
    mute = text(await g.say("/禁言 @小明 99999999999999999999分钟", by="qq:1", mentions=["qq:5"]))
    assert "应为时长" in mute and "出错" not in mute
    page = text(await g.say("/队列 99999999999", by="qq:11"))
    assert "数字太大了（最大 10000）" in page


async def test_schedule_with_a_huge_delay_is_a_usage_error(engine_factory):
    engine = await engine_factory("superusers: ['qq:1']\n")
    g = FakeGroup(engine, GID)
    reply = text(await g.say("/定时 999999999999999999999999 你好", by="qq:1"))
    assert reply and "出错" not in reply and "/定时" in reply


# ---------------------------------------------------------------- /帮助
async def test_help_is_grouped_and_members_see_only_theirs(engine_factory):
    engine = await _shipped(engine_factory)
    g = FakeGroup(engine, GID)
    member = text(await g.say("/帮助 全部", by="qq:8"))
    sections = [line for line in member.splitlines() if line.startswith("【")]
    assert sections == ["【求助与助力】", "【查询】", "【举报与申诉】"], member
    assert "/警告" not in member and "/配置" not in member and "/重载" not in member
    request_part = member.split("【求助与助力】")[1].split("【查询】")[0]
    for name in ("求助", "已助", "确认", "否认", "完成", "取消"):
        assert f"/{name}　" in request_part
    assert "/兑换" not in request_part  # the shipped shop sells nothing yet
    assert "例：/求助 https://mobile.yangkeduo.com/" in member and "帮我砍一刀" in member
    assert "/队列　" in member.split("【查询】")[1]
    for line in member.splitlines()[1:]:
        assert line.startswith(("【", "/")), line
        assert "<" not in line and "[" not in line.split("例：")[0]
    admin = text(await g.say("/帮助 全部", by="qq:3", role=Role.ADMIN))
    assert "【管理】" in admin and "/警告　" in admin.split("【管理】")[1]
    assert "/定时　" in admin.split("【管理】")[1] and "/重载" not in admin


async def test_help_for_one_command_shows_usage_and_examples(engine_factory):
    engine = await _shipped(engine_factory)
    g = FakeGroup(engine, GID)
    post = text(await g.say("/帮助 求助", by="qq:8"))
    assert "用法：/求助 链接或口令 [备注] [需要几人]" in post
    assert "例子：\n/求助 https://mobile.yangkeduo.com/" in post
    assert "谁能用" not in post  # everyone may
    claim = text(await g.say("/帮助 /已助", by="qq:8"))
    assert "用法：/已助 求助编号" in claim and "回复求助消息「已助" in claim
    mute = text(await g.say("/帮助 禁言", by="qq:8"))
    assert "用法：/禁言 成员 时长 [理由]" in mute and "谁能用：管理员" in mute
    assert "没有 /飞 这个命令" in text(await g.say("/帮助 飞", by="qq:8"))


async def test_english_help_uses_aliases(engine_factory):
    engine = await engine_factory("groups:\n  'qq:5': {language: en}\n")
    g = FakeGroup(engine, "qq:5")
    shown = text(await g.say("/help all"))
    assert "[Requests and help]" in shown and "/helped say you helped" in shown
    assert "Usage: /helped <number>" in text(await g.say("/help helped"))
    short = text(await g.say("/help", by="qq:9"))
    assert short.startswith("📖 Main commands:") and "/post " in short and "/help all" in short
    assert "scroll up" in text(await g.say("/help", by="qq:10"))


# ---------------------------------------------------------------- the pointer
async def test_plain_help_word_and_bare_link_get_a_pointer_rate_limited(engine_factory, clock):
    engine = await _shipped(engine_factory)
    g = FakeGroup(engine, GID)
    first = text(await g.say("帮助", by="qq:8", name="小李"))
    assert first.startswith("小李") and "/帮助" in first
    assert await g.say("菜单", by="qq:8", name="小李") == []  # once per member …
    clock.advance(61)
    assert "/帮助" in text(await g.say("菜单！", by="qq:9", name="小张"))
    assert await g.say("帮助", by="qq:10") == []  # … and once a minute in the group
    clock.advance(61)
    link = text(await g.say(_link(1), by="qq:11", name="小王"))
    assert (
        link.startswith("小王") and "这条拼多多链接" in link and "/求助" in link and "例如" in link
    )
    clock.advance(61)
    assert await g.say("今天天气不错", by="qq:12") == []  # plain chat: silence
    assert await g.say("帮助我一下好吗，这个怎么弄", by="qq:12") == []


async def test_pointer_is_configurable(engine_factory, clock):
    yaml_text = "defaults:\n  commands: {pointer_words: [指令], pointer_links: false}\n"
    engine = await engine_factory(yaml_text + "groups:\n  'qq:2': {commands: {pointer: false}}\n")
    g = FakeGroup(engine, GID)
    assert await g.say("帮助", by="qq:8") == []
    assert "/帮助" in text(await g.say("指令", by="qq:8"))
    clock.advance(3600)
    assert await g.say(_link(2), by="qq:9") == []
    assert await FakeGroup(engine, "qq:2").say("指令", by="qq:8") == []


# ---------------------------------------------------------------- what rules see
class Seen:
    """Records what ``check_message`` is told about each message."""

    __plugin_meta__ = PluginMeta(name="seen", description="", default_enabled=True)

    def __init__(self) -> None:
        self.events: list[tuple[str, str, bool]] = []

    @hookimpl
    def check_message(self, event) -> None:
        self.events.append((event.text, event.command, event.work))


async def test_rules_see_which_command_a_message_runs(engine_factory):
    seen = Seen()
    engine = await engine_factory("defaults: {}\n", plugins=[seen])
    g = FakeGroup(engine, GID)
    _, announce = await _post(g, 1)
    await g.say("/helped 1", by="qq:7")
    await g.say("已助", by="qq:8", reply_to="m1", reply_text=announce)
    await g.say("已助", by="qq:9")  # not a reply: chat
    await g.say("/我的", by="qq:7")
    await g.say("/没有这个", by="qq:7")
    assert seen.events[1:] == [
        ("/helped 1", "已助", True),
        ("已助", "已助", True),
        ("已助", "", False),
        ("/我的", "我的", False),
        ("/没有这个", "", False),
    ]
    assert seen.events[0][1:] == ("求助", False)


async def test_an_unknown_command_suggests_what_members_mean(engine_factory):
    """/rank and /leaderboard are /top (not a guess of /link, /ledger); two guesses read
    "/a or /b"."""
    engine = await engine_factory(SHIPPED)
    g = FakeGroup(engine, "tg:-1001234567890")  # the shipped English group
    said = text(await g.say("/rank", by="tg:0", name="M0"))
    assert "No confirmed help yet" in said, said
    said = text(await g.say("/leaderboard", by="tg:1", name="M1"))  # the same answer: a pointer
    assert "the answer to /leaderboard was posted just now" in said, said
    said = text(await g.say("/helpe", by="tg:9", name="Carl"))
    assert "Did you mean /helped or /help?" in said, said
    zh = text(await FakeGroup(engine, GID).say("/排名", by="qq:4", name="老王"))
    assert "你是不是想用 /排行？" in zh, zh
