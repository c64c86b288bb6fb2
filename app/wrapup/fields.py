"""The wrap-up record's fields, each checked as the reports need it: a choice from its list, text
within its bounds and without NUL, an area that is a municipality or postal area and never a
street address, demographics where "declined" is an answer."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _

from app.errors import InvalidRequest
from app.wrapup import vocabulary

_POSTAL_AREA = re.compile(r"^[A-Za-z]\d[A-Za-z]( ?\d[A-Za-z]\d)?$")
CHOICES: dict[str, tuple[str, ...]] = {
    "contact_type": vocabulary.CONTACT_TYPES,
    "inquirer": vocabulary.INQUIRERS,
    "follow_up_method": vocabulary.FOLLOW_UP_METHODS,
}


def _area(value: object) -> str | None:
    """A municipality or a postal area (FSA or postal code): never a street address."""
    text = _text(value, "area", 120)
    if text and any(c.isdigit() for c in text) and not _POSTAL_AREA.match(text):
        raise InvalidRequest(_("Record the municipality or postal area (e.g. K1A), not a street address."))
    return text


def _text(value: object, name: str, limit: int) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > limit or "\0" in value:
        raise InvalidRequest(_("%(name)s is text of at most %(limit)s characters.", name=name, limit=limit))
    return value.strip() or None


def _choice(value: object, name: str) -> str | None:
    if value in (None, ""):
        return None
    if value not in CHOICES[name]:
        raise InvalidRequest(_("%(name)s is one of: %(choices)s.", name=name, choices=", ".join(CHOICES[name])))
    return str(value)


def _demographics(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or any(
        value.get(k) not in options for k, options in vocabulary.DEMOGRAPHICS.items() if k in value
    ):
        raise InvalidRequest(
            "demographics: " + "; ".join(f"{k} one of {', '.join(v)}" for k, v in vocabulary.DEMOGRAPHICS.items())
        )
    return {k: str(v) for k, v in value.items() if k in vocabulary.DEMOGRAPHICS}


SETTERS = {
    "contact_type": lambda v: _choice(v, "contact_type"),
    "inquirer": lambda v: _choice(v, "inquirer"),
    "follow_up_method": lambda v: _choice(v, "follow_up_method"),
    "area": _area,
    "notes": lambda v: _text(v, "notes", 4000),
    "mailing_address": lambda v: _text(v, "mailing_address", 400),
    "demographics": _demographics,
    "consent_follow_up": lambda v: (
        v if v is None or isinstance(v, bool) else _invalid("consent_follow_up is true or false.")
    ),
}


def _invalid(message: str) -> Any:
    raise InvalidRequest(message)
