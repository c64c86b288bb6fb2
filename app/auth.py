"""Sign-in and sign-out pages, and `current_user()` for routes and socket handlers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from app import staff
from app.errors import AccountLocked
from app.models import StaffUser
from app.runtime import database

bp = Blueprint("auth", __name__)


def current_user() -> StaffUser | None:
    """The signed-in staff user of this request or socket, re-checked against the database."""
    if "uid" not in session:
        return None
    with database().transaction() as s:
        return staff.from_session(s, session.get("uid"), session.get("ver"))


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Pages redirect to /login; API routes answer 401 JSON."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        user = current_user()
        if user is None:
            if request.path.startswith("/api/"):
                return jsonify(error="unauthorized", message="Sign in first."), 401
            return redirect(url_for("auth.login", next=request.path))
        return view(user, *args, **kwargs)

    return wrapper


@bp.get("/login")
def login_form() -> ResponseReturnValue:
    return render_template("login.html")


@bp.post("/login")
def login() -> ResponseReturnValue:
    email = request.form.get("email", "")
    password = request.form.get("password", "")
    try:
        with database().transaction() as s:  # commits the failure count too
            user = staff.authenticate(s, email, password)
    except AccountLocked as error:
        return render_template("login.html", error=error.message, email=email), 429
    if user is None:
        return render_template("login.html", error="Wrong email or password.", email=email), 401
    session.clear()
    session["uid"], session["ver"] = user.id, user.session_version
    target = request.args.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("console.page"))


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    user = current_user()
    if user is not None:
        with database().transaction() as s:
            staff.end_sessions(s, s.merge(user))
    session.clear()
    return redirect(url_for("auth.login_form"))
