"""What a staff form or API call sent: its form fields, or the JSON object posted instead."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import request
from flask_babel import gettext as _

from app.errors import InvalidRequest


def fields() -> Mapping[str, Any]:
    data = request.get_json(silent=True) if request.is_json else request.form
    if not isinstance(data, Mapping):
        raise InvalidRequest(_("Send form fields, or a JSON object."))
    return data
