"""What each console page shows: read from the database and the resolver, never written."""

from __future__ import annotations

import asyncio
import math
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from huzhu.core.clock import zone
from huzhu.core.durations import format_duration
from huzhu.core.storage import console as q
from huzhu.core.storage import schedules as schedules_store
from huzhu.core.web import settings_form
from huzhu.core.web.texts import TEXTS

if TYPE_CHECKING:
    from huzhu.core.engine import Engine

WINDOW_DAYS = 30
DAY = 86400.0
#: help-count buckets of the distribution chart
BUCKETS = ((1, 1), (2, 2), (3, 5), (6, 10), (11, 20), (21, 50), (51, 10**9))
_LONG_NUMBER = re.compile(r"\d{7,}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def mask(text: str) -> str:
    """Personal data out of a text: long numbers (phone, ID, card, QQ) and e-mail addresses."""
    from huzhu.plugins.anti_scam.pii import mask as mask_digits

    text = _EMAIL.sub(lambda m: mask_digits(m.group(0), 2, 4), text)
    return _LONG_NUMBER.sub(lambda m: mask_digits(m.group(0), 3, 2), text)


def local_time(engine: Engine, group_id: str, at: float | None) -> str:
    """A time as the group reads it (its time zone)."""
    if at is None:
        return ""
    tz = engine.resolver.group(group_id).timezone
    return datetime.fromtimestamp(at, zone(tz)).strftime("%m-%d %H:%M")


def _offset(engine: Engine, group_id: str, now: float) -> float:
    tz = engine.resolver.group(group_id).timezone
    delta = datetime.fromtimestamp(now, zone(tz)).utcoffset()
    return delta.total_seconds() if delta is not None else 0.0


def _label(day: int) -> str:
    return datetime.fromtimestamp(day * DAY, zone("UTC")).strftime("%m-%d")


async def overview(engine: Engine, group_id: str, lang: str) -> dict[str, Any]:
    """The month's numbers and the data of the four charts."""
    now = engine.clock.time()
    offset = _offset(engine, group_id, now)
    today = int((now + offset) // DAY)
    first = today - WINDOW_DAYS + 1
    since = first * DAY - offset

    def requests_part(c: Any) -> tuple[Any, ...]:
        return q.requests_per_day(c, group_id, since, offset), q.done_minutes(c, group_id, since)

    def the_rest(c: Any) -> tuple[Any, ...]:
        return (
            q.helps_histogram(c, group_id, since, BUCKETS),
            q.violations_per_day(c, group_id, since, offset),
            q.posts_per_hour(c, group_id, since),
        )

    # two reads side by side: SQLite serves them from two reader threads (two cores)
    (per_day, minutes), (bucket_counts, violations, posts) = await asyncio.gather(
        engine.db.read(requests_part), engine.db.read(the_rest)
    )
    t = lambda key, **kw: TEXTS.get(lang, key, **kw)  # noqa: E731
    days = list(range(first, today + 1))
    labels = [_label(d) for d in days]
    posted = dict.fromkeys(days, 0)
    done = dict.fromkeys(days, 0)
    total = done_total = still_open = 0
    for d, n, k, o in per_day:
        total, done_total, still_open = total + n, done_total + k, still_open + o
        if d in posted:
            posted[d], done[d] = n, k
    ended = total - still_open
    rate = f"{100 * done_total / ended:.0f}%" if ended else t("none")
    median, p90 = (
        [format_duration(60 * quantile(minutes, p), lang) for p in (0.5, 0.9)]
        if minutes
        else [t("none")] * 2
    )
    bucket_labels = [
        t("helps_bucket", label=str(lo) if lo == hi else (f"{lo}-{hi}" if hi < 10**9 else f"{lo}+"))
        for lo, hi in BUCKETS
    ]
    rules = sorted({r for _, r, _ in violations})
    by_rule = {r: dict.fromkeys(days, 0) for r in rules}
    for d, r, n in violations:
        if d in by_rule[r]:
            by_rule[r][d] += n
    per_post_day = dict.fromkeys(days, 0)
    peak = dict.fromkeys(days, 0)
    for hour, n in posts:
        d = int((hour + offset) // DAY)
        if d in per_post_day:
            per_post_day[d] += n
            peak[d] = max(peak[d], n)
    cap = engine.resolver.group(group_id).posting.max_per_hour
    charts = {
        "requests": {"type": "line", "labels": labels, "series": [
            {"label": t("series_posted"), "data": [posted[d] for d in days]},
            {"label": t("series_done"), "data": [done[d] for d in days]},
        ]},
        "helps": {"type": "bar", "labels": bucket_labels, "series": [
            {"label": t("series_members"), "data": bucket_counts},
        ]},
        "violations": {"type": "bar", "stacked": True, "labels": labels, "series": [
            {"label": engine.rule_title(r, lang), "data": [by_rule[r][d] for d in days]}
            for r in rules
        ]},
        "posts": {"type": "bar", "labels": labels, "series": [
            {"label": t("series_posts"), "data": [per_post_day[d] for d in days]},
            {"label": t("series_peak"), "data": [peak[d] for d in days]},
            {"label": t("series_cap"), "data": [cap] * len(days), "line": True},
        ]},
    }  # fmt: skip
    kpis = [
        (t("kpi_posted"), str(total)),
        (t("kpi_rate"), rate),
        (t("kpi_median"), median),
        (t("kpi_p90"), p90),
        (t("kpi_open"), str(still_open)),
    ]
    return {"kpis": kpis, "charts": charts}


def quantile(histogram: list[tuple[int, int]], p: float) -> int:
    """The value at quantile ``p`` of a sorted (value, count) histogram (nearest rank)."""
    total = sum(n for _, n in histogram)
    rank = max(1, math.ceil(p * total))
    seen = 0
    for value, n in histogram:
        seen += n
        if seen >= rank:
            return value
    return histogram[-1][0]


async def _names(engine: Engine, group_id: str, ids: set[str]) -> dict[str, str]:
    return {m: await engine.display_name(group_id, m) for m in sorted(ids)}


async def queue(engine: Engine, group_id: str) -> dict[str, Any]:
    """Open requests with their claims."""
    rows = await engine.db.read(lambda c: q.open_queue(c, group_id))
    ids = {r["requester"] for r in rows} | {h for r in rows for h, _ in r["claims"]}
    names = await _names(engine, group_id, ids)
    from huzhu.core.requests.links import PLATFORM_NAMES, PLATFORM_NAMES_EN

    platforms = (
        PLATFORM_NAMES_EN if engine.resolver.group(group_id).language == "en" else PLATFORM_NAMES
    )
    for r in rows:
        r["platform"] = platforms.get(r["platform"], r["platform"])
        r["posted"] = local_time(engine, group_id, r["created_at"])
        r["expires"] = local_time(engine, group_id, r["expires_at"])
        r["note"] = mask(r["note"])
    return {"rows": rows, "names": names}


async def ledger(
    engine: Engine, group_id: str, member: str, cause: str, before: int | None
) -> dict[str, Any]:
    """A page of the ledger, newest first."""
    rows = await engine.db.read(
        lambda c: q.ledger_page(c, group_id, member or None, cause or None, before)
    )
    names = await _names(
        engine, group_id, {r["member"] for r in rows} | {r["counterpart"] for r in rows}
    )
    for r in rows:
        r["time"] = local_time(engine, group_id, r["at"])
    more = rows[-1]["id"] if len(rows) == 100 else None
    return {"rows": rows, "names": names, "more": more}


async def members(engine: Engine, group_id: str, search: str) -> dict[str, Any]:
    """Members seen most recently, with their totals."""
    settings = engine.resolver.group(group_id)
    since = engine.clock.time() - settings.enforcement.decay
    rows = await engine.db.read(lambda c: q.member_page(c, group_id, search))
    ids = [r["member_id"] for r in rows]
    totals = await engine.db.read(lambda c: q.member_totals(c, group_id, ids, since))
    for r in rows:
        r.update(totals[r["member_id"]])
        r["name"] = r["name"] or r["member_id"]
        r["last"] = local_time(engine, group_id, r["last_seen"])
    return {"rows": rows}


async def moderation(engine: Engine, group_id: str, lang: str) -> dict[str, Any]:
    """Recent verdicts (masked), open appeals and the audit log."""
    from huzhu.core.storage import repo

    def read(c: Any) -> tuple[Any, ...]:
        return (
            q.recent_violations(c, group_id),
            repo.open_appeals(c, group_id, limit=50),
            repo.audit_recent(c, group_id, 50),
        )

    from huzhu.core.moderation.commands import describe_action, describe_detail, rule_name
    from huzhu.core.texts import TEXTS as CORE_TEXTS

    verdicts, appeals, audit = await engine.db.read(read)
    ids = {v["member_id"] for v in verdicts} | {a["member_id"] for a in appeals}
    ids |= {a["actor"] for a in audit if a["actor"] != "bot"}
    ids |= {a["target"] for a in audit if ":" in a["target"]}
    names = await _names(engine, group_id, ids)
    for v in verdicts:
        evidence = "; ".join(f"{k}: {val}" for k, val in (v["evidence"] or {}).items())
        v["shown"] = mask(v["reason"] + (f" ({evidence})" if evidence else ""))
        v["time"] = local_time(engine, group_id, v["at"])
        v["rule_title"] = rule_name(engine, v["rule"], lang)
        key = f"step_{v['step']}"
        v["step_shown"] = (
            CORE_TEXTS.get(lang, key, duration="").strip()
            if CORE_TEXTS.has(lang, key)
            else v["step"]
        )
    for a in appeals:
        a["shown"] = mask(a["text"])
        a["time"] = local_time(engine, group_id, a["created_at"])
    for a in audit:
        a["time"] = local_time(engine, group_id, a["at"])
        a["action_shown"] = describe_action(a["action"], lang, a["detail"])
        a["shown"] = mask(describe_detail(engine, a["detail"], lang))
    return {"verdicts": verdicts, "appeals": appeals, "audit": audit, "names": names}


def plugins(engine: Engine, group_id: str, lang: str) -> list[dict[str, Any]]:
    """Every plugin by its name (防刷屏): on/off and where that comes from, and its settings
    as labelled fields, a section's (派单) apart."""
    from huzhu.core.settings.names import summary

    out = []
    for name in engine.registry.names():
        meta = engine.registry.plugins[name].meta
        on, source = engine.resolver.enabled(group_id, name)
        out.append({"name": name, "title": meta.display(lang), "on": on, "source": source,
                    "description": summary(meta, lang),
                    "groups": settings_form.form(engine, group_id, meta, lang)})  # fmt: skip
    return out


async def schedule(engine: Engine, group_id: str) -> dict[str, Any]:
    """The reminder plugin's scheduled announcements."""
    items = await engine.db.read(
        lambda c: schedules_store.listing(c, group_id, "reminder", "announce")
    )
    for it in items:
        it["next"] = local_time(engine, group_id, it["next_at"])
        it["text"] = str(it["payload"].get("text", ""))
        it["label"] = str(it["payload"].get("label", ""))
    enabled = "reminder" in engine.resolver.group(group_id).enabled
    return {"items": items, "enabled": enabled}
