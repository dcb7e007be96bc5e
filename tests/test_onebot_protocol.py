"""OneBot v11 over the real protocol: the real `huzhu run` process, a NapCat-like WebSocket client."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
import websockets
import websockets.exceptions

from tests.onebot_peer import BotProcess, OneBotPeer, message_text
from tests.scenario import YAML as SCENARIO_YAML
from tests.scenario import help_group_life

YAML = """
superusers: ["qq:1"]
defaults:
  plugins:
    rules: {text: "先助人后求助"}
    content: {words: [加微信], severity: severe}
"""


@pytest.fixture
def bot(tmp_path):
    process = BotProcess(tmp_path, YAML)
    process.start()
    yield process
    process.stop()


async def test_commands_and_moderation_over_reverse_websocket(bot):
    async with OneBotPeer(bot.url, bot.token) as qq:
        await qq.group_message("/群规", group=777, user=42)
        sent = await qq.wait_for("send_group_msg")
        assert sent[0]["params"]["group_id"] == 777
        assert message_text(sent[0]) == "📜 本群群规\n先助人后求助"
        assert [c["action"] for c in qq.calls][:1] == [
            "get_group_member_info"
        ]  # its own role, first

        bad = await qq.group_message("赚钱 加 微 信 abc", group=777, user=55)
        await qq.wait_for("set_group_ban")
        deleted = await qq.wait_for("delete_msg")
        assert deleted[0]["params"]["message_id"] == bad
        ban = (await qq.wait_for("set_group_ban"))[0]["params"]
        assert (ban["group_id"], ban["user_id"], ban["duration"]) == (777, 55, 600)
        # the member is told why in a temporary session; the group gets one line
        told = (await qq.wait_for("send_private_msg"))[0]
        assert (told["params"]["user_id"], told["params"]["group_id"]) == (55, 777)
        assert "加微信" in message_text(told) and "/申诉" in message_text(told)
        notice = (await qq.wait_for("send_group_msg", count=2))[1]
        assert message_text(notice) == "user55 因违反「禁止广告和违禁词」被禁言 10分钟。"

        # a group that forbids temporary sessions: the explanation falls back to the group
        qq.failing.add("send_private_msg")
        await qq.group_message("加微信", group=777, user=56)
        fallback = (await qq.wait_for("send_group_msg", count=4))[2:]
        said = [message_text(c) for c in fallback]
        assert any("加微信" in t and "/申诉" in t for t in said), said
        assert any({"type": "at", "data": {"qq": "56"}} in c["params"]["message"] for c in fallback)


async def test_wrong_access_token_is_refused(bot):
    with pytest.raises(websockets.exceptions.InvalidStatus) as info:
        async with OneBotPeer(bot.url, "wrong-token"):
            pass
    assert info.value.response.status_code in (401, 403)


async def test_kill_9_and_restart_loses_nothing(bot):
    async with OneBotPeer(bot.url, bot.token) as qq:
        await qq.group_message("/配置 rules text 互助第一", group=900, user=1, role="owner")
        reply = await qq.wait_for("send_group_msg")
        assert "已设置「群规」的 群规内容（text） = 互助第一" in message_text(reply[0])
        await qq.group_message("/禁用 content", group=900, user=1, role="owner")
        assert "已在本群禁用「内容规则」" in message_text(
            (await qq.wait_for("send_group_msg", count=2))[1]
        )
        # a request helped and confirmed, and one with a claim waiting: every reply is sent
        # after the transaction holding the request, claim, ledger rows and reminders commits
        steps = (
            (10, "/求助 https://p.pinduoduo.com/Kill0001", "求助 #1"),
            (11, "/已助 1", "说已帮你助力 #1"),
            (10, "/确认 1", "已确认"),
            (10, "/求助 https://p.pinduoduo.com/Kill0002", "求助 #2"),
            (12, "/已助 2", "说已帮你助力 #2"),
        )
        for n, (user, command, said) in enumerate(steps, 3):
            await qq.group_message(command, group=902, user=user)
            assert said in message_text((await qq.wait_for("send_group_msg", count=n))[-1])
        bot.kill9()  # the replies above were sent after their commits

    bot.start()
    async with OneBotPeer(bot.url, bot.token) as qq:
        await qq.group_message("/群规", group=900, user=42)
        assert "互助第一" in message_text((await qq.wait_for("send_group_msg"))[0])
        await qq.group_message("加微信", group=900, user=43)  # content is still off here
        await qq.group_message("/群规", group=901, user=42)  # another group: untouched
        texts = [message_text(c) for c in await qq.wait_for("send_group_msg", count=2)]
        assert texts[1] == "📜 本群群规\n先助人后求助"
        await asyncio.sleep(0.3)
        assert not [c for c in qq.calls if c["action"] in ("delete_msg", "set_group_ban")]
    con = sqlite3.connect(bot.workdir / "data" / "huzhu.db")
    try:
        rows = [con.execute(sql).fetchall() for sql in (
            "SELECT seq, status, helped FROM requests WHERE group_id = 'qq:902' ORDER BY seq",
            "SELECT helper, status FROM claims WHERE group_id = 'qq:902' ORDER BY id",
            "SELECT member, delta, chain_seq FROM ledger WHERE group_id = 'qq:902' ORDER BY id",
            "SELECT key FROM schedules WHERE group_id = 'qq:902' AND owner = 'reminder' ORDER BY id",
        )]  # fmt: skip
    finally:
        con.close()
    assert rows[0] == [(1, "done", 1), (2, "open", 0)]
    assert rows[1] == [("qq:11", "confirmed"), ("qq:12", "pending")]
    assert rows[2] == [("qq:11", 1, 1), ("qq:10", -1, 2)]
    assert [k.split("#")[0] for (k,) in rows[3]] == ["expiring", "confirm", "expiring", "confirm"]


async def test_sighup_reloads_and_dotenv_is_honoured(tmp_path):
    import os
    import signal

    process = BotProcess(tmp_path, YAML, token="from-dotenv")
    # the token comes only from nonebot's .env in the working directory
    (tmp_path / ".env").write_text("ONEBOT_ACCESS_TOKEN=from-dotenv\n", encoding="utf-8")
    env_token = os.environ.pop("ONEBOT_ACCESS_TOKEN", None)
    try:
        process.token_in_env = False
        process.start()
        async with OneBotPeer(process.url, "from-dotenv") as qq:
            (tmp_path / "plugins.yaml").write_text(
                YAML.replace("先助人后求助", "新群规"), encoding="utf-8"
            )
            process.proc.send_signal(signal.SIGHUP)
            await asyncio.sleep(1.0)
            await qq.group_message("/群规", group=950)
            assert message_text((await qq.wait_for("send_group_msg"))[0]) == "📜 本群群规\n新群规"
            await qq.group_message(
                "x" * 100_000, group=950, user=77
            )  # 100 KB: handled, bot stays up
            await qq.group_message("/群规", group=951)
            assert len(await qq.wait_for("send_group_msg", count=2)) == 2
    finally:
        process.stop()
        if env_token is not None:
            os.environ["ONEBOT_ACCESS_TOKEN"] = env_token


class ScenarioPeer:
    """The shared scenario's view of a NapCat-like connection, in group 777."""

    def __init__(self, qq: OneBotPeer, group: int = 777) -> None:
        self.qq, self.group = qq, group

    async def say(self, text: str, *, user: int, role: str = "member") -> str:
        return str(await self.qq.group_message(text, group=self.group, user=user, role=role))

    async def sent(self, count: int) -> list[str]:
        while True:
            calls = await self.qq.wait_for("send_group_msg", count=count)
            mine = [message_text(c) for c in calls if c["params"]["group_id"] == self.group]
            if len(mine) >= count:
                return mine
            count += 1

    async def deleted(self, count: int = 1) -> list[str]:
        calls = await self.qq.wait_for("delete_msg", count=count)
        return [str(c["params"]["message_id"]) for c in calls]

    async def muted(self, count: int = 1) -> list[tuple[int, int]]:
        calls = await self.qq.wait_for("set_group_ban", count=count)
        return [(c["params"]["user_id"], c["params"]["duration"]) for c in calls]


