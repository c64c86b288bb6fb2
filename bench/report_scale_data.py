"""The contacts of bench/report_scale.py, written by PostgreSQL itself (INSERT ... SELECT
generate_series), reproducibly: each contact's draws are hashes of its number. Five years up to
now, evenly spread, in the order they arrived. The mix: voice 55%, SMS 25%, chat 12%, email 8%;
5% spam (of which 15% blocked, 30% auto-dialers on voice and copied texts elsewhere, 15% tagged
static by a navigator, 40% other spam) and 3% suspect (counted); 9% of calls and chats abandoned
in the queue (30% of those short abandons), 3% of calls hung up in the menu; 35% of the answered
calls and chats surveyed (50% very satisfied, 30% satisfied, 20% not satisfied). No addresses or
residents (the report reads none)."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

CHUNK = 1_000_000  # contacts per statement
DIALER = '[{"rule": "repeat_calls", "points": 1.0, "detail": "9 calls from this number in 10 min"}]'
COPIES = '[{"rule": "identical_bodies", "points": 1.0, "detail": "the same text from 20 senders in 10 min"}]'
TAGGED = '[{"rule": "navigator_tag", "points": 1.0, "detail": "marked static by the navigator"}]'
BLOCKED = '[{"rule": "blocked", "points": 1.0, "detail": "on the block list: abuse"}]'
ODD = ('[{"rule": "stir_failed", "points": 0.4, "detail": "attestation failed"}, '
       '{"rule": "impossible_number", "points": 0.7, "detail": "premium-rate"}]')  # fmt: skip
SUSPECT = '[{"rule": "stir_failed", "points": 0.4, "detail": "attestation failed"}]'


def _draw(n: int) -> str:
    return f"(hashint8extended(i, {n}) & 2147483647) / 2147483648.0 AS u{n}"


def generate_sql() -> str:
    """Contacts number :first to :last of :total, the last one arriving at :now."""
    return f"""
WITH g AS (
    SELECT i, CAST(:now AS timestamptz) - interval '1826 days' * ((CAST(:total AS bigint) - i) / CAST(:total AS float8))
               AS created_at, {", ".join(_draw(n) for n in range(1, 7))}
    FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) AS i
), kinds AS (
    SELECT g.*,
        CASE WHEN u1 < 0.55 THEN 'voice' WHEN u1 < 0.80 THEN 'sms' WHEN u1 < 0.92 THEN 'chat' ELSE 'email' END
            AS channel,
        CASE WHEN u2 >= 0.08 THEN 'clean' WHEN u2 >= 0.05 THEN 'suspect' WHEN u3 < 0.15 THEN 'blocked'
             WHEN u3 < 0.45 THEN 'dialer' WHEN u3 < 0.60 THEN 'static' ELSE 'spam' END AS kind
    FROM g
), ends AS (
    SELECT kinds.*,
        CASE WHEN kind = 'blocked' THEN 'blocked' WHEN kind IN ('dialer', 'spam') THEN 'spam'
             WHEN kind = 'static' THEN NULL
             WHEN channel IN ('voice', 'chat') AND u4 < 0.09 THEN 'abandoned_in_queue'
             WHEN channel = 'voice' AND u4 < 0.12 THEN 'hung_up_in_menu' END AS outcome
    FROM kinds
)
INSERT INTO contact (channel, state, from_raw, preview, created_at, queued_at, claimed_at, closed_at,
                     last_message_at, outcome, wait_seconds, short_abandon, satisfaction, spam_verdict,
                     spam_score, spam_reasons, navigator_tag)
SELECT channel, 'closed', '+1613555' || lpad((i % 10000)::text, 4, '0'), '', created_at, created_at,
    CASE WHEN outcome IS NULL THEN created_at + interval '1 second' * (u6 * 120) END,
    created_at + interval '10 minutes', created_at, outcome,
    CASE WHEN outcome = 'abandoned_in_queue' AND u5 < 0.3 THEN 2
         WHEN outcome = 'abandoned_in_queue' THEN 30 + (u6 * 600)::int
         WHEN outcome IS NULL THEN (u6 * 120)::int END,
    outcome IS NOT DISTINCT FROM 'abandoned_in_queue' AND u5 < 0.3,
    CASE WHEN outcome IS NULL AND kind IN ('clean', 'suspect') AND channel IN ('voice', 'chat') AND u5 < 0.35
         THEN CASE WHEN u6 < 0.5 THEN 'very_satisfied' WHEN u6 < 0.8 THEN 'satisfied' ELSE 'not_satisfied' END END,
    CASE kind WHEN 'clean' THEN 'clean' WHEN 'suspect' THEN 'suspect' WHEN 'blocked' THEN 'blocked' ELSE 'spam' END,
    CASE kind WHEN 'clean' THEN 0 WHEN 'suspect' THEN 0.5 ELSE 1 END,
    CAST(CASE kind WHEN 'blocked' THEN '{BLOCKED}' WHEN 'static' THEN '{TAGGED}' WHEN 'spam' THEN '{ODD}'
         WHEN 'suspect' THEN '{SUSPECT}' WHEN 'dialer' THEN CASE WHEN channel = 'voice' THEN '{DIALER}'
         ELSE '{COPIES}' END ELSE '[]' END AS json),
    CASE WHEN kind = 'static' THEN 'static' END
FROM ends
"""


def fill(engine: Engine, contacts: int, now: datetime) -> dict[str, Any]:
    """INSERT ... SELECT generate_series, a chunk per statement (bench/report_scale_data.py), then
    VACUUM ANALYZE. The rollup's triggers are off meanwhile, as for a bulk import before any
    day is built (nothing to invalidate); they are on for everything measured."""
    t0 = time.perf_counter()
    with engine.connect() as conn:
        conn.execute(text("SET session_replication_role = replica"))
        for first in range(0, contacts, CHUNK):
            conn.execute(text(generate_sql()), {"first": first, "last": min(first + CHUNK, contacts) - 1,
                                                "total": contacts, "now": now})  # fmt: skip
            conn.commit()
            print(f"  {min(first + CHUNK, contacts):>10,} contacts ({time.perf_counter() - t0:.0f} s)", flush=True)
    t1 = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    return {"contacts": contacts, "insert_s": round(t1 - t0, 1), "vacuum_analyze_s": round(time.perf_counter() - t1, 1)}
