"""The supervisors' live board page, `/supervisor` (policy action `board.watch`); what it shows
arrives over the /supervisor socket namespace (app/board/namespace.py)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from app import policy
from app.auth import login_required
from app.board.day import service_levels
from app.errors import Forbidden
from app.models import StaffUser
from app.runtime import config as current_config

bp = Blueprint("board", __name__)


@bp.errorhandler(Forbidden)
def _refused(error: Forbidden) -> ResponseReturnValue:
    return render_template("refused.html", message=error.message), error.http_status


@bp.get("/supervisor")
@login_required
def page(user: StaffUser) -> ResponseReturnValue:
    policy.authorize(user, "board.watch")
    config = current_config()
    settings = {"interval": config.BOARD_INTERVAL_SECONDS, "time_zone": config.TIME_ZONE,
                "longest_wait": config.ALERT_LONGEST_WAIT_SECONDS, "abandonment_rate": config.ALERT_ABANDONMENT_RATE,
                "service_levels": service_levels(config)}  # fmt: skip
    return render_template("board.html", current_user=user, settings=settings)
