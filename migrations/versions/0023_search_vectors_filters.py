"""directory search: the filters' columns beside PostgreSQL's stored vectors

A search by words with a place, language or accessibility filter joined the vectors (50,000 rows)
to the index table, both scanned whole for a broad word: "services" with "accessible" took 85 ms.
The vectors' table now holds a copy of what those filters read (written by the index rebuild with
the vectors), so such a search reads one table; FSA, city and latitude are indexed there too.

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-30 21:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "hsds_search_fts_vector"
COLUMNS = {
    "accessible": "boolean NOT NULL DEFAULT false",
    "city_key": "varchar(120)",
    "fsa": "varchar(3)",
    "languages": "varchar(200) NOT NULL DEFAULT ' '",
    "latitude": "double precision",
    "longitude": "double precision",
}
INDEXED = ("city_key", "fsa", "latitude")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE {TABLE} " + ", ".join(f"ADD COLUMN {name} {kind}" for name, kind in COLUMNS.items()))
    copied = ", ".join(f"{name} = s.{name}" for name in COLUMNS)
    op.execute(f"UPDATE {TABLE} v SET {copied} FROM hsds_search s WHERE s.key = v.key")
    for name in INDEXED:
        op.execute(f"CREATE INDEX {TABLE}_{name} ON {TABLE} ({name})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE {TABLE} " + ", ".join(f"DROP COLUMN {name}" for name in COLUMNS))
