"""Refusals that name who holds a contact, the state it is in or what its wrap-up lacks, written
for the staff member who tried, in their language (docs/i18n.md)."""

from __future__ import annotations

from flask_babel import gettext as _

from app.errors import AlreadyClaimed, WrapUpIncomplete
from app.i18n.words import STATES, WRAPUP_FIELDS, word
from app.models import Contact, StaffUser


def already_claimed(actor: StaffUser, holder: StaffUser | None) -> AlreadyClaimed:
    mine = holder is not None and holder.id == actor.id
    who = _("you") if mine else (holder.display_name if holder else _("someone else"))
    return AlreadyClaimed(_("Already claimed by %(who)s.", who=who))


def state_of(contact: Contact) -> str:
    """The contact's state as a sentence says it: "queued", « en file »."""
    return word(STATES, contact.state)


def wrapup_incomplete(lacking: list[str]) -> WrapUpIncomplete:
    """Closing refused for the fields WRAPUP_REQUIRED asks for and the record lacks."""
    named = ", ".join(word(WRAPUP_FIELDS, name) for name in lacking)
    return WrapUpIncomplete(_("Complete the wrap-up before closing: %(lacking)s.", lacking=named))