async def test_a_help_group_over_onebot_v11(tmp_path):
    bot = BotProcess(tmp_path, SCENARIO_YAML)

    @asynccontextmanager
    async def connect() -> AsyncIterator[ScenarioPeer]:
        async with OneBotPeer(bot.url, bot.token) as qq:
            yield ScenarioPeer(qq)

    bot.start()
    try:
        await help_group_life(bot, connect)
    finally:
        bot.stop()


async def test_joins_unmute_kick_and_two_accounts_in_one_group(bot):
    async with (
        OneBotPeer(bot.url, bot.token, self_id=10000) as first,
        OneBotPeer(bot.url, bot.token, self_id=20000) as second,
    ):
        # a join notice: the welcome mentions the newcomer
        await first.send({"post_type": "notice", "notice_type": "group_increase",
                          "sub_type": "approve", "group_id": 777, "user_id": 88, "operator_id": 1})  # fmt: skip
        welcome = (await first.wait_for("send_group_msg"))[0]["params"]["message"]
        assert {"type": "at", "data": {"qq": "88"}} in welcome

        # admin commands become OneBot calls: unmute is a ban of 0 s, kick lets them re-apply
        await first.group_message("/禁言 88 1h 刷屏", group=777, user=1, role="owner")
        ban = (await first.wait_for("set_group_ban"))[0]["params"]
        assert (ban["user_id"], ban["duration"]) == (88, 3600)
        await first.group_message("/解除 88", group=777, user=1, role="owner")
        lifted = (await first.wait_for("set_group_ban", count=2))[1]["params"]
        assert (lifted["user_id"], lifted["duration"]) == (88, 0)
        await first.group_message("/踢出 88", group=777, user=1, role="owner")
        kick = (await first.wait_for("set_group_kick"))[0]["params"]
        assert (kick["user_id"], kick["reject_add_request"]) == (88, False)

        # both accounts sit in group 777 and both receive every message: one answers
        sent_before = len([c for c in first.calls if c["action"] == "send_group_msg"])
        for peer in (first, second):
            await peer.group_message("/群规", group=777, user=42)
        await first.wait_for("send_group_msg", count=sent_before + 1)
        await asyncio.sleep(0.5)
        assert not [c for c in second.calls if c["action"] == "send_group_msg"]
        # a group only the second account is in is served by it
        await second.group_message("/群规", group=778, user=42)
        assert (await second.wait_for("send_group_msg"))[0]["params"]["group_id"] == 778


