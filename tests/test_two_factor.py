"""Two-factor sign-in (docs/twofactor.md): required by default, enrolled with a QR code and a key
shown once, confirmed by a first code; each code works once; recovery codes work once each; wrong
codes lock the account like wrong passwords; an administrator's reset makes the account enrol
again; and a password alone opens nothing."""

from __future__ import annotations

import re

import requests
from sqlalchemy import select

from app import staff as staff_service
from app.models import AuditEntry
from tests.conftest import PASSWORD
from tests.support.signin import SECRET, form_token
from tests.support.totp import code_for
from tests.test_cli_and_embedded import flask_cli


def _password_step(http: requests.Session, base_url: str, email: str) -> requests.Response:
    token = form_token(http.get(f"{base_url}/login").text)
    data = {"email": email, "password": PASSWORD, "csrf_token": token}
    return http.post(f"{base_url}/login?next=/console", data=data, allow_redirects=False)


def _type(http: requests.Session, url: str, code: str) -> requests.Response:
    token = form_token(http.get(url).text)
    return http.post(url, data={"code": code, "csrf_token": token}, allow_redirects=False)


def _actions(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_new_account_enrols_at_its_first_sign_in_and_then_needs_a_code(live, db) -> None:  # type: ignore[no-untyped-def]
    email = "newcomer@test.211.local"
    with db.transaction() as session:
        staff_service.create(session, email=email, role="navigator", password=PASSWORD)
    http = requests.Session()
    first = _password_step(http, live.base_url, email)
    assert first.status_code == 302 and first.headers["Location"].startswith("/login/enrol")
    assert http.get(f"{live.base_url}/console", allow_redirects=False).status_code == 302  # not signed in yet

    enrol_url = live.base_url + first.headers["Location"]
    page = http.get(enrol_url).text
    assert "<svg" in page and "otpauth" not in page  # the QR code is drawn, not linked
    secret = SECRET.search(page).group(1).replace(" ", "")  # type: ignore[union-attr]
    assert _type(http, enrol_url, "000000").status_code == 401
    done = _type(http, enrol_url, code_for(email, secret))
    assert done.status_code == 200
    recovery = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", done.text)
    assert len(recovery) == 10
    assert http.get(f"{live.base_url}/console").status_code == 200

    again = requests.Session()
    second = _password_step(again, live.base_url, email)
    assert second.headers["Location"].startswith("/login/code")  # enrolled: a code from now on
    assert _type(again, live.base_url + second.headers["Location"], recovery[0]).status_code == 302
    third = requests.Session()
    url = live.base_url + _password_step(third, live.base_url, email).headers["Location"]
    assert _type(third, url, code_for(email, secret)).status_code == 302  # the app's next code
    assert "twofactor.enrolled" in _actions(db) and "twofactor.recovery_used" in _actions(db)


def test_a_code_and_a_recovery_code_work_once(live, db, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("navigator")
    http = requests.Session()
    code = code_for(email)
    url = live.base_url + _password_step(http, live.base_url, email).headers["Location"]
    assert _type(http, url, code).status_code == 302
    replay = requests.Session()
    url = live.base_url + _password_step(replay, live.base_url, email).headers["Location"]
    answer = _type(replay, url, code)
    assert answer.status_code == 401 and "That code did not work" in answer.text
    assert replay.get(f"{live.base_url}/api/contacts").status_code == 401


def test_wrong_codes_lock_the_account_like_wrong_passwords(live, db, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("navigator")
    http = requests.Session()
    url = live.base_url + _password_step(http, live.base_url, email).headers["Location"]
    for _ in range(5):
        assert _type(http, url, "123456").status_code == 401
    assert _type(http, url, code_for(email)).status_code == 401  # locked: even the right code
    assert _actions(db).count("sign_in.failed") == 6 and "sign_in.locked" in _actions(db)


def test_the_code_page_without_a_password_first_is_the_sign_in_page(live) -> None:  # type: ignore[no-untyped-def]
    answer = requests.get(f"{live.base_url}/login/code", allow_redirects=False)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")
    assert requests.get(f"{live.base_url}/login/enrol", allow_redirects=False).status_code == 302


def test_an_administrators_reset_makes_the_account_enrol_again(live, db, settings, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("navigator")
    result = flask_cli(settings, "users", "reset-2fa", email)
    assert result.returncode == 0 and "will set up two-factor sign-in again" in result.stdout
    first = _password_step(requests.Session(), live.base_url, email)
    assert first.headers["Location"].startswith("/login/enrol")
    assert "twofactor.reset" in _actions(db)
