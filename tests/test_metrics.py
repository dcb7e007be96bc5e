"""``/metrics``: what an operator sees of a process, in the core and on nonebot's server."""

from __future__ import annotations

import re

from huzhu.core import metrics
from huzhu.testing import FakeGroup
from tests.sample_plugins import Boom, Keyword


def _value(body: str, name: str, **labels: str) -> float:
    """The value of one sample in the exposition text (0 when absent)."""
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    pattern = (
        rf"^{re.escape(name)}(?:\{{{re.escape(want)}\}})? (\S+)$"
        if want
        else rf"^{re.escape(name)} (\S+)$"
    )
    found = re.search(pattern, body, re.M)
    return float(found.group(1)) if found else 0.0


async def test_metrics_after_some_events(engine_factory):
    engine = await engine_factory(
        "defaults:\n  plugins: {keyword: {word: spam}}\n", plugins=[Keyword(), Boom()]
    )
    before = metrics.render()[0].decode()
    group = FakeGroup(engine, "qq:914001")
    for i in range(2 * metrics.SAMPLE_EVERY):
        await group.say(f"你好 {i}", by=f"qq:{i}")
    await group.say("/爆炸", by="qq:1")
    await group.say("/求助 https://p.pinduoduo.com/M0000001", by="qq:2")
    body, kind = metrics.render()
    text = body.decode()
    assert kind.startswith("text/plain")
    grew = _value(text, "huzhu_events_total", kind="message") - _value(
        before, "huzhu_events_total", kind="message"
    )
    assert grew == 2 * metrics.SAMPLE_EVERY + 2
    # hook latency per plugin: sampled, so some rounds were timed for both plugins
    assert _value(text, "huzhu_hook_seconds_count", plugin="keyword", hook="check_message") >= 1
    assert 'huzhu_hook_seconds_bucket{hook="check_message",le="+Inf",plugin="boom"}' in text
    # errors by plugin: boom raises in every check_message and in its command
    assert _value(text, "huzhu_hook_errors_total", plugin="boom", hook="check_message") >= 34
    assert _value(text, "huzhu_command_errors_total", plugin="boom") >= 1
    # the group commit: the post was one durable write at least
    assert _value(text, "huzhu_write_batch_size_count") >= 1
    assert _value(text, "huzhu_write_batch_seconds_count") >= 1
    for name in ("huzhu_write_queue", "process_cpu_seconds_total", "huzhu_actions_total"):
        assert f"# TYPE {name.removesuffix('_total')}" in text


async def test_metrics_on_nonebots_server_answer_this_machine_only():
    """The bridge mounts /metrics on nonebot's ASGI app; other machines get 403 unless allowed."""
    import nonebot
    from async_asgi_testclient import TestClient

    app = nonebot.get_asgi()
    local = TestClient(app, scope={"client": ("127.0.0.1", 50000)})
    response = await local.get("/metrics")
    assert response.status_code == 200
    assert "huzhu_events_total" in response.text and "huzhu_hook_seconds" in response.text
    remote = TestClient(app, scope={"client": ("203.0.113.9", 50000)})
    assert (await remote.get("/metrics")).status_code == 403
