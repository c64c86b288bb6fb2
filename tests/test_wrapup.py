"""A full wrap-up over the console's socket protocol, against a server whose 211 requires a
contact type, an inquirer, an area and needs: the navigator searches the directory, codes needs
(met and unmet with a reason), refers with a snapshot of the service, records consent and
demographics; `close` is refused with what is missing until it is all there; the record reads
back through `GET /api/contacts/<id>`. Bad values are refused with a clear error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from app.services import demo
from app.wrapup import referral_texts
from tests.conftest import PASSWORD
from tests.support import services
from tests.support.caller import Caller
from tests.support.console_client import Navigator
from tests.support.signin import post_login
from tests.support.twilio_signing import signed_headers, sms_params
from tests.support.waiting import eventually

REQUIRED = "contact_type,inquirer,area,needs"
HOUSING, SHELTER = "open-eligibility:1103", "open-eligibility:1135"


@pytest.fixture
def directory(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        demo.load_directory(session)


@pytest.fixture(scope="module")
def strict_server(settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A server of a 211 that requires a contact type, inquirer, area and needs before closing."""
    with services.serving({**settings, "WRAPUP_REQUIRED": REQUIRED}, "gunicorn-wrapup") as base_url:
        yield base_url


def claimed(base_url: str, email: str) -> tuple[Navigator, int]:
    params = sms_params("SM" + "7" * 32, "+15145550100", "J'ai besoin d'un test et d'un logement")
    assert requests.post(f"{base_url}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params)).ok
    navigator = Navigator(base_url, email, PASSWORD).connect()
    contact_id = navigator.wait_for("queue_snapshot")["contacts"][0]["id"]
    assert navigator.call("claim", contact_id=contact_id)["ok"]
    return navigator, contact_id


def refused(ack: dict, code: str) -> str:
    assert (ack["ok"], ack["error"]) == (False, code), ack
    return str(ack["message"])


def test_a_full_wrap_up_then_close(strict_server, directory, make_staff):  # type: ignore[no-untyped-def]
    amira, contact_id = claimed(strict_server, make_staff())
    message = refused(amira.call("close", contact_id=contact_id, disposition="referral_given"), "wrapup_incomplete")
    assert all(field in message for field in REQUIRED.split(","))

    found = requests.get(
        f"{strict_server}/api/directory/search", params={"q": "évaluation", "city": "Ottawa"}, timeout=10
    )
    place = found.json()["results"][0]
    refer = amira.call(
        "referral_add", contact_id=contact_id, service_at_location_id=place["service_at_location_id"], kind="referral"
    )
    referral = refer["wrapup"]["referrals"][0]
    assert (referral["name"], referral["kind"], referral["sent"]) == (place["service"]["name"], "referral", False)
    assert referral["phone"] and referral["address"] and referral["hours"].startswith("Mon ")

    refused(
        amira.call("need_set", contact_id=contact_id, term_id=HOUSING, status="unmet"), "invalid_request"
    )  # no reason
    refused(amira.call("need_set", contact_id=contact_id, term_id="no:such", status="met"), "not_found")
    assert amira.call("need_set", contact_id=contact_id, term_id=HOUSING, status="unmet", unmet_reason="waitlist")["ok"]
    needs = amira.call("need_set", contact_id=contact_id, term_id=SHELTER, status="met")["wrapup"]["needs"]
    assert [(n["name"], n["status"], n["unmet_reason"]) for n in needs] == [
        ("Housing", "unmet", "waitlist"),
        ("Emergency Shelter", "met", None),
    ]

    assert "street address" in refused(
        amira.call("wrapup_set", contact_id=contact_id, area="12 Main Street"), "invalid_request"
    )
    refused(amira.call("wrapup_set", contact_id=contact_id, demographics={"age_group": "old"}), "invalid_request")
    refused(
        amira.call("wrapup_set", contact_id=contact_id, mailing_address="12 Main Street, Ottawa"), "invalid_request"
    )
    answers = {"contact_type": "i_and_r", "inquirer": "self", "area": "K1A", "notes": "Call back Friday."}
    consent = {"consent_follow_up": True, "follow_up_method": "sms", "demographics": {"age_group": "declined"}}
    record = amira.call("wrapup_set", contact_id=contact_id, **answers, **consent)["wrapup"]
    assert record["missing"] == []
    assert amira.call("close", contact_id=contact_id, disposition="referral_given")["ok"]

    lead = requests.Session()
    assert post_login(lead, make_staff("supervisor"), PASSWORD, strict_server).status_code == 302
    read = lead.get(f"{strict_server}/api/contacts/{contact_id}", timeout=10).json()["wrapup"]
    assert (read["contact_type"], read["inquirer"], read["area"], read["consent_follow_up"]) == (
        "i_and_r",
        "self",
        "K1A",
        True,
    )
    assert [n["term_id"] for n in read["needs"]] == [HOUSING, SHELTER] and len(read["referrals"]) == 1
    amira.disconnect()


def test_only_the_holder_or_a_lead_records_the_wrap_up(strict_server, directory, make_staff):  # type: ignore[no-untyped-def]
    amira, contact_id = claimed(strict_server, make_staff())
    bruno = Navigator(strict_server, make_staff(), PASSWORD).connect()
    bruno.wait_for("queue_snapshot")
    for command, payload in (
        ("wrapup_get", {}),
        ("wrapup_set", {"notes": "mine now"}),
        ("need_set", {"term_id": HOUSING, "status": "met"}),
    ):
        assert bruno.call(command, contact_id=contact_id, **payload)["ok"] is False, command
    assert amira.call("wrapup_get", contact_id=contact_id)["wrapup"]["notes"] is None
    non_i_and_r = amira.call(
        "wrapup_set", contact_id=contact_id, contact_type="wrong_number", inquirer="self", area="Ottawa"
    )
    assert non_i_and_r["wrapup"]["missing"] == []  # a wrong number has no needs to record
    for navigator in (amira, bruno):
        navigator.disconnect()


def test_referrals_are_texted_in_the_residents_language_two_segments_each(live, directory, make_staff, fake_twilio):  # type: ignore[no-untyped-def]
    """On the suite's server, whose worker delivers the texts to the fake Twilio."""
    amira, contact_id = claimed(live.base_url, make_staff())  # the resident wrote in French
    search = {"q": "évaluation", "per_page": "2"}
    for place in requests.get(f"{live.base_url}/api/directory/search", params=search, timeout=10).json()["results"]:
        refer = {"service_at_location_id": place["service_at_location_id"], "kind": "referral"}
        amira.call("referral_add", contact_id=contact_id, **refer)

    sent = amira.call("referrals_send", contact_id=contact_id)
    assert sent["ok"] and all(referral["sent"] for referral in sent["wrapup"]["referrals"])
    texts = wait_for_texts(fake_twilio, 2)
    assert all(text.startswith("Référence du 211: ") and "lun " in text for text in texts)
    assert all(len(text) <= referral_texts.budget(text) for text in texts)  # two segments at most
    assert amira.call("referrals_send", contact_id=contact_id)["ok"]  # nothing new to send
    assert len(wait_for_texts(fake_twilio, 2)) == 2
    amira.disconnect()


def wait_for_texts(fake_twilio, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    assert eventually(lambda: len(fake_twilio.messages()) >= count)
    return [message.form["Body"] for message in fake_twilio.messages()]


def test_a_follow_up_is_scheduled_attempted_and_closed_with_the_needs_outcome(live, directory, make_staff):  # type: ignore[no-untyped-def]
    amira, contact_id = claimed(live.base_url, make_staff())
    need = amira.call("need_set", contact_id=contact_id, term_id=HOUSING, status="unmet", unmet_reason="waitlist")
    need_id = need["wrapup"]["needs"][0]["id"]
    refused(amira.call("followup_schedule", contact_id=contact_id, due_on="2026-11-01"), "invalid_state")  # no consent
    amira.call("wrapup_set", contact_id=contact_id, consent_follow_up=True, follow_up_method="phone")
    refused(amira.call("followup_schedule", contact_id=contact_id, due_on="next week"), "invalid_request")
    scheduled = amira.call("followup_schedule", contact_id=contact_id, due_on="2026-11-01")["follow_up"]
    assert (scheduled["state"], scheduled["method"]) == ("overdue", "phone")
    assert amira.call("close", contact_id=contact_id, disposition="referral_given")["ok"]

    bruno = Navigator(live.base_url, make_staff(), PASSWORD).connect()
    bruno.wait_for("queue_snapshot")
    refused(bruno.call("followup_attempt", follow_up_id=scheduled["id"], outcome="reached"), "not_found")
    assert bruno.call("followups_mine")["follow_ups"] == []

    assert amira.call("followups_mine")["follow_ups"][0]["id"] == scheduled["id"]
    amira.call("followup_attempt", follow_up_id=scheduled["id"], outcome="no_answer")
    tried = amira.call("followup_attempt", follow_up_id=scheduled["id"], outcome="reached", note="Got on the waitlist.")
    assert [a["outcome"] for a in tried["follow_up"]["attempts"]] == ["no_answer", "reached"]
    closed = amira.call(
        "followup_close", follow_up_id=scheduled["id"], outcome="partly_met", needs={str(need_id): "met"}
    )
    assert [(n["status"], n["final_status"]) for n in closed["wrapup"]["needs"]] == [("unmet", "met")]
    assert closed["wrapup"]["follow_ups"][0]["outcome"] == "partly_met"
    assert amira.call("followups_mine")["follow_ups"] == []
    refused(amira.call("followup_attempt", follow_up_id=scheduled["id"], outcome="reached"), "invalid_state")
    for navigator in (amira, bruno):
        navigator.disconnect()


def test_a_caller_gets_the_referrals_by_sms_unless_their_number_texted_stop(live, directory, make_staff, fake_twilio):  # type: ignore[no-untyped-def]
    stop = sms_params("SM" + "8" * 32, "+15145550182", "STOP")  # this number once texted STOP
    assert requests.post(f"{live.base_url}/twilio/sms", data=stop, headers=signed_headers("/twilio/sms", stop)).ok
    amira = Navigator(live.base_url, make_staff(), PASSWORD).connect()
    amira.wait_for("queue_snapshot")
    search = requests.get(f"{live.base_url}/api/directory/search", params={"q": "assessment"}, timeout=10)
    refer = {"service_at_location_id": search.json()["results"][0]["service_at_location_id"], "kind": "referral"}
    contacts = {}
    for number in ("+15145550181", "+15145550182"):
        caller = Caller(live.base_url, number=number)
        caller.dial()
        caller.press("1")
        caller.wait()
        contacts[number] = voice_contact(amira, number)
        assert amira.call("claim", contact_id=contacts[number])["ok"]
        assert amira.call("referral_add", contact_id=contacts[number], **refer)["ok"]

    assert amira.call("referrals_send", contact_id=contacts["+15145550181"])["ok"]
    texts = wait_for_texts(fake_twilio, 1)
    assert [message.form["To"] for message in fake_twilio.messages()] == ["+15145550181"]
    assert texts[0].startswith("211 referral: ")
    refused(amira.call("referrals_send", contact_id=contacts["+15145550182"]), "opted_out")
    amira.disconnect()


def voice_contact(navigator: Navigator, number: str) -> int:
    """The id of the queued call from `number` (its summary shows it as +1 514-555-0181)."""

    def from_number(data: dict) -> bool:
        shown = data["contact"]["from_display"].replace(" ", "").replace("-", "")
        return data["contact"]["channel"] == "voice" and shown == number

    return int(navigator.wait_for("contact_queued", from_number, timeout=5)["contact_id"])
