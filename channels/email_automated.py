"""Mail a machine sent: auto-replies, out-of-office notices, bounces, lists and bulk mail (RFC 3834
and the de-facto headers of ../shared/docs/research/integration-facts.md §6.2). The reason is
given in words; app.spam turns it into a finding, and nothing ever answers such mail."""

from __future__ import annotations

import re
from email.message import Message

from channels.email_headers import header, one_line, present, sender

_BULK = {"bulk", "junk", "list"}
_AUTOREPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Amazon-Auto-Reply")
_LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Post", "Mailing-List", "X-Mailing-List")
_MAILERS = re.compile(r"^(mailer-daemon|postmaster)@", re.IGNORECASE)
# Subjects of out-of-office and automatic replies, English and French (Outlook, Exchange, Gmail).
_AWAY = re.compile(
    r"^\s*(out of (the )?office|auto(matic)?[- ]?reply|autoreply|auto[- ]response|absen(ce|t|te) du bureau"
    r"|r[ée]ponse automatique|message d'absence|undeliverable|undelivered mail|delivery status notification"
    r"|mail delivery (failed|failure))",
    re.IGNORECASE,
)


def reason(message: Message) -> str | None:
    """Why `message` was sent by a machine, or None when a person seems to have written it."""
    for check in (_submitted, _bounce, _list, _autoreply, _subject):
        found = check(message)
        if found:
            return found
    return None


def _submitted(message: Message) -> str | None:
    value = header(message, "Auto-Submitted").lower()
    return f"Auto-Submitted: {value[:40]}" if value and not value.startswith("no") else None


def _bounce(message: Message) -> str | None:
    if present(message, "Return-Path") and header(message, "Return-Path").replace(" ", "") == "<>":
        return "bounce (empty Return-Path)"
    if message.get_content_type() == "multipart/report":
        kind = message.get_param("report-type")
        return f"delivery report (multipart/report; {one_line(kind if isinstance(kind, str) else 'no type', 40)})"
    if _MAILERS.match(sender(message)):
        return "bounce (sent by the mail system)"
    return None


def _list(message: Message) -> str | None:
    precedence = header(message, "Precedence").lower()
    if precedence in _BULK:
        return f"Precedence: {precedence}"
    named = next((name for name in _LIST_HEADERS if present(message, name)), None)
    return f"mailing list ({named})" if named else None


def _autoreply(message: Message) -> str | None:
    named = next((name for name in _AUTOREPLY_HEADERS if present(message, name)), None)
    return f"automatic reply ({named})" if named else None


def _subject(message: Message) -> str | None:
    subject = header(message, "Subject")
    return f"automatic reply (subject {subject[:60]!r})" if _AWAY.match(subject) else None
