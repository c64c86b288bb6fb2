"""Real services under the tests: a fresh PostgreSQL database built by the Alembic migrations, and
the app's own processes (gunicorn, `python -m workers`) started as subprocesses. (A private Redis
is tests.support.private_redis.)"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def recreate_database(url: str) -> None:
    """Drop and create the database named in `url` (connecting to the `postgres` database)."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def drop_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    return cfg


def migrate(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def wait_http(url: str, timeout: float = 20.0, server: Process | None = None) -> None:
    """Wait until `url` answers. A `server` that exits meanwhile ends the wait at once, with the
    end of its log: a server that cannot start (a missing directory, a port taken) says why."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.proc.poll() is not None:
            raise RuntimeError(f"{url}: the server exited ({server.proc.returncode}) before answering: {server.tail()}")
        try:
            if requests.get(url, timeout=1).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


class Process:
    """A subprocess of ours with its output in test-artifacts/, stopped on exit."""

    def __init__(self, name: str, args: list[str], env: dict[str, str]) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.log_path = ARTIFACTS / f"{name}-{os.getpid()}.log"
        self.log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            args, cwd=ROOT, env={**os.environ, **env}, stdout=self.log, stderr=subprocess.STDOUT
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def tail(self, lines: int = 5) -> str:
        """The last lines of the process's log, one line."""
        self.log.flush()
        return " | ".join(self.log_path.read_text(errors="replace").strip().splitlines()[-lines:])


def gunicorn(env: dict[str, str], name: str = "gunicorn") -> Process:
    return Process(name, [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], env)


def workers(env: dict[str, str]) -> Process:
    return Process("workers", [sys.executable, "-m", "workers"], env)


def another_web(env: dict[str, str], name: str = "gunicorn-extra") -> tuple[Process, str]:
    """A gunicorn of its own with `env` (PORT chosen here), once it answers; it and its base URL."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    web = gunicorn({**env, "PORT": str(port), "ALLOWED_ORIGINS": base_url}, name)
    answering(web, f"{base_url}/healthz")
    return web, base_url


def answering(process: Process, url: str) -> None:
    """Wait until `url` answers; `process`, which serves it, is stopped if it never does."""
    try:
        wait_http(url, server=process)
    except RuntimeError:
        process.stop()
        raise


@contextmanager
def serving(env: dict[str, str], name: str = "gunicorn-extra") -> Iterator[str]:
    """A gunicorn of its own with `env` (PORT chosen here); yields its base URL."""
    web, base_url = another_web(env, name)
    try:
        yield base_url
    finally:
        web.stop()
