"""A PostgreSQL cluster of the test's own (initdb + pg_ctl on a free port in a temporary
directory), for fault tests that restart or stop the database: never the shared one.

initdb refuses to run as root, so as root every command runs as the `postgres` user
(`runuser -u postgres`), which then owns the directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support import services

# The newest server Debian installed (the shared one's, by scripts/test-prerequisites).
BIN = max(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)).parent


class PostgresCluster:
    def __init__(self) -> None:
        self.port = services.free_port()
        self.root = Path(tempfile.mkdtemp(prefix="switchboard-pg-"))
        self.data = self.root / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/switchboard"

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self._pg_ctl("start")
        services.recreate_database(self.url)

    def restart(self) -> None:
        """A fast restart: open connections are cut, in-flight transactions roll back."""
        self._pg_ctl("restart", "-m", "fast")

    def pause(self) -> None:
        """Down, its data kept, until `resume`."""
        self._pg_ctl("stop", "-m", "fast")

    def resume(self) -> None:
        self._pg_ctl("start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        log = str(self.root / "postgres.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "-t", "30", action, *extra)

    def _run(self, program: str, *args: str) -> None:
        command = [str(BIN / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)


@contextmanager
def running_postgres() -> Iterator[PostgresCluster]:
    """A fresh cluster with the `switchboard` database built by the migrations."""
    cluster = PostgresCluster()
    cluster.start()
    try:
        services.migrate(cluster.url)
        yield cluster
    finally:
        cluster.stop()
