"""Periodic sweeps, safe to run in several processes at once: the outbox relay re-hands rows
whose hand-off was lost, and expired claim leases return contacts to the queue."""

from __future__ import annotations

import logging
import threading

from flask import Flask

from app.db import ports
from app.runtime import database
from app.services import outbox, queue

log = logging.getLogger(__name__)


def run_once(app: Flask) -> None:
    with app.app_context():
        with database().transaction() as session:
            queue.expire_leases(session)
        with database().transaction() as session:
            due = outbox.due(session)
            jobs = ports(session).jobs
        for outbox_id in due:
            jobs.enqueue_outbox(outbox_id)


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
    return stop
