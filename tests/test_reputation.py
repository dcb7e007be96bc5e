"""信用分: score components and tiers, /信用, tier drops, and tier privileges in the queue and quotas."""

from __future__ import annotations

import re

from huzhu.core import HelpRequest, Role
from huzhu.plugins.queue import by_weight
from huzhu.plugins.reputation import Config, score_of
from huzhu.testing import FakeGroup, make_config, text

DAY = 86400.0
LINKS = [f"https://p.pinduoduo.com/Rep{i:04d}" for i in range(20)]


def _record(**kw):
    base = {"given": 0, "verified": 0, "received": 0, "denied": 0, "violations": [],
            "appeals_won": 0, "recent": 0, "first_seen": None}  # fmt: skip
    return {**base, **kw}


def test_score_components_decay_and_tiers():
    cfg = Config()
    now = 1000 * DAY
    s = score_of(_record(given=42, denied=1, first_seen=now - 90 * DAY), cfg, now)
    parts = {k: (n, p) for k, n, p in s.parts}
    assert parts["given"] == (42, 42.0) and parts["denied"] == (1, -5.0)
    assert parts["violations"] == (0, 0.0) and parts["tenure"] == (90, 9.0)
    assert s.total == 46.0 and s.tier.name == "普通" and s.next_tier.name == "可信"
    # evidence-verified helps weigh more; a severe violation today costs 15, 30 days ago half
    fresh = score_of(_record(given=10, verified=4, violations=[(3, now)]), cfg, now)
    old = score_of(_record(given=10, verified=4, violations=[(3, now - 30 * DAY)]), cfg, now)
    assert fresh.total == 10 + 2 - 15 and old.total == 10 + 2 - 7.5
    assert fresh.tier.name == "新人"
    top = score_of(_record(given=200, recent=100, first_seen=now - 400 * DAY), cfg, now)
    assert top.tier.name == "荣誉" and top.next_tier is None
    assert {k: p for k, _, p in top.parts}["recent"] == 10.0  # capped
    assert {k: p for k, _, p in top.parts}["tenure"] == 30.0  # capped


YAML = make_config(
    {
        "reputation": {
            "tiers": [{"name": "新人", "min": -1000}, {"name": "普通", "min": 1},
                      {"name": "可信", "min": 2, "queue_weight": 5, "daily_bonus": 1,
                       "max_open_bonus": 2, "exempt_new_member_rules": True}],
            "weights": {"minor": -20, "tenure_per_day": 0, "recent": 0},
        },
        "quota": {"per_day": 1, "cooldown": 0, "max_open": 1},
        "queue": {"strategy": "reputation"},
        "content": {"words": ["刷单"], "severity": "minor"},
    },
    defaults={"commands": {"rate": 1000, "work_rate": 1000}, "requests": {"max_open": 5}},
)  # fmt: skip


async def _help(g: FakeGroup, asker: str, helper: str, link: str) -> None:
    posted = text(await g.say(f"/求助 {link}", by=asker))
    seq = re.search(r"#(\d+)", posted).group(1)
    await g.say(f"/已助 {seq}", by=helper)
    assert "已确认" in text(await g.say(f"/确认 {seq}", by=asker))


