"""Domain errors: each carries the stable code that acks and JSON errors expose, and a message
written for the navigator. Handlers map them in one place."""

from __future__ import annotations


class DomainError(Exception):
    code = "error"
    http_status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
