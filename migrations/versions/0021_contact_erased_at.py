"""erasure of personal information: contact.erased_at (app/privacy, docs/privacy.md)

When the retention job or an erasure on request blanked a contact's personal information. The
partial index holds only the closed contacts not erased yet, ordered by when they closed: the
retention job reads the oldest of them a batch at a time, and an erased contact leaves the index.
No column a report reads changes, so the report's rollup (migration 0020) is not invalidated.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOT_ERASED = sa.text("state = 'closed' AND erased_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("contact") as batch:
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_contact_erasable", "contact", ["closed_at"], unique=False,
                    postgresql_where=NOT_ERASED, sqlite_where=NOT_ERASED)  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_contact_erasable", table_name="contact")
    with op.batch_alter_table("contact") as batch:
        batch.drop_column("erased_at")
