"""Searching the directory (docs/directory.md): words in English or French, accents ignored,
ranked by relevance, filtered by taxonomy term (with its descendants), municipality or postal
area (FSA), distance from a point, language of service, accessibility and open now. The words go
to the database's own text search: PostgreSQL's English and French configurations (vectors
stored by the index rebuild, migration 0011), or SQLite's FTS5 table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    exists,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.orm import Session

from app.directory import taxonomy
from app.directory.geo import bounding_box, distance_km
from app.directory.normalize import fold, fsa
from app.directory.search_models import SearchEntry, SearchHours, SearchTerm
from app.directory.text_search import SEARCHED, holds_inactive, matches


@dataclass(frozen=True)
class Query:
    words: str = ""
    language: str | None = None  # search the "en" or the "fr" text only; None: both
    term_id: str | None = None
    city: str | None = None
    postal_area: str | None = None
    near: tuple[float, float] | None = None
    radius_km: float = 25.0
    offered_in: str | None = None  # a language of service
    accessible: bool = False
    open_at: datetime | None = None  # local time: open now
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class Hit:
    key: int
    rank: float
    distance_km: float | None


TOTAL_CAP = 1000  # counted no further: a broad search says "more than 1,000", and counting all costs


class Found(NamedTuple):
    hits: list[Hit]
    total: int  # at most TOTAL_CAP
    more: bool  # more than TOTAL_CAP matched


def filters(session: Session, query: Query) -> list[ColumnElement[bool]]:
    """Everything but the words, as SQL on the index (the search benchmark's naive baseline applies the same)."""
    return [SearchEntry.active.is_(True), *narrowing(session, query, SearchEntry)]


def narrowing(session: Session, query: Query, entries: Any) -> list[ColumnElement[bool]]:
    """The filters on `entries`: the index (SearchEntry) or PostgreSQL's searched table (its columns,
    text_search.SEARCHED.c), which holds the same place, language and accessibility columns."""
    wanted: list[ColumnElement[bool]] = []
    if query.term_id:
        terms = [query.term_id] + [t.id for t in taxonomy.descendants(session, query.term_id)]
        coded = select(SearchTerm.entry_key).where(SearchTerm.entry_key == entries.key, SearchTerm.term_id.in_(terms))
        wanted.append(exists(coded))
    if query.city:
        wanted.append(entries.city_key == fold(query.city))
    if query.postal_area:
        wanted.append(entries.fsa == fsa(query.postal_area))
    if query.offered_in:
        wanted.append(entries.languages.contains(f" {query.offered_in.lower()} "))
    if query.accessible:
        wanted.append(entries.accessible.is_(True))
    if query.open_at is not None:
        wanted.append(_open_at(query.open_at, entries.key))
    if query.near is not None:
        wanted += bounding_box(entries.latitude, entries.longitude, query.near, query.radius_km)
    return wanted


def _open_at(moment: datetime, key: Any) -> ColumnElement[bool]:
    minute = moment.hour * 60 + moment.minute
    slot = select(SearchHours.entry_key).where(
        SearchHours.entry_key == key, SearchHours.day == moment.weekday(),
        SearchHours.opens <= minute, SearchHours.closes > minute,
    )  # fmt: skip
    return exists(slot)


def search(session: Session, query: Query) -> Found:
    """One page of hits, best first (nearest first when only a place was given), and the total.
    Without a point the database pages; with one, the box's candidates are measured here."""
    found = _found(session, query)
    if query.near is None:
        counted = found.order_by(None).limit(TOTAL_CAP + 1).subquery()
        total = session.scalar(select(func.count()).select_from(counted)) or 0
        page = found.limit(query.per_page).offset((query.page - 1) * query.per_page)
        return _found_page([_hit(row, None) for row in session.execute(page)], total)
    hits = [hit for hit in (_hit(row, query.near) for row in session.execute(found)) if _within(hit, query.radius_km)]
    if not query.words.strip():
        hits.sort(key=lambda hit: (hit.distance_km, hit.key))
    start = (query.page - 1) * query.per_page
    return _found_page(hits[start : start + query.per_page], len(hits))


def _found_page(hits: list[Hit], total: int) -> Found:
    return Found(hits, min(total, TOTAL_CAP), total > TOTAL_CAP)


def _found(session: Session, query: Query) -> Select[Any]:
    ranked = matches(session, query.words, query.language)
    columns = (SearchEntry.key, SearchEntry.latitude, SearchEntry.longitude)
    best = literal_column("rank", Float).desc()
    if ranked is None:
        wanted = filters(session, query)
        return select(*columns, literal(0.0).label("rank")).where(*wanted).order_by(best, SearchEntry.key)
    if not holds_inactive(session):  # PostgreSQL's searched table: the active entries, the filters' columns
        searched = SEARCHED.c
        found = ranked.add_columns(searched.latitude, searched.longitude)
        return found.where(*narrowing(session, query, searched)).order_by(best, searched.key)
    words = ranked.subquery()
    found = select(*columns, words.c.rank).join(words, words.c.key == SearchEntry.key)
    return found.where(*filters(session, query)).order_by(best, SearchEntry.key)


def _within(hit: Hit, radius_km: float) -> bool:
    return hit.distance_km is not None and hit.distance_km <= radius_km


def _hit(row: Any, near: tuple[float, float] | None) -> Hit:
    placed = near is not None and row.latitude is not None and row.longitude is not None
    distance = distance_km(near, (row.latitude, row.longitude)) if placed and near else None
    return Hit(row.key, float(row.rank), distance)
