"""The supervisors' live board in a real browser (Debian's Chromium driven by Playwright)
against the live app: a supervisor sees a resident's new text appear, then a caller who hangs up
while waiting change today's abandonment rate and the abandonment chart, without reloading; and
takes a contact from the board."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.axe import violations
from tests.support.browser import sign_in, watched
from tests.support.caller import Caller
from tests.test_board import text


def test_a_supervisor_sees_a_new_contact_and_an_abandonment_without_reloading(live, make_staff, open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page()
    errors = watched(page)
    sign_in(page, live.base_url, make_staff("supervisor", "Sofia Lead"), "/supervisor")
    expect(page.locator("#contacts-empty")).to_be_visible()
    expect(page.locator("#today-abandonment_rate-voice")).to_have_text("\u2013")  # none offered: no rate
    expect(page.locator("#alerts-none")).to_be_visible()
    page.evaluate("window.__loadedOnce = true")  # gone if the page reloads

    # A resident texts: the contact appears, with one waiting.
    text(live.base_url, "+15145550190", "I need help with rent please")
    rows = page.locator("#contact-rows > tr[data-contact-id]")
    expect(rows).to_have_count(1)
    expect(rows.locator(".preview")).to_have_text("I need help with rent please")
    expect(rows.locator(".holder")).to_have_text("waiting")
    expect(page.locator("#waiting-sms")).to_have_text("1")
    expect(page.locator("#waiting-total")).to_have_text("1")
    expect(page.locator("#today-offered-sms")).to_have_text("1")

    # A caller waits, then hangs up: the voice abandonment rate goes from 0% to 50%, and the chart.
    waiting = Caller(live.base_url, number="+15145550191")
    waiting.dial()
    waiting.press("1")
    expect(page.locator("#today-abandonment_rate-voice")).to_have_text("0.0%")
    gone = Caller(live.base_url, number="+15145550192")
    gone.dial()
    gone.press("1")
    expect(page.locator("#today-offered-voice")).to_have_text("2")
    bar = page.locator('#chart-abandoned rect.bar[data-channel="voice"]').last
    expect(bar).to_have_attribute("data-value", "0")
    gone.queue_result("hangup", queue_time=40)
    expect(page.locator("#today-abandonment_rate-voice")).to_have_text("50.0%")
    expect(page.locator("#today-abandoned-voice")).to_have_text("1")
    expect(bar).to_have_attribute("data-value", "1")
    waiting_now = re.compile(r"(^|,)1$")  # the queue's depth now, the line's last point: the caller still waiting
    expect(page.locator("#chart-waiting polyline[data-channel='voice']")).to_have_attribute("data-values", waiting_now)
    expect(page.locator("#alerts > li[data-key='abandonment_rate:voice']")).to_contain_text("50.0%")
    expect(page.locator("#alert-news")).to_contain_text("abandonment rate is 50.0%")
    assert violations(page) == []  # WCAG 2.1 AA (axe-core), with contacts, alerts and charts showing

    # The supervisor takes the text from the board.
    rows.filter(has_text="rent").get_by_role("button", name="Take").click()
    expect(page.locator("#status")).to_contain_text("You took")
    taken = page.locator("#contact-rows > tr[data-state='claimed']")
    expect(taken.locator(".holder")).to_have_text("Sofia Lead")

    assert page.evaluate("window.__loadedOnce") is True
    assert errors == []
