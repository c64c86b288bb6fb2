"""The wrap-up panel of the console in Debian's Chromium against the live app: a navigator claims
a resident's text, searches the directory and refers the resident, reports a wrong record, codes
a need to a taxonomy term (unmet, with its reason), records the contact type, who is asking and
the area, then closes; the wrap-up is stored with the contact (read back as a supervisor). No
console errors: a Content Security Policy violation (an inline script or style) would show as one.

The live server runs with WRAPUP_REQUIRED empty, so nothing is missing from the start: the test
asserts what is stored rather than what `close` still needs."""

from __future__ import annotations

import requests
from playwright.sync_api import expect
from sqlalchemy import select

from app.db import Database
from app.directory.flags import DirectoryFlag
from app.services import demo
from tests.conftest import PASSWORD
from tests.e2e.test_console_browser import resident_texts
from tests.support.browser import sign_in, watched
from tests.support.services import ARTIFACTS
from tests.support.signin import post_login


def fill_directory(db: Database) -> None:
    with db.transaction() as session:
        demo.load_directory(session)


def test_a_navigator_refers_codes_a_need_records_the_contact_and_closes(live, make_staff, db, open_page):  # type: ignore[no-untyped-def]
    fill_directory(db)
    base = live.base_url
    supervisor_email = make_staff("supervisor", "Sofia Lead")
    page = open_page()
    errors = watched(page)
    sign_in(page, base, make_staff("navigator", "Amira Haddad"))
    panel = page.locator("#wrapup-panel")

    resident_texts(base, "+1 (613) 555-0142", "I need a COVID test and somewhere to live")
    row = page.locator("#queue > li[data-contact-id]")
    expect(row).to_have_count(1)
    contact_id = int(row.get_attribute("data-contact-id"))
    expect(panel).to_be_hidden()  # nothing open yet
    row.get_by_role("button", name="Claim").click()
    expect(panel).to_be_visible()
    expect(page.locator("#wrapup-referrals-empty")).to_be_visible()
    expect(page.locator("#wrapup-needs-empty")).to_be_visible()
    expect(page.locator("#wrapup-missing")).to_be_hidden()  # WRAPUP_REQUIRED is empty here

    # The directory, in the contact's language: results with name, organization, address, phone.
    page.get_by_label("Search the directory").fill("assessment")
    page.get_by_label("Municipality or postal code").fill("Ottawa")
    page.get_by_label("Municipality or postal code").press("Enter")  # the keyboard is enough
    expect(page.locator("#wrapup-status")).to_contain_text("found")
    results = page.locator("#wrapup-results > li")
    expect(results.first).to_be_visible()
    first = results.first
    first_name = first.locator(".result-name").inner_text()
    expect(first.locator(".result-address")).to_contain_text("Ottawa")
    expect(first.locator(".result-phone")).to_contain_text("Phone:")

    page.get_by_label("Kind of referral").select_option("referral")
    first.get_by_role("button", name="Refer").click()
    referrals = page.locator("#wrapup-referrals > li")
    expect(referrals).to_have_count(1)
    expect(referrals.first).to_contain_text(first_name)
    expect(page.locator("#wrapup-status")).to_have_text(f"Referred to {first_name} (referral).")
    expect(page.locator("#wrapup-referrals-empty")).to_be_hidden()
    page.click("#wrapup-send-referrals")  # texted to the resident, into the conversation
    expect(page.locator("#messages > li.message.outbound")).to_have_count(1)
    expect(page.locator("#messages > li.message.outbound .message-body")).to_contain_text(first_name)
    expect(page.locator("#wrapup-send-referrals")).to_be_hidden()  # nothing left to send

    # A wrong phone number on another result is reported for an administrator to correct.
    other = results.nth(1)
    other.get_by_text("Report a problem").click()
    other.get_by_label("What is wrong").select_option("phone")
    other.get_by_label("Note").fill("The number rings a fax machine.")
    other.get_by_role("button", name="Send report").click()
    expect(other.locator(".flag-result")).to_contain_text("Problem reported")

    # A need coded to a taxonomy term, not met, with why.
    page.get_by_label("Find a need").fill("Housing")
    page.get_by_label("Find a need").press("Enter")
    expect(page.locator("#wrapup-status")).to_contain_text("terms found")
    need = page.get_by_label("Need", exact=True)
    expect(need).to_have_value("open-eligibility:1103")  # the exact name first; twins told apart
    expect(need.locator("option:checked")).to_have_text("Housing (1103)")
    expect(need.locator("option", has_text="Help Pay for Housing — Housing")).to_have_count(1)
    need.select_option(label="Housing (1103)")
    page.get_by_label("Status").select_option("unmet")
    page.get_by_label("Why not met").select_option("waitlist")
    page.locator("#wrapup-need-add").click()
    needs = page.locator("#wrapup-needs > li")
    expect(needs).to_have_count(1)
    expect(needs.first).to_contain_text("Housing: unmet (waitlist)")

    # The record: each control is saved as it changes.
    page.get_by_label("Contact type").select_option("i_and_r")
    expect(page.locator("#wrapup-status")).to_have_text("Saved: Contact type.")
    page.get_by_label("Who is asking").select_option("self")
    expect(page.locator("#wrapup-status")).to_have_text("Saved: Who is asking.")
    page.get_by_label("Area: municipality or postal area").fill("Ottawa")
    page.get_by_role("button", name="Save record").click()
    expect(page.locator("#wrapup-status")).to_have_text("Wrap-up record saved.")
    expect(page.locator("#wrapup-missing")).to_be_hidden()
    expect(page.locator("#wrapup-missing")).to_have_text("")

    # A street address is refused, and the navigator is told why.
    page.get_by_label("Area: municipality or postal area").fill("123 Main Street")
    page.get_by_role("button", name="Save record").click()
    expect(page.locator("#wrapup-status")).to_contain_text("not a street address")
    page.get_by_label("Area: municipality or postal area").fill("Ottawa")
    page.get_by_role("button", name="Save record").click()
    expect(page.locator("#wrapup-status")).to_have_text("Wrap-up record saved.")

    # The resident agrees to a follow-up: scheduled, it shows (overdue) under the queue.
    page.get_by_label("Consents to a follow-up").select_option("yes")
    page.get_by_label("Follow up by").select_option("phone")
    page.get_by_role("button", name="Save record").click()
    expect(page.locator("#wrapup-status")).to_have_text("Wrap-up record saved.")
    page.get_by_label("Follow up on").fill("2026-11-01")
    page.get_by_role("button", name="Schedule the follow-up").click()
    follow_up = page.locator("#followups-list > li")
    expect(follow_up).to_have_count(1)
    expect(follow_up).to_have_attribute("data-state", "overdue")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-wrapup.png"), full_page=True)

    page.select_option("#disposition", "referral_given")
    page.click("#close-contact")
    expect(page.locator("#queue > li")).to_have_count(0)
    expect(panel).to_be_hidden()

    # Calling back: no answer first, then reached; closed with the needs' outcome.
    follow_up.get_by_role("button", name="No answer").click()
    expect(follow_up).to_contain_text("tried: no answer")
    follow_up.get_by_label(f"Outcome of the follow-up of contact {contact_id}").select_option("partly_met")
    follow_up.get_by_role("button", name="Close").click()
    expect(follow_up).to_have_count(0)
    expect(page.locator("#followups-empty")).to_be_visible()
    assert errors == []

    # A supervisor reads the contact back: the wrap-up is stored with it.
    with requests.Session() as lead:
        assert post_login(lead, supervisor_email, PASSWORD, base_url=base).status_code == 302
        response = lead.get(f"{base}/api/contacts/{contact_id}")
    assert response.status_code == 200, response.text
    wrapup = response.json()["wrapup"]
    assert [(r["name"], r["kind"]) for r in wrapup["referrals"]] == [(first_name, "referral")]
    assert wrapup["referrals"][0]["phone"] and wrapup["referrals"][0]["address"]
    assert [(n["term_id"], n["name"], n["status"], n["unmet_reason"]) for n in wrapup["needs"]] == [
        ("open-eligibility:1103", "Housing", "unmet", "waitlist")
    ]
    assert (wrapup["contact_type"], wrapup["inquirer"], wrapup["area"]) == ("i_and_r", "self", "Ottawa")
    assert wrapup["missing"] == []
    with db.transaction() as session:
        flags = session.scalars(select(DirectoryFlag)).all()
        assert [(flag.record_kind, flag.reason) for flag in flags] == [("location", "phone")]
