"""The navigator console page; the live part is the /console socket namespace."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from app.auth import login_required
from app.calls import targets
from app.models import StaffUser
from app.runtime import config as current_config
from app.runtime import database

bp = Blueprint("console", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    return redirect(url_for("console.page"))


@bp.get("/console")
@login_required
def page(user: StaffUser) -> ResponseReturnValue:
    """The page, with whom its user can add to a call (colleagues, programs, interpreters)."""
    with database().transaction() as session:
        call_targets = targets.colleagues(session, user) + targets.configured(current_config())
    return render_template("console.html", current_user=user, call_targets=call_targets)
