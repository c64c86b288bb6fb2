"""The public services page's words in English and French, and how it writes days, times and
languages of service in each, and phone numbers as links."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from app.directory.normalize import weekdays

LANGUAGES = ("en", "fr")
_NOT_DIALLED = re.compile(r"[^\d+]")
_EXTENSION = re.compile(r"[^\d\s()+.-]")  # where a number's extension begins (`ext.`, `x`, `poste`)

# Each text in English and in French.
_PAIRS = {
    "brand": ("211 services directory", "Répertoire des services 211"),
    "skip": ("Skip to main content", "Aller au contenu principal"),
    "switch": ("Français", "English"),
    "switch_label": ("Langue", "Language"),  # named in the language switched to
    "title": ("Find a service", "Trouver un service"),
    "intro": (
        "Search community, health and social services near you.",
        "Cherchez des services communautaires, sociaux et de santé près de chez vous.",
    ),
    "words": ("What are you looking for?", "Que cherchez-vous?"),
    "words_hint": (
        "For example: food bank, housing, assessment centre",
        "Par exemple : banque alimentaire, logement, centre d'évaluation",
    ),
    "place": ("Municipality or postal code", "Municipalité ou code postal"),
    "place_hint": ("For example: Ottawa or K1S 5T1", "Par exemple : Ottawa ou K1S 5T1"),
    "language": ("Language of service", "Langue du service"),
    "any_language": ("Any language", "Toutes les langues"),
    "options": ("Only show services that are", "Afficher seulement les services"),
    "open_now": ("Open now", "Ouverts maintenant"),
    "accessible": ("Accessible", "Accessibles"),
    "search": ("Search", "Rechercher"),
    "results": ("Results", "Résultats"),
    "found_0": (
        "No services found. Try fewer words or another place.",
        "Aucun service trouvé. Essayez moins de mots ou un autre lieu.",
    ),
    "found_1": ("1 service found.", "1 service trouvé."),
    "complaints": ("Make a complaint, and how we handle them", "Porter plainte, et comment nous traitons les plaintes"),
    "found_n": ("{n} services found.", "{n} services trouvés."),
    "found_more": ("More than {n} services found.", "Plus de {n} services trouvés."),
    "more_than": ("more than {n}", "plus de {n}"),
    "showing": ("Showing {first} to {last} of {total}.", "Résultats {first} à {last} sur {total}."),
    "pages": ("Result pages", "Pages de résultats"),
    "previous": ("Previous page", "Page précédente"),
    "next": ("Next page", "Page suivante"),
    "more": ("Show more results", "Afficher plus de résultats"),
    "shown": ("Showing {shown} of {total} services.", "{shown} services affichés sur {total}."),
    "page_of": ("Page {page} of {pages}", "Page {page} sur {pages}"),
    "colon": (":", "\u00a0:"),  # French puts a no-break space before a colon
    "phone": ("Phone", "Téléphone"),
    "languages": ("Languages", "Langues"),
    "accessible_place": ("Accessible location", "Lieu accessible"),
    "back": ("Back to the search", "Retour à la recherche"),
    "organization": ("Offered by", "Offert par"),
    "address": ("Address", "Adresse"),
    "phones": ("Phone numbers", "Numéros de téléphone"),
    "extension": ("ext.", "poste"),
    "hours": ("Hours", "Heures d'ouverture"),
    "closed": ("Closed", "Fermé"),
    "no_hours": (
        "Hours are not listed. Please call before you go.",
        "Les heures ne sont pas indiquées. Veuillez téléphoner avant de vous déplacer.",
    ),
    "accessibility": ("Accessibility", "Accessibilité"),
    "eligibility": ("Who can use it", "Qui peut s'en servir"),
    "fees": ("Fees", "Frais"),
    "apply": ("How to apply", "Comment faire une demande"),
    "website": ("Website", "Site Web"),
    "alert": ("Notice", "Avis"),
    "not_found_title": ("Service not found", "Service introuvable"),
    "not_found": (
        "This service is not in the directory, or it was removed. Try a new search.",
        "Ce service n'est pas dans le répertoire, ou il a été retiré. Faites une nouvelle recherche.",
    ),
}  # fmt: skip
TEXTS = {lang: {key: pair[n] for key, pair in _PAIRS.items()} for n, lang in enumerate(LANGUAGES)}

DAY_NAMES = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}

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


def total_label(lang: str, total: int, more: bool) -> str:
    """`1000`, or `more than 1000` when the search counted no further (app.directory.search.TOTAL_CAP)."""
    return TEXTS[lang]["more_than"].format(n=total) if more else str(total)


def found(lang: str, total: int, more: bool, first: int, last: int) -> str:
    """What the live region says of a page of results: how many in all, and which these are."""
    key = "found_more" if more else "found_0" if total == 0 else "found_1" if total == 1 else "found_n"
    said = TEXTS[lang][key].format(n=total)
    shown = TEXTS[lang]["showing"].format(first=first, last=last, total=total_label(lang, total, more))
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
        (name, joined.join(filter(None, (text for _, text in sorted(said[n])))) if n in said else TEXTS[lang]["closed"])
        for n, name in enumerate(DAY_NAMES[lang])
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
