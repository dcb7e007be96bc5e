"""The web console without a browser: sign-in links, sessions, group bounds, CSRF, and writes
going through the chat commands (so the chat and the console see each other's changes)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from huzhu.core.events import PrivateMessage, Reply
from huzhu.core.web.activity import record_posts
from huzhu.core.web.app import COOKIE, create_app
from huzhu.core.web.console import Console, register
from huzhu.core.web.serve import tls_problem
from huzhu.testing import FakeGroup, Role, make_config

A, B, C = "qq:1000", "qq:2000", "qq:3000"
ADMIN = "qq:7"
LINK = re.compile(r"http://console\.test/huzhu/login#t=([A-Za-z0-9_-]+)")


@pytest.fixture
async def web(huzhu_engine: Callable[..., Any]) -> dict[str, Any]:
    groups = {A: {"plugins": {"flood": True, "queue": True}}, B: {"plugins": {"flood": True}},
              C: {"language": "en", "plugins": {"flood": True, "queue": True}}}  # fmt: skip
    engine = await huzhu_engine(make_config(groups=groups))
    executed: list[Any] = []

    async def execute(actions: Any) -> None:
        executed.extend(actions)

    console = Console(engine, "http://console.test/huzhu/", execute)
    register(engine, console)
    app = Starlette(routes=[Mount("/huzhu", create_app(console))])
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://console.test"
    )
    yield {"engine": engine, "console": console, "client": client, "a": FakeGroup(engine, A),
           "b": FakeGroup(engine, B), "c": FakeGroup(engine, C), "executed": executed}  # fmt: skip
    await client.aclose()


async def sign_in(
    web: dict[str, Any], group: FakeGroup | None = None
) -> tuple[httpx.Response, str]:
    """Ask /后台 as the admin of group A, redeem the link; the response and the link's token."""
    actions = await (group or web["a"]).say("/后台", by=ADMIN, role=Role.ADMIN, name="群主")
    private = [a for a in actions if isinstance(a, PrivateMessage)]
    assert len(private) == 1 and private[0].user_id == ADMIN
    token = LINK.search(private[0].text).group(1)
    public = " ".join(a.text for a in actions if isinstance(a, Reply))
    assert token not in public and "http" not in public  # never in the group
    response = await web["client"].post("/huzhu/login", data={"token": token})
    return response, token


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def test_one_time_link_signs_in_once_and_expires(web: dict[str, Any]) -> None:
    client = web["client"]
    response, token = await sign_in(web)
    assert response.status_code == 303 and COOKIE in response.cookies
    cookie_line = response.headers["set-cookie"]
    assert "HttpOnly" in cookie_line and "SameSite=strict" in cookie_line.replace(
        "Strict", "strict"
    )
    home = await client.get("/huzhu/")
    assert A in home.text and B not in home.text
    # used once: the same link again is refused
    client.cookies.clear()
    again = await client.post("/huzhu/login", data={"token": token})
    assert again.status_code == 403 and "已用过或已过期" in again.text
    # a new link older than ten minutes is refused too
    actions = await web["a"].say("/后台", by=ADMIN, role=Role.ADMIN)
    late = LINK.search(next(a.text for a in actions if isinstance(a, PrivateMessage))).group(1)
    web["engine"].clock.advance(601)
    assert (await client.post("/huzhu/login", data={"token": late})).status_code == 403
    # members cannot ask for a link
    said = await web["a"].say("/后台", by="qq:99")
    assert not [a for a in said if isinstance(a, PrivateMessage)]


async def test_sign_in_is_rate_limited(web: dict[str, Any]) -> None:
    statuses = [
        (await web["client"].post("/huzhu/login", data={"token": f"wrong{i}"})).status_code
        for i in range(12)
    ]
    assert statuses[:10] == [403] * 10 and statuses[10:] == [429, 429]


async def test_admin_of_a_cannot_open_or_change_b(web: dict[str, Any]) -> None:
    client = web["client"]
    await sign_in(web)
    page = await client.get(f"/huzhu/g/{A}/plugins")
    assert page.status_code == 200
    csrf = csrf_of(page.text)
    for path in ("overview", "queue", "ledger", "ledger.csv", "members", "moderation", "plugins",
                 "schedule"):  # fmt: skip
        assert (await client.get(f"/huzhu/g/{B}/{path}")).status_code == 403, path
    forged = await client.post(f"/huzhu/g/{B}/plugins/flood/toggle", data={"csrf": csrf, "on": "0"})
    assert forged.status_code == 403
    assert web["engine"].resolver.enabled(B, "flood") == (True, "group")


