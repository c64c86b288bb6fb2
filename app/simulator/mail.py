"""Simulated email. A resident's message is posted to /email/inbound as a mail provider posts it
(the raw MIME message in the form field `email`, SendGrid Inbound Parse's raw mode, with the
shared secret as the Basic password), plain or an automatic reply (Auto-Submitted). What 211
sends arrives in the resident's inbox through the mail transport `simulator` (EMAIL_TRANSPORT,
set when the simulator is on and no SMTP_HOST is): the outbox, job and adapter are production's."""

from __future__ import annotations

import base64
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any

from app.models.base import utcnow
from app.simulator.webhooks import Poster

INBOUND_PATH = "/email/inbound"  # the provider's inbound-parse webhook (docs/email.md)
AUTO_REPLY_HEADERS = {"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"}  # RFC 3834, and Exchange's


@dataclass
class Mail:
    message_id: str
    mine: bool  # written in this inbox (to 211), or received from 211
    subject: str
    body: str
    status: str
    automatic: bool = False
    at: float = field(default_factory=time.time)


class Inboxes:
    """Each resident address's mail, as their mail client shows it (this process's memory only)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._boxes: dict[str, list[Mail]] = {}

    def add(self, address: str, mail: Mail) -> Mail:
        with self._lock:
            self._boxes.setdefault(address.lower(), []).append(mail)
        return mail

    def last_received(self, address: str) -> Mail | None:
        with self._lock:
            return next((m for m in reversed(self._boxes.get(address.lower(), [])) if not m.mine), None)

    def snapshot(self) -> list[dict[str, Any]]:
        with self._lock:
            return [{"address": address, "mails": [vars(m) for m in box]} for address, box in self._boxes.items()]


class Mails:
    def __init__(self, poster: Poster, inboxes: Inboxes) -> None:
        self.poster = poster
        self.inboxes = inboxes

    def send(self, address: str, subject: str, body: str, automatic: bool = False) -> Mail:
        """The resident writes to 211 (in the thread of 211's last mail to them, if any)."""
        message = self._compose(address, subject, body, automatic)
        mail = self.inboxes.add(address, Mail(message["Message-ID"], True, subject, body, "sending", automatic))
        response = self.poster.app.test_client().post(
            INBOUND_PATH,
            data={"email": message.as_string()},
            content_type="multipart/form-data",  # as the provider posts it, even with no file
            headers={"Authorization": self._credentials()},
        )
        mail.status = "received" if response.status_code == 200 else f"refused ({response.status_code})"
        return mail

    def _compose(self, address: str, subject: str, body: str, automatic: bool) -> EmailMessage:
        message = EmailMessage(policy=SMTP)
        message["From"], message["To"], message["Subject"] = address, self.poster.config.EMAIL_FROM, subject
        message["Date"] = format_datetime(utcnow())
        message["Message-ID"] = make_msgid(domain=address.rpartition("@")[2])
        answered = self.inboxes.last_received(address)
        if answered is not None:
            message["In-Reply-To"] = message["References"] = answered.message_id
        for name, value in (AUTO_REPLY_HEADERS if automatic else {}).items():
            message[name] = value
        message.set_content(body)
        return message

    def _credentials(self) -> str:
        secret = self.poster.config.EMAIL_INBOUND_SECRET
        return "Basic " + base64.b64encode(f"parse:{secret}".encode()).decode()

    def receive(self, message: EmailMessage) -> None:
        """Mail 211 sent: it lands in the inbox of its recipient."""
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        mail = Mail(str(message["Message-ID"]), False, str(message["Subject"]), text, "delivered")
        self.inboxes.add(parseaddr(str(message["To"]))[1], mail)
