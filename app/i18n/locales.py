"""Which language a request is answered in, and the helpers templates use to say it.

A page's explicit `?lang=` wins (the public pages' language switch); then the signed-in staff
member's preference (`StaffUser.locale`, recorded on `g` by app.auth.user_in when it resolves
them); then the browser's Accept-Language; then STAFF_LOCALE."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, g, has_request_context, request
from flask_babel import Babel, format_date, format_datetime, format_decimal, format_number, get_locale

from app.i18n.words import SAID, said
from app.runtime import config
from config import ConfigError

LOCALES = ("en", "fr")
NAMES = {"en": "English", "fr": "Français"}  # each in its own language, as a language menu shows them
WORD = {"en": "Language", "fr": "Langue"}  # "language" in each: labels a switch to that language


def select() -> str:
    """Flask-Babel's locale selector (called once per request, on the first translation; in a
    worker's or a sweep's app context too, where there is no request to ask)."""
    if not has_request_context():
        return g.get("staff_locale") or config().STAFF_LOCALE
    asked = request.args.get("lang")
    if asked in LOCALES:
        return asked
    return g.get("staff_locale") or request.accept_languages.best_match(LOCALES) or config().STAFF_LOCALE


def remember(preference: str | None) -> None:
    """The signed-in staff member's preference (None: the site's default) for this request."""
    g.staff_locale = preference or config().STAFF_LOCALE


def current() -> str:
    """This request's language code, for `<html lang>` and the ES modules (Intl)."""
    return str(get_locale() or config().STAFF_LOCALE)


def when(moment: datetime, style: str = "medium") -> str:
    """`moment` (naive: UTC) in TIME_ZONE, written the way the page's language writes it."""
    return format_datetime(moment, style)


def register(app: Flask) -> None:
    chosen = app.config["SWITCHBOARD"].STAFF_LOCALE
    if chosen not in LOCALES:
        raise ConfigError(f"STAFF_LOCALE must be one of {', '.join(LOCALES)}, not {chosen!r}.")
    Babel(app, locale_selector=select, default_timezone=app.config["SWITCHBOARD"].TIME_ZONE)
    app.jinja_env.globals.update(current_locale=current, locale_names=NAMES, language_word=WORD, local_time=when)
    app.jinja_env.globals.update(said=said, words=SAID)
    app.jinja_env.globals.update(format_date=format_date, format_number=format_number, format_decimal=format_decimal)
