"""The graph a table's suppression is judged on. Each row (the totals row too) and each column
(the totals column too) is a vertex; each entry of the table joins its row and its column. Each
vertex stands for one sum the table states (a row's cells add up to its total; the totals row's
column totals add up to the grand total), and each entry appears in exactly two of them.

The suppressed entries are then the unknowns of those sums, and an unknown can be worked out from
the entries shown, by any combination of sums, exactly when its edge is a bridge of the graph of
suppressed entries: on a cycle, adding t and taking t away in turn around it keeps every sum and
changes the entry; a bridge's value is fixed by the sums on one side of it. (Every cycle has an
even number of total entries, so that alternation always holds; tests/test_planning.py checks the
rule against plain linear algebra.)"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

Edge = tuple[int, int]


def bridges(edges: Sequence[Edge]) -> list[int]:
    """The positions in `edges` of its bridges (Tarjan's low-link, without recursion)."""
    around: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for k, (u, v) in enumerate(edges):
        around[u].append((v, k))
        around[v].append((u, k))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    found: list[int] = []
    for root in list(around):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack = [(root, -1, iter(around[root]))]
        while stack:
            node, via, rest = stack[-1]
            for nxt, k in rest:
                if k == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                    continue
                order[nxt] = low[nxt] = len(order)
                stack.append((nxt, k, iter(around[nxt])))
                break
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.append(via)
    return found


def reachable(edges: Iterable[Edge], start: int) -> set[int]:
    """The vertices joined to `start` by `edges`."""
    around: defaultdict[int, list[int]] = defaultdict(list)
    for u, v in edges:
        around[u].append(v)
        around[v].append(u)
    seen, todo = {start}, [start]
    while todo:
        for nxt in around[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
