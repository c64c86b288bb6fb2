"""A call in the console, in a real browser: a waiting call shows in the queue, the navigator
claims it (the caller is moved out of Twilio's queue), joins it from the browser phone, mutes,
holds the caller and hangs up. The Twilio Voice SDK is the one thing stubbed, here only: the page
gets a stand-in Device that records what the console asked of it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.support.browser import sign_in
from tests.support.caller import QUEUE_SID, Caller, spoken

FAKE_VOICE_SDK = """
window.__voice = { token: null, connects: [], mutes: [], disconnects: 0 };
class FakeCall {
  constructor() { this.handlers = {}; this.muted = false; }
  on(event, handler) { (this.handlers[event] ||= []).push(handler); }
  emit(event, ...args) { (this.handlers[event] || []).forEach((handler) => handler(...args)); }
  isMuted() { return this.muted; }
  mute(on) { this.muted = on; window.__voice.mutes.push(on); this.emit('mute', on, this); }
  disconnect() { window.__voice.disconnects += 1; this.emit('disconnect', this); }
}
window.Twilio = { Device: class {
  constructor(token) { window.__voice.token = token; }
  async connect(options) { window.__voice.connects.push(options.params); return new FakeCall(); }
} };
"""


def with_fake_voice_sdk(page: Page) -> Page:
    page.route("**/static/vendor/twilio-voice.min.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=FAKE_VOICE_SDK))  # fmt: skip
    return page


def test_a_navigator_answers_a_call_from_the_console(live, make_staff, fake_twilio, open_page):  # type: ignore[no-untyped-def]
    page = with_fake_voice_sdk(open_page())
    sign_in(page, live.base_url, make_staff("navigator", "Amira Haddad"))
    expect(page.locator("#me")).to_have_text("Amira Haddad (navigator) · phone: this browser · speaks en")

    caller = Caller(live.base_url)
    caller.dial()
    caller.press("2")
    caller.wait()
    row = page.locator("#queue > li[data-contact-id]")
    expect(row).to_have_count(1)
    expect(row.locator(".channel")).to_have_text("Voice")
    expect(row.locator(".preview")).to_have_text("Phone call from Montreal, QC")
    contact_id = int(row.get_attribute("data-contact-id"))

    row.get_by_role("button", name="Claim").click()
    panel = page.locator("#call-panel")
    expect(panel).to_be_visible()
    expect(page.locator("#reply-form")).to_be_hidden()  # a call is answered by voice
    expect(page.locator("#call-state")).to_have_text("You are not on the call yet.")
    moved = fake_twilio.posted_to(f"/Queues/{QUEUE_SID}/Members/{caller.sid}.json")
    assert [r.form["Url"].rsplit("=", 1)[1] for r in moved] == [str(contact_id)]

    page.click("#call-join")
    expect(page.locator("#call-state")).to_have_text("On the call.")
    voice = page.evaluate("window.__voice")
    assert voice["connects"] == [{"ContactId": str(contact_id)}] and voice["token"]

    page.click("#call-mute")
    expect(page.locator("#call-mute")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#call-mute")).to_have_text("Unmute")
    page.click("#call-hold")
    expect(page.locator("#call-hold")).to_have_text("Resume")
    expect(page.locator("#call-state")).to_have_text("On the call; the caller is on hold.")
    assert [r.form["Hold"] for r in fake_twilio.posted_to(f"/Participants/{caller.sid}.json")] == ["true"]

    page.click("#call-hangup")
    expect(page.locator("#call-state")).to_have_text("You are not on the call yet.")
    assert page.evaluate("window.__voice.disconnects") == 1
    ended = [r for r in fake_twilio.posted_to("/Conferences/CF") if "Participants" not in r.path]
    assert [r.form["Status"] for r in ended] == ["completed"]

    page.select_option("#disposition", "referral_given")
    page.click("#close-contact")
    expect(row).to_have_count(0)


def test_a_supervisor_sets_what_callers_hear_and_every_console_shows_it(live, make_staff, open_page):  # type: ignore[no-untyped-def]
    lead, navigator = open_page(), open_page()
    sign_in(lead, live.base_url, make_staff("supervisor", "Sofia Lead"))
    sign_in(navigator, live.base_url, make_staff("navigator", "Ben Tremblay"))
    expect(navigator.locator("#announcement-form")).to_be_hidden()  # navigators read it only

    lead.locator("#announcement-panel summary").click()
    lead.fill("#announcement-en", "Lines are busy because of the storm.")
    lead.fill("#announcement-fr", "Les lignes sont occupées à cause de la tempête.")
    lead.click("#announcement-set")
    for page in (lead, navigator):
        expect(page.locator("#announcement-summary")).to_have_text("on")
        expect(page.locator("#announcement-current")).to_contain_text("Les lignes sont occupées")
    assert "Lines are busy because of the storm." in [text for text, _ in spoken(Caller(live.base_url).dial())]

    lead.click("#announcement-clear")
    expect(navigator.locator("#announcement-summary")).to_have_text("none")
