"""Sign-in is limited per client address as well as per account (app/sign_in_limits.py): after
SIGN_IN_FAILURES_PER_ADDRESS failures from one address, whatever the accounts tried, that address
waits, with a clear message, even with the right password; the refusal is not a failure itself."""

from __future__ import annotations

import uuid

import requests
from sqlalchemy import func, select

from app.models import AuditEntry
from tests.conftest import PASSWORD
from tests.support.signin import post_login


def test_an_address_that_fails_too_often_waits_whatever_the_account(live, db, make_staff, config) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("navigator")
    for _ in range(config.SIGN_IN_FAILURES_PER_ADDRESS):  # a different made-up account each time: no lock
        made_up = f"guess-{uuid.uuid4().hex[:8]}@example.org"
        assert post_login(requests.Session(), made_up, "not-the-password", live.base_url).status_code == 401

    answer = post_login(requests.Session(), email, PASSWORD, live.base_url)
    assert answer.status_code == 429
    assert "Too many failed sign-ins from your address. Try again in 15 minutes." in answer.text
    with db.transaction() as session:
        failures = select(func.count()).where(AuditEntry.action == "sign_in.failed")
        assert session.scalar(failures) == config.SIGN_IN_FAILURES_PER_ADDRESS  # the refusal added none
        assert session.scalar(select(func.count()).where(AuditEntry.action == "sign_in")) == 0
