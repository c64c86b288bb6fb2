"""web chat visitors' conversations and transcript requests (app/chat, docs/chat.md)

A conversation is a visitor's chat (its public id is the handle of the contact's address), with
the language and optional first name of the pre-chat step, its contact once they wrote, and when
their last socket closed (the grace period) or the chat ended. A transcript request keeps the
email address a resident gave, until the email channel sends it.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30 15:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=60), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("first_name", sa.String(length=60), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disconnected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"],
                                name=op.f("fk_chat_conversation_contact_id_contact")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_conversation")),
        sa.UniqueConstraint("public_id", name=op.f("uq_chat_conversation_public_id")),
    )  # fmt: skip
    op.create_index(op.f("ix_chat_conversation_contact_id"), "chat_conversation", ["contact_id"], unique=False)
    op.create_index(
        op.f("ix_chat_conversation_disconnected_at"), "chat_conversation", ["disconnected_at"], unique=False
    )
    op.create_table(
        "chat_transcript_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"],
                                name=op.f("fk_chat_transcript_request_contact_id_contact")),
        sa.ForeignKeyConstraint(["conversation_id"], ["chat_conversation.id"],
                                name=op.f("fk_chat_transcript_request_conversation_id_chat_conversation")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_transcript_request")),
    )  # fmt: skip
    op.create_index(
        op.f("ix_chat_transcript_request_conversation_id"), "chat_transcript_request", ["conversation_id"],
        unique=False,
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index(op.f("ix_chat_transcript_request_conversation_id"), table_name="chat_transcript_request")
    op.drop_table("chat_transcript_request")
    op.drop_index(op.f("ix_chat_conversation_disconnected_at"), table_name="chat_conversation")
    op.drop_index(op.f("ix_chat_conversation_contact_id"), table_name="chat_conversation")
    op.drop_table("chat_conversation")
