"""Fixtures over real services: PostgreSQL (schema built by the migrations), Redis, a fake
Twilio REST server, and — for end-to-end tests — the app under gunicorn plus `python -m workers`.

Every test starts from empty tables. A missing PostgreSQL or Redis fails the run; nothing is
skipped."""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Iterator

import pytest
from redis import Redis
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app import create_app
from app import staff as staff_service
from app.models import Base
from config import Config
from tests.support import services, totp
from tests.support.console_client import Navigator
from tests.support.fake_twilio import FakeTwilio
from tests.support.twilio_signing import PUBLIC_URL, twilio_settings

# Each run gets its own database, job queue and Socket.IO channel, so runs never collide.
RUN_ID = f"{os.getpid()}"
DATABASE_URL = os.environ.get(
    "TEST_DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:5432/switchboard_test_{RUN_ID}"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PASSWORD = "correct horse battery staple"
LEASE_SECONDS = 4


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    services.recreate_database(DATABASE_URL)
    services.migrate(DATABASE_URL)
    yield DATABASE_URL
    services.drop_database(DATABASE_URL)


@pytest.fixture(scope="session")
def redis_url() -> str:
    Redis.from_url(REDIS_URL).ping()  # fail now, loudly, when Redis is not there
    return REDIS_URL


@pytest.fixture(scope="session")
def fake_twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def settings(database_url: str, redis_url: str, fake_twilio: FakeTwilio) -> dict[str, str]:
    """The environment every process of the test run shares (see docs/configuration.md)."""
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "PUBLIC_URL": PUBLIC_URL,
        "SECRET_KEY": "test-secret-key-of-at-least-32-characters",
        # PUBLIC_URL is https (as Twilio signs it) but the tests reach the server over plain http.
        "SESSION_COOKIE_SECURE": "false",
        **twilio_settings(fake_twilio.url),
        "VOICE_TRANSFER_DIRECTORY": "Distress line=+14165550123",
        "VOICE_INTERPRETERS": "es=+14165550199",
        "CLAIM_LEASE_SECONDS": str(LEASE_SECONDS),
        "SWEEP_INTERVAL_SECONDS": "0.5",
        "OUTBOX_RETRY_AFTER_SECONDS": "3",
        "RQ_QUEUE": f"switchboard-test-{RUN_ID}",
        "SOCKETIO_CHANNEL": f"switchboard-test-{RUN_ID}",
        "NO_PROXY": "127.0.0.1,localhost",
        # Out of the way of the other tests (a navigator claims many texts, French contacts go to
        # anyone); tests/test_presence.py runs a server of its own with the defaults.
        "CAPACITY": "voice=50,sms=100,chat=100,email=100",
        "LANGUAGE_FIRST_SECONDS": "0",
        # The live workers' sweeps erase nothing: the privacy tests erase when and what they choose.
        "RETENTION_DAYS": "0",
        # Every server of the run keeps the connections it opened: half the default each, so that
        # the run's servers stay within PostgreSQL's max_connections (docs/decisions.md).
        "DATABASE_POOL_SIZE": "10",
    }


@pytest.fixture(scope="session")
def config(settings: dict[str, str]) -> Config:
    return Config.from_env(settings)


@pytest.fixture(scope="session")
def app(config: Config):  # type: ignore[no-untyped-def]
    app = create_app(config)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def db(app):  # type: ignore[no-untyped-def]
    return app.extensions["switchboard.db"]


@pytest.fixture(autouse=True)
def _empty_tables(request: pytest.FixtureRequest, fake_twilio: FakeTwilio) -> None:
    """Every test starts with no rows and no recorded Twilio traffic."""
    fake_twilio.reset()
    if "database_url" not in request.fixturenames and "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    # The live worker may still be finishing the previous test's job, locking tables in another
    # order than TRUNCATE does: PostgreSQL then breaks the deadlock, and we simply try again.
    for attempt in range(10):
        try:
            with app.extensions["switchboard.db"].transaction() as session:
                session.execute(text(f"TRUNCATE {tables} CASCADE"))
            return
        except OperationalError:
            if attempt == 9:
                raise
            time.sleep(0.2)


_emails = itertools.count(1)


@pytest.fixture
def make_staff(db) -> Callable[..., str]:  # type: ignore[no-untyped-def]
    """Create a staff account, enrolled in two-factor sign-in (tests.support.totp); returns its
    email (the password is PASSWORD)."""

    def make(role: str = "navigator", name: str | None = None) -> str:
        email = f"{role}{next(_emails)}@test.211.local"
        with db.transaction() as session:
            totp.enrol(staff_service.create(session, email=email, role=role, password=PASSWORD, name=name))
        return email

    return make


class Live:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url


@pytest.fixture(scope="session")
def live(settings: dict[str, str]) -> Iterator[Live]:
    """The production shape: gunicorn serving wsgi:app and one `python -m workers`."""
    port = services.free_port()
    env = {**settings, "PORT": str(port), "ALLOWED_ORIGINS": f"http://127.0.0.1:{port}"}
    web = services.gunicorn(env)
    worker = services.workers(env)
    try:
        services.wait_http(f"http://127.0.0.1:{port}/healthz", server=web)
        yield Live(f"http://127.0.0.1:{port}")
    finally:
        web.stop()
        worker.stop()


@pytest.fixture
def connect_navigator(live: Live, make_staff) -> Iterator[Callable[..., Navigator]]:  # type: ignore[no-untyped-def]
    """Sign in a new staff member and connect their console; all are disconnected afterwards."""
    made: list[Navigator] = []

    def connect(role: str = "navigator", heartbeat_every: float | None = 1.0, name: str | None = None) -> Navigator:
        navigator = Navigator(live.base_url, make_staff(role, name), PASSWORD).connect(heartbeat_every)
        made.append(navigator)
        return navigator

    yield connect
    for navigator in made:
        navigator.disconnect()
