"""directory search: stored text-search vectors on PostgreSQL

Ranking recomputed each entry's tsvector from its text for every matching row: a broad query
(15,000 matches among 50,000) took a second. The vectors are now stored (filled by the index
rebuild) and indexed; SQLite keeps its FTS5 table.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 10:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "hsds_search_fts_vector"  # named so that autogenerate leaves it to the migrations


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in ("ix_hsds_search_text_en", "ix_hsds_search_text_fr"):
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute(
        f"CREATE TABLE {TABLE} (key integer PRIMARY KEY REFERENCES hsds_search (key) ON DELETE CASCADE, "
        "en tsvector NOT NULL, fr tsvector NOT NULL)"
    )
    for language in ("en", "fr"):
        op.execute(f"CREATE INDEX {TABLE}_{language} ON {TABLE} USING gin ({language})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP TABLE {TABLE}")
    op.execute("CREATE INDEX ix_hsds_search_text_en ON hsds_search USING gin (to_tsvector('english', text_en))")
    op.execute("CREATE INDEX ix_hsds_search_text_fr ON hsds_search USING gin (to_tsvector('french', text_fr))")
