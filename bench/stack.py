"""The system under test: its database, gunicorn, `python -m workers` and a fake Twilio, and the machine."""

from __future__ import annotations

import gc
import os
import platform
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redis import Redis
from sqlalchemy import text

from app import create_app, staff
from bench.cpu import pids_running, process_tree
from config import Config
from tests.support import services, totp
from tests.support.console_client import Navigator
from tests.support.fake_twilio import FakeTwilio, Recorded
from tests.support.twilio_signing import ACCOUNT_SID, AUTH_TOKEN, OUR_NUMBER, PUBLIC_URL

RUN = f"bench-{os.getpid()}-{secrets.token_hex(3)}"  # names this run's RQ queue and Socket.IO channel
DB_NAME = f"switchboard_bench_{os.getpid()}"
DATABASE_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/14"
PASSWORD = "bench password 211 correct horse"


@dataclass
class TimedTwilio(FakeTwilio):
    """The tests' fake Twilio, also noting when each message body arrived."""

    arrived: dict[str, list[float]] = field(default_factory=dict)

    def _answer(self, recorded: Recorded) -> tuple[int, dict]:
        now = time.perf_counter()
        with self.lock:
            self.arrived.setdefault(recorded.form.get("Body", ""), []).append(now)
        return super()._answer(recorded)


class Stack:
    """PostgreSQL database, gunicorn (wsgi:app), `python -m workers`, fake Twilio."""

    def __init__(self, *, workers: bool = True) -> None:
        self.with_workers = workers
        self.twilio = TimedTwilio()
        self.port = services.free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.web: services.Process | None = None
        self.worker: services.Process | None = None
        self.db: Any = None
        self.env: dict[str, str] = {}  # the servers' environment, once started
        self.consoles: list[Navigator] = []  # disconnected on stop, whatever happened

    def start(self) -> None:
        """Build the database by the migrations, then start the fake Twilio, gunicorn and the workers."""
        self.twilio.start()
        services.recreate_database(DATABASE_URL)
        services.migrate(DATABASE_URL)
        env = {
            "DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL, "PUBLIC_URL": PUBLIC_URL,
            "SECRET_KEY": f"{RUN}-{secrets.token_hex(24)}",  # startup refuses fewer than 32 characters
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_FROM_NUMBER": OUR_NUMBER,
            "TWILIO_API_BASE_URL": self.twilio.url, "RQ_QUEUE": RUN, "SOCKETIO_CHANNEL": RUN,
            "PORT": str(self.port), "ALLOWED_ORIGINS": self.base_url, "NO_PROXY": "127.0.0.1,localhost",
            "SESSION_COOKIE_SECURE": "false",  # PUBLIC_URL is https; the bench talks plain http
            # The queue bench's navigators claim a flood's texts one after another and close them
            # later: what it measures is the claim, not the capacity policy (docs/presence.md).
            "CAPACITY": "sms=100000",
        }  # fmt: skip
        self.env = env
        self.web = services.gunicorn(env)
        self.worker = services.workers(env) if self.with_workers else None
        services.wait_http(f"{self.base_url}/healthz", server=self.web)
        # This process only writes staff rows and reads counts: it serves no sockets.
        self.db = create_app(Config.from_env(env), role="worker").extensions["switchboard.db"]
        # This process's clients time what they receive: a full collection of its heap (the app,
        # SQLAlchemy) paused them 60-75 ms, which a phase counted as the server's latency.
        gc.collect()
        gc.freeze()

    def cpu_groups(self) -> dict[str, Callable[[], set[int]]]:
        """The processes whose CPU each phase reports, by name."""
        assert self.web
        web, worker = self.web.proc.pid, self.worker.proc.pid if self.worker else None
        return {
            "gunicorn": lambda: process_tree(web),
            "workers": lambda: process_tree(worker) if worker else set(),
            "postgres (this db)": lambda: pids_running(f"postgres {DB_NAME}"),
            "redis-server (shared)": lambda: pids_running("redis-server 127.0.0.1:6379"),
            "bench client": lambda: {os.getpid()},
        }

    def make_staff(self, emails: list[str], name: str = "Navigator") -> list[str]:
        """Create a navigator account for each email (password PASSWORD); returns the emails."""
        with self.db.transaction() as session:
            for i, email in enumerate(emails):
                made = staff.create(session, email=email, role="navigator", password=PASSWORD, name=f"{name} {i:03d}")
                totp.enrol(made)
        return emails

    def stop(self) -> None:
        """Stop what was started, whatever stage the start reached."""
        for console in self.consoles:
            console.disconnect()
        for process in (self.web, self.worker):
            if process:
                process.stop()
        if self.twilio.server:
            self.twilio.stop()
        if self.db is not None:
            self.db.engine.dispose()
        services.drop_database(DATABASE_URL)
        self._forget_redis_keys()

    def _forget_redis_keys(self) -> None:
        redis = Redis.from_url(REDIS_URL)
        for key in redis.scan_iter(f"*{RUN}*"):
            redis.delete(key)
        redis.srem("rq:queues", f"rq:queue:{RUN}")  # RQ's registry of queue names
        for key in redis.scan_iter("rq:worker:*"):  # a stopped worker's entry lingers until its TTL
            if redis.hget(key, "queues") == RUN.encode():
                redis.delete(key)
                redis.srem("rq:workers", key)


@contextmanager
def running_stack(*, workers: bool = True) -> Iterator[Stack]:
    """A started Stack (without `python -m workers` if not `workers`), stopped (database dropped,
    Redis keys deleted) on the way out."""
    stack = Stack(workers=workers)
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


def machine(stack: Stack) -> dict[str, Any]:
    """The machine's cores, CPU model and RAM, and the versions of PostgreSQL, Redis and Python."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line))
    with stack.db.transaction() as session:
        pg = session.scalar(text("SHOW server_version"))
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": model,
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "postgresql": pg,
        "redis": Redis.from_url(REDIS_URL).info("server")["redis_version"],
        "python": platform.python_version(),
        "kernel": platform.release(),
    }
