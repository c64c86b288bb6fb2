"""presence (app/presence, docs/presence.md)

Staff presence as spans of time (available, busy, away, offline): at most one open span per
staff member, enforced by a partial unique index.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 13:37:18
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("ended_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "presence_span",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_user.id"], name=op.f("fk_presence_span_staff_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_presence_span")),
    )
    op.create_index("ix_presence_span_staff_id_started_at", "presence_span", ["staff_id", "started_at"], unique=False)
    op.create_index("uq_presence_span_open", "presence_span", ["staff_id"], unique=True,
                    postgresql_where=OPEN, sqlite_where=OPEN)  # fmt: skip


def downgrade() -> None:
    op.drop_index("uq_presence_span_open", table_name="presence_span")
    op.drop_index("ix_presence_span_staff_id_started_at", table_name="presence_span")
    op.drop_table("presence_span")
