"""Gunicorn settings for Switchboard: one gevent worker process per instance.

Every socket (a console, a resident's web chat later, a webhook) is a greenlet, not a thread, so
an open console costs memory only. Socket.IO sessions live in the process that accepted them:
scale by running more single-worker instances behind a proxy with sticky sessions, sharing
PostgreSQL and the Redis message queue (docs/operations.md, docs/decisions.md). This file
imports nothing but configuration: gevent patches the standard library in the worker, before
the app (and psycopg) are imported."""

import os

from startup import load_for_serving

# gevent records where each greenlet was spawned (for debugging) unless told not to: every
# socket and request spawns some, and a reconnect storm paid for it (docs/decisions.md).
os.environ.setdefault("GEVENT_TRACK_GREENLET_TREE", "false")
CONFIG = load_for_serving()  # refuses unsafe production settings before anything starts

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = 1
worker_class = "gevent"
worker_connections = CONFIG.worker_connections
timeout = 30  # a worker blocked this long (not a socket: a stuck loop) is restarted
graceful_timeout = 10
# One line a request on stdout, unless a proxy in front logs them (ACCESS_LOG=false; deploy/nginx.conf).
accesslog = "-" if CONFIG.ACCESS_LOG else None
# The path without its query string: a query can carry a resident's number or words.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "-" "%(a)s"'
control_socket_disable = True  # several instances (tests, dev) share one machine


def post_worker_init(worker) -> None:  # type: ignore[no-untyped-def]
    """What the app loaded stays for the worker's life: the garbage collector's full passes
    skip it from now on (they scanned it every time, 0.1 to 0.4 s in which no socket and no
    webhook was served; docs/decisions.md). On the embedded default (no Redis) this process also
    runs the periodic sweeps."""
    import gc

    from workers import sweeps

    gc.freeze()
    app = worker.wsgi
    config = app.config["SWITCHBOARD"]
    if config.embedded:
        sweeps.start(app, config.SWEEP_INTERVAL_SECONDS)
