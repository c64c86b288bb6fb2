"""Every CSV the application produces goes through here: a cell someone typed (a municipality, a
term's name, a note) is shown by a spreadsheet, never run. A text cell that starts with `=`, `+`,
`-`, `@`, a tab or a carriage return gets a leading apostrophe (OWASP's advice on CSV
injection); numbers are written as they are."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def rows_csv(rows: Iterable[Sequence[object]]) -> str:
    """The rows as CSV text (CRLF line ends, RFC 4180), every cell through `cell`."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([cell(value) for value in row] for row in rows)
    return out.getvalue()
