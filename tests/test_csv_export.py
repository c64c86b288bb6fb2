"""Every CSV the application produces shows what someone typed, never runs it (app/csv_export.py)."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from app.csv_export import FORMULA_STARTS, rows_csv


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_a_cell_a_spreadsheet_would_run_is_shown_as_text() -> None:
    typed = ['=HYPERLINK("http://evil.example")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "Sudbury", "é=mc2"]
    assert _read(rows_csv([typed]))[0] == [
        "'=HYPERLINK(\"http://evil.example\")", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "Sudbury", "é=mc2",
    ]  # fmt: skip


def test_numbers_and_missing_values_are_written_as_they_are() -> None:
    assert _read(rows_csv([[5, -1, 2.5, None]])) == [["5", "-1", "2.5", ""]]


@given(st.lists(st.lists(st.text(), min_size=1, max_size=5), max_size=5))
def test_no_text_cell_starts_a_formula_and_none_is_lost(rows: list[list[str]]) -> None:
    read = _read(rows_csv(rows))
    assert len(read) == len(rows)
    for typed, shown in zip(rows, read, strict=True):
        for value, cell in zip(typed, shown, strict=True):
            assert not cell.startswith(FORMULA_STARTS)
            assert cell in (value, "'" + value)
