"""The resident simulator in a real browser (Debian's Chromium driven by Playwright) against a
server configured as `make run` configures it: SIMULATOR_ENABLED and no Twilio account, so
Twilio is the simulator (its webhooks signed with the simulator's auth token, its fake REST API
on the server's own origin). Nothing else is faked: the reply goes through the outbox, the RQ
worker and the real twilio client to the simulated phone.

A resident texts and a navigator replies from the console; the reply arrives on the simulated
phone. A caller presses 1, hears their place in line, is claimed, put on hold, hung up on by the
navigator and answers the survey. Another caller hangs up while waiting: the supervisors' board
counts an abandonment. A resident chats in the simulator's frame of the real /chat page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from app import staff as staff_service
from config import Config
from tests.conftest import DATABASE_URL, PASSWORD
from tests.support import services, totp
from tests.support.browser import sign_in, watched

WORKER_TIMEOUT_MS = 15_000  # bounds waits that go through the RQ worker and the simulator's REST API
TWILIO = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER", "TWILIO_API_BASE_URL",
          "TWILIO_VOICE_NUMBER", "TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET", "TWILIO_TWIML_APP_SID")  # fmt: skip


@dataclass
class Simulated:
    base_url: str
    config: Config

    def staff(self, role: str, name: str) -> str:
        email = f"{name.split()[0].lower()}-{role}@sim.211.local"
        with create_app(self.config, role="worker").extensions["switchboard.db"].transaction() as session:
            totp.enrol(staff_service.create(session, email=email, role=role, password=PASSWORD, name=name))
        return email


@pytest.fixture(scope="module")
def simulated(settings: dict[str, str]) -> Iterator[Simulated]:
    """gunicorn and `python -m workers` on a database of their own, as `make run` sets them up."""
    database = DATABASE_URL + "_sim"
    services.recreate_database(database)
    services.migrate(database)
    port = services.free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {name: value for name, value in settings.items() if name not in TWILIO}
    env |= {
        "DATABASE_URL": database, "PUBLIC_URL": base_url, "PORT": str(port), "ALLOWED_ORIGINS": base_url,
        "SIMULATOR_ENABLED": "true", "RQ_QUEUE": settings["RQ_QUEUE"] + "-sim",
        "SOCKETIO_CHANNEL": settings["SOCKETIO_CHANNEL"] + "-sim",
    }  # fmt: skip
    web, worker = services.gunicorn(env, "gunicorn-simulator"), services.workers(env)
    try:
        services.wait_http(f"{base_url}/healthz", server=web)
        yield Simulated(base_url, Config.from_env(env))
    finally:
        web.stop()
        worker.stop()
        services.drop_database(database)


def phone(page: Page, base_url: str, number: str) -> Page:
    page.goto(f"{base_url}/simulator")
    page.fill("#sim-number", number)
    return page


def test_residents_text_and_call_from_the_simulator_and_navigators_answer(simulated, open_page) -> None:  # type: ignore[no-untyped-def]
    base = simulated.base_url
    navigator, supervisor = simulated.staff("navigator", "Amira Haddad"), simulated.staff("supervisor", "Dana Lead")
    console = open_page()
    console_errors = watched(console)
    sign_in(console, base, navigator)
    board = open_page()
    sign_in(board, base, supervisor, "/supervisor")

    # A resident texts from the simulator; the text reaches the console; the navigator replies.
    resident = phone(open_page(), base, "+1 416 555 0123")
    resident_errors = watched(resident)
    resident.fill("#sim-text-body", "Hi, I need a food bank near Scarborough")
    resident.click("#sim-text-send")
    mine = resident.locator("#sim-texts > li.mine")
    expect(mine.locator(".sim-text-body")).to_have_text("Hi, I need a food bank near Scarborough")
    expect(mine.locator(".sim-text-status")).to_have_text("received")
    row = console.locator("#queue > li[data-contact-id]")
    expect(row.locator(".preview")).to_have_text("Hi, I need a food bank near Scarborough")
    row.get_by_role("button", name="Claim").click()
    console.fill("#reply-body", "The Scarborough Food Bank is open until 7 tonight.")
    console.click("#send")
    outbound = console.locator("#messages > li.message.outbound")
    expect(outbound).to_have_attribute("data-status", "delivered", timeout=WORKER_TIMEOUT_MS)

    # The reply is on the simulated phone, delivered (the status callbacks came back signed).
    theirs = resident.locator("#sim-texts > li.theirs")
    expect(theirs.locator(".sim-text-body")).to_have_text("The Scarborough Food Bank is open until 7 tonight.")
    expect(theirs.locator(".sim-text-status")).to_have_text("delivered")
    expect(theirs.locator(".sim-text-who")).to_have_text("2-1-1")
    services.ARTIFACTS.mkdir(exist_ok=True)
    resident.screenshot(path=str(services.ARTIFACTS / "simulator.png"), full_page=True)

    # A caller chooses English and hears their place in line; the call reaches the console.
    caller = phone(open_page(), base, "+15145550100")
    caller.click("#sim-dial")
    heard = caller.locator("#sim-heard")
    expect(heard).to_contain_text("Welcome to 2-1-1. If this is an emergency, hang up and dial 9-1-1.")
    expect(heard).to_contain_text("For service in English, press 1.")
    caller.locator(".sim-key[data-key='1']").click()
    expect(caller.locator("#sim-call-state")).to_have_text("Waiting in the queue.")
    expect(heard).to_contain_text("You are number 1 in line.")
    expect(heard).to_contain_text("To be called back instead of waiting, press 1 at any time.")
    call_row = console.locator("#queue > li[data-contact-id]").filter(has_text="Phone call")
    expect(call_row.locator(".channel")).to_have_text("Voice")

    # The navigator claims it: the simulator's REST API takes the caller out of the queue.
    call_row.get_by_role("button", name="Claim").click()
    expect(caller.locator("#sim-call-state")).to_have_text("With a navigator.", timeout=WORKER_TIMEOUT_MS)
    expect(heard).to_contain_text("Connecting you with a navigator.")
    console.click("#call-hold")
    expect(caller.locator("#sim-call-state")).to_have_text("On hold.")
    console.click("#call-hold")
    expect(caller.locator("#sim-call-state")).to_have_text("With a navigator.")

    # The navigator hangs up: the caller hears the survey and answers it.
    console.click("#call-hangup")
    expect(heard).to_contain_text("how satisfied are you with this call?", timeout=WORKER_TIMEOUT_MS)
    caller.locator(".sim-key[data-key='1']").click()
    expect(heard).to_contain_text("Thank you for calling 2-1-1. Goodbye.")
    expect(caller.locator("#sim-call-state")).to_have_text("The call has ended.")

    # Another caller hangs up while waiting: the board counts an abandonment.
    gone = phone(open_page(), base, "+16135550142")
    gone.click("#sim-dial")
    gone.locator(".sim-key[data-key='1']").click()
    expect(gone.locator("#sim-heard")).to_contain_text("You are number 1 in line.")
    gone.click("#sim-hangup")
    expect(gone.locator("#sim-call-state")).to_have_text("The call has ended.")
    expect(board.locator("#today-abandoned-voice")).to_have_text("1")
    expect(board.locator("#today-offered-voice")).to_have_text("2")
    assert resident_errors == []
    assert [error for error in console_errors if "browser phone" not in error] == []


def test_a_caller_asks_to_be_called_back_and_the_navigators_claim_rings_their_phone(simulated, open_page) -> None:  # type: ignore[no-untyped-def]
    console = open_page()
    sign_in(console, simulated.base_url, simulated.staff("navigator", "Benoit Roy"))
    caller = phone(open_page(), simulated.base_url, "+14165550177")
    caller.click("#sim-dial")
    caller.click("#sim-silence")  # no key: English by default
    expect(caller.locator("#sim-heard")).to_contain_text("To be called back instead of waiting, press 1 at any time.")
    caller.locator(".sim-key[data-key='1']").click()
    expect(caller.locator("#sim-heard")).to_contain_text("A navigator will call you back at this number. Goodbye.")
    expect(caller.locator("#sim-call-state")).to_have_text("The call has ended.")

    row = console.locator("#queue > li[data-contact-id]").filter(has_text="Callback requested")
    row.get_by_role("button", name="Claim").click()
    expect(caller.locator("#sim-call-state")).to_have_text("2-1-1 is calling you.", timeout=WORKER_TIMEOUT_MS)
    expect(caller.locator("#sim-phones .sim-phone.ringing")).to_have_text("+14165550177 (ringing)")
    caller.click("#sim-answer")  # Twilio's call back has a CallSid of its own: the bridge finds it by contact
    expect(caller.locator("#sim-heard")).to_contain_text("Connecting you with a navigator.")


def test_a_resident_chats_from_the_simulators_frame_and_the_navigator_answers(simulated, open_page) -> None:  # type: ignore[no-untyped-def]
    console = open_page()
    sign_in(console, simulated.base_url, simulated.staff("navigator", "Chloe Martin"))
    resident = phone(open_page(), simulated.base_url, "+14165550188")
    chat = resident.frame_locator("#sim-chat-frame")
    chat.get_by_role("button", name="Start chat").click()
    chat.get_by_label("Your message").fill("Is there a shelter bed tonight?")
    chat.get_by_role("button", name="Send", exact=True).click()
    row = console.locator("#queue > li[data-contact-id]").filter(has_text="Is there a shelter bed tonight?")
    expect(row.locator(".channel")).to_have_text("Chat")
    row.get_by_role("button", name="Claim").click()
    console.fill("#reply-body", "Yes: Seaton House has room.")
    console.click("#send")
    expect(chat.locator("body")).to_contain_text("Yes: Seaton House has room.")
