"""Abandonment, one classification (app.services.abandonment), read off contacts that real calls
left behind on the running server: a long wait and a short one abandoned in queue, a hang-up in
the phone menu, a callback request (not an abandonment), and a contact still waiting."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Contact, VoiceCall
from app.services.abandonment import classify
from tests.support.caller import Caller


def classified(db, caller: Caller) -> str | None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        call = session.scalars(select(VoiceCall).where(VoiceCall.call_sid == caller.sid)).one()
        return classify(session.get_one(Contact, call.contact_id), call.callback_requested_at is not None)


def test_every_way_of_leaving_is_classified_once(live, db):  # type: ignore[no-untyped-def]
    callers = {name: Caller(live.base_url, number=f"+1613555030{n}") for n, name in enumerate(
        ("long", "short", "menu", "callback", "waiting"))}  # fmt: skip
    for name in ("long", "short", "callback", "waiting"):
        callers[name].dial()
        callers[name].press("1")
    callers["long"].queue_result("hangup", queue_time=75)
    callers["short"].queue_result("hangup", queue_time=2)
    callers["menu"].dial()
    callers["menu"].status("completed", duration=12)
    callers["callback"].twiml("/twilio/voice/wait-key", Digits="1")
    callers["callback"].queue_result("leave", queue_time=30)
    assert {name: classified(db, caller) for name, caller in callers.items()} == {
        "long": "abandoned_in_queue", "short": "short_abandon", "menu": "hung_up_in_menu",
        "callback": "callback_requested", "waiting": None,
    }  # fmt: skip
