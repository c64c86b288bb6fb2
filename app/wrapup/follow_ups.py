"""Follow-ups (docs/wrapup.md): with the resident's consent, a call back due on a day and
assigned to a navigator; each attempt is kept (reached, no answer, message left), and the final
outcome records how the resident's needs turned out, which updates each need's final status."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import policy
from app.errors import InvalidRequest, InvalidState, NotFound
from app.models import StaffUser
from app.models.base import utcnow
from app.wrapup import vocabulary
from app.wrapup.models import FollowUp, FollowUpAttempt, Need
from app.wrapup.service import held, record_of

# A follow-up's outcome -> the final status of needs the navigator does not name one for.
NEEDS_AFTER = {"needs_met": "met", "partly_met": "partially_met", "not_met": "unmet"}


def schedule(session: Session, actor: StaffUser, contact_id: int, due_on: object, assignee_id: int | None) -> FollowUp:
    held(session, actor, contact_id)
    if not record_of(session, contact_id).consent_follow_up:
        raise InvalidState(_("Record the resident's consent to a follow-up first."))
    assignee = session.get(StaffUser, assignee_id or actor.id)
    if assignee is None or not assignee.active:
        raise NotFound(_("No such navigator to assign."))
    follow_up = FollowUp(contact_id=contact_id, assignee_id=assignee.id, due_on=_day(due_on), created_by_id=actor.id)
    session.add(follow_up)
    session.flush()
    return follow_up


def _day(value: object) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidRequest(_("due_on is a date, e.g. 2026-12-04.")) from None


def _open(session: Session, actor: StaffUser, follow_up_id: int) -> FollowUp:
    """The follow-up, still open, for its assignee or a lead (anyone else: not_found)."""
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None or not (follow_up.assignee_id == actor.id or actor.role_enum in policy.LEADS):
        raise NotFound(_("You have no follow-up with this id."))
    if follow_up.outcome is not None:
        raise InvalidState(_("This follow-up is closed."))
    return follow_up


def attempt(session: Session, actor: StaffUser, follow_up_id: int, outcome: object, note: object) -> FollowUpAttempt:
    follow_up = _open(session, actor, follow_up_id)
    if outcome not in vocabulary.ATTEMPT_OUTCOMES:
        raise InvalidRequest(_("outcome is one of: %(choices)s.", choices=", ".join(vocabulary.ATTEMPT_OUTCOMES)))
    if note is not None and (not isinstance(note, str) or len(note) > 1000 or "\0" in note):
        raise InvalidRequest(_("note is text of at most 1000 characters."))
    made = FollowUpAttempt(follow_up_id=follow_up.id, outcome=str(outcome), note=note or None, by_id=actor.id)
    session.add(made)
    session.flush()
    return made


def close(session: Session, actor: StaffUser, follow_up_id: int, outcome: object, needs: dict[str, Any]) -> FollowUp:
    """Close with its outcome; `needs` ({need id: status}) overrides the status the outcome gives."""
    follow_up = _open(session, actor, follow_up_id)
    if outcome not in vocabulary.FOLLOW_UP_OUTCOMES:
        raise InvalidRequest(_("outcome is one of: %(choices)s.", choices=", ".join(vocabulary.FOLLOW_UP_OUTCOMES)))
    for need in session.scalars(select(Need).where(Need.contact_id == follow_up.contact_id)):
        named = needs.get(str(need.id))
        if named is not None and named not in vocabulary.NEED_STATUSES:
            raise InvalidRequest(
                _("A need's final status is one of: %(choices)s.", choices=", ".join(vocabulary.NEED_STATUSES))
            )
        need.final_status = named or NEEDS_AFTER.get(str(outcome), need.final_status)
    follow_up.outcome, follow_up.closed_at = str(outcome), utcnow()
    return follow_up


def due_for(session: Session, actor: StaffUser, today: date) -> list[dict[str, Any]]:
    """The actor's open follow-ups, oldest due first, each marked overdue or due."""
    mine = select(FollowUp).where(FollowUp.assignee_id == actor.id, FollowUp.outcome.is_(None))
    return [shown(session, f, today) for f in session.scalars(mine.order_by(FollowUp.due_on, FollowUp.id))]


def shown(session: Session, follow_up: FollowUp, today: date) -> dict[str, Any]:
    attempts = session.scalars(select(FollowUpAttempt).where(FollowUpAttempt.follow_up_id == follow_up.id)).all()
    state = "overdue" if follow_up.due_on < today else "due" if follow_up.due_on == today else "upcoming"
    return {
        "id": follow_up.id, "contact_id": follow_up.contact_id, "due_on": follow_up.due_on.isoformat(), "state": state,
        "method": record_of(session, follow_up.contact_id).follow_up_method,
        "attempts": [{"outcome": a.outcome, "note": a.note, "at": a.at.isoformat()} for a in attempts],
    }  # fmt: skip
