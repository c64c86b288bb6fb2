"""The navigator console in a real browser (Debian's Chromium driven by Playwright) against the
live app: signing in, a resident's text appearing in the queue, claiming, replying, another
navigator seeing the claim, closing with a disposition, and message text never becoming markup.

Chromium must be installed at /usr/bin/chromium; without it these tests fail, they never skip."""

from __future__ import annotations

import itertools
from pathlib import Path

import requests
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.support.axe import violations
from tests.support.browser import sign_in
from tests.support.totp import code_for
from tests.support.twilio_signing import signed_headers, sms_params

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WORKER_TIMEOUT_MS = 10_000  # bounds waits that go through the RQ worker and the fake Twilio

_sids = itertools.count(1)


def resident_texts(base_url: str, from_: str, body: str) -> None:
    params = sms_params(f"SM{next(_sids):032x}", from_, body)
    response = requests.post(f"{base_url}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params))
    assert response.status_code == 200, response.text


def test_navigator_signs_in_claims_replies_and_closes_while_a_colleague_watches(  # type: ignore[no-untyped-def]
    live, make_staff, fake_twilio, open_page
):
    base = live.base_url
    amira_email = make_staff("navigator", "Amira Haddad")
    ben_email = make_staff("navigator", "Ben Tremblay")

    # Amira signs in through the form; a wrong password first is refused with an alert; then her code.
    amira = open_page()
    amira.goto(f"{base}/console")
    expect(amira).to_have_url(f"{base}/login?next=/console")
    amira.fill("#email", amira_email)
    amira.fill("#password", "not my password")
    amira.get_by_role("button", name="Sign in").click()
    expect(amira.locator("[role=alert]")).to_contain_text("Wrong email or password.")
    expect(amira.locator("#email")).to_have_value(amira_email)  # kept; only the password is retyped
    amira.fill("#password", PASSWORD)
    amira.get_by_role("button", name="Sign in").click()
    expect(amira.get_by_label("The six-digit code from your authenticator app, or a recovery code")).to_be_focused()
    amira.fill("#code", code_for(amira_email))  # the second step, from her phone's app
    amira.get_by_role("button", name="Sign in").click()
    expect(amira).to_have_url(f"{base}/console")
    expect(amira.locator("#connection")).to_have_text("Connected")
    expect(amira.locator("#connection")).to_have_attribute("data-state", "connected")
    expect(amira.locator("#queue-empty")).to_be_visible()

    ben = open_page()
    sign_in(ben, base, ben_email)

    # A resident texts; the row appears on both consoles without a reload.
    resident_texts(base, "+1 (514) 555-0100", "J'ai besoin d'aide pour le loyer")
    for page in (amira, ben):
        row = page.locator("#queue > li[data-contact-id]")
        expect(row).to_have_count(1)
        expect(row).to_have_attribute("data-state", "queued")
        expect(row.locator(".preview")).to_have_text("J'ai besoin d'aide pour le loyer")
        expect(row.locator(".channel")).to_have_text("Text")
        expect(page.locator("#queue-empty")).to_be_hidden()
    contact_id = int(amira.locator("#queue > li").get_attribute("data-contact-id"))

    # Amira claims it and sees the resident's message in the thread.
    amira_row = amira.locator(f'#queue > li[data-contact-id="{contact_id}"]')
    amira_row.get_by_role("button", name="Claim").click()
    expect(amira.locator("#thread-title")).to_have_text("+1 514-555-0100")
    inbound = amira.locator("#messages > li.message.inbound")
    expect(inbound).to_have_count(1)
    expect(inbound.locator(".message-body")).to_have_text("J'ai besoin d'aide pour le loyer")
    expect(amira.locator("#thread-actions")).to_be_enabled()
    expect(amira_row).to_have_attribute("data-state", "claimed")
    expect(amira_row.locator(".claimed-by")).to_have_text("Claimed by Amira Haddad (you)")

    # She replies; the outbound message appears and moves to "queued" once the worker sent it.
    amira.fill("#reply-body", "Bonjour! Voici le numéro du programme.")
    amira.click("#send")
    outbound = amira.locator("#messages > li.message.outbound")
    expect(outbound).to_have_count(1)
    expect(outbound.locator(".message-body")).to_have_text("Bonjour! Voici le numéro du programme.")
    expect(outbound).to_have_attribute("data-status", "queued", timeout=WORKER_TIMEOUT_MS)
    expect(outbound.locator(".message-status")).to_have_text("queued")
    expect(amira.locator("#reply-body")).to_have_value("")
    assert violations(amira) == []  # WCAG 2.1 AA (axe-core): the queue, the thread and its panels open
    sent = fake_twilio.messages()
    assert [(m.form["To"], m.form["Body"]) for m in sent] == [
        ("+15145550100", "Bonjour! Voici le numéro du programme.")
    ]

    # Ben's console shows the row claimed by Amira, offering only to open it.
    ben_row = ben.locator(f'#queue > li[data-contact-id="{contact_id}"]')
    expect(ben_row).to_have_attribute("data-state", "claimed")
    expect(ben_row.locator(".claimed-by")).to_have_text("Claimed by Amira Haddad")
    expect(ben_row.get_by_role("button", name="Open")).to_be_visible()
    expect(ben_row.get_by_role("button", name="Claim")).to_have_count(0)

    ARTIFACTS.mkdir(exist_ok=True)
    amira.screenshot(path=str(ARTIFACTS / "console.png"), full_page=True)

    # Amira chooses a disposition and closes; the row leaves both consoles.
    amira.select_option("#disposition", "referral_given")
    amira.click("#close-contact")
    for page in (amira, ben):
        expect(page.locator("#queue > li")).to_have_count(0)
        expect(page.locator("#queue-empty")).to_be_visible()
    expect(amira.locator("#thread-title")).to_have_text("No contact open")
    expect(amira.locator("#status")).to_have_text("+1 514-555-0100 closed.")


def test_message_text_with_html_is_shown_as_text(live, make_staff, open_page):  # type: ignore[no-untyped-def]
    base = live.base_url
    page = open_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, base, make_staff("navigator", "Chloé Martin"))

    hostile = "<img src=x onerror=alert(1)>"
    resident_texts(base, "+1 (514) 555-0101", hostile)
    row = page.locator("#queue > li[data-contact-id]")
    expect(row.locator(".preview")).to_have_text(hostile)

    row.get_by_role("button", name="Claim").click()
    expect(page.locator("#messages > li.message.inbound .message-body")).to_have_text(hostile)

    page.fill("#reply-body", "<b>bold</b> & <script>alert(2)</script>")
    page.click("#send")
    expect(page.locator("#messages > li.message.outbound .message-body")).to_have_text(
        "<b>bold</b> & <script>alert(2)</script>"
    )

    assert page.locator("#queue img, #messages img, #messages b, #messages script").count() == 0
    assert dialogs == []


def test_a_suspect_contact_is_marked_with_its_reasons_and_closed_as_spam_in_one_action(live, make_staff, open_page):  # type: ignore[no-untyped-def]
    base = live.base_url
    page = open_page()
    sign_in(page, base, make_staff("navigator", "Chloé Martin"))
    resident_texts(base, "+1 (514) 555-0102", "Where is the nearest food bank?")
    resident_texts(base, "+1 (514) 555-0103", "http://win.example/prize")
    genuine = page.locator("#queue > li[data-contact-id]", has_text="food bank")
    suspect = page.locator("#queue > li[data-contact-id]", has_text="win.example")
    expect(suspect.locator(".suspect")).to_have_text("Possible spam: nothing but links")
    expect(genuine.locator(".suspect")).to_be_hidden()

    suspect.get_by_role("button", name="Claim").click()
    page.select_option("#close-tag", "spam")
    page.get_by_role("button", name="Close as tagged").click()
    expect(page.locator("#status")).to_have_text("+1 514-555-0103 closed as spam.")
    expect(page.locator("#queue > li[data-contact-id]")).to_have_count(1)
