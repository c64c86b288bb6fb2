"""The search index: one row per service at a location, with its text folded for matching (no
accents, lower case) in English and in French, and what the filters need (terms, place, point,
languages, accessibility, weekly hours). It is rebuilt from the HSDS tables after an import
(app.directory.search_index). The text search itself is the database's own: PostgreSQL
expression indexes with the English and French configurations, or an SQLite FTS5 table; both
are created by migration 0006, not declared here (Alembic cannot compare them)."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.directory.models import Id
from app.models.base import Base

FTS_TABLE = "hsds_search_fts"  # SQLite's FTS5 table and its shadow tables
TEXT_INDEXES = "ix_hsds_search_text_"  # PostgreSQL's expression indexes


def managed_by_migrations(name: str | None) -> bool:
    """Objects the migrations create that the models do not declare (autogenerate skips them)."""
    return bool(name and name.startswith((FTS_TABLE, TEXT_INDEXES)))


class SearchEntry(Base):
    __tablename__ = "hsds_search"

    key: Mapped[int] = mapped_column(Integer, primary_key=True)  # FTS5 rows need an integer id
    id: Mapped[str] = mapped_column(Id, unique=True)  # the service_at_location's
    service_id: Mapped[str] = mapped_column(Id)
    location_id: Mapped[str] = mapped_column(Id)
    text_en: Mapped[str] = mapped_column(Text)
    text_fr: Mapped[str] = mapped_column(Text)
    city_key: Mapped[str | None] = mapped_column(String(120), index=True)
    fsa: Mapped[str | None] = mapped_column(String(3), index=True)
    latitude: Mapped[float | None] = mapped_column(Float, index=True)
    longitude: Mapped[float | None] = mapped_column(Float)
    languages: Mapped[str] = mapped_column(String(200), default=" ")  # " en fr ": one LIKE per language
    accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SearchTerm(Base):
    """A taxonomy term a search entry is coded to (its service's or location's attributes)."""

    __tablename__ = "hsds_search_term"

    entry_key: Mapped[int] = mapped_column(ForeignKey("hsds_search.key", ondelete="CASCADE"), primary_key=True)
    term_id: Mapped[str] = mapped_column(Id, primary_key=True, index=True)


class SearchHours(Base):
    """A weekly opening slot: day 0 Monday to 6 Sunday, minutes since midnight."""

    __tablename__ = "hsds_search_hours"

    entry_key: Mapped[int] = mapped_column(ForeignKey("hsds_search.key", ondelete="CASCADE"), primary_key=True)
    day: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    opens: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    closes: Mapped[int] = mapped_column(SmallInteger)