# ---------------------------------------------------------------- hardening (issue 16)
async def test_a_redelivered_event_runs_once(bot):
    """OneBot implementations re-deliver events on reconnect: one /警告 is one strike."""
    async with OneBotPeer(bot.url, bot.token) as qq:
        first = await qq.group_message("/警告 55 刷屏", group=777, user=1, role="owner")
        for _ in range(2):
            await qq.group_message(
                "/警告 55 刷屏", group=777, user=1, role="owner", message_id=first
            )
        warned = await qq.wait_for("send_group_msg")
        assert "第 1 次违规" in message_text(warned[0])
        await qq.group_message("/警告 55 又刷屏", group=777, user=1, role="owner")
        texts = [message_text(c) for c in await qq.wait_for("send_group_msg", count=2)]
        await asyncio.sleep(0.5)
        assert len([c for c in qq.calls if c["action"] == "send_group_msg"]) == 2
        assert "第 2 次违规" in texts[1], texts


async def test_an_admin_cannot_warn_an_owner_who_never_spoke(bot):
    """The rank check asks the platform about a member it has not seen (get_group_member_info)."""
    async with OneBotPeer(bot.url, bot.token) as qq:
        qq.members[5] = {"role": "owner", "card": "老王"}
        await qq.group_message("/警告 5 不听话", group=777, user=2, role="admin")
        refused = message_text((await qq.wait_for("send_group_msg"))[0])
        assert "是群主，不能处置" in refused, refused
        asked = [c["params"] for c in qq.calls if c["action"] == "get_group_member_info"]
        assert {"group_id": 777, "user_id": 5, "no_cache": False} in asked
        # an ordinary member who never spoke can be warned
        await qq.group_message("/警告 6 刷屏", group=777, user=2, role="admin")
        assert "第 1 次违规" in message_text((await qq.wait_for("send_group_msg", count=2))[1])


