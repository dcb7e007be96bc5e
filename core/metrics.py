"""What an operator watches on each process: Prometheus metrics, cheap on the hot path.

The hot path only bumps plain Python counters (``events["message"] += 1``);
everything is turned into Prometheus metric families when ``/metrics`` is
scraped (``render``). Hook latency is sampled: one hook round in
``SAMPLE_EVERY`` is timed, plugin by plugin, so timing costs the pipeline
about 1% instead of ~20%; its histogram counts sampled calls (the
distribution is what matters). Metrics:

- ``huzhu_events_total{kind}``: events handled (message, member, join_request,
  private, tick) and re-deliveries ignored (duplicate);
- ``huzhu_hook_seconds{plugin,hook}``: hook latency per plugin (sampled);
- ``huzhu_hook_errors_total{plugin,hook}`` and ``huzhu_command_errors_total{plugin}``;
- ``huzhu_write_batch_size`` and ``huzhu_write_batch_seconds``: the group
  commit's batches (writes per transaction, time to run and commit one);
- ``huzhu_write_queue``: writes waiting for the writer now;
- ``huzhu_actions_total{kind}`` / ``huzhu_action_failures_total{kind}``:
  what the platforms were asked to do (Reply, Mute, Kick …);
- the process's CPU, memory and garbage collector.

Served by the bridge (``huzhu.adapters.metrics_http``) on nonebot's server at
``/metrics``, or on a port of its own.
"""

from __future__ import annotations

import bisect
import time
import weakref
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    GCCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)

if TYPE_CHECKING:
    from huzhu.core.engine import Engine

T = TypeVar("T")

#: one hook round (``collect`` / ``first``) in this many is timed
SAMPLE_EVERY = 16
HOOK_BUCKETS = (0.00002, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                0.025, 0.1, 0.5, 2.5)  # fmt: skip
BATCH_BUCKETS = (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500)
COMMIT_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0)


class Histogram:
    """Bucket counts and a sum, kept as plain numbers (exported on scrape)."""

    __slots__ = ("bounds", "counts", "total")

    def __init__(self, bounds: tuple[float, ...]) -> None:
        self.bounds = bounds
        self.counts = [0] * (len(bounds) + 1)
        self.total = 0.0

    def observe(self, value: float) -> None:
        """Count one observation."""
        self.counts[bisect.bisect_left(self.bounds, value)] += 1
        self.total += value

    def buckets(self) -> list[tuple[str, int]]:
        """Cumulative buckets as Prometheus wants them, ending with +Inf."""
        out, running = [], 0
        for bound, count in zip((*map(str, self.bounds), "+Inf"), self.counts, strict=True):
            running += count
            out.append((bound, running))
        return out


#: events handled by kind
events: Counter[str] = Counter()
#: actions carried out by the platforms, and those that failed, by kind
actions: Counter[str] = Counter()
action_failures: Counter[str] = Counter()
#: command handlers that raised, by plugin
command_errors: Counter[str] = Counter()
#: (plugin, hook) → sampled latency
hook_seconds: dict[tuple[str, str], Histogram] = {}
batch_sizes = Histogram(BATCH_BUCKETS)
batch_seconds = Histogram(COMMIT_BUCKETS)
_engines: weakref.WeakSet[Engine] = weakref.WeakSet()
_round = 0


def watch(engine: Engine) -> None:
    """Export this engine's hook failures and write queue."""
    _engines.add(engine)


def sampled() -> bool:
    """Whether this hook round is the one in ``SAMPLE_EVERY`` that is timed (counts the round)."""
    global _round
    _round += 1
    return not _round % SAMPLE_EVERY


def hook_call(call: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
    """The caller's ``_call`` for one hook round: timed in one round of ``SAMPLE_EVERY``."""
    return partial(_timed, call) if sampled() else call


def observe_hook(plugin: str, hook: str, seconds: float) -> None:
    """Count one timed call in the plugin's hook latency histogram."""
    key = (plugin, hook)
    hist = hook_seconds.get(key)
    if hist is None:
        hist = hook_seconds[key] = Histogram(HOOK_BUCKETS)
    hist.observe(seconds)


async def _timed(call: Callable[..., Awaitable[T]], impl: Any, hook: str, *args: Any) -> T:
    start = time.perf_counter()
    try:
        return await call(impl, hook, *args)
    finally:
        observe_hook(impl.plugin, hook, time.perf_counter() - start)


async def timed_batch(run: Awaitable[T], size: int) -> T:
    """Await one write batch (run and commit), counting its size and time."""
    start = time.perf_counter()
    try:
        return await run
    finally:
        batch_seconds.observe(time.perf_counter() - start)
        batch_sizes.observe(size)


def _histogram(name: str, doc: str, hist: Histogram) -> HistogramMetricFamily:
    family = HistogramMetricFamily(name, doc)
    family.add_metric([], hist.buckets(), hist.total)
    return family


def _counter(name: str, doc: str, label: str, counts: Counter[str]) -> CounterMetricFamily:
    family = CounterMetricFamily(name, doc, labels=[label])
    for key, value in sorted(counts.items()):
        family.add_metric([key], value)
    return family


class _Collector:
    """Turns the plain counters into metric families at scrape time."""

    def collect(self) -> Iterator[Metric]:
        yield _counter("huzhu_events", "Events handled, by kind (duplicate: a re-delivery ignored).",
                       "kind", events)  # fmt: skip
        hooks = HistogramMetricFamily(
            "huzhu_hook_seconds",
            f"Hook latency per plugin (one hook round in {SAMPLE_EVERY} is timed).",
            labels=["plugin", "hook"],
        )
        for (plugin, hook), hist in sorted(hook_seconds.items()):
            hooks.add_metric([plugin, hook], hist.buckets(), hist.total)
        yield hooks
        failures: Counter[tuple[str, str]] = Counter()
        queued = 0
        for engine in list(_engines):
            failures.update(engine.caller.failures)
            queued += len(engine.db._queue)
        errors = CounterMetricFamily(
            "huzhu_hook_errors", "Hook calls that raised or timed out, by plugin.",
            labels=["plugin", "hook"],
        )  # fmt: skip
        for (plugin, hook), value in sorted(failures.items()):
            errors.add_metric([plugin, hook], value)
        yield errors
        yield _counter("huzhu_command_errors", "Command handlers that failed, by plugin.",
                       "plugin", command_errors)  # fmt: skip
        yield _histogram("huzhu_write_batch_size", "Writes per group-commit transaction.",
                         batch_sizes)  # fmt: skip
        yield _histogram("huzhu_write_batch_seconds",
                         "Time to run and commit one group-commit transaction.", batch_seconds)  # fmt: skip
        yield GaugeMetricFamily("huzhu_write_queue", "Writes waiting for the writer.", queued)
        yield _counter("huzhu_actions", "Actions carried out by the platforms, by kind.",
                       "kind", actions)  # fmt: skip
        yield _counter("huzhu_action_failures", "Actions the platform refused or failed, by kind.",
                       "kind", action_failures)  # fmt: skip


REGISTRY = CollectorRegistry(auto_describe=False)
REGISTRY.register(_Collector())
ProcessCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)


def render() -> tuple[bytes, str]:
    """The exposition text and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
