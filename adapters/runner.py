"""``huzhu run``: start nonebot with the chosen adapters and the huzhu bridge."""

from __future__ import annotations

import importlib
import json
import os
from typing import Any

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
ENV_PASSTHROUGH = ("telegram_bots", "telegram_webhook_url", "telegram_proxy")


def environment_settings(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Adapter settings found in the environment (JSON values decoded)."""
    environ = os.environ if environ is None else environ
    found: dict[str, Any] = {}
    for key in ENV_PASSTHROUGH:
        raw = environ.get(key.upper())
        if raw is None or not raw.strip():
            continue
        try:
            found[key] = json.loads(raw)
        except ValueError:
            found[key] = raw
        if key == "telegram_bots" and not isinstance(found[key], list):
            raise SystemExit('TELEGRAM_BOTS must be a JSON list: [{"token": "123:ABC"}]')
    return found


def run(
    adapters: list[str],
    *,
    host: str | None = None,
    port: int | None = None,
    config: str | None = None,
    data_dir: str | None = None,
    database_url: str | None = None,
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
    for name in adapters:
        driver.register_adapter(importlib.import_module(ADAPTERS[name][0]).Adapter)
    nonebot.load_plugin("huzhu.adapters.bridge")
    nonebot.run()
