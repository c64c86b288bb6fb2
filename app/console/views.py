"""The navigator console page; the live part is the /console socket namespace."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from app.auth import login_required
from app.models import StaffUser

bp = Blueprint("console", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    return redirect(url_for("console.page"))


@bp.get("/console")
@login_required
def page(user: StaffUser) -> ResponseReturnValue:
    return render_template("console.html", current_user=user)
