"""directory: HSDS 3.1 tables (prefixed hsds_) with French twins of every human-readable field

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 09:55:24.641466
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hsds_organization",
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_fr", sa.Text(), nullable=True),
        sa.Column("alternate_name", sa.Text(), nullable=True),
        sa.Column("alternate_name_fr", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("description_fr", sa.Text(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("website", sa.Text(), nullable=True),
        sa.Column("tax_status", sa.Text(), nullable=True),
        sa.Column("tax_id", sa.Text(), nullable=True),
        sa.Column("year_incorporated", sa.Integer(), nullable=True),
        sa.Column("legal_status", sa.Text(), nullable=True),
        sa.Column("logo", sa.Text(), nullable=True),
        sa.Column("uri", sa.Text(), nullable=True),
        sa.Column("parent_organization_id", sa.String(length=250), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsds_organization")),
    )
    op.create_table(
        "hsds_taxonomy",
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("uri", sa.Text(), nullable=True),
        sa.Column("version", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsds_taxonomy")),
    )
    op.create_table(
        "hsds_location",
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("location_type", sa.String(length=20), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("organization_id", sa.String(length=250), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("name_fr", sa.Text(), nullable=True),
        sa.Column("alternate_name", sa.Text(), nullable=True),
        sa.Column("alternate_name_fr", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("description_fr", sa.Text(), nullable=True),
        sa.Column("transportation", sa.Text(), nullable=True),
        sa.Column("transportation_fr", sa.Text(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("external_identifier", sa.Text(), nullable=True),
        sa.Column("external_identifier_type", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["hsds_organization.id"],
            name=op.f("fk_hsds_location_organization_id_hsds_organization"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsds_location")),
    )
    op.create_index(op.f("ix_hsds_location_organization_id"), "hsds_location", ["organization_id"], unique=False)
    op.create_table(
        "hsds_service",
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("organization_id", sa.String(length=250), nullable=False),
        sa.Column("program_id", sa.String(length=250), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_fr", sa.Text(), nullable=True),
        sa.Column("alternate_name", sa.Text(), nullable=True),
        sa.Column("alternate_name_fr", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("description_fr", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("interpretation_services", sa.Text(), nullable=True),
        sa.Column("interpretation_services_fr", sa.Text(), nullable=True),
        sa.Column("application_process", sa.Text(), nullable=True),
        sa.Column("application_process_fr", sa.Text(), nullable=True),
        sa.Column("fees_description", sa.Text(), nullable=True),
        sa.Column("fees_description_fr", sa.Text(), nullable=True),
        sa.Column("wait_time", sa.Text(), nullable=True),
        sa.Column("wait_time_fr", sa.Text(), nullable=True),
        sa.Column("fees", sa.Text(), nullable=True),
        sa.Column("accreditations", sa.Text(), nullable=True),
        sa.Column("eligibility_description", sa.Text(), nullable=True),
        sa.Column("eligibility_description_fr", sa.Text(), nullable=True),
        sa.Column("minimum_age", sa.Float(), nullable=True),
        sa.Column("maximum_age", sa.Float(), nullable=True),
        sa.Column("assured_date", sa.String(length=30), nullable=True),
        sa.Column("assurer_email", sa.String(length=320), nullable=True),
        sa.Column("licenses", sa.Text(), nullable=True),
        sa.Column("alert", sa.Text(), nullable=True),
        sa.Column("alert_fr", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.String(length=40), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["hsds_organization.id"],
            name=op.f("fk_hsds_service_organization_id_hsds_organization"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsds_service")),
    )
    op.create_index(op.f("ix_hsds_service_organization_id"), "hsds_service", ["organization_id"], unique=False)
    op.create_table(
        "hsds_taxonomy_term",
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("code", sa.String(length=120), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_fr", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_fr", sa.Text(), nullable=True),
        sa.Column("parent_id", sa.String(length=250), nullable=True),
        sa.Column("taxonomy", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=20), nullable=True),
        sa.Column("taxonomy_id", sa.String(length=250), nullable=True),
        sa.Column("term_uri", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["taxonomy_id"], ["hsds_taxonomy.id"], name=op.f("fk_hsds_taxonomy_term_taxonomy_id_hsds_taxonomy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsds_taxonomy_term")),
    )
    op.create_index("ix_hsds_taxonomy_term_code", "hsds_taxonomy_term", ["taxonomy_id", "code"], unique=False)
    op.create_index(op.f("ix_hsds_taxonomy_term_parent_id"), "hsds_taxonomy_term", ["parent_id"], unique=False)
    op.create_table(
        "hsds_accessibility",
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("location_id", sa.String(length=250), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("description_fr", sa.Text(), nullable=True),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"], ["hsds_location.id"], name=op.f("fk_hsds_accessibility_location_id_hsds_location")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsds_accessibility")),
    )
    op.create_index(op.f("ix_hsds_accessibility_location_id"), "hsds_accessibility", ["location_id"], unique=False)
    op.create_table(
        "hsds_address",
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("location_id", sa.String(length=250), nullable=True),
        sa.Column("attention", sa.Text(), nullable=True),
        sa.Column("address_1", sa.Text(), nullable=False),
        sa.Column("address_1_fr", sa.Text(), nullable=True),
        sa.Column("address_2", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("state_province", sa.Text(), nullable=False),
        sa.Column("postal_code", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("address_type", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"], ["hsds_location.id"], name=op.f("fk_hsds_address_location_id_hsds_location")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsds_address")),
    )
    op.create_index(op.f("ix_hsds_address_location_id"), "hsds_address", ["location_id"], unique=False)
    op.create_table(
        "hsds_attribute",
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("link_id", sa.String(length=250), nullable=False),
        sa.Column("taxonomy_term_id", sa.String(length=250), nullable=False),
        sa.Column("link_type", sa.Text(), nullable=True),
        sa.Column("link_entity", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("label", sa.Text(), nullable=True),
        sa.Column("label_fr", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["taxonomy_term_id"],
            ["hsds_taxonomy_term.id"],
            name=op.f("fk_hsds_attribute_taxonomy_term_id_hsds_taxonomy_term"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsds_attribute")),
    )
    op.create_index("ix_hsds_attribute_link", "hsds_attribute", ["link_entity", "link_id"], unique=False)
    op.create_index(op.f("ix_hsds_attribute_taxonomy_term_id"), "hsds_attribute", ["taxonomy_term_id"], unique=False)
    op.create_table(
        "hsds_language",
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("service_id", sa.String(length=250), nullable=True),
        sa.Column("location_id", sa.String(length=250), nullable=True),
        sa.Column("phone_id", sa.String(length=250), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("code", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"], ["hsds_location.id"], name=op.f("fk_hsds_language_location_id_hsds_location")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["hsds_service.id"], name=op.f("fk_hsds_language_service_id_hsds_service")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsds_language")),
    )
    op.create_index(op.f("ix_hsds_language_location_id"), "hsds_language", ["location_id"], unique=False)
    op.create_index(op.f("ix_hsds_language_service_id"), "hsds_language", ["service_id"], unique=False)
    op.create_table(
        "hsds_phone",
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("location_id", sa.String(length=250), nullable=True),
        sa.Column("service_id", sa.String(length=250), nullable=True),
        sa.Column("organization_id", sa.String(length=250), nullable=True),
        sa.Column("contact_id", sa.String(length=250), nullable=True),
        sa.Column("service_at_location_id", sa.String(length=250), nullable=True),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("extension", sa.String(length=20), nullable=True),
        sa.Column("type", sa.String(length=20), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("description_fr", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"], ["hsds_location.id"], name=op.f("fk_hsds_phone_location_id_hsds_location")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["hsds_organization.id"], name=op.f("fk_hsds_phone_organization_id_hsds_organization")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["hsds_service.id"], name=op.f("fk_hsds_phone_service_id_hsds_service")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsds_phone")),
    )
    op.create_index(op.f("ix_hsds_phone_location_id"), "hsds_phone", ["location_id"], unique=False)
    op.create_index(op.f("ix_hsds_phone_service_id"), "hsds_phone", ["service_id"], unique=False)
    op.create_table(
        "hsds_schedule",
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("service_id", sa.String(length=250), nullable=True),
        sa.Column("location_id", sa.String(length=250), nullable=True),
        sa.Column("service_at_location_id", sa.String(length=250), nullable=True),
        sa.Column("valid_from", sa.String(length=30), nullable=True),
        sa.Column("valid_to", sa.String(length=30), nullable=True),
        sa.Column("dtstart", sa.String(length=30), nullable=True),
        sa.Column("timezone", sa.String(length=60), nullable=True),
        sa.Column("until", sa.String(length=30), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("wkst", sa.String(length=2), nullable=True),
        sa.Column("freq", sa.String(length=10), nullable=True),
        sa.Column("interval", sa.Integer(), nullable=True),
        sa.Column("byday", sa.String(length=60), nullable=True),
        sa.Column("byweekno", sa.String(length=60), nullable=True),
        sa.Column("bymonthday", sa.String(length=60), nullable=True),
        sa.Column("byyearday", sa.String(length=60), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("description_fr", sa.Text(), nullable=True),
        sa.Column("opens_at", sa.String(length=10), nullable=True),
        sa.Column("closes_at", sa.String(length=10), nullable=True),
        sa.Column("schedule_link", sa.Text(), nullable=True),
        sa.Column("attending_type", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("notes_fr", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"], ["hsds_location.id"], name=op.f("fk_hsds_schedule_location_id_hsds_location")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["hsds_service.id"], name=op.f("fk_hsds_schedule_service_id_hsds_service")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsds_schedule")),
    )
    op.create_index(op.f("ix_hsds_schedule_location_id"), "hsds_schedule", ["location_id"], unique=False)
    op.create_index(op.f("ix_hsds_schedule_service_id"), "hsds_schedule", ["service_id"], unique=False)
    op.create_table(
        "hsds_service_area",
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("service_id", sa.String(length=250), nullable=True),
        sa.Column("service_at_location_id", sa.String(length=250), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("name_fr", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("description_fr", sa.Text(), nullable=True),
        sa.Column("extent", sa.Text(), nullable=True),
        sa.Column("extent_type", sa.String(length=20), nullable=True),
        sa.Column("uri", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"], ["hsds_service.id"], name=op.f("fk_hsds_service_area_service_id_hsds_service")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsds_service_area")),
    )
    op.create_index(op.f("ix_hsds_service_area_service_id"), "hsds_service_area", ["service_id"], unique=False)
    op.create_table(
        "hsds_service_at_location",
        sa.Column("id", sa.String(length=250), nullable=False),
        sa.Column("service_id", sa.String(length=250), nullable=False),
        sa.Column("location_id", sa.String(length=250), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("description_fr", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"], ["hsds_location.id"], name=op.f("fk_hsds_service_at_location_location_id_hsds_location")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["hsds_service.id"], name=op.f("fk_hsds_service_at_location_service_id_hsds_service")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsds_service_at_location")),
    )
    op.create_index(
        op.f("ix_hsds_service_at_location_location_id"), "hsds_service_at_location", ["location_id"], unique=False
    )
    op.create_index(
        op.f("ix_hsds_service_at_location_service_id"), "hsds_service_at_location", ["service_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_hsds_service_at_location_service_id"), table_name="hsds_service_at_location")
    op.drop_index(op.f("ix_hsds_service_at_location_location_id"), table_name="hsds_service_at_location")
    op.drop_table("hsds_service_at_location")
    op.drop_index(op.f("ix_hsds_service_area_service_id"), table_name="hsds_service_area")
    op.drop_table("hsds_service_area")
    op.drop_index(op.f("ix_hsds_schedule_service_id"), table_name="hsds_schedule")
    op.drop_index(op.f("ix_hsds_schedule_location_id"), table_name="hsds_schedule")
    op.drop_table("hsds_schedule")
    op.drop_index(op.f("ix_hsds_phone_service_id"), table_name="hsds_phone")
    op.drop_index(op.f("ix_hsds_phone_location_id"), table_name="hsds_phone")
    op.drop_table("hsds_phone")
    op.drop_index(op.f("ix_hsds_language_service_id"), table_name="hsds_language")
    op.drop_index(op.f("ix_hsds_language_location_id"), table_name="hsds_language")
    op.drop_table("hsds_language")
    op.drop_index(op.f("ix_hsds_attribute_taxonomy_term_id"), table_name="hsds_attribute")
    op.drop_index("ix_hsds_attribute_link", table_name="hsds_attribute")
    op.drop_table("hsds_attribute")
    op.drop_index(op.f("ix_hsds_address_location_id"), table_name="hsds_address")
    op.drop_table("hsds_address")
    op.drop_index(op.f("ix_hsds_accessibility_location_id"), table_name="hsds_accessibility")
    op.drop_table("hsds_accessibility")
    op.drop_index(op.f("ix_hsds_taxonomy_term_parent_id"), table_name="hsds_taxonomy_term")
    op.drop_index("ix_hsds_taxonomy_term_code", table_name="hsds_taxonomy_term")
    op.drop_table("hsds_taxonomy_term")
    op.drop_index(op.f("ix_hsds_service_organization_id"), table_name="hsds_service")
    op.drop_table("hsds_service")
    op.drop_index(op.f("ix_hsds_location_organization_id"), table_name="hsds_location")
    op.drop_table("hsds_location")
    op.drop_table("hsds_taxonomy")
    op.drop_table("hsds_organization")
