"""``/metrics`` for Prometheus: on nonebot's own server, or on a port of its own.

Settings (``.env`` or environment):

- ``HUZHU_METRICS`` (default true): serve the metrics at all;
- ``HUZHU_METRICS_PORT``: serve them on this port instead of nonebot's server
  (needed where nonebot runs no ASGI server, e.g. the console adapter);
- ``HUZHU_METRICS_HOST`` (default 127.0.0.1): the address of that port;
- ``HUZHU_METRICS_PUBLIC`` (default false): answer scrapes from other machines.
  Off, ``/metrics`` on nonebot's server answers only loopback clients (the bot
  port is often open to NapCat on another machine), and a non-loopback
  ``HUZHU_METRICS_HOST`` is refused.
"""

from __future__ import annotations

import logging
from typing import Any

from nonebot import get_plugin_config
from nonebot.drivers import ASGIMixin
from pydantic import BaseModel

from huzhu.core import metrics
from huzhu.core.web.serve import is_loopback

log = logging.getLogger("huzhu.metrics")
PATH = "/metrics"


class MetricsSettings(BaseModel):
    """Where ``/metrics`` is served; see the module docstring."""

    huzhu_metrics: bool = True
    huzhu_metrics_port: int | None = None
    huzhu_metrics_host: str = "127.0.0.1"
    huzhu_metrics_public: bool = False


def _endpoint(public: bool) -> Any:
    """The request handler: the metrics, to loopback clients unless ``public``."""
    from starlette.requests import Request
    from starlette.responses import Response

    async def endpoint(request: Request) -> Response:
        client = request.client.host if request.client is not None else ""
        if not (public or is_loopback(client)):
            return Response("metrics are served to this machine only\n", 403)
        body, kind = metrics.render()
        return Response(body, headers={"Content-Type": kind})

    return endpoint


def install(driver: Any) -> str | None:
    """Serve ``/metrics`` as configured; return where (None: not served)."""
    settings = get_plugin_config(MetricsSettings)
    if not settings.huzhu_metrics:
        return None
    public = settings.huzhu_metrics_public
    if settings.huzhu_metrics_port:
        host = settings.huzhu_metrics_host
        if not (public or is_loopback(host)):
            raise SystemExit(
                f"HUZHU_METRICS_HOST={host} 不是本机地址：指标会对其他机器公开。"
                "确需如此请同时设置 HUZHU_METRICS_PUBLIC=true。"
                f" (metrics on {host} would be public; set HUZHU_METRICS_PUBLIC=true to allow it)"
            )
        from prometheus_client import start_http_server

        start_http_server(settings.huzhu_metrics_port, addr=host, registry=metrics.REGISTRY)
        where = f"http://{host}:{settings.huzhu_metrics_port}{PATH}"
    elif isinstance(driver, ASGIMixin):
        driver.server_app.add_route(
            PATH, _endpoint(public), methods=["GET"], include_in_schema=False
        )
        where = f"{PATH} on nonebot's server" + ("" if public else " (loopback clients only)")
    else:
        log.info("no web server in this process: set HUZHU_METRICS_PORT to serve /metrics")
        return None
    log.info("metrics served at %s", where)
    return where
