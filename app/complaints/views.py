"""Staff routes (docs/complaints.md): a navigator logs a complaint from a contact they may read
(`POST /api/contacts/<id>/complaints`, form fields or JSON with the `X-CSRF-Token` header); leads
track complaints on server-rendered pages under /supervisor/complaints (forms with `csrf_token`;
each POST answers 303 back to the complaint's page)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import policy, posted
from app.auth import login_required
from app.complaints import deadlines, fields, service, tracking
from app.complaints.models import RESOLVED, STATUSES, TRANSITIONS, Complaint, parse_reference
from app.errors import DomainError, Forbidden, InvalidRequest
from app.models import StaffUser
from app.models.base import utcnow
from app.runtime import config, database
from app.serializers import iso

bp = Blueprint("complaints", __name__)
DONE = {
    "owner": _l("Owner saved."),
    "status": _l("Status changed."),
    "note": _l("Note added."),
    "resolved": _l("Resolved."),
}


@bp.errorhandler(DomainError)
def _refused(error: DomainError) -> ResponseReturnValue:
    """JSON on the API and to JSON requests; a lead sees the page again with the message."""
    if request.path.startswith("/api/") or request.is_json:
        return jsonify(error=error.code, message=error.message), error.http_status
    manager, complaint_id = g.get("complaint_manager"), (request.view_args or {}).get("complaint_id")
    if manager is None or isinstance(error, Forbidden) or error.http_status == 404:
        return render_template("refused.html", message=error.message), error.http_status
    if complaint_id is None:
        return _list_page(manager, "open", error=error.message), error.http_status
    return _detail_page(manager, complaint_id, error=error.message), error.http_status


@bp.post("/api/contacts/<int(signed=True):contact_id>/complaints")
@login_required
def log(user: StaffUser, contact_id: int) -> ResponseReturnValue:
    """Fields `summary` (required), `name`, `contact_details`, `language`, `channel` (optional)."""
    policy.authorize(user, "complaint.log")
    with database().transaction() as session:
        complaint = service.log_from_contact(session, user, contact_id, posted.fields())
        return jsonify(complaint=_shown(complaint)), 201


@bp.get("/supervisor/complaints")
@login_required
def list_page(user: StaffUser) -> ResponseReturnValue:
    _manager(user)
    return _list_page(user, request.args.get("status") or "open", request.args.get("ref", "")[:20])


@bp.get("/supervisor/complaints/<int:complaint_id>")
@login_required
def detail(user: StaffUser, complaint_id: int) -> ResponseReturnValue:
    _manager(user)
    return _detail_page(user, complaint_id, notice=DONE.get(request.args.get("done", "")))


@bp.post("/supervisor/complaints/<int:complaint_id>/owner")
@login_required
def assign(user: StaffUser, complaint_id: int) -> ResponseReturnValue:
    _manager(user)
    with database().transaction() as session:
        tracking.assign(session, user, complaint_id, fields.staff_id(posted.fields(), "owner_id"))
    return _back(complaint_id, "owner")


@bp.post("/supervisor/complaints/<int:complaint_id>/status")
@login_required
def change_status(user: StaffUser, complaint_id: int) -> ResponseReturnValue:
    """`status`, and `outcome` (required to resolve; a withdrawal's reason)."""
    _manager(user)
    data = posted.fields()
    with database().transaction() as session:
        tracking.change_status(
            session, user, complaint_id, fields.choice(data, "status", STATUSES), data.get("outcome")
        )
    return _back(complaint_id, "status")


@bp.post("/supervisor/complaints/<int:complaint_id>/notes")
@login_required
def add_note(user: StaffUser, complaint_id: int) -> ResponseReturnValue:
    _manager(user)
    with database().transaction() as session:
        tracking.add_note(session, user, complaint_id, posted.fields().get("note"))
    return _back(complaint_id, "note")


@bp.post("/supervisor/complaints/<int:complaint_id>/resolve")
@login_required
def resolve(user: StaffUser, complaint_id: int) -> ResponseReturnValue:
    _manager(user)
    with database().transaction() as session:
        tracking.resolve(session, user, complaint_id, posted.fields().get("outcome"))
    return _back(complaint_id, "resolved")


def _manager(user: StaffUser) -> None:
    """Authorized: errors from here on show the page again (the refusal page before)."""
    g.complaint_manager = policy.authorize(user, "complaint.manage")


def _back(complaint_id: int, done: str) -> ResponseReturnValue:
    return redirect(url_for(".detail", complaint_id=complaint_id, done=done), 303)


def _list_page(user: StaffUser, status: str, ref: str = "", **shown: Any) -> str:
    reference = parse_reference(ref) if ref.strip() else None
    if ref.strip() and reference is None:
        raise InvalidRequest(_("A reference looks like C-000042."))
    with database().transaction() as session:
        listed = service.listed(session, status, reference)
        due = {c.id: deadlines.of(c, config().TIME_ZONE, utcnow()) for c in listed}
        return render_template(
            "complaints_list.html", current_user=user, complaints=listed, due=due, status=status, ref=ref,
            filters=service.FILTERS, limit=service.LIST_LIMIT, **shown,
        )  # fmt: skip


def _detail_page(user: StaffUser, complaint_id: int, **shown: Any) -> str:
    with database().transaction() as session:
        complaint = service.get(session, complaint_id)
        moves = TRANSITIONS[complaint.status]
        return render_template(
            "complaint_detail.html", current_user=user, complaint=complaint, owners=service.owners(session),
            notes=tracking.notes(session, complaint.id), due=deadlines.of(complaint, config().TIME_ZONE, utcnow()),
            moves=[status for status in moves if status != RESOLVED], can_resolve=RESOLVED in moves, **shown,
        )  # fmt: skip


def _shown(complaint: Complaint) -> dict[str, Any]:
    return {"id": complaint.id, "reference": complaint.reference, "channel": complaint.channel,
            "language": complaint.language, "status": complaint.status, "contact_id": complaint.contact_id,
            "received_at": iso(complaint.received_at)}  # fmt: skip
