"""The production shape scaled out: two web processes (as behind a proxy with sticky sessions)
and a worker share PostgreSQL and Redis. What happens on one process reaches the consoles of
the other, claims stay exactly-once across processes, and the worker's events reach both."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Iterator

import pytest
import requests

from tests.conftest import LEASE_SECONDS, PASSWORD
from tests.support import nginx, services
from tests.support.console_client import Navigator
from tests.support.twilio_signing import signed_headers, sms_params
from tests.test_claim_race import queue_residents

PER_PROCESS = 4
CONTACTS = 24


@pytest.fixture
def second_web(live, settings: dict[str, str]) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Another web process beside `live` (whose worker serves both)."""
    with services.serving(settings, "gunicorn-second") as base_url:
        yield base_url


@pytest.fixture
def console_on(make_staff) -> Iterator:  # type: ignore[no-untyped-def]
    made: list[Navigator] = []

    def connect(base_url: str, role: str = "navigator", heartbeat_every: float | None = 1.0) -> Navigator:
        made.append(Navigator(base_url, make_staff(role), PASSWORD).connect(heartbeat_every))
        made[-1].wait_for("queue_snapshot")
        return made[-1]

    yield connect
    for navigator in made:
        navigator.disconnect()


def test_a_text_posted_to_one_process_reaches_a_console_on_the_other(live, second_web, console_on) -> None:  # type: ignore[no-untyped-def]
    here, there = console_on(live.base_url), console_on(second_web)
    body = f"Bonjour, j'ai besoin d'aide {uuid.uuid4().hex[:6]}"
    params = sms_params("SM" + uuid.uuid4().hex, "+15145550199", body)
    answer = requests.post(f"{live.base_url}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params))
    assert answer.status_code == 200
    for console in (here, there):
        console.wait_for("contact_queued", lambda d: d["contact"]["preview"] == body)


def test_navigators_on_two_processes_claim_each_contact_exactly_once(live, second_web, db, console_on) -> None:  # type: ignore[no-untyped-def]
    contact_ids = queue_residents(db, CONTACTS)
    # The consoles beat, as a navigator's does: a claim kept past the lease by a slow machine is
    # not handed back to the queue and won a second time.
    navigators = [console_on(url) for url in (live.base_url, second_web) for _ in range(PER_PROCESS)]
    start = threading.Barrier(len(navigators))
    won: list[list[int]] = [[] for _ in navigators]

    def race(index: int) -> None:
        start.wait(timeout=30)
        for contact_id in contact_ids[index % 3 :] + contact_ids[: index % 3]:
            ack = navigators[index].call("claim", contact_id=contact_id)
            assert ack["ok"] or ack["error"] == "already_claimed", ack
            if ack["ok"]:
                won[index].append(contact_id)

    threads = [threading.Thread(target=race, args=(i,)) for i in range(len(navigators))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    claims = Counter(contact_id for wins in won for contact_id in wins)
    assert claims == Counter(contact_ids)  # every contact won, none twice


def test_the_workers_events_reach_consoles_on_both_processes(live, second_web, console_on) -> None:  # type: ignore[no-untyped-def]
    holder = console_on(live.base_url, heartbeat_every=None)  # no heartbeat: the claim's lease runs out
    watchers = [console_on(live.base_url), console_on(second_web)]
    body = f"Need a ride to the clinic {uuid.uuid4().hex[:6]}"
    params = sms_params("SM" + uuid.uuid4().hex, "+15145550198", body)
    requests.post(f"{second_web}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params))
    contact_id = holder.wait_for("contact_queued", lambda d: d["contact"]["preview"] == body)["contact_id"]
    assert holder.call("claim", contact_id=contact_id)["ok"]

    # The worker's sweep returns the contact to the queue; both processes' consoles hear it.
    for console in watchers:
        released = console.wait_for(
            "contact_released", lambda d: d["contact_id"] == contact_id, timeout=LEASE_SECONDS + 10
        )
        assert released["reason"] == "lease_expired"


def test_behind_nginx_webhooks_spread_over_both_processes_and_consoles_stick_to_one(live, second_web, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """deploy/nginx.conf in front of the two: Twilio's texts, all from one address here as a
    surge's come from a handful, are shared between the instances; everything else from one
    address (a navigator's pages and console) keeps to one instance. nginx's log holds no query."""
    instances = [url.removeprefix("http://") for url in (live.base_url, second_web)]
    with nginx.serving(tmp_path, instances) as front:
        for n in range(6):
            params = sms_params("SM" + uuid.uuid4().hex, f"+1514555{n:04d}", "I need a food bank")
            headers = signed_headers("/twilio/sms", params)
            answer = requests.post(f"{front.url}/twilio/sms", data=params, headers=headers, timeout=10)
            assert answer.status_code == 200, answer.text
        for _ in range(4):
            assert requests.get(f"{front.url}/healthz?from=%2B15145550000", timeout=10).status_code == 200
    assert "5145550000" not in (tmp_path / "access.log").read_text()  # a query can carry a resident's number
    answered = nginx.answered_by(tmp_path)
    texts = Counter(instance for request, instance in answered if request == "POST /twilio/sms")
    pages = {instance for request, instance in answered if request == "GET /healthz"}
    assert texts == {instances[0]: 3, instances[1]: 3}
    assert len(pages) == 1
