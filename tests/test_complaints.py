"""Complaints against the running server (docs/complaints.md): a resident reads the process and
complains on the public page in English or French and gets a reference; a navigator logs one from
a contact they hold (need to know: anyone else's contact is a 404 like a missing one); a
supervisor assigns, acknowledges, investigates, notes and resolves it with its outcome, the dates
set and illegal moves refused; a navigator manages nothing; bad input is a 4xx page in the
visitor's language, never a 500; and `count()` gives the funder's figures over a period."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import requests
from sqlalchemy import select

from app.complaints import deadlines, public_views, service
from app.complaints.limits import Limiter
from app.complaints.models import Complaint, ComplaintNote
from app.models import StaffUser
from tests.conftest import PASSWORD
from tests.support.console_client import Navigator
from tests.support.signin import form_token
from tests.support.staff import signed_in
from tests.support.twilio_signing import signed_headers, sms_params

REFERENCE = re.compile(r'class="complaint-reference">(C-\d{6})<')
ALERT = re.compile(r'role="alert"[^>]*>(.*?)</div>', re.S)


def staff_id(db, email: str) -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return session.scalars(select(StaffUser.id).where(StaffUser.email == email)).one()


def complaints(db) -> list[Complaint]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        rows = list(session.scalars(select(Complaint).order_by(Complaint.id)))
        session.expunge_all()
        return rows


def alert(page: requests.Response) -> str:
    match = ALERT.search(page.text)
    assert match, page.text[:500]
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip()


def test_a_resident_complains_in_french_and_gets_a_reference(live, db) -> None:  # type: ignore[no-untyped-def]
    browser = requests.Session()
    page = browser.get(f"{live.base_url}/complaints", headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"})
    assert page.status_code == 200 and '<html lang="fr">' in page.text
    assert "Accept-Language" in page.headers["Vary"]
    assert list(browser.cookies.keys()) == ["session"]  # the form's CSRF token, nothing else

    sent = browser.post(
        f"{live.base_url}/complaints?lang=fr",
        data={"csrf_token": form_token(page.text), "summary": "  On m'a raccroché au nez deux fois.\r\nMerci.  ",
              "contact_details": "613-555-0142", "language": "fr", "name": ""},
    )  # fmt: skip
    assert sent.status_code == 200, sent.text
    assert "Plainte reçue" in sent.text and "Merci. Nous avons reçu votre plainte." in sent.text
    assert "dans les 2 jours ouvrables, au plus tard le" in sent.text
    reference = REFERENCE.search(sent.text)
    assert reference, sent.text
    [stored] = complaints(db)
    assert reference.group(1) == stored.reference == f"C-{stored.id:06d}"
    assert (stored.channel, stored.language, stored.status) == ("web", "fr", "received")
    assert (stored.name, stored.contact_details) == (None, "613-555-0142")  # only what they gave
    assert stored.summary == "On m'a raccroché au nez deux fois.\nMerci."
    assert (stored.contact_id, stored.logged_by_id, stored.owner_id) == (None, None, None)

    anonymous = browser.post(f"{live.base_url}/complaints?lang=en",
                             data={"csrf_token": form_token(page.text), "summary": "Waited 40 minutes."})  # fmt: skip
    assert anonymous.status_code == 200 and "Complaint received" in anonymous.text
    assert "You did not leave a way to reach you" in anonymous.text
    assert complaints(db)[-1].language == "en"  # the page's language when none was chosen


def test_the_process_is_readable_in_english_and_in_french(live) -> None:  # type: ignore[no-untyped-def]
    english = requests.get(f"{live.base_url}/complaints?lang=en")
    french = requests.get(f"{live.base_url}/complaints?lang=fr")
    for page, words in (
        (english, ["How we handle complaints", "We acknowledge it within 2 business days",
                   "answer within 10 business days", "Ask the 211 manager", "Go to our funder",
                   "What happened? (required)", "How can we reach you? (optional)", 'href="/complaints?lang=fr"']),
        (french, ["Comment nous traitons les plaintes", "Nous en accusons réception dans les 2 jours ouvrables",
                  "vous répondons dans les 10 jours ouvrables", "direction du 211", "notre bailleur de fonds",
                  "Que s'est-il passé? (obligatoire)", "Comment pouvons-nous vous joindre? (facultatif)",
                  'href="/complaints?lang=en"']),
    ):  # fmt: skip
        assert page.status_code == 200
        text = page.text.replace("&#39;", "'")
        assert [w for w in words if w not in text] == []
        assert "<script" not in page.text and "style=" not in page.text  # no inline script or style
        assert 'name="csrf_token"' in page.text
        assert "Vary" not in page.headers or "Accept-Language" not in page.headers["Vary"]  # `lang` decided
    assert '<html lang="en">' in english.text and '<html lang="fr">' in french.text
    assert "Aller au contenu principal" in french.text  # the skip link speaks French too


def test_bad_input_is_refused_in_the_pages_language_never_a_500(live, db) -> None:  # type: ignore[no-untyped-def]
    browser = requests.Session()
    token = form_token(browser.get(f"{live.base_url}/complaints?lang=fr").text)
    url = f"{live.base_url}/complaints"
    cases = [
        ("fr", {"summary": "Bonjour\x00"}, 400, "caractère NUL"),
        ("en", {"summary": "ok", "name": "A\x00"}, 400, "NUL character"),
        ("fr", {"summary": "x" * 5001}, 400, "limitée à 5 000 caractères"),
        ("en", {"summary": "x" * 5001}, 400, "at most 5,000 characters"),
        ("fr", {"summary": "   "}, 400, "ce champ est obligatoire"),
        ("en", {"summary": "ok", "name": "n" * 201}, 400, "at most 200 characters"),
        ("fr", {"summary": "ok", "contact_details": "c" * 321}, 400, "limitées à 320 caractères"),
        ("fr", {"summary": "ok", "language": "de"}, 400, "le français ou l'anglais"),
        ("fr", {"summary": "x" * (1024 * 1024 + 1)}, 413, "trop longue pour être envoyée"),
    ]
    for lang, data, status, said in cases:
        refused = browser.post(f"{url}?lang={lang}", data={"csrf_token": token, **data})
        assert refused.status_code == status, (data.keys(), refused.status_code, refused.text[:300])
        assert said in alert(refused).replace("&#39;", "'"), alert(refused)
        assert f'<html lang="{lang}">' in refused.text
    typed = browser.post(f"{url}?lang=en", data={"csrf_token": token, "summary": "x" * 5001, "name": "Jo"})
    assert 'value="Jo"' in typed.text and 'aria-invalid="true"' in typed.text  # kept, the field marked
    without_token = requests.post(f"{url}?lang=en", data={"summary": "Forged"})
    assert without_token.status_code == 403
    assert complaints(db) == []


def claimed_contact(live, email: str) -> tuple[Navigator, int]:  # type: ignore[no-untyped-def]
    params = sms_params("SM" + "c" * 32, "+15145550177", "Je veux porter plainte contre un organisme")
    assert requests.post(f"{live.base_url}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params)).ok
    navigator = Navigator(live.base_url, email, PASSWORD).connect()
    contact_id = navigator.wait_for("queue_snapshot")["contacts"][0]["id"]
    assert navigator.call("claim", contact_id=contact_id)["ok"]
    return navigator, contact_id


def test_a_navigator_logs_a_complaint_from_a_contact_they_hold(live, db, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("navigator", name="Amira")
    amira, contact_id = claimed_contact(live, email)
    try:
        token = form_token(amira.http.get(f"{live.base_url}/console").text)
        url = f"{live.base_url}/api/contacts/{contact_id}/complaints"
        logged = amira.http.post(url, data={"csrf_token": token, "summary": "The shelter turned her away rudely.",
                                            "name": "Marie"})  # fmt: skip
        assert logged.status_code == 201, logged.text
        shown = logged.json()["complaint"]
        assert (shown["contact_id"], shown["channel"], shown["status"]) == (contact_id, "sms", "received")
        assert shown["reference"] == f"C-{shown['id']:06d}"
        by_json = amira.http.post(url, json={"summary": "Second one, by phone.", "channel": "phone",
                                             "language": "en"}, headers={"X-CSRF-Token": token})  # fmt: skip
        assert by_json.status_code == 201, by_json.text
        missing_summary = amira.http.post(url, data={"csrf_token": token, "summary": ""})
        assert (missing_summary.status_code, missing_summary.json()["error"]) == (400, "invalid_request")
        web = amira.http.post(url, json={"summary": "x", "channel": "web"}, headers={"X-CSRF-Token": token})
        assert web.status_code == 400  # `web` is the public form's
    finally:
        amira.disconnect()
    first, second = complaints(db)
    assert (first.contact_id, first.logged_by_id, first.name, first.channel) == (contact_id, staff_id(db, email),
                                                                                "Marie", "sms")  # fmt: skip
    assert (second.channel, second.language) == ("phone", "en")

    bruno, _ = signed_in(live, make_staff, "navigator")  # holds nothing: her contact is not his to read
    token = form_token(bruno.get(f"{live.base_url}/console").text)
    for target in (contact_id, contact_id + 1000, 2**31):
        refused = bruno.post(f"{live.base_url}/api/contacts/{target}/complaints",
                             data={"csrf_token": token, "summary": "Forged"})  # fmt: skip
        assert (refused.status_code, refused.json()["error"]) == (404, "not_found")
    assert len(complaints(db)) == 2


def submitted(db, summary: str = "Nobody called me back.") -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return service.submit(session, {"summary": summary, "language": "en", "contact_details": "a@b.example"}).id


def test_a_supervisor_tracks_a_complaint_to_its_resolution(live, db, make_staff) -> None:  # type: ignore[no-untyped-def]
    complaint_id = submitted(db)
    sofia, sofia_email = signed_in(live, make_staff, "supervisor")
    owner_email = make_staff("navigator", name="Olivier")
    base = f"{live.base_url}/supervisor/complaints/{complaint_id}"
    listed = sofia.get(f"{live.base_url}/supervisor/complaints")
    assert listed.status_code == 200 and "Nobody called me back." in listed.text
    assert f'<a href="/supervisor/complaints/{complaint_id}">C-{complaint_id:06d}</a>' in listed.text
    token = form_token(listed.text)

    def post(path: str, **data: str) -> requests.Response:
        return sofia.post(base + path, data={"csrf_token": token, **data})

    assigned = post("/owner", owner_id=str(staff_id(db, owner_email)))
    assert assigned.status_code == 200 and "Owner saved." in assigned.text and "Olivier" in assigned.text
    too_soon = post("/resolve", outcome="Done")  # received -> resolved skips acknowledging
    assert too_soon.status_code == 409 and "cannot become resolved" in alert_text(too_soon)
    assert post("/status", status="investigating").status_code == 409
    assert post("/status", status="acknowledged").status_code == 200
    with db.transaction() as session:
        acknowledged = session.get(Complaint, complaint_id)
        assert acknowledged.status == "acknowledged" and acknowledged.acknowledged_at is not None
        assert acknowledged.resolved_at is None
    assert post("/status", status="investigating").status_code == 200
    noted = post("/notes", note="Called the shelter; they apologise.")
    assert noted.status_code == 200 and "Called the shelter; they apologise." in noted.text
    assert post("/resolve", outcome="").status_code == 400  # an outcome is required
    resolved = post("/resolve", outcome="Apology given; staff retrained on intake.")
    assert resolved.status_code == 200 and "Resolved." in resolved.text

    with db.transaction() as session:
        done = session.get(Complaint, complaint_id)
        assert (done.status, done.outcome) == ("resolved", "Apology given; staff retrained on intake.")
        assert done.owner_id == staff_id(db, owner_email)
        assert done.acknowledged_at is not None and done.resolved_at is not None
        assert done.acknowledged_at <= done.resolved_at <= datetime.now(UTC)
        trail = [(n.kind, n.author_id) for n in session.scalars(select(ComplaintNote).order_by(ComplaintNote.id))]
        assert [kind for kind, _ in trail] == ["owner", "status", "status", "note", "status"]
        assert {author for _, author in trail} == {staff_id(db, sofia_email)}
    for path, data in (("/status", {"status": "withdrawn"}), ("/status", {"status": "investigating"}),
                       ("/owner", {"owner_id": ""})):  # fmt: skip
        assert post(path, **data).status_code == 409, path  # resolved is final
    assert post("/notes", note="The complainant called to thank us.").status_code == 200  # notes still welcome
    assert sofia.get(f"{live.base_url}/supervisor/complaints").text.count(f"C-{complaint_id:06d}") == 0  # not open
    assert f"C-{complaint_id:06d}" in sofia.get(f"{live.base_url}/supervisor/complaints?status=resolved").text
    assert sofia.get(f"{live.base_url}/supervisor/complaints?status=nonsense").status_code == 400
    found = sofia.get(f"{live.base_url}/supervisor/complaints", params={"status": "all", "ref": f"c-{complaint_id}"})
    assert f"C-{complaint_id:06d}" in found.text
    assert sofia.get(f"{live.base_url}/supervisor/complaints", params={"ref": "nonsense"}).status_code == 400
    assert sofia.get(f"{live.base_url}/supervisor/complaints/{2**31}").status_code == 404
    assert post("/status", status="\x00").status_code == 400


def alert_text(page: requests.Response) -> str:
    match = re.search(r'class="error" role="alert">(.*?)</p>', page.text, re.S)
    assert match, page.text[:500]
    return match.group(1)


def test_a_navigator_cannot_manage_complaints(live, db, make_staff) -> None:  # type: ignore[no-untyped-def]
    complaint_id = submitted(db, "Secret details of a complaint")
    navigator, _ = signed_in(live, make_staff, "navigator")
    token = form_token(navigator.get(f"{live.base_url}/console").text)
    base = f"{live.base_url}/supervisor/complaints"
    for response in (
        navigator.get(base), navigator.get(f"{base}/{complaint_id}"),
        navigator.post(f"{base}/{complaint_id}/status", data={"csrf_token": token, "status": "acknowledged"}),
        navigator.post(f"{base}/{complaint_id}/notes", data={"csrf_token": token, "note": "mine"}),
        navigator.post(f"{base}/{complaint_id}/resolve", data={"csrf_token": token, "outcome": "x"}),
        navigator.post(f"{base}/{complaint_id}/owner", data={"csrf_token": token, "owner_id": ""}),
    ):  # fmt: skip
        assert response.status_code == 403 and "Secret details" not in response.text
    anonymous = requests.get(base, allow_redirects=False)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    [untouched] = complaints(db)
    assert (untouched.status, untouched.acknowledged_at) == ("received", None)


def test_more_than_the_limit_from_one_address_is_429(app, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """In-process (the live server's limit is its own): the third complaint within the window."""
    monkeypatch.setattr(public_views, "SUBMISSIONS", Limiter(count=2, seconds=3600))
    client = app.test_client()
    token = form_token(client.get("/complaints?lang=fr").text)
    sent = [client.post("/complaints?lang=fr", data={"csrf_token": token, "summary": f"Plainte {n}"}) for n in range(3)]
    assert [each.status_code for each in sent] == [200, 200, 429]
    assert "envoyé plusieurs plaintes en peu de temps" in sent[2].text
    assert 'value="Plainte 2"' not in sent[2].text and "Plainte 2</textarea>" in sent[2].text  # kept to copy
    assert [c.summary for c in complaints(db)] == ["Plainte 0", "Plainte 1"]


def test_count_over_a_period(db) -> None:  # type: ignore[no-untyped-def]
    march = datetime(2026, 3, 1, 5, tzinfo=UTC)  # midnight in Toronto (TIME_ZONE)
    rows = [  # received, resolved, withdrawn (days after March 1, Toronto)
        (-3, 2, None),  # received in February, resolved in March
        (-2, None, None),  # received in February, still open
        (0.1, 5, None),  # received and resolved in March
        (10, None, 12),  # received and withdrawn in March
        (20, 40, None),  # received in March, resolved in April: open at the end of March
        (31.5, None, None),  # received in April
    ]
    with db.transaction() as session:
        for received, resolved, withdrawn in rows:
            at = march + timedelta(days=received)
            session.add(Complaint(
                channel="phone", language="en", summary="s", received_at=at,
                status="resolved" if resolved else "withdrawn" if withdrawn else "received",
                resolved_at=march + timedelta(days=resolved) if resolved else None,
                withdrawn_at=march + timedelta(days=withdrawn) if withdrawn else None,
            ))  # fmt: skip
    with db.transaction() as session:
        by_days = service.count(session, date(2026, 3, 1), date(2026, 4, 1))
        by_instants = service.count(session, march, datetime(2026, 4, 1, 4, tzinfo=UTC))  # EDT from March 8
        with pytest.raises(ValueError):
            service.count(session, datetime(2026, 3, 1), datetime(2026, 4, 1))  # naive: which zone?
    assert by_days == by_instants == {"received": 3, "resolved": 2, "withdrawn": 1, "open_at_end": 2}


def test_deadlines_count_business_days_and_the_limiter_forgets_old_sends() -> None:
    friday = date(2026, 3, 6)
    assert deadlines.add_business_days(friday, 2) == date(2026, 3, 10)  # Tuesday
    assert deadlines.add_business_days(date(2026, 3, 7), 2) == date(2026, 3, 10)  # from a Saturday
    assert deadlines.add_business_days(friday, 10) == date(2026, 3, 20)
    limiter = Limiter(count=2, seconds=60, keys=2)
    for now in (0.0, 1.0):
        assert not limiter.blocked("a", now)
        limiter.record("a", now)
    assert limiter.blocked("a", 30.0) and not limiter.blocked("b", 30.0)
    assert not limiter.blocked("a", 61.0)  # the first send left the window
    limiter.record("b", 62.0)
    limiter.record("c", 62.0)  # three keys: the least recently used ("a") is forgotten
    assert "a" not in limiter._events
