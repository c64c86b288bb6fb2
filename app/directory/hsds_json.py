"""HSDS 3.1 JSON (what an HSDS API returns) into the same `hsds_` tables as the tabular package.
A file holds one object (a service as in `service_full.json`, an organization, a location or a
service_at_location) or a list response, `{"contents": [...]}`, of them. Each top-level object is
one source row: its nested objects are flattened into rows of their tables, linked to the object
they are nested in when they do not say so themselves, and mapped by the tabular importer's
`record`. A problem anywhere refuses the whole object and names the nested field
(`service_at_locations[0].location.addresses[0].city`). A phone or location nested in several places is
one row carrying every link, written parents first (a re-import changes nothing). Tables not kept are skipped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from app.directory.hsds_tabular import TABLES, Exists, record
from app.directory.importing import Problem, Record, Report, Store, run
from app.directory.source_rows import Fields, RowProblem, SourceRow
from app.models.base import Base

# A key of an HSDS object -> the table of the object(s) it holds.
NESTED = {
    "organization": "organization",
    "services": "service",
    "service": "service",
    "locations": "location",
    "location": "location",
    "service_at_locations": "service_at_location",
    "addresses": "address",
    "phones": "phone",
    "schedules": "schedule",
    "languages": "language",
    "service_areas": "service_area",
    "accessibility": "accessibility",
    "attributes": "attribute",
    "taxonomy_term": "taxonomy_term",
    "taxonomy_detail": "taxonomy",
}
# What a top-level object is: the first table whose marks it carries.
MARKS = (
    ("service_at_location", {"service", "location"}),
    ("service", {"status", "organization", "service_at_locations"}),
    ("location", {"location_type", "latitude", "longitude", "addresses", "transportation"}),
    ("organization", {"services", "locations", "website", "email", "tax_status", "year_incorporated"}),
)


@dataclass
class _Node:
    table: str
    values: dict[str, str]
    path: str  # where it is nested, as a prefix for its field names


def import_file(session: Session, path: Path, report: Report) -> Report:
    """Import every object of the HSDS JSON file `path`."""
    objects = _objects(path, report)
    rows = [SourceRow(path.name, number, _scalars(item)) for number, item in enumerate(objects, start=1)]

    def records(fields: Fields, store: Store) -> list[Record]:
        return _records(objects[fields.row.number - 1], fields.row, store)

    return run(session, rows, records, report, label=path.name)


def _objects(path: Path, report: Report) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as error:
        report.problems.append(Problem(path.name, 0, "json", f"cannot be read ({error})"))
        return []
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    return data if isinstance(data, list) else [data]


def _records(item: Any, row: SourceRow, store: Store) -> list[Record]:
    nodes: list[_Node] = []
    _walk(item, _table_of(item), "", nodes)
    known = {(TABLES[node.table], node.values.get("id")) for node in nodes}

    def exists(model: type[Base], record_id: str) -> bool:
        return (model, record_id) in known or store.exists(model, record_id)

    return _merged([_record(node, row, exists) for node in nodes])


def _table_of(item: Any) -> str:
    if not isinstance(item, dict):
        raise RowProblem("object", "is not a JSON object")
    table = next((table for table, marks in MARKS if marks & item.keys()), None)
    if table is None:
        raise RowProblem("object", "is not an HSDS service, organization, location or service_at_location")
    return table


def _walk(item: dict[str, Any], table: str, path: str, nodes: list[_Node]) -> _Node:
    node = _Node(table, _scalars(item), path)
    nodes.append(node)
    for key, child_path, child in _children(item, path):
        _link(node, _walk(child, NESTED[key], child_path, nodes))
    return node


def _children(item: dict[str, Any], path: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for key, value in item.items():
        if key in NESTED and isinstance(value, dict):
            yield key, f"{path}{key}.", value
        elif key in NESTED and isinstance(value, list):
            yield from ((key, f"{path}{key}[{i}].", child) for i, child in enumerate(value) if isinstance(child, dict))


def _link(parent: _Node, child: _Node) -> None:
    """Say in the rows what the nesting says: a phone in a service is that service's phone, the
    organization in a service is the one the service belongs to."""
    if child.table == "attribute":
        _fill(child.values, "link_id", parent.values.get("id"))
        _fill(child.values, "link_entity", parent.table)
    elif f"{parent.table}_id" in inspect(TABLES[child.table]).columns:
        _fill(child.values, f"{parent.table}_id", parent.values.get("id"))
    elif f"{child.table}_id" in inspect(TABLES[parent.table]).columns:
        _fill(parent.values, f"{child.table}_id", child.values.get("id"))


def _fill(values: dict[str, str], name: str, value: str | None) -> None:
    if value and not values.get(name):
        values[name] = value


def _record(node: _Node, row: SourceRow, exists: Exists) -> Record:
    try:
        return record(TABLES[node.table], Fields(SourceRow(row.file, row.number, node.values)), exists)
    except RowProblem as problem:
        raise RowProblem(node.path + problem.field, problem.reason) from None


def _merged(records: list[Record]) -> list[Record]:
    """One record per row (copies merged), parents' tables first."""
    merged: dict[tuple[type[Base], Any], dict[str, Any]] = {}
    for model, values in records:
        merged.setdefault((model, values["id"]), {}).update(values)
    order = list(TABLES.values())
    return sorted(((model, values) for (model, _), values in merged.items()), key=lambda r: order.index(r[0]))


def _scalars(item: Any) -> dict[str, str]:
    if not isinstance(item, dict):
        return {}
    return {key: _text(value) for key, value in item.items() if not isinstance(value, dict | list)}


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else str(value)
