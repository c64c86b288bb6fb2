"""The public pages a resident or a navigator meets before any console (issue 13 item 6): the
complaints form in both languages, and the sign-in steps with a refusal shown. axe-core finds no
WCAG 2.1 AA violation in Debian's Chromium, and nothing breaks the Content Security Policy."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.support.axe import violations
from tests.support.browser import watched


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_complaints_form_meets_wcag_in_both_languages(live, open_page: Callable[[], Page], lang: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page()
    errors = watched(page)
    page.goto(f"{live.base_url}/complaints?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert violations(page) == []
    assert errors == []


def test_the_sign_in_steps_meet_wcag(live, make_staff, open_page: Callable[[], Page]) -> None:  # type: ignore[no-untyped-def]
    page = open_page()
    errors = watched(page)
    page.goto(f"{live.base_url}/login")
    assert violations(page) == []
    page.fill("#email", make_staff("navigator", "Eve Axe"))
    page.fill("#password", "wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("[role=alert]")).to_be_visible()
    assert violations(page) == []  # the refusal, announced
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#code")).to_be_focused()
    assert violations(page) == []  # the code step
    assert [e for e in errors if "Failed to load resource" not in e] == []  # the refusal is a 401 by design
