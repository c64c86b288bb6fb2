"""directory search index: the hsds_search tables, and the database's own text search over
them: PostgreSQL expression indexes in English and French, or an SQLite FTS5 table

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:04:56.845503
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hsds_search",
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("service_id", sa.String(length=250), nullable=False),
        sa.Column("location_id", sa.String(length=250), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("text_fr", sa.Text(), nullable=False),
        sa.Column("city_key", sa.String(length=120), nullable=True),
        sa.Column("fsa", sa.String(length=3), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("languages", sa.String(length=200), nullable=False),
        sa.Column("accessible", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_hsds_search")),
        sa.UniqueConstraint("id", name=op.f("uq_hsds_search_id")),
    )
    op.create_index(op.f("ix_hsds_search_city_key"), "hsds_search", ["city_key"], unique=False)
    op.create_index(op.f("ix_hsds_search_fsa"), "hsds_search", ["fsa"], unique=False)
    op.create_index(op.f("ix_hsds_search_latitude"), "hsds_search", ["latitude"], unique=False)
    op.create_table(
        "hsds_search_hours",
        sa.Column("entry_key", sa.Integer(), nullable=False),
        sa.Column("day", sa.SmallInteger(), nullable=False),
        sa.Column("opens", sa.SmallInteger(), nullable=False),
        sa.Column("closes", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_key"],
            ["hsds_search.key"],
            name=op.f("fk_hsds_search_hours_entry_key_hsds_search"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_key", "day", "opens", name=op.f("pk_hsds_search_hours")),
    )
    op.create_table(
        "hsds_search_term",
        sa.Column("entry_key", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.String(length=250), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_key"],
            ["hsds_search.key"],
            name=op.f("fk_hsds_search_term_entry_key_hsds_search"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_key", "term_id", name=op.f("pk_hsds_search_term")),
    )
    op.create_index(op.f("ix_hsds_search_term_term_id"), "hsds_search_term", ["term_id"], unique=False)
    _create_text_search()


def downgrade() -> None:
    _drop_text_search()
    op.drop_index(op.f("ix_hsds_search_term_term_id"), table_name="hsds_search_term")
    op.drop_table("hsds_search_term")
    op.drop_table("hsds_search_hours")
    op.drop_index(op.f("ix_hsds_search_latitude"), table_name="hsds_search")
    op.drop_index(op.f("ix_hsds_search_fsa"), table_name="hsds_search")
    op.drop_index(op.f("ix_hsds_search_city_key"), table_name="hsds_search")
    op.drop_table("hsds_search")


# The text search (app/directory/search.py reads it the same way): English with the English
# configuration, French with the French one; SQLite folds diacritics and stems with Porter.
PG_INDEXES = {"ix_hsds_search_text_en": "english', text_en", "ix_hsds_search_text_fr": "french', text_fr"}
FTS = "hsds_search_fts"


def _create_text_search() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, arguments in PG_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON hsds_search USING gin (to_tsvector('{arguments}))")
    else:
        op.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5(text_en, text_fr, content='hsds_search', "
            "content_rowid='key', tokenize='porter unicode61 remove_diacritics 2')"
        )


def _drop_text_search() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in PG_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    else:
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
