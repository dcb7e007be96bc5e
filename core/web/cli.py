"""``huzhu web``: serve the console alone over an existing database; ``huzhu web link``."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from huzhu.core.web.serve import LOCAL_PORT, PATH, base_url, server, tls_problem


def add_parser(sub: Any) -> None:
    """Add ``web`` (and ``web link``) to the ``huzhu`` command's subparsers."""
    web = sub.add_parser(
        "web", help="serve the web console alone over an existing database (beside a running bot)"
    )
    _common(web)
    web.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1)")
    web.add_argument("--port", type=int, default=LOCAL_PORT, help=f"port (default {LOCAL_PORT})")
    web.add_argument("--tls-cert", help="certificate file (PEM) to serve HTTPS")
    web.add_argument("--tls-key", help="its private key (PEM)")
    web.add_argument(
        "--proxy-tls", action="store_true",
        help="a reverse proxy in front terminates HTTPS (needed for a non-loopback --host without --tls-cert)",
    )  # fmt: skip
    web.set_defaults(func=_cmd_web)
    inner = web.add_subparsers(dest="web_command", metavar="{link}")
    link = inner.add_parser(
        "link",
        help="print a one-time sign-in link for a group (platforms without private messages)",
    )
    link.add_argument("group", help="the group id, e.g. qqbot:ABCDEF")
    _common(link, default=argparse.SUPPRESS)
    link.add_argument(
        "--member", default="server:owner", help="who signs in (shown in the audit log)"
    )
    link.add_argument("--lang", choices=("zh", "en"), default="zh")
    # also after ``link``; SUPPRESS keeps a value given before it (``web --port 8799 link …``)
    link.add_argument("--host", default=argparse.SUPPRESS, help="the console's host (as for web)")
    link.add_argument("--port", type=int, default=argparse.SUPPRESS, help="the console's port")
    link.set_defaults(func=_cmd_link)


def _common(parser: argparse.ArgumentParser, default: Any = None) -> None:
    """Options of ``web`` that ``link`` takes too (there with ``default=SUPPRESS``: argparse
    copies a subcommand's defaults over the values given before it)."""
    parser.add_argument("--data-dir", default=default,
                        help="where the SQLite database lives (default ./data)")  # fmt: skip
    parser.add_argument("--database-url", default=default,
                        help="SQLAlchemy URL (or HUZHU_DATABASE_URL)")  # fmt: skip
    parser.add_argument("--config", default=default,
                        help="plugins.yaml (default plugins.yaml, or HUZHU_CONFIG)")  # fmt: skip
    parser.add_argument("--url", default=default,
                        help="the console's public address, e.g. https://bot.example/huzhu/")  # fmt: skip


def _engine(args: argparse.Namespace) -> Any:
    from huzhu.core.engine import Engine

    data_dir = args.data_dir or os.environ.get("HUZHU_DATA_DIR", "data")
    url = args.database_url or os.environ.get("HUZHU_DATABASE_URL")
    if not url and not (Path(data_dir) / "huzhu.db").exists():
        raise SystemExit(
            f"错误：{data_dir} 里没有数据库（huzhu.db）。\nerror: no database in {data_dir}"
        )
    config = args.config or os.environ.get("HUZHU_CONFIG") or "plugins.yaml"
    return Engine.from_settings(
        config_path=config if os.path.exists(config) else None, data_dir=data_dir, database_url=url
    )


def _cmd_web(args: argparse.Namespace) -> int:
    from huzhu.core.web.console import Console, register

    tls = bool(args.tls_cert and args.tls_key)
    problem = tls_problem(args.host, tls, args.proxy_tls)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    url = args.url or base_url(args.host, args.port, tls or args.proxy_tls, PATH)

    async def main() -> None:
        engine = _engine(args)
        await engine.start()
        console = Console(engine, url, standalone=True)
        register(engine, console)
        srv = server(console, args.host, args.port, ssl_certfile=args.tls_cert,
                     ssl_keyfile=args.tls_key, proxy_tls=args.proxy_tls)  # fmt: skip
        print(f"huzhu web console: {url}  (sign in: huzhu web link <group>, or /后台 in a group)",
              file=sys.stderr)  # fmt: skip
        try:
            await srv.serve()
        finally:
            await engine.close()

    asyncio.run(main())
    return 0


def _cmd_link(args: argparse.Namespace) -> int:
    from huzhu.core.web.console import Console

    async def main() -> str:
        engine = _engine(args)
        await engine.db.open()
        try:
            url = args.url or base_url(args.host, args.port, False, PATH)
            return await Console(engine, url).issue_link(args.member, [args.group], args.lang)
        finally:
            await engine.db.close()

    link = asyncio.run(main())
    # to the terminal only: never into a log
    print(link)
    print("（10分钟内有效，只能用一次 / valid for 10 minutes, single use）", file=sys.stderr)
    return 0
