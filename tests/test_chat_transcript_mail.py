"""The transcripts residents ask for at the end of a chat go out by email from the workers' sweep
(app.chat.transcript_delivery), through a real SMTP server (aiosmtpd): once each, in the chat's
language; an address the server refuses for good keeps why, and nothing else is lost."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from app import create_app
from app.chat import service, survey, transcript_delivery
from app.chat.models import ChatTranscriptRequest
from config import Config
from tests.support.mail_smtp import SmtpServer


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(config: Config, smtp: SmtpServer, db) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    smtp.capture.received.clear()
    app = create_app(dataclasses.replace(config, **smtp.settings()))  # type: ignore[arg-type]
    yield app
    app.extensions["switchboard.db"].engine.dispose()


def _asked(app: Flask, *addresses: str) -> None:
    """A French chat with one message, whose resident asked for the transcript at `addresses`."""
    with app.app_context(), app.extensions["switchboard.db"].transaction() as session:
        chat = service.start(session, "fr", "Marie", "")
        service.send(session, chat, {"body": "Bonjour, où trouver une banque alimentaire ?", "id": "m1"})
        for address in addresses:
            survey.request_transcript(session, chat, {"email": address})


def _sweep(app: Flask) -> int:
    with app.app_context(), app.extensions["switchboard.db"].transaction() as session:
        return transcript_delivery.send_pending(session)


def test_a_transcript_goes_out_once_in_the_chats_language(mail_app, smtp) -> None:  # type: ignore[no-untyped-def]
    _asked(mail_app, "marie@exemple.org")
    assert _sweep(mail_app) == 1
    [mail] = smtp.wait_for(1)
    assert mail.rcpt_tos == ["marie@exemple.org"]
    assert mail.message["Subject"] == "Votre clavardage avec le 211"
    assert "Vous: Bonjour, où trouver une banque alimentaire ?" in mail.message.get_content()
    assert _sweep(mail_app) == 0 and len(smtp.capture.received) == 1  # once


def test_an_address_refused_for_good_keeps_why_and_the_others_still_go(mail_app, smtp) -> None:  # type: ignore[no-untyped-def]
    smtp.capture.refused.add("nobody@exemple.org")
    _asked(mail_app, "nobody@exemple.org", "marie@exemple.org")
    assert _sweep(mail_app) == 1
    assert [m.rcpt_tos for m in smtp.wait_for(1)] == [["marie@exemple.org"]]
    with mail_app.extensions["switchboard.db"].transaction() as session:
        rows = session.scalars(select(ChatTranscriptRequest).order_by(ChatTranscriptRequest.id)).all()
        assert [(r.email, r.error, r.sent_at is not None) for r in rows] == [
            ("nobody@exemple.org", "recipient_refused", False), ("marie@exemple.org", None, True)
        ]  # fmt: skip
    smtp.capture.refused.clear()
