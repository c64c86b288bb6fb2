"""contacts by arrival: an index on contact.created_at

The funder's report, the planners' tables and the supervisors' live board all read the contacts
that arrived in a period; without it each read scans the whole table.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 13:55:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_contact_created_at", "contact", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_contact_created_at", table_name="contact")
