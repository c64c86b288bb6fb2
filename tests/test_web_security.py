"""What an attacker tries against the pages: redirects off-site after sign-in, forged
cross-site forms, telling accounts apart by their errors, framing and inline script, and
reading internals from the readiness probe. Each attempt is made against a running server."""

from __future__ import annotations

import os
import re

import pytest
import requests

from app import staff as staff_service
from tests.conftest import PASSWORD
from tests.support import services
from tests.support.signin import form_token, post_login

OFF_SITE = [
    "/%09/evil.example",
    "//evil.example/",
    "/\\evil.example",
    "/%5Cevil.example",
    "https://evil.example/",
    "/%2F/evil.example",
    "javascript:alert(1)",
    "/console%0d%0aSet-Cookie:%20x=1",
    "/console%0aLocation:%20https://evil.example",
    "/%00",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_sign_in_never_redirects_off_site_nor_fails(live, make_staff, target) -> None:  # type: ignore[no-untyped-def]
    http = requests.Session()
    form = http.get(f"{live.base_url}/login?next={target}")
    assert form.status_code == 200
    assert "evil" not in form.text and "Set-Cookie" not in form.text
    signed_in = post_login(http, make_staff(), PASSWORD, live.base_url, f"?next={target}")
    assert signed_in.status_code == 302
    assert signed_in.headers["Location"] == "/console"


def test_sign_in_returns_to_a_page_of_ours_with_its_query(live, make_staff) -> None:  # type: ignore[no-untyped-def]
    signed_in = post_login(
        requests.Session(), make_staff(), PASSWORD, live.base_url, "?next=/api/contacts%3Fstate%3Dqueued"
    )
    assert signed_in.headers["Location"] == "/api/contacts?state=queued"


def test_a_cross_site_sign_in_is_refused_and_signs_nobody_in(live, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff()
    browser = requests.Session()
    token = form_token(browser.get(f"{live.base_url}/login").text)
    data = {"email": email, "password": PASSWORD, "csrf_token": token}
    forged = browser.post(
        f"{live.base_url}/login", data=data, headers={"Origin": "https://evil.example"}, allow_redirects=False
    )
    assert forged.status_code == 403
    assert "another site" in forged.text
    assert browser.get(f"{live.base_url}/api/contacts").status_code == 401

    tokenless = requests.post(f"{live.base_url}/login", data={"email": email, "password": PASSWORD})
    assert tokenless.status_code == 403
    stolen_token = requests.post(f"{live.base_url}/login", data=data, allow_redirects=False)  # not this session's
    assert stolen_token.status_code == 403


def test_sign_out_needs_the_pages_token(live, make_staff) -> None:  # type: ignore[no-untyped-def]
    browser = requests.Session()
    assert post_login(browser, make_staff(), PASSWORD, live.base_url).status_code == 302
    console = browser.get(f"{live.base_url}/console")
    for forged in ({}, {"Origin": "https://evil.example"}, {"Referer": "https://evil.example/page"}):
        data = {"csrf_token": form_token(console.text)} if forged else {}
        assert browser.post(f"{live.base_url}/logout", data=data, headers=forged).status_code == 403
    assert browser.get(f"{live.base_url}/api/contacts").status_code == 200  # still signed in

    signed_out = browser.post(f"{live.base_url}/logout", data={"csrf_token": form_token(console.text)})
    assert signed_out.status_code == 200 and signed_out.url.endswith("/login")
    assert browser.get(f"{live.base_url}/api/contacts").status_code == 401


def seen_by_caller(response: requests.Response, email: str) -> tuple[int, str]:
    """The answer with what legitimately differs (the echoed email, the fresh form token) blanked."""
    return response.status_code, response.text.replace(email, "EMAIL").replace(form_token(response.text), "TOKEN")


def test_unknown_and_known_emails_fail_alike_even_once_locked(live, make_staff) -> None:  # type: ignore[no-untyped-def]
    known, unknown = make_staff(), "nobody-here@test.211.local"
    answers: dict[str, list[tuple[int, str]]] = {known: [], unknown: []}
    for _ in range(staff_service.MAX_FAILED_LOGINS + 2):
        for email in (known, unknown):
            response = post_login(requests.Session(), email, "a guess at the password", live.base_url)
            answers[email].append(seen_by_caller(response, email))
    assert answers[known] == answers[unknown]
    assert {status for status, _ in answers[known]} == {401}
    # The known account is locked now: even its right password gets the very same answer.
    right = post_login(requests.Session(), known, PASSWORD, live.base_url)
    assert seen_by_caller(right, known) == answers[unknown][-1]


def test_a_nul_in_the_sign_in_email_is_a_failed_sign_in(live, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff()
    response = post_login(requests.Session(), email + "\x00", PASSWORD, live.base_url)
    assert response.status_code == 401
    assert post_login(requests.Session(), email, PASSWORD, live.base_url).status_code == 302  # nothing broke


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def test_every_page_forbids_inline_script_framing_and_sniffing(live, make_staff) -> None:  # type: ignore[no-untyped-def]
    browser = requests.Session()
    assert post_login(browser, make_staff(), PASSWORD, live.base_url).status_code == 302
    for path in ("/login", "/console", "/api/contacts", "/healthz", "/no-such-page"):
        response = browser.get(f"{live.base_url}{path}")
        policy = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy, path
        assert "unsafe-inline" not in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store", path
        assert not INLINE_SCRIPT.search(response.text), path


def test_readiness_names_failed_checks_but_never_why(settings, make_staff) -> None:  # type: ignore[no-untyped-def]
    broken = {**settings, "DATABASE_URL": "postgresql://ghost_role@127.0.0.1:5432/no_such_database"}
    with services.serving(broken, "gunicorn-broken") as base_url:
        ready = requests.get(f"{base_url}/readyz", timeout=10)
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] == "fail"
    for secret in ("ghost_role", "no_such_database", "5432", "127.0.0.1", "psycopg"):
        assert secret not in ready.text
    log = (services.ARTIFACTS / f"gunicorn-broken-{os.getpid()}.log").read_text()
    assert "readiness check database failed" in log and "ghost_role" in log  # the operator sees why
