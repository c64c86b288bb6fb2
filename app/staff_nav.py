"""The staff pages' menu: every page a signed-in staff member may open, decided by the same
policy actions the pages themselves check, so the menu never offers a page that refuses them."""

from __future__ import annotations

from flask import Flask

from app import policy
from app.models import StaffUser

PAGES = (
    ("Console", "/console", "console.connect"),
    ("Live board", "/supervisor", "board.watch"),
    ("Funder's report", "/reports", "report.read"),
    ("Needs and gaps", "/planning", "report.read"),
    ("Complaints", "/supervisor/complaints", "complaint.manage"),
    ("Spam review", "/supervisor/spam", "spam.review"),
    ("Audit trail", "/supervisor/audit", "audit.read"),
    ("Directory corrections", "/directory/flags", "directory.edit"),
    ("Residents' information", "/admin/privacy", "privacy.read"),
)


def links(user: StaffUser | None) -> list[tuple[str, str]]:
    """(label, path) of the pages `user` may open, in menu order."""
    return [(label, path) for label, path, action in PAGES if policy.can(user, action)]


def register(app: Flask) -> None:
    app.context_processor(lambda: {"staff_links": links})
