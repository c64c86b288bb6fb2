"""The web chat in real browsers (Debian's Chromium through Playwright) against the production
shape: a resident on a phone-sized screen chats, a navigator in another browser claims and
replies, the resident reloads and finds the chat, and answers the survey; residents who leave
before a claim (End chat, Quick exit) are abandoned; axe-core finds no WCAG 2.1 AA violation."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select

from app.models import Contact
from tests.support import chat_server as fixtures
from tests.support.axe import violations
from tests.support.browser import sign_in, watched
from tests.support.waiting import eventually

chat_server = fixtures.chat_server
EXIT = "https://www.google.com/"


@pytest.fixture
def phone(browser: Browser, chat_server: str) -> Iterator[Callable[[], Page]]:
    """Each resident's own browser on a phone-sized screen, at /chat from an address of their
    own; the neutral site of Quick exit is answered locally."""
    contexts: list[BrowserContext] = []

    def open_chat() -> Page:
        contexts.append(browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True))
        contexts[-1].route(
            f"{EXIT}**", lambda route: route.fulfill(body="<title>Neutral</title>", content_type="text/html")
        )
        page = contexts[-1].new_page()
        page.set_extra_http_headers({"X-Forwarded-For": fixtures.fresh_address()})  # behind one proxy
        page.goto(f"{chat_server}/chat")
        return page

    yield open_chat
    for context in contexts:
        context.close()


def start(page: Page, first_name: str = "") -> None:
    page.get_by_label("Your first name (optional)").fill(first_name)
    page.get_by_role("button", name="Start chat").click()
    expect(page.locator("#chat-status")).to_have_text("Write your first message: a navigator will answer.")


def write(page: Page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send", exact=True).click()


def contact_of(db, text: str) -> Contact:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return session.scalars(select(Contact).where(Contact.preview == text)).one()


def test_a_resident_chats_reloads_and_answers_the_survey(chat_server, phone, open_page, make_staff, db) -> None:  # type: ignore[no-untyped-def]
    resident = phone()
    errors = watched(resident)
    expect(resident.get_by_role("heading", name="Chat with 211")).to_be_visible()
    expect(resident.get_by_text("In an emergency, call 911.")).to_be_visible()
    expect(resident.get_by_role("button", name="Quick exit")).to_be_visible()
    assert violations(resident) == []  # the pre-chat step
    start(resident, "Marie")
    write(resident, "<b>I need help</b> paying rent")
    mine = resident.locator("#chat-messages > li")
    expect(mine).to_have_count(1)
    expect(mine.first).to_have_text("You<b>I need help</b> paying rent")  # text, never markup
    expect(resident.locator("#chat-status")).to_contain_text("You are number 1 in line.")
    assert violations(resident) == []  # the conversation

    navigator = open_page()
    sign_in(navigator, chat_server, make_staff("navigator", "Amira Haddad"))
    row = navigator.locator("#queue > li[data-contact-id]")
    expect(row.locator(".channel")).to_have_text("Chat")
    row.get_by_role("button", name="Claim").click()
    expect(navigator.locator("#messages .message-body")).to_have_text("<b>I need help</b> paying rent")
    expect(resident.locator("#chat-status")).to_have_text("A navigator has joined the chat.")

    resident.get_by_label("Your message").press_sequentially("are you")
    expect(navigator.locator("#chat-activity")).to_have_text("The resident is typing…")
    navigator.locator("#reply-body").press_sequentially("Hello Marie")
    expect(resident.locator("#chat-typing")).to_have_text("The navigator is typing…")
    navigator.locator("#reply-body").fill("Hello Marie, I can help with rent.")
    navigator.get_by_role("button", name="Send", exact=True).click()
    expect(resident.locator("#chat-messages > li.outbound")).to_have_text("NavigatorHello Marie, I can help with rent.")

    resident.reload()  # the same chat, from the token the browser kept
    expect(resident.locator("#chat-messages > li")).to_have_count(2)
    expect(resident.locator("#chat-status")).to_have_text("A navigator has joined the chat.")
    expect(navigator.locator("#chat-activity")).to_be_hidden(timeout=10_000)  # back; "typing" has lapsed

    navigator.locator("#disposition").select_option("information_given")
    navigator.get_by_role("button", name="Close contact").click()
    expect(resident.get_by_role("heading", name="This chat has ended.")).to_be_visible()
    assert violations(resident) == []  # the survey
    resident.get_by_label("Satisfied", exact=True).check()
    resident.get_by_role("button", name="Send my answer").click()
    expect(resident.locator("#survey-done")).to_have_text("Thank you for your answer.")
    assert contact_of(db, "<b>I need help</b> paying rent").satisfaction == "satisfied"
    assert errors == []


def test_residents_who_leave_before_a_claim_are_abandoned_with_their_wait(  # type: ignore[no-untyped-def]
    chat_server, phone, open_page, make_staff, db
) -> None:
    navigator = open_page()
    sign_in(navigator, chat_server, make_staff())
    ending, fleeing = phone(), phone()
    for page, text in ((ending, "Je reviendrai plus tard"), (fleeing, "He is coming back, I have to go")):
        start(page)
        write(page, text)
    expect(navigator.locator("#queue > li[data-contact-id]")).to_have_count(2)

    ending.get_by_role("button", name="End chat").click()
    expect(ending.get_by_role("heading", name="This chat has ended.")).to_be_visible()
    expect(ending.locator("#survey")).to_be_hidden()  # nobody served them: no survey
    fleeing.get_by_role("button", name="Quick exit").click()
    expect(fleeing).to_have_url(EXIT)
    fleeing.go_back()
    assert fleeing.url == "about:blank"  # Back does not return to the chat
    reopened = fleeing.context.new_page()  # nobody reopening /chat on this device finds it
    reopened.goto(f"{chat_server}/chat")
    expect(reopened.get_by_role("button", name="Start chat")).to_be_visible()
    expect(reopened.locator("#conversation")).to_be_hidden()

    expect(navigator.locator("#queue > li[data-contact-id]")).to_have_count(0, timeout=15_000)  # the grace period
    for text in ("Je reviendrai plus tard", "He is coming back, I have to go"):
        left = eventually(lambda text=text: contact_of(db, text))
        assert left.outcome == "abandoned_in_queue" and left.wait_seconds is not None
