"""What the public complaints page says of each refusal, and how it writes a day, in English and
in French; its words are in the catalogue (app/translations, docs/i18n.md), the written process in
app.complaints.process_texts."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

LANGUAGES = ("en", "fr")

# What each refusal (app.complaints.fields.BadInput.key, or the page's own) says to the visitor.
ERRORS = {
    "summary_required": _l("Tell us what happened: this field is required."),
    "summary_too_long": _l("What happened is at most 5,000 characters. Please shorten it, or call 211."),
    "name_too_long": _l("Your name is at most 200 characters."),
    "contact_details_too_long": _l("How to reach you is at most 320 characters."),
    "nul": _l("Your text contains a character we cannot store (a NUL character). Please remove it and send again."),
    "language_choice": _l("Choose English or French for our answer."),
    "invalid": _l("We could not read your complaint. Please check the form and send it again."),
    "too_large": _l("Your complaint is too long to send. Please shorten it to 5,000 characters, or call 211."),
    "too_many": _l(
        "You have sent several complaints in a short time. Please wait an hour before sending another, or call 211."
    ),
}
# The choice of our answer's language, each language named in itself.
ANSWER_LANGUAGES = (("en", "English"), ("fr", "Français"))


def error(key: str) -> LazyString:
    return ERRORS.get(key, ERRORS["invalid"])


def day(value: date, lang: str) -> str:
    """`Wednesday, March 4, 2026` in English, `mercredi 4 mars 2026` in French (CLDR's full date)."""
    return format_date(value, "full", locale=lang)
