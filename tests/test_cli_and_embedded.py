"""The operator's commands and the embedded default.

`flask --app wsgi users create` (run as a real subprocess, password on stdin) makes accounts
that can sign in and refuses bad input with a clear message; `flask --app wsgi demo load` makes
the demo staff once and prints their passwords once. On the embedded default (SQLite, no Redis)
a resident's text is received and a navigator's reply is delivered by the in-process jobs."""

from __future__ import annotations

import os
import subprocess
import sys

from flask import Flask
from sqlalchemy import func, select

from app import create_app
from app import staff as staff_service
from app.models import AuditEntry, Contact, Message, StaffUser
from app.services import conversations, queue
from config import Config
from tests.conftest import PASSWORD
from tests.support import services
from tests.support.fake_twilio import FakeTwilio, Recorded
from tests.support.signin import post_login
from tests.support.twilio_signing import ACCOUNT_SID, AUTH_TOKEN, OUR_NUMBER, PUBLIC_URL, signed_headers, sms_params
from tests.support.waiting import eventually


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    """A command run from the repository, as an operator would, with only `env` configured."""
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "PORT"}}
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=services.ROOT,
        env={**base, **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def flask_cli(settings: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run(["flask", "--app", "wsgi", *args], settings, stdin)


def users_create(settings: dict[str, str], email: str, role: str, password: str) -> subprocess.CompletedProcess[str]:
    """`flask --app wsgi users create EMAIL --role ROLE --password-stdin` with the password piped in."""
    return flask_cli(settings, "users", "create", email, "--role", role, "--password-stdin", stdin=password + "\n")


def signs_in(app: Flask, email: str, password: str) -> bool:
    """Signed in, with the code from their app, or by enrolling in two-factor sign-in (200)."""
    response = post_login(app.test_client(), email, password)
    assert response.status_code in (200, 302, 401), response.status_code
    return response.status_code != 401


def staff_count(app: Flask) -> int:
    with app.extensions["switchboard.db"].transaction() as session:
        return session.scalar(select(func.count()).select_from(StaffUser))


def test_users_create_makes_an_account_that_can_sign_in(app, settings) -> None:  # type: ignore[no-untyped-def]
    result = users_create(settings, "Noor@Test.211.local", "navigator", PASSWORD)

    assert result.returncode == 0, result.stderr
    assert "created navigator noor@test.211.local" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr
    assert signs_in(app, "noor@test.211.local", PASSWORD)
    assert not signs_in(app, "noor@test.211.local", "not the password at all")


def test_users_create_refuses_a_short_password_or_an_unknown_role(app, settings) -> None:  # type: ignore[no-untyped-def]
    short = users_create(settings, "ines@test.211.local", "navigator", "hunter2")
    assert short.returncode != 0
    assert "Passwords are at least 12 characters." in short.stderr

    janitor = users_create(settings, "ines@test.211.local", "janitor", PASSWORD)
    assert janitor.returncode != 0
    assert "'janitor' is not one of 'navigator', 'supervisor', 'admin'" in janitor.stderr

    assert staff_count(app) == 0


def test_users_create_refuses_an_email_that_already_has_an_account(app, settings, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("navigator")

    result = users_create(settings, email.upper(), "admin", "another long password")

    assert result.returncode != 0
    assert f"{email} already has an account." in result.stderr
    assert staff_count(app) == 1
    assert not signs_in(app, email, "another long password")


def test_disabling_an_account_ends_its_session_and_enabling_lets_it_sign_in_again(app, settings, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("navigator")
    browser = app.test_client()
    assert post_login(browser, email, PASSWORD).status_code == 302
    assert browser.get("/api/contacts").status_code == 200

    result = flask_cli(settings, "users", "disable", email)
    assert result.returncode == 0, result.stderr
    assert browser.get("/api/contacts").status_code == 401  # the open session ended
    assert not signs_in(app, email, PASSWORD)

    assert flask_cli(settings, "users", "enable", email).returncode == 0
    assert signs_in(app, email, PASSWORD)


def test_changing_a_role_ends_the_session_so_new_permissions_apply_at_next_sign_in(app, settings, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("navigator")
    browser = app.test_client()
    assert post_login(browser, email, PASSWORD).status_code == 302

    result = flask_cli(settings, "users", "set-role", email, "--role", "supervisor")
    assert result.returncode == 0, result.stderr
    assert f"{email} is now supervisor" in result.stdout
    assert browser.get("/api/contacts").status_code == 401
    unknown = flask_cli(settings, "users", "set-role", "nobody@test.211.local", "--role", "admin")
    assert unknown.returncode != 0
    assert "No account for nobody@test.211.local" in unknown.stderr


def test_demo_load_creates_the_demo_staff_once_and_prints_each_password_once(app, settings) -> None:  # type: ignore[no-untyped-def]
    first = flask_cli(settings, "demo", "load")

    assert first.returncode == 0, first.stderr
    accounts = [line.split() for line in first.stdout.splitlines() if "password:" in line]
    roles = sorted(role for role, _email, _label, _password in accounts)
    assert roles == ["navigator", "navigator", "navigator", "supervisor"]
    passwords = [password for *_, password in accounts]
    assert len(set(passwords)) == 4
    assert all(first.stdout.count(password) == 1 for password in passwords)
    _role, email, _label, password = accounts[0]
    assert signs_in(app, email, password)

    again = flask_cli(settings, "demo", "load")

    assert again.returncode == 0, again.stderr
    assert "already loaded" in again.stdout
    assert "password:" not in again.stdout
    assert not any(password in again.stdout for password in passwords)
    assert staff_count(app) == 4


def test_embedded_default_receives_a_text_and_delivers_the_reply_without_redis_retrying_an_outage(
    tmp_path, fake_twilio: FakeTwilio
) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'instance' / 'switchboard.db'}"
    migrated = run(["alembic", "upgrade", "head"], {"DATABASE_URL": url})
    assert migrated.returncode == 0, migrated.stderr

    config = Config(
        DATABASE_URL=url,
        REDIS_URL="",
        PUBLIC_URL=PUBLIC_URL,
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_FROM_NUMBER=OUR_NUMBER,
        TWILIO_API_BASE_URL=fake_twilio.url,
    )
    assert config.embedded
    app = create_app(config)
    app.config["TESTING"] = True
    db = app.extensions["switchboard.db"]
    try:
        params = sms_params("SM" + "e1" * 16, "(905) 555-0177", "Where can I get a winter coat for my son?")
        response = app.test_client().post("/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params))
        assert response.status_code == 200

        fake_twilio.fail_next(503, 20503, "Service unavailable")  # the first try meets a Twilio outage
        with db.transaction() as session:
            navigator = staff_service.create(session, email="chloe@test.211.local", role="navigator", password=PASSWORD)
            contact_id = session.scalars(select(Contact.id)).one()
            queue.claim(session, navigator, contact_id)
            _, thread = conversations.read_thread(session, navigator, contact_id)  # audited apart from its SELECT
            assert [m.body for m in thread] == ["Where can I get a winter coat for my son?"]
            message_id = conversations.reply(
                session, navigator, contact_id, "The Salvation Army on King St has coats."
            ).id

        def sent() -> list[Recorded]:
            return [m for m in fake_twilio.messages() if m.form.get("To") == "+19055550177"]

        [failed, request] = eventually(lambda: sent() if len(sent()) == 2 else None, timeout=20)
        assert failed.sid is None  # retried after the first interval, in-process
        assert request.form["From"] == OUR_NUMBER
        assert request.form["Body"] == "The Salvation Army on King St has coats."

        def status() -> str | None:
            with db.transaction() as session:
                message = session.get(Message, message_id)
                return message.status if message.status != "pending" else None

        assert eventually(status) == "queued"
        assert len(sent()) == 2
        with db.transaction() as session:
            audited = session.scalars(select(AuditEntry.action).where(AuditEntry.contact_id == contact_id)).all()
        assert audited == ["contact.read"]
    finally:
        db.engine.dispose()
