"""Two-factor enrolment and sign-in in Debian's Chromium (issue 11): a new navigator's first sign-in
shows the QR code (drawn in the page) and the key once, a code from the app confirms it, the
recovery codes are shown once, and the next sign-in asks for a code. The steps meet WCAG 2.1 AA."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from app import staff as staff_service
from tests.conftest import PASSWORD
from tests.support.axe import violations
from tests.support.browser import watched
from tests.support.totp import code_for


def test_a_new_navigator_enrols_with_the_qr_page_then_signs_in_with_a_code(live, db, open_page) -> None:  # type: ignore[no-untyped-def]
    base, email = live.base_url, "first.day@test.211.local"
    with db.transaction() as session:
        staff_service.create(session, email=email, role="navigator", password=PASSWORD)
    page = open_page()
    errors = watched(page)
    page.goto(f"{base}/console")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.locator(".qr svg")).to_be_visible()  # drawn in the page: no image fetched from elsewhere
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert violations(page) == []
    page.fill("#code", "000000")
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.locator("[role=alert]")).to_be_visible()  # a wrong code is refused, the page stays
    page.fill("#code", code_for(email, secret))
    page.get_by_role("button", name="Confirm and sign in").click()

    codes = page.locator("#recovery-codes code")
    expect(codes).to_have_count(10)
    assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", code) for code in codes.all_inner_texts())
    assert violations(page) == []
    page.get_by_role("link", name="Continue").click()
    expect(page).to_have_url(f"{base}/console")
    expect(page.locator("#connection")).to_have_text("Connected")
    page.goto(f"{base}/login/enrol")  # the key is never shown again
    expect(page.locator("#totp-secret")).to_have_count(0)

    again = open_page()  # another browser: the password, then a code from the app
    again.goto(f"{base}/console")
    again.fill("#email", email)
    again.fill("#password", PASSWORD)
    again.get_by_role("button", name="Sign in").click()
    expect(again.locator("#code")).to_be_focused()
    again.fill("#code", code_for(email, secret))
    again.get_by_role("button", name="Sign in").click()
    expect(again.locator("#connection")).to_have_text("Connected")
    assert [e for e in errors if "Failed to load resource" not in e] == []  # the wrong code is a 401 by design
