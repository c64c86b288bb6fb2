"""No resident's phone number or text ever reaches a log. Residents with marker numbers text in,
a navigator replies, sends fail at Twilio (whose error quotes the number), bad input arrives and
the database refuses writes (a CHECK constraint added for the test); then every log file this
pytest run wrote (gunicorn, `python -m workers`: test-artifacts/<name>-<pid>.log) is read, and
holds none of the numbers, in any format, nor any of the texts."""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import select, text

from app.models import Message, OutboxItem
from tests.support.console_client import NAMESPACE, Navigator
from tests.support.services import ARTIFACTS
from tests.support.twilio_signing import signed_headers, sms_params, status_params
from tests.support.waiting import eventually

MARK = uuid.uuid4().hex[:12]  # in every text: found in a log only if a text leaked
NUMBERS = [f"+1873555{n:04d}" for n in range(191, 196)]  # fictional, used by no other test
DB_FAILURE = "refused-by-the-database"
PROBE = "ck_message_pii_probe"


def said(words: str) -> str:
    return f"{words} {MARK}"


@pytest.fixture
def refusing_database(db) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """A database error on every message whose body holds DB_FAILURE: PostgreSQL's own error
    would quote the row, SQLAlchemy's the statement's parameters."""
    with db.transaction() as session:
        check = f"CHECK (body NOT LIKE '%{DB_FAILURE}%') NOT VALID"
        session.execute(text(f"ALTER TABLE message ADD CONSTRAINT {PROBE} {check}"))
    yield
    with db.transaction() as session:
        session.execute(text(f"ALTER TABLE message DROP CONSTRAINT {PROBE}"))


def post(live, params: dict[str, str], path: str = "/twilio/sms") -> int:  # type: ignore[no-untyped-def]
    url = live.base_url + path
    return requests.post(url, data=params, headers=signed_headers(path, params), timeout=10).status_code


def text_in(live, number: str, body: str, sid: str | None = None) -> int:  # type: ignore[no-untyped-def]
    return post(live, sms_params(sid or "SM" + uuid.uuid4().hex, number, body))


def status_of(db, body: str) -> str | None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return session.scalar(select(Message.status).where(Message.body == body))


def reply_and_wait(amira: Navigator, db, contact_id: int, body: str, status: str) -> None:  # type: ignore[no-untyped-def]
    assert amira.call("reply", contact_id=contact_id, body=body)["ok"] is True
    eventually(lambda: status_of(db, body) == status, timeout=20)


def drive_replies_and_send_failures(live, db, amira: Navigator, fake_twilio) -> int:  # type: ignore[no-untyped-def]
    resident = NUMBERS[0]
    assert text_in(live, resident, said("Je dors dehors ce soir, il fait froid")) == 200
    contact_id = amira.wait_for("contact_queued", lambda d: MARK in d["contact"]["preview"])["contact_id"]
    assert amira.call("claim", contact_id=contact_id)["ok"] is True
    reply_and_wait(amira, db, contact_id, said("Le refuge Maison du Père ouvre à 20 h"), "queued")
    fake_twilio.fail_next(400, 21211, f"The 'To' number {resident} is not a valid phone number.")
    reply_and_wait(amira, db, contact_id, said("Appelez le 211 à toute heure"), "failed")
    with db.transaction() as session:  # kept for operators, without the number Twilio quoted
        kept = session.scalar(select(OutboxItem.last_error).where(OutboxItem.status == "failed"))
    assert kept == "Twilio 400: Unable to create record: The 'To' number [number] is not a valid phone number."
    fake_twilio.fail_next(500, 20500, f"Internal error while sending to {resident}")
    reply_and_wait(amira, db, contact_id, said("Un intervenant vous rappelle"), "queued")  # after a retry
    return contact_id


def drive_bad_input(live, amira: Navigator, contact_id: int) -> None:  # type: ignore[no-untyped-def]
    assert text_in(live, NUMBERS[1], said("Bonjour\0 j'ai faim")) == 200
    assert text_in(live, NUMBERS[2] + "\0", said("Allo?")) == 200
    assert text_in(live, NUMBERS[3], said("Aidez-moi"), sid="SM" + "9" * 200) == 400
    callback = status_params("SM" + uuid.uuid4().hex, "delivered", NUMBERS[0])
    assert post(live, callback, "/twilio/sms/status?m=" + "9" * 40) == 400
    assert amira.call("reply", contact_id=contact_id, body=said("Voici\0 le numéro"))["error"] == "invalid_request"
    assert amira.call("open", contact_id=2**63)["error"] == "not_found"
    assert amira.sio.call("reply", namespace=NAMESPACE, timeout=5)["error"] == "invalid_request"


def drive_database_failures(live, amira: Navigator, contact_id: int) -> None:  # type: ignore[no-untyped-def]
    assert text_in(live, NUMBERS[4], said(f"Mon loyer {DB_FAILURE}")) == 500
    ack = amira.call("reply", contact_id=contact_id, body=said(f"Voici l'adresse {DB_FAILURE}"))
    assert ack["error"] == "server_error"


def this_runs_logs() -> dict[str, str]:
    time.sleep(1)  # the processes' last lines
    return {path.name: path.read_text(errors="replace") for path in ARTIFACTS.glob(f"*-{os.getpid()}.log")}


def without_separators(log: str) -> str:
    """Numbers as written anywhere: +1 (873) 555-0191, 873.555.0191, %2B18735550191..."""
    return re.sub(r"[\s().-]", "", log)


def test_no_number_or_text_of_a_resident_reaches_any_log(live, db, connect_navigator, fake_twilio, refusing_database):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    contact_id = drive_replies_and_send_failures(live, db, amira, fake_twilio)
    drive_bad_input(live, amira, contact_id)
    drive_database_failures(live, amira, contact_id)

    logs = this_runs_logs()

    assert {f"gunicorn-{os.getpid()}.log", f"workers-{os.getpid()}.log"} <= logs.keys()
    assert PROBE in "".join(logs.values())  # the database errors were logged: their text was looked at
    for name, log in logs.items():
        assert MARK not in log, f"a resident's text in {name}"
        for number in NUMBERS:
            assert number[2:] not in without_separators(log), f"{number} in {name}"
