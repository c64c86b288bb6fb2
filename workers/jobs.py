"""Jobs take ids, never personal information, and are safe to run twice."""

from __future__ import annotations

from app.runtime import config, database
from app.services import deliveries


class DeliveryRetry(Exception):
    """Raised so the job queue retries the delivery later with backoff."""


def send_outbox(outbox_id: int) -> str:
    """Two commits around the provider's call (app/services/deliveries.py): dying between them
    never sends the message twice."""
    with database().transaction() as session:
        started = deliveries.start(session, outbox_id)
    if isinstance(started, deliveries.Outcome):
        return started.value
    sent = deliveries.send(started, config())
    with database().transaction() as session:
        outcome = deliveries.finish(session, outbox_id, sent)
    if outcome is deliveries.Outcome.RETRY:
        raise DeliveryRetry(f"outbox {outbox_id}: provider unavailable, will retry")
    return outcome.value
