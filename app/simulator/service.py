"""The resident simulator of one web process (docs/simulator.md): its phones, the webhooks it
posts, its calls and texts, and work it does after answering a REST request, as Twilio does
(a claim's redirect, a reply's status callbacks): never inside the request, whose caller may
hold the very rows that work needs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from email.message import EmailMessage

from flask import Flask, current_app

from app.simulator.calls import Calls
from app.simulator.engine import Engine
from app.simulator.mail import Inboxes, Mails
from app.simulator.phones import Phones
from app.simulator.texts import Texts
from app.simulator.webhooks import Poster
from config import Config

log = logging.getLogger(__name__)
KEY = "switchboard.simulator"


class Simulator:
    def __init__(self, app: Flask) -> None:
        self.phones = Phones()
        self.poster = Poster(app)
        self.calls = Calls(Engine(self.poster, self.phones))
        self.texts = Texts(self.poster, self.phones)
        self.inboxes = Inboxes()
        self.mails = Mails(self.poster, self.inboxes)

    def later(self, work: Callable[[], object]) -> None:
        """Run `work` after this request has been answered (a greenlet under gunicorn's gevent
        worker, a thread elsewhere)."""
        threading.Thread(target=self._logged, args=(work,), daemon=True, name="simulator").start()

    @staticmethod
    def _logged(work: Callable[[], object]) -> None:
        try:
            work()
        except Exception:  # a background step failed: the page shows where the call stopped
            log.exception("simulator step failed")


def install(app: Flask) -> Simulator:
    simulator = app.extensions[KEY] = Simulator(app)
    return simulator


def current() -> Simulator:
    return current_app.extensions[KEY]


class InboxTransport:
    """The mail transport `simulator` (EMAIL_TRANSPORT): what 211 mails lands in this process's
    simulator's inboxes. It runs where the outbox's job runs: the web process on the embedded
    default, whose simulator the page shows."""

    def ready(self, config: Config) -> bool:
        return True

    def send(self, message: EmailMessage, config: Config) -> None:
        current().mails.receive(message)
