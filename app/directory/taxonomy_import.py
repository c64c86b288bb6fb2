"""A taxonomy from a CSV file, whatever its holder calls the columns: Open Eligibility (the
default, `id,parent_id,...,name,description`), Ohana's flattening of it (`taxonomy_id,name,
parent_id`), or a licensed 211 taxonomy (`code,name,definition,parent_code`, AIRS codes such as
`BD-1800.2000`). Optional `name_fr` / `description_fr` columns give the French."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.directory.importing import Record, Report, Store, run
from app.directory.source_rows import Fields, RowProblem, csv_rows
from app.directory.terms import Taxonomy, TaxonomyTerm

CODE_COLUMNS = ("code", "taxonomy_id", "id")
PARENT_COLUMNS = ("parent_code", "parent_id", "parent")
DESCRIPTION_COLUMNS = ("description", "definition")
OPEN_ELIGIBILITY = {"id": "open-eligibility", "name": "Open Eligibility", "version": "2.0"}


def _first(fields: Fields, names: tuple[str, ...]) -> str | None:
    return next((value for name in names if (value := fields.text(name))), None)


def term_id(taxonomy_id: str, code: str) -> str:
    """Terms are keyed by taxonomy and code, so two taxonomies' codes never collide."""
    return f"{taxonomy_id}:{code}"


def import_csv(session: Session, path: Path, taxonomy: dict[str, str], report: Report) -> Report:
    """Load `path` as the terms of `taxonomy` ({id, name, version, description})."""
    values = {"description": taxonomy.get("description") or taxonomy["name"], **taxonomy}
    store = Store(session, report)
    store.put(Taxonomy, {key: values.get(key) for key in ("id", "name", "description", "version")})
    store.write()

    seen: set[str] = set()

    def records(fields: Fields, store: Store) -> list[Record]:
        code = _first(fields, CODE_COLUMNS)
        if code is None:
            raise RowProblem("code", "is required (a column named code, taxonomy_id or id)")
        if code in seen:
            raise RowProblem("code", f"{code} appears twice in the file; the first is kept")
        seen.add(code)
        parent = _first(fields, PARENT_COLUMNS)
        term = {
            "id": term_id(taxonomy["id"], code),
            "code": code,
            "name": fields.required("name"),
            "name_fr": fields.text("name_fr"),
            "description": _first(fields, DESCRIPTION_COLUMNS) or "",
            "description_fr": fields.text("description_fr"),
            "parent_id": term_id(taxonomy["id"], parent) if parent else None,
            "taxonomy": taxonomy["name"],
            "taxonomy_id": taxonomy["id"],
            "language": "en",
        }
        return [(TaxonomyTerm, term)]

    return run(session, csv_rows(path), records, report, label=path.name)
