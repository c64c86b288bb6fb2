"""Raising, listing and resolving flags on directory records, and editing a record by hand with
a log row per changed field. Services receive a session; the views own the transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, text
from sqlalchemy.orm import Session

from app.db import on_postgresql
from app.directory import flags, search_index
from app.directory.details import LocationAddress, Phone
from app.directory.flags import OPEN, DirectoryEdit, DirectoryFlag, Listed, Part, find, label
from app.directory.models import Location, Organization, Service
from app.domain import known_id
from app.errors import InvalidRequest, InvalidState, NotFound
from app.models import StaffUser
from app.models.base import utcnow


def note_text(value: object, name: str, *, required: bool = False) -> str:
    """A note as typed, or InvalidRequest saying what is wrong with it."""
    value = "" if value is None else value
    if not isinstance(value, str):
        raise InvalidRequest(_("%(name)s must be text.", name=name))
    if "\x00" in value:
        raise InvalidRequest(_("%(name)s must not contain a NUL character.", name=name))
    if len(value.strip()) > flags.NOTE_LIMIT:
        raise InvalidRequest(_("%(name)s is at most %(limit)s characters.", name=name, limit=flags.NOTE_LIMIT))
    if required and not value.strip():
        raise InvalidRequest(_("%(name)s is required.", name=name))
    return value.strip()


def _choice(data: Mapping[str, Any], name: str, choices: tuple[str, ...]) -> str:
    if data.get(name) not in choices:
        raise InvalidRequest(_("%(name)s must be one of: %(choices)s.", name=name, choices=", ".join(choices)))
    return str(data[name])


def raise_flag(session: Session, user: StaffUser, data: Mapping[str, Any]) -> DirectoryFlag:
    """`kind`, `record_id`, `reason`, `note` (required when the reason is `other`)."""
    kind, reason = _choice(data, "kind", flags.KINDS), _choice(data, "reason", flags.REASONS)
    note = note_text(data.get("note"), "note", required=reason == "other")
    record_id = data.get("record_id")
    if not isinstance(record_id, str) or not record_id:
        raise InvalidRequest(_("record_id is required: the record's id, as the search result gives it."))
    find(session, kind, record_id)
    flag = DirectoryFlag(record_kind=kind, record_id=record_id, reason=reason, note=note, raised_by_id=user.id)
    session.add(flag)
    session.flush()
    return flag


def open_flags(session: Session, kind: str | None = None, record_id: str | None = None) -> list[Listed]:
    """Open flags, oldest first (of one record, when given), with who raised each."""
    query = select(DirectoryFlag, StaffUser.display_name).join(StaffUser, StaffUser.id == DirectoryFlag.raised_by_id)
    query = query.where(DirectoryFlag.status == OPEN).order_by(DirectoryFlag.raised_at, DirectoryFlag.id)
    if kind is not None:
        query = query.where(DirectoryFlag.record_kind == kind, DirectoryFlag.record_id == record_id)
    rows = session.execute(query).all()
    records = [session.get(flags.MODELS[flag.record_kind], flag.record_id) for flag, _ in rows]
    return [Listed(f, who, label(r) if r else None) for (f, who), r in zip(rows, records, strict=True)]


def resolve(session: Session, user: StaffUser, flag_id: int, note: object) -> DirectoryFlag:
    flag = session.get(DirectoryFlag, known_id(flag_id, "Flag"), with_for_update=True)
    if flag is None:
        raise NotFound(_("Flag %(flag_id)s does not exist.", flag_id=flag_id))
    if flag.status != OPEN:
        raise InvalidState(_("This flag is already resolved."))
    flag.resolution_note = note_text(note, "resolution note", required=True)
    flag.status, flag.resolved_by_id, flag.resolved_at = flags.RESOLVED, user.id, utcnow()
    return flag


def parts(session: Session, kind: str, row: Any) -> list[Part]:
    """The record, then (a location's) addresses, then its phones."""
    found = [Part(kind, row)]
    if kind == "location":
        where = LocationAddress.location_id == row.id
        found += [Part("address", a) for a in session.scalars(select(LocationAddress).where(where))]
    if kind != "phone":
        where = getattr(Phone, f"{kind}_id") == row.id
        found += [Part("phone", p) for p in session.scalars(select(Phone).where(where).order_by(Phone.id))]
    return found


def history(session: Session, found: list[Part], limit: int = 50) -> list[Any]:
    """The latest edits of the record, its addresses and phones, newest first: (edit, by whom)."""
    query = select(DirectoryEdit, StaffUser.display_name).join(StaffUser, StaffUser.id == DirectoryEdit.edited_by_id)
    mine = or_(*(and_(DirectoryEdit.record_kind == p.kind, DirectoryEdit.record_id == p.row.id) for p in found))
    order = (DirectoryEdit.edited_at.desc(), DirectoryEdit.id.desc())
    return list(session.execute(query.where(mine).order_by(*order).limit(limit)).all())


def save(session: Session, user: StaffUser, kind: str, record_id: str, form: Mapping[str, str]) -> int:
    """Apply the form's changed fields, all or none, with a log row each; the number changed.
    The record's search index entries are refreshed in the same transaction, so a search finds
    the corrected record the moment the edit commits."""
    row, now = find(session, kind, record_id), utcnow()
    changes = [(part, column, new) for part in parts(session, kind, row) for column, new in _changed(part, form)]
    for part, column, new in changes:
        old = getattr(part.row, column)
        session.add(DirectoryEdit(record_kind=part.kind, record_id=part.row.id, field=column, old_value=old,
                                  new_value=new, edited_by_id=user.id, edited_at=now))  # fmt: skip
        setattr(part.row, column, new)
    if changes:
        _touch(session, [row, *(part.row for part, _, _ in changes)], now)
        session.flush()
        if on_postgresql(session):  # concurrent saves refresh one after the other
            session.execute(text("LOCK TABLE hsds_search IN SHARE ROW EXCLUSIVE MODE"))
        search_index.refresh(session, {part.row for part, _, _ in changes})
    return len(changes)


def _changed(part: Part, form: Mapping[str, str]) -> list[tuple[str, str | None]]:
    """(column, new value) of each field the form changed; a field it does not carry is kept."""
    changes = []
    for column in part.columns():
        raw = form.get(part.input(column))
        if raw is not None and (new := _tidy(raw)) != _tidy(getattr(part.row, column)):
            changes.append((column, _valid(part, column, new)))
    return changes


def _tidy(value: str | None) -> str | None:
    """As a browser sends a field back, so that whitespace alone is not an edit."""
    return (value or "").replace("\r\n", "\n").strip() or None


def _valid(part: Part, column: str, value: str | None) -> str | None:
    name = f"{part.kind} {column}"
    table_column = part.row.__table__.c[column]
    limit = getattr(table_column.type, "length", None) or flags.TEXT_LIMIT
    if value and "\x00" in value:
        raise InvalidRequest(_("%(name)s must not contain a NUL character.", name=name))
    if value and len(value) > limit:
        raise InvalidRequest(_("%(name)s is at most %(limit)s characters.", name=name, limit=limit))
    if column in flags.CHOICES and value not in flags.CHOICES[column]:
        raise InvalidRequest(
            _("%(name)s must be one of: %(choices)s.", name=name, choices=", ".join(flags.CHOICES[column]))
        )
    if value is None and not table_column.nullable:
        raise InvalidRequest(_("%(name)s cannot be empty.", name=name))
    return value


def _touch(session: Session, rows: list[Any], now: datetime) -> None:
    """Set updated_at on the records changed, and on the owners of a changed phone or address
    (which have none), so HSDS's `modified_after` sees the change."""
    keys = [(Organization, "organization_id"), (Service, "service_id"), (Location, "location_id")]
    owned = [r for r in rows if isinstance(r, Phone | LocationAddress)]
    owners = [session.get(model, getattr(r, key)) for r in owned for model, key in keys if getattr(r, key, None)]
    for row in {id(r): r for r in [*rows, *owners] if hasattr(r, "updated_at")}.values():
        row.updated_at = now
