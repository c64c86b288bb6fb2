"""What every directory import shares: rows read from a source are mapped to records (a model
and its column values), each record is stored by its id (inserted, updated when a value differs,
left alone when none does: importing the same data again changes nothing), and a row that
cannot be taken is reported (file, row, field, reason) without stopping the others."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.directory.corrections import Corrections
from app.models.base import Base, utcnow

Record = tuple[type[Base], dict[str, Any]]


class RowProblem(ValueError):
    """A row this import cannot take, and which of its fields is why."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(f"{field_name}: {reason}")
        self.field = field_name
        self.reason = reason


@dataclass(frozen=True)
class SourceRow:
    file: str
    number: int  # 1 for the first data row (after the header)
    values: Mapping[str, str]


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


def csv_rows(path: Path, encoding: str = "utf-8-sig") -> Iterator[SourceRow]:
    with path.open(newline="", encoding=encoding) as handle:
        for number, values in enumerate(csv.DictReader(handle), start=1):
            yield SourceRow(path.name, number, values)


class Fields:
    """A source row's values, read as the directory needs them; RowProblem names a bad field."""

    def __init__(self, row: SourceRow) -> None:
        self.row = row

    def text(self, name: str, *, required: bool = False) -> str | None:
        value = (self.row.values.get(name) or "").replace("\0", "").strip()
        if required and not value:
            raise RowProblem(name, "is required")
        return value or None

    def required(self, name: str) -> str:
        return self.text(name, required=True) or ""

    def number(self, name: str) -> float | None:
        raw = self.text(name)
        if raw is None:
            return None
        try:
            return float(raw)
        except ValueError:
            raise RowProblem(name, f"is not a number ({raw[:20]!r})") from None

    def whole(self, name: str) -> int | None:
        raw = self.number(name)
        if raw is not None and not raw.is_integer():
            raise RowProblem(name, "is not a whole number")
        return None if raw is None else int(raw)


class Store:
    """Records written by id into the caller's session."""

    def __init__(self, session: Session, report: Report) -> None:
        self.session, self.report = session, report
        self.corrections: Corrections | None = None  # read when a first existing record is compared

    def exists(self, model: type[Base], record_id: str | None) -> bool:
        return record_id is not None and self.session.get(model, record_id) is not None

    def put(self, model: type[Base], values: dict[str, Any]) -> None:
        existing = self.session.get(model, values["id"])
        if existing is None:
            self.session.add(model(**values))
            self.session.flush()
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
        self.report.updated += bool(changed)
        self.report.unchanged += not changed


def run(
    session: Session,
    rows: Iterable[SourceRow],
    to_records: Callable[[Fields, Store], list[Record]],
    report: Report,
    label: str = "",
) -> Report:
    """Map and store every row; a refused row leaves nothing of itself behind."""
    store = Store(session, report)
    for row in report.follow(list(rows), label):
        counts = (report.inserted, report.updated, report.unchanged)
        try:
            with session.begin_nested():
                for model, values in to_records(Fields(row), store):
                    store.put(model, values)
        except RowProblem as problem:  # its savepoint is rolled back: uncount what it wrote
            report.inserted, report.updated, report.unchanged = counts
            report.problems.append(Problem(row.file, row.number, problem.field, problem.reason))
    return report
