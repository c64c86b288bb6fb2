"""Sign-in and sign-out pages, and `current_user()` for routes and socket handlers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from app import sign_in_limits, staff, staff_sessions
from app.audit import service as audit
from app.i18n import locales
from app.models import StaffUser
from app.runtime import config, database
from app.security import next_url
from app.twofactor import steps

bp = Blueprint("auth", __name__)


SIGN_IN_FAILED = _l("Wrong email or password. After five wrong tries in a row an account is locked for 15 minutes.")


def current_user(*, active: bool = True) -> StaffUser | None:
    """The signed-in staff user of this request or socket, re-checked against the database."""
    with database().transaction() as s:
        return user_in(s, active=active)


def user_in(s: Session, *, active: bool = True, locked: bool = False) -> StaffUser | None:
    """`current_user` read in the caller's transaction (a socket command's own, saving one).
    An idle or too old session ends here; `active` records the request as activity; `locked`
    locks their staff row until the transaction ends (a claim's: app.presence.claims)."""
    claims = session_claims(active=active)
    user = None if claims is None else staff.from_session(s, *claims, locked=locked)
    if user is not None:
        locales.remember(user.locale)  # their pages' language (app.i18n)
    return user


def session_claims(*, active: bool = True) -> tuple[int, int] | None:
    """The staff id and session version the cookie names, if its session is still alive; the
    database says whether they are still valid."""
    if "uid" not in session or staff_sessions.current(session, config(), active=active) is None:
        return None
    staff_id, version = session.get("uid"), session.get("ver")
    return (staff_id, version) if isinstance(staff_id, int) and isinstance(version, int) else None


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Pages redirect to /login; API routes answer 401 JSON."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        user = current_user()
        if user is None:
            if request.path.startswith("/api/"):
                return jsonify(error="unauthorized", message=_("Sign in first.")), 401
            return redirect(url_for("auth.login_form", next=request.path))
        return view(user, *args, **kwargs)

    return wrapper


@bp.get("/login")
def login_form() -> ResponseReturnValue:
    return render_template("login.html", next=next_url.safe(request.args.get("next")))


@bp.post("/login")
def login() -> ResponseReturnValue:
    email = request.form.get("email", "")
    password = request.form.get("password", "")
    target = next_url.safe(request.args.get("next"))
    with database().transaction() as s:  # commits the failure count too
        wait = sign_in_limits.minutes_refused(s, request.remote_addr, config().SIGN_IN_FAILURES_PER_ADDRESS)
        user = None if wait else staff.authenticate(s, email, password)
    shown = email.replace("\x00", "")
    if wait:
        return render_template("login.html", error=sign_in_limits.refusal(wait), email=shown, next=target), 429
    if user is None:
        return render_template("login.html", error=SIGN_IN_FAILED, email=shown, next=target), 401
    return steps.after_password(user, target)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    user = current_user()
    if user is not None:
        with database().transaction() as s:
            staff.end_sessions(s, s.merge(user))
            audit.record(s, "sign_out", user.id)
    session.clear()
    return redirect(url_for("auth.login_form"))
