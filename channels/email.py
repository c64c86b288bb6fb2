"""Email replies over SMTP (smtplib): one message from EMAIL_FROM to the resident, with a unique
Message-ID of ours (returned as the provider id, so the resident's answer threads back), the
thread's In-Reply-To and References, and a one-line subject. Headers are built with
email.message.EmailMessage under policy.SMTP, which refuses a CR or LF in any header value: no
resident-supplied text (a subject, an address) can add a header."""

from __future__ import annotations

import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr

from app.domain import Channel, Outbound, SendResult
from app.models.base import utcnow
from channels import email_ids
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
    return bool(config.SMTP_HOST and config.EMAIL_FROM)


def plain(to: str, subject: str, body: str, config: Config) -> EmailMessage:
    """A message outside any contact's thread (a chat's transcript), composed as replies are."""
    return compose(Outbound(message_id=0, channel=Channel.EMAIL, to=to, body=body, subject=subject), config)


def send_message(message: EmailMessage, config: Config) -> None:
    """Hand `message` to the mail server; SendError (permanent or not) when it does not take it."""
    try:
        with smtplib.SMTP(config.SMTP_HOST, config.SMTP_PORT, timeout=config.SMTP_TIMEOUT_SECONDS) as smtp:
            if config.SMTP_STARTTLS:
                smtp.starttls(context=ssl.create_default_context())
            if config.SMTP_USERNAME:
                smtp.login(config.SMTP_USERNAME, config.SMTP_PASSWORD)
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused:
        raise SendError("the mail server refused the address", code="recipient_refused", permanent=True) from None
    except smtplib.SMTPResponseException as error:  # 5xx: refused for good; 4xx: try again later
        code = error.smtp_code
        raise SendError(f"the mail server answered {code}", code=f"smtp_{code}", permanent=code >= 500) from None
    except (OSError, smtplib.SMTPException) as error:  # unreachable, timed out, TLS failed
        raise SendError(f"could not reach the mail server: {type(error).__name__}", code="smtp_unavailable",
                        permanent=False) from None  # fmt: skip


class EmailAdapter:
    channel = Channel.EMAIL

    def send(self, outbound: Outbound, config: Config) -> SendResult:
        if not configured(config):
            raise SendError("email is not configured (SMTP_HOST, EMAIL_FROM)", code="not_configured", permanent=False)
        message = compose(outbound, config)
        send_message(message, config)
        return SendResult(provider_id=email_ids.key(str(message["Message-ID"])), status="sent")