async def test_post_without_csrf_changes_nothing(web: dict[str, Any]) -> None:
    client = web["client"]
    await sign_in(web)
    for data in ({"on": "0"}, {"on": "0", "csrf": "forged"}):
        response = await client.post(f"/huzhu/g/{A}/plugins/flood/toggle", data=data)
        assert response.status_code == 403 and "安全令牌" in response.text
    assert web["engine"].resolver.enabled(A, "flood") == (True, "group")


async def test_console_and_chat_see_each_others_changes(web: dict[str, Any]) -> None:
    client, group = web["client"], web["a"]
    await sign_in(web)
    csrf = csrf_of((await client.get(f"/huzhu/g/{A}/plugins")).text)
    done = await client.post(f"/huzhu/g/{A}/plugins/flood/toggle", data={"csrf": csrf, "on": "0"})
    assert done.status_code == 303
    shown = (await group.say("/功能", by=ADMIN, role=Role.ADMIN))[0].text
    line = next((x for x in shown.splitlines() if "flood" in x), shown)
    assert "⛔" in line
    # and the other way round: /配置 in the chat shows up in the console's form at once
    await group.say("/配置 queue page_size 7", by=ADMIN, role=Role.ADMIN)
    page = (await client.get(f"/huzhu/g/{A}/plugins")).text
    assert re.search(r'name="f_page_size" id="in-queue-page_size" value="7"', page)
    audit = [r[0] for r in await web["engine"].db.read(
        lambda c: c.exec_driver_sql("SELECT action FROM audit_log ORDER BY id").all())]  # fmt: skip
    assert audit[-2:] == ["disable", "config_set"]


async def test_bad_setting_shows_the_fields_error_and_saves_nothing(web: dict[str, Any]) -> None:
    client, group = web["client"], web["a"]
    await sign_in(web)
    csrf = csrf_of((await client.get(f"/huzhu/g/{A}/plugins")).text)
    bad = await client.post(f"/huzhu/g/{A}/plugins/queue/config",
                            data={"csrf": csrf, "f_page_size": "很多"})  # fmt: skip
    assert bad.status_code == 400
    field = field_html(bad.text, "queue-page_size")
    assert 'class="error"' in field and "很多" in field  # the error next to it, the value kept
    chat_error = (await group.say("/配置 queue page_size 很多", by=ADMIN, role=Role.ADMIN))[0].text
    shown = re.search(r'<div class="error" role="alert">(.*?)</div>', field, re.S).group(1)
    assert shown.strip() in chat_error  # the same words as /配置
    assert web["engine"].resolver.sources(A, "queue")["page_size"] != "override"
    good = await client.post(f"/huzhu/g/{A}/plugins/queue/config",
                             data={"csrf": csrf, "f_page_size": "12"})  # fmt: skip
    assert good.status_code == 303
    assert web["engine"].resolver.plugin_config(A, "queue").page_size == 12


async def test_logout_in_chat_ends_every_session(web: dict[str, Any]) -> None:
    client = web["client"]
    await sign_in(web)
    assert (await client.get(f"/huzhu/g/{A}/overview")).status_code == 200
    said = await web["a"].say("/后台 注销", by=ADMIN, role=Role.ADMIN)
    assert "1 个后台登录" in said[0].text
    assert (await client.get(f"/huzhu/g/{A}/overview")).status_code == 401


