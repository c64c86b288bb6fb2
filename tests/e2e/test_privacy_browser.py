"""An administrator answers a resident's request in Debian's Chromium: finds them by their number
as they say it, reads everything held about them, and erases it after a reason and the typed
confirmation. No console errors (a Content Security Policy violation would show as one), and
axe-core finds no WCAG 2.1 AA violation on the three pages. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect
from sqlalchemy import select, update

from app.models import StaffUser
from app.models.base import utcnow
from app.wrapup.models import FollowUp
from tests.conftest import PASSWORD
from tests.support import residents
from tests.support.axe import violations
from tests.support.browser import watched
from tests.support.residents import NAME, STREET
from tests.support.services import ARTIFACTS
from tests.support.totp import code_for


def sign_in(page: Page, base_url: str, email: str, path: str) -> None:
    page.goto(f"{base_url}{path}")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.fill("#code", code_for(email))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}{path}")


def test_an_admin_finds_reads_and_erases_a_resident(live, db, make_staff, open_page: Callable[[], Page]) -> None:  # type: ignore[no-untyped-def]
    navigator, admin = make_staff("navigator"), make_staff("admin")
    with db.transaction() as session:
        residents.seed(session, session.scalars(select(StaffUser.id).where(StaffUser.email == navigator)).one())
        session.execute(update(FollowUp).values(outcome="needs_met", closed_at=utcnow()))
    page = open_page()
    errors = watched(page)
    sign_in(page, live.base_url, admin, "/admin/privacy")
    expect(page.get_by_role("link", name="Residents' information")).to_have_attribute("aria-current", "page")
    page.get_by_label("Number or address").fill("613 555 0111")
    page.get_by_role("button", name="Find").click()
    assert violations(page) == []
    page.get_by_role("link", name=re.compile(r"^Resident \d+$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Everything held about resident")
    expect(page.locator("main")).to_contain_text(f"{NAME} has two children")
    expect(page.locator("main")).to_contain_text(STREET)
    page.screenshot(path=str(ARTIFACTS / "privacy-resident.png"), full_page=True)
    assert violations(page) == []

    page.get_by_role("link", name="Erase at the resident's request").click()
    page.get_by_label(re.compile(r"^Reason")).fill("Resident asked by phone to be forgotten")
    page.get_by_label("Type ERASE to confirm").fill("ERASE")
    assert violations(page) == []
    page.get_by_role("button", name="Erase").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"Erased the personal information of 3 contacts"))
    expect(page.locator("main")).not_to_contain_text(NAME)
    assert errors == []
