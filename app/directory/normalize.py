"""How the directory's values are compared: text folded (no accents, any case), a postal code's
area, an HSDS schedule's weekdays. The search index, the search's filters and the pages share them."""

from __future__ import annotations

import unicodedata

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def fold(value: str | None) -> str:
    """`Lôgement` -> `logement`: what both databases' text search and the filters compare. ASCII
    text has nothing to decompose: it is only case-folded (the same result, without a generator)."""
    if value is not None and value.isascii():
        return value.casefold()
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fsa(postal_code: str | None) -> str | None:
    """A Canadian postal code's forward sortation area (`K1A 0B1` -> `K1A`)."""
    compact = (postal_code or "").replace(" ", "").upper()
    return compact[:3] if len(compact) >= 3 else None


def weekdays(byday: str | None) -> list[int]:
    """An HSDS `byday` (`MO,TU` or RFC 5545's `1MO`) as day numbers, 0 for Monday."""
    codes = (d.strip().upper()[-2:] for d in (byday or "").split(","))
    return [DAYS.index(code) for code in codes if code in DAYS]
