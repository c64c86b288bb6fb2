"""the report's daily rollup (app/reports/rollup*.py, docs/reports.md "Rollups")

`report_day`: per time zone and settled local day, one row per distinct combination of what the
funder's figures read (channel, claimed, outcome, short abandon, satisfaction, what it was excluded
as) with its number of contacts; `report_day_built`: the days built, with their instants.

On PostgreSQL, row triggers on `contact` delete the `report_day_built` row of the day of a contact
inserted, changed (in a column a figure reads) or deleted, so a built day is always exact. They
fire only for contacts created more than a day ago (a built day is settled for at least that
long): the contacts of today, which every write touches, never match their WHEN clause. The
function takes the builder's advisory lock shared (app.reports.rollup_models.LOCK: 2110018).
SQLite (the embedded demo) gets the tables only: its reports always count the contacts.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "OLD.created_at < now() - interval '1 day'"
NEW = "NEW.created_at < now() - interval '1 day'"
READ = ("created_at", "channel", "claimed_at IS NULL", "outcome", "short_abandon", "satisfaction", "spam_verdict",
        "spam_reasons::text", "navigator_tag")  # fmt: skip
CHANGED = " OR ".join(f"(OLD.{c}) IS DISTINCT FROM (NEW.{c})" for c in READ)
FUNCTIONS = """
CREATE FUNCTION report_day_invalidate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(2110018);
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM report_day_built WHERE OLD.created_at >= starts_at AND OLD.created_at < ends_at;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        DELETE FROM report_day_built WHERE NEW.created_at >= starts_at AND NEW.created_at < ends_at;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION report_day_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM report_day_built;
    RETURN NULL;
END $$;
"""
TRIGGERS = {
    "report_day_inserted": f"AFTER INSERT ON contact FOR EACH ROW WHEN ({NEW})",
    "report_day_updated": f"AFTER UPDATE ON contact FOR EACH ROW WHEN (({OLD} OR {NEW}) AND ({CHANGED}))",
    "report_day_deleted": f"AFTER DELETE ON contact FOR EACH ROW WHEN ({OLD})",
}


def upgrade() -> None:
    op.create_table(
        "report_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("claimed", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("short_abandon", sa.Boolean(), nullable=False),
        sa.Column("satisfaction", sa.String(length=20), nullable=True),
        sa.Column("excluded_as", sa.String(length=20), nullable=True),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_day")),
    )
    op.create_index("ix_report_day_zone_day", "report_day", ["zone", "day"], unique=False)
    op.create_table(
        "report_day_built",
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("zone", "day", name=op.f("pk_report_day_built")),
    )
    op.create_index("ix_report_day_built_starts_at", "report_day_built", ["starts_at"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTIONS)
        for name, when in TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION report_day_invalidate()")
        op.execute("CREATE TRIGGER report_day_truncated AFTER TRUNCATE ON contact EXECUTE FUNCTION report_day_forget()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in [*TRIGGERS, "report_day_truncated"]:
            op.execute(f"DROP TRIGGER {name} ON contact")
        op.execute("DROP FUNCTION report_day_invalidate(); DROP FUNCTION report_day_forget()")
    op.drop_index("ix_report_day_built_starts_at", table_name="report_day_built")
    op.drop_table("report_day_built")
    op.drop_index("ix_report_day_zone_day", table_name="report_day")
    op.drop_table("report_day")