async def test_pages_show_the_groups_history(web: dict[str, Any]) -> None:
    client, group, engine = web["client"], web["a"], web["engine"]
    await group.say("/求助 https://mobile.yangkeduo.com/goods.html?goods_id=1 帮我砍一刀", by="qq:21",
                    name="小红")  # fmt: skip
    await group.say("/已助 1", by="qq:22", name="小明")
    await group.say("/确认 1", by="qq:21", name="小红")
    await group.say("/求助 https://mobile.yangkeduo.com/goods.html?goods_id=2 急", by="qq:23")
    await group.say("加我 13812345678 详聊", by="qq:24")
    await record_posts(engine, [Reply(A, "提醒"), Reply(A, "摘要")])
    await engine.flush_members()
    await sign_in(web)
    overview = (await client.get(f"/huzhu/g/{A}/overview")).text
    assert "data-chart" in overview and "&#34;data&#34;: [" in overview
    queue = (await client.get(f"/huzhu/g/{A}/queue")).text
    assert "#2" in queue and "#1<" not in queue
    ledger = await client.get(f"/huzhu/g/{A}/ledger", params={"member": "qq:22"})
    assert "小红" in ledger.text and "+1" in ledger.text
    csv_text = (await client.get(f"/huzhu/g/{A}/ledger.csv")).text
    assert csv_text.count("\n") == 3 and "qq:22" in csv_text
    members = (await client.get(f"/huzhu/g/{A}/members")).text
    assert "小明" in members
    moderation = (await client.get(f"/huzhu/g/{A}/moderation")).text
    assert "138****5678" in moderation and "13812345678" not in moderation  # personal data masked
    assert (await client.get(f"/huzhu/g/{A}/schedule")).status_code == 200
    # removing a request runs /移除: audited like the chat command
    csrf = csrf_of(queue)
    await client.post(f"/huzhu/g/{A}/queue/remove", data={"csrf": csrf, "seq": "2"})
    rows = await engine.db.read(
        lambda c: c.exec_driver_sql("SELECT actor, action FROM audit_log").all()
    )
    assert (ADMIN, "request_removed") in [tuple(r) for r in rows]


def test_refuses_a_public_address_without_tls() -> None:
    assert tls_problem("127.0.0.1", False, False) is None
    assert "HTTPS" in (tls_problem("0.0.0.0", False, False) or "")
    assert tls_problem("0.0.0.0", True, False) is None
    assert tls_problem("0.0.0.0", False, True) is None


def test_chinese_texts_have_no_machine_words() -> None:
    from huzhu.core.web.texts import TEXTS
    from tests.test_texts_zh import offences

    #: typed as they are: the server command, a file format, a plugin's name, the other language
    typed = {"huzhu", "web", "link", "run", "CSV", "P90", "reminder", "English"}
    bad = {k: w for k, t in TEXTS.templates("zh").items() if (w := set(offences(t)) - typed)}
    assert not bad


def test_huzhu_web_link_prints_a_working_link_and_web_refuses_plain_http_outside(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    from huzhu.core.cli import main
    from huzhu.testing import make_engine

    async def make() -> None:
        await (await make_engine(tmp_path)).close()

    asyncio.run(make())
    assert (
        main(["web", "link", "qqbot:G1", "--data-dir", str(tmp_path), "--member", "qqbot:owner"])
        == 0
    )
    out = capsys.readouterr().out.strip()
    token = re.search(r"/huzhu/login#t=([A-Za-z0-9_-]+)$", out).group(1)

    async def redeem() -> Any:
        engine = await make_engine(tmp_path)
        try:
            return await Console(engine).redeem(token)
        finally:
            await engine.close()

    _cookie, session = asyncio.run(redeem())
    assert session.member_id == "qqbot:owner" and session.groups == ("qqbot:G1",)
    # the link points where the console listens: --port (and --data-dir) before or after `link`
    for args in (
        ["web", "--port", "8799", "--data-dir", str(tmp_path), "link", "console:general"],
        ["web", "link", "console:general", "--port", "8799", "--data-dir", str(tmp_path)],
    ):
        assert main(args) == 0
        assert capsys.readouterr().out.startswith("http://127.0.0.1:8799/huzhu/login#t=")
    assert main(["web", "--data-dir", str(tmp_path), "--host", "0.0.0.0"]) == 2
    assert "HTTPS" in capsys.readouterr().err


class _Says:
    """Equal to any message whose text matches ``pattern`` (a link's token is random)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern, re.S)

    def __eq__(self, other: object) -> bool:
        return bool(self.pattern.search(str(other)))

    __hash__ = None  # type: ignore[assignment]


async def test_bridge_mounts_the_console_and_onebot_sends_the_link_privately(app: Any) -> None:
    import nonebot
    from nonebot.adapters.onebot.v11 import MessageSegment

    from tests.test_bridge import _bridge, expect_role, group_message, onebot_bot

    bridge = _bridge()
    mounted = [r for r in nonebot.get_app().routes if getattr(r, "path", "") == "/huzhu"]
    assert mounted, "the console is mounted on nonebot's server under /huzhu"
    transport = httpx.ASGITransport(app=nonebot.get_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8080") as client:
        page = await client.get("/huzhu/")
    assert page.status_code == 200 and "/后台" in page.text
    async with app.test_matcher(bridge._events) as ctx:
        bot = onebot_bot(ctx)
        event = group_message("/后台", group=791, user=43, role="admin")
        ctx.receive_event(bot, event)
        expect_role(ctx, 791, "admin")
        ctx.should_call_api(
            "send_private_msg",
            {"user_id": 43, "group_id": 791,
             "message": _Says(r"^u43，这是你的网页后台登录链接.*http://\S+/huzhu/login#t=[\w-]{40,}")},
            {"message_id": 1},
        )  # fmt: skip
        ctx.should_call_api(
            "send_group_msg",
            {"group_id": 791, "message": MessageSegment.reply(event.message_id)
             + MessageSegment.text(_Says(r"^u43，后台登录链接已私信发给你(?!.*(http|#t=))"))},
            {"message_id": 2},
        )  # fmt: skip


async def test_huzhu_web_beside_a_bot_shares_settings_through_the_database(
    web: dict[str, Any], huzhu_engine: Callable[..., Any]
) -> None:
    """``huzhu web`` in a second process: its engine and the bot's share only the database."""
    from huzhu.core.web.console import refresh_overrides

    bot = web["engine"]
    other = await huzhu_engine(None, database_url=str(bot.db.url))
    other.resolver.replace_config(bot.resolver.config)
    console = Console(other, "http://console.test/huzhu/", standalone=True)
    register(other, console)
    app = Starlette(routes=[Mount("/huzhu", create_app(console))])
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://console.test"
    ) as client:
        token = LINK.search(await web["console"].issue_link(ADMIN, [A], "zh")).group(1)
        assert (await client.post("/huzhu/login", data={"token": token})).status_code == 303
        await web["a"].say("/配置 queue page_size 9", by=ADMIN, role=Role.ADMIN)  # in the bot
        page = await client.get(f"/huzhu/g/{A}/plugins")
        assert 'id="in-queue-page_size" value="9"' in page.text
        await client.post(
            f"/huzhu/g/{A}/plugins/flood/toggle", data={"csrf": csrf_of(page.text), "on": "0"}
        )
    assert await refresh_overrides(bot)  # the bot's next tick
    said = (await web["a"].say("/功能", by=ADMIN, role=Role.ADMIN))[0].text
    assert "⛔" in next(x for x in said.splitlines() if "防刷屏" in x)


