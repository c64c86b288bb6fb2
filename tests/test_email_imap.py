"""Email from a shared mailbox on a real IMAP server (Dovecot, started by the tests) holding the
corpus (tests/data/email), and replies through the real outbox, RQ worker and smtplib to a real
SMTP server (aiosmtpd), parsed back: residents' mail becomes queued contacts a navigator reads,
automated mail is turned away with its reason, each message is stored once even when the poller
is killed between storing and marking it seen, and a reply carries its thread so the resident's
answer lands in the same contact."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from rq import SimpleWorker
from sqlalchemy import func, select

from app import create_app
from app import staff as staff_service
from app.directory.models import ServiceAtLocation
from app.domain import Channel, Outbound
from app.mail import poller
from app.mail.models import EmailPart
from app.models import Address, Contact, Message
from app.services import conversations, demo, queue
from app.wrapup import sending
from app.wrapup import service as wrapup
from channels.base import SendError
from channels.email import EmailAdapter
from channels.email_imap import ImapError, Mailbox
from config import Config
from tests.support import services
from tests.support.mail_corpus import ARRIVALS, raw, written
from tests.support.mail_dovecot import Dovecot
from tests.support.mail_smtp import Received, SmtpServer
from tests.support.private_redis import running_redis
from workers.dispatch import rq_queue

MAX_BYTES = 100_000


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    server = Dovecot().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def mail_app(config: Config, dovecot: Dovecot, smtp: SmtpServer) -> Iterator[Flask]:
    """The app polling the Dovecot mailbox and sending through aiosmtpd, with jobs on a Redis of
    its own (the relay waits an hour: every hand-off is the reply's own)."""
    with running_redis() as redis:
        settings = {**dovecot.settings(), **smtp.settings(), "EMAIL_MAX_BYTES": MAX_BYTES}
        app = create_app(dataclasses.replace(config, REDIS_URL=redis.url, OUTBOX_RETRY_AFTER_SECONDS=3600, **settings))
        app.config["TESTING"] = True
        yield app
        app.extensions["switchboard.db"].engine.dispose()


@pytest.fixture(autouse=True)
def _fresh(dovecot: Dovecot, smtp: SmtpServer) -> None:
    dovecot.empty()
    smtp.capture.received.clear()


def work(app: Flask) -> None:
    """Drain the job queue once with a real RQ worker, as `python -m workers --burst` does."""
    jobs = rq_queue(app.config["SWITCHBOARD"].REDIS_URL, app.config["SWITCHBOARD"].RQ_QUEUE)
    with app.app_context():
        SimpleWorker([jobs], connection=jobs.connection, serializer=jobs.serializer).work(burst=True)


def contacts(app: Flask) -> dict[str, Contact]:
    """Every contact by its sender's address (as read: lower case)."""
    with app.extensions["switchboard.db"].transaction() as session:
        rows = session.execute(select(Address.value, Contact).join(Contact, Contact.address_id == Address.id)).all()
        return {value: contact for value, contact in rows}


def bodies(app: Flask, contact_id: int) -> list[tuple[str, str]]:
    with app.extensions["switchboard.db"].transaction() as session:
        found = select(Message.direction, Message.body).where(Message.contact_id == contact_id).order_by(Message.id)
        return [(direction, body) for direction, body in session.execute(found)]


def message_count(app: Flask) -> int:
    with app.extensions["switchboard.db"].transaction() as session:
        return session.scalar(select(func.count(Message.id))) or 0


def reply(app: Flask, navigator_email: str, contact_id: int, body: str, *, claim: bool = True) -> int:
    with app.extensions["switchboard.db"].transaction() as session:
        navigator = staff_service.find_by_email(session, navigator_email)
        if claim:
            queue.claim(session, navigator, contact_id)
        return conversations.reply(session, navigator, contact_id, body).id


def test_the_corpus_arrives_as_contacts_and_automated_mail_is_turned_away(mail_app, dovecot) -> None:  # type: ignore[no-untyped-def]
    for name in ARRIVALS:
        dovecot.append(raw(name))

    assert poller.poll_once(mail_app) == len(ARRIVALS)

    assert dovecot.unseen() == 0  # each marked seen once stored
    found = contacts(mail_app)
    people = [
        "amira.k@example.net",
        "lucas@example.org",
        "sylvie@exemple.qc.ca",
        "gaetan@exemple.fr",
        "priya@example.com",
    ]
    assert all(found[person].state == "queued" and found[person].spam_verdict == "clean" for person in people)
    assert found["amira.k@example.net"].preview.startswith("Subject: Need help finding a food bank\n\nHello, I need")
    [(_, html)] = bodies(mail_app, found["lucas@example.org"].id)
    assert "I am behind on my rent & worried about eviction." in html and "<" not in html and "alert" not in html
    [(_, latin1)] = bodies(mail_app, found["sylvie@exemple.qc.ca"].id)
    assert "Subject: Besoin d'aide pour un hébergement" in latin1 and "hébergement d'urgence à Montréal" in latin1
    assert found["sylvie@exemple.qc.ca"].language == "fr"
    [(_, cp1252)] = bodies(mail_app, found["gaetan@exemple.fr"].id)
    assert "une \u201cbanque alimentaire\u201d \u2013 l\u2019\u0153uvre" in cp1252
    with mail_app.extensions["switchboard.db"].transaction() as session:
        [lease] = session.scalars(select(EmailPart).where(EmailPart.filename == "lease.pdf")).all()
        assert (lease.filename, lease.content_type, lease.content[:8]) == ("lease.pdf", "application/pdf", b"%PDF-1.4")
    for machine, why in [("d.roy@exemple.ca", "Auto-Submitted: auto-replied"),
                         ("mailer-daemon@mx.example.net", "bounce (empty Return-Path)")]:  # fmt: skip
        assert (found[machine].state, found[machine].outcome) == ("closed", "spam")
        assert {"rule": "automated_mail", "points": 1.0, "detail": f"sent by a machine: {why}"} in (
            found[machine].spam_reasons
        )

    assert poller.poll_once(mail_app) == 0  # nothing new: nothing stored twice
    assert message_count(mail_app) == len(ARRIVALS)


class Killed(BaseException):
    """The poller's process dying: not an error anything catches."""


class DiesBeforeMarkingSeen(Mailbox):
    def mark_seen(self, uid: int) -> None:
        raise Killed


def test_a_poller_killed_after_storing_a_message_before_marking_it_seen_stores_no_copy(mail_app, dovecot) -> None:  # type: ignore[no-untyped-def]
    dovecot.append(raw("plain"))

    with pytest.raises(Killed):
        poller.poll_once(mail_app, mailbox=DiesBeforeMarkingSeen)
    assert message_count(mail_app) == 1 and dovecot.unseen() == 1  # committed, still unseen

    assert poller.poll_once(mail_app) == 0
    assert message_count(mail_app) == 1 and dovecot.unseen() == 0


def test_an_oversized_message_is_quarantined_and_its_sender_still_has_a_contact(mail_app, dovecot) -> None:  # type: ignore[no-untyped-def]
    dovecot.append(written("big@example.com", "Scans of my papers", "x" * (MAX_BYTES + 1), "<big@example.com>"))

    assert poller.poll_once(mail_app) == 1

    contact = contacts(mail_app)["big@example.com"]
    [(_, body)] = bodies(mail_app, contact.id)
    assert contact.state == "queued" and body.startswith("Subject: Scans of my papers\n\n[Quarantined: the message is")
    assert f"over the limit of {MAX_BYTES} bytes: only its headers were read" in body


def headers_of(received: Received) -> dict[str, str]:
    return {name: str(value) for name, value in received.message.items()}


def test_replies_leave_by_smtp_with_their_thread_and_answers_thread_back(mail_app, dovecot, smtp, make_staff) -> None:  # type: ignore[no-untyped-def]
    dovecot.append(raw("plain"))
    poller.poll_once(mail_app)
    contact = contacts(mail_app)["amira.k@example.net"]
    navigator = make_staff("navigator")

    first = reply(mail_app, navigator, contact.id, "Hello Amira, the closest food bank is on Finch Ave.")
    work(mail_app)

    [sent] = smtp.wait_for(1)
    ours = headers_of(sent)
    assert sent.rcpt_tos == ["amira.k@example.net"] and sent.mail_from == "help@211.test"
    assert ours["From"] == "211 Test <help@211.test>" and ours["To"] == "amira.k@example.net"
    assert ours["Subject"] == "Re: Need help finding a food bank"
    assert ours["In-Reply-To"] == "<plain-1@example.net>" and ours["References"] == "<plain-1@example.net>"
    assert re.fullmatch(r"<[^<>@\s]+@211\.test>", ours["Message-ID"])
    assert sent.message.get_content().strip() == "Hello Amira, the closest food bank is on Finch Ave."
    with mail_app.extensions["switchboard.db"].transaction() as session:
        stored = session.get(Message, first)
        assert (stored.status, stored.provider_id) == ("sent", ours["Message-ID"])

    dovecot.append(raw("reply_to_our_reply", message_id=ours["Message-ID"]))
    assert poller.poll_once(mail_app) == 1
    thread = bodies(mail_app, contact.id)
    assert [direction for direction, _ in thread] == ["inbound", "outbound", "inbound"]
    assert "Is the one on Finch open on Saturdays too?" in thread[2][1]

    reply(mail_app, navigator, contact.id, "Yes, Saturdays 10 to 2.", claim=False)
    work(mail_app)
    second = headers_of(smtp.wait_for(2)[1])
    assert second["Subject"] == "Re: Need help finding a food bank"  # never "Re: Re:"
    assert second["In-Reply-To"] == "<plain-2@example.net>"
    assert second["References"] == f"<plain-1@example.net> {ours['Message-ID']} <plain-2@example.net>"
    assert second["Message-ID"] != ours["Message-ID"]


def test_no_header_can_be_injected_through_a_residents_subject(mail_app, dovecot, smtp, make_staff) -> None:  # type: ignore[no-untyped-def]
    sneaky = b"=?utf-8?q?Hi=0D=0ABcc:_x@evil.example?="  # decodes to "Hi\r\nBcc: x@evil.example"
    data = written("sneaky@example.com", "placeholder", "Please answer.", "<sneaky@example.com>")
    dovecot.append(data.replace(b"placeholder", sneaky))
    poller.poll_once(mail_app)
    contact = contacts(mail_app)["sneaky@example.com"]

    reply(mail_app, make_staff("navigator"), contact.id, "Here is our answer.")
    work(mail_app)

    [sent] = smtp.wait_for(1)
    assert sent.rcpt_tos == ["sneaky@example.com"]
    assert "Bcc" not in sent.message and b"\nBcc:" not in sent.raw
    assert headers_of(sent)["Subject"] == "Re: Hi Bcc: x@evil.example"


@pytest.fixture
def directory(mail_app: Flask) -> None:
    with mail_app.extensions["switchboard.db"].transaction() as session:
        demo.load_directory(session)


def test_referrals_go_to_an_email_contact_as_email_replies(mail_app, dovecot, smtp, make_staff, directory) -> None:  # type: ignore[no-untyped-def]
    dovecot.append(raw("latin1_french"))
    poller.poll_once(mail_app)
    contact = contacts(mail_app)["sylvie@exemple.qc.ca"]
    navigator = make_staff("navigator")
    reply(mail_app, navigator, contact.id, "Bonjour Sylvie, voici deux ressources.")
    with mail_app.extensions["switchboard.db"].transaction() as session:
        actor = staff_service.find_by_email(session, navigator)
        places = session.scalars(select(ServiceAtLocation.id).order_by(ServiceAtLocation.id).limit(2)).all()
        for place in places:
            wrapup.refer(session, actor, contact.id, place, "referral")
        sending.send_referrals(session, actor, contact.id)
    work(mail_app)

    received = smtp.wait_for(3)
    assert len(received) == 3 and all(r.rcpt_tos == ["sylvie@exemple.qc.ca"] for r in received)
    for referral in received[1:]:
        headers = headers_of(referral)
        assert headers["Subject"] == "Re: Besoin d'aide pour un hébergement"
        assert headers["In-Reply-To"] == "<latin1-1@exemple.qc.ca>"
        assert referral.message.get_content().startswith("Référence du 211: ")


def test_a_mailbox_that_refuses_the_login_is_an_error_that_names_it(mail_app, dovecot) -> None:  # type: ignore[no-untyped-def]
    wrong = dataclasses.replace(mail_app.config["SWITCHBOARD"], IMAP_PASSWORD="not-the-password")

    with pytest.raises(ImapError, match=r"help@211\.test@127\.0\.0\.1/INBOX: error: .*AUTHENTICATIONFAILED"):
        Mailbox(wrong)
    with pytest.raises(ImapError, match="cannot connect"):
        Mailbox(dataclasses.replace(wrong, IMAP_PORT=services.free_port()))


def test_an_address_the_server_refuses_fails_the_reply_at_once_with_why(mail_app, dovecot, smtp, make_staff) -> None:  # type: ignore[no-untyped-def]
    dovecot.append(written("gone@example.com", "Help", "Please call me back.", "<gone@example.com>"))
    poller.poll_once(mail_app)
    smtp.capture.refused.add("gone@example.com")
    message_id = reply(mail_app, make_staff("navigator"), contacts(mail_app)["gone@example.com"].id, "Calling you now.")

    work(mail_app)

    with mail_app.extensions["switchboard.db"].transaction() as session:
        failed = session.get(Message, message_id)
        assert (failed.status, failed.error_code) == ("failed", "recipient_refused")
    assert smtp.capture.received == []


def test_an_unreachable_mail_server_is_retried_not_failed(config: Config) -> None:
    closed = dataclasses.replace(config, SMTP_HOST="127.0.0.1", SMTP_PORT=services.free_port(), SMTP_STARTTLS=False,
                                 EMAIL_FROM="help@211.test")  # fmt: skip
    with pytest.raises(SendError) as raised:
        EmailAdapter().send(Outbound(1, Channel.EMAIL, "someone@example.com", "Hello", subject="Re: Hi"), closed)
    assert (raised.value.code, raised.value.permanent) == ("smtp_unavailable", False)
    assert str(raised.value) == "could not reach the mail server: ConnectionRefusedError"
