"""deploy/nginx.conf as Debian's nginx runs it on one machine: its upstreams' compose service
names (`web1:5000`, ...) replaced by local addresses, under a minimal main configuration of
its own (pid, logs and temporary files in a prefix directory), with no root needed."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from tests.support import services

SITE = services.ROOT / "deploy" / "nginx.conf"
LOG = "/var/log/nginx/access.log"  # the site's access log in production


def web_instances(site: str) -> list[str]:
    """The compose names of the web instances the site's sticky upstream lists, in order."""
    upstream = re.search(r"upstream switchboard \{(.*?)\}", site, re.DOTALL)
    assert upstream is not None
    return [server.split(":")[0] for server in re.findall(r"server (\S+);", upstream.group(1))]


class Front(NamedTuple):
    """A running nginx: its base URL and its master process (whose children are its workers)."""

    url: str
    pid: int


def configure(prefix: Path, addresses: list[str], listen: str = "80", access_log: bool = False) -> Path:
    """The main configuration for nginx -p `prefix`: the site with its instances at `addresses`
    (one per compose name, in order), listening on `listen`, its access log (which names the
    instance that answered each request) in `prefix` or off; its path."""
    site = SITE.read_text()
    names = web_instances(site)
    if len(addresses) != len(names):
        raise ValueError(f"deploy/nginx.conf lists {len(names)} web instances, {len(addresses)} addresses given")
    for name, address in zip(names, addresses, strict=True):
        site = site.replace(f"server {name}:5000;", f"server {address};")
    log = f"access_log {prefix}/access.log switchboard;" if access_log else "access_log off;"
    site = site.replace(f"access_log {LOG} switchboard;", log).replace("listen 80;", f"listen {listen};")
    (prefix / "site.conf").write_text(site)
    main = prefix / "nginx.conf"
    main.write_text(f"worker_processes auto;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\nevents {{}}\n"
                    f"http {{ include {prefix}/site.conf; }}\n")  # fmt: skip
    return main


def check(prefix: Path, main: Path) -> subprocess.CompletedProcess[str]:
    """`nginx -t` on the configuration."""
    return subprocess.run(
        ["nginx", "-t", "-p", str(prefix), "-c", str(main)], capture_output=True, text=True, timeout=30
    )


@contextmanager
def serving(prefix: Path, addresses: list[str]) -> Iterator[Front]:
    """nginx in front of the web instances at `addresses`, on a free loopback port, a worker per
    core and its access log on (as Debian's configuration has them) in `prefix`; yields it once it
    answers."""
    port = services.free_port()
    main = configure(prefix, addresses, f"127.0.0.1:{port}", access_log=True)
    proxy = services.Process("nginx", ["nginx", "-p", str(prefix), "-c", str(main), "-g", "daemon off;"], {})
    try:
        services.wait_http(f"http://127.0.0.1:{port}/healthz", server=proxy)
        yield Front(f"http://127.0.0.1:{port}", proxy.proc.pid)
    finally:
        proxy.stop()


def answered_by(prefix: Path) -> list[tuple[str, str]]:
    """Each request nginx logged in `prefix` (method and path), and the instance that answered it."""
    line = r'"(\S+ \S+) \S+" \d+ \d+ "[^"]*" \S+ (\S+)$'  # deploy/nginx.conf's log_format switchboard
    return re.findall(line, (prefix / "access.log").read_text(), re.MULTILINE)
