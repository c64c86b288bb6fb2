"""Need to know, against the running server: a navigator reads only the threads they hold and
the earlier (closed) contacts of the residents they are serving now; supervisors read all.
A second navigator sweeping every REST route (from Flask's url_map) and every socket command
(the namespace's on_* methods) with the first one's contact ids reads and changes nothing, and
hears none of their messages. Refusals look like a missing id and leave an audit row.

Every text only a reader of the thread may see carries SECRET; texts that become a contact's
preview (which the whole floor sees in the queue) never do."""

from __future__ import annotations

import inspect
import itertools
import json
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from flask import Flask, url_for
from sqlalchemy import func, select

from app.chat import rooms as chat_rooms
from app.console.namespace import ConsoleNamespace
from app.models import AuditEntry, Contact, ContactEvent, Message
from tests.support.console_client import Navigator
from tests.support.twilio_signing import signed_headers, sms_params

SECRET = "NTK-"
_numbers = itertools.count(3000)

# Socket commands that take a contact id, with the rest of a valid payload. Every on_* method of
# the namespace must be classified here or in the two sets below, or the sweep test fails.
CONTACT_COMMANDS: dict[str, dict[str, Any]] = {
    "open": {},
    "claim": {},
    "reply": {"body": f"{SECRET}from the wrong navigator"},
    "release": {},
    "close": {"disposition": "information_given"},
    "call_hold": {"hold": True},
    "call_add": {"target": "interpreter:es"},
    "call_end": {},
    "wrapup_get": {},
    "wrapup_set": {"notes": f"{SECRET}in the wrong record"},
    "need_set": {"term_id": "no:such", "status": "met"},
    "need_remove": {"need_id": 1},
    "referral_add": {"service_at_location_id": "no:such", "kind": "referral"},
    "referral_remove": {"referral_id": 1},
    "followup_schedule": {"due_on": "2026-12-04"},
    "referrals_send": {},
    "chat_typing": {"typing": True},  # app.chat.console_typing: a handler beside the namespace's
}
PLAIN_COMMANDS = {"heartbeat", "queue_page", "announcement_set", "announcement_clear", "presence"}
PLAIN_COMMANDS |= {
    "followup_attempt",
    "followup_close",
    "followups_mine",
}  # by follow-up id, or none  # no contact id: called as is
LIFECYCLE = {"connect", "disconnect"}  # socket events, not commands

# REST rules the sweep does not call, and why. GET rules with no argument are fetched as is, GET
# rules taking `contact_id` are called with every id; any other rule must be classified here.
VOICE_STEPS = ("", "/language", "/wait", "/wait-key", "/queue-result", "/callback-offer", "/status")
VOICE_STEPS += ("/bridge", "/survey-ask", "/survey", "/navigator", "/desk")  # docs/voice.md
HSDS_KINDS = ("services", "organizations", "taxonomies", "taxonomy_terms")
STEPS = ("owner", "status", "notes", "resolve")  # of a complaint's tracking (docs/complaints.md)
NOT_SWEPT = {
    ("/static/<path:filename>", "GET"): "files shipped with the app",
    ("/login", "POST"): "signs in; reads no contact",
    ("/logout", "POST"): "ends the session",
    ("/preferences/language", "POST"): "the staff pages' language; reads no contact",
    ("/login/code", "POST"): "the second step of a sign-in; reads no contact",
    ("/login/enrol", "POST"): "two-factor enrolment during a sign-in; reads no contact",
    ("/twilio/sms", "POST"): "Twilio-signed webhook; answers empty TwiML",
    ("/twilio/sms/status", "POST"): "Twilio-signed webhook; answers empty TwiML",
    ("/email/inbound", "POST"): "the inbound-mail webhook (shared secret); reads no contact (test_email_webhook)",
    **{(f"/twilio/voice{step}", "POST"): "Twilio-signed call webhook; answers TwiML" for step in VOICE_STEPS},
    **{(f"/api/hsds/{kind}/<item_id>", "GET"): "the public directory: no contact data" for kind in HSDS_KINDS},
    ("/api/directory/flags", "POST"): "flags a directory record; reads no contact",
    ("/directory/records/<kind>/<path:record_id>", "GET"): "a directory record's edit page (admins): no contact data",
    ("/directory/records/<kind>/<path:record_id>", "POST"): "edits a directory record (admins); reads no contact",
    ("/directory/flags/<int:flag_id>/resolve", "POST"): "resolves a directory flag (admins); reads no contact",
    ("/services/<path:service_at_location_id>", "GET"): "the public directory's service page: no contact data",
    ("/supervisor/spam/<int:contact_id>/decision", "POST"): "a spam decision (leads; test_spam_review)",
    ("/supervisor/spam/blocks", "POST"): "adds to the block list (leads); reads no contact",
    ("/supervisor/spam/blocks/<int:block_id>/lift", "POST"): "lifts a block (leads); reads no contact",
    ("/complaints", "POST"): "the public complaint form; reads no contact",
    ("/api/contacts/<int(signed=True):contact_id>/complaints", "POST"): "need to know (test_complaints)",
    ("/supervisor/complaints/<int:complaint_id>", "GET"): "a complaint's page (leads; test_complaints)",
    **{(f"/supervisor/complaints/<int:complaint_id>/{step}", "POST"): "tracks a complaint (leads)" for step in STEPS},
    ("/admin/privacy", "POST"): "finds residents (admins only; test_erasure_requests)",
    **{
        (path, method): "a resident's record, export, erasure (admins only; test_erasure_requests)"
        for path, method in [
            ("/admin/privacy/residents/<int:resident_id>", "GET"),
            ("/api/privacy/residents/<int:resident_id>", "GET"),
            ("/admin/privacy/residents/<int:resident_id>/erase", "GET"),
            ("/admin/privacy/residents/<int:resident_id>/erase", "POST"),
        ]
    },
}


