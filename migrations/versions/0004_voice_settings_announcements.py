"""voice settings and announcements: a navigator's desk phone, the announcement callers hear,
and which one each call heard

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:
        batch.add_column(sa.Column("desk_number", sa.String(20), nullable=True))
    op.create_table(
        "announcement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("text_fr", sa.Text(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_announcement"),
        sa.ForeignKeyConstraint(["set_by_id"], ["staff_user.id"], name="fk_announcement_set_by_id_staff_user"),
    )
    with op.batch_alter_table("voice_call") as batch:
        batch.add_column(sa.Column("announcement_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_voice_call_announcement_id_announcement", "announcement", ["announcement_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("voice_call") as batch:
        batch.drop_constraint("fk_voice_call_announcement_id_announcement", type_="foreignkey")
        batch.drop_column("announcement_id")
    op.drop_table("announcement")
    with op.batch_alter_table("staff_user") as batch:
        batch.drop_column("desk_number")
