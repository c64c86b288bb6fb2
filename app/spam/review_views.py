"""The supervisors' spam page (docs/spam.md): the flagged and turned-away contacts, filtered, each
with a form to confirm, clear or block its address; and the block list, to add to and lift from.
Server-rendered forms (with `csrf_token`); the decision and block routes also take JSON (with the
`X-CSRF-Token` header) and then answer JSON."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, g, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import policy, posted
from app.audit import service as audit
from app.auth import login_required
from app.domain import Channel, known_id
from app.errors import DomainError, Forbidden, InvalidRequest
from app.models import StaffUser
from app.models.base import utcnow
from app.runtime import database
from app.serializers import display_address, iso
from app.spam import blocklist, review, review_filters
from app.spam.models import BlockedAddress
from app.spam.review import Filters

bp = Blueprint("spam_review", __name__, url_prefix="/supervisor/spam")
FIELD_MAX = 1000
DONE = {
    "confirmed": _l("Confirmed as spam."),
    "cleared": _l("Cleared: it counts again."),
    "blocked": _l("Address blocked."),
    "queued": _l("Cleared, and back in the queue at its place."),
    "closed": _l("Confirmed, and turned away."),
    "block_added": _l("Added to the block list."),
    "block_lifted": _l("Lifted from the block list."),
}


@bp.errorhandler(DomainError)
def _refused(error: DomainError) -> ResponseReturnValue:
    """JSON to a JSON request; the page again with the message to a supervisor; else refused."""
    if request.is_json:
        return jsonify(error=error.code, message=error.message), error.http_status
    reviewer = g.get("spam_reviewer")
    if reviewer is None or isinstance(error, Forbidden):
        return render_template("refused.html", message=error.message), error.http_status
    try:
        filters = Filters.parse(request.args)
    except InvalidRequest:
        filters = Filters()
    return _page(reviewer, filters, error=error.message), error.http_status


@bp.get("")
@login_required
def page(user: StaffUser) -> ResponseReturnValue:
    _reviewer(user)
    done = DONE.get(request.args.get("done", ""))
    return _page(user, Filters.parse(request.args), notice=done)


@bp.post("/<int:contact_id>/decision")
@login_required
def decide(user: StaffUser, contact_id: int) -> ResponseReturnValue:
    """Form fields `decision` (confirm, clear, block) and `note`; then back to the page, its filters kept."""
    _reviewer(user)
    data = posted.fields()
    with database().transaction() as session:
        decided = review.decide(session, user, contact_id, _text(data, "decision"), _text(data, "note"))
        shown = {"id": decided.decision.id, "contact_id": contact_id, "decision": decided.decision.decision,
                 "moved": decided.moved, "spam": review.record(session, decided.contact)}  # fmt: skip
    if request.is_json:
        return jsonify(shown)
    return _back(decided.moved or decided.decision.decision)


@bp.post("/blocks")
@login_required
def add_block(user: StaffUser) -> ResponseReturnValue:
    """Form fields `channel`, `address`, `reason` and `expires` (optional, YYYY-MM-DD: the last day)."""
    _reviewer(user)
    policy.authorize(user, "spam.block")
    data = posted.fields()
    channel, address, reason = _text(data, "channel"), _text(data, "address"), _text(data, "reason")
    if not address:
        raise InvalidRequest(_("Give the address (the phone number) to block."))
    with database().transaction() as session:
        row = blocklist.block(session, user, channel, address, reason, _expiry(_text(data, "expires")))
        shown = _block(row)
    if request.is_json:
        return jsonify(block=shown), 201
    return _back("block_added")


@bp.post("/blocks/<int:block_id>/lift")
@login_required
def lift_block(user: StaffUser, block_id: int) -> ResponseReturnValue:
    _reviewer(user)
    policy.authorize(user, "spam.block")
    known_id(block_id, "Block")
    with database().transaction() as session:
        shown = _block(blocklist.lift_by_id(session, user, block_id))
    if request.is_json:
        return jsonify(block=shown)
    return _back("block_lifted")


def _reviewer(user: StaffUser) -> None:
    """Authorized: errors from here on show the page again (the refusal page before)."""
    g.spam_reviewer = policy.authorize(user, "spam.review")


def _page(user: StaffUser, filters: Filters, **shown: Any) -> str:
    with database().transaction() as session:
        contacts = review.flagged(session, filters)
        audit.record_each(session, "contact.listed", user.id, [c.id for c in contacts], "spam review")
        return render_template(
            "spam_review.html", current_user=user, contacts=contacts, filters=filters.shown(),
            decisions=review.decisions_of(session, [c.id for c in contacts]), blocks=blocklist.listed(session),
            now=utcnow(), address=display_address, limit=review.LIMIT, channels=list(Channel),
            reasons=review_filters.REASONS, verdicts=review_filters.VERDICTS, reviews=review_filters.REVIEWS, **shown,
        )  # fmt: skip


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name) or ""
    if not isinstance(value, str) or len(value) > FIELD_MAX or "\x00" in value:
        raise InvalidRequest(
            _("%(name)s is text of at most %(limit)s characters, without NUL characters.", name=name, limit=FIELD_MAX)
        )
    return value.strip()


def _expiry(value: str) -> datetime | None:
    """The block holds through the given day (UTC)."""
    last = review_filters.day("expires", value or None)
    return None if last is None else datetime.combine(last, time.max, UTC)


def _block(row: BlockedAddress) -> dict[str, Any]:
    when = {"blocked_at": iso(row.blocked_at), "expires_at": iso(row.expires_at), "lifted_at": iso(row.lifted_at)}
    return {"id": row.id, "channel": row.channel, "value": row.value, "reason": row.reason, **when}


def _back(done: str) -> ResponseReturnValue:
    """To the page (303: reloading it posts nothing again), with the filters it was posted from."""
    try:
        kept = Filters.parse(request.args).shown()
    except InvalidRequest:
        kept = {}
    return redirect(f"{url_for('.page')}?{urlencode({**kept, 'done': done})}", 303)
