"""A domain error raised in a staff blueprint's view, answered as the caller reads it: JSON under
/api/, else the refusal page with its message (templates/refused.html)."""

from __future__ import annotations

from flask import jsonify, render_template, request
from flask.typing import ResponseReturnValue

from app.errors import DomainError


def answer(error: DomainError) -> ResponseReturnValue:
    if request.path.startswith("/api/"):
        return jsonify(error=error.code, message=error.message), error.http_status
    return render_template("refused.html", message=error.message), error.http_status
