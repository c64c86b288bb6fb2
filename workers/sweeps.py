"""Periodic sweeps, safe to run in several processes at once: the outbox relay re-hands rows
whose hand-off was lost, expired claim leases return contacts to the queue, and web chats whose
visitor stayed away past the grace period are abandoned; the chat transcripts residents asked
for go out by email; the personal information of contacts closed longer ago than the retention
period is erased, a batch at a time (app.privacy.retention). The IMAP mailbox, when configured,
is polled beside them at its own pace (app.mail.poller)."""

from __future__ import annotations

import logging
import threading

from flask import Flask

from app.chat import sweeps as chat_sweeps
from app.chat import transcript_delivery
from app.db import ports
from app.mail import poller
from app.privacy import retention
from app.reports import rollup
from app.runtime import database
from app.services import outbox, queue

log = logging.getLogger(__name__)


def run_once(app: Flask) -> None:
    with app.app_context():
        with database().transaction() as session:
            queue.expire_leases(session)
        with database().transaction() as session:
            chat_sweeps.abandon_departed(session)  # web chats left past their grace period
        with database().transaction() as session:
            transcript_delivery.send_pending(session)  # chat transcripts residents asked for, by email
        with database().transaction() as session:
            due = outbox.due(session)
            jobs = ports(session).jobs
        for outbox_id in due:
            jobs.enqueue_outbox(outbox_id)
        with database().transaction() as session:
            rollup.sweep(session)  # the oldest month of settled days not yet in the report's rollup
        with database().transaction() as session:
            retention.sweep(session)  # one batch of contacts past RETENTION_DAYS: their personal information


def start(app: Flask, interval: float, stop: threading.Event | None = None) -> threading.Event:
    """Run the sweeps every `interval` seconds in a daemon thread until `stop` is set."""
    stop = stop or threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            try:
                run_once(app)
            except Exception:
                log.exception("sweep failed; will try again")

    threading.Thread(target=loop, name="sweeps", daemon=True).start()
    if app.config["SWITCHBOARD"].IMAP_HOST:
        poller.start(app, stop)
    return stop
