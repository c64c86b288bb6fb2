"""Email: inbound mail from an IMAP mailbox (the poller) or a provider's inbound-parse webhook,
stored with its headers and attachments, then handed to the one intake funnel; replies leave
through the outbox with their thread (docs/email.md)."""
