"""spam tagging and block list (app/spam, docs/spam.md)

Every contact gets a spam verdict, score and reasons, a supervisor's review and the navigator's
tag; inbound texts a digest of their body (copies from many senders); addresses a block list;
reviews a decision log.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 13:11:05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
ACTIVE = sa.text("lifted_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "blocked_address",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=320), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("blocked_by_id", sa.Integer(), nullable=False),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["blocked_by_id"], ["staff_user.id"],
                                name=op.f("fk_blocked_address_blocked_by_id_staff_user")),
        sa.ForeignKeyConstraint(["lifted_by_id"], ["staff_user.id"],
                                name=op.f("fk_blocked_address_lifted_by_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocked_address")),
    )  # fmt: skip
    op.create_index("uq_blocked_address_active", "blocked_address", ["channel", "value"], unique=True,
                    postgresql_where=ACTIVE, sqlite_where=ACTIVE)  # fmt: skip
    op.create_table(
        "spam_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name=op.f("fk_spam_decision_contact_id_contact")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["staff_user.id"],
                                name=op.f("fk_spam_decision_decided_by_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spam_decision")),
    )  # fmt: skip
    op.create_index(op.f("ix_spam_decision_contact_id"), "spam_decision", ["contact_id"], unique=False)
    with op.batch_alter_table("contact") as batch:
        batch.add_column(sa.Column("spam_verdict", sa.String(length=10), server_default="clean", nullable=False))
        batch.add_column(sa.Column("spam_score", sa.Float(), server_default="0", nullable=False))
        batch.add_column(sa.Column("spam_reasons", sa.JSON(), server_default="[]", nullable=False))
        batch.add_column(sa.Column("spam_review", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("navigator_tag", sa.String(length=20), nullable=True))
    op.create_index("ix_contact_address_created_at", "contact", ["address_id", "created_at"], unique=False)
    with op.batch_alter_table("message") as batch:
        batch.add_column(sa.Column("body_digest", sa.String(length=32), nullable=True))
    op.create_index("ix_message_body_digest", "message", ["body_digest", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_message_body_digest", table_name="message")
    with op.batch_alter_table("message") as batch:
        batch.drop_column("body_digest")
    op.drop_index("ix_contact_address_created_at", table_name="contact")
    with op.batch_alter_table("contact") as batch:
        for column in ("navigator_tag", "spam_review", "spam_reasons", "spam_score", "spam_verdict"):
            batch.drop_column(column)
    op.drop_index(op.f("ix_spam_decision_contact_id"), table_name="spam_decision")
    op.drop_table("spam_decision")
    op.drop_index("uq_blocked_address_active", table_name="blocked_address")
    op.drop_table("blocked_address")
