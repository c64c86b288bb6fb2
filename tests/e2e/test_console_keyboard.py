"""A navigator who uses only the keyboard (issue 13: WCAG 2.1 AA, keyboard-only use): signs in,
skips to the console's content, claims a waiting text, replies and hears the resident's answer
arrive in a live region, without a pointer. Debian's Chromium driven by Playwright."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.test_console_browser import resident_texts
from tests.support.totp import code_for

MOST_TABS = 60  # a bound on Tab presses to reach a control; the console has fewer stops than this


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element `selector` has the focus, as a keyboard user moves."""
    target = page.locator(selector)
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def outline_of_focused(page: Page) -> str:
    return page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")


def test_a_navigator_signs_in_claims_and_replies_with_the_keyboard_alone(live, make_staff, open_page) -> None:  # type: ignore[no-untyped-def]
    base = live.base_url
    email = make_staff("navigator", "Dana Keyboard")
    page = open_page()
    page.goto(f"{base}/console")

    expect(page.locator("#email")).to_be_focused()  # the form starts where typing starts
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("#code")).to_be_focused()
    page.keyboard.type(code_for(email))
    page.keyboard.press("Enter")
    expect(page.locator("#connection")).to_have_text("Connected")

    resident_texts(base, "+1 (613) 555-0142", "I need a food bank near Vanier")
    claim = page.locator("#queue > li[data-contact-id]").get_by_role("button", name="Claim")
    expect(claim).to_be_visible()

    page.keyboard.press("Tab")  # the first stop is the skip link, shown when focused
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    tab_to(page, "#queue > li[data-contact-id] button")
    assert outline_of_focused(page) == "solid"  # where the focus is can be seen
    page.keyboard.press("Enter")
    expect(page.locator("#thread-title")).to_have_text("+1 613-555-0142")

    tab_to(page, "#reply-body")
    page.keyboard.type("The Vanier food bank is open today until 4 pm.")
    page.keyboard.press("Tab")
    expect(page.locator("#send")).to_be_focused()
    page.keyboard.press("Enter")
    outbound = page.locator("#messages > li.message.outbound .message-body")
    expect(outbound).to_have_text("The Vanier food bank is open today until 4 pm.")

    # The resident answers: the message lands in the thread's log, which screen readers announce.
    resident_texts(base, "+1 (613) 555-0142", "Thank you!")
    log = page.locator("#messages").locator("xpath=ancestor-or-self::*[@role='log'][1]")
    expect(log.locator("li.message.inbound .message-body").last).to_have_text("Thank you!")
