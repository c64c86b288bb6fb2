"""Checking what a complainant or a staff member sent. Each refusal names its rule (`key`), so the
public page can say it in the visitor's language while staff and the API read the English."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain import digits
from app.errors import InvalidRequest


class BadInput(InvalidRequest):
    """400, with `key` (`summary_required`, `summary_too_long`, `nul`, `language_choice`...) and
    the `field` it concerns."""

    def __init__(self, key: str, message: str, field: str) -> None:
        super().__init__(message)
        self.key, self.field = key, field


def text(data: Mapping[str, Any], name: str, limit: int, *, required: bool = False) -> str | None:
    """The field as typed, trimmed; None when empty. A NUL cannot be stored (PostgreSQL text)."""
    value = data.get(name)
    value = "" if value is None else value
    if not isinstance(value, str):
        raise BadInput(f"{name}_type", f"{name} must be text.", name)
    if "\x00" in value:
        raise BadInput("nul", f"{name} must not contain a NUL character.", name)
    value = value.replace("\r\n", "\n").strip()  # a browser sends a textarea's line breaks as CRLF
    if len(value) > limit:
        raise BadInput(f"{name}_too_long", f"{name} is at most {limit} characters ({len(value)} given).", name)
    if required and not value:
        raise BadInput(f"{name}_required", f"{name} is required.", name)
    return value or None


def choice(data: Mapping[str, Any], name: str, choices: tuple[str, ...], default: str | None = None) -> str:
    """One of `choices`; `default` when the field is missing or empty (and a default is given)."""
    value = data.get(name)
    if value in (None, "") and default is not None:
        return default
    if not isinstance(value, str) or value not in choices:
        raise BadInput(f"{name}_choice", f"{name} must be one of: {', '.join(choices)}.", name)
    return value


def staff_id(data: Mapping[str, Any], name: str) -> int | None:
    """A staff id from a form's select (text) or JSON (a number); None when empty."""
    value = data.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and digits(value) and len(value) < 11:
        return int(value)
    raise BadInput(f"{name}_choice", f"{name} must be a staff member's id.", name)
