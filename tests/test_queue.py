"""The queue plugin: /队列, strategies, digests, and dispatch as a real matching."""

from __future__ import annotations

from huzhu.core import HelpRequest
from huzhu.core.requests.dispatch import Need, greedy, match
from huzhu.plugins.queue import anti_starvation, fifo, owed_first, round_robin
from huzhu.testing import FakeGroup, text


def _req(i: int, who: str, at: float) -> HelpRequest:
    return HelpRequest(i, "qq:1", who, f"l{i}", "pdd", "砍价", created_at=at, seq=i)


def test_strategies_order():
    reqs = [_req(1, "a", 1), _req(2, "a", 2), _req(3, "a", 3), _req(4, "b", 4), _req(5, "c", 5)]
    assert [r.id for r in fifo(reqs)] == [1, 2, 3, 4, 5]
    assert [r.id for r in round_robin(reqs)] == [1, 4, 5, 2, 3]
    balances = {"c": (5, 5, 0), "b": (-2, 0, 2)}
    assert [r.id for r in owed_first(reqs, balances)] == [5, 1, 2, 3, 4]
    # anything waiting 10 s or more jumps ahead, oldest first
    assert [r.id for r in anti_starvation(reqs, balances, now=12, after=10)] == [1, 2, 5, 3, 4]


def test_matching_beats_greedy():
    # R1 could use h1 or h2, R2 only h1 (h2 already helped R2's requester with this activity).
    needs = [Need(1, "r1", 1, "pdd:砍价"), Need(2, "r2", 1, "pdd:砍价")]
    helpers = ["h1", "h2"]
    kw = {"priority": {"h1": 0.0, "h2": 1.0}, "helped_pairs": {("h2", "r2", "pdd:砍价")}}
    assert greedy(needs, helpers, **kw) == {1: ["h1"]}  # greedy strands R2
    assert match(needs, helpers, **kw) == {1: ["h2"], 2: ["h1"]}  # both served


def test_matching_serves_more_requests_before_second_slots():
    needs = [Need(1, "r1", 2, "k"), Need(2, "r2", 2, "k")]
    out = match(needs, ["h1", "h2"])
    assert sorted(len(v) for v in out.values()) == [1, 1]
    assert match(needs, ["r1"]) == {2: ["r1"]}  # nobody helps themselves


def test_matching_respects_exclusions_and_capacity():
    needs = [Need(1, "r1", 3, "k")]
    assert match(needs, ["h1", "h2"], excluded={(1, "h1")}) == {1: ["h2"]}
    assert match([], ["h1"]) == {} and match(needs, []) == {}


YAML = """
defaults:
  commands: {rate: 1000}
  plugins:
    queue: {page_size: 2, strategy: fifo}
groups:
  "qq:2":
    plugins:
      queue: {digest_interval: 10m}
  "qq:3":
    plugins:
      queue:
        strategy: fifo
        dispatch: {enabled: true, helpers_per_request: 2, reassign_after: 30m, daily_cap: 5, active_within: 1h}
"""

LINKS = [f"https://p.pinduoduo.com/Code{i:04d}" for i in range(10)]


async def test_queue_pages(engine_factory):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    assert "队列是空的" in text(await g.say("/队列"))
    for i in range(3):
        await g.say(f"/求助 {LINKS[i]}", by=f"qq:{10 + i}")
    page1 = text(await g.say("/队列"))
    assert "第 1/2 页，共 3 个" in page1 and "#1 拼多多·其他｜qq:10 求助｜还差 1 人" in page1
    assert "下一页：/队列 2" in page1
    assert "#3" in text(await g.say("/queue 2")) and "#1" not in text(await g.say("/queue 2"))
    assert "没有第 5 页" in text(await g.say("/队列 5"))


async def test_queue_shows_links_names_time_left_and_the_next_step(engine_factory, clock):
    """Issue 15.3: a member can act on /队列 — link as announced, who asked, need, time, next step."""
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    posted = text(await g.say(f"/求助 {LINKS[0]} 需要3人 新人也行", by="qq:10", name="小红"))
    await g.say(f"/求助 {LINKS[1]}", by="qq:11", name="阿强")
    await g.say("/已助 1", by="qq:20", name="成员B")
    clock.advance(19 * 3600)
    queue = text(await g.say("/队列", by="qq:20", name="成员B"))
    lines = queue.splitlines()
    # the link on its own line, exactly as the announcement shows it (copyable)
    announced_link = next(line for line in posted.splitlines() if line.startswith("https://"))
    assert announced_link in lines
    assert "#1 拼多多·其他｜小红 求助｜还差 3 人｜还剩 5小时（你已报已助）" in lines
    assert "#2 拼多多·其他｜阿强 求助｜还差 1 人｜还剩 5小时" in lines
    assert "备注：新人也行" in lines
    assert "qq:10" not in queue and "qq:11" not in queue
    assert "助力后发送 /已助 编号（例如 /已助 2）" in queue  # an example they have not claimed yet
    own = text(await g.say("/队列", by="qq:10", name="小红"))
    assert "#1 拼多多·其他｜小红 求助｜还差 3 人｜还剩 5小时（你的求助）" in own


async def test_queue_in_english(engine_factory):
    engine = await engine_factory(YAML + '  "qq:9":\n    language: en\n')
    g = FakeGroup(engine, "qq:9")
    await g.say(f"/post {LINKS[0]}", by="qq:10", name="Alice")
    queue = text(await g.say("/queue", by="qq:20"))
    assert "asked by Alice | 1 more needed | 1d left" in queue and LINKS[0] in queue
    assert "/helped 1" in queue


async def test_digest_instead_of_one_message_each(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:2")
    acks = [text(await g.say(f"/求助 {LINKS[i]}", by=f"qq:{10 + i}")) for i in range(3)]
    assert all("已排队" in a and "📣" not in a for a in acks)
    # at most one digest per interval: the first tick sends the three together …
    digest = text(await engine.tick())
    assert "新求助汇总（3 个）" in digest and "#1" in digest and "#3" in digest
    await g.say(f"/求助 {LINKS[5]}", by="qq:30")
    clock.advance(60)
    assert "汇总" not in text(await engine.tick())  # … the next waits for the interval
    clock.advance(600)
    later = text(await engine.tick())
    assert "新求助汇总（1 个）" in later and "#4" in later
    clock.advance(601)
    assert "汇总" not in text(await engine.tick())  # nothing new


async def test_the_same_queue_page_is_not_posted_twice_in_a_row(engine_factory, clock):
    engine = await engine_factory("defaults:\n  plugins: {queue: true, help_before_ask: false}\n")
    g = FakeGroup(engine, "qq:1")
    await g.say("/求助 https://mobile.yangkeduo.com/bargain.html?goods_id=1", by="qq:10")
    first = text(await g.say("/队列", by="qq:20"))
    assert "goods_id=1" in first
    again = text(await g.say("/队列", by="qq:21", name="老王"))
    assert again.startswith("老王，这一页队列刚刚发过") and "goods_id" not in again
    # a change (a new request) or time passing posts it again
    await g.say("/求助 https://mobile.yangkeduo.com/bargain.html?goods_id=2", by="qq:11")
    assert "goods_id=2" in text(await g.say("/队列", by="qq:21"))
    clock.advance("2m")
    assert "goods_id=2" in text(await g.say("/队列", by="qq:22"))