def secret(label: str) -> str:
    return f"{SECRET}{uuid.uuid4().hex[:8]} {label}"


def resident_texts(base_url: str, from_: str, body: str) -> None:
    params = sms_params("SM" + uuid.uuid4().hex, from_, body)
    response = requests.post(f"{base_url}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params))
    assert response.status_code == 200, response.text


@dataclass
class Floor:
    """Amira's contacts: what she holds, her resident's history, and one she closed earlier."""

    amira: Navigator
    current: int  # resident one's open contact, claimed by Amira
    history: int  # resident one's earlier contact, closed: Amira serves resident one again
    other: int  # resident two's contact, claimed by Amira
    past: int  # resident three's contact, closed by Amira, who no longer serves them
    secrets: dict[int, list[str]]  # contact id -> texts that only readers of its thread see
    numbers: dict[int, str]

    @property
    def ids(self) -> list[int]:
        return [self.current, self.history, self.other, self.past]


def _claim_new(base_url: str, amira: Navigator, number: str, body: str) -> int:
    resident_texts(base_url, number, body)
    contact_id = amira.wait_for("contact_queued", lambda d: d["contact"]["preview"] == body)["contact_id"]
    assert amira.call("claim", contact_id=contact_id)["ok"]
    return contact_id


def _serve(base_url: str, amira: Navigator, number: str, label: str, *, close: bool) -> tuple[int, list[str]]:
    """A resident texts a secret; Amira claims and answers; a plain follow-up becomes the preview
    of a contact she keeps, and one she closes disappears from the queue."""
    texts = [secret(f"{label} asks"), secret(f"{label} answered")]
    contact_id = _claim_new(base_url, amira, number, texts[0])
    assert amira.call("reply", contact_id=contact_id, body=texts[1])["ok"]
    if close:
        assert amira.call("close", contact_id=contact_id, disposition="referral_given")["ok"]
    else:
        resident_texts(base_url, number, f"Are you still there? ({label})")
        # Frames batch changes: once this one is out, no earlier preview (a secret) is pending.
        amira.wait_for("contact_updated", lambda d: d["contact"]["preview"] == f"Are you still there? ({label})")
    return contact_id, texts


@pytest.fixture
def floor(live, connect_navigator) -> Floor:  # type: ignore[no-untyped-def]
    amira = connect_navigator(name="Amira")
    one, two, three = (f"+1514555{next(_numbers):04d}" for _ in range(3))
    history, history_texts = _serve(live.base_url, amira, one, "history", close=True)
    past, past_texts = _serve(live.base_url, amira, three, "past", close=True)
    current, current_texts = _serve(live.base_url, amira, one, "current", close=False)
    other, other_texts = _serve(live.base_url, amira, two, "other", close=False)
    secrets = {history: history_texts, past: past_texts, current: current_texts, other: other_texts}
    numbers = {history: one, current: one, other: two, past: three}
    return Floor(amira, current, history, other, past, secrets, numbers)


def facts(db, ids: list[int]) -> tuple[list[tuple], int, int]:  # type: ignore[no-untyped-def]
    """What a write would change: each contact's state and holder, its event and message counts."""
    with db.transaction() as session:
        rows = session.execute(
            select(Contact.id, Contact.state, Contact.navigator_id, Contact.disposition)
            .where(Contact.id.in_(ids))
            .order_by(Contact.id)
        ).all()
        events = session.scalar(select(func.count(ContactEvent.id)).where(ContactEvent.contact_id.in_(ids)))
        messages = session.scalar(select(func.count(Message.id)).where(Message.contact_id.in_(ids)))
        return [tuple(row) for row in rows], events or 0, messages or 0


def audit_of(db, staff_id: int) -> Counter:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.contact_id).where(
                AuditEntry.staff_id == staff_id, AuditEntry.action.startswith("contact.")
            )
        ).all()
        return Counter(tuple(row) for row in rows)


