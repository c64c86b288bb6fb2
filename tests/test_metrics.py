"""`GET /metrics` (docs/operations.md, "Metrics"): webhooks by channel and outcome, the queue's
depth and longest wait by channel, claims timed, sockets open, the outbox's backlog and failed
jobs, in Prometheus's format; read with METRICS_TOKEN, or from the machine itself, and by nobody
else."""

from __future__ import annotations

import dataclasses
import uuid

import requests
from prometheus_client.parser import text_string_to_metric_families

from app import create_app
from tests.support.twilio_signing import post_sms, sms_params


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_a_scrape_shows_webhooks_the_queue_claims_and_sockets(live, connect_navigator) -> None:  # type: ignore[no-untyped-def]
    before = _samples(requests.get(f"{live.base_url}/metrics", timeout=10).text)
    amira = connect_navigator()
    post_sms(live.base_url, "+15145550170", "I need a food bank")
    post_sms(live.base_url, "+15145550171", "Shelter tonight?")
    first = amira.wait_for("contact_queued")["contact_id"]
    assert amira.call("claim", contact_id=first)["ok"]
    params = sms_params("SM" + uuid.uuid4().hex, "+15145550172", "forged")
    forged = requests.post(f"{live.base_url}/twilio/sms", data=params, headers={"X-Twilio-Signature": "nope"})
    assert forged.status_code == 403

    answer = requests.get(f"{live.base_url}/metrics", timeout=10)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/plain")
    now = _samples(answer.text)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return now[key] - before.get(key, 0.0)

    assert grew("switchboard_webhooks_total", channel="sms", outcome="accepted") == 2
    assert grew("switchboard_webhooks_total", channel="sms", outcome="refused") == 1
    assert now[("switchboard_queue_depth", (("channel", "sms"),))] == 1  # one claimed, one waiting
    assert now[("switchboard_queue_longest_wait_seconds", (("channel", "sms"),))] > 0
    assert now[("switchboard_queue_depth", (("channel", "voice"),))] == 0
    assert grew("switchboard_claim_seconds_count") == 1
    assert now[("switchboard_socket_connections", ())] >= 1
    assert ("switchboard_outbox_backlog", ()) in now and ("switchboard_jobs_failed", ()) in now


def test_only_a_token_or_the_machine_itself_reads_them(config) -> None:  # type: ignore[no-untyped-def]
    open_app = create_app(config).test_client()
    assert open_app.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 200
    assert open_app.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 404

    guarded = create_app(dataclasses.replace(config, METRICS_TOKEN="s3cret-token")).test_client()
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert guarded.get("/metrics", environ_base=outside).status_code == 401
    assert guarded.get("/metrics", environ_base=outside, headers={"Authorization": "Bearer wrong"}).status_code == 401
    scraped = guarded.get("/metrics", environ_base=outside, headers={"Authorization": "Bearer s3cret-token"})
    assert scraped.status_code == 200 and b"switchboard_queue_depth" in scraped.data
