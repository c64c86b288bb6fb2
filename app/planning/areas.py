"""Areas as planners count them: a postal code counts in its forward sortation area (K1A 0B1 in
K1A), a municipality by its name whatever its case or spacing. The wrap-up refuses anything else
(app.wrapup.fields): a text with a digit is a postal area."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping

from app.i18n.words import N_

NOT_RECORDED = ""  # no recorded area can fold to an empty key
NOT_RECORDED_LABEL = N_("Not recorded")
_POSTAL_AREA = re.compile(r"^([A-Za-z]\d[A-Za-z])( ?\d[A-Za-z]\d)?$")


def area_key(raw: str | None) -> str:
    """The area a recorded text counts in: an FSA (upper case), a municipality (case-folded),
    or NOT_RECORDED."""
    text = " ".join((raw or "").split())
    if not text:
        return NOT_RECORDED
    postal = _POSTAL_AREA.match(text)
    return postal.group(1).upper() if postal else text.casefold()


def fold(found: Mapping[tuple[str | None, str | None], int]) -> tuple[dict[tuple[str, str], int], dict[str, str]]:
    """Counts by (raw area, column) summed by area; and each area's label: the FSA, or the
    municipality as most needs spelled it."""
    counts: defaultdict[tuple[str, str], int] = defaultdict(int)
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for (raw, column), n in found.items():
        key = area_key(raw)
        counts[key, str(column)] += n
        spellings[key][" ".join((raw or "").split())] += n
    labels = {key: _label(key, seen) for key, seen in spellings.items()}
    return dict(counts), labels


def _label(key: str, seen: Counter[str]) -> str:
    if key == NOT_RECORDED:
        return NOT_RECORDED_LABEL
    if _POSTAL_AREA.match(key):
        return key
    return min(seen, key=lambda spelling: (-seen[spelling], spelling))
