"""Domain errors: each carries the stable code that acks and JSON errors expose, and a message
written for the navigator. Handlers map them in one place.

Messages are marked for translation where they are raised (`gettext`, or `lazy_gettext` for a
module's constant), so a staff member reads them in their language (docs/i18n.md); the codes
stay English, the contract API clients read."""

from __future__ import annotations

from flask_babel import LazyString


class DomainError(Exception):
    code = "error"
    http_status = 400

    def __init__(self, message: str | LazyString) -> None:
        super().__init__(str(message))
        self.message = str(message)


class InvalidRequest(DomainError):
    code = "invalid_request"


class NotFound(DomainError):
    code = "not_found"
    http_status = 404


class Forbidden(DomainError):
    code = "forbidden"
    http_status = 403


class AlreadyClaimed(DomainError):
    code = "already_claimed"
    http_status = 409


class NotClaimedByYou(DomainError):
    code = "not_claimed_by_you"
    http_status = 409


class InvalidState(DomainError):
    code = "invalid_state"
    http_status = 409


class InvalidDisposition(DomainError):
    code = "invalid_disposition"


class OptedOut(DomainError):
    code = "opted_out"
    http_status = 409


class NoAddress(DomainError):
    code = "no_address"
    http_status = 409


class WrapUpIncomplete(DomainError):
    code = "wrapup_incomplete"
    http_status = 409
