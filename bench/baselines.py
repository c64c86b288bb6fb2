"""The baselines of ../shared/bench-baselines, served beside the project in the same run: bare
Flask in the project's own server shape, and the naive webhook as its file says, both ways."""

from __future__ import annotations

import os
import runpy
import sys

import psycopg
from redis import Redis
from rq import Queue

from tests.support import services
from tests.support.twilio_signing import AUTH_TOKEN, PUBLIC_URL

BASELINES = services.ROOT.parent / "shared" / "bench-baselines"
NAIVE_QUEUE = "naive-bench"  # the RQ queue naive_webhook.py enqueues to
NAIVE_TABLE = (  # as naive_webhook.py's docstring says
    "CREATE TABLE IF NOT EXISTS naive_inbound"
    " (id bigserial PRIMARY KEY, body text, created_at timestamptz DEFAULT now())"
)
# gunicorn.conf.py's settings that make a server shape.
SHAPE = ("worker_class", "workers", "threads", "worker_connections", "timeout", "accesslog", "access_log_format")
# gunicorn.conf.py's shape when issue 6 was written (`a6ae525`): its "bare Flask in the same server
# shape answers about 1,600 req/s", from which the 0.25x target came, was measured in this one.
THREADED_SHAPE = {"worker_class": "gthread", "workers": 1, "threads": 100, "timeout": 0, "accesslog": "-"}


def project_shape() -> dict[str, object]:
    """The server shape of gunicorn.conf.py (worker class, workers, connections, timeout, access
    log), read from that file so that it follows it, for serving another app the same way."""
    conf = runpy.run_path(str(services.ROOT / "gunicorn.conf.py"))
    return {name: conf[name] for name in SHAPE if name in conf}


def _serve(name: str, app: str, shape: dict[str, object], env: dict[str, str]) -> tuple[services.Process, str]:
    """gunicorn serving `app` from the baselines directory on a free port, configured by a file
    holding `shape` only (next to its log); waits until it answers."""
    port = services.free_port()
    conf = services.ARTIFACTS / f"{name}-{os.getpid()}.conf.py"
    conf.parent.mkdir(exist_ok=True)
    conf.write_text("".join(f"{key} = {value!r}\n" for key, value in shape.items()))
    args = ["--config", str(conf), "--bind", f"127.0.0.1:{port}", "--chdir", str(BASELINES), app]
    process = services.Process(name, [sys.executable, "-m", "gunicorn", *args], env)
    base_url = f"http://127.0.0.1:{port}"
    services.answering(process, base_url)
    return process, base_url


def hello(*, threaded: bool = False) -> tuple[services.Process, str]:
    """Bare Flask's GET /hello in the project's server shape (`threaded`: in THREADED_SHAPE)."""
    if threaded:
        return _serve("bench-hello-threaded", "hello:app", THREADED_SHAPE, {})
    return _serve("bench-hello", "hello:app", project_shape(), {})


def naive(dsn: str, redis_url: str, *, like_ours: bool = False) -> tuple[services.Process, str]:
    """The naive webhook as its file says (`-w 4 -k sync`), or (`like_ours`) in the project's server
    shape, which the file also suggests for a like-for-like ratio; its table created in `dsn`'s database."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(NAIVE_TABLE)
    env = {"TOKEN": AUTH_TOKEN, "SIGN_URL": f"{PUBLIC_URL}/twilio/sms", "PG_DSN": dsn, "REDIS": redis_url}
    shape = project_shape() if like_ours else {"workers": 4, "worker_class": "sync"}
    return _serve("bench-naive-like-ours" if like_ours else "bench-naive", "naive_webhook:app", shape, env)


def count_rows(dsn: str, table: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # table: one of ours
    return int(row[0]) if row else 0


def forget_naive_jobs(redis_url: str) -> None:
    """Delete the jobs the naive webhook enqueued (nothing consumes them) and its queue."""
    redis = Redis.from_url(redis_url)
    Queue(NAIVE_QUEUE, connection=redis).empty()
    redis.srem("rq:queues", f"rq:queue:{NAIVE_QUEUE}")
