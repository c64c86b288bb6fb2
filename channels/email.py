"""Email replies, through the transport EMAIL_TRANSPORT names (SMTP: channels.email_transports):
one message from EMAIL_FROM to the resident, with a unique Message-ID of ours (returned as the
provider id, so the resident's answer threads back), the thread's In-Reply-To and References,
and a one-line subject. Headers are built with email.message.EmailMessage under policy.SMTP,
which refuses a CR or LF in any header value: no resident-supplied text (a subject, an address)
can add a header."""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr

from app.domain import Channel, Outbound, SendResult
from app.models.base import utcnow
from channels import email_ids, email_transports
from channels.base import SendError
from channels.email_headers import one_line
from config import Config


def compose(outbound: Outbound, config: Config) -> EmailMessage:
    """The message as it leaves; SendError (permanent) for an address that is not one."""
    message = EmailMessage(policy=SMTP)
    _address(config.EMAIL_FROM, "EMAIL_FROM")  # as written, display name included
    message["From"] = config.EMAIL_FROM
    message["To"] = _address(outbound.to, "the resident's address").addr_spec
    message["Subject"] = one_line(outbound.subject, 200)
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(idstring=f"m{outbound.message_id}", domain=_domain(config))
    if outbound.in_reply_to:
        message["In-Reply-To"] = outbound.in_reply_to
    if outbound.references:
        message["References"] = " ".join(outbound.references)
    message.set_content(outbound.body)
    return message


def _address(text: str, what: str) -> Address:
    """The one address in `text` (a display name allowed); else a permanent SendError."""
    try:
        parsed = Address(addr_spec=parseaddr(text)[1]) if "\n" not in text and "\r" not in text else None
    except Exception:  # email.errors.HeaderParseError, ValueError, IndexError: not an address
        parsed = None
    if parsed is None or not parsed.domain:
        raise SendError(f"{what} is not a valid email address", code="invalid_address", permanent=True)
    return parsed


def _domain(config: Config) -> str:
    return config.EMAIL_FROM.rpartition("@")[2].strip(" >") or "localhost"


def configured(config: Config) -> bool:
    transport = email_transports.transport_for(config)
    return bool(config.EMAIL_FROM) and transport is not None and transport.ready(config)


def plain(to: str, subject: str, body: str, config: Config) -> EmailMessage:
    """A message outside any contact's thread (a chat's transcript), composed as replies are."""
    return compose(Outbound(message_id=0, channel=Channel.EMAIL, to=to, body=body, subject=subject), config)


def send_message(message: EmailMessage, config: Config) -> None:
    """Hand `message` to the configured transport (EMAIL_TRANSPORT); SendError when it is not taken."""
    transport = email_transports.transport_for(config)
    if transport is None:
        raise SendError(f"no mail transport {config.EMAIL_TRANSPORT!r} here", code="not_configured", permanent=False)
    transport.send(message, config)


class EmailAdapter:
    channel = Channel.EMAIL

    def send(self, outbound: Outbound, config: Config) -> SendResult:
        if not configured(config):
            missing = "email is not configured (EMAIL_FROM, SMTP_HOST or EMAIL_TRANSPORT)"
            raise SendError(missing, code="not_configured", permanent=False)
        message = compose(outbound, config)
        send_message(message, config)
        return SendResult(provider_id=email_ids.key(str(message["Message-ID"])), status="sent")
