"""A navigator's tag at close, over the console's socket, against a server whose 211 requires a
complete wrap-up: a prank closes in one action without it and becomes spam (reason
navigator_tag, the disposition taken from the tag); a wrong number is recorded and leaves the
verdict clean; a disposition sent with a tag is kept; an unknown tag is refused with the tags
listed, and the contact stays claimed."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import requests

from app.models import Contact
from tests.conftest import PASSWORD
from tests.support import services
from tests.support.console_client import Navigator
from tests.support.twilio_signing import signed_headers, sms_params

REQUIRED = "contact_type,inquirer,area,needs"
_numbers = iter(range(300, 10_000))


@pytest.fixture(scope="module")
def strict_server(settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A server of a 211 that requires a contact type, inquirer, area and needs before closing."""
    with services.serving({**settings, "WRAPUP_REQUIRED": REQUIRED}, "gunicorn-spam-tags") as base_url:
        yield base_url


def claimed(base_url: str, email: str, body: str) -> tuple[Navigator, int]:
    """A resident texts `body`; a navigator connects and claims it."""
    params = sms_params("SM" + uuid.uuid4().hex, f"+1438555{next(_numbers):04d}", body)
    assert requests.post(f"{base_url}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params)).ok
    navigator = Navigator(base_url, email, PASSWORD).connect()
    snapshot = navigator.wait_for("queue_snapshot")
    contact_id = next(c["id"] for c in snapshot["contacts"] if c["preview"] == body)
    assert navigator.call("claim", contact_id=contact_id)["ok"]
    return navigator, contact_id


def stored(db, contact_id: int) -> Contact:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        return contact


def test_a_prank_closes_in_one_action_without_the_wrap_up_and_counts_as_spam(strict_server, db, make_staff):  # type: ignore[no-untyped-def]
    amira, contact_id = claimed(strict_server, make_staff(), "lol is this the pizza place")
    refusal = amira.call("close", contact_id=contact_id, disposition="information_given")
    assert (refusal["ok"], refusal["error"]) == (False, "wrapup_incomplete")  # the 211 requires the wrap-up

    ack = amira.call("close", contact_id=contact_id, tag="prank")

    assert ack["ok"], ack
    assert (ack["contact"]["state"], ack["contact"]["disposition"]) == ("closed", "spam")
    assert ack["contact"]["spam_verdict"] == "spam"
    assert ack["contact"]["spam_reasons"] == ["marked prank by the navigator"]
    contact = stored(db, contact_id)
    assert (contact.state, contact.navigator_tag, contact.spam_verdict) == ("closed", "prank", "spam")
    assert [reason["rule"] for reason in contact.spam_reasons] == ["navigator_tag"]
    amira.disconnect()


def test_a_wrong_number_is_recorded_and_leaves_the_verdict_clean(strict_server, db, make_staff):  # type: ignore[no-untyped-def]
    amira, contact_id = claimed(strict_server, make_staff(), "Is this Marc? Running late for dinner")

    ack = amira.call("close", contact_id=contact_id, tag="wrong_number", disposition="")

    assert ack["ok"], ack
    assert (ack["contact"]["disposition"], ack["contact"]["spam_verdict"]) == ("wrong_number", "clean")
    contact = stored(db, contact_id)
    assert (contact.state, contact.navigator_tag, contact.spam_verdict, contact.spam_reasons) == (
        "closed", "wrong_number", "clean", [],
    )  # fmt: skip
    amira.disconnect()


def test_a_disposition_sent_with_a_tag_is_kept(strict_server, db, make_staff):  # type: ignore[no-untyped-def]
    amira, contact_id = claimed(strict_server, make_staff(), "testing testing one two")

    ack = amira.call("close", contact_id=contact_id, tag="test", disposition="resident_disconnected")

    assert ack["ok"], ack
    assert (ack["contact"]["disposition"], ack["contact"]["spam_verdict"]) == ("resident_disconnected", "spam")
    assert stored(db, contact_id).navigator_tag == "test"
    amira.disconnect()


def test_an_unknown_tag_is_refused_and_the_contact_stays_claimed(strict_server, db, make_staff):  # type: ignore[no-untyped-def]
    amira, contact_id = claimed(strict_server, make_staff(), "Hello, I need help with my hydro bill")

    for tag in ("robocall", 5, ["spam"], "SPAM"):
        ack = amira.call("close", contact_id=contact_id, tag=tag)
        assert (ack["ok"], ack["error"]) == (False, "invalid_request"), ack
        assert "spam, prank, test, static, wrong_number" in ack["message"]

    contact = stored(db, contact_id)
    assert (contact.state, contact.navigator_tag, contact.spam_verdict) == ("claimed", None, "clean")
    assert contact.navigator_id is not None and contact.disposition is None
    amira.disconnect()
