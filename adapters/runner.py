"""``huzhu run``: start nonebot with the chosen adapters and the huzhu bridge."""

from __future__ import annotations

import importlib
import json
import os
import re
from typing import Any

from huzhu.core.web.serve import is_loopback

#: ``--adapter`` name → (nonebot adapter module, the drivers it needs)
ADAPTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "console": ("nonebot.adapters.console", ()),
    # NapCat / Lagrange / LLOneBot connect to us (reverse WebSocket): a server
    "onebot.v11": ("nonebot.adapters.onebot.v11", ("~fastapi",)),
    # the Bot API over HTTP; the server receives webhook updates when configured
    "telegram": ("nonebot.adapters.telegram", ("~fastapi", "~httpx")),
    # the official QQ bot: HTTP API, WebSocket gateway (or webhook into the server)
    "qq": ("nonebot.adapters.qq", ("~fastapi", "~httpx", "~websockets")),
}


#: settings nonebot-adapter-telegram reads only from nonebot's own config (``.env``
#: files), not from the environment; passed on so both work as for other adapters
ENV_PASSTHROUGH = (
    "telegram_bots", "telegram_webhook_url", "telegram_proxy", "onebot_access_token",
)  # fmt: skip
#: taken as written, never JSON-decoded (a token of digits stays a string)
_RAW = frozenset(("telegram_webhook_url", "telegram_proxy", "onebot_access_token"))


