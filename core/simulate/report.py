"""The simulator's output: a table for people, JSON for machines, a plot for slides."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from huzhu.simulate.metrics import KEYS
from huzhu.simulate.run import Run

#: row titles of the table, one per key
TITLES = {
    "completion_rate": "completion rate (legit requests)",
    "median_hours_to_complete": "median hours to complete",
    "p90_hours_to_complete": "p90 hours to complete",
    "reciprocator_completion_rate": "completion: reciprocators",
    "free_rider_completion_rate": "completion: free-riders",
    "messages_per_completion": "messages per completion",
    "bot_messages_per_completion": "  of which the bot's",
    "scam_messages": "scam messages posted",
    "scam_visible_minutes": "minutes a scam stays visible",
    "wrongly_punished": "members wrongly punished",
    "gini_helps": "Gini of helps given",
    "requests": "requests judged",
    "asks_refused": "asks refused by rules",
    "collusion_precision": "collusion: precision",
    "collusion_recall": "collusion: recall",
    "colluders_active": "colluders who farmed",
    "collusion_recall_active": "  recall among them",
    "fake_credit_share": "助力值 from fake helps",
    "median_hours_by_tier": "median hours by 信用分 tier",
    "completion_by_tier": "completion by 信用分 tier",
    "help_messages_per_completion": "help messages / completion",
}
#: in --json only (too wide for a table cell)
JSON_ONLY = ("messages_per_completion_by_kind",)


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):  # by tier: 新人 5.1 · 可信 1.2
        if not value:
            return "—"
        rate = key.startswith("completion")
        return " · ".join(
            f"{k} {'—' if v is None else f'{v:.0%}' if rate else f'{v:g}'}"
            for k, v in value.items()
        )
    if key.endswith("_rate"):
        return f"{value:.1%}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def table(runs: Sequence[Run], header: str = "") -> str:
    """Configurations side by side, one metric per row."""
    heads = [r.config for r in runs]
    width = max(len(t) for t in TITLES.values()) + 2
    cols = [max(len(h), 9) + 2 for h in heads]
    lines = [header] if header else []
    lines.append("".ljust(width) + "".join(h.rjust(c) for h, c in zip(heads, cols, strict=True)))
    for key in KEYS:
        if key in JSON_ONLY:
            continue
        cells = [_cell(key, r.metrics[key]).rjust(c) for r, c in zip(runs, cols, strict=True)]
        lines.append(TITLES[key].ljust(width) + "".join(cells))
    timing = "".join(f"{r.seconds:.1f}s".rjust(c) for r, c in zip(runs, cols, strict=True))
    lines.append("run time".ljust(width) + timing)
    return "\n".join(lines)


def as_json(runs: Sequence[Run], **about: Any) -> str:
    """``{"runs": [{"config": …, <KEYS>…}, …], …about}`` with stable keys."""
    return json.dumps({**about, "runs": [r.as_json() for r in runs]}, ensure_ascii=False, indent=2)


def plot(runs: Sequence[Run], path: str) -> None:
    """Completion rate and messages per completion by configuration (needs matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:  # an optional extra
        raise SystemExit("--plot needs matplotlib: pip install 'huzhu[plot]'") from exc
    names = [r.config.replace("+", "\n+") for r in runs]
    rates = [(r.metrics["completion_rate"] or 0) * 100 for r in runs]
    noise = [r.metrics["messages_per_completion"] or 0 for r in runs]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    left.bar(names, rates, color="#3b7dd8")
    left.set_ylabel("completion rate of legit requests (%)")
    left.set_ylim(0, 100)
    right.bar(names, noise, color="#d8843b")
    right.set_ylabel("group messages per completed request")
    for axis in (left, right):
        axis.tick_params(axis="x", labelsize=8)
    fig.suptitle("huzhu simulate: one group, one seed, each configuration")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
