"""The page's bar chart of unmet needs by taxonomy term, laid out here and drawn by the template as
inline SVG (no script: the page keeps to the Content Security Policy). Bars are sorted by count;
suppressed counts get no bar and come last, by name, so the order does not hint at them."""

from __future__ import annotations

from dataclasses import dataclass

from app.planning.tables import Line, Shown

MOST_BARS = 20
WIDTH, LABEL_WIDTH, BAR_SPACE, ROW_HEIGHT = 640, 240, 340, 26
LABEL_CHARS = 34


@dataclass(frozen=True)
class Bar:
    label: str  # shortened to fit; `title` is the whole name
    title: str
    value: int | None  # None: suppressed
    y: int
    width: int


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    height: int
    left_out: int  # terms with unmet needs not drawn (beyond MOST_BARS)
    width: int = WIDTH
    label_width: int = LABEL_WIDTH


def unmet_by_term(shown: Shown, column: str = "unmet", *, french: bool = False) -> Chart:
    """A bar per term with unmet needs (shown counts first), at most MOST_BARS; each term by its
    French name on a French page, when the directory has one."""
    index = shown.counts.column_index(column)
    lines = [(row, cells) for row, cells, _ in shown.lines() if row is not None]
    found = [(_name(row, french), cells[index]) for row, cells in lines] if index is not None else []
    drawn = sorted((c for c in found if c[1]), key=lambda c: (-(c[1] or 0), c[0].casefold()))
    drawn += sorted((c for c in found if c[1] is None), key=lambda c: c[0].casefold())
    largest = max((n or 0 for _, n in drawn), default=0) or 1
    bars = tuple(
        Bar(_short(label), label, n, 4 + k * ROW_HEIGHT, round(BAR_SPACE * (n or 0) / largest))
        for k, (label, n) in enumerate(drawn[:MOST_BARS])
    )
    return Chart(bars, 8 + len(bars) * ROW_HEIGHT, max(0, len(drawn) - MOST_BARS))


def _name(row: Line, french: bool) -> str:
    return (row.label_fr if french else None) or row.label


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"
