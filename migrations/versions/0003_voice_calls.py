"""voice calls: a call's own row, how a contact ended without a navigator, satisfaction, the claims'
pace

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_OPEN = "state <> 'closed'"
NEW_OPEN = "state <> 'closed' AND channel <> 'voice'"  # every call is a contact of its own


def _open_index(where: str) -> None:
    op.drop_index("uq_contact_open_address", table_name="contact")
    op.create_index(
        "uq_contact_open_address",
        "contact",
        ["channel", "address_id"],
        unique=True,
        postgresql_where=sa.text(where),
        sqlite_where=sa.text(where),
    )


def upgrade() -> None:
    with op.batch_alter_table("contact") as batch:
        batch.add_column(sa.Column("outcome", sa.String(30), nullable=True))
        batch.add_column(sa.Column("wait_seconds", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("short_abandon", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("satisfaction", sa.String(20), nullable=True))
    _open_index(NEW_OPEN)
    op.create_index("ix_contact_event_reason_at", "contact_event", ["reason", "at"])
    op.create_table(
        "voice_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("call_sid", sa.String(100), nullable=False),
        sa.Column("city", sa.String(64), nullable=False),
        sa.Column("province", sa.String(64), nullable=False),
        sa.Column("country", sa.String(64), nullable=False),
        sa.Column("stir_verstat", sa.String(64), nullable=True),
        sa.Column("language_chosen", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("duration_seconds", sa.Integer(), nullable=True),
        sa.Column("queue_sid", sa.String(100), nullable=True),
        sa.Column("queue_result", sa.String(30), nullable=True),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("callback_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_voice_call"),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name="fk_voice_call_contact_id_contact"),
        sa.UniqueConstraint("contact_id", name="uq_voice_call_contact_id"),
        sa.UniqueConstraint("call_sid", name="uq_voice_call_call_sid"),
    )


def downgrade() -> None:
    op.drop_table("voice_call")
    op.drop_index("ix_contact_event_reason_at", table_name="contact_event")
    _open_index(OLD_OPEN)
    with op.batch_alter_table("contact") as batch:
        for column in ("satisfaction", "short_abandon", "wait_seconds", "outcome"):
            batch.drop_column(column)
