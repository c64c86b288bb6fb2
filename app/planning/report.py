"""The planning report of a period: each table counted (app.planning.needs), laid out with its
rows and columns, and suppressed together with the tables it shares figures with. A single table
is always cut from the whole report, so what a table hides never depends on how it was asked
for."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.i18n.words import N_
from app.planning import areas, needs
from app.planning.suppression import Link, suppress_linked
from app.planning.tables import Counts, Line, Shown
from app.reports.periods import Period
from app.wrapup import vocabulary

Pair = tuple[str | None, str | None]
Found = needs.Found
Regroup = Callable[[str, str, str | None, str | None], Pair | None]  # a need group's new key

OPEN = "open"
FOLLOW_UP_COLUMN = Line("follow_ups", N_("Follow-ups"))
NOT_RECORDED = "not_recorded"
# Names and titles stay English in the JSON and the CSV; /planning shows them translated (N_).
LABELS = {"met": N_("Met"), "partially_met": N_("Partially met"), "unmet": N_("Unmet"),
          OPEN: N_("Open (not closed yet)"), NOT_RECORDED: N_("Not recorded"),
          "partly_met": N_("Partly met"), "not_met": N_("Not met")}  # fmt: skip


@dataclass(frozen=True)
class Spec:
    title: str
    rows: str  # what a row is
    counts: str  # what a count is


SPECS = {
    "by_term": Spec(N_("Needs by taxonomy term and status"), N_("Taxonomy term"), N_("needs")),
    "unmet_reasons": Spec(N_("Unmet needs by taxonomy term and reason"), N_("Taxonomy term"), N_("unmet needs")),
    "by_area": Spec(N_("Needs by area and status"), N_("Area"), N_("needs")),
    "referrals": Spec(N_("Referrals by need term and kind"), N_("Taxonomy term"), N_("referrals under each need")),
    "follow_ups": Spec(N_("Follow-ups by outcome"), N_("Outcome"), N_("follow-ups")),
}


@dataclass(frozen=True)
class Report:
    period: Period
    tables: dict[str, Shown]  # in the order of SPECS


def build(session: Session, period: Period, reasons: Sequence[str]) -> Report:
    """Every table of the period, suppressed. `reasons`: the unmet reasons configured, in order."""
    counted = tables(session, period, reasons)
    hidden = suppress_linked(counted, links(counted))
    return Report(period, {name: Shown(counted[name], hidden[name]) for name in SPECS})


def tables(session: Session, period: Period, reasons: Sequence[str]) -> dict[str, Counts]:
    """Each table's counts, before suppression."""
    grouped = needs.needs(session, period)
    by_term = _sum(grouped, lambda term, status, reason, area: (term, status))
    unmet = _sum(grouped, lambda term, status, reason, area: (term, reason) if status == "unmet" else None)
    by_area, area_labels = areas.fold(_sum(grouped, lambda term, status, reason, area: (area, status)))
    referrals = needs.referrals_by_term_and_kind(session, period)
    names = needs.term_names(session, (term for term, _ in [*by_term, *referrals] if term))
    statuses = _columns(vocabulary.NEED_STATUSES, (status for _, status in by_term))
    kinds = _columns(vocabulary.REFERRAL_KINDS, (kind for _, kind in referrals))
    return {
        "by_term": Counts.of(_terms(by_term, names), statuses, _keyed(by_term)),
        "unmet_reasons": Counts.of(_terms(unmet, names), _columns(reasons, (r for _, r in unmet)), _keyed(unmet)),
        "by_area": Counts.of(_areas(area_labels), statuses, by_area),
        "referrals": Counts.of(_terms(referrals, names), kinds, _keyed(referrals)),
        "follow_ups": _follow_ups(needs.follow_ups_by_outcome(session, period)),
    }


def _sum(grouped: Mapping[needs.NeedGroup, int], key: Regroup) -> Found:
    """The needs summed by `key` of (term, status, reason, area); None leaves a group out."""
    found: defaultdict[Pair, int] = defaultdict(int)
    for group, n in grouped.items():
        if (pair := key(*group)) is not None:
            found[pair] += n
    return dict(found)


def _follow_ups(found: Mapping[str | None, int]) -> Counts:
    """One column: the follow-ups of each outcome, every outcome listed; open ones last."""
    counted = {(outcome or OPEN, FOLLOW_UP_COLUMN.key): n for outcome, n in found.items()}
    rows = _columns([*vocabulary.FOLLOW_UP_OUTCOMES, OPEN], (outcome or OPEN for outcome in found))
    return Counts.of(rows, [FOLLOW_UP_COLUMN], counted)


def links(counted: Mapping[str, Counts]) -> list[Link]:
    """The figures shown twice: the needs by status (and all needs) of the term table and the area
    table; a term's unmet needs and its total in the reasons table (and all unmet needs)."""
    terms, reasons, by_area = counted["by_term"], counted["unmet_reasons"], counted["by_area"]
    (rows, columns), (area_rows, _) = terms.shape, by_area.shape
    found: list[Link] = [(("by_term", (rows, j)), ("by_area", (area_rows, j))) for j in range(columns + 1)]
    unmet = terms.column_index("unmet")
    reason_rows, reason_columns = reasons.shape
    if unmet is not None:
        found.append((("by_term", (rows, unmet)), ("unmet_reasons", (reason_rows, reason_columns))))
        for i, row in enumerate(reasons.rows):
            term_row = terms.row_index(row.key)
            if term_row is not None:
                found.append((("by_term", (term_row, unmet)), ("unmet_reasons", (i, reason_columns))))
    return found


def label(key: str) -> str:
    """A vocabulary key as people read it: partially_met -> Partially met."""
    return LABELS.get(key) or key.replace("_", " ").capitalize()


def _key(value: str | None) -> str:
    return value if value else NOT_RECORDED


def _keyed(found: Found) -> dict[tuple[str, str], int]:
    return {(_key(row), _key(column)): n for (row, column), n in found.items()}


def _columns(known: Iterable[str], found: Iterable[str | None]) -> list[Line]:
    """The known keys in their order, then any other found (a retired reason), by name."""
    known = list(known)
    extra = sorted({_key(key) for key in found} - set(known))
    return [Line(key, label(key)) for key in [*known, *extra]]


def _terms(found: Found, names: Mapping[str, tuple[str, str | None]]) -> list[Line]:
    """The terms found, by English name."""
    lines = {Line(term, *names.get(term, (term, None))) for term in (_key(t) for t, _ in found)}
    return sorted(lines, key=lambda line: (line.label.casefold(), line.key))


def _areas(labels: Mapping[str, str]) -> list[Line]:
    """The areas by name; not recorded last."""
    lines = [Line(key, name) for key, name in labels.items()]
    return sorted(lines, key=lambda line: (line.key == areas.NOT_RECORDED, line.label.casefold(), line.key))
