"""The sign-in between its two steps. After the password, the cookie names the account as
`pending` (id, session version, when) for PENDING_SECONDS, not signed in: nothing but the second
step accepts it. Completing a sign-in, with or without a second step, is one function."""

from __future__ import annotations

import time

from flask import redirect, session, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from app import staff, staff_sessions
from app.audit import service as audit
from app.models import StaffUser
from app.runtime import config, database
from app.twofactor import service

PENDING_SECONDS = 300


def after_password(user: StaffUser, target: str | None) -> ResponseReturnValue:
    """The code of an enrolled account; enrolment when two-factor sign-in is required; else in."""
    if service.enrolled(user) or config().TWO_FACTOR_REQUIRED:
        session.clear()
        session["pending"] = [user.id, user.session_version, time.time()]
        step = "twofactor.code_form" if service.enrolled(user) else "twofactor.enrol_form"
        return redirect(url_for(step, next=target))
    with database().transaction() as s:
        complete(s, user)
    return redirect(target or url_for("console.page"))


def pending_user(s: Session) -> StaffUser | None:
    """The account between its steps, if still valid (not expired, same session version, active)."""
    found = session.get("pending")
    if not (isinstance(found, list) and len(found) == 3 and all(isinstance(v, int | float) for v in found)):
        return None
    user_id, version, since = found
    if time.time() - since > PENDING_SECONDS or not isinstance(user_id, int) or not isinstance(version, int):
        return None
    return staff.from_session(s, user_id, version)


def complete(s: Session, user: StaffUser) -> None:
    """Signed in: recorded, and a fresh cookie session (the pending state goes with the old one)."""
    audit.record(s, "sign_in", user.id)
    staff_sessions.start(session, user)
