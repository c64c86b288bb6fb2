"""Rows the claims bench needs, written in bulk by INSERT ... SELECT generate_series (seconds for
100,000 contacts, where webhooks would take minutes): navigators, waiting contacts, and closed
contacts with the history a year of work leaves (their messages, state events and audit rows).

Seeded residents get explicit ids from `first` on (far above what the sequence hands out in a
bench run), and contact `k` of a batch is resident `first + k`'s."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from werkzeug.security import generate_password_hash

from tests.support import totp

_RESIDENTS = """
INSERT INTO resident (id, created_at) SELECT n, now() FROM generate_series(:first, :last) n;
INSERT INTO address (channel, value, raw, is_valid, resident_id, created_at)
  SELECT 'sms', '+1579' || lpad(n::text, 7, '0'), '+1579' || lpad(n::text, 7, '0'), true, n, now()
  FROM generate_series(:first, :last) n
"""
_WAITING = """
INSERT INTO contact (channel, state, address_id, resident_id, from_raw, language, preview, created_at, queued_at,
                     last_message_at)
  SELECT 'sms', 'queued', a.id, a.resident_id, a.raw, 'en', 'Bench waiting ' || a.resident_id || ': rent help',
         tm.t, tm.t, tm.t
  FROM address a, LATERAL (SELECT now() - interval '1 hour' + (a.resident_id - :first) * interval '1 ms' AS t) tm
  WHERE a.resident_id BETWEEN :first AND :last;
INSERT INTO message (contact_id, channel, direction, provider_id, body, media, status, created_at)
  SELECT c.id, 'sms', 'inbound', 'SMbench' || c.resident_id, c.preview, '[]', 'received', c.queued_at
  FROM contact c WHERE c.resident_id BETWEEN :first AND :last;
INSERT INTO contact_event (contact_id, at, to_state, reason)
  SELECT c.id, c.queued_at, 'queued', 'created' FROM contact c WHERE c.resident_id BETWEEN :first AND :last
"""
# Each closed contact: two texts in and one reply out, created, claimed and closed, read once.
_HISTORY = """
INSERT INTO contact (channel, state, address_id, resident_id, from_raw, language, preview, navigator_id, disposition,
                     created_at, queued_at, claimed_at, closed_at, last_message_at)
  SELECT 'sms', 'closed', a.id, a.resident_id, a.raw, 'en', 'Closed ' || a.resident_id, :navigator,
         'referral_given', tm.t, tm.t, tm.t + interval '2 minutes', tm.t + interval '20 minutes',
         tm.t + interval '15 minutes'
  FROM address a, LATERAL (SELECT now() - interval '1 year' + (a.resident_id - :first) * interval '5 minutes' AS t) tm
  WHERE a.resident_id BETWEEN :first AND :last;
INSERT INTO message (contact_id, channel, direction, provider_id, body, media, status, author_id, created_at)
  SELECT c.id, 'sms', d.direction, 'SMhist' || d.k || '-' || c.id, 'history', '[]', d.status, d.author, c.queued_at
  FROM contact c, LATERAL (VALUES (1, 'inbound', 'received', NULL::int), (2, 'inbound', 'received', NULL),
                                  (3, 'outbound', 'delivered', c.navigator_id)) d(k, direction, status, author)
  WHERE c.resident_id BETWEEN :first AND :last;
INSERT INTO contact_event (contact_id, at, actor_id, from_state, to_state, reason)
  SELECT c.id, c.queued_at, e.actor, e.from_state, e.to_state, e.reason
  FROM contact c, LATERAL (VALUES (NULL::int, NULL, 'queued', 'created'),
    (c.navigator_id, 'queued', 'claimed', 'claimed'),
    (c.navigator_id, 'claimed', 'closed', 'closed')) e(actor, from_state, to_state, reason)
  WHERE c.resident_id BETWEEN :first AND :last;
INSERT INTO audit_entry (staff_id, action, contact_id, at)
  SELECT c.navigator_id, 'contact.read', c.id, c.claimed_at FROM contact c WHERE c.resident_id BETWEEN :first AND :last
"""
_CLOSE = """
WITH closed AS (
  UPDATE contact SET state = 'closed', disposition = 'information_given', closed_at = now(), lease_expires_at = NULL
  WHERE state = 'claimed' RETURNING id, navigator_id)
INSERT INTO contact_event (contact_id, at, actor_id, from_state, to_state, reason)
  SELECT id, now(), navigator_id, 'claimed', 'closed', 'closed' FROM closed
"""


def _run(conn: Connection, script: str, **params: int) -> None:
    for statement in script.split(";"):
        conn.execute(text(statement), {k: v for k, v in params.items() if f":{k}" in statement})


def navigators(engine: Engine, count: int, domain: str, password: str) -> list[str]:
    """`count` navigator accounts sharing one password hash (a hash takes 0.1 s on purpose), each
    enrolled in two-factor sign-in as the tests' accounts are (tests.support.totp)."""
    emails = [f"navigator{i:03d}@{domain}" for i in range(count)]
    hashed = generate_password_hash(password)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO staff_user (email, display_name, role, password_hash, languages, active,"
                " session_version, failed_logins, created_at, totp_secret, totp_enabled_at)"
                " VALUES (:email, :name, 'navigator', :hashed, 'en', true, 1, 0, now(), :secret, now())"
            ),
            [_navigator(i, e, hashed) for i, e in enumerate(emails)],
        )
    return emails


def _navigator(i: int, email: str, hashed: str) -> dict[str, str]:
    return {"email": email, "name": f"Navigator {i:03d}", "hashed": hashed, "secret": totp.secret_for(email)}


def waiting(engine: Engine, first: int, count: int) -> None:
    """`count` queued contacts, each with its resident, number, first text and `created` event."""
    with engine.begin() as conn:
        _run(conn, f"{_RESIDENTS};{_WAITING}", first=first, last=first + count - 1)


def history(engine: Engine, first: int, count: int, navigator: int) -> None:
    """`count` closed contacts with their messages, events and audit rows, then VACUUM ANALYZE
    as autovacuum would have run on a database that grew over a year."""
    with engine.begin() as conn:
        _run(conn, f"{_RESIDENTS};{_HISTORY}", first=first, last=first + count - 1, navigator=navigator)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def close_claimed(engine: Engine) -> None:
    """Close every claimed contact, with its `closed` event, as its navigator would."""
    with engine.begin() as conn:
        conn.execute(text(_CLOSE))