SCHEDULED = """
superusers: ["qq:1"]
tick_seconds: 1
defaults:
  posting: {quiet_hours: "off", max_per_hour: 0}
  plugins:
    reminder: {}
"""


async def test_scheduled_posts_survive_kill_9_in_quiet_groups(tmp_path):
    """Scheduled, kill -9, restarted, nobody speaks: each post still arrives, once.

    Group 778 is served after the restart by another account, known only from
    the group list it reports when it connects (get_group_list). Group 777's
    account is not connected when its post falls due: the post is kept and
    sent once the account is back.
    """
    bot = BotProcess(tmp_path, SCHEDULED)
    bot.start()
    try:
        async with OneBotPeer(bot.url, bot.token, groups=(777, 778)) as qq:
            await qq.group_message("/定时 1m 今晚八点开团", group=777, user=1, role="owner")
            assert "已设定定时消息 #1" in message_text((await qq.wait_for("send_group_msg"))[0])
            await qq.group_message("/定时 1m 明早九点签到", group=778, user=1, role="owner")
            assert "已设定定时消息 #" in message_text(
                (await qq.wait_for("send_group_msg", count=2))[1]
            )
            bot.kill9()
        bot.start()
        async with OneBotPeer(bot.url, bot.token, self_id=20000, groups=(778,)) as other:
            await other.wait_for("get_group_list")
            post = (await other.wait_for("send_group_msg", within=90))[0]
            assert post["params"]["group_id"] == 778
            assert "明早九点签到" in message_text(post)
            await asyncio.sleep(2)  # 777's post is due too, but its account is away
            assert len([c for c in other.calls if c["action"] == "send_group_msg"]) == 1
            assert "dropped" not in bot.log()
            async with OneBotPeer(bot.url, bot.token, groups=(777,)) as qq:
                post = (await qq.wait_for("send_group_msg", within=60))[0]
                assert post["params"]["group_id"] == 777
                assert "今晚八点开团" in message_text(post)
                await asyncio.sleep(3)
                assert len([c for c in qq.calls if c["action"] == "send_group_msg"]) == 1
        assert len([c for c in other.calls if c["action"] == "send_group_msg"]) == 1
    finally:
        bot.stop()


PHONE, ID_NUMBER = "13812345678", "110105194912310021"


@pytest.mark.parametrize("show", [False, True])
async def test_the_log_keeps_members_messages_out(tmp_path, show):
    """nonebot logs every event verbatim; huzhu's log has no message text and no numbers.

    ``--log-messages`` (for debugging) shows the text with long numbers masked.
    """
    bot = BotProcess(tmp_path, YAML, args=("--log-messages",) if show else ())
    bot.start()
    try:
        async with OneBotPeer(bot.url, bot.token) as qq:
            await qq.group_message(f"我的手机 {PHONE} 身份证 {ID_NUMBER}", group=777, user=42)
            await qq.group_message("/群规", group=777, user=43)
            await qq.wait_for("send_group_msg")
            await asyncio.sleep(0.5)
    finally:
        bot.stop()
    log = bot.log()
    assert "[message.group.normal]" in log  # events are still logged, by kind
    assert log.count("group qq:777: first message since start-up") == 1  # the id owners need
    assert PHONE not in log and ID_NUMBER not in log, log[-3000:]
    assert ("我的手机" in log) is show
    if show:
        assert "138******78" in log


