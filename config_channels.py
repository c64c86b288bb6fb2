"""Settings of the email and web chat channels (docs/email.md, docs/chat.md), kept apart so that
config.py stays readable: Config inherits them, and the environment sets them like any other."""

from __future__ import annotations

from dataclasses import dataclass

from config_parse import origins


@dataclass(frozen=True)
class ChannelSettings:
    # Email (docs/email.md): replies by SMTP; inbound by IMAP (when IMAP_HOST is set), the webhook, or both.
    EMAIL_FROM: str = ""
    SMTP_HOST: str = ""
    SMTP_PORT: int = 587
    SMTP_STARTTLS: bool = True
    SMTP_USERNAME: str = ""
    SMTP_PASSWORD: str = ""
    SMTP_TIMEOUT_SECONDS: float = 30.0
    EMAIL_TRANSPORT: str = "smtp"  # how replies leave: smtp, or the resident simulator's inbox (`simulator`)
    IMAP_HOST: str = ""
    IMAP_PORT: int = 993
    IMAP_SSL: bool = True
    IMAP_USERNAME: str = ""
    IMAP_PASSWORD: str = ""
    IMAP_MAILBOX: str = "INBOX"
    IMAP_POLL_SECONDS: float = 60.0
    EMAIL_INBOUND_SECRET: str = ""
    EMAIL_MAX_BYTES: int = 10 * 1024 * 1024  # a larger message is quarantined (headers only)
    EMAIL_MAX_ATTACHMENT_BYTES: int = 5 * 1024 * 1024  # a larger attachment is quarantined
    CHAT_ALLOWED_ORIGINS: str = ""  # comma-separated partner sites that may frame /chat (docs/chat.md)
    CHAT_GRACE_SECONDS: int = 60  # a queued chat whose visitor stays disconnected this long is abandoned
    CHAT_MAX_CHARS: int = 2000  # one chat message, at most
    CHAT_MESSAGES_PER_MINUTE: int = 20  # one visitor's messages, at most
    CHAT_ADDRESS_MESSAGES_PER_MINUTE: int = 120  # all visitors' messages from one client address, at most
    CHAT_STARTS_PER_HOUR: int = 30  # new chats from one client address, at most
    CHAT_TOKEN_SECONDS: int = 86400  # a visitor's token opens their chat this long
    CHAT_QUICK_EXIT_URL: str = "https://www.google.com/"  # where "Quick exit" goes

    def __post_init__(self) -> None:
        origins(self.CHAT_ALLOWED_ORIGINS, "CHAT_ALLOWED_ORIGINS")  # it goes into a header: refuse anything else

    @property
    def chat_frame_origins(self) -> tuple[str, ...]:
        """Partner sites allowed to frame the chat widget (CHAT_ALLOWED_ORIGINS)."""
        return origins(self.CHAT_ALLOWED_ORIGINS, "CHAT_ALLOWED_ORIGINS")