def environment_settings(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Adapter settings found in the environment (JSON values decoded)."""
    environ = os.environ if environ is None else environ
    found: dict[str, Any] = {}
    for key in ENV_PASSTHROUGH:
        raw = environ.get(key.upper())
        if raw is None or not raw.strip():
            continue
        if key in _RAW:
            found[key] = raw.strip()
            continue
        try:
            found[key] = json.loads(raw)
        except ValueError:
            found[key] = raw
        if key == "telegram_bots" and not isinstance(found[key], list):
            raise SystemExit('TELEGRAM_BOTS must be a JSON list: [{"token": "123:ABC"}]')
    return found


NO_TOKEN = (
    "未设置 ONEBOT_ACCESS_TOKEN，而机器人监听在 {host}：任何能连到这个端口的人都能冒充 QQ 账号"
    "连接，伪造群消息（例如假装群主关掉反诈）。请在 .env 或环境变量里设置 ONEBOT_ACCESS_TOKEN，"
    "并在 NapCat / Lagrange 的反向 WebSocket 配置里填同一个 token；或只监听 127.0.0.1；"
    "确有前置代理把关时，可用 --insecure 启动。"
)
NO_TOKEN_LOOPBACK = (
    "未设置 ONEBOT_ACCESS_TOKEN：本机上任何程序都能冒充 QQ 账号连接并伪造群消息。"
    "请设置 ONEBOT_ACCESS_TOKEN，并在 NapCat / Lagrange 里填同一个 token。"
)


def access_problem(adapters: list[str], host: str, token: str | None, insecure: bool) -> str | None:
    """Why the OneBot endpoint must not start (None: it may); raises nothing.

    No token on a non-loopback address refuses to start unless ``insecure``.
    """
    if "onebot.v11" not in adapters or (token or "").strip() or insecure:
        return None
    return None if is_loopback(host) else NO_TOKEN.format(host=host)


# ---------------------------------------------------------------- private logs
#: nonebot logs each event with its full text; huzhu keeps only the event's kind
_EVENT_LINE = re.compile(r"\| \[[\w.]+\]: ")
_EVENT_KIND = re.compile(r"^(.*?\[[\w.]+\])")
_LONG_NUMBER = re.compile(r"\d{7,}")
#: where a line's message text begins: OneBot v11 quotes it; Telegram writes
#: ``Message 12 from 34@[Chat -56 Thread 7]: text`` (its ids stay readable)
_TEXT_START = re.compile(
    r"['\"]|(?:Edited)?Message -?\d+(?: from -?\d+)?(?: ?@\[Chat -?\d+(?: Thread \d+)?\])?: "
)


def _mask_numbers(text: str) -> str:
    from huzhu.plugins.anti_scam.pii import mask

    return _LONG_NUMBER.sub(lambda m: mask(m.group(0), 3, 2), text)


def private_line(message: str, show: bool) -> str:
    """A nonebot event line fit for the log: its kind only, or (``show``) masked text."""
    if show:
        start = _TEXT_START.search(message)
        if start is None:
            return _mask_numbers(message)
        cut = start.start() if start.group(0) in "'\"" else start.end()
        return message[:cut] + _mask_numbers(message[cut:])
    kind = _EVENT_KIND.match(message)
    return (kind.group(1) if kind else message.split("|", 1)[0].strip()) + " (内容不记录)"


def hide_private(record: Any, show: bool) -> None:
    """Cut a log record's member text in place (see :func:`private_line`)."""
    message = record["message"]
    if record["function"] == "handle_event" or _EVENT_LINE.search(message):
        record["message"] = private_line(message, show)
    elif "Raw:" in message:
        head, _, raw = message.partition("Raw:")
        record["message"] = head + "Raw:" + (_mask_numbers(raw) if show else " (内容不记录)")


def install_log_privacy(show: bool) -> None:
    """Keep members' messages and personal data out of the log.

    nonebot logs every event at INFO with the message's text, and a failed
    parse with the raw event; both are cut to the event's kind. With ``show``
    (``--log-messages`` / ``HUZHU_LOG_MESSAGES=1``) the text is logged with long
    numbers (phone, ID, card, QQ numbers) masked.

    Done by a loguru *patcher*, which edits every record before any handler
    sees it: nonebot's own handler (``nonebot.log.logger_id``) stays in place,
    because the console adapter looks it up to move the log into its window
    (removing it made the local chat fail with ``KeyError``), and every sink
    added later is private too.
    """
    from nonebot.log import logger

    logger.configure(patcher=lambda record: hide_private(record, show))


def run(
    adapters: list[str],
    *,
    host: str | None = None,
    port: int | None = None,
    config: str | None = None,
    data_dir: str | None = None,
    database_url: str | None = None,
    insecure: bool = False,
    log_messages: bool = False,
) -> None:
    """Initialise nonebot (its ``.env`` is honoured; flags win), load the bridge and run."""
    import nonebot

    unknown = [a for a in adapters if a not in ADAPTERS]
    if unknown:
        raise SystemExit(f"unknown adapter {', '.join(unknown)}; choose from {', '.join(ADAPTERS)}")
    network: list[str] = []
    for name in adapters:  # the ASGI server (~fastapi) first: nonebot wants the main driver first
        network += [d for d in ADAPTERS[name][1] if d not in network]
    network.sort(key=lambda d: d != "~fastapi")
    kwargs: dict[str, Any] = {"driver": "+".join(network) if network else "~none"}
    kwargs.update(environment_settings())
    for key, value in (
        ("host", host), ("port", port), ("huzhu_config", config),
        ("huzhu_data_dir", data_dir), ("huzhu_database_url", database_url),
    ):  # fmt: skip
        if value is not None:
            kwargs[key] = value
    nonebot.init(**kwargs)
    driver = nonebot.get_driver()
    show = log_messages or os.environ.get("HUZHU_LOG_MESSAGES", "").strip().lower() in (
        "1", "true", "yes", "on",
    )  # fmt: skip
    install_log_privacy(show)
    listen = str(driver.config.host)
    token = getattr(driver.config, "onebot_access_token", None)
    problem = access_problem(adapters, listen, token, insecure)
    if problem is not None:
        raise SystemExit(problem)
    if "onebot.v11" in adapters and not (token or "").strip():
        nonebot.logger.warning("⚠" * 3 + " " + NO_TOKEN_LOOPBACK if is_loopback(listen)
                               else "⚠⚠⚠ --insecure: " + NO_TOKEN.format(host=listen))  # fmt: skip
    for name in adapters:
        driver.register_adapter(importlib.import_module(ADAPTERS[name][0]).Adapter)
    nonebot.load_plugin("huzhu.adapters.bridge")
    nonebot.run()
