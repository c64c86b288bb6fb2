"""The web chat's own production-shaped server: gunicorn and `python -m workers` on the test
run's database, Redis and event bus, with a short grace period (the workers' sweep abandons a
queued chat whose visitor stayed away that long) and one proxy in front, so that each test's
visitors say which client address they come from (the per-address limits are per test)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from app.reports import service_data
from app.reports.definitions import in_force
from app.reports.periods import Period
from tests.conftest import PASSWORD
from tests.support import services
from tests.support.chat_client import ChatVisitor
from tests.support.console_client import Navigator

GRACE_SECONDS = 2
PARTNER = "https://partner.example.org"  # a site allowed to frame the widget
_addresses = itertools.count(1)


def fresh_address() -> str:
    """A client address no other test used (TEST-NET-2, 198.51.100.0/24, then onwards)."""
    n = next(_addresses)
    return f"198.51.{100 + n // 250}.{n % 250 + 1}"


_running: list[str] = []  # each test module binds the fixture, so pytest asks for it once per module


@pytest.fixture(scope="session")
def chat_server(settings: dict[str, str]) -> Iterator[str]:
    """One server per test process, whichever module asks first."""
    if _running:
        yield _running[0]
        return
    port = services.free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**settings, "PORT": str(port), "ALLOWED_ORIGINS": base_url, "PROXY_COUNT": "1",
           "CHAT_GRACE_SECONDS": str(GRACE_SECONDS), "ANONYMOUS_SOCKET_SECONDS": "1",
           "CHAT_ALLOWED_ORIGINS": PARTNER}  # fmt: skip
    web = services.gunicorn(env, "gunicorn-chat")
    worker = services.workers(env)
    try:
        services.wait_http(f"{base_url}/healthz", server=web)
        _running.append(base_url)
        yield base_url
    finally:
        _running.clear()
        web.stop()
        worker.stop()


@pytest.fixture
def visitor(chat_server: str) -> Iterator[Callable[..., ChatVisitor]]:
    """Make visitors (each from an address of its own unless told); all leave afterwards."""
    made: list[ChatVisitor] = []

    def make(**options: str) -> ChatVisitor:
        made.append(ChatVisitor(chat_server, **{"forwarded_for": fresh_address(), **options}))
        return made[-1]

    yield make
    for each in made:
        each.disconnect()


@pytest.fixture
def navigator(chat_server: str, make_staff) -> Iterator[Navigator]:  # type: ignore[no-untyped-def]
    console = Navigator(chat_server, make_staff(), PASSWORD).connect()
    yield console
    console.disconnect()


def todays_report(db) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The funder's service-data report for today (UTC), its figures by key."""
    today = date.today()
    with db.transaction() as session:
        found = service_data.report(session, in_force(today), Period(today, today, "UTC"))
    return {figure["key"]: figure for figure in found["figures"]}
