"""Handing outbox rows to whoever runs jobs: RQ on Redis in production, a thread pool in the
embedded default. Both retry with backoff and use the outbox row id as the job id."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from flask import Flask
from redis import Redis
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError
from rq.job import JobStatus
from rq.serializers import JSONSerializer

from workers.jobs import DeliveryRetry, send_outbox

log = logging.getLogger(__name__)
RETRY_INTERVALS = [5, 30, 120, 600]
_REPLACEABLE = {JobStatus.STARTED, JobStatus.FINISHED, JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED}


class JobDispatcher(Protocol):
    def enqueue_outbox(self, outbox_id: int) -> None: ...


def job_id(queue: Queue, outbox_id: int) -> str:
    """Job keys are global in a Redis database: the queue name keeps deployments apart."""
    return f"{queue.name}-outbox-{outbox_id}"


def rq_queue(redis_url: str, name: str) -> Queue:
    connection = Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)
    return Queue(name, connection=connection, serializer=JSONSerializer)


class RQDispatcher:
    def __init__(self, redis_url: str, queue_name: str) -> None:
        self.queue = rq_queue(redis_url, queue_name)

    def enqueue_outbox(self, outbox_id: int) -> None:
        """Best effort: when Redis is down the relay hands the row over again later."""
        try:
            try:
                self._enqueue(outbox_id)
            except DuplicateJobError:
                self._replace_if_dead(outbox_id)
        except Exception as error:  # Redis down: the row stays pending for the relay
            log.warning("could not enqueue outbox %s: %s", outbox_id, type(error).__name__)

    def _enqueue(self, outbox_id: int) -> None:
        self.queue.enqueue(
            send_outbox,
            outbox_id,
            job_id=job_id(self.queue, outbox_id),
            unique=True,
            retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
            result_ttl=600,
        )

    def _replace_if_dead(self, outbox_id: int) -> None:
        """A job that is waiting will deliver the row; one that ended (exhausted retries) or
        started while the row is still pending is replaced. A live job marks its row `sending` in
        its first transaction, so a started one whose row is due again died with its worker (RQ
        notices only when the heartbeat expires, minutes later). If it was not dead after all,
        `deliveries.start` lets one of the two send."""
        job = self.queue.fetch_job(job_id(self.queue, outbox_id))
        if job is not None and job.get_status(refresh=True) in _REPLACEABLE:
            job.delete()
            self._enqueue(outbox_id)


class InProcessDispatcher:
    """The embedded default: a small thread pool inside the web process, no Redis needed.
    Retries wait on timers, not in pool threads, so one failing send never blocks the others;
    a row already being handled is not handed over twice."""

    def __init__(self, app: Flask, workers: int = 2) -> None:
        self.app = app
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jobs")
        self._lock = threading.Lock()
        self._in_flight: set[int] = set()

    def enqueue_outbox(self, outbox_id: int) -> None:
        with self._lock:
            if outbox_id in self._in_flight:
                return
            self._in_flight.add(outbox_id)
        self.pool.submit(self._run, outbox_id, 0)

    def _run(self, outbox_id: int, attempt: int) -> None:
        try:
            with self.app.app_context():
                send_outbox(outbox_id)
        except DeliveryRetry:
            if attempt < len(RETRY_INTERVALS):
                retry = threading.Timer(RETRY_INTERVALS[attempt], self.pool.submit, (self._run, outbox_id, attempt + 1))
                retry.daemon = True
                retry.start()
                return
        except Exception:
            log.exception("outbox %s failed", outbox_id)
        with self._lock:
            self._in_flight.discard(outbox_id)
