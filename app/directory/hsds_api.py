"""The directory as the Open Referral HSDS 3.1 API (docs/directory.md): read-only JSON, the paths,
parameters and page envelope of HSDS's openapi.json, objects shaped by its schemas. `?lang=fr`
answers in French where the record has it. Public unless DIRECTORY_API_KEY is set; then every
request must carry that key (`X-Api-Key`, or `Authorization: Bearer`)."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Sequence
from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import Select
from sqlalchemy.orm import Session

from app.directory import hsds_nest, hsds_out, hsds_query
from app.directory.models import Organization, Service
from app.directory.terms import Taxonomy, TaxonomyTerm
from app.errors import DomainError, NotFound
from app.models.base import Base
from app.runtime import config, database

bp = Blueprint("hsds_api", __name__, url_prefix="/api/hsds")

HSDS_VERSION = "3.1"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.1/schema/openapi.json"
Items = Callable[[Session, Sequence[Any], str], list[dict[str, Any]]]
Full = Callable[[Session, Any, str], dict[str, Any]]


@bp.before_request
def _require_key() -> ResponseReturnValue | None:
    """Compared in constant time, so the answer's timing tells nothing of the key."""
    key = config().DIRECTORY_API_KEY
    if not key or hmac.compare_digest(_sent_key().encode(), key.encode()):
        return None
    response = jsonify(error="unauthorized", message="This API needs its key (X-Api-Key or Authorization: Bearer).")
    response.headers["WWW-Authenticate"] = "Bearer"
    return response, 401


def _sent_key() -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    bearer = token.strip() if scheme.lower() == "bearer" else ""
    return request.headers.get("X-Api-Key") or bearer


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError) -> ResponseReturnValue:
    return jsonify(error=error.code, message=error.message), error.http_status


@bp.get("/", strict_slashes=False)
def about() -> ResponseReturnValue:
    return jsonify(version=HSDS_VERSION, openapi_url=OPENAPI_URL)


@bp.get("/services")
def list_services() -> ResponseReturnValue:
    return _listing(hsds_query.services, hsds_nest.services)


@bp.get("/services/<item_id>")
def get_service(item_id: str) -> ResponseReturnValue:
    return _detail(Service, item_id, hsds_nest.service_full)


@bp.get("/organizations")
def list_organizations() -> ResponseReturnValue:
    return _listing(hsds_query.organizations, _each(hsds_out.organization))


@bp.get("/organizations/<item_id>")
def get_organization(item_id: str) -> ResponseReturnValue:
    full_services = hsds_query.flag(request.args, "full_service")

    def full(session: Session, row: Organization, lang: str) -> dict[str, Any]:
        return hsds_nest.organization_full(session, row, lang, full_services=full_services)

    return _detail(Organization, item_id, full)


@bp.get("/taxonomies")
def list_taxonomies() -> ResponseReturnValue:
    return _listing(hsds_query.taxonomies, _each(hsds_out.fields))


@bp.get("/taxonomies/<item_id>")
def get_taxonomy(item_id: str) -> ResponseReturnValue:
    return _detail(Taxonomy, item_id, lambda _session, row, lang: hsds_out.fields(row, lang))


@bp.get("/taxonomy_terms")
def list_taxonomy_terms() -> ResponseReturnValue:
    return _listing(hsds_query.terms, lambda session, rows, lang: [hsds_nest.term_full(session, r, lang) for r in rows])


@bp.get("/taxonomy_terms/<item_id>")
def get_taxonomy_term(item_id: str) -> ResponseReturnValue:
    return _detail(TaxonomyTerm, item_id, hsds_nest.term_full)


def _listing(query: Callable[[hsds_query.Args, str], Select[Any]], items: Items) -> ResponseReturnValue:
    lang, paging = hsds_query.language(request.args), hsds_query.paging(request.args)
    listed = query(request.args, lang)
    with database().transaction() as session:
        rows, total = hsds_query.fetch(session, listed, paging)
        return _answer(hsds_out.page(items(session, rows, lang), total, paging.number, paging.per_page), lang)


def _detail(model: type[Base], item_id: str, full: Full) -> ResponseReturnValue:
    lang = hsds_query.language(request.args)
    thing = model.__tablename__.removeprefix("hsds_").replace("_", " ")
    with database().transaction() as session:
        row = session.get(model, item_id) if "\x00" not in item_id else None
        if row is None:
            raise NotFound(f"No {thing} {item_id}.")
        return _answer(full(session, row, lang), lang)


def _each(one: Callable[[Any, str], dict[str, Any]]) -> Items:
    return lambda _session, rows, lang: [one(row, lang) for row in rows]


def _answer(body: dict[str, Any], lang: str) -> Response:
    response = jsonify(body)
    response.headers["Content-Language"] = lang
    return response
