"""POST /preferences/language: a staff member chooses the language of their pages, from the
form in every staff page's header; back to the page they were on."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.auth import login_required
from app.i18n.locales import LOCALES
from app.models import StaffUser
from app.runtime import database
from app.security import next_url

bp = Blueprint("i18n", __name__)


@bp.post("/preferences/language")
@login_required
def choose(user: StaffUser) -> ResponseReturnValue:
    chosen = request.form.get("locale", "")
    if chosen not in LOCALES:
        return render_template("refused.html", message=_("Choose English or French."), current_user=user), 400
    with database().transaction() as s:
        s.merge(user).locale = chosen
    return redirect(next_url.safe(request.form.get("next")) or "/console", code=303)
