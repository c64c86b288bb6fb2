"""an audit trail people can read: who acted (none for a failed sign-in), the account acted
upon, a detail in words, the client's address; entries by time and by person; and on PostgreSQL,
a trigger that refuses to change or remove an entry

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFUSE = """
CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP;
END $$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.alter_column("staff_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("subject_staff_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("detail", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("address", sa.String(length=45), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_audit_entry_subject_staff_id_staff_user"), "staff_user", ["subject_staff_id"], ["id"]
        )
        batch.create_index(batch.f("ix_audit_entry_at"), ["at"], unique=False)
        batch.create_index(batch.f("ix_audit_entry_staff_id"), ["staff_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_REFUSE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_entry_append_only ON audit_entry")
        op.execute("DROP FUNCTION audit_entry_append_only()")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_index(batch.f("ix_audit_entry_staff_id"))
        batch.drop_index(batch.f("ix_audit_entry_at"))
        batch.drop_constraint(batch.f("fk_audit_entry_subject_staff_id_staff_user"), type_="foreignkey")
        batch.drop_column("address")
        batch.drop_column("detail")
        batch.drop_column("subject_staff_id")
        batch.alter_column("staff_id", existing_type=sa.Integer(), nullable=False)
