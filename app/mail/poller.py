"""Polling the shared IMAP mailbox (when IMAP_HOST is set; every IMAP_POLL_SECONDS, in the process
that runs the sweeps). Each unseen message is stored, with its mailbox, UIDVALIDITY and UID, in
one transaction, and only then marked seen: a poller stopped in between (a crash, a kill) leaves
it unseen, and the next poll finds its UID taken and only marks it seen. Nothing is stored twice,
whichever of several pollers gets there first."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import Flask
from sqlalchemy import select

from app.mail import service
from app.mail.models import MailboxUid
from app.models.base import utcnow
from app.runtime import database
from app.services.upserts import Insert, Overtaken
from channels.email_imap import ImapError, Mailbox
from channels.email_parse import Limits, parse
from config import Config

log = logging.getLogger(__name__)
_TAKEN = Insert(MailboxUid, "(mailbox, uidvalidity, uid)")


def poll_once(app: Flask, mailbox: Callable[[Config], Mailbox] = Mailbox) -> int:
    """Take in every unseen message of the mailbox; how many were new. ImapError when unreachable."""
    config: Config = app.config["SWITCHBOARD"]
    limits = Limits(config.EMAIL_MAX_BYTES, config.EMAIL_MAX_ATTACHMENT_BYTES)
    taken = 0
    with app.app_context(), mailbox(config) as box:
        for uid in box.unseen():
            taken += _take(box, uid, limits)
            box.mark_seen(uid)  # only now: the message and its UID are committed
    return taken


def _take(box: Mailbox, uid: int, limits: Limits) -> bool:
    where = {"mailbox": box.name, "uidvalidity": box.uidvalidity, "uid": uid}
    with database().transaction() as session:
        if session.scalar(select(MailboxUid.id).filter_by(**where)) is not None:
            return False  # stored by an earlier poll that stopped before marking it seen
    fetched = box.fetch(uid, limits.message_bytes)
    parsed = parse(fetched.raw, utcnow(), limits, size=fetched.size)
    with database().transaction() as session:
        try:
            _TAKEN(session, [], **where, provider_id=parsed.inbound.provider_id, taken_at=utcnow())
        except Overtaken:
            return False  # another poller is taking it in
        service.receive(session, parsed, "imap")
    return True


def start(app: Flask, stop: threading.Event) -> None:
    """Poll every IMAP_POLL_SECONDS in a daemon thread until `stop` is set."""
    interval = app.config["SWITCHBOARD"].IMAP_POLL_SECONDS

    def loop() -> None:
        while True:
            try:
                poll_once(app)
            except ImapError as error:
                log.warning("mailbox poll failed; will try again: %s", error)
            except Exception:
                log.exception("mailbox poll failed; will try again")
            if stop.wait(interval):
                return

    threading.Thread(target=loop, name="mail-poller", daemon=True).start()
