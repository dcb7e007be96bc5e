"""How the anti_scam tests read a message: its verdicts as the group is told them (zh)."""

from __future__ import annotations

from huzhu.core import Severity
from huzhu.core.scan import summarise
from huzhu.plugins.anti_scam import TEXTS, Config, scan, to_verdict


def reasons(message: str) -> list[tuple[str, Severity, str]]:
    """(rule, severity, reason) of every finding, as a Chinese group is told it."""
    t = lambda k, **v: TEXTS.get("zh", k, **v)  # noqa: E731
    return [
        (v.rule, v.severity, v.reason)
        for v in (to_verdict(t, f, "zh") for f in scan(message, Config()))
    ]


def flagged(message: str) -> bool:
    """A finding held for review or worse."""
    return any(severity >= Severity.REVIEW for _rule, severity, _reason in reasons(message))


def group_verdict(message: str) -> str:
    """allow, review or block, as the group sees the message (``huzhu scan``'s verdict)."""
    t = lambda k, **v: TEXTS.get("zh", k, **v)  # noqa: E731
    return summarise([to_verdict(t, f, "zh") for f in scan(message, Config())])["verdict"]


def rules(message: str) -> dict[str, Severity]:
    """rule → severity of every finding."""
    return {f.rule: f.severity for f in scan(message, Config())}
