"""Which bot account serves which group: remembered across restarts."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.repo import upsert
from huzhu.core.storage.schema import group_bots


def remember(conn: Connection, rows: list[tuple[str, str, float]]) -> None:
    """Record (group, bot account, at): the account that serves the group now."""
    for group_id, bot_id, at in rows:
        upsert(
            conn, group_bots, {"group_id": group_id, "bot_id": bot_id, "updated_at": at},
            ["group_id"],
        )  # fmt: skip


def served(conn: Connection) -> dict[str, str]:
    """group → the bot account that last served it."""
    return {r[0]: r[1] for r in conn.execute(sa.select(group_bots.c.group_id, group_bots.c.bot_id))}
