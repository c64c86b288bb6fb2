"""Deny by default: one table of who may do what, checked by every route and socket command.

Two layers: `RULES` says which roles may take an action at all; `OBJECT_RULES` then decides for
one contact. An action missing from `RULES` is refused to everyone."""

from __future__ import annotations

from collections.abc import Callable, Collection

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.domain import ContactState, Role
from app.errors import Forbidden, NotClaimedByYou, NotFound
from app.models import Contact, StaffUser

ALL_STAFF = frozenset(Role)
LEADS = frozenset({Role.SUPERVISOR, Role.ADMIN})

# action -> roles allowed at all.
RULES: dict[str, frozenset[Role]] = {
    "console.connect": ALL_STAFF,
    "contact.list": ALL_STAFF,
    "contact.read": ALL_STAFF,
    "contact.claim": ALL_STAFF,
    "contact.reply": ALL_STAFF,
    "contact.release": ALL_STAFF,
    "contact.close": ALL_STAFF,
    "contact.wrapup": ALL_STAFF,  # needs, referrals and the record of a contact one holds
    "call.control": ALL_STAFF,  # hold, add someone, hang up: the call one holds
    "announcement.set": LEADS,  # what every caller hears after the welcome
    "directory.flag": ALL_STAFF,  # report a directory record as wrong (docs/directory.md)
    "directory.edit": frozenset({Role.ADMIN}),  # review flags, correct records, resolve flags
    "spam.review": LEADS,  # the flagged contacts' page: confirm or clear a verdict (docs/spam.md)
    "spam.block": LEADS,  # add to and lift from the block list
    "complaint.log": ALL_STAFF,  # log a complaint from a contact one may read (docs/complaints.md)
    "complaint.manage": LEADS,  # the complaints list: owner, status, notes, outcome
    "presence.set": ALL_STAFF,  # one's own: available, busy or away (docs/presence.md)
    "report.read": LEADS,  # the funder's report and the contacts behind each figure (docs/reports.md)
    "audit.read": LEADS,  # the audit trail's page and its CSV (docs/audit.md)
    "board.watch": LEADS,  # the live board at /supervisor and its socket namespace (docs/board.md)
    "contact.assign": LEADS,  # take any contact, or give it to a navigator, from the board
    # Follow an opened contact's live messages whoever holds it. A navigator hears only the
    # contacts they hold, and stops hearing one the moment it is no longer theirs.
    "contact.watch": LEADS,
    # Everything held about a resident: find, read and export it; erase it on request (docs/privacy.md).
    "privacy.read": frozenset({Role.ADMIN}),
    "privacy.erase": frozenset({Role.ADMIN}),
}

# Every refused read gets this answer, the same as an id that does not exist, so that a navigator
# trying ids cannot learn which contacts exist (docs/decisions.md, "Need to know").
UNREADABLE = _l("This contact does not exist, or it is not yours to read.")

# `serving`: ids of the residents whose contact the actor holds right now.
ObjectRule = Callable[[StaffUser, Contact, Collection[int]], bool]


def _holds(user: StaffUser, contact: Contact) -> bool:
    return contact.state == ContactState.CLAIMED and contact.navigator_id == user.id


def _need_to_know(user: StaffUser, contact: Contact, serving: Collection[int]) -> bool:
    """Leads read everything. A navigator reads the contacts they hold, and the closed (earlier)
    contacts of the residents they are serving now, as read-only history. Nothing else: not the
    queue's threads (the previews suffice to choose), not a colleague's live conversation, not
    their own past contacts once the resident has gone."""
    if user.role_enum in LEADS or _holds(user, contact):
        return True
    return contact.state == ContactState.CLOSED and contact.resident_id in serving


def _owner_only(user: StaffUser, contact: Contact, serving: Collection[int]) -> bool:
    """Only the navigator whose claim it is (the state machine refuses closed and queued ones)."""
    return contact.navigator_id == user.id


def _owner_or_lead(user: StaffUser, contact: Contact, serving: Collection[int]) -> bool:
    return user.role_enum in LEADS or _owner_only(user, contact, serving)


OBJECT_RULES: dict[str, ObjectRule] = {
    "contact.read": _need_to_know,
    "contact.reply": _owner_only,
    "contact.release": _owner_or_lead,
    "contact.close": _owner_or_lead,
    "contact.wrapup": _owner_or_lead,
    "call.control": lambda user, contact, serving: _holds(user, contact),
}


def can(user: StaffUser | None, action: str, contact: Contact | None = None, *, serving: Collection[int] = ()) -> bool:
    """May `user` take `action` (on `contact`, when given)? Unknown actions: no."""
    if user is None or not user.active:
        return False
    if user.role_enum not in RULES.get(action, frozenset()):
        return False
    rule = OBJECT_RULES.get(action)
    return contact is None or rule is None or rule(user, contact, serving)


def authorize(user: StaffUser | None, action: str, contact: Contact | None = None) -> StaffUser:
    """Raise unless `user` may take `action` (on `contact`); return the user for chaining."""
    if user is None or not can(user, action):
        raise Forbidden(_("You are not allowed to do that."))
    if not can(user, action, contact):
        raise NotClaimedByYou(_("This contact is not claimed by you."))
    return user


def refused_read() -> NotFound:
    """The error for every refused read, whether or not the contact exists (see UNREADABLE)."""
    return NotFound(UNREADABLE)
