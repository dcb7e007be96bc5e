"""联盟 (alliance): groups of one deployment that stand together against scammers.

Configured in plugins.yaml (``alliance: {names: [华东联盟]}`` in each group's
block) or joined by the owners of both sides with ``/联盟``. See
``huzhu.core.identity.alliances``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from huzhu.core import Catalog, Duration, PluginConfig, PluginMeta


class Config(PluginConfig):
    """Settings of alliance."""

    #: the alliances this group is in (groups naming the same alliance are allied)
    names: tuple[str, ...] = ()
    #: what to do when someone removed for a scam in an allied group joins or speaks here:
    #: flag (tell the admins, with the evidence), mute, or kick
    on_sight: Literal["flag", "mute", "kick"] = "flag"
    #: how long ``on_sight: mute`` mutes
    mute_for: Duration = 7 * 86400
    #: removals older than this no longer follow a member
    remember: Duration = 180 * 86400
    #: the 信用分 here also counts the member's record in allied groups
    shared_reputation: bool = False
    #: how long an invitation made with /联盟 邀请 stays valid
    invite_ttl: Duration = Field(default=3600, ge=60)


TEXTS = Catalog({"zh": {}, "en": {}})

__plugin_meta__ = PluginMeta(
    name="alliance",
    description="联盟：同一部署下的多个群共享骗子名单（跨群标记、禁言或移出）",
    description_en="alliance: groups of one deployment share their scammer record (flag, mute or remove on sight)",
    usage="/联盟",
    config=Config,
    texts=TEXTS,
)