async def test_appeals_and_scheduled_posts_from_the_console(web: dict[str, Any]) -> None:
    client, group, engine = web["client"], web["a"], web["engine"]
    await group.say("/启用 reminder", by=ADMIN, role=Role.ADMIN)
    await group.say("/警告 @qq:24 刷屏", by=ADMIN, role=Role.ADMIN, mentions=["qq:24"])
    await group.say("/申诉 我没有刷屏", by="qq:24", name="小刚")
    await sign_in(web)
    page = (await client.get(f"/huzhu/g/{A}/moderation")).text
    assert "我没有刷屏" in page and 'id="appeal-1"' in page
    csrf = csrf_of(page)
    done = await client.post(
        f"/huzhu/g/{A}/appeals/1", data={"csrf": csrf, "decision": "pardon", "note": "误判"}
    )
    assert done.status_code == 303
    after = await client.get(f"/huzhu/g/{A}/moderation")
    assert 'id="appeal-1"' not in after.text and "撤销" in after.text  # the command's reply shown
    status = await engine.db.read(
        lambda c: c.exec_driver_sql("SELECT status FROM appeals").scalar()
    )
    assert status == "pardoned"
    # scheduled posts: /定时 and /取消定时 underneath
    await client.post(
        f"/huzhu/g/{A}/schedule/add",
        data={"csrf": csrf, "when": "每天 9:00", "text": "周末团购提醒"},
    )
    listing = (await group.say("/定时列表", by=ADMIN, role=Role.ADMIN))[0].text
    assert "周末团购提醒" in listing
    item = re.search(
        r'name="id" value="(\d+)"', (await client.get(f"/huzhu/g/{A}/schedule")).text
    ).group(1)
    await client.post(f"/huzhu/g/{A}/schedule/cancel", data={"csrf": csrf, "id": item})
    assert "周末团购提醒" not in (await group.say("/定时列表", by=ADMIN, role=Role.ADMIN))[0].text


# ---------------------------------------------------------------- the settings form
def field_html(page: str, dom: str) -> str:
    """The HTML of one setting's field (``queue-dispatch-daily_cap``)."""
    return re.search(rf'<div class="field[^"]*" id="f-{dom}".*?</div>\s*(?=<div class="field|</fieldset|<button)',
                     page, re.S).group(0)  # fmt: skip


