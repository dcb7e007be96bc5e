"""Tables and versioned migrations. Only ``huzhu.core.storage`` touches SQL."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from huzhu.core.storage.text import CleanJSON, CleanString, CleanText

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("description", CleanText, nullable=False),
    sa.Column("applied_at", sa.Float, nullable=False),
)

kv = sa.Table(
    "kv",
    metadata,
    sa.Column("group_id", CleanString(128), primary_key=True),
    sa.Column("namespace", CleanString(64), primary_key=True),
    sa.Column("key", CleanString(256), primary_key=True),
    sa.Column("value", CleanJSON, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
)

overrides = sa.Table(
    "overrides",
    metadata,
    sa.Column("group_id", CleanString(128), primary_key=True),
    sa.Column("plugin", CleanString(64), primary_key=True),
    sa.Column("key", CleanString(128), primary_key=True),
    sa.Column("value", CleanJSON, nullable=False),
    sa.Column("set_by", CleanString(128), nullable=False),
    sa.Column("set_at", sa.Float, nullable=False),
)

violations = sa.Table(
    "violations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("group_id", CleanString(128), nullable=False),
    sa.Column("member_id", CleanString(128), nullable=False),
    sa.Column("rule", CleanString(64), nullable=False),
    sa.Column("severity", sa.Integer, nullable=False),
    sa.Column("strikes", sa.Integer, nullable=False),
    sa.Column("step", CleanString(16), nullable=False),
    sa.Column("reason", CleanText, nullable=False),
    sa.Column("evidence", CleanJSON, nullable=False),
    sa.Column("message_id", CleanString(128), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("ix_violations_member", "group_id", "member_id", "at"),
)

# Strikes are never edited: a pardon is a row, and only strikes after the
# member's latest pardon count.
pardons = sa.Table(
    "pardons",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("group_id", CleanString(128), nullable=False),
    sa.Column("member_id", CleanString(128), nullable=False),
    sa.Column("by", CleanString(128), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("ix_pardons_member", "group_id", "member_id", "at"),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("group_id", CleanString(128), nullable=False),
    sa.Column("actor", CleanString(128), nullable=False),
    sa.Column("action", CleanString(64), nullable=False),
    sa.Column("target", CleanString(128), nullable=False, server_default=""),
    sa.Column("detail", CleanJSON, nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("ix_audit_group", "group_id", "at"),
)


# ---------------------------------------------------------------- help requests (v2)
requests = sa.Table(
    "requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("group_id", CleanString(128), nullable=False),
    #: the short number members type (#12), unique within the group
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("requester", CleanString(128), nullable=False),
    sa.Column("platform", CleanString(16), nullable=False),
    sa.Column("activity", CleanString(16), nullable=False),
    sa.Column("kind", CleanString(16), nullable=False),
    sa.Column("url", CleanText, nullable=False),
    sa.Column("link_key", CleanString(512), nullable=False),
    sa.Column("note", CleanText, nullable=False, server_default=""),
    sa.Column("needed", sa.Integer, nullable=False),
    sa.Column("helped", sa.Integer, nullable=False, server_default="0"),
    sa.Column("status", CleanString(16), nullable=False),
    sa.Column("close_reason", CleanString(16), nullable=False, server_default=""),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("closed_at", sa.Float, nullable=True),
    sa.Column("message_id", CleanString(128), nullable=False, server_default=""),
    sa.UniqueConstraint("group_id", "seq", name="uq_requests_seq"),
    sa.Index("ix_requests_open", "group_id", "status", "created_at"),
    sa.Index("ix_requests_requester", "group_id", "requester", "status"),
    sa.Index("ix_requests_link", "group_id", "link_key", "status"),
    sa.Index("ix_requests_expiry", "status", "expires_at"),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("request_id", sa.Integer, sa.ForeignKey("requests.id"), nullable=False),
    sa.Column("group_id", CleanString(128), nullable=False),
    sa.Column("helper", CleanString(128), nullable=False),
    sa.Column("requester", CleanString(128), nullable=False),
    sa.Column("status", CleanString(16), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("decided_at", sa.Float, nullable=True),
    sa.Column("decided_by", CleanString(128), nullable=False, server_default=""),
    sa.Column("message_id", CleanString(128), nullable=False, server_default=""),
    sa.Column("decide_message_id", CleanString(128), nullable=False, server_default=""),
    # one claim per helper per request: a second /已助 can never double-count
    sa.UniqueConstraint("request_id", "helper", name="uq_claims_helper"),
    sa.Index("ix_claims_pending", "status", "created_at"),
    sa.Index("ix_claims_helper", "group_id", "helper", "status"),
    sa.Index("ix_claims_requester", "group_id", "requester", "status"),
)

# Append-only: a balance is SUM(delta); nothing is ever updated in place.
ledger = sa.Table(
    "ledger",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("group_id", CleanString(128), nullable=False),
    sa.Column("member", CleanString(128), nullable=False),
    sa.Column("delta", sa.Integer, nullable=False),
    sa.Column("kind", CleanString(16), nullable=False),  # given | received
    sa.Column("counterpart", CleanString(128), nullable=False),
    sa.Column("request_id", sa.Integer, nullable=False),
    sa.Column("claim_id", sa.Integer, nullable=False),
    sa.Column("claim_message_id", CleanString(128), nullable=False, server_default=""),
    sa.Column("confirm_message_id", CleanString(128), nullable=False, server_default=""),
    sa.Column("at", sa.Float, nullable=False),
    sa.UniqueConstraint("claim_id", "kind", name="uq_ledger_claim"),
    sa.Index("ix_ledger_member", "group_id", "member", "kind"),
    sa.Index("ix_ledger_pair", "group_id", "member", "counterpart"),
)

members = sa.Table(
    "members",
    metadata,
    sa.Column("group_id", CleanString(128), primary_key=True),
    sa.Column("member_id", CleanString(128), primary_key=True),
    sa.Column("name", CleanString(256), nullable=False, server_default=""),
    sa.Column("first_seen", sa.Float, nullable=False),
    sa.Column("last_seen", sa.Float, nullable=False),
    sa.Index("ix_members_active", "group_id", "last_seen"),
)

assignments = sa.Table(
    "assignments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("request_id", sa.Integer, nullable=False),
    sa.Column("group_id", CleanString(128), nullable=False),
    sa.Column("helper", CleanString(128), nullable=False),
    sa.Column("status", CleanString(16), nullable=False),  # active | done | lapsed | closed
    sa.Column("assigned_at", sa.Float, nullable=False),
    sa.Column("ended_at", sa.Float, nullable=True),
    sa.Index("ix_assignments_group", "group_id", "status"),
    sa.Index("ix_assignments_request", "request_id", "helper"),
)


# ---------------------------------------------------------------- appeals (v3)
appeals = sa.Table(
    "appeals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("group_id", CleanString(128), nullable=False),
    sa.Column("member_id", CleanString(128), nullable=False),
    sa.Column("text", CleanText, nullable=False),
    #: the member's latest violation when they appealed (0: none on record)
    sa.Column("violation_id", sa.Integer, nullable=False, server_default="0"),
    sa.Column("status", CleanString(16), nullable=False),  # open | upheld | pardoned
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("resolved_by", CleanString(128), nullable=False, server_default=""),
    sa.Column("resolved_at", sa.Float, nullable=True),
    sa.Column("resolution", CleanText, nullable=False, server_default=""),
    sa.Index("ix_appeals_group", "group_id", "status"),
    sa.Index("ix_appeals_member", "group_id", "member_id", "status"),
)

# ---------------------------------------------------------------- schedules (v4)
# Scheduled items live here, not in memory: they survive restarts, and a
# compare-and-swap on next_at lets exactly one process fire each occurrence.
schedules = sa.Table(
    "schedules",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("group_id", CleanString(128), nullable=False),
    #: "core" or the plugin that owns the item (it gets the schedule_due call)
    sa.Column("owner", CleanString(64), nullable=False),
    sa.Column("kind", CleanString(64), nullable=False),
    #: a cron expression for recurring items, "" for one-shot
    sa.Column("cron", CleanString(128), nullable=False, server_default=""),
    sa.Column("payload", CleanJSON, nullable=False),
    sa.Column("next_at", sa.Float, nullable=False),
    #: what to do about an occurrence missed by more than the grace time: skip | once
    sa.Column("catch_up", CleanString(8), nullable=False, server_default="once"),
    sa.Column("status", CleanString(16), nullable=False),  # active | done | cancelled
    sa.Column("created_by", CleanString(128), nullable=False, server_default=""),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("fired", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_fired_at", sa.Float, nullable=True),
    #: set for items that must exist once (a request's expiry reminder, a daily post);
    #: NULLs do not collide, and a cancelled item gives its key up
    sa.Column("key", CleanString(191), nullable=True),
    sa.UniqueConstraint("group_id", "owner", "key", name="uq_schedules_key"),
    sa.Index("ix_schedules_due", "status", "next_at"),
    sa.Index("ix_schedules_group", "group_id", "owner", "status"),
)

# ---------------------------------------------------------------- group accounts (v6)
#: which bot account last served each group, so scheduled posts find it after a restart
group_bots = sa.Table(
    "group_bots",
    metadata,
    sa.Column("group_id", sa.String(128), primary_key=True),
    #: the account's own id on its platform (nonebot's ``bot.self_id``)
    sa.Column("bot_id", sa.String(128), nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Index("ix_group_bots_bot", "bot_id"),
)

# ---------------------------------------------------------------- dispatch (v10)
#: each member's stance towards 派单 in a group: /接单 or /休息, and how they answered lately
dispatch_members = sa.Table(
    "dispatch_members",
    metadata,
    sa.Column("group_id", CleanString(128), primary_key=True),
    sa.Column("member_id", CleanString(128), primary_key=True),
    #: "available" (/接单), "away" (/休息) or "" (said nothing)
    sa.Column("stance", CleanString(16), nullable=False, server_default=""),
    sa.Column("stance_at", sa.Float, nullable=False, server_default="0"),
    #: /休息 with a duration: asked again from then on (0: until /接单)
    sa.Column("away_until", sa.Float, nullable=False, server_default="0"),
    #: assignments acted on, and assignments let lapse since the last one acted on
    sa.Column("acted", sa.Integer, nullable=False, server_default="0"),
    sa.Column("ignored", sa.Integer, nullable=False, server_default="0"),
    #: not asked before this time (after ignoring several in a row)
    sa.Column("paused_until", sa.Float, nullable=False, server_default="0"),
    sa.Index("ix_dispatch_members_paused", "group_id", "paused_until"),
)
#: (group, requester, helper) of claims: dispatch reads only the pairs it may pair again
_claims_pair = sa.Index(
    "ix_claims_pair", claims.c.group_id, claims.c.requester, claims.c.created_at, claims.c.helper
)
#: a member's assignments, latest first: the group a private /已助 belongs to
_assignments_helper = sa.Index(
    "ix_assignments_helper", assignments.c.helper, assignments.c.assigned_at
)

#: a group's assignments by time: who was asked lately, without reading the history
_assignments_recent = sa.Index(
    "ix_assignments_recent", assignments.c.group_id, assignments.c.assigned_at, assignments.c.helper
)


def _dispatch_tables(conn: sa.Connection) -> None:
    dispatch_members.create(conn, checkfirst=True)
    _claims_pair.create(conn, checkfirst=True)
    _assignments_helper.create(conn, checkfirst=True)
    _assignments_recent.create(conn, checkfirst=True)


_audit_by_target = sa.Index(
    "ix_audit_target", audit_log.c.group_id, audit_log.c.target, audit_log.c.at
)


#: balances read only this index (covering: no table lookups), which matters with a long history
_ledger_balance = sa.Index(
    "ix_ledger_balance", ledger.c.group_id, ledger.c.member, ledger.c.kind, ledger.c.delta
)


#: claims of a group since a time (daily caps), without reading the group's whole history
_claims_recent = sa.Index("ix_claims_recent", claims.c.group_id, claims.c.created_at)


def _balance_index(conn: sa.Connection) -> None:
    _ledger_balance.create(conn, checkfirst=True)
    _claims_recent.create(conn, checkfirst=True)
    # the old index is a prefix of the new one
    conn.execute(sa.text("DROP INDEX IF EXISTS ix_ledger_member"))


def _create(*tables: sa.Table) -> Callable[[sa.Connection], None]:
    def run(conn: sa.Connection) -> None:
        for table in tables:
            table.create(conn, checkfirst=True)

    return run


#: (version, description, step). Append only; never edit a released step.
MIGRATIONS: list[tuple[int, str, Callable[[sa.Connection], None]]] = [
    (1, "kv, overrides, violations, pardons, audit log", _create(kv, overrides, violations, pardons, audit_log)),
    (2, "help requests, claims, ledger, members, assignments", _create(requests, claims, ledger, members, assignments)),
    (3, "appeals; audit log by target", lambda c: (_create(appeals)(c), _audit_by_target.create(c, checkfirst=True))),
    (4, "schedules", _create(schedules)),
    (5, "ledger balances from a covering index; recent claims by time", _balance_index),
    (6, "the bot account that last served each group", _create(group_bots)),
    (10, "dispatch: members' /接单 /休息 and answers; claims by requester and time", _dispatch_tables),
]  # fmt: skip
