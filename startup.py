"""Checks a serving process (gunicorn's web worker, `python -m workers`) makes before it starts:
production settings that would be unsafe stop it with one line saying what to set."""

from __future__ import annotations

import os
from collections.abc import Mapping

from app.presence.capacity import limits
from app.spam.thresholds import thresholds
from config import DEV_SECRET_KEY, MIN_SECRET_KEY_CHARS, Config, ConfigError


def unsafe_settings(config: Config, environ: Mapping[str, str]) -> list[str]:
    """Why a production-shaped process must not start; nothing on the embedded default."""
    if not config.production:
        return []
    problems = []
    if config.SECRET_KEY == DEV_SECRET_KEY or len(config.SECRET_KEY) < MIN_SECRET_KEY_CHARS:
        problems.append(
            f"SECRET_KEY must be a random value of at least {MIN_SECRET_KEY_CHARS} characters"
            " (python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    if not config.TWO_FACTOR_REQUIRED:
        problems.append("TWO_FACTOR_REQUIRED=false is for the embedded demo only: staff sign in with a second factor")
    if not environ.get("PUBLIC_URL", "").strip():
        problems.append("PUBLIC_URL must be set to the https address Twilio and browsers reach")
    return problems


def load_for_serving(environ: Mapping[str, str] | None = None) -> Config:
    """The configuration of a web or worker process, or exit with a one-line reason."""
    env = os.environ if environ is None else environ
    try:
        config = Config.from_env(env)
        thresholds(config.SPAM_RULES)  # a tuning that does not parse stops the process, not a webhook
        limits(config.CAPACITY)  # ... and not every claim
        problems = unsafe_settings(config, env)
    except ConfigError as error:
        problems = [str(error)]
    if problems:
        raise SystemExit("switchboard will not start: " + "; ".join(problems))
    return config