async def test_credit_command_tier_drop_told_once(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    await _help(g, "qq:10", "qq:20", LINKS[0])
    clock.advance(DAY)
    await _help(g, "qq:11", "qq:20", LINKS[1])
    mine = text(await g.say("/信用", by="qq:20", name="小张"))
    assert "小张 的信用分 2（可信）" in mine and "确认助力 2 次 +2" in mine and "违规 0" in mine
    assert "已是最高等级" in mine
    # members see only their own; admins anyone's
    assert "只有管理员" in text(await g.say("/信用 @qq:20", by="qq:10", mentions=["qq:20"]))
    other = text(await g.say("/credit @qq:20", by="qq:99", role=Role.ADMIN, mentions=["qq:20"]))
    assert "的信用分 2（可信）" in other
    # a violation drops the tier at once, and the member is told why — once
    dropped = text(await g.say("来刷单吧", by="qq:20", name="小张"))
    assert "信用等级从「可信」降为「新人」" in dropped and "违规 1 次 −20" in dropped
    again = text(await g.say("刷单刷单", by="qq:20", name="小张"))
    assert "信用等级" not in again


async def test_tier_privileges_in_queue_and_quota(engine_factory, clock):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    # qq:20 earns 可信 (2 confirmed helps); qq:30 stays 新人
    await _help(g, "qq:10", "qq:20", LINKS[0])
    await _help(g, "qq:11", "qq:20", LINKS[1])
    clock.advance(DAY)
    await g.say(f"/求助 {LINKS[2]}", by="qq:30")
    clock.advance(100)
    await g.say(f"/求助 {LINKS[3]}", by="qq:20")
    clock.advance(60)
    # weight 5: the 可信 request, 100 s younger, has "waited" 300 s to the other's 160
    queue = text(await g.say("/队列", by="qq:40"))
    assert queue.index("qq:20 求助") < queue.index("qq:30 求助")
    # daily quota 1 + bonus 1 and max_open 1 + bonus 2 for 可信; 新人 stays at 1
    assert "已排队" in text(await g.say(f"/求助 {LINKS[4]}", by="qq:20")) or "#" in g.pending()[-1]
    refused = text(await g.say(f"/求助 {LINKS[5]}", by="qq:20"))
    assert "每人每天最多 2 个" in refused
    assert "最多 1 个" in text(await g.say(f"/求助 {LINKS[6]}", by="qq:30"))


def test_by_weight_keeps_starving_requests_first():
    reqs = [HelpRequest(i, "qq:1", who, f"l{i}", "pdd", "砍价", created_at=at, seq=i)
            for i, who, at in ((1, "a", 0), (2, "b", 100), (3, "c", 150))]  # fmt: skip
    weights = {"c": 10.0}
    assert [r.id for r in by_weight(reqs, weights, now=200, after=10_000)] == [3, 1, 2]
    assert [r.id for r in by_weight(reqs, weights, now=200, after=100)] == [1, 2, 3]


def test_simulator_reports_by_tier_under_stable_keys():
    from types import SimpleNamespace as R

    from huzhu.simulate.metrics import KEYS, by_tier
    from huzhu.simulate.report import _cell

    reqs = [R(tier="新人", posted_at=0, completed_at=7200), R(tier="新人", posted_at=0, completed_at=None),
            R(tier="可信", posted_at=0, completed_at=1800), R(tier="", posted_at=0, completed_at=60)]  # fmt: skip
    out = by_tier(reqs)
    assert out == {"median_hours_by_tier": {"新人": 2.0, "可信": 0.5},
                   "completion_by_tier": {"新人": 0.5, "可信": 1.0}}  # fmt: skip
    assert {"median_hours_by_tier", "completion_by_tier"} <= set(KEYS)
    assert _cell("completion_by_tier", out["completion_by_tier"]) == "新人 50% · 可信 100%"
    assert _cell("median_hours_by_tier", {}) == "—"


async def test_cached_record_takes_violations_in_memory_and_a_pardon_makes_it_stale(
    engine_factory, clock, monkeypatch
):
    from huzhu.core.storage import reputation as reputation_store

    reads: list[list[str]] = []
    real = reputation_store.record

    def counted(conn, groups, accounts, recent_since):
        reads.append(accounts)
        return real(conn, groups, accounts, recent_since)

    monkeypatch.setattr(reputation_store, "record", counted)
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    await _help(g, "qq:10", "qq:20", LINKS[0])
    await _help(g, "qq:11", "qq:20", LINKS[1])
    assert "（可信）" in text(await g.say("/信用", by="qq:20", name="小张"))
    reads.clear()
    # the score is cached: the violation is added to the cached record, nothing is read
    dropped = text(await g.say("来刷单吧", by="qq:20", name="小张"))
    assert "信用等级从「可信」降为「新人」" in dropped and "违规 1 次 −20" in dropped
    assert reads == []
    assert "违规 1 次 −20" in text(await g.say("/信用", by="qq:20", name="小张"))
    assert reads == []
    # a pardon announces no hook: the cached record is stale and read again
    await g.say("/解除 @qq:20", by="qq:99", role=Role.ADMIN, mentions=["qq:20"])
    after = text(await g.say("/信用", by="qq:20", name="小张"))
    assert "（可信）" in after and "违规 0" in after and len(reads) == 1
