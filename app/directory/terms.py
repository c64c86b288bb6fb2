"""The taxonomies needs and services are coded to (Open Eligibility by default, a licensed 211
taxonomy from its holder's file), their terms, and the attributes that tag records with terms:
HSDS 3.1's taxonomy, taxonomy_term and attribute."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.directory.models import Id
from app.models.base import Base


class Taxonomy(Base):
    __tablename__ = "hsds_taxonomy"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    uri: Mapped[str | None] = mapped_column(Text)
    version: Mapped[str | None] = mapped_column(String(40))


class TaxonomyTerm(Base):
    """A term; `code` is the taxonomy's own (Open Eligibility `101-02`, an AIRS code
    `BD-1800.2000`): a term's descendants share its code as a prefix, or its `parent_id` chain."""

    __tablename__ = "hsds_taxonomy_term"
    __table_args__ = (Index("ix_hsds_taxonomy_term_code", "taxonomy_id", "code"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(Text)
    name_fr: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    description_fr: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[str | None] = mapped_column(Id, index=True)
    taxonomy: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(20))
    taxonomy_id: Mapped[str | None] = mapped_column(ForeignKey("hsds_taxonomy.id"))
    term_uri: Mapped[str | None] = mapped_column(Text)


class Attribute(Base):
    """A taxonomy term attached to a record: `link_entity` names its table, `link_id` its row."""

    __tablename__ = "hsds_attribute"
    __table_args__ = (Index("ix_hsds_attribute_link", "link_entity", "link_id"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    link_id: Mapped[str] = mapped_column(Id)
    taxonomy_term_id: Mapped[str] = mapped_column(ForeignKey("hsds_taxonomy_term.id"), index=True)
    link_type: Mapped[str | None] = mapped_column(Text)
    link_entity: Mapped[str] = mapped_column(String(40))
    value: Mapped[str | None] = mapped_column(Text)
    label: Mapped[str | None] = mapped_column(Text)
    label_fr: Mapped[str | None] = mapped_column(Text)
