"""wrap-up: a contact's record (type, inquirer, area, demographics, consent, notes), its needs
coded to taxonomy terms and its referrals with a snapshot of the service

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAFF = "staff_user.id"


def upgrade() -> None:
    op.create_table(
        "wrapup",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("contact_type", sa.String(30), nullable=True),
        sa.Column("inquirer", sa.String(30), nullable=True),
        sa.Column("area", sa.String(120), nullable=True),
        sa.Column("demographics", sa.JSON(), nullable=False),
        sa.Column("consent_follow_up", sa.Boolean(), nullable=True),
        sa.Column("follow_up_method", sa.String(20), nullable=True),
        sa.Column("mailing_address", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name="fk_wrapup_contact_id_contact"),
        sa.ForeignKeyConstraint(["updated_by_id"], [STAFF], name="fk_wrapup_updated_by_id_staff_user"),
        sa.PrimaryKeyConstraint("contact_id", name="pk_wrapup"),
    )
    op.create_table(
        "contact_need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.String(250), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("unmet_reason", sa.String(40), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name="fk_contact_need_contact_id_contact"),
        sa.ForeignKeyConstraint(
            ["term_id"], ["hsds_taxonomy_term.id"], name="fk_contact_need_term_id_hsds_taxonomy_term"
        ),
        sa.ForeignKeyConstraint(["created_by_id"], [STAFF], name="fk_contact_need_created_by_id_staff_user"),
        sa.PrimaryKeyConstraint("id", name="pk_contact_need"),
        sa.UniqueConstraint("contact_id", "term_id", name="uq_contact_need_contact_id"),
    )
    op.create_index("ix_contact_need_contact_id", "contact_need", ["contact_id"])
    op.create_table(
        "contact_referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("service_at_location_id", sa.String(250), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_fr", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(60), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("hours", sa.Text(), nullable=True),
        sa.Column("hours_fr", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_message_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name="fk_contact_referral_contact_id_contact"),
        sa.ForeignKeyConstraint(["created_by_id"], [STAFF], name="fk_contact_referral_created_by_id_staff_user"),
        sa.ForeignKeyConstraint(
            ["sent_message_id"], ["message.id"], name="fk_contact_referral_sent_message_id_message"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_contact_referral"),
    )
    op.create_index("ix_contact_referral_contact_id", "contact_referral", ["contact_id"])


def downgrade() -> None:
    op.drop_table("contact_referral")
    op.drop_table("contact_need")
    op.drop_table("wrapup")
