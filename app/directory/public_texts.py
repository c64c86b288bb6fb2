"""How the public services page writes, in English and in French, what it composes (the count of
results, days and times, languages of service) and phone numbers as links. Its words are in the
catalogue (app/translations, docs/i18n.md): render under flask_babel.force_locale(lang)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from babel.dates import get_day_names
from flask_babel import gettext, ngettext

from app.directory.normalize import weekdays

LANGUAGES = ("en", "fr")
_NOT_DIALLED = re.compile(r"[^\d+]")
_EXTENSION = re.compile(r"[^\d\s()+.-]")  # where a number's extension begins (`ext.`, `x`, `poste`)

# Languages of service by ISO 639 code, each named in English and in French.
LANGUAGE_NAMES = {
    "en": ("English", "anglais"), "fr": ("French", "français"),
    "ase": ("American Sign Language", "langue des signes américaine"), "fsl": ("Quebec Sign Language", "LSQ"),
    "es": ("Spanish", "espagnol"), "ar": ("Arabic", "arabe"), "zh": ("Chinese", "chinois"),
    "cmn": ("Mandarin", "mandarin"), "yue": ("Cantonese", "cantonais"), "pt": ("Portuguese", "portugais"),
    "it": ("Italian", "italien"), "tl": ("Tagalog", "tagalog"), "hi": ("Hindi", "hindi"), "pa": ("Punjabi", "pendjabi"),
    "vi": ("Vietnamese", "vietnamien"), "ko": ("Korean", "coréen"), "ru": ("Russian", "russe"),
    "iu": ("Inuktitut", "inuktitut"), "cr": ("Cree", "cri"), "oj": ("Ojibwe", "ojibwé"),
}  # fmt: skip


def language_name(code: str, lang: str, fallback: str | None = None) -> str:
    names = LANGUAGE_NAMES.get(code.lower())
    return names[LANGUAGES.index(lang)] if names else fallback or code


def total_label(total: int, more: bool) -> str:
    """`1000`, or `more than 1000` when the search counted no further (app.directory.search.TOTAL_CAP)."""
    return gettext("more than %(n)s", n=total) if more else str(total)


def found(total: int, more: bool, first: int, last: int) -> str:
    """What the live region says of a page of results: how many in all, and which these are."""
    if more:
        said = gettext("More than %(n)s services found.", n=total)
    elif total == 0:
        said = gettext("No services found. Try fewer words or another place.")
    else:
        said = ngettext("%(num)s service found.", "%(num)s services found.", total)
    total_said = total_label(total, more)
    shown = gettext("Showing %(first)s to %(last)s of %(total)s.", first=first, last=last, total=total_said)
    return f"{said} {shown}" if total > last - first + 1 and last >= first else said


def clock(value: str, lang: str) -> str:
    """`17:30` as Canadians write it: `5:30 p.m.` in English, `17 h 30` in French."""
    try:
        hours, minutes = (int(part) for part in value.split(":")[:2])
    except ValueError:
        return value
    if lang == "fr":
        return f"{hours} h {minutes:02d}" if minutes else f"{hours} h"
    half = "a.m." if hours < 12 else "p.m."
    return f"{(hours % 12) or 12}:{minutes:02d} {half}"


def week(schedules: Iterable[dict[str, Any]], lang: str) -> list[tuple[str, str]]:
    """Each day of the week with its opening hours in `lang`, from HSDS weekly schedules; an empty
    list when none says anything, so the page can say the hours are not listed."""
    said: dict[int, list[tuple[str, str]]] = {}
    for schedule in schedules:
        for day in weekdays(schedule.get("byday")):
            said.setdefault(day, []).append(_slot(schedule, lang))
    if not said:
        return []
    joined = " et " if lang == "fr" else ", "
    return [
        (name, joined.join(filter(None, (text for _, text in sorted(said[n])))) if n in said else gettext("Closed"))
        for n, name in sorted(get_day_names("wide", locale=lang).items())
    ]


def _slot(schedule: dict[str, Any], lang: str) -> tuple[str, str]:
    """(sort key, text): a slot's times, else what the source wrote about that day."""
    opens, closes = schedule.get("opens_at"), schedule.get("closes_at")
    if opens and closes:
        return opens, f"{clock(opens, lang)} \u2013 {clock(closes, lang)}"
    return "~", str(schedule.get("description") or schedule.get("notes") or "")


def dial(number: str | None) -> str | None:
    """A `tel:` link for a phone number as the directory writes it (`613-737-7600 ext. 6720`)."""
    return f"tel:{_NOT_DIALLED.sub('', _EXTENSION.split(number)[0])}" if number else None
