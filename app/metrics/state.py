"""What a scrape reads now, rather than counts: contacts waiting and the longest wait by channel,
the outbox's backlog and the age of its oldest pending row, and the jobs in RQ's failed registry
(none in the embedded default: its jobs run in-process)."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Flask
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from redis import Redis
from rq.registry import FailedJobRegistry
from sqlalchemy import func, select

from app.domain import Channel, ContactState
from app.models import Contact, OutboxItem
from app.models.base import utcnow


class State(Collector):
    def __init__(self, app: Flask) -> None:
        self._app = app

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily("switchboard_queue_depth", "Contacts waiting, by channel", labels=["channel"])
        wait = GaugeMetricFamily(
            "switchboard_queue_longest_wait_seconds", "The longest wait now, by channel", labels=["channel"]
        )
        backlog = GaugeMetricFamily("switchboard_outbox_backlog", "Outbound messages not confirmed sent yet")
        age = GaugeMetricFamily("switchboard_outbox_oldest_age_seconds", "Age of the oldest of them (0: none)")
        now = utcnow()
        with self._app.extensions["switchboard.db"].transaction() as session:
            waiting = {ch: (n, oldest) for ch, n, oldest in session.execute(_WAITING)}
            pending, oldest_item = session.execute(_PENDING).one()
        for channel in Channel:
            count, oldest = waiting.get(channel, (0, None))
            depth.add_metric([channel], count)
            wait.add_metric([channel], (now - oldest).total_seconds() if oldest else 0.0)
        backlog.add_metric([], pending)
        age.add_metric([], (now - oldest_item).total_seconds() if oldest_item else 0.0)
        yield from (depth, wait, backlog, age, self._failed_jobs())

    def _failed_jobs(self) -> GaugeMetricFamily:
        failed = GaugeMetricFamily("switchboard_jobs_failed", "Jobs in RQ's failed registry (retries exhausted)")
        config = self._app.config["SWITCHBOARD"]
        if not config.embedded:
            failed.add_metric([], FailedJobRegistry(config.RQ_QUEUE, connection=Redis.from_url(config.REDIS_URL)).count)
        else:
            failed.add_metric([], 0)
        return failed


_WAITING = (
    select(Contact.channel, func.count(), func.min(Contact.queued_at))
    .where(Contact.state == ContactState.QUEUED)
    .group_by(Contact.channel)
)
_PENDING = select(func.count(), func.min(OutboxItem.created_at)).where(OutboxItem.status.in_(("pending", "sending")))
