"""Access and erasure on request, for administrators (docs/privacy.md): `/admin/privacy` finds a
resident by a number or an address (posted, so it never sits in a URL or a log), a resident's page
shows everything held about them, `/api/privacy/residents/<id>` exports it as JSON, and the erase
page asks for a reason and a typed confirmation. Each view, export and erasure is audited."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from app import policy, refused
from app.audit import service as audit
from app.auth import login_required
from app.domain import known_id
from app.errors import DomainError, NotFound
from app.models import Resident, StaffUser
from app.privacy import holdings, requests
from app.runtime import config, database

bp = Blueprint("privacy", __name__)


bp.register_error_handler(DomainError, refused.answer)


@bp.route("/admin/privacy", methods=["GET", "POST"])
@login_required
def search(user: StaffUser) -> ResponseReturnValue:
    policy.authorize(user, "privacy.read")
    asked = request.form.get("q", "") if request.method == "POST" else ""
    with database().transaction() as session:
        found = [holdings.gather(session, r) for r in holdings.find(session, asked, config().DEFAULT_REGION)]
    return render_template("privacy_search.html", current_user=user, asked=asked, found=found,
                           searched=request.method == "POST")  # fmt: skip


@bp.get("/admin/privacy/residents/<int:resident_id>")
@login_required
def resident(user: StaffUser, resident_id: int) -> ResponseReturnValue:
    policy.authorize(user, "privacy.read")
    held = _held(user, resident_id, "privacy.read", f"everything held about resident {resident_id}")
    return render_template("privacy_resident.html", current_user=user, held=held, erased=None)


@bp.get("/api/privacy/residents/<int:resident_id>")
@login_required
def export(user: StaffUser, resident_id: int) -> ResponseReturnValue:
    policy.authorize(user, "privacy.read")
    held = _held(user, resident_id, "export", f"everything held about resident {resident_id} (JSON)")
    disposition = f'attachment; filename="resident-{resident_id}.json"'
    return jsonify(held), 200, {"Content-Disposition": disposition}


@bp.route("/admin/privacy/residents/<int:resident_id>/erase", methods=["GET", "POST"])
@login_required
def erase(user: StaffUser, resident_id: int) -> ResponseReturnValue:
    policy.authorize(user, "privacy.erase")
    if request.method == "GET":
        return _erase_form(user, resident_id, error=None)
    form = request.form
    try:
        with database().transaction() as session:
            erased = requests.erase_resident(session, resident_id, user.id, form.get("reason", ""),
                                             form.get("confirmation", ""))  # fmt: skip
    except DomainError as error:
        return _erase_form(user, resident_id, error=error.message), error.http_status
    held = _held(user, resident_id, "privacy.read", f"resident {resident_id}, after erasing")
    return render_template("privacy_resident.html", current_user=user, held=held, erased=erased)


def _erase_form(user: StaffUser, resident_id: int, error: str | None) -> str:
    with database().transaction() as session:
        held = _gather(session, resident_id)
    return render_template("privacy_erase.html", current_user=user, held=held, error=error,
                           reason=request.form.get("reason", ""), limits=(requests.REASON_MIN, requests.REASON_MAX),
                           confirmation=requests.CONFIRMATION)  # fmt: skip


def _held(user: StaffUser, resident_id: int, action: str, detail: str) -> dict[str, Any]:
    """Everything held about the resident, audited as read (or exported) for each contact."""
    with database().transaction() as session:
        held = _gather(session, resident_id)
        ids = [contact["id"] for contact in held["contacts"]]
        if ids:
            audit.record_each(session, action, user.id, ids, detail)
        else:
            audit.record(session, action, user.id, detail=detail)
    return held


def _gather(session: Session, resident_id: int) -> dict[str, Any]:
    if session.get(Resident, known_id(resident_id, "Resident")) is None:
        raise NotFound(_("No such resident."))
    return holdings.gather(session, resident_id)
