"""Hook writes inside the transaction of the command that caused them.

A command's own write (a request posted, a help claimed) runs in one transaction
on the database's writer. What plugins store because of it — a reminder's
schedule — is written by the ``*_stored`` hooks (``request_stored``,
``claim_stored``) inside that same transaction, before it commits: one commit
round per command, and a crash keeps both or neither.

These hooks are plain functions (no ``async``), run on the writer; they only
write through ``tx`` and read what they were given (the request, the claim, their
context's settings). Each runs in its own savepoint: one that fails is rolled back
alone and logged, and the command's write stays. Everything a member sees
(replies, mentions) still comes from the broadcast hooks after the commit.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from huzhu.core.schedule.scheduler import CatchUp
from huzhu.core.storage.db import GroupLockContended
from huzhu.core.storage.prepared import Savepoint

if TYPE_CHECKING:
    from huzhu.core.context import GroupContext
    from huzhu.core.engine import Engine

log = logging.getLogger("huzhu.hooks")

#: the implementations of a ``*_stored`` hook in one group, each with its context
Plan = Sequence[tuple[Any, "GroupContext"]]


class Transaction:
    """``tx`` of a ``*_stored`` hook: the command's open transaction, for one plugin."""

    __slots__ = ("_ctx", "conn")

    def __init__(self, conn: Connection, ctx: GroupContext) -> None:
        #: the connection in the transaction (a plugin's own SQL; never commit it)
        self.conn = conn
        self._ctx = ctx

    def schedule_at(
        self,
        when: float,
        kind: str,
        payload: dict[str, Any] | None = None,
        *,
        catch_up: CatchUp = "once",
        key: str | None = None,
    ) -> int:
        """``ctx.schedule.at`` in this transaction: the item is stored with the command's write."""
        schedule = self._ctx.schedule
        assert schedule is not None, "no scheduler in this context"
        return schedule.add_in(self.conn, when, kind, payload, catch_up=catch_up, key=key)


def plan(engine: Engine, hook: str, group_id: str) -> Plan:
    """The enabled implementations of ``hook`` in a group (taken on the loop, before the write)."""
    return engine.caller.bound(hook, group_id, engine.resolver.group(group_id).enabled)


def run(engine: Engine, conn: Connection, hook: str, todo: Plan, **kwargs: Any) -> None:
    """Call a ``*_stored`` hook's implementations inside the current transaction (on the writer),
    each in a savepoint; one that fails is undone alone and logged."""
    point = Savepoint(conn, "huzhu_hook")
    for impl, ctx in todo:
        point.begin()
        try:
            out = impl.func(**_args(impl, ctx, conn, kwargs))
            if inspect.iscoroutine(out):
                out.close()
                raise TypeError(f"{hook} must be a plain function (it runs inside the transaction)")
        except Exception as exc:
            point.undo()
            if isinstance(exc, GroupLockContended):  # the writer runs the command again, afresh
                raise
            engine.caller.failures[(impl.plugin, hook)] += 1
            log.exception("plugin %s failed in %s (group %s)", impl.plugin, hook, ctx.group_id)
            continue
        point.keep()


def _args(impl: Any, ctx: GroupContext, conn: Connection, kwargs: dict[str, Any]) -> dict[str, Any]:
    extra = {"ctx": ctx, "tx": Transaction(conn, ctx)}
    return {name: extra[name] if name in extra else kwargs[name] for name in impl.argnames}