async def test_plugins_and_settings_are_shown_by_their_chinese_names(web: dict[str, Any]) -> None:
    client = web["client"]
    await sign_in(web)
    page = (await client.get(f"/huzhu/g/{A}/plugins")).text
    titles = re.findall(r"<h2>(.*?) <span", page)
    assert "防刷屏" in titles and "求助队列" in titles and "防骗" in titles
    assert not {"flood", "queue", "anti_scam"} & set(titles)
    window = field_html(page, "flood-window")
    assert "发言时间窗" in window and 'value="1分钟"' in window  # not 60
    exempt = field_html(page, "quota-exempt_admins")
    assert ">开</option>" in exempt and ">关</option>" in exempt
    words = field_html(page, "content-words")
    assert 'value="加微信、刷单、兼职日结、代助收费、返利群"' in words and "<textarea" not in words
    # 派单 is its own labelled group of fields, not a JSON text box
    section = re.search(r'<fieldset class="section" id="s-queue-dispatch"><legend>派单</legend>'
                        r"(.*?)</fieldset>", page, re.S).group(1)  # fmt: skip
    assert "每人每天最多接几单" in section and 'name="f_dispatch.daily_cap"' in section
    assert 'id="in-queue-dispatch-reassign_after" value="10分钟"' in section
    assert 'name="f_dispatch"' not in page
    platforms = field_html(page, "content-platforms")
    assert '<input name="f_platforms" id="in-content-platforms" value=""' in platforms
    # free-form values alone stay JSON (a list of tiers)
    assert 'name="f_tiers" id="in-reputation-tiers" rows="6" class="json"' in page


async def test_a_dispatch_setting_saved_in_its_own_field_shows_in_chat(web: dict[str, Any]) -> None:
    client, group, engine = web["client"], web["a"], web["engine"]
    await sign_in(web)
    page = (await client.get(f"/huzhu/g/{A}/plugins")).text
    saved = await client.post(
        f"/huzhu/g/{A}/plugins/queue/config",
        data={"csrf": csrf_of(page), "f_dispatch.daily_cap": "5",
              "f_dispatch.reassign_after": "20分钟", "f_dispatch.enabled": "true"},
    )  # fmt: skip
    assert saved.status_code == 303
    dispatch = engine.resolver.plugin_config(A, "queue").dispatch
    assert (dispatch.daily_cap, dispatch.reassign_after, dispatch.enabled) == (5, 1200, True)
    assert dispatch.helpers_per_request == 2  # the section's other settings are untouched
    shown = (await group.say("/配置 派单", by=ADMIN, role=Role.ADMIN))[0].text
    assert "· 每人每天最多接几单（daily_cap）：5　〔管理员设置〕" in shown
    assert "· 多久没动静就改派（reassign_after）：20分钟　〔管理员设置〕" in shown
    assert "· 每个求助派给几人（helpers_per_request）：2　〔插件默认〕" in shown
    after = await client.get(f"/huzhu/g/{A}/plugins")
    assert "每人每天最多接几单（daily_cap） = 5" in after.text  # the reply of /配置, shown once
    assert 'id="in-queue-dispatch-reassign_after" value="20分钟"' in after.text
    rows = await engine.db.read(lambda c: c.exec_driver_sql(
        "SELECT key FROM overrides WHERE plugin = 'queue' ORDER BY key").all())  # fmt: skip
    assert [r[0] for r in rows] == ["dispatch.daily_cap", "dispatch.enabled",
                                    "dispatch.reassign_after"]  # fmt: skip
    # reset from the console: back to the file's value
    csrf = csrf_of(after.text)
    await client.post(f"/huzhu/g/{A}/plugins/queue/config",
                      data={"csrf": csrf, "reset_dispatch.daily_cap": "1"})  # fmt: skip
    assert engine.resolver.plugin_config(A, "queue").dispatch.daily_cap == 3


async def test_a_bad_dispatch_value_is_explained_in_chinese_next_to_its_field(
    web: dict[str, Any],
) -> None:
    client, group, engine = web["client"], web["a"], web["engine"]
    await sign_in(web)
    csrf = csrf_of((await client.get(f"/huzhu/g/{A}/plugins")).text)
    bad = await client.post(
        f"/huzhu/g/{A}/plugins/queue/config",
        data={"csrf": csrf, "f_dispatch.daily_cap": "999", "f_dispatch.pause_for": "2小时"},
    )
    assert bad.status_code == 400
    field = field_html(bad.text, "queue-dispatch-daily_cap")
    error = re.search(r'<div class="error" role="alert">(.*?)</div>', field, re.S).group(1)
    assert "不能大于 200" in error and 'value="999"' in field
    assert 'class="error"' not in field_html(bad.text, "queue-dispatch-pause_for")
    chat = (await group.say("/配置 派单 daily_cap=999", by=ADMIN, role=Role.ADMIN))[0].text
    assert error.strip() in chat  # the words of /配置
    dispatch = engine.resolver.plugin_config(A, "queue").dispatch
    assert (dispatch.daily_cap, dispatch.pause_for) == (3, 86400)  # nothing saved


