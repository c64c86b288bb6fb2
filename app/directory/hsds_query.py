"""What the HSDS 3.1 list endpoints read from the query string (openapi.json's parameters): the
language, the page, and each list's filters, as SQL. A value that cannot be read is refused
(InvalidRequest, a 400) rather than ignored, so a caller never takes an unfiltered list for a
filtered one. `search` is a plain case-insensitive match on names and descriptions in either
language."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.directory.hsds_out import LANGUAGES
from app.directory.models import Organization, Service
from app.directory.terms import Attribute, Taxonomy, TaxonomyTerm
from app.errors import InvalidRequest
from app.models.base import Base

Args = Mapping[str, str]
Filter = Callable[[str], ColumnElement[bool]]
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
_WHOLE = re.compile(r"[0-9]{1,9}")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_SEARCHED = ("name", "name_fr", "description", "description_fr")


@dataclass(frozen=True)
class Paging:
    number: int
    per_page: int


def language(args: Args) -> str:
    lang = text(args, "lang") or "en"
    if lang not in LANGUAGES:
        raise InvalidRequest(f"lang is one of {', '.join(LANGUAGES)}")
    return lang


def paging(args: Args) -> Paging:
    """`page` from 1; `per_page` from 1, more than MAX_PER_PAGE is taken as MAX_PER_PAGE."""
    return Paging(_whole(args, "page", 1), min(_whole(args, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE))


def flag(args: Args, name: str) -> bool:
    value = (text(args, name) or "false").lower()
    if value not in _BOOLEANS:
        raise InvalidRequest(f"{name} is true or false")
    return _BOOLEANS[value]


def text(args: Args, name: str) -> str | None:
    """A parameter's text; PostgreSQL text cannot hold a NUL, so one is refused here."""
    value = args.get(name)
    if value is not None and "\x00" in value:
        raise InvalidRequest(f"{name} holds a NUL character")
    return value


def fetch(session: Session, query: Select[Any], paging: Paging) -> tuple[Sequence[Any], int]:
    """One page of the query's rows, and how many rows there are in all."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.scalars(query.limit(paging.per_page).offset((paging.number - 1) * paging.per_page)).all()
    return rows, total


def services(args: Args, lang: str) -> Select[Any]:
    return _filtered(Service, _SERVICE_FILTERS, args, lang)


def organizations(args: Args, lang: str) -> Select[Any]:
    return _filtered(Organization, _ORGANIZATION_FILTERS, args, lang)


def taxonomies(args: Args, lang: str) -> Select[Any]:
    return _filtered(Taxonomy, {"search": _search(Taxonomy)}, args, lang)


def terms(args: Args, lang: str) -> Select[Any]:
    query = _filtered(TaxonomyTerm, _TERM_FILTERS, args, lang)
    return query.where(_top_level()) if flag(args, "top_only") else query


def _filtered(model: type[Base], filters: dict[str, Filter], args: Args, lang: str) -> Select[Any]:
    query = select(model)
    for name, clause in filters.items():
        if (value := text(args, name)) is not None:
            query = query.where(clause(value))
    return query.order_by(*_order(model, lang))


def _order(model: Any, lang: str) -> tuple[Any, ...]:
    """By name in the language asked for, then id, so pages do not overlap."""
    name = func.coalesce(model.name_fr, model.name) if lang == "fr" and hasattr(model, "name_fr") else model.name
    return name, model.id


def _whole(args: Args, name: str, default: int) -> int:
    value = text(args, name)
    if value is None:
        return default
    if not _WHOLE.fullmatch(value) or int(value) < 1:
        raise InvalidRequest(f"{name} is a whole number from 1")
    return int(value)


def _search(model: Any) -> Filter:
    columns = [getattr(model, name) for name in _SEARCHED if hasattr(model, name)]
    return lambda words: or_(*(column.icontains(words, autoescape=True) for column in columns))


def _tagged(model: Any, entity: str, term: ColumnElement[bool]) -> ColumnElement[bool]:
    """The record has an attribute (`link_entity` its HSDS table) whose term matches `term`."""
    tag = select(Attribute.id).where(Attribute.link_entity == entity, Attribute.link_id == model.id, term)
    return exists(tag)


def _in_taxonomy(taxonomy_id: str) -> ColumnElement[bool]:
    return Attribute.taxonomy_term_id.in_(select(TaxonomyTerm.id).where(TaxonomyTerm.taxonomy_id == taxonomy_id))


def _modified_after(value: str) -> ColumnElement[bool]:
    """Changed here (`updated_at`) at or after an ISO 8601 moment; one without a zone is UTC."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidRequest("modified_after is an ISO 8601 date-time, such as 2024-01-31T00:00:00Z") from None
    return Service.updated_at >= (moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def _top_level() -> ColumnElement[bool]:
    """No parent, or one that is not in the directory (a term whose parent was never imported)."""
    parent = aliased(TaxonomyTerm)
    return ~exists(select(parent.id).where(parent.id == TaxonomyTerm.parent_id))


_SERVICE_FILTERS: dict[str, Filter] = {
    "search": _search(Service),
    "organization_id": lambda value: Service.organization_id == value,
    "taxonomy_term_id": lambda value: _tagged(Service, "service", Attribute.taxonomy_term_id == value),
    "taxonomy_id": lambda value: _tagged(Service, "service", _in_taxonomy(value)),
    "modified_after": _modified_after,
}
_ORGANIZATION_FILTERS: dict[str, Filter] = {
    "search": _search(Organization),
    "taxonomy_term_id": lambda value: _tagged(Organization, "organization", Attribute.taxonomy_term_id == value),
    "taxonomy_id": lambda value: _tagged(Organization, "organization", _in_taxonomy(value)),
}
_TERM_FILTERS: dict[str, Filter] = {
    "search": _search(TaxonomyTerm),
    "taxonomy_id": lambda value: TaxonomyTerm.taxonomy_id == value,
    "parent_id": lambda value: TaxonomyTerm.parent_id == value,
}
