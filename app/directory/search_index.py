"""Keeping the search index (app/directory/search_models.py) equal to the HSDS tables: rebuilt
whole after an import, refreshed entry by entry after an administrator's correction (a rebuild
of 50,000 entries takes about 20 s; a correction is saved at once), and the database's text
search brought up to date in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, or_, select, text
from sqlalchemy.orm import Session

from app.db import on_postgresql
from app.directory.models import Location, Organization, Service, ServiceAtLocation
from app.directory.search_entries import Tables, entry
from app.directory.search_models import SearchEntry, SearchHours, SearchTerm

# PostgreSQL keeps each active entry's text-search vectors (migration 0011) and a copy of what the place,
# language and accessibility filters read (migration 0023): a search by words reads that table alone.
VECTORS = "hsds_search_fts_vector"
FILTERED = ("accessible", "city_key", "fsa", "languages", "latitude", "longitude")
VECTOR_EN, VECTOR_FR = "to_tsvector('english', text_en)", "to_tsvector('french', text_fr)"


def rebuild(session: Session) -> int:
    """Replace the whole index with what the HSDS tables hold now; the number of entries."""
    for model in (SearchTerm, SearchHours, SearchEntry):
        session.execute(delete(model))
    t = Tables(session)
    _write(session, t, list(enumerate(t.links, start=1)), keys=None)
    return len(t.links)


def refresh(session: Session, records: Iterable[Any]) -> int:
    """Rebuild only the entries the given HSDS records are part of (a service, location or
    organization, or a row that hangs on one); each keeps its key. The number refreshed."""
    touching = [_touching(record) for record in records]
    links = list(session.scalars(select(ServiceAtLocation).where(or_(*touching)))) if touching else []
    if not links:
        return 0
    known = dict(
        session.execute(select(SearchEntry.id, SearchEntry.key).where(SearchEntry.id.in_([x.id for x in links])))
        .tuples()
        .all()
    )
    after = session.scalar(select(func.max(SearchEntry.key))) or 0
    keyed = [(known.get(link.id) or after + n, link) for n, link in enumerate(links, start=1)]
    keys = [key for key, _ in keyed]
    for model, column in (
        (SearchTerm, SearchTerm.entry_key),
        (SearchHours, SearchHours.entry_key),
        (SearchEntry, SearchEntry.key),
    ):
        session.execute(delete(model).where(column.in_(keys)))
    _write(session, Tables(session, links), keyed, keys)
    return len(links)


def _touching(record: Any) -> ColumnElement[bool]:
    """The services at locations an HSDS record is part of."""
    if isinstance(record, Organization):
        return ServiceAtLocation.service_id.in_(select(Service.id).where(Service.organization_id == record.id))
    if isinstance(record, Service):
        return ServiceAtLocation.service_id == record.id
    if isinstance(record, Location):
        return ServiceAtLocation.location_id == record.id
    owners = {getattr(record, "service_id", None), getattr(record, "location_id", None)} - {None}
    return or_(ServiceAtLocation.service_id.in_(owners), ServiceAtLocation.location_id.in_(owners))


def _write(session: Session, t: Tables, keyed: list[tuple[int, ServiceAtLocation]], keys: list[int] | None) -> None:
    built = [entry(t, key, link) for key, link in keyed]
    if built:
        session.execute(insert(SearchEntry), [row for row, _, _ in built])
        terms = [{"entry_key": e["key"], "term_id": i} for e, ids, _ in built for i in ids]
        hours = [
            {"entry_key": e["key"], "day": d, "opens": o, "closes": c} for e, _, slots in built for d, o, c in slots
        ]
        for model, rows in ((SearchTerm, terms), (SearchHours, hours)):
            if rows:
                session.execute(insert(model), rows)
    _sync_text_search(session, keys)


def _sync_text_search(session: Session, keys: list[int] | None) -> None:
    """SQLite's FTS5 table is rebuilt from the index's text (the embedded default holds little);
    PostgreSQL's vectors of the given entries (None: all) and their filtered columns are written again."""
    if not on_postgresql(session):
        session.execute(text("INSERT INTO hsds_search_fts(hsds_search_fts) VALUES('rebuild')"))
        return
    only = "" if keys is None else " AND key = ANY(:keys)"
    bound = {} if keys is None else {"keys": keys}
    session.execute(text(f"DELETE FROM {VECTORS} WHERE true{only}"), bound)
    copied = ", ".join(FILTERED)
    vectors = f"SELECT key, {VECTOR_EN}, {VECTOR_FR}, {copied} FROM hsds_search WHERE active{only}"
    session.execute(text(f"INSERT INTO {VECTORS} (key, en, fr, {copied}) {vectors}"), bound)
