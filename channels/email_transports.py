"""How a composed email leaves, by EMAIL_TRANSPORT: a registry of transports looked up by name,
never an if/elif. `smtp` hands it to SMTP_HOST (smtplib); the resident simulator registers
`simulator`, its inbox (docs/simulator.md), so that in the demo the same outbox, job and adapter
deliver a navigator's reply there instead of to a mail server."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Protocol

from channels.base import SendError
from config import Config


class MailTransport(Protocol):
    def ready(self, config: Config) -> bool:
        """Whether this transport has the settings it needs."""
        ...

    def send(self, message: EmailMessage, config: Config) -> None:
        """Hand `message` on; SendError (permanent or not) when it is not taken."""
        ...


class SmtpTransport:
    def ready(self, config: Config) -> bool:
        return bool(config.SMTP_HOST)

    def send(self, message: EmailMessage, config: Config) -> None:
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


TRANSPORTS: dict[str, MailTransport] = {"smtp": SmtpTransport()}


def register(name: str, transport: MailTransport) -> None:
    TRANSPORTS[name] = transport


def transport_for(config: Config) -> MailTransport | None:
    """The configured transport; None when no transport of that name exists in this process."""
    return TRANSPORTS.get(config.EMAIL_TRANSPORT)
