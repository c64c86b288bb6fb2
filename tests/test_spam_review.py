"""Supervisors' spam review against the running server: texts posted as Twilio signs them trip the
rules; a supervisor sees the flagged contacts on `/supervisor/spam`, filters them, confirms (who and
when recorded, shown in the contact's history), clears (a text turned away goes back to the queue
at its original place, while it is still live) or blocks the address (its next text is turned
away); the block list is managed on the same page. Navigators are refused; bad input is a clear
400 or 404, never a 500."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import select, update

from app.models import Contact, ContactEvent, StaffUser
from app.spam.models import BlockedAddress, SpamDecision
from tests.conftest import PASSWORD
from tests.support.signin import form_token, post_login
from tests.support.twilio_signing import post_sms
from tests.test_web_security import INLINE_SCRIPT

PAGE = "/supervisor/spam"
LINKS = "http://spam.example/x"  # nothing but a link: suspect
SPAM = "http://crypto.example/x"  # a link, a known pattern: from a short code, spam (turned away)
SHORT_CODE = "12345"
ROW = re.compile(r'class="spam-contact" data-contact-id="(\d+)"')


class Lead:
    """A supervisor's browser: signed in, with the page's CSRF token."""

    def __init__(self, live, make_staff, name: str = "Sam Lead", role: str = "supervisor") -> None:  # type: ignore[no-untyped-def]
        self.base_url, self.http, self.email = live.base_url, requests.Session(), make_staff(role, name)
        assert post_login(self.http, self.email, PASSWORD, live.base_url).status_code == 302
        self.token = form_token(self.http.get(f"{live.base_url}/console").text)

    def get(self, path: str, **params: str) -> requests.Response:
        return self.http.get(self.base_url + path, params=params, allow_redirects=False)

    def post(self, path: str, **data: str) -> requests.Response:
        return self.http.post(self.base_url + path, data={"csrf_token": self.token, **data}, allow_redirects=False)

    def decide(self, contact_id: int, decision: str, note: str = "", query: str = "") -> requests.Response:
        return self.post(f"{PAGE}/{contact_id}/decision{query}", decision=decision, note=note)

    def listed(self, **filters: str) -> list[int]:
        page = self.get(PAGE, **filters)
        assert page.status_code == 200, page.text
        return [int(found) for found in ROW.findall(page.text)]


@pytest.fixture
def lead(live, make_staff) -> Lead:  # type: ignore[no-untyped-def]
    return Lead(live, make_staff)


def contact(db, contact_id: int) -> Contact:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        found = session.get(Contact, contact_id)
        assert found is not None
        return found


def _newest(db, from_: str) -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        query = select(Contact.id).where(Contact.from_raw == from_).order_by(Contact.id.desc()).limit(1)
        return session.scalars(query).one()


@pytest.fixture
def text(live, db):  # type: ignore[no-untyped-def]
    """text(from_, body) -> the contact id the text went to."""

    def send(from_: str, body: str) -> int:
        post_sms(live.base_url, from_, body)
        return _newest(db, from_)

    return send


def set_contact(db, contact_id: int, **values: object) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        session.execute(update(Contact).where(Contact.id == contact_id).values(**values))


def decisions(db, contact_id: int) -> list[tuple]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        rows = session.execute(
            select(SpamDecision.decision, SpamDecision.note, StaffUser.email, SpamDecision.decided_at)
            .join(StaffUser, StaffUser.id == SpamDecision.decided_by_id)
            .where(SpamDecision.contact_id == contact_id)
            .order_by(SpamDecision.id)
        ).all()
        return [tuple(row) for row in rows]


def blocks(db) -> list[BlockedAddress]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return list(session.scalars(select(BlockedAddress).order_by(BlockedAddress.id)))


def test_a_supervisor_sees_flagged_contacts_and_filters_them(lead, db, text) -> None:  # type: ignore[no-untyped-def]
    suspect = text("+15145553001", LINKS)
    clean = text("+15145553002", "I need help with my rent this month")
    tagged = text("+15145553003", "hello?")
    set_contact(db, tagged, state="closed", closed_at=datetime.now(UTC), navigator_tag="prank")
    assert contact(db, suspect).spam_verdict == "suspect"

    page = lead.get(PAGE)
    assert page.status_code == 200
    assert "nothing but links" in page.text and "prank" in page.text
    assert not INLINE_SCRIPT.search(page.text)
    assert sorted(lead.listed()) == sorted([suspect, tagged])  # not the clean one
    assert clean not in lead.listed()

    today = datetime.now(UTC).date()
    today, tomorrow = today.isoformat(), (today + timedelta(days=1)).isoformat()
    assert lead.listed(reason="link_only") == [suspect]
    assert lead.listed(reason="sms_burst") == []
    assert lead.listed(verdict="suspect") == [suspect]
    assert lead.listed(channel="voice") == []
    assert sorted(lead.listed(channel="sms", review="pending")) == sorted([suspect, tagged])
    assert lead.listed(review="confirmed") == []
    assert lead.listed(since=tomorrow) == []
    assert sorted(lead.listed(since=today, until=tomorrow)) == sorted([suspect, tagged])

    for bad in ({"verdict": "nope"}, {"since": "2024-13-01"}, {"until": "yesterday"}, {"channel": "fax"},
                {"since": tomorrow, "until": today}, {"reason": "x\x00"}):  # fmt: skip
        refused = lead.get(PAGE, **bad)
        assert refused.status_code == 400, (bad, refused.text)
        assert 'role="alert"' in refused.text and "Spam review" in refused.text


def test_confirm_records_who_and_when_and_shows_in_the_contacts_history(lead, db, text) -> None:  # type: ignore[no-untyped-def]
    suspect = text("+15145553011", LINKS)
    before = datetime.now(UTC)
    answer = lead.decide(suspect, "confirm", "Link spam, seen before", query="?verdict=suspect")
    after = datetime.now(UTC)
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"{PAGE}?verdict=suspect&done=closed")

    [(decision, note, email, at)] = decisions(db, suspect)
    assert (decision, note, email) == ("confirmed", "Link spam, seen before", lead.email)
    assert before - timedelta(seconds=1) <= at <= after + timedelta(seconds=1)
    confirmed = contact(db, suspect)
    assert (confirmed.spam_review, confirmed.spam_verdict) == ("confirmed", "spam")
    assert (confirmed.state, confirmed.outcome) == ("closed", "spam")  # it was waiting: turned away

    history = lead.get(f"/api/contacts/{suspect}").json()["spam"]
    assert history["verdict"] == "spam" and history["review"] == "confirmed"
    assert [r["rule"] for r in history["reasons"]] == ["link_only"]
    assert history["decisions"] == [
        {"decision": "confirmed", "note": "Link spam, seen before", "by": "Sam Lead", "at": at.isoformat()}
    ]
    page = lead.get(PAGE, done="closed").text
    assert "confirmed by Sam Lead" in page and "Link spam, seen before" in page and "turned away" in page


def test_clearing_a_turned_away_text_puts_it_back_in_its_place(lead, db, text, connect_navigator) -> None:  # type: ignore[no-untyped-def]
    amira = connect_navigator(name="Amira")
    first = text("+15145553021", "I need a food bank near me")
    spam = text(SHORT_CODE, SPAM)
    last = text("+15145553022", "Where can I find a shelter tonight?")
    turned_away = contact(db, spam)
    assert (turned_away.state, turned_away.outcome, turned_away.spam_verdict) == ("closed", "spam", "spam")
    queued = [c["id"] for c in amira.http.get(f"{lead.base_url}/api/contacts?state=queued").json()["contacts"]]
    assert queued == [first, last]

    answer = lead.decide(spam, "clear", "A real resident using a short code")
    assert (answer.status_code, answer.headers["Location"].endswith("done=queued")) == (303, True)
    back = contact(db, spam)
    assert (back.state, back.outcome, back.closed_at) == ("queued", None, None)
    assert (back.spam_review, back.spam_verdict) == ("cleared", "clean")
    assert back.queued_at == turned_away.queued_at  # its original place
    assert amira.wait_for("contact_queued", lambda d: d["contact_id"] == spam)["contact"]["spam_verdict"] == "clean"
    queued = [c["id"] for c in amira.http.get(f"{lead.base_url}/api/contacts?state=queued").json()["contacts"]]
    assert queued == [first, spam, last]
    bruno = connect_navigator(name="Bruno")
    assert [c["id"] for c in bruno.wait_for("queue_snapshot")["contacts"]] == [first, spam, last]
    with db.transaction() as session:
        event = session.scalars(select(ContactEvent).where(ContactEvent.contact_id == spam)
                                .order_by(ContactEvent.id.desc())).first()  # fmt: skip
        lead_id = session.scalars(select(StaffUser.id).where(StaffUser.email == lead.email)).one()
        assert event is not None
        assert (event.reason, event.actor_id, event.to_state) == ("spam_cleared", lead_id, "queued")

    # Judged again on the resident's next text, a reviewed verdict stays.
    assert text(SHORT_CODE, SPAM) == spam
    assert (contact(db, spam).state, contact(db, spam).spam_verdict) == ("queued", "clean")


def test_clearing_a_contact_no_longer_live_only_counts_it_again(lead, db, text) -> None:  # type: ignore[no-untyped-def]
    spam = text(SHORT_CODE, SPAM)
    newer = text(SHORT_CODE, "hello, are you there?")  # the resident wrote again: a new open contact
    assert newer != spam and contact(db, newer).state == "queued"
    call = text("+15145553031", "placeholder")
    hung_up = {"state": "closed", "outcome": "spam", "spam_verdict": "spam", "closed_at": datetime.now(UTC)}
    set_contact(db, call, channel="voice", **hung_up)

    for contact_id in (spam, call):
        assert lead.decide(contact_id, "clear").headers["Location"].endswith("done=cleared")
        cleared = contact(db, contact_id)
        assert (cleared.state, cleared.spam_review, cleared.spam_verdict) == ("closed", "cleared", "clean")
        assert [d[0] for d in decisions(db, contact_id)] == ["cleared"]


def test_block_adds_the_address_and_its_next_text_is_turned_away(lead, db, text) -> None:  # type: ignore[no-untyped-def]
    number = "+15145553041"
    suspect = text(number, LINKS)
    answer = lead.decide(suspect, "block", "Sends links every day")
    assert answer.status_code == 303
    [row] = blocks(db)
    assert (row.channel, row.value, row.reason, row.expires_at) == ("sms", number, "Sends links every day", None)
    blocked = contact(db, suspect)
    assert (blocked.state, blocked.outcome, blocked.spam_verdict) == ("closed", "blocked", "blocked")
    assert (blocked.spam_review, row.lifted_at) == ("confirmed", None)
    assert [d[0] for d in decisions(db, suspect)] == ["blocked"]

    again = text(number, "hello again")
    assert again != suspect
    turned_away = contact(db, again)
    assert (turned_away.state, turned_away.outcome, turned_away.spam_verdict) == ("closed", "blocked", "blocked")
    page = lead.get(PAGE).text
    assert f'data-block-id="{row.id}"' in page and "Sends links every day" in page and "Sam Lead" in page

    lifted = lead.post(f"{PAGE}/blocks/{row.id}/lift")
    assert (lifted.status_code, lifted.headers["Location"].endswith("done=block_lifted")) == (303, True)
    assert blocks(db)[0].lifted_at is not None
    assert f'data-block-id="{row.id}"' not in lead.get(PAGE).text
    welcome = contact(db, text(number, "sorry, I really need help"))
    assert (welcome.state, welcome.spam_verdict) == ("queued", "clean")
    assert lead.post(f"{PAGE}/blocks/{row.id}/lift").status_code == 404  # lifted already


def test_the_block_list_is_managed_on_the_page(lead, db) -> None:  # type: ignore[no-untyped-def]
    last_day = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    added = lead.post(f"{PAGE}/blocks", channel="sms", address="514 555 3051", reason="Auto-dialer", expires=last_day)
    assert (added.status_code, added.headers["Location"].endswith("done=block_added")) == (303, True)
    [row] = blocks(db)
    assert (row.channel, row.value, row.reason) == ("sms", "+15145553051", "Auto-dialer")
    assert row.expires_at is not None and row.expires_at.date().isoformat() == last_day
    page = lead.get(PAGE).text
    assert "+15145553051" in page and "Auto-dialer" in page and last_day in page

    as_json = lead.http.post(f"{lead.base_url}{PAGE}/blocks", json={"channel": "voice", "address": "+14165550123",
                             "reason": "Robocalls"}, headers={"X-CSRF-Token": lead.token})  # fmt: skip
    assert as_json.status_code == 201, as_json.text
    assert as_json.json()["block"] | {"id": 0, "blocked_at": None} == {
        "id": 0, "channel": "voice", "value": "+14165550123", "reason": "Robocalls", "blocked_at": None,
        "expires_at": None, "lifted_at": None,
    }  # fmt: skip

    past = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    for bad in ({"expires": "next week"}, {"expires": past}, {"channel": "fax"}, {"address": ""}, {"reason": ""},
                {"address": "anonymous"}, {"reason": "x" * 501}, {"address": "+1514\x005553052"}):  # fmt: skip
        fields = {"channel": "sms", "address": "+15145553052", "reason": "Spam", **bad}
        refused = lead.post(f"{PAGE}/blocks", **fields)
        assert refused.status_code == 400, (bad, refused.text)
        assert 'role="alert"' in refused.text
    assert len(blocks(db)) == 2
    assert lead.post(f"{PAGE}/blocks/999999/lift").status_code == 404
    assert lead.post(f"{PAGE}/blocks/99999999999/lift").status_code == 404


def test_navigators_are_refused_the_page_and_every_route(live, make_staff, db, text) -> None:  # type: ignore[no-untyped-def]
    suspect = text("+15145553061", LINKS)
    navigator = Lead(live, make_staff, name="Nadia", role="navigator")
    assert navigator.get(PAGE).status_code == 403
    assert "nothing but links" not in navigator.get(PAGE).text
    for path, data in ((f"{PAGE}/{suspect}/decision", {"decision": "clear"}), (f"{PAGE}/blocks/1/lift", {}),
                       (f"{PAGE}/blocks", {"channel": "sms", "address": "+15145553061", "reason": "x"})):  # fmt: skip
        assert navigator.post(path, **data).status_code == 403
    assert navigator.http.get(f"{live.base_url}/api/contacts/{suspect}").status_code == 404  # not theirs to read
    assert decisions(db, suspect) == [] and blocks(db) == []
    assert contact(db, suspect).spam_review is None

    assert Lead(live, make_staff, name="Ada", role="admin").listed() == [suspect]  # admins are leads too
    anonymous = requests.get(f"{live.base_url}{PAGE}", allow_redirects=False)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_bad_decisions_are_refused_clearly_and_change_nothing(lead, db, text) -> None:  # type: ignore[no-untyped-def]
    suspect = text("+15145553071", LINKS)
    withheld = text("anonymous", LINKS)
    cases = [
        (suspect, {"decision": "maybe"}, 400, "one of confirm, clear, block"),
        (suspect, {"decision": "confirm", "note": "x" * 1001}, 400, "at most 1000"),
        (suspect, {"decision": "confirm", "note": "a\x00b"}, 400, "at most 1000"),
        (withheld, {"decision": "block"}, 400, "withheld"),
        (suspect + withheld + 1000, {"decision": "confirm"}, 404, "does not exist"),
        (99999999999, {"decision": "confirm"}, 404, "does not exist"),
    ]
    for contact_id, data, status, message in cases:
        refused = lead.post(f"{PAGE}/{contact_id}/decision", **data)
        assert refused.status_code == status and message in refused.text, (contact_id, data)
    assert decisions(db, suspect) == [] and decisions(db, withheld) == [] and blocks(db) == []

    as_json = lead.http.post(f"{lead.base_url}{PAGE}/{suspect}/decision", json={"decision": "nope"},
                             headers={"X-CSRF-Token": lead.token})  # fmt: skip
    assert (as_json.status_code, as_json.json()["error"]) == (400, "invalid_request")
    no_token = lead.http.post(f"{lead.base_url}{PAGE}/{suspect}/decision", data={"decision": "confirm"})
    assert no_token.status_code == 403

    done = lead.http.post(f"{lead.base_url}{PAGE}/{suspect}/decision", json={"decision": "clear", "note": "fine"},
                          headers={"X-CSRF-Token": lead.token})  # fmt: skip
    assert done.status_code == 200, done.text
    answer = done.json()
    assert (answer["decision"], answer["moved"], answer["spam"]["review"]) == ("cleared", None, "cleared")
    assert [d["by"] for d in answer["spam"]["decisions"]] == ["Sam Lead"]
    assert contact(db, suspect).state == "queued"  # it never left the queue