def commands() -> set[str]:
    found = {name[3:] for name, _ in inspect.getmembers(ConsoleNamespace, inspect.isfunction) if name[:3] == "on_"}
    found.add(chat_rooms.TYPING)  # app.chat.console_typing registers it on /console
    unclassified = found - set(CONTACT_COMMANDS) - PLAIN_COMMANDS - LIFECYCLE
    assert not unclassified, f"classify the new socket command(s) {unclassified} in this test"
    return found - LIFECYCLE


def routes(app: Flask) -> tuple[list[str], list[str]]:
    """(GET paths fetched as is, GET rules taking a contact id); fails on an unclassified rule."""
    plain, per_contact, unclassified = [], [], []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if (rule.rule, method) in NOT_SWEPT:
                continue
            if method == "GET" and not rule.arguments:
                plain.append(rule.rule)
            elif method == "GET" and rule.arguments == {"contact_id"}:
                per_contact.append(rule.endpoint)
            else:
                unclassified.append(f"{method} {rule.rule}")
    assert not unclassified, f"classify the new route(s) {unclassified} in this test"
    return plain, per_contact


def assert_no_secret(what: str, payload: Any) -> None:
    text = payload if isinstance(payload, str) else json.dumps(payload)
    assert SECRET not in text, f"{what} leaked a thread: {text[:300]}"


def test_another_navigator_can_read_follow_or_change_nothing_of_amiras(live, app, db, floor, connect_navigator):  # type: ignore[no-untyped-def]
    bruno = connect_navigator(name="Bruno")
    bruno_id = bruno.wait_for("console_identity")["me"]["id"]
    missing = max(floor.ids) + 1000
    before = facts(db, floor.ids)
    plain_paths, contact_endpoints = routes(app)
    assert contact_endpoints, "the sweep found no route taking a contact id"

    for path in plain_paths:  # the queue's previews, pages, health: never a thread
        response = bruno.http.get(live.base_url + path, allow_redirects=False)
        assert_no_secret(f"GET {path}", response.text)
    for endpoint in contact_endpoints:
        with app.test_request_context():
            url = {cid: url_for(endpoint, contact_id=cid) for cid in [*floor.ids, missing]}
        refused = bruno.http.get(live.base_url + url[missing])
        assert (refused.status_code, refused.json()["error"]) == (404, "not_found")
        for contact_id in floor.ids:
            response = bruno.http.get(live.base_url + url[contact_id])
            assert_no_secret(f"GET {url[contact_id]}", response.text)
            # the same answer as for an id that does not exist: nothing to learn from trying ids
            assert (response.status_code, response.json()) == (refused.status_code, refused.json())

    for command in sorted(commands()):
        if command in PLAIN_COMMANDS:
            ack = bruno.call(command)
            assert_no_secret(command, ack)
            assert not set(ack.get("renewed", [])) & set(floor.ids), ack
            continue
        payload = CONTACT_COMMANDS[command]
        missing_ack = bruno.call(command, contact_id=missing, **payload)
        for contact_id in floor.ids:
            ack = bruno.call(command, contact_id=contact_id, **payload)
            assert ack["ok"] is False, (command, contact_id, ack)
            assert set(ack) == {"ok", "error", "message"}, ack  # an error, and nothing of the contact
            assert_no_secret(f"{command} {contact_id}", ack)
            if command == "open":
                assert ack == missing_ack, (command, contact_id)

    assert facts(db, floor.ids) == before  # nothing changed: states, holders, events, messages

    # Amira's residents write again and she answers: none of it reaches Bruno.
    amira = floor.amira
    for contact_id in (floor.current, floor.other):
        text = f"One more thing ({contact_id})"
        resident_texts(live.base_url, floor.numbers[contact_id], text)
        amira.wait_for("message_added", lambda d, t=text: d["message"]["body"] == t)
        reply = amira.call("reply", contact_id=contact_id, body=secret("late answer"))
        assert reply["ok"], reply
        amira.wait_for("message_status", lambda d, m=reply["message"]["id"]: d["message"]["id"] == m)
    time.sleep(0.5)  # anything sent to Bruno at the same time has arrived by now
    heard = [d for event in ("message_added", "message_status") for d in bruno.received(event)]
    assert [d for d in heard if d["contact_id"] in floor.ids] == []
    assert_no_secret("Bruno's events", bruno.events)

    # Every refused read left an audit row (REST and socket, the missing id included); no text.
    per_id = len(contact_endpoints) + 1  # each REST route and the socket's open
    denied = Counter({("contact.read_denied", cid): per_id for cid in [*floor.ids, None]})
    assert audit_of(db, bruno_id) == denied


