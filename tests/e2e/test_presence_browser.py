"""The presence selector and the language-first note in a real browser, against a server of its
own (a language window long enough to see): the console shows the navigator available once it
connects, Away is chosen and recorded, a French text's row says French speakers come first, and
a claim while away is refused on the status line."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from app.presence import service
from tests.support import services
from tests.support.browser import sign_in, watched
from tests.support.twilio_signing import signed_headers, sms_params

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def server(settings: dict[str, str]) -> Iterator[str]:
    with services.serving({**settings, "LANGUAGE_FIRST_SECONDS": "600"}, "gunicorn-presence-browser") as base_url:
        yield base_url


def test_a_navigator_sets_herself_away_and_sees_french_speakers_first(server, db, make_staff, open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page()
    errors = watched(page)
    sign_in(page, server, make_staff("navigator", "Amira Haddad"))
    status = page.locator("#presence")
    expect(status).to_be_enabled()
    expect(status).to_have_value("available")
    expect(page.locator("#presence-since")).to_contain_text("since")

    page.select_option("#presence", "away")
    expect(page.locator("#status")).to_have_text("You are away.")
    expect(page.locator("#presence-form")).to_have_attribute("data-presence", "away")

    params = sms_params("SM" + uuid.uuid4().hex, "+15145550177", "Bonjour, j'ai besoin d'aide pour mon loyer")
    response = requests.post(f"{server}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params))
    assert response.status_code == 200, response.text
    row = page.locator("#queue > li[data-contact-id]")
    expect(row.locator(".offered-first")).to_be_visible()
    expect(row.locator(".offered-first")).to_contain_text("French speakers first, until")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-presence.png"))

    row.get_by_role("button", name="Claim").click()
    expect(page.locator("#status")).to_have_text("You are away. Set yourself available to claim.")
    page.select_option("#presence", "available")
    row.get_by_role("button", name="Claim").click()
    expect(row).to_have_attribute("data-state", "claimed")
    expect(row.locator(".offered-first")).to_be_hidden()

    with db.transaction() as session:
        states = [entry["presence"] for entry in service.board(session) if entry["name"] == "Amira Haddad"]
    assert states == ["available"]
    assert errors == []


# The presence panel on a page of its own, told a presence and then an older one: what a console
# hears when the arrival's presence reaches it after the navigator chose another (they cross).
CROSSED = """async () => {
    document.body.innerHTML = `<form id="presence-form"><select id="presence">
        <option value="available">Available</option><option value="away">Away</option>
        </select><span id="presence-since"></span></form>`;
    const { PresencePanel } = await import('/static/presence_panel.js');
    const panel = new PresencePanel({ command: async () => ({ ok: false }), announce: () => {} });
    const shown = () => [document.getElementById('presence-form').dataset.presence, panel.select.value];
    panel.show({ presence: 'away', since: '2026-12-02T10:00:01.250817+00:00' });
    panel.show({ presence: 'available', since: '2026-12-02T10:00:01.000094+00:00', reason: 'console_connected' });
    const afterOlder = shown();
    panel.show({ presence: 'available', since: '2026-12-02T10:00:07.500000+00:00' });
    return [afterOlder, shown()];
}"""


def test_a_presence_older_than_the_one_shown_does_not_replace_it(server, open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page()
    errors = watched(page)
    page.goto(f"{server}/login")
    after_older, after_newer = page.evaluate(CROSSED)
    assert after_older == ["away", "away"]
    assert after_newer == ["available", "available"]
    assert errors == []
