"""huzhu's platform-neutral core: events, hooks, config, storage and the engine.

Plugin authors import what they need from here::

    from huzhu.core import hookimpl, PluginMeta, PluginConfig, Verdict, Severity
"""

from huzhu.core.commands import Arg, Invocation
from huzhu.core.context import GroupContext
from huzhu.core.durations import Duration
from huzhu.core.events import (
    Action,
    Capabilities,
    Claim,
    DecideJoin,
    DeleteMessage,
    HelpRequest,
    JoinRequest,
    Kick,
    Member,
    MemberEvent,
    MessageEvent,
    Mute,
    NotifyAdmins,
    PrivateMessage,
    PrivateNotes,
    Reply,
    Role,
    ScheduledItem,
    Severity,
    Verdict,
    Violation,
)
from huzhu.core.hookspecs import hookimpl
from huzhu.core.i18n import Catalog
from huzhu.core.plugin import PluginConfig, PluginMeta, Section, SeverityLevel
from huzhu.core.settings.choices import Choices, Zero
from huzhu.core.transaction import Transaction

__version__ = "0.1.0"

__all__ = [
    "Action",
    "Arg",
    "Capabilities",
    "Catalog",
    "Choices",
    "Claim",
    "DecideJoin",
    "DeleteMessage",
    "Duration",
    "GroupContext",
    "HelpRequest",
    "Invocation",
    "JoinRequest",
    "Kick",
    "Member",
    "MemberEvent",
    "MessageEvent",
    "Mute",
    "NotifyAdmins",
    "PluginConfig",
    "PluginMeta",
    "PrivateMessage",
    "PrivateNotes",
    "Reply",
    "Role",
    "ScheduledItem",
    "Section",
    "Severity",
    "SeverityLevel",
    "Transaction",
    "Verdict",
    "Violation",
    "Zero",
    "hookimpl",
]
