"""The email corpus (tests/data/email/*.eml), and messages the tests build on the fly."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "data" / "email"
# The corpus as a resident's mailbox would receive it, without the reply that needs our reply first.
ARRIVALS = ("plain", "html_only", "latin1_french", "cp1252_french", "with_attachment", "auto_reply", "bounce")


def raw(name: str, **fields: str) -> bytes:
    """A corpus message's bytes, with `{field}` placeholders filled in."""
    data = (CORPUS / f"{name}.eml").read_bytes()
    for key, value in fields.items():
        data = data.replace(b"{" + key.encode() + b"}", value.encode())
    return data


def written(sender: str, subject: str, body: str, message_id: str, **headers: str) -> bytes:
    """A plain message from `sender`, as a mail client would send it."""
    message = EmailMessage(policy=SMTP)
    message["From"], message["To"], message["Subject"] = sender, "help@211.test", subject
    message["Message-ID"] = message_id
    message.set_content(body)
    for name, value in headers.items():
        del message[name.replace("_", "-")]
        message[name.replace("_", "-")] = value
    return message.as_bytes()


def nested(depth: int, text: str = "deep down") -> bytes:
    """A message whose text sits `depth` multiparts deep."""
    head = b"From: nest@example.com\r\nSubject: nested\r\nMessage-ID: <nested@example.com>\r\n"
    body = b"Content-Type: text/plain\r\n\r\n" + text.encode() + b"\r\n"
    for level in range(depth):
        boundary = f"b{level}".encode()
        body = (b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n--" + boundary + b"\r\n" + body
                + b"--" + boundary + b"--\r\n")  # fmt: skip
    return head + body
