"""Help conversations in private: a group where the bot answers help commands privately.

Where 派单 is on (or ``requests.private_answers: on``), the group's screen is for the
requests themselves: one announcement per request stays in the group, and everything
else about helping goes to the members concerned privately —

- the answer to a help command (/求助's refusal, /已助's "recorded", /确认, /队列, /我的 …)
  goes to its sender, and to the members it mentions (the requester of a claim),
  privately; the first time a member used the group for it, the answer says that the
  bot also takes these commands privately;
- every help command (``Command.private``) also works when sent to the bot privately,
  with the group implied: the group of the member's assignment to that request, else
  the group where that number is their own request or an open one, else the group
  they were last seen in;
- reminders addressed to one member (``Reply.audience == "member"``: "please /确认")
  reach them privately.

Where the platform cannot write privately (the official QQ bot) nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from huzhu.core.events import Action, PrivateMessage, Reply

if TYPE_CHECKING:
    from huzhu.core.resolver import GroupSettings

#: the request number a command names first (``/确认 12`` / ``/已助 #12``)
_SEQ = re.compile(r"\s*[#＃]?(\d{1,9})")


def answers_privately(settings: GroupSettings) -> bool:
    """True when help commands are answered privately in this group."""
    mode = settings.requests.private_answers
    if mode != "auto":
        return mode == "on"
    if "queue" not in settings.enabled:
        return False
    dispatch = getattr(settings.configs.get("queue"), "dispatch", None)
    return bool(getattr(dispatch, "enabled", False))


def seq_of(rest: str) -> int:
    """The request number at the start of a command's arguments, 0 when there is none."""
    m = _SEQ.match(rest)
    return int(m.group(1)) if m else 0


def to_private(
    actions: list[Action], sender: str | None, hint: str = "", *, only_marked: bool = False
) -> list[Action]:
    """The same actions with the group replies sent privately instead.

    A reply for the group (``audience == "group"``) stays; one marked ``member`` goes to the
    members it mentions alone; the others go to ``sender`` and to each member they mention
    (``only_marked``: only replies marked ``member`` are sent privately). ``hint`` is added
    to what the sender receives.
    """
    out: list[Action] = []
    for a in actions:
        if not isinstance(a, Reply) or a.audience == "group":
            out.append(a)
            continue
        if only_marked and a.audience != "member":
            out.append(a)
            continue
        # a reply marked for its members goes to them alone, not to the command's sender
        alone = only_marked or a.audience == "member"
        targets = [*([sender] if sender and not alone else []), *a.mention]
        for who in dict.fromkeys(targets):
            text = a.text + (hint if who == sender and hint else "")
            out.append(PrivateMessage(a.group_id, who, text))
    return out


def for_members(actions: list[Action], private: Callable[[str], bool]) -> list[Action]:
    """Replies marked for their members (``audience == "member"``) sent to them privately
    in the groups where ``private(group id)`` (the group answers privately and its platform
    can write privately); everything else as it was."""
    if not any(isinstance(a, Reply) and a.audience == "member" for a in actions):
        return actions
    out: list[Action] = []
    for a in actions:
        if isinstance(a, Reply) and a.audience == "member" and private(a.group_id):
            out += to_private([a], None, only_marked=True)
        else:
            out.append(a)
    return out
