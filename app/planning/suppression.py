"""Small-cell suppression (docs/planning.md, "Suppression"): no count from 1 to 4 is shown, and
nothing shown lets one be worked out from the totals.

1. Primary: every entry, cell or total, from 1 to THRESHOLD - 1 is suppressed. Zeros are shown.
2. Complementary, again and again until nothing changes:
   - a row or column (the totals' included) with exactly one entry suppressed gives it away;
     one whose suppressed entries are all cells beside a shown total tells their sum, which must
     not be under THRESHOLD (two ones beside a shown 9 and a total of 11). Either way the
     smallest non-zero entry shown in that row or column is suppressed too;
   - a suppressed entry still fixed through a chain of rows and columns (a bridge, see
     app.planning.bridges) gets a partner: the smallest non-zero entry shown that closes a cycle
     through it, else the smallest one that grows one of its sides towards the other.
At equal counts a cell goes before a total. Tables that show the same figure twice are
suppressed together (`suppress_linked`)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from app.planning.bridges import Edge, bridges, reachable
from app.planning.tables import Counts, Entry

THRESHOLD = 5
MARK = "x"  # a suppressed count in CSV and on the page (null in JSON)

# The same figure in two tables: (table, entry) and (table, entry).
Link = tuple[tuple[str, Entry], tuple[str, Entry]]
Shape = tuple[int, int]
Sum = tuple[list[Entry], Entry]  # the entries of a row or column, and its total among them


def suppress(counts: Counts, forced: Collection[Entry] = ()) -> frozenset[Entry]:
    """The entries to hide: the small ones, `forced` ones, and those that would give them away."""
    values, shape = counts.values(), counts.shape
    hidden = {entry for entry, n in values.items() if 0 < n < THRESHOLD} | set(forced)
    sums = _sums(shape)
    while _sweep(values, hidden, sums, shape):
        ordered = sorted(hidden)
        fixed = bridges([_edge(entry, shape) for entry in ordered])
        if not fixed:
            return frozenset(hidden)
        partners = _partners(values, hidden, min(ordered[k] for k in fixed), shape)
        if not partners:
            break
        hidden.add(partners[0])
    # Not expected (a sum that tells something has a non-zero entry shown): hide every count.
    return frozenset(entry for entry, n in values.items() if n > 0)


def suppress_linked(tables: Mapping[str, Counts], links: Sequence[Link]) -> dict[str, frozenset[Entry]]:
    """Suppress each table; a linked figure hidden in one table is then hidden in the other, and
    both are suppressed again, until no table hides more: a figure is never shown in one table
    and suppressed in another."""
    forced: dict[str, set[Entry]] = {name: set() for name in tables}
    while True:
        hidden = {name: suppress(counts, forced[name]) for name, counts in tables.items()}
        grown = False
        for one, other in links:
            for (name, entry), (twin, twin_entry) in ((one, other), (other, one)):
                if entry in hidden[name] and twin_entry not in forced[twin]:
                    forced[twin].add(twin_entry)
                    grown = True
        if not grown:
            return hidden


def _sweep(values: Mapping[Entry, int], hidden: set[Entry], sums: list[Sum], shape: Shape) -> bool:
    """Row and column rules until none applies: a sum with a single entry hidden, or whose hidden
    entries are all cells adding up to under THRESHOLD, gets its smallest non-zero entry shown
    hidden too. False if one has none left to hide."""
    changed = True
    while changed:
        changed = False
        for entries, total in sums:
            unknown = [entry for entry in entries if entry in hidden]
            small = unknown and total not in unknown and sum(values[entry] for entry in unknown) < THRESHOLD
            if len(unknown) != 1 and not small:
                continue
            shown = [entry for entry in entries if entry not in hidden and values[entry] > 0]
            if not shown:
                return False
            hidden.add(min(shown, key=lambda entry: _rank(entry, values, shape)))
            changed = True
    return True


def _partners(values: Mapping[Entry, int], hidden: set[Entry], bridge: Entry, shape: Shape) -> list[Entry]:
    """Entries shown whose suppression makes `bridge` no longer fixed (closing a cycle through
    it) first, then those that grow one of its two sides towards the other."""
    u, v = _edge(bridge, shape)
    rest = [_edge(entry, shape) for entry in hidden if entry != bridge]
    one, other = reachable(rest, u), reachable(rest, v)

    def crossing(entry: Entry) -> bool:
        a, b = _edge(entry, shape)
        return (a in one and b in other) or (a in other and b in one)

    def leaving(entry: Entry) -> bool:
        a, b = _edge(entry, shape)
        return (a in one) != (b in one) or (a in other) != (b in other)

    shown = [entry for entry, n in values.items() if n > 0 and entry not in hidden and leaving(entry)]
    return sorted(shown, key=lambda entry: (not crossing(entry), *_rank(entry, values, shape)))


def _sums(shape: Shape) -> list[Sum]:
    """Each sum the table states, as (its entries, its total among them): each row, the totals
    row included (its total is the grand total), then each column, the totals column included."""
    rows, columns = shape
    found = [([(i, j) for j in range(columns + 1)], (i, columns)) for i in range(rows + 1)]
    return found + [([(i, j) for i in range(rows + 1)], (rows, j)) for j in range(columns + 1)]


def _edge(entry: Entry, shape: Shape) -> Edge:
    """The entry as an edge between its row's vertex and its column's (app.planning.bridges)."""
    return entry[0], shape[0] + 1 + entry[1]


def _rank(entry: Entry, values: Mapping[Entry, int], shape: Shape) -> tuple[int, bool, Entry]:
    """Smallest first; at equal counts a cell before a total, then by position."""
    return values[entry], entry[0] == shape[0] or entry[1] == shape[1], entry
