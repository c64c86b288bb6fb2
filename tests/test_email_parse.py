"""Inbound email as the navigator reads it: the corpus (tests/data/email) parsed with the standard
library's modern API: French accents in ISO-8859-1 and Windows-1252, HTML-only mail as text
without its scripts, attachments kept, automated mail recognised with its reason, replies linked
to the messages they answer; and what cannot be read whole is quarantined with a reason while the
message still arrives."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.mail.replies import reply_subject
from channels.email_parse import Limits, ParsedEmail, parse
from tests.support.mail_corpus import nested, raw, written

LIMITS = Limits(message_bytes=200_000, part_bytes=1_000)
AT = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def parsed(data: bytes, limits: Limits = LIMITS) -> ParsedEmail:
    return parse(data, AT, limits)


def test_a_plain_message_becomes_an_email_inbound_from_its_sender() -> None:
    email = parsed(raw("plain"))
    assert email.inbound.channel == "email" and email.inbound.provider_id == "<plain-1@example.net>"
    assert email.inbound.from_raw == "Amira.K@Example.net"  # the handle is read in lower case (app.handles)
    assert email.inbound.body.startswith("Subject: Need help finding a food bank\n\nHello, I need help")
    assert email.automated is None and email.parts == () and email.quarantine is None


@pytest.mark.parametrize(
    ("name", "subject", "words"),
    [
        ("latin1_french", "Besoin d'aide pour un hébergement", "hébergement d'urgence à Montréal"),
        (
            "cp1252_french",
            "\u201cBanque alimentaire\u201d \u2013 \u0153uvre",
            "une \u201cbanque alimentaire\u201d \u2013 l\u2019\u0153uvre du quartier était fermée",
        ),
    ],
)
def test_french_accents_arrive_whatever_the_charset(name: str, subject: str, words: str) -> None:
    email = parsed(raw(name))
    assert email.subject == subject
    assert words in email.inbound.body


def test_latin1_declared_windows_text_keeps_its_curly_quotes() -> None:
    data = written("a@example.com", "x", "placeholder", "<l1@example.com>").replace(b"utf-8", b"iso-8859-1")
    data = data.replace(b"Content-Transfer-Encoding: 7bit", b"Content-Transfer-Encoding: 8bit")
    data = data.replace(b"placeholder", "\u201cl\u2019\u0153uvre\u201d".encode("cp1252"))
    assert "\u201cl\u2019\u0153uvre\u201d" in parsed(data).inbound.body


def test_html_only_mail_becomes_safe_text() -> None:
    body = parsed(raw("html_only")).inbound.body
    assert "I am behind on my rent & worried about eviction." in body
    assert "- Two months late\n- Landlord gave notice" in body
    assert "<" not in body and "alert" not in body and "color: red" not in body and "ignored title" not in body


def test_an_attachment_is_kept_and_listed_in_the_text() -> None:
    email = parsed(raw("with_attachment"))
    assert "the landlord wants me out by Friday." in email.inbound.body
    assert "<b>" not in email.inbound.body  # the plain alternative is the one read
    [lease] = email.parts
    assert (lease.filename, lease.content_type, lease.quarantine) == ("lease.pdf", "application/pdf", None)
    assert lease.content is not None and lease.content.startswith(b"%PDF-1.4") and lease.size == len(lease.content)
    assert "[Attachment: lease.pdf (application/pdf, 78 bytes)]" in email.inbound.body


@pytest.mark.parametrize(
    ("name", "reason"),
    [("auto_reply", "Auto-Submitted: auto-replied"), ("bounce", "bounce (empty Return-Path)")],
)
def test_automated_mail_is_recognised_with_its_reason(name: str, reason: str) -> None:
    assert parsed(raw(name)).automated == reason


@pytest.mark.parametrize(
    ("headers", "subject", "reason"),
    [
        ({"Precedence": "bulk"}, "News", "Precedence: bulk"),
        ({"List_Id": "<news.example.org>"}, "News", "mailing list (List-Id)"),
        ({"X_Autorespond": "yes"}, "Hi", "automatic reply (X-Autorespond)"),
        ({}, "Out of Office: back Monday", "automatic reply (subject 'Out of Office: back Monday')"),
        ({}, "Absence du bureau", "automatic reply (subject 'Absence du bureau')"),
        ({"Content_Type": "multipart/report; report-type=delivery-status; boundary=x"}, "Failure",
         "delivery report (multipart/report; delivery-status)"),
        ({"Auto_Submitted": "no"}, "A person wrote this", None),
    ],
)  # fmt: skip
def test_each_sign_of_a_machine_is_named(headers: dict[str, str], subject: str, reason: str | None) -> None:
    data = written("someone@example.com", subject, "text", "<auto@example.com>", **headers)
    assert parsed(data).automated == reason


def test_a_reply_names_the_messages_it_answers_parent_first() -> None:
    email = parsed(raw("reply_to_our_reply", message_id="<ours-7@211.test>"))
    assert email.in_reply_to == "<ours-7@211.test>"
    assert email.inbound.references == ("<ours-7@211.test>", "<plain-1@example.net>")
    assert email.references == ("<plain-1@example.net>", "<ours-7@211.test>")


def test_an_oversized_attachment_is_quarantined_and_the_message_still_arrives() -> None:
    data = raw("with_attachment")
    email = parsed(data, Limits(message_bytes=200_000, part_bytes=50))
    [lease] = email.parts
    assert lease.content is None and lease.quarantine == "78 bytes, over the limit of 50 bytes"
    assert "[Quarantined: lease.pdf (application/pdf, 78 bytes): 78 bytes, over the limit of 50 bytes]" in (
        email.inbound.body
    )
    assert "the landlord wants me out by Friday." in email.inbound.body


def test_an_oversized_message_keeps_its_headers_and_says_why() -> None:
    data = raw("with_attachment")
    email = parsed(data, Limits(message_bytes=500, part_bytes=1_000))
    why = f"the message is {len(data)} bytes, over the limit of 500 bytes: only its headers were read"
    assert email.quarantine == why
    assert email.inbound.from_raw == "priya@example.com" and email.subject == "My lease, as asked"
    assert "[Quarantined: the message is" in email.inbound.body


def test_a_deeply_nested_part_is_quarantined_unread() -> None:
    email = parsed(nested(15))
    assert [part.quarantine for part in email.parts] == ["nested deeper than 10 levels: not read"]
    assert "deep down" not in email.inbound.body and "[Quarantined: unnamed" in email.inbound.body


def test_nesting_too_deep_for_the_parser_still_delivers_the_headers() -> None:
    email = parsed(nested(5_000), Limits(message_bytes=10_000_000, part_bytes=1_000))
    assert email.inbound.from_raw == "nest@example.com"
    assert email.quarantine is not None and email.quarantine.endswith("only its headers were read")


def test_a_malformed_attachment_is_quarantined_with_its_defects() -> None:
    data = raw("with_attachment").replace(b"PC9Sb290IDEgMCBSPj4KJSVFT0YK", b"PC9Sb290IDEgMCBSPj4KJSVFT0Y")
    [lease] = parsed(data).parts
    assert lease.content is None and lease.quarantine is not None and lease.quarantine.startswith("malformed (")


def test_a_message_without_text_or_id_still_arrives_with_an_id_of_its_bytes() -> None:
    email = parsed(b"From: x@example.com\r\n\r\n")
    assert email.inbound.body == "(This email has no text.)"
    assert email.inbound.provider_id.startswith("sha256:")


@pytest.mark.parametrize(
    ("subject", "reply"),
    [("Need help", "Re: Need help"), ("Re: Need help", "Re: Need help"), ("RE : Re: Fwd: Loyer", "Re: Loyer"),
     ("Hi\r\nBcc: x@evil.example", "Re: Hi Bcc: x@evil.example"),
     ("", "Re: Your message to 211 / Votre message au 211")],
)  # fmt: skip
def test_a_reply_subject_has_one_re_and_one_line(subject: str, reply: str) -> None:
    assert reply_subject(subject) == reply
