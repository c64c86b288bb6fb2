"""The simulator's TwiML follower, on the documents Switchboard really answers with (written by
channels.voice_twiml): what is said, where keys go, the queue and its wait URL, redirects, the
conference; and a call followed through a scripted Switchboard (every webhook it would post)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.simulator import twiml
from app.simulator.engine import Engine
from app.simulator.phones import Phones, SimCall
from app.simulator.webhooks import Answer
from channels import voice_twiml
from channels.voice_twiml import Said
from config import Config

BASE = "https://211.example.org"
DOC = BASE + "/twilio/voice"


def test_say_and_gather_are_read_with_their_language_action_and_what_follows() -> None:
    xml = voice_twiml.ask([Said("Press 1.", "en"), Said("Appuyez sur 2.", "fr")], "/twilio/voice/language",
                          timeout=6, then=[], otherwise="/twilio/voice/language")  # fmt: skip
    verbs = twiml.parse(xml, DOC).verbs
    gather, redirect = verbs
    assert isinstance(gather, twiml.Gather)
    assert gather.action == BASE + "/twilio/voice/language" and gather.num_digits == 1 and gather.timeout == 6
    assert gather.inside == (twiml.Say("Press 1.", "en-CA"), twiml.Say("Appuyez sur 2.", "fr-CA"))
    assert redirect == twiml.Redirect(BASE + "/twilio/voice/language")


def test_enqueue_names_its_queue_action_and_wait_url_and_the_hold_document_lasts_its_music() -> None:
    (enqueue,) = twiml.parse(voice_twiml.enqueue("switchboard", "/twilio/voice/queue-result", "/twilio/voice/wait"),
                             BASE + "/twilio/voice/language").verbs  # fmt: skip
    assert enqueue == twiml.Enqueue("switchboard", BASE + "/twilio/voice/queue-result", BASE + "/twilio/voice/wait")
    (hold,) = twiml.parse(voice_twiml.hold([Said("You are number 1 in line.", "en")], "/twilio/voice/wait-key", ""),
                          BASE + "/twilio/voice/wait").verbs  # fmt: skip
    assert isinstance(hold, twiml.Gather) and hold.seconds == 20 + 1  # a 20 s pause, then a 1 s timeout
    with_music = twiml.parse(voice_twiml.hold([], "/k", "https://music.example/hold.mp3"), DOC).verbs[0]
    assert isinstance(with_music, twiml.Gather) and with_music.inside == (twiml.Play("https://music.example/hold.mp3"),)


def test_dial_conference_leave_hangup_and_unknown_verbs() -> None:
    room = voice_twiml.conference("contact-7", caller=True, action="/twilio/voice/survey-ask",
                                  sentences=[Said("Connecting you.", "en")])  # fmt: skip
    assert twiml.parse(room, DOC).verbs == [
        twiml.Say("Connecting you.", "en-CA"),
        twiml.Dial(BASE + "/twilio/voice/survey-ask", "contact-7", ends_room_on_exit=True),
    ]
    assert twiml.parse(voice_twiml.leave_queue(), DOC).verbs == [twiml.Leave()]
    assert twiml.parse(voice_twiml.speak([Said("Bye.", "en")], then_hang_up=True), DOC).verbs[-1] == twiml.Hangup()
    assert twiml.parse("<Response><Record/></Response>", DOC).verbs == [twiml.Unknown("Record")]


def test_what_is_not_twiml_is_refused() -> None:
    for bad in ('{"error": "forbidden"}', "<html><body>Oops</body></html>"):
        try:
            twiml.parse(bad, DOC)
        except twiml.NotTwiML:
            continue
        raise AssertionError(f"{bad} was read as TwiML")


@dataclass
class ScriptedSwitchboard:
    """Answers each webhook path with the TwiML Switchboard would; records what was posted."""

    answers: dict[str, str]
    config: Config = field(default_factory=lambda: Config(PUBLIC_URL=BASE, TWILIO_VOICE_NUMBER="+14165550211"))
    posted: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def post(self, url: str, params: dict[str, str]) -> Answer:
        path = url.removeprefix(BASE)
        self.posted.append((path, params))
        return Answer(200, self.answers.get(path, voice_twiml.speak([])).encode(), "text/xml")


def scripted_call() -> tuple[Engine, ScriptedSwitchboard, SimCall]:
    switchboard = ScriptedSwitchboard({
        "/twilio/voice": voice_twiml.ask([Said("Press 1.", "en")], "/twilio/voice/language", timeout=6, then=[]),
        "/twilio/voice/language": voice_twiml.enqueue("sb", "/twilio/voice/queue-result", "/twilio/voice/wait"),
        "/twilio/voice/wait": voice_twiml.hold([Said("You are number 1 in line.", "en")], "/twilio/voice/wait-key", ""),
        "/twilio/voice/bridge?c=7": voice_twiml.conference("contact-7", caller=True, action="/twilio/voice/survey-ask",
                                                           sentences=[Said("Connecting you.", "en")]),
    })  # fmt: skip
    phones = Phones()
    engine = Engine(switchboard, phones)  # type: ignore[arg-type]
    call = phones.add_call(SimCall("CA1", "+15145550100", inbound=True, stage="menu"))
    engine.fetch(call, DOC, status="ringing")
    return engine, switchboard, call


def test_a_call_follows_the_menu_into_the_queue_and_hears_its_place() -> None:
    engine, switchboard, call = scripted_call()
    assert call.gather is not None and [h.text for h in call.heard] == ["Press 1."]
    engine.fetch(call, call.gather.action, Digits="1")
    assert [path for path, _ in switchboard.posted] == ["/twilio/voice", "/twilio/voice/language", "/twilio/voice/wait"]
    wait = switchboard.posted[-1][1]
    assert wait["QueuePosition"] == "1" and wait["QueueSid"].startswith("QU") and wait["CallSid"] == "CA1"
    assert call.stage == "queue" and "You are number 1 in line." in [h.text for h in call.heard]
    assert switchboard.posted[0][1]["CallStatus"] == "ringing" and switchboard.posted[0][1]["From"] == "+15145550100"


def test_a_caller_who_hangs_up_while_waiting_is_reported_as_Twilio_reports_it() -> None:
    engine, switchboard, call = scripted_call()
    engine.fetch(call, BASE + "/twilio/voice/language", Digits="1")
    engine.leave_queue(call, "hangup")
    engine.finish(call)
    (result_path, result), (status_path, status) = switchboard.posted[-2:]
    assert result_path == "/twilio/voice/queue-result" and result["QueueResult"] == "hangup" and "QueueTime" in result
    assert status_path == "/twilio/voice/status" and status["CallStatus"] == "completed" and "CallDuration" in status
    assert call.stage == "ended"


def test_a_claimed_caller_is_redirected_out_of_the_queue_into_the_conference() -> None:
    engine, switchboard, call = scripted_call()
    engine.fetch(call, BASE + "/twilio/voice/language", Digits="1")
    engine.leave_queue(call, "redirected")
    engine.fetch(call, BASE + "/twilio/voice/bridge?c=7")
    assert switchboard.posted[-2][1]["QueueResult"] == "redirected"
    assert call.stage == "conference" and call.room == "contact-7" and call.waiting is None
    assert call.dial_action == BASE + "/twilio/voice/survey-ask"
    assert [h.text for h in call.heard if not h.note][-1] == "Connecting you."
