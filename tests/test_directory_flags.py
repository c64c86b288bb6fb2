"""Directory quality against the running server: a navigator flags a record from a search result;
an administrator sees the flag, corrects the record with English and French side by side (one log
row per changed field, with who, when, before and after; search finds the correction) and
resolves the flag. Navigators cannot review or edit; bad input is 400/404, never 500; every POST
needs the session's CSRF token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
import requests
from sqlalchemy import select

from app.directory import flag_service, ontario, search_index
from app.directory.details import Phone
from app.directory.flags import DirectoryEdit, DirectoryFlag
from app.directory.importing import Report
from app.directory.models import Location
from app.models import StaffUser
from tests.support.services import ROOT
from tests.support.signin import form_token
from tests.support.staff import signed_in

ONTARIO = ROOT / "data/directory/ontario-covid19-assessment-centres/assessment_centre_locations_2021_07_13.subset60.csv"
MILTON, MILTON_PHONE = "on-covid:4", "on-covid:4:phone"
EDIT_PAGE = f"/directory/records/location/{MILTON}"


class EditForm(HTMLParser):
    """The record form's fields as a browser sends them: inputs, textareas, selected options."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._field, self._reading = "", False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        name = found.get("name", "")
        if ":" in name and tag == "input":
            self.fields[name] = found.get("value", "")
        elif ":" in name and tag in ("textarea", "select"):
            self._field, self._reading = name, tag == "textarea"
            self.fields[name] = ""
        elif tag == "option":
            self._reading = "selected" in found

    def handle_data(self, data: str) -> None:
        if self._reading:
            self.fields[self._field] += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("textarea", "option"):
            self._reading = False


def staff_id(db, email: str) -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return session.scalars(select(StaffUser.id).where(StaffUser.email == email)).one()


def token(browser: requests.Session, live, path: str = "/console") -> str:  # type: ignore[no-untyped-def]
    return form_token(browser.get(live.base_url + path).text)


