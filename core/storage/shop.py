"""SQL of the 积分 shop: a purchase is a ledger row of kind ``spend``; a refund compensates it.

Balances are never edited: a purchase checks the balance (SUM of the ledger), the
item's stock and the member's limit, then writes the purchase and its ``spend``
row, all in one transaction under the group's lock, so concurrent purchases of
the last item cannot both succeed.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from huzhu.core.storage.prepared import Prepared
from huzhu.core.storage.requests import insert_ledger, lock_group
from huzhu.core.storage.schema import ledger, purchases


def _balance(conn: Connection, group_id: str, member: str) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.coalesce(sa.func.sum(ledger.c.delta), 0)).where(
                ledger.c.group_id == group_id, ledger.c.member == member
            )
        ).scalar()
        or 0
    )


def _sold(conn: Connection, group_id: str, item: str, member: str | None = None) -> int:
    stmt = sa.select(sa.func.count()).where(
        purchases.c.group_id == group_id, purchases.c.item == item, purchases.c.status != "refunded"
    )
    if member is not None:
        stmt = stmt.where(purchases.c.member == member)
    return int(conn.execute(stmt).scalar() or 0)


def buy(
    conn: Connection, *, group_id: str, member: str, item: str, price: int, effect: str,
    stock: int | None, limit: int | None, now: float, until: float | None = None, message_id: str = "",
    request_id: int = 0,
) -> tuple[str, dict[str, Any]]:  # fmt: skip
    """Buy one ``item``: ("ok", {"id", "balance"}) or (why not, facts): ``balance`` (too low),
    ``sold_out``, ``limit`` (the member's limit reached). With ``request_id`` the effect is
    applied at once (a 置顶 on that request until ``until``)."""
    lock_group(conn, group_id)
    balance = _balance(conn, group_id, member)
    if stock is not None and _sold(conn, group_id, item) >= stock:
        return "sold_out", {"stock": stock}
    if limit is not None and (mine := _sold(conn, group_id, item, member)) >= limit:
        return "limit", {"limit": limit, "bought": mine}
    if balance < price:
        return "balance", {"balance": balance, "price": price}
    pid = conn.execute(
        purchases.insert()
        .values(
            group_id=group_id,
            member=member,
            item=item,
            price=price,
            effect=effect,
            status="used" if request_id else "bought",
            at=now,
            until=until,
            request_id=request_id,
            used_at=now if request_id else None,
        )
        .returning(purchases.c.id)
    ).scalar_one()
    insert_ledger(conn, [{"g": group_id, "member": member, "delta": -price, "kind": "spend",
                          "other": f"shop:{item}", "rid": request_id, "cid": pid, "cmid": "", "mid": message_id,
                          "now": now}])  # fmt: skip
    return "ok", {"id": pid, "balance": balance - price}


def refund(
    conn: Connection, group_id: str, purchase_id: int, now: float, by: str
) -> dict[str, Any] | None:
    """Refund a purchase with a compensating ``refund`` row; None when there is none to refund."""
    lock_group(conn, group_id)
    row = conn.execute(
        sa.select(purchases).where(purchases.c.group_id == group_id, purchases.c.id == purchase_id)
    ).first()
    if row is None or row.status == "refunded":
        return None
    conn.execute(purchases.update().where(purchases.c.id == purchase_id).values(status="refunded"))
    insert_ledger(conn, [{"g": group_id, "member": row.member, "delta": row.price, "kind": "refund",
                          "other": by, "rid": 0, "cid": purchase_id, "cmid": "", "mid": "", "now": now}])  # fmt: skip
    return dict(row._mapping)


def use(
    conn: Connection, group_id: str, member: str, effect: str, now: float, request_id: int = 0
) -> int | None:
    """Use the member's oldest unused purchase with ``effect``; its id, or None when they have none."""
    row = _UNUSED.first(conn, {"g": group_id, "m": member, "effect": effect})
    if row is None:
        return None
    done = _USE.count(conn, {"id": row[0], "now": now, "rid": request_id})
    return int(row[0]) if done == 1 else None


#: prepared: ``use`` runs for every request posted (building the select cost 4 ms)
_UNUSED = Prepared(
    "SELECT id FROM purchases WHERE group_id = :g AND member = :m AND effect = :effect "
    "AND status = 'bought' ORDER BY id LIMIT 1"
)
_USE = Prepared(
    "UPDATE purchases SET status = 'used', used_at = :now, request_id = :rid "
    "WHERE id = :id AND status = 'bought'"
)


_COUNT_SINCE = Prepared(
    "SELECT count(*) FROM purchases WHERE group_id = :g AND member = :m AND effect = :effect "
    "AND status != 'refunded' AND at >= :since"
)
_PINNED = Prepared(
    "SELECT request_id FROM purchases WHERE group_id = :g AND effect = 'pin' AND status = 'used' "
    "AND until > :now ORDER BY used_at DESC"
)


def count_since(conn: Connection, group_id: str, member: str, effect: str, since: float) -> int:
    """Purchases of ``effect`` by ``member`` since ``since`` (not refunded)."""
    params = {"g": group_id, "m": member, "effect": effect, "since": since}
    return int(_COUNT_SINCE.scalar(conn, params) or 0)


def pinned(conn: Connection, group_id: str, now: float) -> list[int]:
    """Ids of requests pinned (置顶) now, most recently pinned first."""
    rows = _PINNED.rows(conn, {"g": group_id, "now": now})
    return list(dict.fromkeys(int(r[0]) for r in rows))


def of_member(conn: Connection, group_id: str, member: str, limit: int = 5) -> list[dict[str, Any]]:
    """A member's latest purchases, newest first."""
    rows = conn.execute(
        sa.select(purchases)
        .where(purchases.c.group_id == group_id, purchases.c.member == member)
        .order_by(purchases.c.id.desc())
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]


def sold(conn: Connection, group_id: str) -> dict[str, int]:
    """item → how many are sold (not refunded)."""
    rows = conn.execute(
        sa.select(purchases.c.item, sa.func.count())
        .where(purchases.c.group_id == group_id, purchases.c.status != "refunded")
        .group_by(purchases.c.item)
    )
    return {str(r[0]): int(r[1]) for r in rows}
