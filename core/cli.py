"""The ``huzhu`` command: run, check, plugins."""

from __future__ import annotations

import argparse
import errno
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from huzhu.core import config as config_mod
from huzhu.core.plugin import PluginRegistry


def _cmd_check(args: argparse.Namespace) -> int:
    registry = PluginRegistry()
    registry.load_entry_points()
    for name, why in registry.failed.items():
        print(f"warning: plugin {name} failed to load: {why}", file=sys.stderr)
    path = args.file
    if not os.path.exists(path):
        print(f"{path}: 找不到这个文件 / no such file", file=sys.stderr)
        return 1
    result = config_mod.load(path, registry, lang=args.lang)
    for err in sorted(result.errors, key=lambda e: e.line or 0):
        print(err)
    note = "提示" if args.lang == "zh" else "warning"
    for warning in result.warnings:
        print(f"{warning}（{note}）" if args.lang == "zh" else f"{warning} ({note})")
    if result.errors:
        if args.lang == "zh":
            print(f"{path} 中有 {len(result.errors)} 处错误", file=sys.stderr)
        else:
            print(f"{len(result.errors)} error(s) in {path}", file=sys.stderr)
        return 1
    cfg = result.config
    on = sorted(n for n, e in cfg.defaults.plugins.items() if e.enabled)
    if args.lang == "zh":
        print(
            f"{path}：没有错误（OK）—— {len(cfg.groups)} 个群配置，默认启用：{'、'.join(on) or '各功能自己的默认'}；"
            f"{len(cfg.superusers)} 个超级管理员；已知功能：{'、'.join(registry.names())}"
        )
        return 0
    print(
        f"{path}: OK — {len(cfg.groups)} group block(s), defaults enable: {', '.join(on) or 'plugin defaults only'}; "
        f"{len(cfg.superusers)} superuser(s); plugins known: {', '.join(registry.names())}"
    )
    return 0


def _cmd_plugins(args: argparse.Namespace) -> int:
    registry = PluginRegistry()
    registry.load_entry_points()
    if args.config and os.path.exists(args.config):
        config_mod.load(args.config, registry)  # its plugins_dir adds local plugins
    for name in registry.names():
        p = registry.plugins[name]
        flag = "on by default" if p.meta.default_enabled else "off by default"
        print(f"{name:<16} {flag:<15} hooks: {', '.join(p.hooks) or '-'}")
        print(f"{'':<16} {p.meta.describe('en')}  [{p.source}]")
    for name, why in registry.failed.items():
        print(f"{name:<16} FAILED TO LOAD: {why}")
    return 0


def _cmd_new_plugin(args: argparse.Namespace) -> int:
    from huzhu.core.scaffold import new_plugin

    try:
        root = new_plugin(args.name, args.dir, force=args.force)
    except (ValueError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {root}/ — next:")
    print(f"  cd {root} && pip install -e '.[test]' && python -m pytest")
    print("  then enable it for a group in plugins.yaml (see docs/writing-plugins.md)")
    return 0


def _fail(zh: str, en: str) -> int:
    """Print why the bot cannot start (Chinese, then English) and return the exit status."""
    print(f"错误：{zh}\nerror: {en}", file=sys.stderr)
    return 2


def _config_problem(args: argparse.Namespace) -> int | None:
    """Refuse a config given explicitly that is missing or unreadable, and any unusable one."""
    explicit = args.config or os.environ.get("HUZHU_CONFIG")
    path = explicit or "plugins.yaml"
    if not os.path.exists(path):
        if explicit is None:
            return None  # no plugins.yaml here: the built-in defaults, as documented
        return _fail(
            f"找不到配置文件 {path}（由 --config 或 HUZHU_CONFIG 指定）。请检查路径，"
            "或去掉 --config 用内置默认设置启动。",
            f"config file not found: {path} (given by --config or HUZHU_CONFIG)",
        )
    registry = PluginRegistry()
    registry.load_entry_points()
    result = config_mod.load(path, registry, lang="zh")
    if result.fatal:
        for err in result.errors:
            print(err, file=sys.stderr)
        return _fail(
            f"配置文件 {path} 无法使用（见上）。请改正后再启动，可以先运行 huzhu check {path}。",
            f"the config file {path} cannot be used (see above); fix it, e.g. with huzhu check",
        )
    return None


def _data_dir_problem(data_dir: str) -> int | None:
    """Say which folder is read-only (or not ours) before SQLite says 'unable to open'."""
    path = Path(data_dir).resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=path, prefix=".huzhu-write-test-")
        os.close(fd)
        os.unlink(probe)
        for name in ("huzhu.db", "huzhu.db-wal", "huzhu.db-shm"):
            if (path / name).exists():
                with open(path / name, "r+b"):
                    pass
    except OSError as exc:
        where = exc.filename or path
        if exc.errno == errno.EROFS:
            return _fail(
                f"数据目录 {path} 在只读的文件系统上，数据库无法写入（{where}）。"
                "请用 --data-dir 或 HUZHU_DATA_DIR 换一个可写的目录，或把它重新挂载为可写。",
                f"the data folder {path} is on a read-only file system ({where}); "
                "choose a writable one with --data-dir / HUZHU_DATA_DIR",
            )
        return _fail(
            f"数据目录 {path} 不可写（{where}：{exc.strerror}）。"
            "请改正它的权限，或用 --data-dir 换一个目录。",
            f"the data folder {path} is not writable ({where}: {exc.strerror})",
        )
    return None


