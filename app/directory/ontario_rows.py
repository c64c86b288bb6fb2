"""The parts of an Ontario assessment-centre row that hang on its location and service (address,
phone, weekly hours, languages, accessibility), apart from app.directory.ontario so each module
stays readable. Every record's id is the location's plus what it is, so importing again finds it."""

from __future__ import annotations

import re

from app.directory.details import Accessibility, LocationAddress, Phone
from app.directory.importing import Record
from app.directory.mapping import BYDAY, WEEKDAYS, clock, is_yes, language, short, weekly
from app.directory.source_rows import Fields, RowProblem

_EXTENSION = re.compile(r"\s*\bext\b\.?\s*", re.I)


def address(fields: Fields, place: str) -> list[Record]:
    if fields.text("address") is None:  # two rows of the full file; the location stands without one
        return []
    values = {
        "id": f"{place}:address",
        "location_id": place,
        "address_1": fields.text("address"),
        "address_1_fr": fields.text("address_fr"),
        "city": fields.required("city"),
        "state_province": fields.required("province"),
        "postal_code": short(fields, "postal_code", 20, required=True),
        "country": "CA",
        "address_type": "physical",
    }
    return [(LocationAddress, values)]


def phone(fields: Fields, links: dict[str, str]) -> list[Record]:
    """`705-744-5511 ext. 0` is number `705-744-5511`, extension `0`."""
    given = short(fields, "phone", 60)
    if given is None:
        return []
    number, extension = [*_EXTENSION.split(given, maxsplit=1), ""][:2]
    if len(extension) > 20:
        raise RowProblem("phone", "has an extension longer than 20 characters")
    phone = {"number": number, "extension": extension or None, "type": "voice"}
    return [(Phone, {"id": f"{links['location_id']}:phone", **links, **phone})]


def hours(fields: Fields, links: dict[str, str]) -> list[Record]:
    """A weekly schedule per day and opening (`10:00-12:30&13:00-17:30` is two); hours that are not
    times (`closed`) are kept as that day's description, and no times are made up for them."""
    records = []
    for day, column in zip(BYDAY, WEEKDAYS, strict=True):
        given, schedule = fields.text(column), f"{links['location_id']}:schedule:{day.lower()}"
        slots = _slots(given or "")
        if given and slots is None:
            records.append(weekly(schedule, day, None, None, description=given, **links))
        for number, (opens_at, closes_at) in enumerate(slots or [], start=1):
            slot = schedule if number == 1 else f"{schedule}:{number}"
            records.append(weekly(slot, day, opens_at, closes_at, description=None, **links))
    return records


def _slots(hours: str) -> list[tuple[str, str]] | None:
    times = [[clock(time) for time in part.split("-")] for part in hours.split("&")]
    if not all(len(pair) == 2 and pair[0] and pair[1] for pair in times):
        return None
    return [(str(pair[0]), str(pair[1])) for pair in times]


def languages(fields: Fields, links: dict[str, str]) -> list[Record]:
    """English always; French and American Sign Language where the row says they are offered."""
    offered = {"fr": "french_language_services", "ase": "asl_interpretation"}
    codes = ["en", *(code for code, flag in offered.items() if is_yes(fields.text(flag)))]
    return [language(links["service_id"], code, **links) for code in codes]


def accessibility(fields: Fields, place: str) -> list[Record]:
    if not is_yes(fields.text("accessible")):
        return []
    described = {"description": "Accessible location", "description_fr": "Lieu accessible"}
    return [(Accessibility, {"id": f"{place}:accessibility", "location_id": place, **described})]
