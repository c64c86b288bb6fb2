"""Each rule's thresholds: defaults here, overridden by the SPAM_RULES setting (JSON, rule name to
its values), so a 211 tunes a rule without a release. `flask --app wsgi spam rescore` applies a
change to past contacts."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from config import ConfigError

DEFAULTS: dict[str, dict[str, Any]] = {
    "verdict": {"suspect": 0.4, "spam": 0.9},  # score from which a contact is suspect, spam
    "repeat_calls": {"window_seconds": 600, "suspect_calls": 4, "spam_calls": 8},
    "no_input_hangup": {"max_seconds": 5, "points": 0.5},
    "stir_failed": {"points": 0.4},
    "impossible_number": {"invalid_points": 0.5, "premium_points": 0.7},
    "sms_burst": {"window_seconds": 120, "suspect_texts": 15, "spam_texts": 30},
    "identical_bodies": {"window_seconds": 600, "min_chars": 20, "suspect_senders": 5, "spam_senders": 15},
    "link_only": {"points": 0.6},
    "chat_honeypot": {"points": 1.0},
    "known_pattern": {
        "points": 0.6,
        "patterns": [r"\byou (have )?won\b", r"\bgift ?card\b", r"\bcrypto", r"\bclaim your\b"],
    },
    "machine_sender": {"points": 0.7},
    "navigator_tag": {"points": 1.0},
    "automated_mail": {"points": 1.0},
}


@cache
def _parsed(raw: str) -> dict[str, dict[str, Any]]:
    try:
        overrides = json.loads(raw) if raw.strip() else {}
    except json.JSONDecodeError as error:
        raise ConfigError(f"SPAM_RULES is not JSON: {error.msg}") from None
    unknown = set(overrides) - set(DEFAULTS) if isinstance(overrides, dict) else {"(not an object)"}
    if unknown or not all(isinstance(v, dict) for v in overrides.values()):
        raise ConfigError(f"SPAM_RULES: unknown rules or values not objects: {sorted(unknown)}")
    return {rule: {**values, **overrides.get(rule, {})} for rule, values in DEFAULTS.items()}


def thresholds(raw: str) -> dict[str, dict[str, Any]]:
    """The rules' thresholds with SPAM_RULES applied (ConfigError when it is not valid)."""
    return _parsed(raw)
