"""The retention period (RETENTION_DAYS, docs/privacy.md): a contact closed longer ago than that
has its personal information erased (app.privacy.erase), a batch per transaction, so a backlog of
years never holds one long transaction. The workers' sweep erases one batch each time it runs;
`flask --app wsgi privacy purge` every batch due now. A contact with an open follow-up or an open
complaint is kept until it closes; a closed complaint no kept contact holds (one made on the public
form) is erased as long after it closed, and a web chat whose visitor never wrote is deleted as
long after it began. Each erasure is one entry in the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, func, or_, select, text
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.chat.models import ChatConversation
from app.complaints.models import OPEN as OPEN_COMPLAINT
from app.complaints.models import Complaint
from app.db import ports
from app.models import Contact
from app.models.base import utcnow
from app.models.contact import ERASABLE
from app.privacy import erase
from app.wrapup.models import FollowUp


def cutoff(days: int, now: datetime | None = None) -> datetime | None:
    """Contacts closed before this instant are due; None when retention is off (0 days)."""
    return (now or utcnow()) - timedelta(days=days) if days > 0 else None


def due(session: Session, before: datetime, limit: int) -> list[int]:
    """The oldest closed contacts not erased yet, closed before `before`, with no open follow-up
    or complaint. On PostgreSQL their rows are locked, skipping any another process holds, so two
    workers sweeping at once erase different contacts."""
    open_follow_up = exists().where(FollowUp.contact_id == Contact.id, FollowUp.closed_at.is_(None))
    open_complaint = exists().where(Complaint.contact_id == Contact.id, Complaint.status.in_(OPEN_COMPLAINT))
    query = (
        select(Contact.id)
        .where(text(ERASABLE), Contact.closed_at < before)  # the partial index's own predicate
        .where(~open_follow_up, ~open_complaint)
        .order_by(Contact.closed_at, Contact.id)
        .limit(limit)
    )
    return list(session.scalars(query.with_for_update(skip_locked=True, of=Contact)))


def due_complaints(session: Session, before: datetime, limit: int) -> list[Complaint]:
    """Closed complaints not erased yet (a summary is required, so an erased one has none), closed
    before `before`, that no kept contact holds: made on the public form, or on a contact erased
    before the complaint was made (one made from a kept contact is erased with it)."""
    closed_at = func.coalesce(Complaint.resolved_at, Complaint.withdrawn_at)
    erased_contact = exists().where(Contact.id == Complaint.contact_id, Contact.erased_at.is_not(None))
    query = (
        select(Complaint)
        .where(Complaint.status.not_in(OPEN_COMPLAINT), closed_at < before, Complaint.summary != "")
        .where(or_(Complaint.contact_id.is_(None), erased_contact))
        .order_by(Complaint.id)
        .limit(limit)
    )
    return list(session.scalars(query.with_for_update(skip_locked=True, of=Complaint)))


def erase_batch(session: Session, before: datetime, limit: int) -> int:
    """Erase one batch of due contacts (and the addresses no kept contact uses any more) and of
    due complaints; returns how many of either."""
    ids = due(session, before, limit)
    detail = f"retention: closed before {before.date().isoformat()}"
    if ids:
        erase.contacts(session, ids)
        erase.addresses(session, select(Contact.address_id).where(Contact.id.in_(ids)))
        audit.record_each(session, "privacy.erased", None, ids, detail)
    complaints = due_complaints(session, before, limit - len(ids)) if len(ids) < limit else []
    if complaints:
        erase.complaints(session, Complaint.id.in_([c.id for c in complaints]))
    for complaint in complaints:
        audit.record(session, "privacy.erased", None, contact_id=complaint.contact_id,
                     detail=f"{detail}: complaint {complaint.reference}")  # fmt: skip
    chats = silent_chats(session, before, limit - len(ids) - len(complaints))
    if chats:
        audit.record(session, "privacy.erased", None, detail=f"{detail}: {chats} web chats without a message")
    return len(ids) + len(complaints) + chats


def silent_chats(session: Session, before: datetime, limit: int) -> int:
    """Delete the web chats started before `before` whose visitor never wrote: all they hold is the
    first name given, and with no contact nothing counts them or refers to them. Returns how many."""
    if limit <= 0:
        return 0
    silent = select(ChatConversation.id).where(
        ChatConversation.contact_id.is_(None), ChatConversation.created_at < before
    )
    found = list(session.scalars(silent.order_by(ChatConversation.id).limit(limit)))
    if found:
        session.execute(
            delete(ChatConversation).where(ChatConversation.id.in_(found), ChatConversation.contact_id.is_(None))
        )
    return len(found)


def sweep(session: Session) -> int:
    """The periodic job (workers/sweeps.py): one batch, if any is due. Cheap when none is: one
    range of a partial index that holds only the closed contacts not erased yet."""
    config = ports(session).config
    before = cutoff(config.RETENTION_DAYS)
    return erase_batch(session, before, config.RETENTION_BATCH) if before else 0


def purge(transaction: Callable[[], AbstractContextManager[Session]], days: int, batch: int) -> int:
    """Every due contact now (the CLI), a batch per `transaction`; returns how many were erased."""
    before = cutoff(days)
    total = 0
    while before is not None:
        with transaction() as session:
            erased = erase_batch(session, before, batch)
        total += erased
        if erased < batch:
            break
    return total
