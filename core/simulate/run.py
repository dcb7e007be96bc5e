"""Run a simulated group under one plugin configuration.

A configuration is a preset spelled with ``+`` (``none``, ``rules``,
``rules+queue``, ``rules+queue+dispatch``, ``…+anti_scam``, ``all``) or a path to
a ``plugins.yaml``. The same seed gives the same members, the same visits and
the same decisions, so configurations are compared on the same group.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import yaml

from huzhu.core.clock import ManualClock
from huzhu.simulate.agents import make_agents, plan
from huzhu.simulate.metrics import measure
from huzhu.simulate.world import GROUP, World

#: what each preset word turns on
PARTS = ("none", "rules", "queue", "dispatch", "anti_scam", "all", "collusion", "reputation")
DEFAULT_CONFIGS = (
    "none",
    "rules",
    "rules+queue",
    "rules+queue+dispatch",
    "rules+queue+dispatch+anti_scam",
    "rules+queue+dispatch+anti_scam+collusion",
)
ALL_PLUGINS = (
    "rules",
    "content",
    "queue",
    "help_before_ask",
    "quota",
    "flood",
    "anti_scam",
    "reminder",
    "ledger",
    "collusion",
    "reputation",
    "shop",
    "alliance",
)
TICK = 900.0
ZONE = "Asia/Shanghai"


def preset_yaml(spec: str) -> str:
    """``plugins.yaml`` text for a preset such as ``rules+queue+anti_scam``."""
    words = [w.strip() for w in spec.split("+") if w.strip()]
    unknown = [w for w in words if w not in PARTS]
    if unknown or not words:
        raise ValueError(
            f"unknown configuration {spec!r}: use a plugins.yaml path or "
            f"{'+'.join((*PARTS[1:5], PARTS[6]))} (any of them), none or all"
        )
    if "all" in words:
        words = ["rules", "queue", "dispatch", "anti_scam", "collusion"]
    plugins: dict[str, Any] = dict.fromkeys(ALL_PLUGINS, False)
    if "rules" in words:
        plugins |= {
            "rules": True,
            "content": {
                "words": ["加微信", "刷单", "兼职日结", "代助收费", "返利群"],
                "severity": "minor",
            },
            "help_before_ask": True,
            "quota": {"per_day": 3, "cooldown": "10m"},
            "flood": True,
        }
    if "queue" in words or "dispatch" in words:
        plugins |= {"queue": {"dispatch": {"enabled": "dispatch" in words}}, "reminder": True}
    if "anti_scam" in words:
        plugins["anti_scam"] = True
    if "collusion" in words:  # its defaults; the world's admin answers each review with 撤销
        plugins["collusion"] = True
    if "reputation" in words:  # 信用分 tiers, and the queue ordered by them when it runs
        plugins["reputation"] = True
        if plugins.get("queue"):
            plugins["queue"] = {**plugins["queue"], "strategy": "reputation"}
    config = {
        "defaults": {
            "language": "zh",
            "timezone": ZONE,
            "requests": {"auto_confirm": "2h", "expiry": {"default": "24h"}},
            "plugins": plugins,
        }
    }
    if words == ["none"]:  # no bot at all: not even the core's pointer to /求助
        config["defaults"]["commands"] = {"pointer": False}
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def config_text(spec: str) -> str:
    """The YAML for ``spec``: a file's contents, or a preset's."""
    if spec.endswith((".yaml", ".yml")) or Path(spec).is_file():
        return Path(spec).read_text(encoding="utf-8")
    return preset_yaml(spec)


@dataclass
class Run:
    """One configuration's result."""

    config: str
    metrics: dict[str, Any]
    seconds: float
    messages: int
    #: the finished world (agents, requests, timeline), when asked for with ``keep_world``
    world: World | None = None

    def as_json(self) -> dict[str, Any]:
        return {"config": self.config, **self.metrics}


def start_of(days_from: str = "2026-03-02") -> float:
    """A local midnight (a Monday) in the group's zone, as epoch seconds."""
    return datetime.fromisoformat(days_from).replace(tzinfo=ZoneInfo(ZONE)).timestamp()


async def simulate(
    spec: str, *, members: int = 1000, days: int = 7, seed: int = 1, keep_world: bool = False
) -> Run:
    """Play ``days`` days of a group of ``members`` under ``spec``; one extra day lets the
    last requests run their course (no new requests then), so every request is judged."""
    from huzhu.core.engine import Engine
    from huzhu.core.storage.db import Database, sqlite_url
    from huzhu.testing import registry_with

    began = time.perf_counter()
    np_rng = np.random.default_rng(seed)
    start = start_of()
    agents = make_agents(members, np_rng)
    plan(agents, start, days + 1, np_rng)
    for agent in agents:  # wishes to ask only in the first ``days`` days
        agent.asks = [t for t in agent.asks if t < start + days * 86400]
    clock = ManualClock(start)
    with tempfile.TemporaryDirectory(prefix="huzhu-sim-") as tmp:
        config = Path(tmp) / "plugins.yaml"
        config.write_text(config_text(spec), encoding="utf-8")
        # a throwaway database: no fsync per commit, and no thread hop per call (nothing else
        # runs meanwhile); the real engine and the same SQL otherwise
        db = Database(sqlite_url(tmp), durable=False, inline=True)
        engine = Engine(db, registry=registry_with(), config_path=config, clock=clock)
        loaded = await engine.start()
        try:
            if loaded.errors:
                raise ValueError(f"{spec}: " + "; ".join(str(e) for e in loaded.errors))
            enabled = engine.resolver.group(GROUP).enabled
            world = World(
                engine, clock, agents, seed, managed=bool(enabled), queue="queue" in enabled
            )
            visits = sorted((t, i) for i, a in enumerate(agents) for t in a.sessions)
            end = start + (days + 1) * 86400
            next_tick = start + TICK
            for at, i in visits:
                while next_tick <= at:
                    clock.now = next_tick
                    await world.tick()
                    next_tick += TICK
                clock.now = max(clock.now, at)
                await world.session(agents[i])
            clock.now = end
            await world.tick()
            await _trust_outcome(engine, world)
            metrics = measure(world, end)
        finally:
            await engine.close()
    messages = world.tally.member_messages + world.tally.bot_messages
    return Run(spec, metrics, time.perf_counter() - began, messages, world if keep_world else None)


async def _trust_outcome(engine: Any, world: World) -> None:
    """What the collusion metrics need: who the bot flagged, and each help's net credit."""
    from huzhu.core.storage import chain, trust

    world.flagged = await engine.db.read(lambda c: trust.flagged(c, GROUP))
    world.credit = await engine.db.read(lambda c: chain.credit_by_claim(c, GROUP))


def _run_one(spec: str, members: int, days: int, seed: int) -> Run:
    import asyncio
    import logging

    logging.getLogger("huzhu").setLevel(logging.WARNING)  # the engine's own log is noise here
    return asyncio.run(simulate(spec, members=members, days=days, seed=seed))


def run_all(specs: list[str], *, members: int, days: int, seed: int, jobs: int = 1) -> list[Run]:
    """Simulate each configuration (in ``jobs`` processes side by side); results in order."""
    for spec in specs:
        config_text(spec)  # a bad name or a missing file fails before anything runs
    if jobs <= 1 or len(specs) == 1:
        return [_run_one(s, members, days, seed) for s in specs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(specs))) as pool:
        futures = [pool.submit(_run_one, s, members, days, seed) for s in specs]
        return [f.result() for f in futures]
