"""Directory quality: a navigator's flag on a record that looks wrong (a phone that does not
answer, a centre that closed or moved, eligibility that changed), the log of every edit an
administrator makes to the directory, and what of each record they may edit. Records are named by
kind and HSDS id rather than by a foreign key, since a flag or an edit may concern any of five
tables, and both must outlive a record an import later removes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.directory.details import LocationAddress, Phone
from app.directory.models import Id, Location, Organization, Service
from app.errors import NotFound
from app.models.base import Base, utcnow

KINDS = ("service", "location", "organization", "phone")  # what a navigator may flag
REASONS = ("phone", "closed", "moved", "eligibility", "other")
OPEN, RESOLVED = "open", "resolved"
NOTE_LIMIT = 1000
_STAFF = "staff_user.id"


class DirectoryFlag(Base):
    """One report that a record is wrong, open until an administrator resolves it with a note."""

    __tablename__ = "directory_flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(Id, index=True)
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    raised_by_id: Mapped[int] = mapped_column(ForeignKey(_STAFF))
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default=OPEN, index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey(_STAFF))
    resolved_at: Mapped[datetime | None]
    resolution_note: Mapped[str | None] = mapped_column(Text)


class DirectoryEdit(Base):
    """One field of one record changed by hand: who, when, and the value before and after, so a
    wrong correction can be seen and undone."""

    __tablename__ = "directory_edit"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(Id, index=True)
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    edited_by_id: Mapped[int] = mapped_column(ForeignKey(_STAFF))
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)


MODELS: dict[str, type[Any]] = {
    "organization": Organization, "service": Service, "location": Location, "phone": Phone, "address": LocationAddress,
}  # fmt: skip
# What an administrator edits, in the order shown; `*`: a human-readable field with a `_fr` twin.
FIELDS = {
    "organization": ("name*", "alternate_name*", "description*", "email", "website"),
    "service": ("name*", "alternate_name*", "status", "description*", "eligibility_description*",
                "application_process*", "fees_description*", "interpretation_services*", "wait_time*", "alert*",
                "url", "email"),
    "location": ("name*", "alternate_name*", "description*", "transportation*"),
    "address": ("address_1*", "address_2", "city", "state_province", "postal_code", "country"),
    "phone": ("number", "extension", "description*"),
}  # fmt: skip
CHOICES = {"status": ("active", "inactive", "defunct", "temporarily closed")}  # HSDS service statuses
TEXT_LIMIT = 10_000  # an unbounded column's limit: a description, not a document


@dataclass(frozen=True)
class Part:
    """One block of the edit page: the record itself, or an address or phone of it."""

    kind: str
    row: Any

    def fields(self) -> list[tuple[str, bool]]:
        """(field, has a French twin) in the order shown."""
        return [(spec.rstrip("*"), spec.endswith("*")) for spec in FIELDS[self.kind]]

    def columns(self) -> list[str]:
        return [c for field, twin in self.fields() for c in ((field, f"{field}_fr") if twin else (field,))]

    def input(self, column: str) -> str:
        """The form field's name: kind and column first, since HSDS ids may hold colons."""
        return f"{self.kind}:{column}:{self.row.id}"


@dataclass(frozen=True)
class Listed:
    """An open flag as the pages show it."""

    flag: DirectoryFlag
    raised_by: str
    record: str | None  # the record's name; None once it is no longer in the directory


def label(row: Any) -> str:
    """What the flags page calls a record: its name, or a phone's number."""
    if isinstance(row, Phone):
        return row.number + (f" ext. {row.extension}" if row.extension else "")
    return getattr(row, "name", None) or row.id


def find(session: Session, kind: str, record_id: str) -> Any:
    """The record, or NotFound; an id no row can have never reaches the database."""
    model = MODELS[kind] if kind in KINDS else None
    plausible = 0 < len(record_id) <= (Id.length or 0) and "\x00" not in record_id
    row = session.get(model, record_id) if model and plausible else None
    if row is None:
        raise NotFound(f"There is no such {kind} in the directory." if model else "There is no such record.")
    return row
