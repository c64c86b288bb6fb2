"""The staff pages' menu: every page a signed-in staff member may open, decided by the same
policy actions the pages themselves check, so the menu never offers a page that refuses them."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app import policy
from app.models import StaffUser

PAGES = (
    (_l("Console"), "/console", "console.connect"),
    (_l("Live board"), "/supervisor", "board.watch"),
    (_l("Funder's report"), "/reports", "report.read"),
    (_l("Needs and gaps"), "/planning", "report.read"),
    (_l("Complaints"), "/supervisor/complaints", "complaint.manage"),
    (_l("Spam review"), "/supervisor/spam", "spam.review"),
    (_l("Audit trail"), "/supervisor/audit", "audit.read"),
    (_l("Directory corrections"), "/directory/flags", "directory.edit"),
    (_l("Residents' information"), "/admin/privacy", "privacy.read"),
)


def links(user: StaffUser | None) -> list[tuple[str, str]]:
    """(label, path) of the pages `user` may open, in menu order, labelled in the page's language."""
    return [(str(label), path) for label, path, action in PAGES if policy.can(user, action)]


def register(app: Flask) -> None:
    app.context_processor(lambda: {"staff_links": links})
