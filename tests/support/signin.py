"""Sign in as a browser does: load the form (which sets the session's CSRF token), then post
it back with the token. Works with a `requests.Session` (base_url given) or a Flask test client."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def form_token(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "the page has no csrf_token field"
    return match.group(1)


def post_login(client: Any, email: str, password: str, base_url: str = "", query: str = "") -> Any:
    """POST /login with the form's token; redirects are not followed (302 means signed in)."""
    token = form_token(client.get(f"{base_url}/login").text)
    follow = {} if isinstance(client, FlaskClient) else {"allow_redirects": False}
    data = {"email": email, "password": password, "csrf_token": token}
    return client.post(f"{base_url}/login{query}", data=data, **follow)
