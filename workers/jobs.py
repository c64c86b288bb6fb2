"""Jobs take ids, never personal information, and are safe to run twice."""

from __future__ import annotations

from app.runtime import database
from app.services import deliveries


class DeliveryRetry(Exception):
    """Raised so the job queue retries the delivery later with backoff."""


def send_outbox(outbox_id: int) -> str:
    with database().transaction() as session:
        outcome = deliveries.deliver(session, outbox_id)
    if outcome is deliveries.Outcome.RETRY:
        raise DeliveryRetry(f"outbox {outbox_id}: provider unavailable, will retry")
    return outcome.value
