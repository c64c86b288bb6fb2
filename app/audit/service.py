"""Recording the audit trail. Each entry says who, what, which contact or staff account, when and
from where, never the personal information itself. `record` writes in the caller's transaction
(the entry stands or falls with what it records); `record_apart` in a short transaction of its own,
for a refusal whose caller's transaction rolls back with the error."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, TypeVar

from flask import has_request_context, request
from sqlalchemy import ScalarResult, Select, bindparam, insert
from sqlalchemy.orm import Session

from app.db import apart, on_postgresql
from app.models import AuditEntry
from app.models.base import utcnow

T = TypeVar("T")

ACTIONS: dict[str, str] = {
    "contact.read": "Read a contact's conversation",
    "contact.read_denied": "Refused a contact's conversation",
    "contact.listed": "Listed a contact (report figure, spam review)",
    "export": "Exported a file",
    "sign_in": "Signed in",
    "sign_in.failed": "Failed sign-in",
    "sign_in.locked": "Account locked after failed sign-ins",
    "sign_out": "Signed out",
    "access.refused": "Refused a page or request",
    "staff.created": "Created a staff account",
    "staff.role_changed": "Changed a role",
    "staff.disabled": "Disabled an account",
    "staff.enabled": "Enabled an account",
    "twofactor.enrolled": "Set up two-factor sign-in",
    "twofactor.recovery_used": "Signed in with a recovery code",
    "twofactor.reset": "Reset two-factor sign-in",
    "privacy.read": "Read everything held about a resident",
    "privacy.erased": "Erased a contact's personal information",
}
DETAIL_MAX = 200


def _address() -> str | None:
    """The client's address (behind the proxies PROXY_COUNT trusts); None outside a request."""
    return (request.remote_addr or None) if has_request_context() else None


def entry(action: str, actor_id: int | None, **about: int | str | None) -> dict[str, object]:
    """One row's values: `about` is contact_id, subject_staff_id and detail, as they apply."""
    assert action in ACTIONS, action
    detail = about.pop("detail", None)
    shown = str(detail)[:DETAIL_MAX] if detail is not None else None
    return {"staff_id": actor_id, "action": action, "detail": shown, "address": _address(), **about}


_RECORD = insert(AuditEntry)  # built once: SQLAlchemy keeps its compiled form


def record(session: Session, action: str, actor_id: int | None, **about: int | str | None) -> None:
    """One INSERT now, in the caller's transaction (a Core statement: no object for the session to
    flush, as every contact read writes one)."""
    session.connection().execute(_RECORD, entry(action, actor_id, **about))


def read_recorded(
    session: Session,
    query: Select[tuple[T]],
    params: Mapping[str, Any],
    action: str,
    actor_id: int | None,
    **about: int | str | None,
) -> ScalarResult[T]:
    """`query`'s rows, and the entry that records the read written in the caller's transaction. On
    PostgreSQL by the same statement, a data-modifying WITH: one round trip fewer, and every claim
    and open reads a thread (docs/benchmarks.md, issue 6). SQLite takes no INSERT in a WITH."""
    if not on_postgresql(session):
        record(session, action, actor_id, **about)
        return session.scalars(query, params)
    values = {**entry(action, actor_id, **about), "at": utcnow()}
    return session.scalars(
        _with_entry(query, tuple(values)), {**params, **{f"audit_{k}": v for k, v in values.items()}}
    )


@cache  # per query (a module's constant: held by identity) and set of columns; SQLAlchemy keeps its cache key
def _with_entry(query: Select[tuple[T]], columns: tuple[str, ...]) -> Select[tuple[T]]:
    values = {c: bindparam(f"audit_{c}", type_=AuditEntry.__table__.c[c].type) for c in columns}
    return query.add_cte(insert(AuditEntry).values(values).cte("audited"))


def record_each(session: Session, action: str, actor_id: int | None, contact_ids: Iterable[int], detail: str) -> None:
    """One entry per contact (shown in a list, erased), in one statement."""
    rows = [entry(action, actor_id, contact_id=contact_id, detail=detail) for contact_id in contact_ids]
    if rows:
        session.execute(insert(AuditEntry), rows)


def record_apart(session: Session, action: str, actor_id: int | None, **about: int | str | None) -> None:
    """Commit the entry in a transaction of its own once the caller's has ended (app.db.apart)."""
    values = entry(action, actor_id, **about)  # now, while the request is there to say from where

    def write(own: Session) -> None:
        own.connection().execute(_RECORD, values)

    apart(session, write)
