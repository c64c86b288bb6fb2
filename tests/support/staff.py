"""A staff member signed in over HTTP against the running server, for pages and JSON routes."""

from __future__ import annotations

import requests

from tests.conftest import PASSWORD
from tests.support.signin import post_login


def signed_in(live, make_staff, role: str) -> tuple[requests.Session, str]:  # type: ignore[no-untyped-def]
    """A new staff member of `role`, signed in: their HTTP session and email."""
    browser, email = requests.Session(), make_staff(role)
    assert post_login(browser, email, PASSWORD, live.base_url).status_code == 302
    return browser, email