def test_a_navigator_reads_what_they_hold_and_their_residents_history_only(live, db, floor):  # type: ignore[no-untyped-def]
    amira = floor.amira
    amira_id = amira.wait_for("console_identity")["me"]["id"]
    audited_before = audit_of(db, amira_id)  # claiming read each thread once
    for contact_id in (floor.current, floor.history, floor.other):
        thread = amira.http.get(f"{live.base_url}/api/contacts/{contact_id}")
        assert thread.status_code == 200, contact_id
        bodies = [m["body"] for m in thread.json()["messages"]]
        assert set(floor.secrets[contact_id]) <= set(bodies)
        assert amira.call("open", contact_id=contact_id)["ok"]

    # History is read-only, and her own earlier contact of a resident she no longer serves is
    # closed to her like any other.
    late = amira.call("reply", contact_id=floor.history, body="Following up")
    assert (late["ok"], late["error"]) == (False, "invalid_state")
    gone = amira.http.get(f"{live.base_url}/api/contacts/{floor.past}")
    assert (gone.status_code, gone.json()["error"]) == (404, "not_found")
    assert amira.call("open", contact_id=floor.past)["error"] == "not_found"

    # Once she closes resident one's current contact, its history closes to her too.
    assert amira.call("close", contact_id=floor.current, disposition="information_given")["ok"]
    assert amira.http.get(f"{live.base_url}/api/contacts/{floor.history}").status_code == 404

    audit = audit_of(db, amira_id) - audited_before
    assert audit == Counter(
        {
            **{("contact.read", cid): 2 for cid in (floor.current, floor.history, floor.other)},
            ("contact.read_denied", floor.past): 2,
            ("contact.read_denied", floor.history): 1,
        }
    )
    with db.transaction() as session:
        for entry in session.scalars(select(AuditEntry)):
            assert_no_secret("an audit row", [str(getattr(entry, c.key)) for c in AuditEntry.__table__.columns])


def test_a_navigator_reads_a_queued_thread_only_by_claiming_it(live, db, connect_navigator):  # type: ignore[no-untyped-def]
    bruno = connect_navigator(name="Bruno")
    body = secret("waiting")
    resident_texts(live.base_url, f"+1514555{next(_numbers):04d}", body)
    contact_id = bruno.wait_for("contact_queued")["contact_id"]

    assert bruno.http.get(f"{live.base_url}/api/contacts/{contact_id}").status_code == 404
    assert bruno.call("open", contact_id=contact_id)["error"] == "not_found"
    claimed = bruno.call("claim", contact_id=contact_id)
    assert claimed["ok"]
    assert [m["body"] for m in claimed["messages"]] == [body]


def test_a_supervisor_reads_and_follows_everything_and_may_close(live, db, floor, connect_navigator):  # type: ignore[no-untyped-def]
    sofia = connect_navigator(role="supervisor", name="Sofia")
    sofia_id = sofia.wait_for("console_identity")["me"]["id"]
    for contact_id in floor.ids:
        thread = sofia.http.get(f"{live.base_url}/api/contacts/{contact_id}")
        assert thread.status_code == 200, contact_id
        assert set(floor.secrets[contact_id]) <= {m["body"] for m in thread.json()["messages"]}
        opened = sofia.call("open", contact_id=contact_id)
        assert opened["ok"], opened

    resident_texts(live.base_url, floor.numbers[floor.current], "Sofia hears this")
    sofia.wait_for("message_added", lambda d: d["contact_id"] == floor.current)
    assert sofia.call("close", contact_id=floor.other, disposition="information_given")["ok"]
    assert audit_of(db, sofia_id) == Counter({("contact.read", cid): 2 for cid in floor.ids})


def test_a_navigator_stops_hearing_a_contact_once_it_is_no_longer_theirs(live, connect_navigator):  # type: ignore[no-untyped-def]
    amira, bruno = connect_navigator(name="Amira"), connect_navigator(name="Bruno")
    lead = connect_navigator("supervisor", name="Sam")
    number = f"+1514555{next(_numbers):04d}"
    contact_id = _claim_new(live.base_url, amira, number, "Need a shelter bed tonight")
    assert lead.call("release", contact_id=contact_id)["ok"]
    assert bruno.call("claim", contact_id=contact_id)["ok"]
    assert lead.call("open", contact_id=contact_id)["ok"]  # a lead follows it, whoever holds it

    later = secret("after the hand-over")
    resident_texts(live.base_url, number, later)
    assert bruno.wait_for("message_added", lambda d: d["message"]["body"] == later)
    assert lead.wait_for("message_added", lambda d: d["message"]["body"] == later)
    amira.wait_for("contact_updated", lambda d: d["contact_id"] == contact_id)  # the queue's preview: yes
    heard = [d for d in amira.received("message_added") if d["contact_id"] == contact_id]
    assert all(later not in json.dumps(d) for d in heard)