async def test_an_english_group_reads_english_names_and_labels(web: dict[str, Any]) -> None:
    client = web["client"]
    await sign_in(web, web["c"])
    page = (await client.get(f"/huzhu/g/{C}/plugins")).text
    titles = re.findall(r"<h2>(.*?) <span", page)
    assert "flood control" in titles and "request queue" in titles
    messages = field_html(page, "flood-messages")
    assert "messages per member per window" in messages and "时间窗" not in messages
    assert "<legend>dispatch</legend>" in page
    reassign = field_html(page, "queue-dispatch-reassign_after")
    assert "time before reassigning" in reassign and 'value="10m"' in reassign
    assert ">on</option>" in field_html(page, "queue-dispatch-enabled")
    bad = await client.post(f"/huzhu/g/{C}/plugins/queue/config",
                            data={"csrf": csrf_of(page), "f_dispatch.daily_cap": "lots"})  # fmt: skip
    assert "whole number" in field_html(bad.text, "queue-dispatch-daily_cap")


def form_values(page: str, plugin: str) -> dict[str, str]:
    """What a browser sends for one plugin's settings form, untouched."""
    from html.parser import HTMLParser

    form = re.search(rf'action="[^"]*/plugins/{plugin}/config".*?</form>', page, re.S).group(0)
    values: dict[str, str] = {}

    class Reader(HTMLParser):
        name: str | None = None
        kind = ""

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "input" and a.get("type") != "checkbox":
                values[a["name"] or ""] = a.get("value") or ""
            elif tag in ("textarea", "select"):
                self.name, self.kind = a["name"], tag
                values[a["name"] or ""] = ""
            elif tag == "option" and "selected" in a:
                values[self.name or ""] = a["value"] or ""

        def handle_data(self, data: str) -> None:
            if self.kind == "textarea" and self.name:
                values[self.name] += data

        def handle_endtag(self, tag: str) -> None:
            if tag in ("textarea", "select"):
                self.name, self.kind = None, ""

    Reader().feed(form)
    return values


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_saving_untouched_forms_changes_nothing(web: dict[str, Any], lang: str) -> None:
    client, engine = web["client"], web["engine"]
    await sign_in(web, web["a"] if lang == "zh" else web["c"])
    gid = A if lang == "zh" else C
    page = (await client.get(f"/huzhu/g/{gid}/plugins")).text
    for plugin in engine.registry.names():
        if f"/plugins/{plugin}/config" not in page:
            continue
        said = await client.post(f"/huzhu/g/{gid}/plugins/{plugin}/config",
                                 data=form_values(page, plugin))  # fmt: skip
        assert said.status_code == 303, (plugin, said.text[:300])
    sent = form_values(page, "queue")
    assert sent["f_dispatch.reassign_after"] == ("10分钟" if lang == "zh" else "10m")
    assert sent["f_dispatch.enabled"] == "false" and len(sent) == 1 + 5 + 16
    rows = await engine.db.read(lambda c: c.exec_driver_sql("SELECT * FROM overrides").all())
    assert rows == []


async def test_the_console_beside_the_local_chat_leaves_ctrl_c_to_the_bot(tmp_path: Any) -> None:
    """uvicorn takes Ctrl+C over while it serves and raises it again when it stops: inside
    the bot one Ctrl+C became two, nonebot's force quit, cutting the database's close short."""
    import signal

    from huzhu.core.web.serve import server
    from huzhu.testing import make_engine

    engine = await make_engine(tmp_path)
    try:
        console = Console(engine)
        before = signal.getsignal(signal.SIGINT)
        with server(console, "127.0.0.1", 1, embedded=True).capture_signals():
            assert signal.getsignal(signal.SIGINT) is before
        with server(console, "127.0.0.1", 1).capture_signals():  # `huzhu web`: uvicorn's own
            assert signal.getsignal(signal.SIGINT) is not before
        assert signal.getsignal(signal.SIGINT) is before
    finally:
        await engine.close()
