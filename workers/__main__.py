"""`python -m workers`: an RQ worker (JSON serializer, with the scheduler that runs delayed
retries) plus the periodic sweeps, against REDIS_URL and DATABASE_URL.

Run as many as the load needs; every job and sweep is safe to run concurrently."""

from __future__ import annotations

import argparse
import sys

from rq import SimpleWorker

from app import create_app
from startup import load_for_serving
from workers import sweeps
from workers.dispatch import rq_queue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workers", description=__doc__)
    parser.add_argument("--burst", action="store_true", help="exit once the queue is empty")
    args = parser.parse_args(argv)
    app = create_app(load_for_serving(), role="worker")
    config = app.config["SWITCHBOARD"]
    if config.embedded:
        print("REDIS_URL is not set: on the embedded default the web process runs jobs itself.", file=sys.stderr)
        return 2
    if not args.burst:
        sweeps.start(app, config.SWEEP_INTERVAL_SECONDS)
    queue = rq_queue(config.REDIS_URL, config.RQ_QUEUE)
    with app.app_context():
        # SimpleWorker runs jobs in this process: no fork, so database connections stay valid.
        worker = SimpleWorker([queue], connection=queue.connection, serializer=queue.serializer)
        worker.work(with_scheduler=True, burst=args.burst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
