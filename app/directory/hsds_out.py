"""Directory rows as HSDS 3.1 JSON objects, in English or French. A model's columns are named as
HSDS names its fields, so an object is its row's columns, less our bookkeeping (`updated_at`) and
the French twins (`<field>_fr`), which stand in for their English field when French is asked for
and they have a value. The schemas type every field as a string or a number, never null, so an
empty field is left out; a value the schema's type or format cannot take is left out too (a phone
extension or a timezone that is not a number, a link that is not a URI) rather than sent invalid."""

from __future__ import annotations

import math
import re
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import inspect

from app.directory.details import Phone
from app.directory.models import Organization, Service
from app.directory.terms import Taxonomy, TaxonomyTerm
from app.models.base import Base

LANGUAGES = ("en", "fr")
OURS = frozenset({"updated_at"})
URIS = frozenset({"url", "website", "uri", "schedule_link", "term_uri"})  # format: uri in the schemas
EMAILS = frozenset({"email", "assurer_email"})
NUMBERS = frozenset({"extension", "timezone"})  # text here, numbers in HSDS 3.1
_LEADING_ZERO = re.compile(r"[+-]?0[0-9]")


def fields(row: Base, lang: str) -> dict[str, Any]:
    """The row's HSDS fields in `lang` (`en` or `fr`)."""
    values = ((name, _conform(name, _localized(row, name, lang))) for name in _names(type(row)))
    return {name: value for name, value in values if value is not None}


def organization(row: Organization, lang: str) -> dict[str, Any]:
    """HSDS requires a description; ours may have none."""
    return {"description": "", **fields(row, lang)}


def service(row: Service, lang: str, owner: Organization | None = None) -> dict[str, Any]:
    """A service's own fields and, when given, its organization's. `last_modified` is the source's
    when it says one (with its zone), else when the record last changed here."""
    found = {**fields(row, lang), "last_modified": _moment(row.last_modified) or row.updated_at.isoformat()}
    return {**found, "organization": organization(owner, lang)} if owner is not None else found


def term(row: TaxonomyTerm, lang: str, taxonomy: Taxonomy | None) -> dict[str, Any]:
    found = fields(row, lang)
    return {**found, "taxonomy_detail": fields(taxonomy, lang)} if taxonomy is not None else found


def phone(row: Phone, lang: str, languages: list[dict[str, Any]]) -> dict[str, Any]:
    """An extension that is no number (HSDS wants one) stays with the number, so it is not lost."""
    found = {**fields(row, lang), "languages": languages}
    if row.extension and "extension" not in found:
        found["number"] = f"{row.number} ext. {row.extension}"
    return found


def page(contents: list[dict[str, Any]], total: int, number: int, per_page: int) -> dict[str, Any]:
    """openapi.json's `Page` around `contents`; `size` is the number of items on this page."""
    pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    }


@cache
def _names(model: type[Base]) -> tuple[str, ...]:
    names = (column.key for column in inspect(model).column_attrs)
    return tuple(name for name in names if not name.endswith("_fr") and name not in OURS)


def _localized(row: Base, name: str, lang: str) -> Any:
    english = getattr(row, name)
    return (getattr(row, f"{name}_fr", None) or english) if lang == "fr" else english


def _conform(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in NUMBERS:
        return _number(value)
    if name in URIS:
        return value if _is_uri(value) else None
    if name in EMAILS:
        return value if "@" in value else None
    return value


def _number(text: str) -> float | int | None:
    """None for what is not a number, or not one faithfully (extension `0123` is no 123)."""
    if _LEADING_ZERO.match(text.strip()):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value


def _is_uri(text: str) -> bool:
    """Absolute, with a scheme and a host (what a link in a directory is), and no spaces."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return bool(parts.scheme and parts.netloc) and not any(char.isspace() for char in text)


def _moment(text: str | None) -> str | None:
    """An RFC 3339 date-time from the source's text; None when it is not one with a zone."""
    try:
        moment = datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return moment.isoformat() if moment.tzinfo is not None else None
