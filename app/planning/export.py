"""A suppressed table as JSON (a suppressed count is null) and as CSV (a suppressed count is
MARK, "x": not "<5", which would be untrue of the counts hidden to protect a small one, and marking
the two differently would say which ones are small)."""

from __future__ import annotations

from typing import Any

from app import csv_export
from app.planning.report import SPECS, Report
from app.planning.suppression import MARK, THRESHOLD
from app.planning.tables import Shown


def report_json(report: Report, only: str | None = None) -> dict[str, Any]:
    """The period, the rule, and every table (or only the one named)."""
    names = [only] if only else list(report.tables)
    found: dict[str, Any] = {"period": report.period.shown(), "threshold": THRESHOLD}
    found["tables"] = {name: table_json(name, report.tables[name]) for name in names}
    return found


def table_json(name: str, shown: Shown) -> dict[str, Any]:
    columns = shown.counts.columns
    rows = []
    for row, cells, total in shown.lines():
        counts = {column.key: n for column, n in zip(columns, cells, strict=True)}
        if row is None:
            totals = {"counts": counts, "total": total}
        else:
            rows.append({"key": row.key, "label": row.label, "label_fr": row.label_fr, "counts": counts,
                         "total": total})  # fmt: skip
    spec = SPECS[name]
    return {"title": spec.title, "rows_are": spec.rows, "counts_are": spec.counts,
            "columns": [{"key": c.key, "label": c.label} for c in columns], "rows": rows, "totals": totals}  # fmt: skip


def table_csv(name: str, shown: Shown) -> str:
    """A header (key, the rows' name, each column's key, total), each row, then the totals row.
    A table of one column has no total column (it would repeat the column)."""
    single = len(shown.counts.columns) == 1
    heading = [c.key for c in shown.counts.columns] + ([] if single else ["total"])
    lines: list[list[object]] = [["key", SPECS[name].rows.lower(), *heading]]
    for row, cells, total in shown.lines():
        key, label = (row.key, row.label) if row else ("total", "Total")
        lines.append([key, label, *map(_count, cells), *([] if single else [_count(total)])])
    return csv_export.rows_csv(lines)


def _count(n: int | None) -> str:
    return MARK if n is None else str(n)
