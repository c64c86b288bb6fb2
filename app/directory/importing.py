"""What every directory import shares: rows read from a source are mapped to records (a model
and its column values), each record is stored by its id (inserted, updated when a value differs,
left alone when none does: importing the same data again changes nothing), and a row that
cannot be taken is reported (file, row, field, reason) without stopping the others."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.directory.corrections import Corrections
from app.directory.source_rows import Fields, RowProblem, SourceRow
from app.models.base import Base, utcnow

Record = tuple[type[Base], dict[str, Any]]


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    field: str
    reason: str


def _quietly(rows: list[SourceRow], label: str) -> Iterable[SourceRow]:
    return rows


@dataclass
class Report:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    corrections_kept: int = 0  # fields corrected by an administrator, kept against the source (corrections.py)
    problems: list[Problem] = field(default_factory=list)
    # Wraps each file's rows as they are taken (the CLI shows a progress bar with it).
    follow: Callable[[list[SourceRow], str], Iterable[SourceRow]] = _quietly

    def summary(self) -> str:
        counts = f"{self.inserted} added, {self.updated} updated, {self.unchanged} unchanged"
        kept = f", {self.corrections_kept} local corrections kept" if self.corrections_kept else ""
        return f"{counts}{kept}, {len(self.problems)} rows refused"


class Store:
    """Records written by id into the caller's session. The ids each table holds are read once, so
    a new record needs no query to be found new; new records wait, and are inserted table by table
    (`write`): before one of them is read back, and at the end. A record the import meets again
    while it waits is compared with what waits. A SELECT and a flush per record were most of an
    import's time."""

    def __init__(self, session: Session, report: Report) -> None:
        self.session, self.report = session, report
        self.corrections: Corrections | None = None  # read when a first existing record is compared
        self._known: dict[type[Base], set[str]] = {}  # ids stored, or added by this import
        self._waiting: dict[tuple[type[Base], str], dict[str, Any]] = {}  # added, not written yet

    def exists(self, model: type[Base], record_id: str | None) -> bool:
        """Stored, or added by this import (no query)."""
        return record_id is not None and record_id in self._ids(model)

    def get(self, model: type[Base], record_id: str) -> Any:
        """The stored record, or None (without a query for an id never seen)."""
        if record_id not in self._ids(model):
            return None
        if (model, record_id) in self._waiting:
            self.write()
        return self.session.get(model, record_id)

    def write(self) -> None:
        """Insert the records added since the last write, table by table (parents first), each
        table's in the order they came, a run of records with the same fields in one statement. A
        source's rows alternate tables (an organization, its service, its location...): taken in
        their order, nearly every statement held one record."""
        order = _parents_first()
        by_table = sorted(self._waiting.items(), key=lambda item: order[item[0][0].__tablename__])
        for (model, _), same in groupby(by_table, key=lambda item: (item[0][0], frozenset(item[1]))):
            self.session.execute(insert(model.__table__), [values for _, values in same])
        self._waiting = {}

    def put(self, model: type[Base], values: dict[str, Any]) -> None:
        waiting = self._waiting.get((model, values["id"]))
        if waiting is not None:
            self._count({name: value for name, value in values.items() if waiting.get(name) != value})
            waiting.update(values)
            return
        existing = self.get(model, values["id"])
        if existing is None:
            self._waiting[model, values["id"]] = dict(values)
            self._known[model].add(values["id"])
            self.report.inserted += 1
            return
        differing = {name: value for name, value in values.items() if getattr(existing, name) != value}
        self.corrections = self.corrections or Corrections(self.session)
        changed = {n: v for n, v in differing.items() if not self.corrections.keeps(model, values["id"], n, v)}
        self.report.corrections_kept += len(differing) - len(changed)
        for name, value in changed.items():
            setattr(existing, name, value)
        if changed and hasattr(existing, "updated_at"):
            existing.updated_at = utcnow()
        self._count(changed)

    def _ids(self, model: type[Base]) -> set[str]:
        if model not in self._known:
            self._known[model] = set(self.session.scalars(select(model.id)))  # type: ignore[attr-defined]
        return self._known[model]

    def _count(self, changed: dict[str, Any]) -> None:
        self.report.updated += bool(changed)
        self.report.unchanged += not changed


@cache
def _parents_first() -> dict[str, int]:
    """Each table's place in an order where a table comes after those it refers to."""
    return {table.name: n for n, table in enumerate(Base.metadata.sorted_tables)}


def run(
    session: Session,
    rows: Iterable[SourceRow],
    to_records: Callable[[Fields, Store], list[Record]],
    report: Report,
    label: str = "",
) -> Report:
    """Map and store every row; a refused row leaves nothing of itself behind: it is refused while
    it is mapped, before any of its records is stored."""
    store = Store(session, report)
    for row in report.follow(list(rows), label):
        try:
            records = list(to_records(Fields(row), store))
        except RowProblem as problem:
            report.problems.append(Problem(row.file, row.number, problem.field, problem.reason))
            continue
        for model, values in records:
            store.put(model, values)
    store.write()
    return report
