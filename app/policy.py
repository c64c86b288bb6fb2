"""Deny by default: one table of who may do what, checked by every route and socket command."""

from __future__ import annotations

from app.domain import Role
from app.errors import Forbidden, NotClaimedByYou
from app.models import Contact, StaffUser

ALL_STAFF = frozenset(Role)
LEADS = frozenset({Role.SUPERVISOR, Role.ADMIN})

# action -> roles allowed at all. Object rules (whose claim it is) follow in `authorize`.
RULES: dict[str, frozenset[Role]] = {
    "console.connect": ALL_STAFF,
    "contact.list": ALL_STAFF,
    "contact.read": ALL_STAFF,
    "contact.claim": ALL_STAFF,
    "contact.reply": ALL_STAFF,
    "contact.release": ALL_STAFF,
    "contact.close": ALL_STAFF,
}
# Actions on a claimed contact that only its navigator may take, unless the actor is a lead.
OWNER_ONLY = {"contact.reply": frozenset(), "contact.release": LEADS, "contact.close": LEADS}


def can(user: StaffUser | None, action: str, contact: Contact | None = None) -> bool:
    if user is None or not user.active:
        return False
    if user.role_enum not in RULES.get(action, frozenset()):
        return False
    if contact is not None and action in OWNER_ONLY and contact.navigator_id != user.id:
        return user.role_enum in OWNER_ONLY[action]
    return True


def authorize(user: StaffUser | None, action: str, contact: Contact | None = None) -> StaffUser:
    """Raise unless `user` may take `action` (on `contact`); return the user for chaining."""
    if user is None or not can(user, action):
        raise Forbidden("You are not allowed to do that.")
    if not can(user, action, contact):
        raise NotClaimedByYou("This contact is not claimed by you.")
    return user
