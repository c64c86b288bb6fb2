"""Sign in as a browser does: load the form (which sets the session's CSRF token), post it back
with the token, then the second step as the staff member would: the code from their app
(tests.support.totp), or enrolment for an account that has none yet. Works with a
`requests.Session` (base_url given) or a Flask test client."""

from __future__ import annotations

import html
import re
from typing import Any

from flask.testing import FlaskClient

from tests.support.totp import code_for

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
SECRET = re.compile(r'<code id="totp-secret">([^<]+)</code>')


def form_token(page: str) -> str:
    match = TOKEN.search(page)
    assert match, "the page has no csrf_token field"
    return match.group(1)


def post_login(client: Any, email: str, password: str, base_url: str = "", query: str = "") -> Any:
    """POST /login with the form's token, then the second step; redirects are not followed (302
    means signed in; enrolling answers 200 with the recovery codes)."""
    token = form_token(client.get(f"{base_url}/login").text)
    data = {"email": email, "password": password, "csrf_token": token}
    first = client.post(f"{base_url}/login{query}", data=data, **_no_follow(client))
    where = first.headers.get("Location", "") if first.status_code == 302 else ""
    if "/login/code" in where:
        return _second_step(client, _url(base_url, where), code_for(email))
    if "/login/enrol" in where:
        url = _url(base_url, where)
        secret = SECRET.search(client.get(url).text)
        assert secret, "the enrolment page shows no key"
        return _second_step(client, url, code_for(email, html.unescape(secret.group(1)).replace(" ", "")))
    return first


def _second_step(client: Any, url: str, code: str) -> Any:
    token = form_token(client.get(url).text)
    return client.post(url, data={"code": code, "csrf_token": token}, **_no_follow(client))


def _url(base_url: str, location: str) -> str:
    return location if location.startswith("http") else base_url + location


def _no_follow(client: Any) -> dict[str, bool]:
    return {} if isinstance(client, FlaskClient) else {"allow_redirects": False}
