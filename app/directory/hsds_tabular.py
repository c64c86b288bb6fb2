"""An HSDS 3.1 tabular data package (a folder with `datapackage.json` and one CSV per table) into
the `hsds_` tables. HSDS names its columns as we do, so a CSV column maps to the model column of
the same name, and everything else follows from the model: a non-nullable column without a default
is required, Integer and Float columns are read as numbers, a String(n) column refuses longer
text, and a foreign key must name a row that exists, so a bad row is reported instead of failing
the database. Tables are read parents first; tables we do not keep (contacts, funding, urls...)
are skipped. `record` is also how the HSDS JSON importer maps its objects: one mapping for both.

Two links are optional in HSDS and stand on their own here: a location's organization and a
taxonomy term's taxonomy. When those name nothing the link is left empty and the row kept (the
location, its address and phones are still worth having); every other dangling link refuses the
row. Only columns the source has are written, so what it does not carry (a French twin added by
staff, say) survives a re-import."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Float, Integer, inspect
from sqlalchemy.orm import Session

from app.directory.details import Accessibility, Language, LocationAddress, Phone, Schedule, ServiceArea
from app.directory.importing import Problem, Record, Report, run
from app.directory.models import Location, Organization, Service, ServiceAtLocation
from app.directory.source_rows import Fields, RowProblem, csv_rows
from app.directory.terms import Attribute, Taxonomy, TaxonomyTerm
from app.models.base import Base

# HSDS table name -> our model, parents before children: every foreign key points up this list.
TABLES: dict[str, type[Base]] = {
    "organization": Organization,
    "service": Service,
    "location": Location,
    "service_at_location": ServiceAtLocation,
    "address": LocationAddress,
    "phone": Phone,
    "schedule": Schedule,
    "language": Language,
    "service_area": ServiceArea,
    "accessibility": Accessibility,
    "taxonomy": Taxonomy,
    "taxonomy_term": TaxonomyTerm,
    "attribute": Attribute,
}
OPTIONAL_LINKS = {"hsds_location.organization_id", "hsds_taxonomy_term.taxonomy_id"}
OURS = {"updated_at"}  # kept by us, never read from a source

Exists = Callable[[type[Base], str], bool]
_BY_TABLE = {model.__tablename__: model for model in TABLES.values()}


def import_package(session: Session, path: Path, report: Report) -> Report:
    """Import every table we keep from the package in folder `path`, parents first."""
    resources = _resources(path, report)
    for name, model in TABLES.items():
        for file in resources.get(name, []):
            _import_table(session, path, file, model, report)
    return report


def record(model: type[Base], fields: Fields, exists: Exists) -> Record:
    """The `model` row from a source's fields (RowProblem when one is missing, malformed or
    names a parent that `exists` does not know)."""
    values: dict[str, Any] = {}
    for column in columns(model):
        if column.name in fields.row.values or _required(column):
            value = _linked(column, _read(fields, column), exists)
            if value is not None or column.nullable:  # an empty defaulted column keeps its default
                values[column.name] = value
    return model, values


def columns(model: type[Base]) -> list[Column[Any]]:
    return [column for column in inspect(model).columns if column.name not in OURS]


def _resources(folder: Path, report: Report) -> dict[str, list[str]]:
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8-sig"))
        listed = [(item["name"], item["path"]) for item in package["resources"] if isinstance(item.get("path"), str)]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        report.problems.append(Problem("datapackage.json", 0, "resources", f"cannot be read ({error})"))
        return {}
    found: dict[str, list[str]] = {}
    for name, file in listed:
        found.setdefault(name, []).append(file)
    return found


def _import_table(session: Session, folder: Path, file: str, model: type[Base], report: Report) -> None:
    path = (folder / file).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        report.problems.append(Problem(file, 0, "path", "is listed in datapackage.json but is not in the package"))
        return
    run(session, csv_rows(path), lambda fields, store: [record(model, fields, store.exists)], report, label=path.name)


def _required(column: Column[Any]) -> bool:
    return not column.nullable and column.default is None


def _read(fields: Fields, column: Column[Any]) -> Any:
    if isinstance(column.type, Integer):
        return fields.whole(column.name)
    if isinstance(column.type, Float):
        return _finite(fields, column.name)
    return _fitting(column, fields.text(column.name, required=_required(column)))


def _finite(fields: Fields, name: str) -> float | None:
    value = fields.number(name)
    if value is not None and not math.isfinite(value):
        raise RowProblem(name, "is not a finite number")
    return value


def _fitting(column: Column[Any], value: str | None) -> str | None:
    length = getattr(column.type, "length", None)
    if value and length and len(value) > length:
        raise RowProblem(column.name, f"is longer than {length} characters")
    return value


def _linked(column: Column[Any], value: Any, exists: Exists) -> Any:
    parent = _parent(column)
    if value is None or parent is None or exists(parent, value):
        return value
    if str(column) in OPTIONAL_LINKS:
        return None
    thing = parent.__tablename__.removeprefix("hsds_").replace("_", " ")
    raise RowProblem(column.name, f"refers to no {thing} with id {value!r}")


def _parent(column: Column[Any]) -> type[Base] | None:
    tables = [key.column.table.name for key in column.foreign_keys]
    return _BY_TABLE.get(tables[0]) if tables else None