def _cmd_run(args: argparse.Namespace) -> int:
    from huzhu.adapters.runner import run

    adapters = [a.strip() for item in args.adapter for a in item.split(",") if a.strip()] or [
        "console"
    ]
    problem = _config_problem(args)  # first: a missing file is the problem to fix first
    if problem is not None:
        return problem
    if "console" in adapters and not _has_terminal():
        return _fail(
            "本地聊天（console）需要在终端里运行，现在没有终端（标准输入不是终端或已关闭）。"
            "作为服务运行时请用 --adapter onebot.v11（或 telegram、qq）。",
            "the console chat needs a terminal (stdin is not one, or is closed); "
            "run it in a terminal, or use --adapter onebot.v11 / telegram / qq as a service",
        )
    database_url = args.database_url or os.environ.get("HUZHU_DATABASE_URL")
    if not database_url:
        problem = _data_dir_problem(args.data_dir or os.environ.get("HUZHU_DATA_DIR", "data"))
        if problem is not None:
            return problem
    run(
        adapters,
        host=args.host,
        port=args.port,
        config=args.config,
        data_dir=args.data_dir,
        database_url=database_url,
        insecure=args.insecure,
        log_messages=args.log_messages,
    )
    return 0


def _has_terminal() -> bool:
    try:
        return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


def _cmd_audit_export(args: argparse.Namespace) -> int:
    import asyncio
    import csv

    from huzhu.core.durations import parse_duration
    from huzhu.core.moderation.commands import CSV_HEADER, export_rows
    from huzhu.core.storage import repo
    from huzhu.core.storage.db import Database, sqlite_url

    since = 0.0
    if args.since:
        try:
            since = time.time() - parse_duration(args.since)
        except ValueError:
            print(f"--since {args.since!r}: expected a duration such as 7d or 12h", file=sys.stderr)
            return 2
    url = (
        args.database_url
        or os.environ.get("HUZHU_DATABASE_URL")
        or sqlite_url(args.data_dir or os.environ.get("HUZHU_DATA_DIR", "data"))
    )

    async def export(out: TextIO) -> int:
        db = Database(url)
        await db.open()
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        count, after = 0, 0
        try:
            while True:
                rows = await db.read(lambda c, a=after: repo.audit_range(c, args.group, since, a))
                if not rows:
                    return count
                writer.writerows(export_rows(rows, args.timezone))
                count += len(rows)
                after = rows[-1]["id"]
        finally:
            await db.close()

    if args.output and args.output != "-":
        with open(
            args.output, "w", newline="", encoding="utf-8-sig"
        ) as fh:  # Excel opens it as UTF-8
            count = asyncio.run(export(fh))
        print(f"{count} audit entries written to {args.output}", file=sys.stderr)
    else:
        count = asyncio.run(export(sys.stdout))
    return 0


def _db_url(args: argparse.Namespace) -> str:
    from huzhu.core.storage.db import sqlite_url

    return (
        args.database_url
        or os.environ.get("HUZHU_DATABASE_URL")
        or sqlite_url(args.data_dir or os.environ.get("HUZHU_DATA_DIR", "data"))
    )


