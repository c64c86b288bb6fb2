"""Configuration from the environment: every variable, its default and meaning is listed in
docs/configuration.md. With nothing set, the app runs on the embedded default (SQLite under
instance/, jobs in-process, Socket.IO without a message queue)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_SQLITE_URL = f"sqlite:///{BASE_DIR / 'instance' / 'switchboard.db'}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class Config:
    SECRET_KEY: str = "dev-only-secret-change-me"
    DATABASE_URL: str = DEFAULT_SQLITE_URL
    REDIS_URL: str = ""
    PUBLIC_URL: str = "http://127.0.0.1:5000"
    ALLOWED_ORIGINS: tuple[str, ...] = ()
    TWILIO_ACCOUNT_SID: str = ""
    TWILIO_AUTH_TOKEN: str = ""
    TWILIO_FROM_NUMBER: str = ""
    TWILIO_MESSAGING_SERVICE_SID: str = ""
    TWILIO_API_BASE_URL: str = "https://api.twilio.com"
    DEFAULT_REGION: str = "CA"
    CLAIM_LEASE_SECONDS: int = 90
    SWEEP_INTERVAL_SECONDS: float = 5.0
    OUTBOX_RETRY_AFTER_SECONDS: int = 60
    SEND_MAX_ATTEMPTS: int = 5
    MAX_REPLY_CHARS: int = 1600
    SESSION_COOKIE_SECURE: bool = False
    WEB_THREADS: int = 100
    HTTP_RESERVED_THREADS: int = 20
    RQ_QUEUE: str = "switchboard"
    SOCKETIO_CHANNEL: str = "switchboard-socketio"

    @property
    def allowed_origins(self) -> list[str]:
        """Browser origins allowed to open the console socket: ALLOWED_ORIGINS, or PUBLIC_URL's
        origin (with its localhost/127.0.0.1 twin on a developer's machine)."""
        if self.ALLOWED_ORIGINS:
            return list(self.ALLOWED_ORIGINS)
        origin = _origin(self.PUBLIC_URL)
        twins = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}
        host = urlsplit(origin).hostname or ""
        return [origin, origin.replace(host, twins[host], 1)] if host in twins else [origin]

    @property
    def max_consoles(self) -> int:
        """Open consoles one web process accepts. Each holds a thread for as long as it is open,
        so some threads stay free for webhooks: a resident's text is never kept waiting."""
        return max(1, self.WEB_THREADS - self.HTTP_RESERVED_THREADS)

    @property
    def embedded(self) -> bool:
        """No Redis configured: jobs run in-process and Socket.IO has no message queue."""
        return not self.REDIS_URL

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Config:
        """Build a Config from environment variables named like the fields; overrides win."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in env:
                continue
            raw = env[f.name]
            if f.type in ("int",):
                values[f.name] = int(raw)
            elif f.type in ("float",):
                values[f.name] = float(raw)
            elif f.type in ("bool",):
                values[f.name] = raw.strip().lower() in {"1", "true", "yes", "on"}
            elif f.name == "ALLOWED_ORIGINS":
                values[f.name] = tuple(o.strip() for o in raw.split(",") if o.strip())
            else:
                values[f.name] = raw
        if "PUBLIC_URL" not in values and "PORT" in env:
            values["PUBLIC_URL"] = f"http://127.0.0.1:{int(env['PORT'])}"
        values.update(overrides)
        return cls(**values)
