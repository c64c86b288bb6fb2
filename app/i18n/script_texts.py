"""The ES modules' strings in the page's language. The modules mark them as gettext does,
`_('Claim')` and `ngettext('{n} waiting', '{n} waiting', n)` (app/static/i18n.js); Babel's own
JavaScript extractor finds them, for the catalogue (babel.cfg) as here, and a page with modules
carries their translations as JSON in an attribute (templates/script_texts.html): data, no script."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.extract import extract_from_file
from flask import Flask
from flask_babel import gettext, ngettext

STATIC = Path(__file__).resolve().parent.parent / "static"
Message = str | tuple[str, ...]  # a plural: (singular, plural)


@cache
def messages() -> tuple[Message, ...]:
    """Every string the modules mark, once, read from the files on first use."""
    found = (found[1] for path in sorted(STATIC.glob("*.js")) for found in extract_from_file("javascript", path))
    return tuple(dict.fromkeys(found))


def translated() -> dict[str, str | list[str]]:
    """msgid -> its translation; for a plural, msgid -> [singular, plural] as the language says them."""
    return {_key(message): _translate(message) for message in messages()}


def _key(message: Message) -> str:
    return message if isinstance(message, str) else message[0]


def _translate(message: Message) -> str | list[str]:
    if isinstance(message, str):
        return gettext(message)
    return [ngettext(*message, num=count) for count in (1, 2)]


def register(app: Flask) -> None:
    app.jinja_env.globals["script_texts"] = translated
