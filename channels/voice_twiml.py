"""Our answers to Twilio's voice webhooks, written as TwiML. What is said, and when, is decided
by app.calls; this module only writes it as Twilio wants it."""

from __future__ import annotations

from dataclasses import dataclass

from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

SAY_LANGUAGE = {"en": "en-CA", "fr": "fr-CA"}
SAY_VOICE = {"fr": "Polly.Chantal"}  # a voice Twilio lists for fr-CA; English keeps the account's default


@dataclass(frozen=True)
class Said:
    """One sentence in one language."""

    text: str
    language: str


def _say(parent: VoiceResponse | Gather, said: Said) -> None:
    voice = SAY_VOICE.get(said.language)
    parent.say(said.text, language=SAY_LANGUAGE[said.language], **({"voice": voice} if voice else {}))


def speak(sentences: list[Said], *, then_hang_up: bool = False) -> str:
    response = VoiceResponse()
    for said in sentences:
        _say(response, said)
    if then_hang_up:
        response.hangup()
    return str(response.to_xml())


def ask(sentences: list[Said], action: str, *, timeout: int, then: list[Said], otherwise: str | None = None) -> str:
    """Ask for one key (posted to `action`); without one, say `then` and go to `otherwise` (or hang up)."""
    response = VoiceResponse()
    gather = response.gather(num_digits=1, action=action, timeout=timeout)
    for said in sentences:
        _say(gather, said)
    for said in then:
        _say(response, said)
    if otherwise:
        response.redirect(otherwise)
    else:
        response.hangup()
    return str(response.to_xml())


def enqueue(queue_name: str, action: str, wait_url: str) -> str:
    response = VoiceResponse()
    response.enqueue(queue_name, action=action, wait_url=wait_url, wait_url_method="POST")
    return str(response.to_xml())


def hold(sentences: list[Said], key_action: str, music_url: str) -> str:
    """A wait-URL document: what is said, then music, a key press posted to `key_action`. When it
    ends Twilio asks the wait URL again."""
    response = VoiceResponse()
    gather = response.gather(num_digits=1, action=key_action, timeout=1)
    for said in sentences:
        _say(gather, said)
    if music_url:
        gather.play(music_url)
    else:
        gather.pause(length=20)
    return str(response.to_xml())


def redirect(url: str) -> str:
    response = VoiceResponse()
    response.redirect(url)
    return str(response.to_xml())


def leave_queue() -> str:
    response = VoiceResponse()
    response.leave()
    return str(response.to_xml())


def conference(room: str, *, caller: bool, action: str | None, sentences: list[Said]) -> str:
    """Join the contact's conference. Only the caller's leg ends the room (a navigator may leave
    it to a colleague or an interpreter); the room starts when a navigator is in; `action` runs
    after it for the caller."""
    response = VoiceResponse()
    for said in sentences:
        _say(response, said)
    dial = Dial(action=action) if action else Dial()
    dial.conference(room, beep=False, end_conference_on_exit=caller, start_conference_on_enter=not caller)
    response.append(dial)
    return str(response.to_xml())