def _cmd_ledger_verify(args: argparse.Namespace) -> int:
    """Check every group's hash chain (or one): 0 and the rows checked, or 1 and the first bad row."""
    import asyncio

    from huzhu.core.storage.db import Database
    from huzhu.core.trust.ledger import verify

    async def run() -> tuple[int, list[str], object]:
        db = Database(_db_url(args))
        await db.open()
        try:
            return await verify(db, args.group)
        finally:
            await db.close()

    rows, groups, problem = asyncio.run(run())
    if problem is not None:
        print(f"ledger NOT intact: {problem}", file=sys.stderr)
        return 1
    print(f"ledger intact: {rows} rows checked in {len(groups)} group(s)")
    return 0


def _cmd_ledger_export(args: argparse.Namespace) -> int:
    """Write one group's ledger with each row's hash (csv or jsonl)."""
    import asyncio

    from huzhu.core.storage.db import Database
    from huzhu.core.trust.ledger import export

    async def run(out: TextIO) -> int:
        db = Database(_db_url(args))
        await db.open()
        try:
            return await export(db, args.group, args.format, out)
        finally:
            await db.close()

    if args.output and args.output != "-":
        with open(args.output, "w", newline="", encoding="utf-8") as fh:
            count = asyncio.run(run(fh))
        print(f"{count} ledger rows of {args.group} written to {args.output}", file=sys.stderr)
    else:
        asyncio.run(run(sys.stdout))
    return 0