@pytest.fixture
def directory(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        report = ontario.import_csv(session, ONTARIO, Report())
        assert report.problems == []
        search_index.rebuild(session)


@pytest.fixture
def navigator(live, make_staff) -> tuple[requests.Session, str]:  # type: ignore[no-untyped-def]
    browser, _ = signed_in(live, make_staff, "navigator")
    return browser, token(browser, live)


def flag(live, navigator, **fields: str) -> requests.Response:  # type: ignore[no-untyped-def]
    browser, csrf = navigator
    data = {"kind": "location", "record_id": MILTON, "reason": "phone", "note": "", "csrf_token": csrf, **fields}
    return browser.post(f"{live.base_url}/api/directory/flags", data=data)


def test_a_flag_is_raised_reviewed_corrected_and_resolved(live, db, make_staff, directory, navigator) -> None:  # type: ignore[no-untyped-def]
    hits = navigator[0].get(f"{live.base_url}/api/directory/search", params={"q": "Milton District"}).json()
    found = next(r for r in hits["results"] if r["location"]["id"] == MILTON)
    raised = flag(live, navigator, record_id=found["location"]["id"], note="Out of service since Monday.")
    assert raised.status_code == 201, raised.text
    flag_id = raised.json()["flag"]["id"]
    assert raised.json()["flag"] | {"raised_at": None} == {
        "id": flag_id, "kind": "location", "record_id": MILTON, "reason": "phone",
        "note": "Out of service since Monday.", "status": "open", "raised_at": None,
    }  # fmt: skip

    admin, email = signed_in(live, make_staff, "admin")
    listed = admin.get(f"{live.base_url}/directory/flags")
    assert listed.status_code == 200
    assert "Milton District Hospital" in listed.text and "Out of service since Monday." in listed.text
    assert f'href="{EDIT_PAGE}"' in listed.text

    page = admin.get(live.base_url + EDIT_PAGE)
    assert page.status_code == 200
    fields = EditForm(page.text).fields
    assert fields[f"location:name_fr:{MILTON}"] == "Hôpital du district de Milton"  # French beside English
    assert fields[f"location:name:{MILTON}"] == "Milton District Hospital"
    assert fields[f"phone:number:{MILTON_PHONE}"] == "905-203-7963"
    fields[f"phone:number:{MILTON_PHONE}"] = "905-878-2383"
    fields[f"location:name_fr:{MILTON}"] = "Hôpital Zéphyrin de Milton"
    before = datetime.now(UTC)
    saved = admin.post(live.base_url + EDIT_PAGE, data={**fields, "csrf_token": form_token(page.text)})
    assert saved.status_code == 200 and "Saved: 2 field(s) changed." in saved.text  # after the redirect

    with db.transaction() as session:
        edits = session.scalars(select(DirectoryEdit).order_by(DirectoryEdit.field)).all()
        assert [(e.record_kind, e.record_id, e.field, e.old_value, e.new_value) for e in edits] == [
            ("location", MILTON, "name_fr", "Hôpital du district de Milton", "Hôpital Zéphyrin de Milton"),
            ("phone", MILTON_PHONE, "number", "905-203-7963", "905-878-2383"),
        ]
        assert {e.edited_by_id for e in edits} == {staff_id(db, email)}
        assert all(before - timedelta(seconds=1) <= e.edited_at <= datetime.now(UTC) for e in edits)
        assert session.get(Location, MILTON).updated_at >= before - timedelta(seconds=1)
        assert session.get(Phone, MILTON_PHONE).number == "905-878-2383"
    assert "905-203-7963" in saved.text  # the page's edit history shows what it was
    french = admin.get(f"{live.base_url}/api/directory/search", params={"q": "zephyrin", "lang": "fr"}).json()
    assert [r["location"]["name"] for r in french["results"]] == ["Hôpital Zéphyrin de Milton"]  # index rebuilt
    assert french["results"][0]["phone"] == "905-878-2383"

    resolved = admin.post(
        f"{live.base_url}/directory/flags/{flag_id}/resolve",
        data={"note": "Called the hospital: new number.", "csrf_token": form_token(saved.text)},
    )
    assert resolved.status_code == 200 and "Flag resolved." in resolved.text
    assert "Out of service since Monday." not in admin.get(f"{live.base_url}/directory/flags").text
    with db.transaction() as session:
        closed = session.get(DirectoryFlag, flag_id)
        assert (closed.status, closed.resolved_by_id, closed.resolution_note) == (
            "resolved", staff_id(db, email), "Called the hospital: new number.",
        )  # fmt: skip
        assert closed.resolved_at is not None
    again = admin.post(
        f"{live.base_url}/directory/flags/{flag_id}/resolve", data={"note": "x", "csrf_token": form_token(saved.text)}
    )
    assert again.status_code == 409


def test_a_navigator_cannot_review_edit_or_resolve(live, db, directory, navigator) -> None:  # type: ignore[no-untyped-def]
    browser, csrf = navigator
    flag_id = flag(live, navigator, reason="closed").json()["flag"]["id"]
    assert browser.get(f"{live.base_url}/directory/flags").status_code == 403
    assert browser.get(live.base_url + EDIT_PAGE).status_code == 403
    data = {f"location:name_fr:{MILTON}": "Pirate", "csrf_token": csrf}
    assert browser.post(live.base_url + EDIT_PAGE, data=data).status_code == 403
    resolve = {"note": "nope", "csrf_token": csrf}
    assert browser.post(f"{live.base_url}/directory/flags/{flag_id}/resolve", data=resolve).status_code == 403
    with db.transaction() as session:
        assert session.get(Location, MILTON).name_fr == "Hôpital du district de Milton"
        assert session.get(DirectoryFlag, flag_id).status == "open"
        assert session.scalars(select(DirectoryEdit)).all() == []
    anonymous = requests.get(f"{live.base_url}/directory/flags", allow_redirects=False)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


@pytest.mark.parametrize(
    ("fields", "status", "says"),
    [
        ({"reason": "typo"}, 400, "reason must be one of"),
        ({"reason": ""}, 400, "reason must be one of"),
        ({"kind": "address"}, 400, "kind must be one of"),
        ({"note": "x" * 1001}, 400, "at most 1000 characters"),
        ({"note": "x" * 200_000}, 400, "at most 1000 characters"),
        ({"note": "bad\x00byte"}, 400, "NUL"),
        ({"reason": "other", "note": "  "}, 400, "note is required"),
        ({"record_id": ""}, 400, "record_id is required"),
        ({"record_id": "on-covid:nowhere"}, 404, "no such location"),
        ({"record_id": "on-covid:\x00"}, 404, "no such location"),
        ({"record_id": "x" * 300}, 404, "no such location"),
        ({"kind": "phone", "record_id": MILTON}, 404, "no such phone"),
    ],
)
def test_bad_flags_are_refused_with_a_reason(live, db, directory, navigator, fields, status, says) -> None:  # type: ignore[no-untyped-def]
    refused = flag(live, navigator, **fields)
    assert refused.status_code == status, refused.text
    assert refused.json()["error"] in ("invalid_request", "not_found") and says in refused.json()["message"]
    with db.transaction() as session:
        assert session.scalars(select(DirectoryFlag)).all() == []


def test_bad_edits_change_nothing_and_unknown_records_are_404(live, db, make_staff, directory) -> None:  # type: ignore[no-untyped-def]
    admin, _ = signed_in(live, make_staff, "admin")
    page = admin.get(live.base_url + EDIT_PAGE)
    csrf = form_token(page.text)
    for field, value, says in [
        (f"location:name_fr:{MILTON}", "a\x00b", "NUL"),
        (f"phone:number:{MILTON_PHONE}", "9" * 61, "at most 60 characters"),
        (f"phone:number:{MILTON_PHONE}", "   ", "cannot be empty"),
        (f"location:description:{MILTON}", "x" * 10_001, "at most 10000 characters"),
    ]:
        data = {f"location:name:{MILTON}": "Renamed", field: value, "csrf_token": csrf}
        refused = admin.post(live.base_url + EDIT_PAGE, data=data)
        assert refused.status_code == 400 and says in refused.text and "Nothing was saved." in refused.text
    with db.transaction() as session:
        assert session.get(Location, MILTON).name == "Milton District Hospital"
        assert session.scalars(select(DirectoryEdit)).all() == []
    for path in ("/directory/records/location/on-covid:nowhere", "/directory/records/address/on-covid:4:address",
                 "/directory/records/location/on-covid%00", "/directory/records/spaceship/1"):  # fmt: skip
        assert admin.get(live.base_url + path).status_code == 404, path
    for flag_id in ("99999", "99999999999999999999"):
        gone = admin.post(f"{live.base_url}/directory/flags/{flag_id}/resolve", data={"note": "x", "csrf_token": csrf})
        assert gone.status_code == 404


def test_every_post_needs_the_sessions_csrf_token(live, db, make_staff, directory, navigator) -> None:  # type: ignore[no-untyped-def]
    browser, csrf = navigator
    fields = {"kind": "location", "record_id": MILTON, "reason": "moved"}
    tokenless = browser.post(f"{live.base_url}/api/directory/flags", data=fields)
    assert (tokenless.status_code, tokenless.json()["error"]) == (403, "csrf")
    # A script's JSON carries the token in the X-CSRF-Token header; in the body it is not read.
    in_body = browser.post(f"{live.base_url}/api/directory/flags", json={**fields, "csrf_token": csrf})
    assert (in_body.status_code, in_body.json()["error"]) == (403, "csrf")
    wrong = browser.post(f"{live.base_url}/api/directory/flags", json=fields, headers={"X-CSRF-Token": "forged"})
    assert (wrong.status_code, wrong.json()["error"]) == (403, "csrf")
    as_json = browser.post(f"{live.base_url}/api/directory/flags", json=fields, headers={"X-CSRF-Token": csrf})
    assert as_json.status_code == 201 and as_json.json()["flag"]["reason"] == "moved"
    stranger = requests.post(f"{live.base_url}/api/directory/flags", data={**fields, "csrf_token": csrf})
    assert stranger.status_code == 403  # not this session's token
    admin, _ = signed_in(live, make_staff, "admin")
    unsigned_edit = admin.post(live.base_url + EDIT_PAGE, data={f"location:name:{MILTON}": "Forged"})
    assert unsigned_edit.status_code == 403
    with db.transaction() as session:  # only the request that carried the token was taken
        assert [flag.reason for flag in session.scalars(select(DirectoryFlag))] == ["moved"]
        assert session.get(Location, MILTON).name == "Milton District Hospital"


def test_a_correction_survives_a_re_import_until_the_source_changes_it(db, make_staff, directory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("admin")
    with db.transaction() as session:
        admin = session.scalars(select(StaffUser).where(StaffUser.email == email)).one()
        form = {f"location:name:{MILTON}": "Milton District Hospital (assessment centre)"}
        assert flag_service.save(session, admin, "location", MILTON, form) == 1
    with db.transaction() as session:
        again = ontario.import_csv(session, ONTARIO, Report())
        assert (again.corrections_kept, again.updated) == (1, 0) and "1 local corrections kept" in again.summary()
        assert session.get_one(Location, MILTON).name == "Milton District Hospital (assessment centre)"
    changed = tmp_path / ONTARIO.name
    changed.write_text(ONTARIO.read_text().replace(",4,Milton District Hospital,", ",4,Milton Hospital,"))
    with db.transaction() as session:
        newer = ontario.import_csv(session, changed, Report())
        assert newer.corrections_kept == 0 and newer.updated >= 1
        assert session.get_one(Location, MILTON).name == "Milton Hospital"  # the source changed it: taken
