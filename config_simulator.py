"""The Twilio and mail settings of the resident simulator (SIMULATOR_ENABLED, docs/simulator.md):
with no Twilio account configured, Twilio is the simulator's fake REST API on our own origin, and
with no mail server, mail leaves by the simulator's transport (its inbox), so replies and calls
reach the simulated phones and inboxes through the same outbox and adapters as in production.
Imports nothing but the standard library: gunicorn reads configuration before gevent patches it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

ACCOUNT_SID = "AC" + "5117" * 8  # the simulator's own account: not a secret, not Twilio's
AUTH_TOKEN = "simulator-auth-token-for-the-demo"
LINE = "+14165550211"  # the simulated 211 line: texts and calls go to it, replies come from it
TWILIO_API = "https://api.twilio.com"
EMAIL_FROM = "211 (simulator) <aide@211.simulator.test>"  # the simulated helpline's address
EMAIL_INBOUND_SECRET = "simulator-inbound-secret-for-the-demo"  # what the simulator's provider posts with


def simulated(values: Mapping[str, Any], default_public_url: str) -> dict[str, str]:
    """Every setting the simulator stands in for; values the environment sets win over these."""
    return {**simulated_twilio(values, default_public_url), **simulated_mail(values)}


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


def simulated_mail(values: Mapping[str, Any]) -> dict[str, str]:
    """Mail through the simulator's inbox: only when it is on, no mail server is set, and jobs run in
    the web process (no REDIS_URL), whose simulator holds the inbox the page shows."""
    chosen = values.get("SMTP_HOST") or values.get("EMAIL_TRANSPORT") or values.get("REDIS_URL")
    if not values.get("SIMULATOR_ENABLED") or chosen:
        return {}
    return {"EMAIL_TRANSPORT": "simulator", "EMAIL_FROM": EMAIL_FROM, "EMAIL_INBOUND_SECRET": EMAIL_INBOUND_SECRET}


def real_twilio(api_base_url: str) -> bool:
    """The simulator signs webhooks with the auth token: never beside a real Twilio account."""
    return api_base_url.rstrip("/") == TWILIO_API
