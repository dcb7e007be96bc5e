"""Tables and versioned migrations. Only ``huzhu.core.storage`` touches SQL."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from huzhu.core.storage.chain import migrate_chain
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

# ---------------------------------------------------------------- shop, identity, alliances (v9)
#: one row per purchase; what it cost is the ledger's ``spend`` row (claim_id = this id)
purchases = sa.Table(
    "purchases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("group_id", CleanString(128), nullable=False),
    sa.Column("member", CleanString(128), nullable=False),
    sa.Column("item", CleanString(64), nullable=False),
    sa.Column("price", sa.Integer, nullable=False),
    sa.Column("effect", CleanString(16), nullable=False),  # pin | extra_request | pass | custom
    #: bought | used | refunded
    sa.Column("status", CleanString(16), nullable=False),
    #: the request it was used on (pin, pass), 0 for none
    sa.Column("request_id", sa.Integer, nullable=False, server_default="0"),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("used_at", sa.Float, nullable=True),
    #: until when an effect lasts (pin)
    sa.Column("until", sa.Float, nullable=True),
    sa.Index("ix_purchases_item", "group_id", "item", "status"),
    sa.Index("ix_purchases_member", "group_id", "member", "effect", "status"),
)

#: accounts of one person across platforms: ``person`` is the account that made the first code
identity_links = sa.Table(
    "identity_links",
    metadata,
    sa.Column("account", CleanString(128), primary_key=True),
    sa.Column("person", CleanString(128), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("ix_identity_person", "person"),
)

#: one-time binding codes (short-lived, single use)
identity_codes = sa.Table(
    "identity_codes",
    metadata,
    sa.Column("code", CleanString(16), primary_key=True),
    sa.Column("account", CleanString(128), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("used_at", sa.Float, nullable=True),
    sa.Column("used_by", CleanString(128), nullable=False, server_default=""),
)

#: groups joined into alliances by their owners (plugins.yaml alliances need no row)
alliance_members = sa.Table(
    "alliance_members",
    metadata,
    sa.Column("alliance", CleanString(64), primary_key=True),
    sa.Column("group_id", CleanString(128), primary_key=True),
    sa.Column("joined_by", CleanString(128), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("ix_alliance_group", "group_id"),
)

#: an owner's invitation of another group into an alliance, accepted by that group's owner
alliance_invites = sa.Table(
    "alliance_invites",
    metadata,
    sa.Column("code", CleanString(16), primary_key=True),
    sa.Column("alliance", CleanString(64), nullable=False),
    sa.Column("group_id", CleanString(128), nullable=False),
    sa.Column("by", CleanString(128), nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("used_at", sa.Float, nullable=True),
)

# ---------------------------------------------------------------- shared state (v13)
# What several processes serving the same groups must agree on (core/shared.py):
# handled message ids, rate-limit windows, the pacer's hourly counters. Each row
# expires; SQLite (one process) keeps this in memory and leaves the tables empty.
shared_events = sa.Table(
    "shared_events",
    metadata,
    sa.Column("group_id", sa.String(128), primary_key=True),
    sa.Column("message_id", sa.String(128), primary_key=True),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Index("ix_shared_events_expiry", "expires_at"),
)
shared_limits = sa.Table(
    "shared_limits",
    metadata,
    sa.Column("key", sa.String(400), primary_key=True),
    #: the hits in the window, a JSON list of times
    sa.Column("hits", sa.Text, nullable=False),
    #: when the member was last told they are limited (0: never)
    sa.Column("told_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Index("ix_shared_limits_expiry", "expires_at"),
)
shared_counts = sa.Table(
    "shared_counts",
    metadata,
    sa.Column("key", sa.String(400), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Index("ix_shared_counts_expiry", "expires_at"),
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


#: a member's groups, latest first: where a command sent privately belongs (migration 15)
_members_by_member = sa.Index("ix_members_member", members.c.member_id, members.c.last_seen)


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


# ---------------------------------------------------------------- balances (v11, perf)
#: each member's 助力值, helps given and received per group, kept by database triggers on every
#: ledger row (whoever inserts it, in the same transaction): reading a balance no longer sums
#: the member's whole history, and the leaderboard is an index walk
balances = sa.Table(
    "balances",
    metadata,
    sa.Column("group_id", CleanString(128), primary_key=True),
    sa.Column("member", CleanString(128), primary_key=True),
    sa.Column("balance", sa.Integer, nullable=False, server_default="0"),
    sa.Column("given", sa.Integer, nullable=False, server_default="0"),
    sa.Column("received", sa.Integer, nullable=False, server_default="0"),
    sa.Index("ix_balances_given", "group_id", "given"),
)

_BALANCE_ADD = (
    "INSERT INTO balances (group_id, member, balance, given, received) VALUES ({r}.group_id, {r}.member, "
    "{s}{r}.delta, {s}(CASE {r}.kind WHEN 'given' THEN 1 WHEN 'undo_given' THEN -1 ELSE 0 END), "
    "{s}(CASE {r}.kind WHEN 'received' THEN 1 WHEN 'undo_received' THEN -1 ELSE 0 END)) ON CONFLICT (group_id, member) DO UPDATE SET "
    "balance = balances.balance + excluded.balance, given = balances.given + excluded.given, "
    "received = balances.received + excluded.received"
)


def _balances(conn: sa.Connection) -> None:
    balances.create(conn, checkfirst=True)
    conn.execute(sa.text(
        "INSERT INTO balances (group_id, member, balance, given, received) SELECT group_id, member, sum(delta), "
        "sum(CASE kind WHEN 'given' THEN 1 WHEN 'undo_given' THEN -1 ELSE 0 END), "
        "sum(CASE kind WHEN 'received' THEN 1 WHEN 'undo_received' THEN -1 ELSE 0 END) "
        "FROM ledger GROUP BY group_id, member"
    ))  # fmt: skip
    add, sub = _BALANCE_ADD.format(r="NEW", s=""), _BALANCE_ADD.format(r="OLD", s="-")
    if conn.dialect.name == "sqlite":
        conn.execute(
            sa.text(f"CREATE TRIGGER ledger_balance_ins AFTER INSERT ON ledger BEGIN {add}; END")
        )
        conn.execute(
            sa.text(f"CREATE TRIGGER ledger_balance_del AFTER DELETE ON ledger BEGIN {sub}; END")
        )
        return
    conn.execute(sa.text(
        "CREATE OR REPLACE FUNCTION huzhu_ledger_balance() RETURNS trigger AS $$ BEGIN "
        f"IF TG_OP = 'INSERT' THEN {add}; ELSE {sub}; END IF; RETURN NULL; END $$ LANGUAGE plpgsql"
    ))  # fmt: skip
    conn.execute(sa.text(
        "CREATE TRIGGER ledger_balance AFTER INSERT OR DELETE ON ledger "
        "FOR EACH ROW EXECUTE FUNCTION huzhu_ledger_balance()"
    ))  # fmt: skip


def _create(*tables: sa.Table) -> Callable[[sa.Connection], None]:
    def run(conn: sa.Connection) -> None:
        for table in tables:
            table.create(conn, checkfirst=True)

    return run


# Screenshot evidence of claims (huzhu.core.trust): what was read, never the picture
# or a number on it. ``lines`` are one-way digests of the OCR lines (reuse detection).
claim_evidence = sa.Table(
    "claim_evidence",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("group_id", CleanString(128), nullable=False),
    sa.Column("claim_id", sa.Integer, nullable=False),
    sa.Column("request_seq", sa.Integer, nullable=False),
    sa.Column("helper", CleanString(128), nullable=False),
    sa.Column("result", CleanString(16), nullable=False),
    sa.Column("source", CleanString(16), nullable=False, server_default="ocr"),
    sa.Column("platform", CleanString(16), nullable=False, server_default=""),
    sa.Column("activity", CleanString(16), nullable=False, server_default=""),
    sa.Column("words", CleanJSON, nullable=False),
    sa.Column("phash", CleanString(32), nullable=False, server_default=""),
    sa.Column("lines", CleanJSON, nullable=False),
    sa.Column("message_id", CleanString(128), nullable=False, server_default=""),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("ix_claim_evidence_group", "group_id", "at"),
    sa.Index("ix_claim_evidence_claim", "claim_id"),
)

# ---------------------------------------------------------------- web console (v12)
#: one-time sign-in links: only a hash of the token is kept, so the database never holds a
#: usable link; a link is used once (used_at) and expires ten minutes after it was made
web_links = sa.Table(
    "web_links",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("member_id", CleanString(128), nullable=False),
    #: the groups the session may open (JSON list; ["*"]: every group, for superusers)
    sa.Column("groups", CleanJSON, nullable=False),
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("used_at", sa.Float, nullable=True),
)

#: console sessions (the cookie holds a random id; only its hash is stored)
web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("member_id", CleanString(128), nullable=False),
    sa.Column("groups", CleanJSON, nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("ended_at", sa.Float, nullable=True),
    sa.Index("ix_web_sessions_member", "member_id"),
)

#: the bot's unsolicited posts per group per hour (reminders, digests, announcements):
#: the console charts them against the hourly cap
bot_posts = sa.Table(
    "bot_posts",
    metadata,
    sa.Column("group_id", CleanString(128), primary_key=True),
    sa.Column("hour", sa.Float, primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

#: the console's charts read a month of a group's history without its whole past
_web_indexes = (
    sa.Index("ix_requests_created", requests.c.group_id, requests.c.created_at, requests.c.status,
             requests.c.closed_at),
    sa.Index("ix_violations_group_at", violations.c.group_id, violations.c.at, violations.c.rule),
    sa.Index("ix_ledger_recent", ledger.c.group_id, ledger.c.kind, ledger.c.at, ledger.c.member),
)  # fmt: skip


def _web_console(conn: sa.Connection) -> None:
    _create(web_links, web_sessions, bot_posts)(conn)
    for index in _web_indexes:
        index.create(conn, checkfirst=True)


# ---------------------------------------------------------------- collusion reviews (v16)
#: the collusion plugin's findings: one row per review, numbered per group (#3). At most one
#: open review per pattern (kind and members): the partial unique index lets exactly one of
#: several processes that found the same pattern record it, and only that one tells the admins
collusion_findings = sa.Table(
    "collusion_findings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("group_id", CleanString(128), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    #: kind and members ("ring:qq:1,qq:2")
    sa.Column("key", CleanString(512), nullable=False),
    #: kind, members, helps, share, ratio, fast, joined, claims (the evidence)
    sa.Column("detail", CleanJSON, nullable=False),
    #: open | kept | reversed
    sa.Column("status", CleanString(16), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("decided_at", sa.Float, nullable=True),
    sa.Column("decided_by", CleanString(128), nullable=False, server_default=""),
    sa.UniqueConstraint("group_id", "number", name="uq_collusion_number"),
    sa.Index("uq_collusion_open", "group_id", "key", unique=True,
             sqlite_where=sa.text("status = 'open'")),
)  # fmt: skip


@sa.event.listens_for(collusion_findings, "before_create")
def _postgresql_where(table: sa.Table, conn: sa.Connection, **_: object) -> None:
    """The open-finding index's ``WHERE`` on PostgreSQL too, given when the table is
    created there: declared above, ``postgresql_where`` would import PostgreSQL's dialect
    (~60 ms) into every bot on SQLite."""
    if conn.dialect.name == "postgresql":
        (index,) = (i for i in table.indexes if i.name == "uq_collusion_open")
        index.dialect_kwargs["postgresql_where"] = sa.text("status = 'open'")


# ---------------------------------------------------------------- per-member reads (v14, sim-speed)
#: reads of one member's claims or ledger rows that the planner otherwise answered from a
#: group-wide index, walking the group's history for every call (found with EXPLAIN QUERY PLAN
#: on a simulated week): the helper's last denial and hand-confirmed helps (``trust``, every
#: claim and every auto-confirmation round), the helper's repeat help of the same link (every
#: claim) and the helps given since a member's last request (every /求助)
_member_indexes = (
    sa.Index("ix_claims_helper_decided", claims.c.group_id, claims.c.helper, claims.c.status,
             claims.c.decided_at),
    sa.Index("ix_claims_helper_recent", claims.c.group_id, claims.c.helper, claims.c.created_at),
    sa.Index("ix_ledger_member_at", ledger.c.group_id, ledger.c.member, ledger.c.kind, ledger.c.at),
)  # fmt: skip


def _member_reads(conn: sa.Connection) -> None:
    for index in _member_indexes:
        index.create(conn, checkfirst=True)


# ---------------------------------------------------------------- /队列 by helps missing (v22)
def _open_by_missing(conn: sa.Connection) -> None:
    """A group's open requests by helps missing and expiry (``huzhu.core.requests.finish_page``):
    an index on an expression, partial to the open ones, written as SQL both databases take."""
    conn.execute(sa.text(
        "CREATE INDEX IF NOT EXISTS ix_requests_open_missing ON requests "
        "(group_id, (needed - helped), expires_at, id) WHERE status = 'open'"
    ))  # fmt: skip


# ---------------------------------------------------------------- live claims (v24)
#: each open request's live claims (status != 'denied') from the index alone: the claimants
#: the queue's order, 派单's plans and /队列 count on every post and help (the unique index on
#: (request, helper) made each claim's status a table read)
_claims_live = sa.Index("ix_claims_live", claims.c.request_id, claims.c.status, claims.c.helper)


# ---------------------------------------------------------------- claims on their way (v25)
def _claims_on_way(conn: sa.Connection) -> None:
    """The claims still waiting for a confirmation (or reversed), by request: a handful among a
    group's whole history, so /队列's "on their way" read stays flat in it (with only v24's
    covering index the planner scanned every claim: 35 ms a /队列 at 1,000,000 past requests)."""
    conn.execute(sa.text(
        "CREATE INDEX IF NOT EXISTS ix_claims_on_way ON claims (request_id) "
        "WHERE status IN ('pending', 'reversed')"
    ))  # fmt: skip


#: (version, description, step). Append only; never edit a released step.
MIGRATIONS: list[tuple[int, str, Callable[[sa.Connection], None]]] = [
    (1, "kv, overrides, violations, pardons, audit log", _create(kv, overrides, violations, pardons, audit_log)),
    (2, "help requests, claims, ledger, members, assignments", _create(requests, claims, ledger, members, assignments)),
    (3, "appeals; audit log by target", lambda c: (_create(appeals)(c), _audit_by_target.create(c, checkfirst=True))),
    (4, "schedules", _create(schedules)),
    (5, "ledger balances from a covering index; recent claims by time", _balance_index),
    (6, "the bot account that last served each group", _create(group_bots)),
    (7, "screenshot evidence of claims", _create(claim_evidence)),
    (8, "ledger hash chain (chain_seq, prev_hash, row_hash), existing rows hashed; claims by decision time", migrate_chain),
    (9, "shop purchases; identity bindings and codes; alliances", _create(purchases, identity_links, identity_codes, alliance_members, alliance_invites)),
    (10, "dispatch: members' /接单 /休息 and answers; claims by requester and time", _dispatch_tables),
    (11, "balances kept by triggers on the ledger", _balances),
    (12, "web console: sign-in links, sessions, the bot's posts per hour; history indexes", _web_console),
    (13, "state shared by several processes: handled events, rate limits, counters",
     _create(shared_events, shared_limits, shared_counts)),
    (14, "one member's claims and ledger rows read through their own indexes", _member_reads),
    (15, "members by member id: the group a private /求助 or /确认 belongs to",
     lambda c: _members_by_member.create(c, checkfirst=True)),
    (16, "collusion reviews, one open per pattern", _create(collusion_findings)),
    (22, "open requests by helps missing and expiry: /队列 pages the default order", _open_by_missing),
    (24, "claims by request and status: live claimants from the index",
     lambda c: _claims_live.create(c, checkfirst=True)),
    (25, "claims on their way by request: /队列 flat in the history", _claims_on_way),
]  # fmt: skip
