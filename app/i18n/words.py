"""Values stored in English (a contact's state, a presence, a channel, a disposition, a complaint's
status, a spam verdict), named in the reader's language: each a table of marked strings, since
the extractor finds only literals (docs/i18n.md). A value missing from its table is shown as
stored. Templates name them with `said("channel", value)`."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

STATES = {"menu": _l("in the phone menu"), "queued": _l("queued"), "claimed": _l("claimed"), "closed": _l("closed")}
CHANNELS = {  # a contact's, then those only a complaint has
    "voice": _l("Voice"), "sms": _l("Text"), "chat": _l("Chat"), "email": _l("Email"),
    "web": _l("Web form"), "phone": _l("Phone"), "in_person": _l("In person"), "navigator": _l("Navigator"),
}  # fmt: skip
DISPOSITIONS = {
    "information_given": _l("Information given"), "referral_given": _l("Referral given"),
    "no_service_available": _l("No service available"), "resident_disconnected": _l("Resident disconnected"),
    "wrong_number": _l("Wrong number"), "spam": _l("Spam"),
}  # fmt: skip
COMPLAINT_STATUSES = {
    "received": _l("Received"), "acknowledged": _l("Acknowledged"), "investigating": _l("Investigating"),
    "resolved": _l("Resolved"), "withdrawn": _l("Withdrawn"),
}  # fmt: skip
VERDICTS = {"clean": _l("Clean"), "suspect": _l("Suspect"), "spam": _l("Spam"), "blocked": _l("Blocked")}
# WRAPUP_REQUIRED's fields as a refusal names them: as configured in English, in words in French.
WRAPUP_FIELDS = {
    "contact_type": _l("contact_type"), "inquirer": _l("inquirer"), "area": _l("area"),
    "consent_follow_up": _l("consent_follow_up"), "needs": _l("needs"),
}  # fmt: skip
PRESENCE = {"available": _l("available"), "busy": _l("busy"), "away": _l("away"), "offline": _l("offline")}


def N_(text: str) -> str:  # gettext_noop's name, which Babel's extractor knows
    """`text` marked for the catalogue but kept in English where it is stored or sent: a page
    translates it when it shows it (`_(value)`)."""
    return text


def word(table: dict[str, LazyString], value: object) -> str:
    """`value` in the reader's language, or as stored when the table does not know it."""
    known = table.get(str(value))
    return str(value) if known is None else str(known)


SAID = {"state": STATES, "channel": CHANNELS, "disposition": DISPOSITIONS, "complaint_status": COMPLAINT_STATUSES,
        "verdict": VERDICTS}  # fmt: skip


def said(kind: str, value: object) -> str:
    """A template's `said("channel", contact.channel)`: the value of that kind, in words."""
    return "" if value is None else word(SAID[kind], value)
