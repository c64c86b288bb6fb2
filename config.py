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

from config_channels import ChannelSettings
from config_parse import ConfigError as ConfigError  # what callers catch; defined with the parsing
from config_parse import database_url, parse, site_origin
from config_privacy import PrivacySettings
from config_simulator import simulated

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_SQLITE_URL = f"sqlite:///{BASE_DIR / 'instance' / 'switchboard.db'}"
DEV_SECRET_KEY = "dev-only-secret-change-me"
MIN_SECRET_KEY_CHARS = 32


@dataclass(frozen=True)
class Config(ChannelSettings, PrivacySettings):
    SECRET_KEY: str = DEV_SECRET_KEY
    DATABASE_URL: str = DEFAULT_SQLITE_URL
    DATABASE_POOL_SIZE: int = 20  # PostgreSQL connections one process keeps and never exceeds
    REDIS_URL: str = ""
    PUBLIC_URL: str = "http://127.0.0.1:5000"
    ALLOWED_ORIGINS: tuple[str, ...] = ()
    TWILIO_ACCOUNT_SID: str = ""
    TWILIO_AUTH_TOKEN: str = ""
    TWILIO_FROM_NUMBER: str = ""
    TWILIO_MESSAGING_SERVICE_SID: str = ""
    TWILIO_API_BASE_URL: str = "https://api.twilio.com"
    TWILIO_VOICE_QUEUE: str = "switchboard"
    TWILIO_VOICE_NUMBER: str = ""
    TWILIO_API_KEY_SID: str = ""
    TWILIO_API_KEY_SECRET: str = ""
    TWILIO_TWIML_APP_SID: str = ""
    VOICE_HOLD_MUSIC_URL: str = ""
    VOICE_TRANSFER_DIRECTORY: str = ""
    VOICE_INTERPRETERS: str = ""
    VOICE_ANNOUNCE_SECONDS: int = 60
    SHORT_ABANDON_SECONDS: int = 5
    DIRECTORY_API_KEY: str = ""
    TIME_ZONE: str = "America/Toronto"
    WRAPUP_REQUIRED: str = ""
    SPAM_RULES: str = ""  # JSON: thresholds by rule (app/spam/thresholds.py)
    CRISIS_WORDS: str = ""  # comma-separated; replaces the built-in list (app/spam/crisis.py)
    WRAPUP_UNMET_REASONS: str = (
        "service_does_not_exist,waitlist,ineligible,full,cost,transportation,language,refused,other"
    )
    DEFAULT_REGION: str = "CA"
    CLAIM_LEASE_SECONDS: int = 90
    SWEEP_INTERVAL_SECONDS: float = 5.0
    OUTBOX_RETRY_AFTER_SECONDS: int = 60
    SEND_CONFIRM_SECONDS: int = 300  # a send cut off mid-request waits this long for Twilio's callback
    SEND_MAX_ATTEMPTS: int = 5
    MAX_REPLY_CHARS: int = 1600
    SESSION_COOKIE_SECURE: bool | None = None
    SESSION_IDLE_SECONDS: int = 12 * 3600
    SESSION_LIFETIME_SECONDS: int = 16 * 3600
    MAX_CONSOLES: int = 2000
    TWO_FACTOR_REQUIRED: bool = True  # false only in the embedded demo (startup.py refuses it otherwise)
    SIGN_IN_FAILURES_PER_ADDRESS: int = 20  # within 15 minutes, then that address waits (app/sign_in_limits.py)
    ANONYMOUS_SOCKETS: int = 200
    ANONYMOUS_SOCKETS_PER_ADDRESS: int = 20
    ANONYMOUS_SOCKET_SECONDS: float = 5.0
    PROXY_COUNT: int = 0
    ACCESS_LOG: bool = True  # gunicorn's; false behind nginx, whose log has every request (deploy/compose.yaml)
    METRICS_TOKEN: str = ""  # GET /metrics with it as a Bearer token; without it, from loopback only
    RQ_QUEUE: str = "switchboard"
    SOCKETIO_CHANNEL: str = "switchboard-socketio"
    QUEUE_HEAD: int = 100
    FRAME_INTERVAL_SECONDS: float = 0.25
    PRESENCE_GRACE_SECONDS: float = 60.0  # a user with no console left goes offline after this (docs/presence.md)
    CAPACITY: str = "voice=1,sms=3,chat=3,email=5"  # contacts a navigator may hold at once, by channel
    LANGUAGE_FIRST_SECONDS: int = 30  # a contact is offered first to speakers of its language this long
    BOARD_INTERVAL_SECONDS: float = 1.0  # the supervisors' live board: at most one frame per interval
    BOARD_DAY_STARTS: str = "00:00"  # local time (TIME_ZONE) at which the board's "today" starts
    SERVICE_LEVEL_SECONDS: str = "voice=60;chat=60;sms=300;email=86400"  # answered within, by channel
    ALERT_LONGEST_WAIT_SECONDS: int = 300  # the board alerts when a contact has waited this long
    ALERT_ABANDONMENT_RATE: float = 0.10  # ... when today's abandoned / offered (voice, chat) reaches it
    ROLLUP_SETTLE_DAYS: int = 2  # a day enters the report's rollup once it ended this long ago (docs/reports.md)
    STAFF_LOCALE: str = "en"  # staff pages' language for those who chose none: en or fr (docs/i18n.md)
    SIMULATOR_ENABLED: bool = False  # /simulator plays residents (docs/simulator.md); `make run` turns it on

    def __post_init__(self) -> None:
        object.__setattr__(self, "DATABASE_URL", database_url(self.DATABASE_URL))
        if self.DATABASE_POOL_SIZE < 1:  # SQLAlchemy would read 0 as "no limit"
            raise ConfigError(f"DATABASE_POOL_SIZE must be at least 1 (got {self.DATABASE_POOL_SIZE})")
        super().__post_init__()

    @property
    def cookie_secure(self) -> bool:
        """Session cookies travel only over HTTPS when we are served over HTTPS, unless forced."""
        if self.SESSION_COOKIE_SECURE is not None:
            return self.SESSION_COOKIE_SECURE
        return self.PUBLIC_URL.startswith("https://")

    @property
    def production(self) -> bool:
        """PostgreSQL or Redis configured: not the embedded default on one machine."""
        return not self.DATABASE_URL.startswith("sqlite") or bool(self.REDIS_URL)

    @property
    def allowed_origins(self) -> list[str]:
        """Browser origins allowed to open the console socket: ALLOWED_ORIGINS, or PUBLIC_URL's
        origin (with its localhost/127.0.0.1 twin on a developer's machine)."""
        if self.ALLOWED_ORIGINS:
            return list(self.ALLOWED_ORIGINS)
        origin = site_origin(self.PUBLIC_URL)
        twins = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}
        host = urlsplit(origin).hostname or ""
        return [origin, origin.replace(host, twins[host], 1)] if host in twins else [origin]

    @property
    def worker_connections(self) -> int:
        """Connections one web process serves at once: every console and every not-yet-signed-in
        socket it admits, and as many again of room for webhooks and pages, so that sockets can
        never keep a resident's text waiting."""
        return self.MAX_CONSOLES + self.ANONYMOUS_SOCKETS + 1000

    @property
    def embedded(self) -> bool:
        """No Redis configured: jobs run in-process and Socket.IO has no message queue."""
        return not self.REDIS_URL

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Config:
        """Build a Config from environment variables named like the fields; overrides win."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {f.name: parse(f.name, str(f.type), env[f.name]) for f in fields(cls) if f.name in env}
        if "PUBLIC_URL" not in values and "PORT" in env:
            values["PUBLIC_URL"] = f"http://127.0.0.1:{parse('PORT', 'int', env['PORT'])}"
        values.update(overrides)
        return cls(**{**simulated(values, cls.PUBLIC_URL), **values})
