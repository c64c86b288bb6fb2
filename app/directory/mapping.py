"""What the importers of sources that are not HSDS (Ontario's assessment centres, the Ohana
sample) share when they build HSDS records: ids from names, weekdays as RFC 5545 `byday`, clock
times as `HH:MM`, a weekly schedule, a language of service, and refusing values our columns cannot
hold. Kept in one place so both sources read days, times and languages the same way."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from app.directory.details import Language, Schedule
from app.directory.importing import Record, Store
from app.directory.source_rows import Fields, RowProblem
from app.domain import digits

Mapper = Callable[[Fields, Store], list[Record]]

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# ISO 639 codes of the languages our sources name (a name not here is kept without a code).
LANGUAGE_CODES = {
    "english": "en", "french": "fr", "american sign language": "ase", "spanish": "es", "tagalog": "tl",
    "italian": "it", "hindi": "hi", "vietnamese": "vi", "korean": "ko", "russian": "ru",
    "chinese (mandarin)": "cmn", "chinese (cantonese)": "yue", "cantonese": "yue",
}  # fmt: skip
LANGUAGE_NAMES = {"en": "English", "fr": "French", "ase": "American Sign Language"}
_CLOCK = re.compile(r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?(?::\d{2})?\s*(?:(?P<half>[ap])\.?\s*m?\.?)?", re.I)


def slug(text: str) -> str:
    """`Hôpital d'Ottawa ` -> `hopital-d-ottawa`: an id part that spelling and spacing do not change."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")


def is_yes(value: str | None) -> bool:
    return (value or "").strip().casefold() == "yes"


def listed(value: str | None) -> list[str]:
    """`Spanish, Tagalog` -> ['Spanish', 'Tagalog']."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def byday(day: str) -> str | None:
    """A weekday as RFC 5545: a name (`Monday`, `mon`) or ISO 8601's number (1 Monday .. 7 Sunday)."""
    day = day.strip().casefold()
    if digits(day):
        return BYDAY[int(day) - 1] if 1 <= int(day) <= 7 else None
    return next((BYDAY[n] for n, name in enumerate(WEEKDAYS) if len(day) >= 2 and name.startswith(day[:3])), None)


def clock(value: str) -> str | None:
    """`8:00`, `16:00`, `4:00 PM`, `9am` -> `HH:MM`; None when it is not a time of day."""
    found = _CLOCK.fullmatch(value.strip())
    if found is None or (found["minute"] is None and found["half"] is None):
        return None
    hour, minute, half = int(found["hour"]), int(found["minute"] or 0), (found["half"] or "").casefold()
    if half and not 1 <= hour <= 12:
        return None
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return f"{hour:02d}:{minute:02d}" if hour <= 23 and minute <= 59 else None


def weekly(record_id: str, day: str, opens_at: str | None, closes_at: str | None, **links: Any) -> Record:
    """A weekly slot on `day` (RFC 5545 `MO`..`SU`); `links` are its service_id / location_id and
    any description."""
    values = {"id": record_id, "freq": "WEEKLY", "byday": day, "opens_at": opens_at, "closes_at": closes_at}
    return Schedule, {**values, **links}


def language(parent_id: str, name: str, **links: Any) -> Record:
    """A language of service, by name or ISO 639 code; its id is the parent's plus the code."""
    code = LANGUAGE_CODES.get(name.casefold()) or (name if name in LANGUAGE_NAMES else None)
    values = {"name": LANGUAGE_NAMES.get(name, name), "code": code, **links}
    return Language, {"id": f"{parent_id}:language:{code or slug(name)}", **values}


def degrees(fields: Fields, name: str) -> float | None:
    """A latitude or longitude: a number, within the earth's bounds."""
    limit = 90 if name == "latitude" else 180
    value = fields.number(name)
    if value is not None and not -limit <= value <= limit:
        raise RowProblem(name, f"is not between -{limit} and {limit}")
    return value


def short(fields: Fields, name: str, limit: int, *, required: bool = False) -> str | None:
    """A text value that must fit its column (`limit` characters)."""
    value = fields.text(name, required=required)
    if value is not None and len(value) > limit:
        raise RowProblem(name, f"is longer than {limit} characters")
    return value


def once_per_file(mapper: Mapper, column: str = "id") -> Mapper:
    """Refuse a row whose `column` repeats an earlier row's: the first is kept."""
    seen: set[str] = set()

    def records(fields: Fields, store: Store) -> list[Record]:
        key = fields.required(column)
        if key in seen:
            raise RowProblem(column, f"{key} appears twice in the file; the first is kept")
        found = mapper(fields, store)
        seen.add(key)
        return found

    return records
