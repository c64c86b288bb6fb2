"""The Twilio settings of the resident simulator (SIMULATOR_ENABLED, docs/simulator.md): with no
Twilio account configured, Twilio is the simulator's fake REST API on our own origin, so replies
and calls reach the simulated phones through the same outbox and adapters as in production.
Imports nothing but the standard library: gunicorn reads configuration before gevent patches it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

ACCOUNT_SID = "AC" + "5117" * 8  # the simulator's own account: not a secret, not Twilio's
AUTH_TOKEN = "simulator-auth-token-for-the-demo"
LINE = "+14165550211"  # the simulated 211 line: texts and calls go to it, replies come from it
TWILIO_API = "https://api.twilio.com"


def simulated_twilio(values: Mapping[str, Any], default_public_url: str) -> dict[str, str]:
    """The Twilio settings that point at the simulator: none unless it is on and no account is set."""
    if not values.get("SIMULATOR_ENABLED") or values.get("TWILIO_ACCOUNT_SID"):
        return {}
    parts = urlsplit(values.get("PUBLIC_URL") or default_public_url)
    return {
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": LINE,
        "TWILIO_VOICE_NUMBER": LINE,
        "TWILIO_API_BASE_URL": f"{parts.scheme}://{parts.netloc}",
    }


def real_twilio(api_base_url: str) -> bool:
    """The simulator signs webhooks with the auth token: never beside a real Twilio account."""
    return api_base_url.rstrip("/") == TWILIO_API
