"""Staff accounts: creating them, checking passwords, and resolving the signed-in user."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.audit import service as audit
from app.domain import Role
from app.errors import InvalidRequest
from app.models import StaffUser
from app.models.base import utcnow

MIN_PASSWORD = 12
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
# Compared against when the email is unknown, so a wrong email costs the same time as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")
# Every request and socket command reads its user: a statement built once keeps its cache key,
# which session.get builds again at every call.
_BY_ID = select(StaffUser).where(StaffUser.id == bindparam("user_id"))
_BY_ID_LOCKED = _BY_ID.with_for_update(key_share=True)  # FOR NO KEY UPDATE: see from_session


def create(
    session: Session, *, email: str, role: str, password: str, name: str | None = None, languages: str = "en"
) -> StaffUser:
    email = email.strip().lower()
    if "@" not in email:
        raise InvalidRequest(f"{email!r} is not an email address.")
    _check_role(role)
    if len(password) < MIN_PASSWORD:
        raise InvalidRequest(f"Passwords are at least {MIN_PASSWORD} characters.")
    if find_by_email(session, email) is not None:
        raise InvalidRequest(f"{email} already has an account.")
    user = StaffUser(
        email=email,
        role=role,
        display_name=name or email.split("@")[0].replace(".", " ").title(),
        password_hash=generate_password_hash(password),
        languages=languages,
    )
    session.add(user)
    session.flush()
    audit.record(session, "staff.created", None, subject_staff_id=user.id, detail=role)
    return user


def find_by_email(session: Session, email: str) -> StaffUser | None:
    return session.scalars(select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower())).first()


def authenticate(session: Session, email: str, password: str) -> StaffUser | None:
    """The account for these credentials, or None: the same None, after the same work, for an
    unknown email, a wrong password and a locked or disabled account, so nobody learns which
    emails have accounts. Five wrong passwords in a row lock the account for a while. Passing
    is the first step only: the caller completes the sign-in (app.auth, app.twofactor)."""
    user = find_by_email(session, email) if _plausible_email(email) else None
    password_ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or (user.locked_until is not None and user.locked_until > utcnow()):
        _refused(session, user, "unknown account" if user is None else "account locked")
        return None
    if not password_ok:
        count_failure(session, user, "wrong password")
        return None
    user.failed_logins, user.locked_until = 0, None
    if not user.active:
        _refused(session, user, "account disabled")
        return None
    return user


def count_failure(session: Session, user: StaffUser, why: str) -> None:
    """A wrong password or code: the fifth in a row locks the account for LOCKOUT."""
    user.failed_logins += 1
    if user.failed_logins >= MAX_FAILED_LOGINS:
        user.failed_logins, user.locked_until = 0, utcnow() + LOCKOUT
        audit.record(session, "sign_in.locked", None, subject_staff_id=user.id, detail=f"for {LOCKOUT}")
    _refused(session, user, why)


def _refused(session: Session, user: StaffUser | None, why: str) -> None:
    """Record a failed sign-in (the account tried, when there is one; never the email typed)."""
    audit.record(session, "sign_in.failed", None, subject_staff_id=user.id if user else None, detail=why)


def _plausible_email(email: str) -> bool:
    """Worth looking up: PostgreSQL text holds no NUL, and no address is longer than 320."""
    return "\x00" not in email and len(email) <= 320


def from_session(session: Session, user_id: object, version: object, *, locked: bool = False) -> StaffUser | None:
    """The staff user a cookie session names, if it is still valid (active, same version); `locked`,
    their row locked until the transaction ends, so that two claims of theirs wait for each other."""
    if not isinstance(user_id, int) or not isinstance(version, int):
        return None
    user = session.scalars(_BY_ID_LOCKED if locked else _BY_ID, {"user_id": user_id}).first()
    return user if session_valid(user, version) else None


def session_valid(user: StaffUser | None, version: int) -> bool:
    return user is not None and user.active and user.session_version == version


def end_sessions(session: Session, user: StaffUser) -> None:
    """Void every session of `user` (logout everywhere, role change, disable)."""
    user.session_version += 1


def set_role(session: Session, email: str, role: str) -> StaffUser:
    """Change a role; the user signs in again so no console keeps the old permissions."""
    _check_role(role)
    user = _existing(session, email)
    change = f"{user.role} to {role}, on the command line"
    user.role = role
    end_sessions(session, user)
    audit.record(session, "staff.role_changed", None, subject_staff_id=user.id, detail=change)
    return user


def set_active(session: Session, email: str, active: bool) -> StaffUser:
    """Disable or enable an account; enabling also lifts a sign-in lock."""
    user = _existing(session, email)
    user.active = active
    user.failed_logins, user.locked_until = 0, None
    end_sessions(session, user)
    action = "staff.enabled" if active else "staff.disabled"
    audit.record(session, action, None, subject_staff_id=user.id, detail="on the command line")
    return user


def set_voice(session: Session, email: str, *, desk: str | None, browser: bool, languages: str | None) -> StaffUser:
    """A navigator's phone (a desk number in E.164, or `browser`) and the languages they speak."""
    user = _existing(session, email)
    if desk and browser:
        raise InvalidRequest("Choose a desk number or the browser phone, not both.")
    if desk or browser:
        user.desk_number = desk
    if languages is not None:
        spoken = [code.strip().lower() for code in languages.split(",") if code.strip()]
        if not spoken or any(not code.isalpha() or len(code) > 3 for code in spoken):
            raise InvalidRequest("Languages are codes separated by commas, e.g. en,fr.")
        user.languages = ",".join(spoken)
    return user


def _check_role(role: str) -> None:
    if role not in set(Role):
        raise InvalidRequest(f"Role must be one of: {', '.join(Role)}.")


def _existing(session: Session, email: str) -> StaffUser:
    user = find_by_email(session, email)
    if user is None:
        raise InvalidRequest(f"No account for {email}.")
    return user
