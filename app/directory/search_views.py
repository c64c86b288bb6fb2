"""`GET /api/directory/search` (docs/directory.md): public and read-only, for the console's
wrap-up and the public search page alike."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.directory import search, search_results
from app.errors import InvalidRequest, NotFound
from app.runtime import config as current_config
from app.runtime import database

bp = Blueprint("directory_search", __name__, url_prefix="/api/directory")
MAX_PER_PAGE = 50
YES = {"1", "true", "yes", "on"}


def _number(args: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = args.get(name)
    try:
        value = default if raw in (None, "") else float(raw)
    except ValueError:
        raise InvalidRequest(_("%(name)s must be a number.", name=name)) from None
    if not low <= value <= high:
        raise InvalidRequest(
            _("%(name)s must be between %(low)s and %(high)s.", name=name, low=f"{low:g}", high=f"{high:g}")
        )
    return value


def _point(raw: str | None) -> tuple[float, float] | None:
    if not raw:
        return None
    latitude, _, longitude = raw.partition(",")
    point = {"lat": latitude, "lon": longitude}
    return _number(point, "lat", 0, -90, 90), _number(point, "lon", 0, -180, 180)


def parse(args: Mapping[str, str], now: datetime) -> search.Query:
    return search.Query(
        words=args.get("q", "")[:200],
        term_id=args.get("term") or None,
        city=args.get("city") or None,
        postal_area=args.get("fsa") or None,
        near=_point(args.get("near")),
        radius_km=_number(args, "radius_km", 25, 0.1, 500),
        offered_in=args.get("language") or None,
        accessible=args.get("accessible", "").lower() in YES,
        open_at=now if args.get("open_now", "").lower() in YES else None,
        page=int(_number(args, "page", 1, 1, 10_000)),
        per_page=int(_number(args, "per_page", 20, 1, MAX_PER_PAGE)),
    )


@bp.get("/search")
def search_directory() -> ResponseReturnValue:
    language = "fr" if request.args.get("lang") == "fr" else "en"
    try:
        query = parse(request.args, datetime.now(ZoneInfo(current_config().TIME_ZONE)))
        with database().transaction() as session:
            found = search.search(session, query)
            results = search_results.results(session, found.hits, language)
    except (InvalidRequest, NotFound) as error:
        return jsonify(error=error.code, message=error.message), error.http_status
    return jsonify(
        results=results, total=found.total, more=found.more, page=query.page, per_page=query.per_page, lang=language
    )