async def test_onebot_without_a_token_refuses_a_public_address(tmp_path):
    """No ONEBOT_ACCESS_TOKEN: refused on 0.0.0.0 (anyone could connect and forge events)."""
    bot = BotProcess(tmp_path, YAML, token="", host="0.0.0.0")
    with pytest.raises(RuntimeError, match="bot exited early"):
        bot.start()
    assert bot.proc is not None and bot.proc.returncode != 0
    assert "未设置 ONEBOT_ACCESS_TOKEN" in bot.log() and "--insecure" in bot.log()

    # --insecure: it starts, and says loudly what that means
    bot = BotProcess(tmp_path, YAML, token="", host="0.0.0.0", args=("--insecure",))
    bot.start()
    try:
        async with OneBotPeer(bot.url, "") as qq:
            await qq.group_message("/群规", group=777)
            await qq.wait_for("send_group_msg")
    finally:
        bot.stop()
    assert "⚠⚠⚠ --insecure" in bot.log()


async def test_onebot_without_a_token_on_loopback_warns(tmp_path):
    bot = BotProcess(tmp_path, YAML, token="")
    bot.start()
    try:
        async with OneBotPeer(bot.url, "") as qq:
            await qq.group_message("/群规", group=777)
            await qq.wait_for("send_group_msg")
    finally:
        bot.stop()
    assert "⚠⚠⚠ 未设置 ONEBOT_ACCESS_TOKEN" in bot.log()


async def test_a_token_in_the_environment_is_in_force(tmp_path):
    """The token from the process environment (systemd EnvironmentFile) is enforced, no warning."""
    bot = BotProcess(tmp_path, YAML, token="env-s3cret")
    bot.start()
    try:
        with pytest.raises(websockets.exceptions.InvalidStatus):
            async with OneBotPeer(bot.url, "wrong-token"):
                pass
        async with OneBotPeer(bot.url, "env-s3cret") as qq:
            await qq.group_message("/群规", group=777)
            await qq.wait_for("send_group_msg")
    finally:
        bot.stop()
    assert "未设置 ONEBOT_ACCESS_TOKEN" not in bot.log()


async def test_a_muted_member_appeals_in_a_private_message(bot):
    async with OneBotPeer(bot.url, bot.token) as qq:
        await qq.group_message("赚钱 加 微 信 abc", group=777, user=55)
        await qq.wait_for("set_group_ban", count=1)
        await qq.wait_for("send_private_msg")  # told why, privately
        await qq.private_message("/申诉 我只是在聊天", user=55, group=777)
        told = (await qq.wait_for("send_private_msg", count=2))[1]
        assert (told["params"]["user_id"], told["params"]["group_id"]) == (55, 777)
        assert "已收到你的申诉 #1" in message_text(told)
        sent = await qq.wait_for("send_group_msg", count=2)
        admins = [message_text(c) for c in sent if "申诉 #1" in message_text(c)]
        assert admins and "我只是在聊天" in admins[0] and "/裁决 1" in admins[0]
        # any other command (help commands such as /我的 aside) is pointed back to the group
        await qq.private_message("/排行", user=55)
        hint = await qq.wait_for("send_msg")
        assert "请在群里使用命令" in message_text(hint[0])
        # a plain private message: a one-line hint in the same chat
        await qq.private_message("你好", user=56)
        hint = await qq.wait_for("send_msg", count=2)
        assert "发送 /帮助" in message_text(hint[1]), hint
        # within the hour a second one is not answered (two bots must not talk forever)
        await qq.private_message("你好呀", user=56)
        await qq.private_message("你好", user=57)
        hint = await qq.wait_for("send_msg", count=3)
        assert hint[2]["params"]["user_id"] == 57, hint
