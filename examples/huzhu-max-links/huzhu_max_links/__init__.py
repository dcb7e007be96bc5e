"""max_links: at most N links (web addresses, 小程序 paths, 口令) in one message.

A third-party huzhu plugin, packaged on its own: the whole rule is the
``check_message`` hook below. Off by default; owners enable it per group::

    groups:
      "qq:123456":
        plugins:
          max_links: {limit: 2}
"""

from __future__ import annotations

from pydantic import Field

from huzhu.core import (
    Catalog,
    GroupContext,
    MessageEvent,
    PluginConfig,
    PluginMeta,
    Severity,
    SeverityLevel,
    Verdict,
    hookimpl,
)
from huzhu.core.requests.links import count_links


class Config(PluginConfig):
    """Settings of max_links."""

    #: links allowed in one message
    limit: int = Field(default=3, ge=1, le=50)
    #: minor: one strike; severe: several; review: only tell the admins
    severity: SeverityLevel = Severity.MINOR


TEXTS = Catalog(
    {
        "zh": {
            "rule_max_links": "单条消息链接数限制",
            "too_many": "一条消息最多 {limit} 个链接（这条有 {count} 个），请分开发或用 /求助。",
        },
        "en": {
            "rule_max_links": "links per message",
            "too_many": "At most {limit} links per message (this one had {count}); "
            "split it up or use /post.",
        },
    }
)

__plugin_meta__ = PluginMeta(
    name="max_links",
    description="单条消息最多 N 个链接",
    description_en="at most N links in one message",
    config=Config,
    texts=TEXTS,
)


@hookimpl
def check_message(ctx: GroupContext, event: MessageEvent) -> Verdict | None:
    """Remove a message with more links than the group allows."""
    config: Config = ctx.config  # type: ignore[assignment]
    count = count_links(event.text)
    if count <= config.limit:
        return None
    return Verdict(
        rule="max_links",
        severity=config.severity,
        reason=ctx.t("too_many", limit=config.limit, count=count),
        evidence={"count": count, "limit": config.limit},
        remove=True,
    )
