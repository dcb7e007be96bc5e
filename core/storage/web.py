"""The web console's own rows: one-time sign-in links, sessions, the bot's posts per hour.

Tokens are never stored: only their SHA-256, so a copy of the database holds no
usable link or session.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.repo import upsert
from huzhu.core.storage.schema import bot_posts, web_links, web_sessions


def link_add(
    conn: Connection,
    token_hash: str,
    member_id: str,
    groups: list[str],
    lang: str,
    now: float,
    expires_at: float,
) -> None:
    """Store a new one-time link."""
    conn.execute(
        web_links.insert().values(
            token_hash=token_hash, member_id=member_id, groups=groups, lang=lang,
            created_at=now, expires_at=expires_at,
        )
    )  # fmt: skip


def link_redeem(
    conn: Connection,
    token_hash: str,
    now: float,
    session_hash: str,
    csrf: str,
    session_ttl: float,
) -> dict[str, Any] | None:
    """Use a link once and open its session, in one transaction; None: unknown, used or expired."""
    used = conn.execute(
        sa.update(web_links)
        .where(
            web_links.c.token_hash == token_hash,
            web_links.c.used_at.is_(None),
            web_links.c.expires_at > now,
        )
        .values(used_at=now)
    )
    if used.rowcount != 1:
        return None
    row = conn.execute(
        sa.select(web_links.c.member_id, web_links.c.groups, web_links.c.lang).where(
            web_links.c.token_hash == token_hash
        )
    ).one()
    values = {
        "id_hash": session_hash, "member_id": row.member_id, "groups": row.groups,
        "csrf": csrf, "lang": row.lang, "created_at": now, "expires_at": now + session_ttl,
    }  # fmt: skip
    conn.execute(web_sessions.insert().values(**values))
    # spent and expired links are of no use to anybody: keep the table small
    conn.execute(sa.delete(web_links).where(web_links.c.expires_at < now - 86400))
    return values


def session_get(conn: Connection, session_hash: str, now: float) -> dict[str, Any] | None:
    """A live session, or None (unknown, ended or expired)."""
    row = conn.execute(
        sa.select(web_sessions).where(
            web_sessions.c.id_hash == session_hash,
            web_sessions.c.ended_at.is_(None),
            web_sessions.c.expires_at > now,
        )
    ).first()
    return None if row is None else dict(row._mapping)


def sessions_end(conn: Connection, member_id: str, now: float) -> int:
    """End every live session of a member; how many were live."""
    return conn.execute(
        sa.update(web_sessions)
        .where(web_sessions.c.member_id == member_id, web_sessions.c.ended_at.is_(None))
        .values(ended_at=now)
    ).rowcount


def posts_add(conn: Connection, rows: list[tuple[str, float, int]]) -> None:
    """Add the bot's posts to the hourly counts: (group, start of the hour, how many)."""
    for gid, hour, count in rows:
        current = conn.execute(
            sa.select(bot_posts.c.count).where(
                bot_posts.c.group_id == gid, bot_posts.c.hour == hour
            )
        ).scalar()
        upsert(conn, bot_posts, {"group_id": gid, "hour": hour, "count": (current or 0) + count},
               ["group_id", "hour"])  # fmt: skip
