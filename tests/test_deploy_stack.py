"""The deployable stack (Containerfile, deploy/compose.yaml, deploy/nginx.conf) agrees with the
code: the containers run the Makefile's commands, their health checks hit routes the app has,
migrations run before anything else, nginx upgrades WebSockets and is sticky across exactly the
web instances compose starts, and Debian's nginx accepts the configuration (`nginx -t`)."""

from __future__ import annotations

import re
import runpy
import shlex
from pathlib import Path

import yaml

from app import create_app
from config import Config
from tests.support import nginx

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
CONTAINERFILE = (ROOT / "Containerfile").read_text()
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
WEB = sorted(name for name in SERVICES if name.startswith("web"))


def make_command(target: str, program: str) -> list[str]:
    """The words of `program`'s line in the Makefile's `target` recipe, without $(BIN)/."""
    recipe = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert recipe is not None
    line = next(line for line in recipe.group(1).splitlines() if f"$(BIN)/{program}" in line)
    words = shlex.split(line.strip())
    start = next(i for i, word in enumerate(words) if word.endswith(f"/{program}"))
    return [program, *words[start + 1 :]]


def app_routes() -> set[str]:
    return {rule.rule for rule in create_app(Config.from_env({"DATABASE_URL": "sqlite://"})).url_map.iter_rules()}


def test_the_containers_run_what_the_makefile_runs() -> None:
    assert {"postgres", "redis", "migrate", "workers", "nginx"} <= set(SERVICES)
    assert len(WEB) >= 2
    for name in WEB:
        assert SERVICES[name]["command"] == make_command("serve", "gunicorn")
    assert SERVICES["workers"]["command"] == make_command("workers", "python")
    assert SERVICES["migrate"]["command"] == make_command("migrate", "alembic")
    cmd = re.search(r"^CMD (\[.*\])$", CONTAINERFILE, re.MULTILINE)
    assert cmd is not None and yaml.safe_load(cmd.group(1)) == make_command("serve", "gunicorn")


def test_migrations_run_first_and_alone() -> None:
    for name in [*WEB, "workers"]:
        assert SERVICES[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert SERVICES["migrate"]["restart"] == "no"
    assert SERVICES["migrate"]["depends_on"]["postgres"] == {"condition": "service_healthy"}


def test_the_image_is_slim_python_3_11_non_root_without_test_tools() -> None:
    assert re.search(r"^ARG BASE_IMAGE=docker.io/library/python:3.11-slim$", CONTAINERFILE, re.MULTILINE)
    user = re.search(r"^USER (\S+)$", CONTAINERFILE, re.MULTILINE)
    assert user is not None and user.group(1) not in {"root", "0"}
    assert "pip install -r /tmp/requirements.txt" in CONTAINERFILE
    assert "requirements-dev" not in CONTAINERFILE
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {"tests", ".venv", "instance", "requirements-dev.txt"} <= set(ignored)


def test_health_checks_hit_routes_the_app_has() -> None:
    routes = app_routes()
    image_check = re.search(r"HEALTHCHECK .*?(/\w+)'", CONTAINERFILE, re.DOTALL)
    assert image_check is not None and image_check.group(1) == "/healthz" in routes
    for name in WEB:
        test = " ".join(SERVICES[name]["healthcheck"]["test"])
        assert "http://127.0.0.1:5000/readyz" in test and "/readyz" in routes


def test_nginx_upgrades_websockets_sticks_consoles_and_spreads_webhooks() -> None:
    upstream = re.search(r"upstream switchboard \{(.*?)\}", NGINX, re.DOTALL)
    assert upstream is not None
    assert re.search(r"^\s*ip_hash;", upstream.group(1), re.MULTILINE)
    assert re.findall(r"server (\S+);", upstream.group(1)) == [f"{name}:5000" for name in WEB]
    webhooks = re.search(r"upstream switchboard_webhooks \{(.*?)\}", NGINX, re.DOTALL)
    assert webhooks is not None and "least_conn;" in webhooks.group(1)
    assert re.findall(r"server (\S+);", webhooks.group(1)) == [f"{name}:5000" for name in WEB]
    socket_io = re.search(r"location /socket\.io/ \{(.*?)\}", NGINX, re.DOTALL)
    assert socket_io is not None
    for directive in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                      "proxy_set_header Connection $connection_upgrade;"):  # fmt: skip
        assert directive in socket_io.group(1)
    assert "./nginx.conf:/etc/nginx/conf.d/default.conf:ro" in SERVICES["nginx"]["volumes"]
    operations = (ROOT / "docs" / "operations.md").read_text()
    assert "deploy/nginx.conf" in operations and "upstream switchboard" not in operations  # one copy


def test_debians_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    main = nginx.configure(tmp_path, [f"127.0.0.{n}:5000" for n in range(1, len(WEB) + 1)], access_log=True)
    result = nginx.check(tmp_path, main)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_behind_nginx_the_instances_leave_the_access_log_to_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """nginx logs every request (deploy/nginx.conf); compose tells the web instances not to log
    them again, and gunicorn.conf.py listens. Alone (`make serve`), an instance logs them."""
    assert re.search(r"^\s*access_log \S+ switchboard;", NGINX, re.MULTILINE)
    settings = COMPOSE["x-app"]["environment"]
    monkeypatch.setattr("os.environ", {"ACCESS_LOG": settings["ACCESS_LOG"], "DATABASE_URL": "sqlite://"})
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["accesslog"] is None
    monkeypatch.setattr("os.environ", {"DATABASE_URL": "sqlite://"})
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["accesslog"] == "-"