def _cmd_scan(args: argparse.Namespace) -> int:
    import asyncio
    import json

    from huzhu.core.scan import scan_images, scan_texts

    if args.image:  # pictures instead of stdin (anti_scam: QR codes and the text in them)
        config = args.config if os.path.exists(args.config) else None
        try:
            pictures = [(path, Path(path).read_bytes()) for path in args.image]
        except OSError as exc:
            print(f"{exc.filename}: {exc.strerror}", file=sys.stderr)
            return 2
        found = asyncio.run(scan_images(pictures, config=config, group=args.group))
        for result in found:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return 0
    texts: list[str] = []
    for n, line in enumerate(sys.stdin, 1):
        line = line.rstrip("\r\n")
        if not args.jsonl:
            texts.append(line)
            continue
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            texts.append(str(item["text"]))
        except (ValueError, KeyError, TypeError):
            print(f'stdin:{n}: expected a JSON object with a "text" field', file=sys.stderr)
            return 2
    config = args.config if os.path.exists(args.config) else None
    if config is None:
        print(f"{args.config}: not found; using the plugins' own defaults", file=sys.stderr)
    results = asyncio.run(
        scan_texts(texts, config=config, group=args.group, new_member=args.new_member)
    )
    for result in results:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``huzhu``."""
    parser = argparse.ArgumentParser(
        prog="huzhu", description="Mutual-help group bot (互助群机器人)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start the bot (default: local console chat)")
    run.add_argument(
        "--adapter",
        action="append",
        default=[],
        help="console (default), onebot.v11 (NapCat/Lagrange), telegram, qq (official QQ bot); "
        "repeat or comma-separate to serve several platforms at once",
    )
    run.add_argument("--host", help="listen address for network adapters (nonebot HOST)")
    run.add_argument("--port", type=int, help="listen port for network adapters (nonebot PORT)")
    run.add_argument("--config", help="plugins.yaml path (default: plugins.yaml, or HUZHU_CONFIG)")
    run.add_argument(
        "--data-dir", help="where the SQLite database lives (default: ./data, or HUZHU_DATA_DIR)"
    )
    run.add_argument(
        "--database-url", help="SQLAlchemy URL, e.g. postgresql+asyncpg://… (or HUZHU_DATABASE_URL)"
    )
    run.add_argument(
        "--insecure",
        action="store_true",
        help="accept OneBot connections without ONEBOT_ACCESS_TOKEN on a non-loopback address",
    )
    run.add_argument(
        "--log-messages",
        action="store_true",
        help="log members' messages (numbers masked) for debugging; or HUZHU_LOG_MESSAGES=1",
    )
    run.set_defaults(func=_cmd_run)
    check = sub.add_parser("check", help="validate plugins.yaml; print every error with its line")
    check.add_argument("file", nargs="?", default="plugins.yaml")
    check.add_argument(
        "--lang", choices=("zh", "en"), default="zh",
        help="language of the messages (default: zh, 中文)",
    )  # fmt: skip
    check.set_defaults(func=_cmd_check)
    new = sub.add_parser("new-plugin", help="write a ready-to-install plugin package")
    new.add_argument("name", help="the plugin's name, e.g. max_links")
    new.add_argument("--dir", default=".", help="where to create huzhu-NAME/ (default: here)")
    new.add_argument("--force", action="store_true", help="overwrite an existing folder")
    new.set_defaults(func=_cmd_new_plugin)
    plugins = sub.add_parser("plugins", help="list plugins and the hooks they implement")
    plugins.add_argument(
        "--config", default="plugins.yaml", help="also list the plugins of its plugins_dir"
    )
    plugins.set_defaults(func=_cmd_plugins)
    scan = sub.add_parser(
        "scan",
        help="judge messages from stdin with the check_message plugins; one JSON verdict per line",
    )
    scan.add_argument(
        "--config", default="plugins.yaml", help="plugins.yaml to use (default: plugins.yaml)"
    )
    scan.add_argument(
        "--group", default="scan:group", help="judge as this group (default: the defaults block)"
    )
    scan.add_argument(
        "--jsonl", action="store_true", help='input is JSON lines with a "text" field'
    )
    scan.add_argument("--new-member", action="store_true", help="as if each sender had just joined")
    scan.add_argument(
        "--image", action="append", metavar="FILE", help="judge this picture instead (repeatable)"
    )
    scan.set_defaults(func=_cmd_scan)
    audit_parser = sub.add_parser("audit", help="the audit log")
    audit_parser.set_defaults(func=lambda _args: _usage(audit_parser))
    audit = audit_parser.add_subparsers(dest="audit_command", metavar="{export}")
    export = audit.add_parser("export", help="write the audit log as CSV (stdout by default)")
    export.add_argument("--group", help="one group only, e.g. qq:123456")
    export.add_argument("--since", help="only entries newer than this, e.g. 7d, 12h")
    export.add_argument("-o", "--output", help="CSV file to write (default: stdout)")
    export.add_argument("--data-dir", help="where the SQLite database lives (default: ./data)")
    export.add_argument("--database-url", help="SQLAlchemy URL (or HUZHU_DATABASE_URL)")
    export.add_argument("--timezone", default="Asia/Shanghai", help="time zone of the time column")
    export.set_defaults(func=_cmd_audit_export)
    ledger_parser = sub.add_parser("ledger", help="the 助力值 ledger's hash chain: verify, export")
    ledger_parser.set_defaults(func=lambda _args: _usage(ledger_parser))
    ledger = ledger_parser.add_subparsers(dest="ledger_command", metavar="{verify,export}")
    for name, helptext, func in (
        (
            "verify",
            "check every row's hash and link; exit 1 naming the first bad row",
            _cmd_ledger_verify,
        ),
        ("export", "write one group's ledger with each row's hash", _cmd_ledger_export),
    ):
        p = ledger.add_parser(name, help=helptext)
        where = p.add_mutually_exclusive_group()
        where.add_argument("--data-dir", help="where the SQLite database lives (default: ./data)")
        where.add_argument("--database-url", help="SQLAlchemy URL (or HUZHU_DATABASE_URL)")
        p.set_defaults(func=func)
        if name == "verify":
            p.add_argument("--group", help="one group only, e.g. qq:123456 (default: every group)")
        else:
            p.add_argument("--group", required=True, help="the group, e.g. qq:123456")
            p.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="default: csv")
            p.add_argument("-o", "--output", help="file to write (default: stdout)")
    # --- huzhu evidence (huzhu.core.trust.report) ---
    evidence = sub.add_parser(
        "evidence", help="judge help screenshots the way the bot does (success/failure/unknown)"
    )
    evidence.add_argument("files", nargs="+", metavar="FILE", help="picture files")
    evidence.add_argument("--json", action="store_true", help="one JSON object per file")
    evidence.set_defaults(func=_cmd_evidence)
    sim = sub.add_parser(
        "simulate",
        help="play a synthetic help group through the real engine under several configurations",
        description=SIMULATE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sim.add_argument(
        "--members", type=int, default=1000, help="members of the group (default 1000)"
    )
    sim.add_argument("--days", type=int, default=7, help="simulated days of requests (default 7)")
    sim.add_argument("--seed", type=int, default=1, help="the same seed gives the same numbers")
    sim.add_argument(
        "--config", nargs="+", metavar="CONFIG",
        help="presets (none, rules, rules+queue, rules+queue+dispatch, …+anti_scam, all) "
        "or plugins.yaml paths; default: the five presets",
    )  # fmt: skip
    sim.add_argument(
        "--json", action="store_true", help="print JSON (stable keys) instead of a table"
    )
    sim.add_argument("--plot", metavar="FILE.png", help="also draw a chart (needs huzhu[plot])")
    sim.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1,
        help="configurations simulated side by side (default: one per core)",
    )  # fmt: skip
    sim.set_defaults(func=_cmd_simulate)
    # ---- the web console (huzhu web, huzhu web link)
    from huzhu.core.web.cli import add_parser as add_web

    add_web(sub)
    return parser


def _usage(parser: argparse.ArgumentParser) -> int:
    """A command given without its subcommand: show its usage and what it offers."""
    parser.print_help(sys.stderr)
    return 2


SIMULATE_HELP = """\
Plays N members over D days (plus one day for the last requests to run out) in
one group: reciprocators, altruists, free-riders, spammers, scammers and
inactive members and colluders, busier at lunch and in the evening. Every action is a message
through the real engine with the chosen plugins.yaml; the shopping platform's
limits apply (one help per request, 3 helps a day). Metrics (--json keys):

  completion_rate               legit requests that got all their helps before expiring
  median_hours_to_complete      … and how long that took (also p90_hours_to_complete)
  reciprocator_completion_rate  a reciprocator's wish to ask that ended completed
  free_rider_completion_rate    the same for free-riders (refused asks count as not helped)
  messages_per_completion       group messages (members' and the bot's) per completion
  bot_messages_per_completion   the bot's share of them
  help_messages_per_completion  the same without members' chat, ads and scams: the help
                                conversation alone (requests, claims, confirmations, /队列,
                                the bot's answers, announcements and reminders)
  messages_per_completion_by_kind  kind → group messages per completion ("member:chat",
                                "member:/已助", "bot:announce", "bot:/已助" the bot's answer to
                                it, "bot:tick:⏰" reminders …)
  scam_messages                 scam posts (fake links, deposits, PII fishing)
  scam_visible_minutes          minutes a scam post stayed visible, on average (a day at most)
  wrongly_punished              legit members who were deleted, muted or kicked
  gini_helps                    inequality of helps given among legit members (0 = equal)
  requests, asks_refused        requests judged; asks the rules refused
  collusion_precision           colluders among the members the collusion plugin flagged
  collusion_recall              colluders (pairs and rings of 3 that claim and confirm each
                                other's requests without helping) the plugin flagged
  colluders_active              colluders who took part in at least one fake help (the others
                                never got to farm: nothing to find), and collusion_recall_active
                                the share of them flagged
  fake_credit_share             share of the ledger's net 助力值 that came from fake helps
                                (the world's admin answers every review with 撤销)
  median_hours_by_tier          信用分 tier at posting → median hours to complete (preset word
                                'reputation' or a plugins.yaml with it on; {} without it)
  completion_by_tier            信用分 tier at posting → completion rate of those requests
"""


def _cmd_evidence(args: argparse.Namespace) -> int:
    from huzhu.core.trust.report import run

    return run(args.files, args.json)


def _cmd_simulate(args: argparse.Namespace) -> int:
    import platform as _platform

    from huzhu.simulate import DEFAULT_CONFIGS
    from huzhu.simulate.report import as_json, plot, table
    from huzhu.simulate.run import run_all

    specs = list(args.config or DEFAULT_CONFIGS)
    if args.members < 10 or args.days < 1:
        print("error: at least 10 members and 1 day", file=sys.stderr)
        return 2
    try:
        runs = run_all(specs, members=args.members, days=args.days, seed=args.seed, jobs=args.jobs)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    about = {"members": args.members, "days": args.days, "seed": args.seed}
    if args.json:
        timing = {r.config: round(r.seconds, 1) for r in runs}
        print(as_json(runs, **about, seconds=timing))
    else:
        header = (
            f"huzhu simulate: {args.members} members, {args.days} days, seed {args.seed} "
            f"(Python {_platform.python_version()}, {os.cpu_count()} cores, {args.jobs} jobs)"
        )
        print(table(runs, header))
    if args.plot:
        plot(runs, args.plot)
        print(f"wrote {args.plot}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
