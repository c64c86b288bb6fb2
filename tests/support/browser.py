"""Helpers for the console tests in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.support.totp import code_for


def sign_in(page: Page, base_url: str, email: str, path: str = "/console") -> None:
    """Sign in from a live page (the console, the supervisors' board) and wait for its socket."""
    page.goto(f"{base_url}{path}")
    expect(page).to_have_url(f"{base_url}/login?next={path}")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/login/code"))  # the second step, as on their phone
    page.fill("#code", code_for(email))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}{path}")
    expect(page.locator("#connection")).to_have_text("Connected")


def watched(page: Page) -> list[str]:
    """The page's console errors and uncaught exceptions, as they happen."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
