"""A source's rows as a directory import reads them: each row with its file and number, its fields
read as the directory needs them, and RowProblem, which names the field that makes a row
unusable (the import reports it and goes on)."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path


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
