"""Read-only JSON for staff: the queue and one contact with its thread."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from app import policy, serializers
from app.auth import login_required
from app.domain import ContactState, known_id
from app.errors import DomainError
from app.models import StaffUser
from app.runtime import database
from app.services import conversations, queue
from app.spam import review as spam_review
from app.wrapup import serializers as wrapup_serializers

bp = Blueprint("contacts_api", __name__, url_prefix="/api/contacts")


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError) -> ResponseReturnValue:
    return jsonify(error=error.code, message=error.message), error.http_status


@bp.get("")
@login_required
def list_contacts(user: StaffUser) -> ResponseReturnValue:
    policy.authorize(user, "contact.list")
    raw_state = request.args.get("state")
    if raw_state not in (None, ContactState.QUEUED, ContactState.CLAIMED):
        return jsonify(error="invalid_request", message="state is queued or claimed"), 400
    with database().transaction() as session:
        contacts = queue.open_contacts(session, ContactState(raw_state) if raw_state else None)
        return jsonify(contacts=[serializers.contact_summary(c) for c in contacts])


@bp.get("/<int(signed=True):contact_id>")  # any integer: out-of-range ones get a JSON 404
@login_required
def get_contact(user: StaffUser, contact_id: int) -> ResponseReturnValue:
    known_id(contact_id, "Contact")
    with database().transaction() as session:
        contact, messages = conversations.read_thread(session, user, contact_id)  # need to know, audited
        return jsonify(
            contact=serializers.contact_summary(contact),
            messages=[serializers.message(m) for m in messages],
            wrapup=wrapup_serializers.full(session, contact),
            spam=spam_review.record(session, contact),  # the verdict and every review decision
        )
