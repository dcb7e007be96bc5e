"""``huzhu run``: start nonebot with the chosen adapters and the huzhu bridge."""

from __future__ import annotations

import importlib
from typing import Any

#: ``--adapter`` name → (nonebot adapter module, the driver it needs)
ADAPTERS = {
    "console": ("nonebot.adapters.console", "~none"),
    "onebot.v11": ("nonebot.adapters.onebot.v11", "~fastapi"),
}


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
    drivers = {ADAPTERS[a][1] for a in adapters}
    network = sorted(d for d in drivers if d != "~none")
    kwargs: dict[str, Any] = {"driver": "+".join(network) if network else "~none"}
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
