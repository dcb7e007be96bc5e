"""The web console in a real browser: Playwright driving Debian's chromium (never a downloaded one).

One browser for the module; the console is served by uvicorn on this test loop, over an
engine whose group has a fortnight of history made through the chat commands.
Screenshots of every page (at a phone's width) are saved in the module's temporary folder.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path
from typing import Any

import pytest

from huzhu.core.events import PrivateMessage, Reply
from huzhu.core.web.activity import record_posts
from huzhu.core.web.console import Console, register
from huzhu.core.web.serve import server
from huzhu.testing import FakeGroup, ManualClock, Role, make_config, make_engine

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason=f"{CHROMIUM} is not installed (.ci/run installs Debian's chromium with apt-get)",
)
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

A, B = "qq:1000", "qq:2000"
ADMIN = "qq:7"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
PHONE = {"width": 390, "height": 844}
GROUPS = {A: {"plugins": {"flood": True, "queue": True, "reminder": True}},
          B: {"plugins": {"flood": True}}}  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _history(group: FakeGroup, clock: ManualClock) -> None:
    """Two weeks of requests, helps, confirmations and a few violations, through the chat."""
    seq = 0
    for day in range(14):
        for n in range(1 + day % 4):
            seq += 1
            asker, helper = f"qq:{100 + (seq % 9)}", f"qq:{200 + (seq * 7 % 5)}"
            await group.say(f"/求助 https://mobile.yangkeduo.com/goods.html?goods_id={seq}",
                            by=asker, name=f"成员{asker[-3:]}")  # fmt: skip
            if n % 3 != 2:
                clock.advance(600 + 300 * n)
                await group.say(f"/已助 {seq}", by=helper, name=f"助人{helper[-3:]}")
                await group.say(f"/确认 {seq}", by=asker, name=f"成员{asker[-3:]}")
        if day % 3 == 0:
            await group.say("加我微信 13812345678 详聊", by=f"qq:{300 + day}")
        await record_posts(group.engine, [Reply(A, "提醒")] * (2 + day % 5))
        clock.advance(86400 - 1800)


@pytest.fixture(scope="module")
async def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from playwright.async_api import async_playwright

    clock = ManualClock()
    engine = await make_engine(
        tmp_path_factory.mktemp("data"),
        make_config(groups=GROUPS),
        clock=clock,
    )
    port = _free_port()
    console = Console(engine, f"http://127.0.0.1:{port}/huzhu/")
    register(engine, console)
    group = FakeGroup(engine, A)
    await _history(group, clock)
    await engine.flush_members()
    srv = server(console, "127.0.0.1", port)
    import asyncio

    task = asyncio.create_task(srv.serve())
    for _ in range(500):  # uvicorn has no start-up event to wait for
        if srv.started:
            break
        await asyncio.sleep(0.02)
    shots = tmp_path_factory.mktemp("screenshots")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield {"engine": engine, "group": group, "browser": browser, "shots": shots,
               "clock": clock}  # fmt: skip
        await browser.close()
    srv.should_exit = True
    await task
    await engine.close()


async def _link(site: dict[str, Any]) -> str:
    actions = await site["group"].say("/后台", by=ADMIN, role=Role.ADMIN, name="群主")
    return next(a.text for a in actions if isinstance(a, PrivateMessage)).split("\n")[1]


async def _signed_in(site: dict[str, Any]) -> Any:
    context = await site["browser"].new_context(viewport=PHONE, locale="zh-CN")
    page = await context.new_page()
    await page.goto(await _link(site))
    await page.click("#login button")
    try:
        await page.wait_for_url(re.compile(r"/huzhu/$"), timeout=3000)
    except Exception:
        print("URL", page.url, await page.content())
        raise
    return page


async def test_sign_in_every_page_at_phone_width_with_drawn_charts(site: dict[str, Any]) -> None:
    page = await _signed_in(site)
    shots: Path = site["shots"]
    await page.screenshot(path=str(shots / "groups.png"), full_page=True)
    assert B not in await page.content()
    for name in ("overview", "queue", "ledger", "members", "moderation", "plugins", "schedule"):
        await page.goto(f"{page.url}g/{A}/{name}" if name == "overview" else
                        page.url.rsplit("/", 1)[0] + f"/{name}")  # fmt: skip
        assert await page.title() and "127.0.0.1" not in await page.title()
        if name == "overview":
            await page.wait_for_selector("canvas[data-drawn]")
            # each chart's canvas has pixels drawn (not a blank box)
            drawn = await page.evaluate("""() => [...document.querySelectorAll('canvas')].map(c => {
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })""")
            assert len(drawn) == 4 and all(n > 500 for n in drawn), drawn
            # hover shows the numbers: Chart.js's tooltip for the first chart
            box = await page.locator("#chart-requests").bounding_box()
            await page.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2)
            tip = await page.evaluate("""() => { const c = Chart.getChart('chart-requests');
                return c.tooltip.getActiveElements().length; }""")
            assert tip >= 1
            assert "完成率" in await page.content()
        # usable on a phone: nothing wider than the screen but the scrollable tables
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, (name, width)
        await page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert len(os.listdir(shots)) >= 8
    # the English switch: the same page in English, then back
    await page.click("a.lang")
    assert await page.locator("nav a.here").inner_text() == "Scheduled posts"
    await page.click("a.lang")
    assert await page.locator("nav a.here").inner_text() == "定时消息"
    await page.context.close()


async def test_links_are_single_use_and_expire(site: dict[str, Any]) -> None:
    context = await site["browser"].new_context(viewport=PHONE)
    page = await context.new_page()
    link = await _link(site)
    await page.goto(link)
    await page.click("#login button")
    await page.wait_for_url(re.compile(r"/huzhu/$"))
    await context.clear_cookies()
    await page.goto(link)  # the same link again
    await page.click("#login button")
    assert "已用过或已过期" in await page.content()
    late = await _link(site)
    site["clock"].advance(601)
    await page.goto("about:blank")
    await page.goto(late)
    await page.click("#login button")
    assert "已用过或已过期" in await page.content()
    await page.screenshot(path=str(site["shots"] / "login-refused.png"))
    await context.close()


async def test_group_bounds_csrf_toggle_and_field_error(site: dict[str, Any]) -> None:
    page = await _signed_in(site)
    base = page.url
    engine, group = site["engine"], site["group"]
    # group B: neither its pages nor a forged form post
    response = await page.goto(f"{base}g/{B}/plugins")
    assert response.status == 403 and "不是这个群的管理员" in await page.content()
    await page.goto(f"{base}g/{A}/plugins")
    status = await page.evaluate(
        """async ([url, csrf]) => (await fetch(url, {method: 'POST', body: new URLSearchParams(
               {csrf: csrf, on: '0'})})).status""",
        [f"{base}g/{B}/plugins/flood/toggle",
         await page.locator("input[name=csrf]").first.get_attribute("value")],
    )  # fmt: skip
    assert status == 403 and engine.resolver.enabled(B, "flood")[0]
    # a POST without the CSRF token
    status = await page.evaluate(
        """async (url) => (await fetch(url, {method: 'POST', body: new URLSearchParams(
               {on: '0'})})).status""",
        f"{base}g/{A}/plugins/flood/toggle",
    )
    assert status == 403 and engine.resolver.enabled(A, "flood")[0]
    # toggle flood off in the console: /功能 in the chat says so
    await page.locator("#p-flood button.toggle").click()
    await page.wait_for_selector("#p-flood .state.off")
    said = (await group.say("/功能", by=ADMIN, role=Role.ADMIN))[0].text
    assert "⛔" in next(x for x in said.splitlines() if "防刷屏" in x)
    # a bad value: the field's error next to it, the typed value kept
    await page.locator("#p-queue summary").click()
    await page.fill("#in-queue-page_size", "很多")
    await page.locator("#p-queue button[type=submit]").click()
    error = page.locator("#f-queue-page_size .error")
    await error.wait_for()
    assert await page.input_value("#in-queue-page_size") == "很多"
    assert (await error.inner_text()).strip()
    await page.screenshot(path=str(site["shots"] / "plugins-error.png"), full_page=True)
    await page.context.close()
