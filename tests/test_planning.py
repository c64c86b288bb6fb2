"""Needs and gaps for planners (docs/planning.md). Small-cell suppression first, as pure functions:
a count from 1 to 4 is never shown, nor one that the shown counts would give away, the
complementary case included; Hypothesis then checks on arbitrary tables that no suppressed count
can be worked out from what is shown, neither by subtracting the shown cells from a shown total
nor by any combination of the table's sums (plain linear algebra, independent of the graph rule
the module uses). Then, against PostgreSQL, a known matrix of needs over two areas and three
terms: the JSON and CSV figures, small cells suppressed, the local-day boundaries (America/Toronto,
across the change to daylight time), bad input, and who may read it."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.directory.terms import TaxonomyTerm
from app.models import Contact, StaffUser
from app.planning import areas
from app.planning.suppression import THRESHOLD, suppress, suppress_linked
from app.planning.tables import Counts, Entry, Line
from app.wrapup.models import FollowUp, Need, Referral, WrapUp
from tests.conftest import PASSWORD
from tests.support.signin import form_token, post_login

TORONTO = ZoneInfo("America/Toronto")


def table(cells: list[list[int]]) -> Counts:
    rows = tuple(Line(f"r{i}", f"Row {i}") for i in range(len(cells)))
    columns = tuple(Line(f"c{j}", f"Column {j}") for j in range(len(cells[0])))
    return Counts(rows, columns, tuple(tuple(row) for row in cells))


def sums(counts: Counts) -> list[tuple[list[Entry], Entry]]:
    """Each row and column (the totals' too) as (its entries, its total)."""
    rows, columns = counts.shape
    found = [([(i, j) for j in range(columns + 1)], (i, columns)) for i in range(rows + 1)]
    return found + [([(i, j) for i in range(rows + 1)], (rows, j)) for j in range(columns + 1)]


def subtracted(counts: Counts, hidden: frozenset[Entry]) -> set[Entry]:
    """Hidden entries given away by one row or column: the only one hidden in it."""
    found = set()
    for entries, _ in sums(counts):
        unknown = [entry for entry in entries if entry in hidden]
        if len(unknown) == 1:
            found.add(unknown[0])
    return found


def determined(counts: Counts, hidden: frozenset[Entry]) -> set[Entry]:
    """Hidden entries fixed by the table's sums and the entries shown: reduce the sums' matrix over
    the hidden entries (row echelon form, exact fractions); an entry is fixed when a reduced row
    holds it alone."""
    unknowns = sorted(hidden)
    matrix = []
    for entries, total in sums(counts):
        matrix.append([Fraction(0 if e not in entries else (-1 if e == total else 1)) for e in unknowns])
    pivots: list[int] = []
    for column in range(len(unknowns)):
        at = next((k for k in range(len(pivots), len(matrix)) if matrix[k][column]), None)
        if at is None:
            continue
        row = len(pivots)
        matrix[row], matrix[at] = matrix[at], matrix[row]
        matrix[row] = [x / matrix[row][column] for x in matrix[row]]
        for k in range(len(matrix)):
            if k != row and matrix[k][column]:
                factor = matrix[k][column]
                matrix[k] = [a - factor * b for a, b in zip(matrix[k], matrix[row], strict=True)]
        pivots.append(column)
    return {unknowns[c] for k, c in enumerate(pivots) if sum(1 for x in matrix[k] if x) == 1}


def assert_safe(counts: Counts, hidden: frozenset[Entry]) -> None:
    values = counts.values()
    assert {e for e, n in values.items() if 0 < n < THRESHOLD} <= hidden  # every small count
    assert all(values[e] > 0 for e in hidden)  # zeros are shown
    assert subtracted(counts, hidden) == set()
    assert determined(counts, hidden) == set()
    for entries, total in sums(counts):  # hidden cells beside a shown total: their sum is no small count
        unknown = [e for e in entries if e in hidden]
        if unknown and total not in unknown:
            assert sum(values[e] for e in unknown) >= THRESHOLD


def test_small_cells_are_suppressed_zeros_shown() -> None:
    counts = table([[3, 4, 20, 0], [4, 3, 30, 0], [10, 10, 10, 8]])
    assert suppress(counts) == {(0, 0), (0, 1), (1, 0), (1, 1)}  # each row and column hides two
    assert_safe(counts, suppress(counts))


def test_complementary_suppression() -> None:
    counts = table([[3, 7, 9], [8, 6, 10], [12, 15, 11]])  # row totals 19, 24, 38; columns 23, 28, 30
    assert determined(counts, frozenset({(0, 0)})) == {(0, 0)}  # alone, 3 = 19 - 7 - 9
    # The 7 beside it in its row, the 8 below it in its column, then the 6 that closes the square.
    assert suppress(counts) == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_a_small_total_is_suppressed_and_protected() -> None:
    counts = table([[2, 0, 0], [0, 6, 9], [7, 8, 9]])  # row 0's total is 2
    hidden = suppress(counts)
    assert {(0, 0), (0, 3)} <= hidden
    assert_safe(counts, hidden)


def test_two_ones_beside_a_shown_total_are_not_enough() -> None:
    counts = table([[9, 1, 1], [20, 30, 40], [15, 25, 35]])  # 11 - 9 = 2: both ones, exactly
    hidden = suppress(counts)
    assert {(0, 0), (0, 1), (0, 2)} <= hidden and (0, 3) not in hidden
    assert_safe(counts, hidden)


def test_a_count_fixed_through_a_chain_of_sums_gets_a_partner() -> None:
    # Every row and column hides two or more, yet two separate cycles of hidden entries are
    # joined by one (the 6): summing rows 0 and 1 and taking columns 1 and 3 away gives it.
    counts = table([[0, 5, 6], [0, 12, 0], [12, 30, 2]])
    hidden = suppress(counts)
    assert determined(counts, hidden - {(2, 1)}) == {(0, 2)}
    assert (2, 1) in hidden  # the 30 that closes a cycle through it: the smallest that does
    assert_safe(counts, hidden)


def test_one_column_and_empty_tables() -> None:
    counts = table([[7], [15], [2], [0]])
    assert suppress(counts) == {(0, 0), (0, 1), (2, 0), (2, 1)}  # each count and its row total alike
    empty = Counts((), (Line("met", "Met"),), ())
    assert suppress(empty) == frozenset() and empty.values() == {(0, 0): 0, (0, 1): 0}


def test_linked_tables_hide_a_shared_figure_in_both() -> None:
    by_term, by_area = table([[3, 5], [2, 0]]), table([[5, 0], [0, 5]])  # the same column totals, 5 and 5
    assert suppress(by_area) == frozenset()  # alone, nothing to hide
    links = [(("term", (2, j)), ("area", (2, j))) for j in range(3)]
    hidden = suppress_linked({"term": by_term, "area": by_area}, links)
    assert {(2, 0), (2, 1)} <= hidden["term"]  # the term table hides both column totals...
    assert hidden["area"] == {(2, 0), (2, 1), (0, 0), (0, 2), (1, 1), (1, 2)}  # ...so the area table does, safely
    assert_safe(by_area, hidden["area"])


small_or_not = st.one_of(st.integers(0, 4), st.integers(0, 4), st.integers(5, 40))
tables = st.integers(1, 6).flatmap(
    lambda columns: st.lists(st.lists(small_or_not, min_size=columns, max_size=columns), min_size=1, max_size=6)
)


@settings(max_examples=400, deadline=None)
@given(tables)
def test_no_suppressed_count_can_be_worked_out(cells: list[list[int]]) -> None:
    counts = table(cells)
    assert_safe(counts, suppress(counts))


@settings(max_examples=150, deadline=None)
@given(tables, st.data())
def test_linked_figures_are_hidden_alike(cells: list[list[int]], data: st.DataObject) -> None:
    """A second table with the same column totals (needs by area beside needs by term)."""
    first = table(cells)
    totals = [first.values()[len(cells), j] for j in range(len(cells[0]))]
    split = [data.draw(st.integers(0, n)) for n in totals]
    second = table([split, [n - part for n, part in zip(totals, split, strict=True)]])
    links = [(("one", (len(cells), j)), ("two", (2, j))) for j in range(len(cells[0]) + 1)]
    hidden = suppress_linked({"one": first, "two": second}, links)
    for (_, a), (_, b) in links:
        assert (a in hidden["one"]) == (b in hidden["two"])
    assert_safe(first, hidden["one"])
    assert_safe(second, hidden["two"])


def test_areas_fold_postal_codes_into_their_fsa() -> None:
    found = {("K1A 0B1", "met"): 2, ("k1a", "met"): 3, ("Ottawa", "met"): 4, ("  ottawa ", "unmet"): 1,
             (None, "met"): 5, ("", "unmet"): 1}  # fmt: skip
    counts, labels = areas.fold(found)
    assert counts == {("K1A", "met"): 5, ("ottawa", "met"): 4, ("ottawa", "unmet"): 1, ("", "met"): 5,
                      ("", "unmet"): 1}  # fmt: skip
    assert labels == {"K1A": "K1A", "ottawa": "Ottawa", "": "Not recorded"}


# Against the database: contacts of March 2026 (local days, America/Toronto: EST until March 8,
# then EDT), one or two needs each, so that by term and status the needs are
#              met  partially  unmet  total            by area:    met  partially  unmet  total
#   Food        10          0      7     17             K1A          18          0      7     25
#   Housing      8          6      2     16             Kingston      7         11      8     26
#   Legal aid    7          5      6     18
# Housing's 2 unmet is suppressed; then the smallest count beside it in its row (Housing's 6
# partially met), and the smallest below each of the two in its column (Legal aid's 5 partially
# met and 6 unmet): a square that no total gives away.
FOOD, HOUSING, LEGAL = "test:food", "test:housing", "test:legal"
CONTACTS: list[tuple[int, str, list[tuple[str, str, str | None]], str | None]] = [
    # (how many, area, needs (term, status, reason), referral kind)
    (5, "K1A 0B1", [(FOOD, "met", None), (HOUSING, "met", None)], "referral"),
    (1, "k1a", [(FOOD, "met", None)], "referral"),
    (4, "k1a", [(FOOD, "met", None)], None),
    (3, "K1A 0B1", [(HOUSING, "met", None)], None),
    (7, "k1a 0b1", [(FOOD, "unmet", "waitlist")], None),
    (6, "Kingston", [(HOUSING, "partially_met", "cost")], None),
    (2, "kingston ", [(HOUSING, "unmet", "waitlist")], None),
    (7, "Kingston", [(LEGAL, "met", None)], None),
    (5, "Kingston", [(LEGAL, "partially_met", "cost")], None),
    (6, "Kingston", [(LEGAL, "unmet", "waitlist")], None),
]
FOLLOW_UPS = [("needs_met", 6), ("not_met", 5), ("could_not_reach", 2), (None, 7)]
# Contacts at the edges of March in local time: in, in, out, out.
EDGES = {"first": "2026-03-01 00:00:00", "last": "2026-03-31 23:59:59", "before": "2026-02-28 23:59:59",
         "after": "2026-04-01 00:00:00"}  # fmt: skip
MARCH = "from=2026-03-01&to=2026-03-31"


def _contact(session: Any, local: str, area: str | None, needs: list[tuple[str, str, str | None]]) -> int:
    at = datetime.strptime(local, "%Y-%m-%d %H:%M:%S").replace(tzinfo=TORONTO)
    contact = Contact(channel="sms", state="closed", from_raw="+16135550100", created_at=at, queued_at=at,
                      last_message_at=at)  # fmt: skip
    session.add(contact)
    session.flush()
    session.add(WrapUp(contact_id=contact.id, area=area))
    for term, status, reason in needs:
        session.add(Need(contact_id=contact.id, term_id=term, status=status, unmet_reason=reason))
    return contact.id


@pytest.fixture
def recorded(db, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("navigator")
    with db.transaction() as session:
        navigator = session.scalars(select(StaffUser.id).where(StaffUser.email == email)).one()
        for term, name, name_fr in [(FOOD, "Food", "Alimentation"), (HOUSING, "Housing", "Logement"),
                                    (LEGAL, "Legal aid", "Aide juridique")]:  # fmt: skip
            session.add(TaxonomyTerm(id=term, name=name, name_fr=name_fr, taxonomy="test"))
        session.flush()
        ids: list[int] = []
        for many, area, needs, kind in CONTACTS:
            for k in range(many):
                first = not ids
                last = area == "Kingston" and needs[0][:2] == (LEGAL, "unmet") and k == many - 1
                local = EDGES["first"] if first else EDGES["last"] if last else f"2026-03-{10 + k:02d} 12:00:00"
                ids.append(_contact(session, local, area, needs))
                if kind:
                    session.add(Referral(contact_id=ids[-1], service_at_location_id="sal:1", kind=kind, name="A"))
        outside = [_contact(session, EDGES[edge], "K1A", [(FOOD, "unmet", "waitlist")]) for edge in ("before", "after")]
        at = iter(ids)
        for outcome, many in [*FOLLOW_UPS, ("declined", 1)]:  # the declined one is April's
            for _ in range(many):
                contact = outside.pop() if outcome == "declined" else next(at)
                session.add(FollowUp(contact_id=contact, assignee_id=navigator, due_on=date(2026, 3, 20),
                                     outcome=outcome))  # fmt: skip


def signed_in(app, make_staff, role: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert post_login(client, make_staff(role), PASSWORD).status_code == 302
    return client


@pytest.fixture
def supervisor(app, make_staff):  # type: ignore[no-untyped-def]
    return signed_in(app, make_staff, "supervisor")


def grid(table: dict[str, Any]) -> dict[str, Any]:
    """A table's JSON as {row key: (counts..., total)} with the totals row as "total"."""
    keys = [column["key"] for column in table["columns"]]
    found = {row["key"]: (*[row["counts"][k] for k in keys], row["total"]) for row in table["rows"]}
    return found | {"total": (*[table["totals"]["counts"][k] for k in keys], table["totals"]["total"])}


def test_needs_and_gaps_over_a_known_matrix(supervisor, recorded) -> None:  # type: ignore[no-untyped-def]
    answer = supervisor.get(f"/api/planning/needs?{MARCH}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    report = answer.get_json()
    assert report["period"] == {"from": "2026-03-01", "to": "2026-03-31", "time_zone": "America/Toronto"}
    tables = report["tables"]
    assert [c["key"] for c in tables["by_term"]["columns"]] == ["met", "partially_met", "unmet"]
    assert grid(tables["by_term"]) == {
        FOOD: (10, 0, 7, 17), HOUSING: (8, None, None, 16), LEGAL: (7, None, None, 18), "total": (25, 11, 15, 51),
    }  # fmt: skip
    assert [(r["label"], r["label_fr"]) for r in tables["by_term"]["rows"]] == [
        ("Food", "Alimentation"), ("Housing", "Logement"), ("Legal aid", "Aide juridique")]  # fmt: skip
    assert grid(tables["by_area"]) == {"K1A": (18, 0, 7, 25), "kingston": (7, 11, 8, 26), "total": (25, 11, 15, 51)}
    assert [r["label"] for r in tables["by_area"]["rows"]] == ["K1A", "Kingston"]
    # Unmet needs by reason: Housing's 2 is suppressed here too, and so is every figure that the
    # term table hides (Legal aid's 6 unmet, as its total here).
    reasons = grid(tables["unmet_reasons"])
    waitlist = [c["key"] for c in tables["unmet_reasons"]["columns"]].index("waitlist")
    assert (reasons[FOOD][waitlist], reasons[FOOD][-1], reasons["total"][-1]) == (7, 7, 15)
    assert reasons[HOUSING][waitlist] is None and reasons[HOUSING][-1] is None and reasons[LEGAL][-1] is None
    # Referrals under each need of their contact: the five with food and housing count twice.
    referral = [c["key"] for c in tables["referrals"]["columns"]].index("referral")
    assert {key: (row[referral], row[-1]) for key, row in grid(tables["referrals"]).items()} == {
        FOOD: (6, 6), HOUSING: (5, 5), "total": (11, 11)}  # fmt: skip
    # Follow-ups: the 2 that could not be reached, and the 5 not met that would give them away.
    assert {key: row[0] for key, row in grid(tables["follow_ups"]).items()} == {
        "needs_met": 6, "partly_met": 0, "not_met": None, "could_not_reach": None, "declined": 0, "open": 7,
        "total": 20}  # fmt: skip


def test_the_csv_is_suppressed_the_same_way(supervisor, recorded) -> None:  # type: ignore[no-untyped-def]
    answer = supervisor.get(f"/api/planning/needs?{MARCH}&table=by_term&format=csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert 'filename="by_term-2026-03-01-to-2026-03-31.csv"' in answer.headers["Content-Disposition"]
    assert list(csv.reader(io.StringIO(answer.get_data(as_text=True)))) == [
        ["key", "taxonomy term", "met", "partially_met", "unmet", "total"],
        [FOOD, "Food", "10", "0", "7", "17"],
        [HOUSING, "Housing", "8", "x", "x", "16"],
        [LEGAL, "Legal aid", "7", "x", "x", "18"],
        ["total", "Total", "25", "11", "15", "51"],
    ]
    follow_ups = supervisor.get(f"/api/planning/needs?{MARCH}&table=follow_ups&format=csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(follow_ups)))
    assert rows[0] == ["key", "outcome", "follow_ups"]  # one column: no total column
    assert rows[3] == ["not_met", "Not met", "x"] and rows[-1] == ["total", "Total", "20"]
    one = supervisor.get(f"/api/planning/needs?{MARCH}&table=by_area").get_json()
    assert list(one["tables"]) == ["by_area"] and one["threshold"] == 5


def test_local_days_bound_the_period(supervisor, recorded) -> None:  # type: ignore[no-untyped-def]
    def food(query: str) -> tuple[Any, ...]:
        tables = supervisor.get(f"/api/planning/needs?{query}").get_json()["tables"]
        return grid(tables["by_term"]).get(FOOD, ())

    # 2026-02-28 23:59:59 EST is 2026-03-01 04:59:59 UTC: February's, not March's.
    assert food("from=2026-02-28&to=2026-02-28") == (0, 0, None, None)
    assert food("from=2026-04-01&to=2026-04-01") == (0, 0, None, None)  # midnight EDT: April's
    assert food("from=2026-03-01&to=2026-03-01") == (None, 0, 0, None)  # the first contact, at 00:00 local
    last_day = supervisor.get("/api/planning/needs?from=2026-03-31&to=2026-03-31").get_json()["tables"]
    assert list(grid(last_day["by_term"])) == [LEGAL, "total"]  # the one at 23:59:59 local
    assert food("from=2026-02-01&to=2026-04-30")[:3] == (10, 0, 9)  # both edges once the period holds them


def test_the_page(supervisor, recorded) -> None:  # type: ignore[no-untyped-def]
    page = supervisor.get(f"/planning?{MARCH}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<svg" in html and "<script" not in html and " style=" not in html
    assert "<caption>Needs by taxonomy term and status (needs), 2026-03-01 to 2026-03-31</caption>" in html
    assert '<th scope="row" title="Logement">Housing</th>' in html
    assert '<td class="suppressed">x<span class="visually-hidden"> (suppressed)</span></td>' in html
    assert "table=by_term&amp;format=csv" in html and "from=2026-03-01" in html
    assert html.index("<title>Food: 7</title>") < html.index("<title>Housing: suppressed</title>")  # x last
    default = supervisor.get("/planning")
    assert default.status_code == 200 and "Needs by area and status" in default.get_data(as_text=True)


@pytest.mark.parametrize(("query", "message"), [
    ("from=2026-13-01&to=2026-12-31", "from must be a day as YYYY-MM-DD"),
    ("from=2026-03-02&to=2026-03-01", "must not be after"),
    ("from=20260301&to=2026-03-31", "from must be a day"),
    ("from=2026-03-01&to=9999-12-31", "at most 50 years"),
    ("from=9999-12-31&to=9999-12-31", "that old or that new"),
    ("table=everything", "table must be one of"),
    ("format=xml", "format must be json or csv"),
    ("format=csv", "Name the table"),
])  # fmt: skip
def test_bad_input_is_a_clear_400(supervisor, query: str, message: str) -> None:  # type: ignore[no-untyped-def]
    answer = supervisor.get(f"/api/planning/needs?{query}")
    assert answer.status_code == 400 and message in answer.get_json()["message"]
    assert answer.get_json()["error"] == "invalid_request"


def test_a_bad_period_on_the_page_is_the_page_again(supervisor) -> None:  # type: ignore[no-untyped-def]
    page = supervisor.get("/planning?from=2026-03-31&to=2026-03-01")
    assert page.status_code == 400 and "must not be after" in page.get_data(as_text=True)
    assert 'value="2026-03-31"' in page.get_data(as_text=True)  # the form keeps what was typed


def test_only_leads_read_it(app, make_staff) -> None:  # type: ignore[no-untyped-def]
    navigator = signed_in(app, make_staff, "navigator")
    assert navigator.get("/planning").status_code == 403
    assert navigator.get(f"/api/planning/needs?{MARCH}&table=by_term&format=csv").status_code == 403
    assert signed_in(app, make_staff, "admin").get("/planning").status_code == 200
    anonymous = app.test_client()
    assert anonymous.get("/api/planning/needs").status_code == 401
    assert anonymous.get("/planning").status_code == 302


def test_the_page_in_french_names_terms_tables_and_columns_in_french(supervisor, recorded) -> None:  # type: ignore[no-untyped-def]
    token = form_token(supervisor.get("/planning").get_data(as_text=True))
    supervisor.post("/preferences/language", data={"locale": "fr", "next": "/planning", "csrf_token": token})
    html = supervisor.get(f"/planning?{MARCH}").get_data(as_text=True)
    assert "<caption>Besoins par terme de taxonomie et par statut (besoins), " in html
    assert '<th scope="row" title="Housing">Logement</th>' in html and '<th scope="col">Non comblé</th>' in html
    assert html.index("<title>Alimentation: 7</title>") < html.index("<title>Logement: masqué</title>")
    assert supervisor.get(f"/api/planning/needs?{MARCH}").get_json()["tables"]["by_term"]["rows"][0]["label"] == "Food"
