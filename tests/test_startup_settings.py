"""Production guard rails: the DATABASE_URL forms hosting platforms hand out all work, unsafe
production settings stop the web and worker processes before they serve anything (the
embedded default still needs none), and staff sessions end on their own: idle, too old, and
never sent in clear over an https deployment."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import socketio
from sqlalchemy.engine import make_url

from config import Config
from tests.conftest import PASSWORD
from tests.support import services
from tests.support.console_client import Navigator
from tests.support.signin import form_token
from tests.support.waiting import eventually

ROOT = Path(__file__).resolve().parents[1]
REFUSAL = "switchboard will not start: "


def start(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a serving command that should refuse to start; it must exit by itself."""
    clean = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", **env}
    return subprocess.run(args, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
WORKERS = [sys.executable, "-m", "workers"]


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg"])
def test_every_postgresql_url_form_reaches_the_database_through_psycopg(settings, scheme) -> None:  # type: ignore[no-untyped-def]
    url = make_url(settings["DATABASE_URL"]).set(drivername=scheme).render_as_string(hide_password=False)
    assert Config.from_env({"DATABASE_URL": url}).DATABASE_URL.startswith("postgresql+psycopg://")
    with services.serving({**settings, "DATABASE_URL": url}) as base_url:
        ready = requests.get(f"{base_url}/readyz", timeout=10)
        assert ready.json()["checks"]["database"] == "ok", ready.text


@pytest.mark.parametrize("command", [GUNICORN, WORKERS], ids=["web", "workers"])
def test_an_unsupported_database_scheme_is_refused_in_one_line(settings, command) -> None:  # type: ignore[no-untyped-def]
    result = start(command, {**settings, "DATABASE_URL": "mysql://switchboard:secret@db/switchboard"})
    assert result.returncode != 0
    [line] = [line for line in result.stderr.splitlines() if REFUSAL in line]
    assert "postgres://, postgresql://, postgresql+psycopg://" in line
    assert "secret" not in result.stderr  # the password in the URL is not echoed


@pytest.mark.parametrize("command", [GUNICORN, WORKERS], ids=["web", "workers"])
@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "dev-only-secret-change-me"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short-but-not-default"}, "SECRET_KEY"),
        ({"PUBLIC_URL": None}, "PUBLIC_URL"),
        ({"SPAM_RULES": '{"repeat_calls": {"spam_calls": 20'}, "SPAM_RULES is not JSON"),
        ({"SPAM_RULES": '{"no_such_rule": {}}'}, "SPAM_RULES: unknown rules"),
        ({"CAPACITY": "sms=three"}, "CAPACITY"),
        ({"TWO_FACTOR_REQUIRED": "false"}, "TWO_FACTOR_REQUIRED=false is for the embedded demo only"),
        ({"DATABASE_POOL_SIZE": "0"}, "DATABASE_POOL_SIZE must be at least 1"),
    ],
    ids=[
        "no-key",
        "default-key",
        "short-key",
        "no-public-url",
        "spam-rules-json",
        "spam-rules-unknown",
        "capacity",
        "two-factor-off",
        "no-pool",
    ],
)
def test_production_refuses_unsafe_settings(settings, command, changes, complaint) -> None:  # type: ignore[no-untyped-def]
    """Also a spam rules tuning that does not parse (docs/spam.md): refused at start, not at the first text."""
    env = {k: v for k, v in {**settings, **changes}.items() if v is not None}
    result = start(command, env)
    assert result.returncode != 0, result.stdout
    assert REFUSAL in result.stderr and complaint in result.stderr


def test_the_embedded_default_needs_no_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'switchboard.db'}"}
    assert start([sys.executable, "-m", "alembic", "upgrade", "head"], env).returncode == 0
    with services.serving(env, "gunicorn-embedded") as base_url:
        assert requests.get(f"{base_url}/login", timeout=10).status_code == 200


def cookie_flags(response: requests.Response) -> str:
    [cookie] = [v for k, v in response.raw.headers.items() if k.lower() == "set-cookie" and v.startswith("session=")]
    return cookie


def test_the_session_cookie_is_secure_when_served_over_https(settings, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff()
    env = {k: v for k, v in settings.items() if k != "SESSION_COOKIE_SECURE"}  # PUBLIC_URL is https
    with services.serving(env) as base_url:
        form = requests.get(f"{base_url}/login", timeout=10)
        assert "; Secure" in cookie_flags(form)
        # A browser would send it back only over https; here we hand it over ourselves.
        cookie = cookie_flags(form).split(";")[0]
        data = {"email": email, "password": PASSWORD, "csrf_token": form_token(form.text)}
        signed_in = requests.post(f"{base_url}/login", data=data, headers={"Cookie": cookie}, allow_redirects=False)
        assert signed_in.status_code == 302
        assert "; Secure" in cookie_flags(signed_in)
        assert "; HttpOnly" in cookie_flags(signed_in)


@pytest.fixture
def short_sessions(settings) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {**settings, "SESSION_IDLE_SECONDS": "2", "SESSION_LIFETIME_SECONDS": "6"}


def test_an_idle_session_ends_and_closes_its_console(short_sessions, make_staff) -> None:  # type: ignore[no-untyped-def]
    with services.serving(short_sessions) as base_url:
        amira = Navigator(base_url, make_staff(), PASSWORD).connect(heartbeat_every=0.5)
        try:
            assert amira.http.get(f"{base_url}/api/contacts").status_code == 200
            # Heartbeats are the page's timer, not the navigator: they do not keep the session alive.
            ended = amira.wait_for("session_ended", timeout=10)
            assert "sign in again" in ended["message"]
            assert amira.http.get(f"{base_url}/api/contacts").status_code == 401
        finally:
            amira.disconnect()


def test_a_busy_session_still_ends_at_its_lifetime(short_sessions, make_staff) -> None:  # type: ignore[no-untyped-def]
    with services.serving(short_sessions) as base_url:
        amira = Navigator(base_url, make_staff(), PASSWORD).connect(heartbeat_every=None)
        try:
            signed_in_at = time.monotonic()

            def refused_while_active() -> bool:
                with contextlib.suppress(socketio.exceptions.SocketIOError):  # closed at lifetime too
                    amira.sio.emit("open", {"contact_id": 1}, namespace="/console")  # a command: activity
                return amira.http.get(f"{base_url}/api/contacts").status_code == 401

            assert eventually(refused_while_active, timeout=15, interval=0.5)
            assert time.monotonic() - signed_in_at > 4  # active all along: idle never struck
            amira.wait_for("session_ended", timeout=5)
        finally:
            amira.disconnect()


def test_gunicorns_master_checks_the_settings_before_loading_what_gevent_must_patch_first() -> None:
    """gunicorn.conf.py checks the settings in the master; the gevent worker patches the standard
    library after the fork. Nothing the check loads may hold its own reference to ssl's classes
    (Socket.IO's HTTP clients do), or gevent warns and those stay unpatched."""
    check = (
        "import sys, warnings, startup; startup.load_for_serving({'DATABASE_URL': 'sqlite://'});"
        "from gevent import monkey;"
        "warnings.simplefilter('always');"
        "caught = warnings.catch_warnings(record=True); seen = caught.__enter__(); monkey.patch_all();"
        "print([str(w.message)[:60] for w in seen], 'flask_socketio' in sys.modules)"
    )
    loaded = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True, timeout=60)
    assert loaded.stdout.strip() == "[] False"
