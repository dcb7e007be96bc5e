"""The group simulator: reproducible, its agents behave as specified, its CLI keeps its keys."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from huzhu.simulate import KEYS, PROFILES, Kind, gini, preset_yaml, simulate
from huzhu.simulate.world import DAILY_HELP_CAP, EXPIRY


@pytest.fixture(scope="module")
async def unmanaged():
    return await simulate("none", members=150, days=2, seed=5, keep_world=True)


@pytest.fixture(scope="module")
async def managed():
    return await simulate("all", members=150, days=2, seed=5, keep_world=True)


async def test_the_same_seed_gives_the_same_numbers():
    first = await simulate("rules+queue", members=60, days=2, seed=3)
    again = await simulate("rules+queue", members=60, days=2, seed=3)
    other = await simulate("rules+queue", members=60, days=2, seed=4)
    assert first.metrics == again.metrics and first.messages == again.messages
    assert other.metrics != first.metrics
    assert list(first.metrics) == list(KEYS)


def _binomial_ok(successes: int, trials: int, p: float) -> bool:
    """Within four standard deviations of ``p`` (a false alarm about once in 30,000 runs)."""
    if trials == 0:
        return True
    sd = math.sqrt(trials * p * (1 - p)) or 1
    return abs(successes - trials * p) <= 4 * sd + 1


@pytest.mark.parametrize("run", ["unmanaged", "managed"])
def test_members_help_at_their_kinds_rate(run, request):
    world = request.getfixturevalue(run).world
    for kind in (Kind.FREE_RIDER, Kind.ALTRUIST):
        agents = [a for a in world.agents.values() if a.kind is kind]
        chances = sum(a.chances for a in agents)
        helped = sum(a.chance_helps for a in agents)
        assert chances > 20, (kind, chances)
        # each help is one chance taken: free-riders never help more than their rate allows
        assert all(a.chance_helps <= a.chances for a in agents)
        rate = PROFILES[kind].help_rate  # both rates are equal for these kinds
        assert _binomial_ok(helped, chances, rate), (kind, helped, chances, rate)
    by_kind = {
        k: sum(a.helps for a in world.agents.values() if a.kind is k)
        / max(1, sum(a.kind is k for a in world.agents.values()))
        for k in Kind
    }
    assert by_kind[Kind.ALTRUIST] > by_kind[Kind.RECIPROCATOR] > by_kind[Kind.FREE_RIDER]
    assert by_kind[Kind.SPAMMER] == by_kind[Kind.SCAMMER] == 0


@pytest.mark.parametrize("run", ["unmanaged", "managed"])
def test_the_platforms_limits_hold(run, request):
    world = request.getfixturevalue(run).world
    for agent in world.agents.values():
        assert max(agent.helps_today.values(), default=0) <= DAILY_HELP_CAP
    for req in world.requests:
        assert req.owner.id not in req.helpers  # nobody helps their own link
        if req.completed_at is not None:
            assert len(req.helpers) >= req.needed
            assert req.completed_at <= req.posted_at + EXPIRY
        else:
            assert len(req.helpers) < req.needed


def test_spammers_and_scammers_do_their_thing_and_the_rules_answer(unmanaged, managed):
    none, full = unmanaged.world, managed.world
    # spammers post bursts of six identical messages; scammers post scams and never help
    texts = [(p.author.kind, p.text) for p in none.timeline if p.author is not None]
    burst = any(
        all(texts[i + j] == texts[i] for j in range(6))
        for i in range(len(texts) - 6)
        if texts[i][0] is Kind.SPAMMER
    )
    assert burst
    assert none.scams and all(p.author.kind is Kind.SCAMMER for p in none.scams)
    assert unmanaged.metrics["scam_visible_minutes"] > 600  # nobody removes them
    # with every plugin on: scams come down at once, spammers are muted, nobody legit is
    assert full.scams and all(p.deleted_at == p.at for p in full.scams)
    assert managed.metrics["scam_visible_minutes"] == 0
    assert any(a.muted_until > 0 for a in full.agents.values() if a.kind is Kind.SPAMMER)
    assert managed.metrics["wrongly_punished"] == 0
    # inactive members come by far less often than reciprocators
    visits = {k: [len(a.sessions) for a in full.agents.values() if a.kind is k] for k in Kind}
    assert max(visits[Kind.INACTIVE]) < sum(visits[Kind.RECIPROCATOR]) / len(
        visits[Kind.RECIPROCATOR]
    )


def test_an_unmanaged_group_has_no_bot_and_a_managed_one_talks():
    assert "rules: false" in preset_yaml("none") and "anti_scam: true" in preset_yaml("all")
    with pytest.raises(ValueError, match="unknown configuration"):
        preset_yaml("rules+magic")


async def test_the_metrics(unmanaged, managed):
    assert unmanaged.metrics["bot_messages_per_completion"] == 0
    assert managed.metrics["bot_messages_per_completion"] > 0
    assert managed.metrics["asks_refused"] > 0  # 先助人后求助 refuses free-riders
    for run in (unmanaged, managed):
        m = run.metrics
        assert 0 < m["completion_rate"] <= 1 and 0 <= m["gini_helps"] < 1
        assert m["median_hours_to_complete"] <= m["p90_hours_to_complete"] <= 24
    assert gini([1, 1, 1, 1]) == 0 and gini([0, 0, 0, 10]) == pytest.approx(0.75)


def test_the_cli_prints_stable_json_and_a_table(tmp_path):
    cmd = [sys.executable, "-m", "huzhu.core.cli", "simulate", "--members", "40", "--days", "1"]
    out = subprocess.run(
        [*cmd, "--config", "none", "rules+anti_scam", "--json", "--jobs", "2"],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    data = json.loads(out.stdout)
    assert (data["members"], data["days"], data["seed"]) == (40, 1, 1)
    assert [r["config"] for r in data["runs"]] == ["none", "rules+anti_scam"]
    for r in data["runs"]:
        assert list(r) == ["config", *KEYS]
    table = subprocess.run(
        [*cmd, "--config", "none", "--jobs", "1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    assert table.startswith("huzhu simulate: 40 members, 1 days, seed 1 (Python ")
    assert "completion rate (legit requests)" in table and "run time" in table
    bad = subprocess.run(
        [*cmd, "--config", "nonsense"], capture_output=True, text=True, timeout=300
    )
    assert bad.returncode == 2 and "unknown configuration" in bad.stderr


def test_plot_draws_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    from huzhu.simulate.report import plot
    from huzhu.simulate.run import Run

    runs = [
        Run("none", dict.fromkeys(KEYS, 0.5), 1.0, 10),
        Run("all", dict.fromkeys(KEYS, 0.9), 1.0, 10),
    ]
    path = tmp_path / "sim.png"
    plot(runs, str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_colluders_claim_for_each_other_without_helping(managed, unmanaged):
    """Issue 17: colluders (pairs, rings of 3) claim their ring's requests without clicking and
    get credited; they click only the least 先助人后求助 asks of them (one help when refused)."""
    world = managed.world
    colluders = {a.id: a for a in world.agents.values() if a.kind is Kind.COLLUDER}
    assert colluders and all(len(a.ring) >= 2 for a in colluders.values())
    # every claim that reached the ledger, kept or later reversed by the collusion review (in
    # this small world the review may reverse them all: net credit 0)
    credited = [(h, s) for _claim, h, s, _credit in world.credit if h in colluders]
    fake = [(h, s) for h, s in credited if h not in world.by_seq[s].helpers]
    assert fake and all(world.by_seq[s].owner.id in colluders[h].ring for h, s in fake)
    # their only real clicks are the one help a 先助人后求助 refusal forces (at rate 1, one
    # request each time): never a help given at a helping rate
    assert all(a.chances == a.chance_helps == a.helps for a in colluders.values())
    # ring-mates claim a colluder's request as soon as it is up (they sit together)
    posted = [r for r in world.requests if r.owner.id in colluders and r.seq is not None]
    assert posted and all(r.claimed <= set(r.owner.ring) for r in posted)
    assert sum(bool(r.claimed) for r in posted) >= 0.9 * len(posted)
    # measured where there is a ledger (here the collusion review may have reversed every one)
    assert managed.metrics["fake_credit_share"] is not None
    assert unmanaged.metrics["fake_credit_share"] is None  # no bot, no ledger


def test_what_members_want_is_the_same_in_every_configuration(unmanaged, managed):
    """Each member draws from streams of their own (seed, member, purpose): the size of each
    wish to ask and what they chat do not depend on what the bot did to anyone."""
    from huzhu.simulate.world import CHAT

    sizes = [{(r.owner.id, r.wish): r.needed for r in run.world.requests}
             for run in (unmanaged, managed)]  # fmt: skip
    common = sizes[0].keys() & sizes[1].keys()
    assert len(common) > 50
    assert all(sizes[0][k] == sizes[1][k] for k in common)
    assert len({sizes[0][k] for k in common}) == 4  # 1, 3, 5 and 10 helps all occur

    def chats(world, agent_id):
        return [p.text for p in world.timeline
                if p.author is not None and p.author.id == agent_id and p.text in CHAT]  # fmt: skip

    free = [a.id for a in managed.world.agents.values()
            if a.kind.legit and not a.kicked and a.muted_until == 0]  # fmt: skip
    assert len(free) > 100
    assert all(chats(unmanaged.world, i) == chats(managed.world, i) for i in free)
    assert sum(len(chats(managed.world, i)) for i in free) > 100


def test_a_private_note_that_arrives_during_a_visit_is_read_a_minute_later(managed, unmanaged):
    from huzhu.simulate.world import NOTICE_DELAY, NOTICED_WITHIN

    world = managed.world
    assert world.tally.noticed > 0 and unmanaged.world.tally.noticed == 0  # none: no bot
    here, gone = [a for a in world.agents.values() if a.kind is Kind.RECIPROCATOR][:2]
    now = world.now
    world._visit[here.id] = (now - NOTICED_WITHIN + 1, 0)  # still in the app
    world._visit[gone.id] = (now - NOTICED_WITHIN - 1, 0)  # left a moment ago
    for member in (here, gone):
        world._tell(member.id, "📌 派单给你：请帮助力 #1")
    assert world._noticed.get(here.id) == now + NOTICE_DELAY and gone.id not in world._noticed
    world._tell(gone.id, "已记录你对 #1 的助力")  # an answer, not a note: nothing to act on
    assert gone.id not in world._noticed
