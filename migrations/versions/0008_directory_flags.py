"""directory flags: navigators' reports that a directory record is wrong, and the log of every
field an administrator edits by hand (docs/directory.md, "Flags and corrections")

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "directory_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.String(length=250), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["raised_by_id"], ["staff_user.id"], name=op.f("fk_directory_flag_raised_by_id_staff_user")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"], ["staff_user.id"], name=op.f("fk_directory_flag_resolved_by_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_flag")),
    )
    op.create_index(op.f("ix_directory_flag_record_id"), "directory_flag", ["record_id"], unique=False)
    op.create_index(op.f("ix_directory_flag_status"), "directory_flag", ["status"], unique=False)
    op.create_table(
        "directory_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.String(length=250), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("edited_by_id", sa.Integer(), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["edited_by_id"], ["staff_user.id"], name=op.f("fk_directory_edit_edited_by_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_edit")),
    )
    op.create_index(op.f("ix_directory_edit_record_id"), "directory_edit", ["record_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_directory_edit_record_id"), table_name="directory_edit")
    op.drop_table("directory_edit")
    op.drop_index(op.f("ix_directory_flag_status"), table_name="directory_flag")
    op.drop_index(op.f("ix_directory_flag_record_id"), table_name="directory_flag")
    op.drop_table("directory_flag")
