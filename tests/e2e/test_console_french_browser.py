"""The same console in French (issue 13): a navigator chooses Français in the header; the page,
the ES modules' own words (queue rows, the thread, the status line) and the claim and reply all
work in French, in Debian's Chromium against the live app; and the supervisors' board likewise,
its alerts included."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.test_console_browser import WORKER_TIMEOUT_MS, resident_texts
from tests.support.axe import violations
from tests.support.browser import sign_in, watched


def test_a_navigator_who_prefers_french_claims_and_replies_in_french(live, make_staff, fake_twilio, open_page):  # type: ignore[no-untyped-def]
    base = live.base_url
    page = open_page()
    errors = watched(page)
    sign_in(page, base, make_staff("navigator", "Amira Haddad"))  # in English: she has chosen nothing yet

    page.get_by_role("button", name="Français").click()
    expect(page).to_have_url(f"{base}/console")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#connection")).to_have_text("Connecté")
    expect(page.get_by_role("heading", name="File d'attente")).to_be_visible()
    expect(page.locator("#queue-empty")).to_have_text("Aucun contact ouvert.")

    resident_texts(base, "+1 (514) 555-0100", "J'ai besoin d'aide pour le loyer")
    row = page.locator("#queue > li[data-contact-id]")
    expect(row.locator(".wait")).to_contain_text("En attente")
    expect(page.locator("#queue-totals")).to_have_text("1 en attente · 0 en conversation")
    row.get_by_role("button", name="Prendre").click()
    expect(row.locator(".claimed-by")).to_have_text("Pris par Amira Haddad (vous)")
    expect(page.locator("#thread-title")).to_have_text("+1 514-555-0100")
    expect(page.locator("#messages > li.inbound .message-author")).to_have_text("Personne")

    page.get_by_label("Réponse").fill("Bonjour! Voici le numéro du programme.")
    page.get_by_role("button", name="Envoyer").click()
    outbound = page.locator("#messages > li.message.outbound")
    expect(outbound).to_have_attribute("data-status", "queued", timeout=WORKER_TIMEOUT_MS)
    expect(outbound.locator(".message-status")).to_have_text("en file")
    assert [m.form["Body"] for m in fake_twilio.messages()] == ["Bonjour! Voici le numéro du programme."]

    page.get_by_role("button", name="Libérer").click()
    expect(page.locator("#status")).to_have_text("+1 514-555-0100 est de retour dans la file.")
    assert violations(page) == []  # the French page is as accessible as the English one
    assert errors == []


def test_a_supervisor_who_prefers_french_watches_the_board_in_french(live, make_staff, open_page):  # type: ignore[no-untyped-def]
    base = live.base_url
    page = open_page()
    errors = watched(page)
    sign_in(page, base, make_staff("supervisor", "Sofia Lead"), "/supervisor")
    page.get_by_role("button", name="Français").click()
    expect(page).to_have_url(f"{base}/supervisor")
    expect(page.locator("#connection")).to_have_text("Connecté")
    expect(page.get_by_role("heading", name="Tableau en direct")).to_be_visible()

    resident_texts(base, "+1 (514) 555-0190", "Bonjour, j'ai besoin d'aide pour le loyer svp")
    row = page.locator("#contact-rows > tr[data-contact-id]")
    expect(row.locator(".holder")).to_have_text("en attente")
    expect(page.locator("#today-offered-sms")).to_have_text("1")
    alert = page.locator("#alerts > li[data-key='no_navigator:fr']")  # composed by the page, in its language
    expect(alert).to_have_text(
        "1 contact en attente en français, et aucun intervenant disponible ne parle cette langue."
    )

    row.get_by_role("button", name="Reprendre").click()
    expect(page.locator("#status")).to_have_text("Vous avez repris Texto de +1 514-555-0190.")
    assert violations(page) == []
    assert errors == []
