"""A table of counts as planners read it: rows by columns, with row totals, column totals and a
grand total. The totals are entries of the table like the cells, because suppression decides
over both: a total can give a cell away, and a total can be small itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# (row, column). Row len(rows) is the totals row, column len(columns) the totals column: (R, C)
# is the grand total.
Entry = tuple[int, int]


@dataclass(frozen=True)
class Line:
    """A row or a column: its key (a term id, an area, a status) and what people read."""

    key: str
    label: str
    label_fr: str | None = None


@dataclass(frozen=True)
class Counts:
    rows: tuple[Line, ...]
    columns: tuple[Line, ...]
    cells: tuple[tuple[int, ...], ...]  # cells[row][column]

    @classmethod
    def of(cls, rows: Iterable[Line], columns: Iterable[Line], found: Mapping[tuple[str, str], int]) -> Counts:
        """From counts by (row key, column key); a pair not found counts 0."""
        rows, columns = tuple(rows), tuple(columns)
        cells = tuple(tuple(found.get((r.key, c.key), 0) for c in columns) for r in rows)
        return cls(rows, columns, cells)

    @property
    def shape(self) -> tuple[int, int]:
        """(R, C): the number of rows and columns without the totals."""
        return len(self.rows), len(self.columns)

    def values(self) -> dict[Entry, int]:
        """Every entry, the totals included."""
        rows, columns = self.shape
        found = {(i, j): n for i, row in enumerate(self.cells) for j, n in enumerate(row)}
        for i, row in enumerate(self.cells):
            found[i, columns] = sum(row)
        for j in range(columns):
            found[rows, j] = sum(row[j] for row in self.cells)
        found[rows, columns] = sum(sum(row) for row in self.cells)
        return found

    def row_index(self, key: str) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.key == key), None)

    def column_index(self, key: str) -> int | None:
        return next((j for j, column in enumerate(self.columns) if column.key == key), None)


@dataclass(frozen=True)
class Shown:
    """A table as it may be shown: its counts and the entries suppressed."""

    counts: Counts
    hidden: frozenset[Entry]

    def lines(self) -> list[tuple[Line | None, list[int | None], int | None]]:
        """(row, cells, total) for each row, then (None, column totals, grand total)."""
        rows, columns = self.counts.shape
        values = self.counts.values()

        def shown(entry: Entry) -> int | None:
            return None if entry in self.hidden else values[entry]

        found: list[tuple[Line | None, list[int | None], int | None]] = []
        for i, row in [*enumerate(self.counts.rows), (rows, None)]:
            found.append((row, [shown((i, j)) for j in range(columns)], shown((i, columns))))
        return found
