"""`GET /api/openapi.json`: public, like the routes' documentation in docs/api.md."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from app.openapi.document import document

bp = Blueprint("openapi", __name__, url_prefix="/api")


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return jsonify(document())
