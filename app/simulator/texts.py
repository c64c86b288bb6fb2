"""Simulated texts: a resident's text posted to our messaging webhook as Twilio posts it, and
211's replies (Messages created through the fake REST API) arriving on the phone, followed by
the status callbacks Twilio sends for them (sent, then delivered)."""

from __future__ import annotations

from app.simulator.calls import new_sid
from app.simulator.phones import Phones, Text, number_of
from app.simulator.webhooks import Poster, absolute

SMS_PATH = "/twilio/sms"  # the number's messaging webhook
DELIVERED = ("sent", "delivered")


class Texts:
    def __init__(self, poster: Poster, phones: Phones) -> None:
        self.poster = poster
        self.phones = phones

    @property
    def our_number(self) -> str:
        return self.poster.config.TWILIO_FROM_NUMBER

    def send(self, number: str, body: str) -> Text:
        """The resident texts 211; the text shows Switchboard's answer (received, or refused)."""
        sid, sender = new_sid("SM"), number_of(number)
        text = Text(sid, sender, mine=True, body=body, status="sending")
        self.phones.phone(sender).texts.append(text)
        params = {
            "MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "SmsStatus": "received",
            "From": sender, "To": self.our_number, "Body": body, "NumMedia": "0", "NumSegments": "1",
            "FromCountry": "CA", "ToCountry": "CA",
        }  # fmt: skip
        answer = self.poster.post(absolute(self.poster.config, SMS_PATH), params)
        text.status = "received" if answer.ok else f"refused ({answer.status})"
        return text

    def receive(self, to: str, body: str) -> Text:
        """A message 211 sent (Messages.create): it arrives on the resident's phone."""
        phone = self.phones.phone(to)
        text = Text(new_sid("SM"), phone.number, mine=False, body=body, status="queued")
        phone.texts.append(text)
        return text

    def report(self, text: Text, to: str, callback: str) -> None:
        """The status callbacks Twilio posts for a message it delivered."""
        for status in DELIVERED:
            text.status = status
            if callback:
                params = {
                    "MessageSid": text.sid, "SmsSid": text.sid, "MessageStatus": status, "SmsStatus": status,
                    "From": self.our_number, "To": to,
                }  # fmt: skip
                self.poster.post(callback, params)
