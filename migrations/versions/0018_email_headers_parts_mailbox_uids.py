"""email: inbound headers, attachments and quarantined parts, IMAP mailbox UIDs taken in

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 15:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "email_headers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.String(length=100), nullable=False),
        sa.Column("message_id", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("in_reply_to", sa.Text(), nullable=False),
        sa.Column("reference_ids", sa.Text(), nullable=False),
        sa.Column("automated", sa.String(length=200), nullable=True),
        sa.Column("quarantine", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_headers")),
        sa.UniqueConstraint("provider_id", name=op.f("uq_email_headers_provider_id")),
    )
    op.create_table(
        "email_part",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("quarantine", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["email_id"], ["email_headers.id"], name=op.f("fk_email_part_email_id_email_headers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_part")),
    )
    op.create_index(op.f("ix_email_part_email_id"), "email_part", ["email_id"], unique=False)
    op.create_table(
        "mailbox_uid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailbox", sa.String(length=300), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("uid", sa.BigInteger(), nullable=False),
        sa.Column("provider_id", sa.String(length=100), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailbox_uid")),
        sa.UniqueConstraint("mailbox", "uidvalidity", "uid", name=op.f("uq_mailbox_uid_mailbox")),
    )


def downgrade() -> None:
    op.drop_table("mailbox_uid")
    op.drop_index(op.f("ix_email_part_email_id"), table_name="email_part")
    op.drop_table("email_part")
    op.drop_table("email_headers")
