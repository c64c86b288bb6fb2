"""A resident's phone as Twilio sees it: each step is the webhook Twilio would post for it,
signed with the auth token, and each answer is parsed as the TwiML Twilio would run."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import requests

from tests.support.twilio_signing import ACCOUNT_SID, OUR_NUMBER, signed_headers

QUEUE_SID = "QU2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e"


@dataclass
class Caller:
    base_url: str
    number: str = "+15145550100"
    city: str = "MONTREAL"
    province: str = "QC"
    sid: str = field(default_factory=lambda: "CA" + uuid.uuid4().hex)

    def params(self, status: str = "in-progress", **extra: str) -> dict[str, str]:
        where = {"FromCity": self.city, "FromState": self.province, "FromCountry": "CA", "FromZip": ""}
        return {
            "AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "CallSid": self.sid, "CallStatus": status,
            "Direction": "inbound", "From": self.number, "Caller": self.number, "To": OUR_NUMBER,
            "Called": OUR_NUMBER, "ToCountry": "CA", "ToState": "ON", **where, **extra,
        }  # fmt: skip

    def post(self, path: str, status: str = "in-progress", **extra: str) -> requests.Response:
        params = self.params(status, **extra)
        return requests.post(self.base_url + path, data=params, headers=signed_headers(path, params), timeout=10)

    def twiml(self, path: str, status: str = "in-progress", **extra: str) -> ET.Element:
        response = self.post(path, status, **extra)
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("text/xml")
        return ET.fromstring(response.content)

    def dial(self, **extra: str) -> ET.Element:
        return self.twiml("/twilio/voice", "ringing", **extra)

    def press(self, digits: str | None) -> ET.Element:
        return self.twiml("/twilio/voice/language", **({"Digits": digits} if digits else {}))

    def wait(self, position: int = 1, queue_time: int = 0) -> ET.Element:
        queue = {"QueueSid": QUEUE_SID, "QueuePosition": str(position), "QueueTime": str(queue_time)}
        return self.twiml("/twilio/voice/wait", **queue, AvgQueueTime="0", CurrentQueueSize="1", MaxQueueSize="2000")

    def queue_result(self, result: str, queue_time: int | None = None) -> ET.Element:
        times = {"QueueSid": QUEUE_SID, "QueueTime": str(queue_time)} if queue_time is not None else {}
        return self.twiml("/twilio/voice/queue-result", "completed" if result == "hangup" else "in-progress",
                          QueueResult=result, **times)  # fmt: skip

    def status(self, status: str = "completed", duration: int = 30) -> None:
        response = self.post("/twilio/voice/status", status, CallDuration=str(duration), SequenceNumber="0")
        assert response.status_code == 204, response.text


def spoken(root: ET.Element) -> list[tuple[str, str]]:
    """Every sentence the caller hears, with its language, in order."""
    return [(say.text or "", say.get("language", "")) for say in root.iter("Say")]


def only(root: ET.Element, tag: str) -> ET.Element:
    found = list(root.iter(tag))
    assert len(found) == 1, (tag, ET.tostring(root))
    return found[0]
