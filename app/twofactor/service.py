"""Two-factor accounts: enrolment (a secret kept unconfirmed until its first code), the second step
of a sign-in (a code, or a recovery code used up), and the administrator's reset. A wrong code
counts towards the account's lock like a wrong password, and every outcome is audited."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.errors import InvalidRequest
from app.models import StaffUser
from app.models.base import utcnow
from app.staff import count_failure, end_sessions, find_by_email
from app.twofactor import codes


def enrolled(user: StaffUser) -> bool:
    return user.totp_enabled_at is not None


def enrolment_secret(user: StaffUser) -> str:
    """The secret to show at enrolment: a new one, or the one shown before and not yet confirmed."""
    if enrolled(user):
        raise InvalidRequest(_("Two-factor sign-in is already set up for this account."))
    if user.totp_secret is None:
        user.totp_secret = codes.new_secret()
    return user.totp_secret


def confirm(session: Session, user: StaffUser, code: str) -> list[str] | None:
    """Enable two-factor sign-in with the first code from the app: the recovery codes, shown once."""
    step = codes.step_matching(enrolment_secret(user), code, None)
    if step is None:
        count_failure(session, user, "wrong enrolment code")
        return None
    recovery = codes.new_recovery_codes()
    user.totp_enabled_at, user.totp_last_step = utcnow(), step
    user.recovery_hashes = [codes.recovery_hash(c) for c in recovery]
    audit.record(session, "twofactor.enrolled", user.id)
    return recovery


def second_step(session: Session, user: StaffUser, code: str) -> bool:
    """Whether `code` (from the app, or a recovery code, which is then used up) completes the
    sign-in of an enrolled account that passed its password. A locked account passes nothing.
    The caller completes the sign-in (app.auth)."""
    if user.locked_until is not None and user.locked_until > utcnow():
        count_failure(session, user, "account locked")
        return False
    step = codes.step_matching(user.totp_secret or "", code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
    elif codes.recovery_hash(code) in user.recovery_hashes:
        user.recovery_hashes = [h for h in user.recovery_hashes if h != codes.recovery_hash(code)]
        audit.record(session, "twofactor.recovery_used", user.id, detail=f"{len(user.recovery_hashes)} left")
    else:
        count_failure(session, user, "wrong code")
        return False
    user.failed_logins = 0
    return True


def reset(session: Session, email: str) -> StaffUser:
    """An administrator's reset (a lost phone): the account enrols again at its next sign-in."""
    user = find_by_email(session, email)
    if user is None:
        raise InvalidRequest(_("No account for %(email)s.", email=email))
    user.totp_secret, user.totp_enabled_at, user.totp_last_step, user.recovery_hashes = None, None, None, []
    end_sessions(session, user)
    audit.record(session, "twofactor.reset", None, subject_staff_id=user.id, detail="on the command line")
    return user
