"""follow-ups: a call back the resident consented to, its attempts, and each need's final status

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAFF = "staff_user.id"


def upgrade() -> None:
    with op.batch_alter_table("contact_need") as batch:
        batch.add_column(sa.Column("final_status", sa.String(20), nullable=True))
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(30), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name="fk_follow_up_contact_id_contact"),
        sa.ForeignKeyConstraint(["assignee_id"], [STAFF], name="fk_follow_up_assignee_id_staff_user"),
        sa.ForeignKeyConstraint(["created_by_id"], [STAFF], name="fk_follow_up_created_by_id_staff_user"),
        sa.PrimaryKeyConstraint("id", name="pk_follow_up"),
    )
    op.create_index("ix_follow_up_contact_id", "follow_up", ["contact_id"])
    op.create_index("ix_follow_up_assignee_id", "follow_up", ["assignee_id"])
    op.create_table(
        "follow_up_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follow_up_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["follow_up_id"], ["follow_up.id"], name="fk_follow_up_attempt_follow_up_id_follow_up"),
        sa.ForeignKeyConstraint(["by_id"], [STAFF], name="fk_follow_up_attempt_by_id_staff_user"),
        sa.PrimaryKeyConstraint("id", name="pk_follow_up_attempt"),
    )
    op.create_index("ix_follow_up_attempt_follow_up_id", "follow_up_attempt", ["follow_up_id"])


def downgrade() -> None:
    op.drop_table("follow_up_attempt")
    op.drop_table("follow_up")
    with op.batch_alter_table("contact_need") as batch:
        batch.drop_column("final_status")
