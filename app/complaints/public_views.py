"""`/complaints`: the public, bilingual complaints page (docs/complaints.md). It shows the written
complaint and problem-resolution process and a form; a complaint sent is stored and answered with
its reference number. English or French by `lang`, else the browser's Accept-Language, like
/services. Unlike /services the page sets one cookie: the session that holds the form's CSRF token
(app/security/csrf.py), and nothing else."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, make_response, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from werkzeug.exceptions import RequestEntityTooLarge

from app.complaints import deadlines, limits, process_texts, service
from app.complaints.fields import BadInput
from app.complaints.models import Complaint
from app.complaints.public_texts import ANSWER_LANGUAGES, LANGUAGES, day, error
from app.errors import InvalidRequest
from app.runtime import config, database

bp = Blueprint("public_complaints", __name__)
FIELDS = ("name", "contact_details", "language", "summary")
SUBMISSIONS = limits.Limiter(count=10, seconds=3600)  # complaints stored per client address


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_: RequestEntityTooLarge) -> ResponseReturnValue:
    """A body above the app's MAX_CONTENT_LENGTH (1 MiB): the page, in its language, with a 413."""
    lang = _language()
    return _respond(_page(lang, problem=error("too_large")), 413)


@bp.get("/complaints")
def page() -> ResponseReturnValue:
    return _respond(_page(_language()))


@bp.post("/complaints")
def submit() -> ResponseReturnValue:
    """Stored, then the confirmation; a refusal shows the form again with what was typed."""
    lang, address = _language(), request.remote_addr or "unknown"
    if SUBMISSIONS.blocked(address):
        return _respond(_page(lang, problem=error("too_many"), posted=request.form), 429)
    try:
        with database().transaction() as session:
            complaint = service.submit(session, {**request.form.to_dict(), "language": _answer_language(lang)})
            received = {"reference": complaint.reference, "reachable": bool(complaint.contact_details),
                        "day": _acknowledge_by(complaint, lang)}  # fmt: skip
    except BadInput as refused:
        shown = error(refused.key)
        return _respond(_page(lang, problem=shown, invalid=refused.field, posted=request.form), 400)
    except InvalidRequest:
        return _respond(_page(lang, problem=error("invalid"), posted=request.form), 400)
    SUBMISSIONS.record(address)
    return _respond(_page(lang, received=received))


def _language() -> str:
    """`lang` when given (the form posts to its page's language), else Accept-Language."""
    asked = request.args.get("lang", "")
    return asked if asked in LANGUAGES else request.accept_languages.best_match(LANGUAGES, default="en")


def _answer_language(lang: str) -> str:
    """The language chosen for our answer; the page's when the form sent none."""
    chosen = request.form.get("language", "")
    return chosen if chosen else lang


def _acknowledge_by(complaint: Complaint, lang: str) -> str:
    return day(deadlines.of(complaint, config().TIME_ZONE, complaint.received_at).acknowledge_by, lang)


def _page(lang: str, posted: Mapping[str, str] | None = None, **shown: Any) -> str:
    other = "fr" if lang == "en" else "en"
    kept = {name: (posted or {}).get(name, "").replace("\x00", "") for name in FIELDS}  # shown again
    with force_locale(lang):  # the frame's words (public_base.html) are the catalogue's
        return render_template(
            "complaints_public.html", lang=lang, other=other, steps=process_texts.STEPS,
            commitments=process_texts.COMMITMENTS, answer_languages=ANSWER_LANGUAGES,
            switch_url=url_for(".page", lang=other), form_url=url_for(".submit", lang=lang),
            posted=kept | {"language": kept["language"] or lang}, **shown,
        )  # fmt: skip


def _respond(page: str, status: int = 200) -> ResponseReturnValue:
    response = make_response(page, status)
    if "lang" not in request.args:  # the language came from Accept-Language
        response.vary.add("Accept-Language")
    return response
