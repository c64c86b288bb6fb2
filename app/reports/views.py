"""The service-data report (docs/reports.md): `/reports` for supervisors to read, `/api/reports/
service-data` as JSON or CSV, and the contacts behind each figure. A period is `from` and `to`
(local days), or `quarter` (`FY2026-Q3`), or `ytd` (the fiscal year to date); `version` names the
definitions (default: the version in force at the period's start)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app import csv_export, policy, refused
from app.audit import edge
from app.audit import service as audit
from app.auth import login_required
from app.errors import DomainError, InvalidRequest
from app.models import StaffUser
from app.reports import definitions, periods, service_data
from app.reports.definitions import Definitions
from app.reports.periods import Period
from app.runtime import config as current_config
from app.runtime import database
from app.serializers import display_address, iso

bp = Blueprint("reports", __name__)
MEMBERS_SHOWN = 500


bp.register_error_handler(DomainError, refused.answer)  # JSON on the API, else the refusal page


def asked(args: Mapping[str, str]) -> tuple[Definitions, Period]:
    zone = current_config().TIME_ZONE
    period = periods.asked(args, zone, datetime.now(ZoneInfo(zone)).date())
    version = args.get("version")
    return (definitions.named(version) if version else definitions.in_force(period.first)), period


def _report(user: StaffUser) -> dict[str, Any]:
    policy.authorize(user, "report.read")
    d, period = asked(request.args)
    with database().transaction() as session:
        return service_data.report(session, d, period)


@bp.get("/api/reports/service-data")
@login_required
def service_data_api(user: StaffUser) -> ResponseReturnValue:
    found = _report(user)
    if request.args.get("format") == "csv":
        edge.exported(user.id, f"service-data report, {found['period']['from']} to {found['period']['to']}")
        return _csv(found)
    return jsonify(found)


@bp.get("/reports")
@login_required
def page(user: StaffUser) -> ResponseReturnValue:
    report = _report(user)
    shown = {f.key: f.shown() for f in definitions.named(report["definitions_version"]).figures}  # reader's words
    return render_template("reports.html", current_user=user, report=report, shown=shown, asked=request.args)


@bp.get("/api/reports/service-data/contacts")
@login_required
def contacts_behind(user: StaffUser) -> ResponseReturnValue:
    """The contacts behind one figure (`figure`, or `excluded`), with why an excluded one is."""
    policy.authorize(user, "report.read")
    d, period = asked(request.args)
    name = request.args.get("figure", "")
    if name not in service_data.conditions(d):
        raise InvalidRequest(_("figure must be one of: %(value)s.", value=", ".join(service_data.conditions(d))))
    with database().transaction() as session:
        shown = [_member(c) for c in service_data.members(session, d, period, name, MEMBERS_SHOWN)]
        listed = f"behind {name}, {period.first} to {period.last}"
        audit.record_each(session, "contact.listed", user.id, [c["id"] for c in shown], listed)
    return jsonify(figure=name, definitions_version=d.version, contacts=shown, limit=MEMBERS_SHOWN)


def _member(contact: Any) -> dict[str, Any]:
    return {
        "id": contact.id, "channel": contact.channel, "from_display": display_address(contact),
        "created_at": iso(contact.created_at), "state": contact.state, "outcome": contact.outcome,
        "spam_verdict": contact.spam_verdict, "spam_reasons": [r["detail"] for r in contact.spam_reasons or ()],
        "url": f"/api/contacts/{contact.id}",
    }  # fmt: skip


def _csv(found: dict[str, Any]) -> Response:
    period = found["period"]
    lines: list[list[object]] = [["figure", "value", "surveyed", "definition", "from", "to", "definitions_version"]]
    for f in found["figures"]:
        lines.append([f["label"], f["value"], f.get("surveyed"), f["definition"], period["from"], period["to"],
                      found["definitions_version"]])  # fmt: skip
    name = f"service-data-{period['from']}-{period['to']}.csv"
    return Response(
        csv_export.rows_csv(lines), mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={name}"}
    )
