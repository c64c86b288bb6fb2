"""The second step of a sign-in (`/login/code`) and enrolment (`/login/enrol`): pages between the
password and the session, reachable only with a pending sign-in (else back to `/login`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from app import sign_in_limits
from app.errors import DomainError
from app.models import StaffUser
from app.runtime import config, database
from app.security import next_url
from app.twofactor import codes, service, steps

bp = Blueprint("twofactor", __name__)
WRONG = _l("That code did not work. Type the newest code from your app, or one of your recovery codes.")
ISSUER = "Switchboard"
Step = Callable[[Session, StaffUser], ResponseReturnValue]


@bp.errorhandler(DomainError)
def _refused(error: DomainError) -> ResponseReturnValue:
    return render_template("refused.html", message=error.message), error.http_status


def _target() -> str | None:
    return next_url.safe(request.args.get("next"))


def pending(view: Step) -> Callable[[], ResponseReturnValue]:
    """Run `view` in one transaction with the account between its steps; none: back to `/login`."""

    @wraps(view)
    def wrapper() -> ResponseReturnValue:
        with database().transaction() as s:
            user = steps.pending_user(s)
            if user is None:
                return redirect(url_for("auth.login_form", next=_target()))
            return view(s, user)

    return wrapper


@bp.get("/login/code")
@pending
def code_form(s: Session, user: StaffUser) -> ResponseReturnValue:
    return render_template("login_code.html", next=_target())


@bp.post("/login/code")
@pending
def code(s: Session, user: StaffUser) -> ResponseReturnValue:
    wait = sign_in_limits.minutes_refused(s, request.remote_addr, config().SIGN_IN_FAILURES_PER_ADDRESS)
    if wait:
        return render_template("login_code.html", error=sign_in_limits.refusal(wait), next=_target()), 429
    if not service.second_step(s, user, request.form.get("code", "")):
        return render_template("login_code.html", error=WRONG, next=_target()), 401
    steps.complete(s, user)
    return redirect(_target() or url_for("console.page"))


@bp.get("/login/enrol")
@pending
def enrol_form(s: Session, user: StaffUser) -> ResponseReturnValue:
    return _enrol_page(user.email, service.enrolment_secret(user))


@bp.post("/login/enrol")
@pending
def enrol(s: Session, user: StaffUser) -> ResponseReturnValue:
    """The first code from the app confirms enrolment and completes the sign-in; the page shows
    the recovery codes, once."""
    recovery = service.confirm(s, user, request.form.get("code", ""))
    if recovery is None:
        return _enrol_page(user.email, service.enrolment_secret(user), error=WRONG), 401
    steps.complete(s, user)
    return render_template("login_recovery.html", recovery=recovery, target=_target() or url_for("console.page"))


def _enrol_page(email: str, secret: str, error: str | None = None) -> str:
    link = codes.uri(secret, email, ISSUER)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render_template("login_enrol.html", qr=codes.qr_svg(link), secret=grouped, error=error, next=_target())
