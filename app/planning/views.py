"""Needs and gaps for planners (docs/planning.md): `/planning`, a page for supervisors and
administrators, and `/api/planning/needs` (JSON, or one table as CSV). Everything they show is
suppressed (app.planning.suppression)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app import policy, refused
from app.audit import edge
from app.auth import login_required
from app.errors import DomainError, InvalidRequest
from app.i18n import locales
from app.models import StaffUser
from app.planning import chart, export, report
from app.planning.suppression import MARK, THRESHOLD
from app.reports import periods
from app.reports.periods import Period
from app.runtime import config, database

bp = Blueprint("planning", __name__)
FORMATS = ("json", "csv")


bp.register_error_handler(DomainError, refused.answer)


@bp.get("/planning")
@login_required
def page(user: StaffUser) -> ResponseReturnValue:
    """The tables and the chart; a bad period is the page again with the message (400)."""
    policy.authorize(user, "report.read")
    try:
        period = _period(request.args)
    except InvalidRequest as error:
        return _page(user, error=error.message), 400
    found = _report(period)
    bars = chart.unmet_by_term(found.tables["by_term"], french=locales.current() == "fr")
    return _page(user, found=found, chart=bars)


@bp.get("/api/planning/needs")
@login_required
def needs_api(user: StaffUser) -> ResponseReturnValue:
    """`from`, `to`, `table` (one of report.SPECS; every table when absent, JSON only) and
    `format` (json, csv)."""
    policy.authorize(user, "report.read")
    period = _period(request.args)
    table, form = request.args.get("table") or None, request.args.get("format") or "json"
    if table is not None and table not in report.SPECS:
        choices, got = ", ".join(report.SPECS), repr(table[:40])
        raise InvalidRequest(_("table must be one of: %(choices)s (got %(got)s).", choices=choices, got=got))
    if form not in FORMATS:
        raise InvalidRequest(_("format must be json or csv (got %(got)s).", got=repr(form[:20])))
    if form == "csv" and table is None:
        raise InvalidRequest(_("Name the table to download as CSV: one of %(specs)s.", specs=", ".join(report.SPECS)))
    found = _report(period)
    if table is not None and form == "csv":
        name = f"{table}-{period.first.isoformat()}-to-{period.last.isoformat()}.csv"
        edge.exported(user.id, f"needs and gaps: {name}")
        return Response(
            export.table_csv(table, found.tables[table]), mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )  # fmt: skip
    return jsonify(export.report_json(found, table))


def _period(args: Mapping[str, str]) -> Period:
    zone = config().TIME_ZONE
    return periods.asked(args, zone, datetime.now(ZoneInfo(zone)).date())


def _report(period: Period) -> report.Report:
    reasons = [r.strip() for r in config().WRAPUP_UNMET_REASONS.split(",") if r.strip()]
    with database().transaction() as session:
        return report.build(session, period, reasons)


def _page(user: StaffUser, **shown: Any) -> str:
    return render_template("planning.html", current_user=user, asked=request.args, specs=report.SPECS,
                           mark=MARK, threshold=THRESHOLD, **shown)  # fmt: skip
