"""The audit trail's page for supervisors and administrators, `/supervisor/audit`, and its CSV
export (`format=csv`, itself recorded). There is no route that changes an entry."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from app import csv_export, policy, refused
from app.audit import search
from app.audit import service as audit
from app.audit.search import Filters
from app.auth import login_required
from app.errors import DomainError
from app.models import StaffUser
from app.runtime import config, database
from app.serializers import iso

bp = Blueprint("audit", __name__)
SHOWN = 500  # entries on the page, newest first
EXPORTED = 50_000  # entries in one CSV
COLUMNS = ("at", "action", "who", "staff_id", "contact_id", "account", "subject_staff_id", "detail", "address")


bp.register_error_handler(DomainError, refused.answer)


@bp.get("/supervisor/audit")
@login_required
def page(user: StaffUser) -> ResponseReturnValue:
    policy.authorize(user, "audit.read")
    zone = config().TIME_ZONE
    filters = Filters.parse(request.args, zone, datetime.now(ZoneInfo(zone)).date())
    if request.args.get("format") == "csv":
        return _csv(user, filters)
    with database().transaction() as session:
        found = search.entries(session, filters, SHOWN)
        people = search.staff_choices(session)
    return render_template(
        "audit.html", current_user=user, entries=found, filters=filters.shown(), people=people,
        actions=audit.ACTIONS, shown=SHOWN, zone=ZoneInfo(zone),
    )  # fmt: skip


def _csv(user: StaffUser, filters: Filters) -> Response:
    with database().transaction() as session:
        found = search.entries(session, filters, EXPORTED)
        asked = ", ".join(f"{name}={value}" for name, value in filters.shown().items())
        audit.record(session, "export", user.id, detail=f"audit trail ({len(found)} entries; {asked})")
    lines: list[list[object]] = [list(COLUMNS)]
    lines += [[iso(e["at"]) if name == "at" else e[name] for name in COLUMNS] for e in found]
    name = f"audit-{filters.period.first.isoformat()}-to-{filters.period.last.isoformat()}.csv"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(csv_export.rows_csv(lines), mimetype="text/csv", headers=disposition)
