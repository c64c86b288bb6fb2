"""complaints (app/complaints, docs/complaints.md)

A complaint from the public page or logged from a contact, tracked to its resolution (status,
owner, outcome, when acknowledged, resolved or withdrawn), and its notes.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 13:29:40
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("contact_details", sa.String(length=320), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=15), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("logged_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name=op.f("fk_complaint_contact_id_contact")),
        sa.ForeignKeyConstraint(["logged_by_id"], ["staff_user.id"],
                                name=op.f("fk_complaint_logged_by_id_staff_user")),
        sa.ForeignKeyConstraint(["owner_id"], ["staff_user.id"], name=op.f("fk_complaint_owner_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint")),
    )  # fmt: skip
    op.create_index(op.f("ix_complaint_contact_id"), "complaint", ["contact_id"], unique=False)
    op.create_index(op.f("ix_complaint_received_at"), "complaint", ["received_at"], unique=False)
    op.create_index(op.f("ix_complaint_status"), "complaint", ["status"], unique=False)
    op.create_table(
        "complaint_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["staff_user.id"],
                                name=op.f("fk_complaint_note_author_id_staff_user")),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaint.id"],
                                name=op.f("fk_complaint_note_complaint_id_complaint")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_note")),
    )  # fmt: skip
    op.create_index(op.f("ix_complaint_note_complaint_id"), "complaint_note", ["complaint_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_complaint_note_complaint_id"), table_name="complaint_note")
    op.drop_table("complaint_note")
    op.drop_index(op.f("ix_complaint_status"), table_name="complaint")
    op.drop_index(op.f("ix_complaint_received_at"), table_name="complaint")
    op.drop_index(op.f("ix_complaint_contact_id"), table_name="complaint")
    op.drop_table("complaint")
