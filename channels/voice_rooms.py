"""The conference a claimed call is held in, through Twilio's REST API: the caller on hold or
back, someone added, the room ended. Twilio addresses a conference by SID only, so each act first
finds the room in progress by its name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from channels import twilio_common
from channels.base import SendError
from config import Config


def _conference(config: Config, room: str) -> Any:
    """The conference in progress named `room` (Twilio addresses it by SID only)."""
    client = twilio_common.rest_client(config)
    found = client.conferences.list(friendly_name=room, status="in-progress", limit=1)
    if not found:
        raise SendError("The call has ended.", code="no_conference", permanent=True)
    return client.conferences(found[0].sid)


def _in_room(config: Config, room: str, act: Callable[[Any], object]) -> None:
    try:
        act(_conference(config, room))
    except SendError:
        raise
    except Exception as error:
        raise twilio_common.as_send_error(error) from None


def hold(config: Config, room: str, call_sid: str, on: bool) -> None:
    """Put the caller's leg on hold (they hear the hold music) or take it off."""
    music = {"hold_url": config.VOICE_HOLD_MUSIC_URL} if on and config.VOICE_HOLD_MUSIC_URL else {}
    _in_room(config, room, lambda conference: conference.participants(call_sid).update(hold=on, **music))


def add_participant(config: Config, room: str, to: str) -> None:
    """Ring `to` into the conference (a colleague's browser `client:...`, or a number); the room
    outlives them, and the navigator may then leave it to them."""
    caller_id = config.TWILIO_VOICE_NUMBER

    def add(conference: Any) -> None:
        conference.participants.create(from_=caller_id, to=to, end_conference_on_exit=False, beep="false")

    _in_room(config, room, add)


def end_conference(config: Config, room: str) -> None:
    """Hang up on the room: the caller's <Dial> ends and they go on to the survey."""
    _in_room(config, room, lambda conference: conference.update(status="completed"))
