"""public visits: the website sessions of the public directory page, one count per day (no
cookies, no identifiers: docs/directory.md, "Counting website sessions")

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "public_visit_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_public_visit_day")),
    )


def downgrade() -> None:
    op.drop_table("public_visit_day")
