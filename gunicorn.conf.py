"""Gunicorn settings for Switchboard: one worker process with many threads.

Flask-SocketIO runs in threading mode with simple-websocket: one process cannot share Socket.IO
sessions with another without sticky sessions, so scale by running more single-worker instances
behind a proxy sharing the Redis message queue (docs/decisions.md)."""

import os

from config import load_for_serving

CONFIG = load_for_serving()  # refuses unsafe production settings before anything starts

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = 1
worker_class = "gthread"
threads = CONFIG.WEB_THREADS  # the app keeps HTTP_RESERVED_THREADS of them for HTTP
timeout = 0  # websockets are long-lived; Twilio's own 15 s limit bounds webhook work
accesslog = "-"
# The path without its query string: a query can carry a resident's number or words.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "-" "%(a)s"'
control_socket_disable = True  # several instances (tests, dev) share one machine


def post_worker_init(worker) -> None:  # type: ignore[no-untyped-def]
    """On the embedded default (no Redis) this process also runs the periodic sweeps."""
    from workers import sweeps

    app = worker.wsgi
    config = app.config["SWITCHBOARD"]
    if config.embedded:
        sweeps.start(app, config.SWEEP_INTERVAL_SECONDS)
