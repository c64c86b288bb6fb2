"""Directory quality (docs/directory.md, "Flags and corrections"): staff flag a record from a
search result (`POST /api/directory/flags`); administrators review the open flags, correct the
record (English and French side by side) and resolve its flags, on server-rendered pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app import policy, refused
from app.auth import login_required
from app.directory import flag_service, flags
from app.errors import DomainError, InvalidRequest
from app.models import StaffUser
from app.runtime import database

bp = Blueprint("directory_flags", __name__)
LONG_FIELDS = frozenset({"description", "eligibility_description", "application_process", "fees_description",
                         "interpretation_services", "transportation", "alert"})  # fmt: skip


bp.register_error_handler(DomainError, refused.answer)  # JSON on the API, else the refusal page


@bp.post("/api/directory/flags")
@login_required
def raise_flag(user: StaffUser) -> ResponseReturnValue:
    """Form fields (with `csrf_token`, which the app's CSRF check reads from the form) or, should
    that check ever accept a header, a JSON object."""
    policy.authorize(user, "directory.flag")
    data = request.get_json(silent=True) if request.is_json else request.form
    if not isinstance(data, Mapping):
        raise InvalidRequest(_("Send the flag as form fields: kind, record_id, reason, note."))
    with database().transaction() as session:
        flag = flag_service.raise_flag(session, user, data)
        shown = {"id": flag.id, "kind": flag.record_kind, "record_id": flag.record_id, "reason": flag.reason,
                 "note": flag.note, "status": flag.status, "raised_at": flag.raised_at.isoformat()}  # fmt: skip
    return jsonify(flag=shown), 201


@bp.get("/directory/flags")
@login_required
def flags_page(user: StaffUser) -> ResponseReturnValue:
    policy.authorize(user, "directory.edit")
    with database().transaction() as session:
        return render_template("directory_flags.html", current_user=user, listed=flag_service.open_flags(session))


@bp.get("/directory/records/<kind>/<path:record_id>")
@login_required
def edit_form(user: StaffUser, kind: str, record_id: str) -> ResponseReturnValue:
    policy.authorize(user, "directory.edit")
    return _edit_page(user, kind, record_id, notice=_notice(request.args))


@bp.post("/directory/records/<kind>/<path:record_id>")
@login_required
def edit(user: StaffUser, kind: str, record_id: str) -> ResponseReturnValue:
    """Save, then back to the form (so reloading does not post again); a refused field shows the
    form again with what was typed, and nothing is saved."""
    policy.authorize(user, "directory.edit")
    try:
        with database().transaction() as session:
            changed = flag_service.save(session, user, kind, record_id, request.form)
    except InvalidRequest as error:
        return _edit_page(user, kind, record_id, error=error.message, posted=request.form), 400
    return redirect(url_for(".edit_form", kind=kind, record_id=record_id, saved=changed))


@bp.post("/directory/flags/<int:flag_id>/resolve")
@login_required
def resolve(user: StaffUser, flag_id: int) -> ResponseReturnValue:
    """Back to the record's page, or to the list when resolved from there (`back=list`)."""
    policy.authorize(user, "directory.edit")
    with database().transaction() as session:
        flag = flag_service.resolve(session, user, flag_id, request.form.get("note"))
        kind, record_id = flag.record_kind, flag.record_id
    if request.form.get("back") == "list":
        return redirect(url_for(".flags_page"))
    return redirect(url_for(".edit_form", kind=kind, record_id=record_id, resolved=1))


def _edit_page(user: StaffUser, kind: str, record_id: str, **shown: Any) -> str:
    with database().transaction() as session:
        row = flags.find(session, kind, record_id)
        parts = flag_service.parts(session, kind, row)
        return render_template(
            "directory_edit.html", current_user=user, kind=kind, record=row, title=flags.label(row), parts=parts,
            listed=flag_service.open_flags(session, kind, record_id), history=flag_service.history(session, parts),
            choices=flags.CHOICES, long=LONG_FIELDS,
            posted=shown.pop("posted", {}), **shown,
        )  # fmt: skip


def _notice(args: Mapping[str, str]) -> str | None:
    saved = args.get("saved", "")
    if args.get("resolved"):
        return "Flag resolved."
    if saved.isdigit() and len(saved) < 6:
        return f"Saved: {saved} field(s) changed." if saved != "0" else "Nothing to save: no field was changed."
    return None
