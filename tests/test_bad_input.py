"""Bad input against the running server gets a clear answer (a 4xx with a JSON error, an error
ack), never a 500, a silent socket or a lost contact: NUL bytes, implausible Message SIDs, an `m`
that is no message id, contact ids beyond the integer column, commands without a payload. After
each attempt the earlier contact and messages are intact and the server still takes a text."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from urllib.parse import quote

import pytest
import requests
from sqlalchemy import Integer, select

from app.console.namespace import ConsoleNamespace
from app.domain import MAX_ID, PROVIDER_CODE_MAX, PROVIDER_ID_MAX
from app.models import Contact, Message
from tests.support.console_client import NAMESPACE
from tests.support.twilio_signing import signed_headers, sms_params, status_params

SMS, STATUS = "/twilio/sms", "/twilio/sms/status"
RESIDENT = "+15145550123"
OUT_OF_RANGE = [2**31, 2**63, 2**64, -1, 0]
HANDLERS = [name[3:] for name in vars(ConsoleNamespace) if name.startswith("on_")]
COMMANDS = sorted(set(HANDLERS) - {"connect", "disconnect"})  # every one, those added later too


def new_sid() -> str:
    return "SM" + uuid.uuid4().hex


def post(live, params: dict[str, str], path: str = SMS) -> requests.Response:  # type: ignore[no-untyped-def]
    return requests.post(live.base_url + path, data=params, headers=signed_headers(path, params), timeout=10)


def stored(db) -> list[tuple[int, str | None, str]]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return [(m.contact_id, m.provider_id, m.body) for m in session.scalars(select(Message).order_by(Message.id))]


@pytest.fixture
def still_intact(live, db) -> Callable[[], None]:  # type: ignore[no-untyped-def]
    """A resident whose text was accepted before the bad input; the check it returns says their
    contact and messages are intact and a follow-up text still joins that contact."""
    assert post(live, sms_params(new_sid(), RESIDENT, "J'ai besoin d'aide pour le loyer")).status_code == 200
    before = stored(db)

    def check() -> None:
        assert stored(db)[: len(before)] == before
        follow_up = sms_params(new_sid(), RESIDENT, "Toujours là?")
        assert post(live, follow_up).status_code == 200
        assert stored(db)[-1] == (before[0][0], follow_up["MessageSid"], "Toujours là?")

    return check


def assert_refused(response: requests.Response, status: int, field: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"] == ("not_found" if status == 404 else "invalid_request")
    assert field in response.json()["message"]


@pytest.mark.parametrize("field", ["Body", "From"])
def test_a_nul_in_a_text_or_its_number_is_stored_replaced_not_refused(live, db, still_intact, field):  # type: ignore[no-untyped-def]
    params = sms_params(new_sid(), "+15145550124", "Bonjour, je cherche un refuge")
    params[field] = params[field][:6] + "\0" + params[field][6:]

    assert post(live, params).status_code == 200

    with db.transaction() as session:
        message = session.scalars(select(Message).where(Message.provider_id == params["MessageSid"])).one()
        contact = session.get(Contact, message.contact_id)
        assert (message.body if field == "Body" else contact.from_raw) == params[field].replace("\0", "\ufffd")
    still_intact()


SIDS = {"nul": "SM\0" + "a" * 31, "control": "SM\x07" + "b" * 31, "space": "SM with space", "empty": ""}
SIDS["too-long"] = "SM" + "c" * (PROVIDER_ID_MAX - 1)
NO_MESSAGE_IDS = ["9" * 4000, str(MAX_ID + 1), str(2**63), "abc", "-1", "1.5", "\uff10", "1\0"]
REFUSED = {  # case: (path, fields changed in a good text or status callback, the field the answer names)
    **{f"sid-{case}": (SMS, {"MessageSid": sid}, "MessageSid") for case, sid in SIDS.items()},
    **{f"status-sid-{case}": (STATUS, {"MessageSid": sid}, "MessageSid") for case, sid in SIDS.items()},
    "error-code-nul": (STATUS, {"ErrorCode": "300\x0003"}, "ErrorCode"),
    "error-code-too-long": (STATUS, {"ErrorCode": "3" * (PROVIDER_CODE_MAX + 1)}, "ErrorCode"),
    **{f"m-{m[:12]!r}": (f"{STATUS}?m={quote(m)}", {}, "m is not a message id") for m in NO_MESSAGE_IDS},
}


@pytest.mark.parametrize(("path", "changes", "field"), REFUSED.values(), ids=REFUSED.keys())
def test_a_webhook_with_an_implausible_id_is_a_400_and_stores_nothing(live, db, still_intact, path, changes, field):  # type: ignore[no-untyped-def]
    good = sms_params(new_sid(), "+15145550125", "Allo?") if path == SMS else status_params(new_sid(), "sent", RESIDENT)
    before = stored(db)

    assert_refused(post(live, {**good, **changes}, path), 400, field)

    assert stored(db) == before
    still_intact()


def test_a_nul_in_a_status_is_cleaned_and_names_no_status(live, db, still_intact):  # type: ignore[no-untyped-def]
    assert post(live, status_params(new_sid(), "deliv\0ered", RESIDENT), STATUS).status_code == 200
    still_intact()


def test_an_out_of_range_contact_id_is_a_json_404_on_the_api(live, connect_navigator, still_intact):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    held = amira.call("claim", contact_id=amira.wait_for("queue_snapshot")["contacts"][0]["id"])

    for contact_id in OUT_OF_RANGE:
        assert_refused(amira.http.get(f"{live.base_url}/api/contacts/{contact_id}"), 404, "does not exist")

    assert amira.http.get(f"{live.base_url}/api/contacts/{held['contact']['id']}").status_code == 200
    still_intact()


def test_an_out_of_range_contact_id_gets_an_error_ack_from_every_command(live, connect_navigator, still_intact):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    payloads = {"reply": {"body": "Bonjour"}, "close": {"disposition": "information_given"}}

    for command in ("open", "claim", "reply", "release", "close"):
        for contact_id in OUT_OF_RANGE:
            ack = amira.call(command, contact_id=contact_id, **payloads.get(command, {}))
            assert (ack["ok"], ack["error"]) == (False, "not_found"), (command, contact_id, ack)

    earlier = amira.wait_for("queue_snapshot")["contacts"][0]["id"]
    assert amira.call("claim", contact_id=earlier)["ok"] is True
    still_intact()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_sent_without_a_payload_is_answered_with_an_error(live, connect_navigator, still_intact, command):  # type: ignore[no-untyped-def]
    amira = connect_navigator()

    for sent in ((), ("not an object",), ({"contact_id": 1}, "two arguments")):
        ack = amira.sio.call(command, sent[0] if len(sent) == 1 else (sent or None), namespace=NAMESPACE, timeout=5)
        assert (ack["ok"], ack["error"], "payload" in ack["message"]) == (False, "invalid_request", True), sent

    assert amira.call("heartbeat")["ok"] is True  # the socket still serves commands
    still_intact()


def test_a_nul_in_a_reply_is_an_error_ack_and_stores_nothing(live, db, connect_navigator, still_intact):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    contact_id = amira.wait_for("queue_snapshot")["contacts"][0]["id"]
    assert amira.call("claim", contact_id=contact_id)["ok"] is True
    before = stored(db)

    ack = amira.call("reply", contact_id=contact_id, body="Voici le numéro\0 du refuge")

    assert (ack["ok"], ack["error"], "NUL" in ack["message"]) == (False, "invalid_request", True)
    assert stored(db) == before
    assert amira.call("reply", contact_id=contact_id, body="Voici le numéro du refuge")["ok"] is True
    still_intact()


def test_the_bounds_are_those_of_the_columns() -> None:
    assert type(Contact.__table__.c.id.type) is Integer and MAX_ID == 2**31 - 1  # PostgreSQL integer
    assert Message.__table__.c.provider_id.type.length == PROVIDER_ID_MAX
    assert Message.__table__.c.error_code.type.length == PROVIDER_CODE_MAX
