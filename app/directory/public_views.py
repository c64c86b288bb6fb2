"""`/services`: the public, bilingual directory page (docs/directory.md, "The public page"). The
server renders the search and its results for a plain GET, so it works without JavaScript, with a
screen reader and on a slow phone; /static/services.js only fetches further results in place.
Every page keeps the visitor's search in its links (pages, language switch, details and back),
sets no cookie, and counts a website session when a visitor arrives (app.directory.visits)."""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, make_response, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory import hsds_nest, search, search_results, visits
from app.directory.models import Service, ServiceAtLocation
from app.directory.public_texts import LANGUAGES, dial, found, language_name, total_label, week
from app.directory.search_models import SearchEntry
from app.runtime import config as current_config
from app.runtime import database

bp = Blueprint("public_services", __name__)
PER_PAGE = 10
FIELDS = ("q", "place", "language", "open_now", "accessible")
# The service's texts shown in English on the French page when it has no French: marked lang="en".
_TWINNED = ("name", "description", "alert", "application_process", "eligibility_description", "fees_description")
_POSTAL = re.compile(r"[A-Za-z]\d[A-Za-z]")  # a postal code or its first three characters


@bp.before_request
def _count_session() -> None:
    config = current_config()
    own = {*config.allowed_origins, request.host_url.rstrip("/")}
    if request.method == "GET" and visits.is_arrival(request.headers, own):
        with database().transaction() as session:
            visits.count(session, datetime.now(ZoneInfo(config.TIME_ZONE)).date())


@bp.get("/services")
def services() -> ResponseReturnValue:
    lang, kept = _language(), _kept()
    with force_locale(lang), database().transaction() as session:  # the page's words: the catalogue's
        shown = _results(session, lang, kept) if any(name in request.args for name in FIELDS) else None
        offered = _offered(session, lang)
        return _respond(render_template("services.html", **_common(lang, kept), found=shown, offered=offered))


@bp.get("/services/<path:service_at_location_id>")
def service(service_at_location_id: str) -> ResponseReturnValue:
    lang, kept = _language(), _kept()
    with force_locale(lang), database().transaction() as session:  # the page's words: the catalogue's
        shown = _details(session, service_at_location_id, lang)
        return _respond(render_template("service.html", **_common(lang, kept), service=shown), 200 if shown else 404)


def _language() -> str:
    """`lang` when given, else the browser's preference (Accept-Language)."""
    asked = request.args.get("lang", "")
    return asked if asked in LANGUAGES else request.accept_languages.best_match(LANGUAGES, default="en")


def _respond(page: str, status: int = 200) -> ResponseReturnValue:
    response = make_response(page, status)
    if "lang" not in request.args:  # the language came from Accept-Language
        response.vary.add("Accept-Language")
    return response


def _kept() -> dict[str, Any]:
    """The visitor's search, for the links that keep it."""
    return {name: request.args[name][:200] for name in FIELDS if request.args.get(name)}


def _common(lang: str, kept: dict[str, Any]) -> dict[str, Any]:
    other = "fr" if lang == "en" else "en"
    here = {**(request.view_args or {}), **kept, "page": request.args.get("page")}
    return {
        "lang": lang, "other": other, "kept": kept,
        "switch_url": url_for(request.endpoint or "", **{**here, "lang": other}),
        "back_url": url_for("public_services.services", lang=lang, **kept, page=request.args.get("page")),
    }  # fmt: skip


def _query() -> search.Query:
    """The form's one place field is a postal code (or its area) when it looks like one, else a
    municipality."""
    place, args = request.args.get("place", "").strip()[:100], request.args
    postal = bool(_POSTAL.match(place))
    now = datetime.now(ZoneInfo(current_config().TIME_ZONE))
    page = min(max(int(args["page"]), 1), 10_000) if args.get("page", "").isdigit() else 1
    return search.Query(
        words=args.get("q", "")[:200], city=place if place and not postal else None,
        postal_area=place if postal else None, offered_in=args.get("language") or None,
        accessible=args.get("accessible") == "1", open_at=now if args.get("open_now") == "1" else None,
        page=page, per_page=PER_PAGE,
    )  # fmt: skip


def _results(session: Session, lang: str, kept: dict[str, Any]) -> dict[str, Any]:
    query = _query()
    hits, total, more = search.search(session, query)
    results = search_results.results(session, hits, lang)
    here: dict[str, Any] = {"lang": lang, **kept, "page": query.page if query.page > 1 else None}
    for result in results:
        key, names = result["service_at_location_id"], [language_name(c, lang) for c in result["languages"]]
        result |= {"url": url_for(".service", service_at_location_id=key, **here), "language_names": names}
        result["tel"] = dial(result["phone"])
    first, pages = (query.page - 1) * PER_PAGE + 1, math.ceil(total / PER_PAGE)
    status = found(total, more, first, first + len(results) - 1)
    return {
        "results": results, "total": total_label(total, more),
        "page": query.page, "pages": pages, "first": first, "status": status,
        "previous": url_for(".services", **{**here, "page": query.page - 1}) if query.page > 1 else None,
        "next": url_for(".services", **{**here, "page": query.page + 1}) if query.page < pages else None,
    }  # fmt: skip


def _offered(session: Session, lang: str) -> list[tuple[str, str]]:
    """The languages services are offered in, for the form's choice, by name."""
    codes = {code for listed in session.scalars(select(SearchEntry.languages).distinct()) for code in listed.split()}
    return sorted(((code, language_name(code, lang)) for code in codes), key=lambda pair: pair[1].casefold())


def _details(session: Session, service_at_location_id: str, lang: str) -> dict[str, Any] | None:
    """What the details page shows, in `lang` (French falling back to English), from the service's
    HSDS nesting: what hangs on this service at this location, on the service, on the location."""
    offered = session.get(ServiceAtLocation, service_at_location_id)
    if offered is None:
        return None
    full = hsds_nest.service_full(session, row := session.get_one(Service, offered.service_id), lang)
    here = next(each for each in full["service_at_locations"] if each["id"] == offered.id)
    place, owner = here["location"], full.get("organization", {})
    names = [language_name(e.get("code") or "", lang, e.get("name")) for e in full["languages"] + place["languages"]]
    return {
        **{name: full.get(name) for name in _TWINNED}, "organization": owner.get("name"), "location": place.get("name"),
        "fees_description": full.get("fees_description") or full.get("fees"), "addresses": place["addresses"],
        "phones": [{**p, "tel": dial(p["number"])} for p in _unique(here["phones"], full["phones"], place["phones"])],
        "hours": week(_unique(here["schedules"], full["schedules"], place["schedules"]), lang),
        "languages": list(dict.fromkeys(names)),
        "accessibility": [each.get("description") or each.get("details") for each in place["accessibility"]],
        "website": _web(full.get("url")) or _web(owner.get("website")),
        "english": {n for n in _TWINNED if lang == "fr" and getattr(row, n) and not getattr(row, f"{n}_fr")},
    }  # fmt: skip


def _unique(*lists: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records listed under more than one owner (a schedule of the service and the location) once."""
    return list({each["id"]: each for listed in lists for each in listed}.values())


def _web(url: str | None) -> str | None:
    """Only web links: a directory record could hold any scheme."""
    return url if url and url.lower().startswith(("https://", "http://")) else None
