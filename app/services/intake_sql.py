"""The text of intake's one statement on PostgreSQL (app.services.intake_statement runs it), built
from the tables' metadata. Data-modifying CTEs, each INSERT ON CONFLICT DO NOTHING:
- copy: a stored copy of the item (a retry); found: the sender's address; answered, own: the open
  contact it joins (one holding a message it answers, else the sender's), as target: its id only
  (whole contact rows through those nodes cost PostgreSQL 5% of the statement's executor time);
- res, addr, con, msg: the rows it writes (a new sender's resident and address, a new contact,
  the message); joined: what the item changes in the contact it joins; opted: in the address;
  event: a new contact's `created` event;
- then one row: what it found and wrote (rows as JSON: one column each, cheaper to read than a
  hundred) and the spam rules' counts. All CTEs see the database as it was when the statement
  began, so the counts add the message just written."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import JSON, TextClause, bindparam, text

from app.models.base import Base
from app.models.contact import OPEN_THREAD
from app.spam.gather import BODIES_READ

T = Base.metadata.tables
TABLES = {"a": T["address"], "c": T["contact"], "m": T["message"], "s": T["staff_user"]}


def _insert(table: str, given: dict[str, str]) -> str:
    """INSERT INTO `table` the columns `given` (SQL expressions), the others NULL (no server default)."""
    return f"INSERT INTO {table} ({', '.join(given)}) SELECT {', '.join(given.values())}"


@cache
def _named(prefix: str, columns: frozenset[str]) -> dict[str, str]:
    """Each column's value's short name in the statement (c0, c1, ...)."""
    return {name: f"{prefix}{i}" for i, name in enumerate(sorted(columns))}


def values(prefix: str, row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[name] for name, key in _named(prefix, frozenset(row)).items()}


def _sql(new_columns: frozenset[str], message_columns: frozenset[str]) -> str:
    """Under psycopg's 4096 characters, so that it keeps the statement's conversion: columns as `*`, short
    names (res, addr, con, msg: the rows written; x, k: any message, contact)."""
    new_address = {"channel": ":channel", "value": ":value", "raw": ":raw", "is_valid": ":is_valid",
                   "resident_id": "id", "opted_out_at": ":opted_out_at", "created_at": ":at"}  # fmt: skip
    c, m = _named("c", new_columns), _named("m", message_columns)
    new_contact = {name: f":{key}" for name, key in c.items()} | {"address_id": "a.id", "resident_id": "a.resident_id"}
    new_message = {name: f":{key}" for name, key in m.items()} | {"contact_id": "t.id"}
    picked = ", ".join(f"row_to_json({p}) {p}" for p in TABLES)  # a column each: cheaper to read than 100
    inbound = "x.direction = 'inbound' AND x.created_at <= :at"  # x: message, k: contact
    return f"""
WITH copy AS (SELECT id, contact_id FROM message WHERE channel = :channel AND provider_id = :provider_id),
found AS (SELECT * FROM address WHERE channel = :channel AND value = :value),
answered AS (SELECT k.id FROM unnest(CAST(:keys AS varchar[])) r, LATERAL (SELECT k.id FROM message x JOIN contact k
    ON k.id = x.contact_id WHERE x.channel = :channel AND x.provider_id = r AND k.state <> 'closed' LIMIT 1) k
    ORDER BY k.id DESC LIMIT 1),
own AS (SELECT k.id FROM contact k JOIN found ON k.address_id = found.id
    WHERE k.channel = :channel AND k.state <> 'closed'),
target AS (SELECT id FROM (SELECT 1 rank, id FROM answered UNION ALL SELECT 2, id FROM own) t ORDER BY rank LIMIT 1),
res AS (INSERT INTO resident (created_at) SELECT :at
    WHERE :value IS NOT NULL AND NOT EXISTS (SELECT FROM copy) AND NOT EXISTS (SELECT FROM found) RETURNING id),
