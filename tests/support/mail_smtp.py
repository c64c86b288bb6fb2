"""A real SMTP server for the email tests (aiosmtpd, docs/decisions.md): every message it accepts
is kept as sent, parsed back with the standard library, with its envelope."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.services import free_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    message: EmailMessage


@dataclass
class Capture:
    received: list[Received] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)
    refused: set[str] = field(default_factory=set)  # recipients answered "550 no such user"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        message = BytesParser(policy=default).parsebytes(raw)
        with self.arrived:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), raw, message))  # type: ignore[arg-type]
            self.arrived.notify_all()
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd on a free port (port=0 does not work with its Controller: integration-facts §6.3)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.capture = Capture()
        self._controller = Controller(self.capture, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:
        """The first `count` messages received, waiting for them as long as `timeout`."""
        with self.capture.arrived:
            self.capture.arrived.wait_for(lambda: len(self.capture.received) >= count, timeout)
            return list(self.capture.received)

    def settings(self) -> dict[str, object]:
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": self.port, "SMTP_STARTTLS": False,
                "EMAIL_FROM": "211 Test <help@211.test>"}  # fmt: skip