addr AS ({_insert("address", new_address)} FROM res ON CONFLICT (channel, value) DO NOTHING RETURNING *),
sender AS (SELECT * FROM found UNION ALL SELECT * FROM addr),
con AS ({_insert("contact", new_contact)} FROM (SELECT 1) one LEFT JOIN sender a ON true
    WHERE NOT EXISTS (SELECT FROM copy) AND NOT EXISTS (SELECT FROM target) AND (:value IS NULL OR a.id IS NOT NULL)
    ON CONFLICT (channel, address_id) WHERE {OPEN_THREAD} DO NOTHING RETURNING *),
msg AS ({_insert("message", new_message)} FROM (SELECT id FROM target UNION ALL SELECT id FROM con) t
    WHERE NOT EXISTS (SELECT FROM copy) ON CONFLICT (channel, provider_id) DO NOTHING RETURNING *),
joined AS (UPDATE contact k SET last_message_at = :{c["last_message_at"]},
    preview = COALESCE(NULLIF(:{c["preview"]}, ''), k.preview), language = COALESCE(k.language, :{c["language"]})
    FROM msg WHERE k.id = msg.contact_id AND k.id IN (SELECT id FROM target) RETURNING k.*),
opted AS (UPDATE address a SET opted_out_at = :opted_out_at FROM found, msg
    WHERE a.id = found.id AND :opt_out_given RETURNING a.*),
event AS (INSERT INTO contact_event (contact_id, to_state, reason, at)
    SELECT con.id, con.state, 'created', :event_at FROM con, msg)
SELECT copy.id copy_id, copy.contact_id copy_of, (SELECT id FROM res) wrote_res,
    (SELECT id FROM addr) wrote_addr, (SELECT id FROM con) wrote_con, {picked},
    (SELECT reason FROM blocked_address WHERE channel = :channel AND value = COALESCE(:value, '')
        AND lifted_at IS NULL AND (expires_at IS NULL OR expires_at > :at) LIMIT 1) blocked,
    (SELECT count(*) + 1 FROM contact k, LATERAL (SELECT FROM message x WHERE x.contact_id = k.id AND {inbound}
        AND x.created_at > :burst_since OFFSET 0) t WHERE k.address_id = a.id) recent_texts,
    (SELECT count(DISTINCT sender) FROM (SELECT k.address_id sender FROM message x JOIN contact k ON k.id = x.contact_id
        WHERE {inbound} AND x.created_at > :copies_since AND x.body_digest = :digest
        UNION ALL SELECT a.id WHERE :digest IS NOT NULL) t) identical_senders,
    ARRAY(SELECT body FROM message x WHERE contact_id = c.id AND direction = 'inbound' AND x.id <> m.id
        ORDER BY x.id DESC LIMIT {BODIES_READ - 1}) earlier_bodies
FROM (SELECT 1) one LEFT JOIN copy ON true LEFT JOIN msg m ON true
LEFT JOIN (SELECT * FROM opted UNION ALL SELECT * FROM sender WHERE NOT EXISTS (SELECT FROM opted)) a ON true
LEFT JOIN (SELECT * FROM joined UNION ALL SELECT * FROM con) c ON true
LEFT JOIN staff_user s ON s.id = c.navigator_id"""


@cache
def statement(new_columns: frozenset[str], message_columns: frozenset[str]) -> TextClause:
    """Built once for the columns intake_rows gives: SQLAlchemy keeps its compiled form. PostgreSQL
    reads the values' types from where they go, and psycopg reads the results' (JSON, arrays): the
    row is read by column name."""
    given = {key: T["contact"].c[n].type for n, key in _named("c", new_columns).items()}
    given |= {key: T["message"].c[n].type for n, key in _named("m", message_columns).items()}
    # Only JSON is typed: a type renders a cast for every use, and the statement would pass 4096 characters.
    binds = [bindparam(n, type_=t) for n, t in given.items() if isinstance(t, JSON)]
    return text(" ".join(_sql(new_columns, message_columns).split())).bindparams(*binds)
