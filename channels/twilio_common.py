"""Twilio plumbing shared by every Twilio channel: signature checks against the public URL,
the empty TwiML answer, and a REST client whose base URL is configurable."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse, urlsplit, urlunsplit

from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.request_validator import RequestValidator, add_port, compare, remove_port
from twilio.rest import Client

from channels.base import SendError, without_phone_numbers
from config import Config

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
TWILIO_API = "https://api.twilio.com"


def public_url(config: Config, path: str, query_string: bytes | str) -> str:
    """The URL Twilio signed: the configured public base, never the internal one behind a proxy."""
    query = query_string.decode("latin-1") if isinstance(query_string, bytes) else query_string
    url = config.PUBLIC_URL.rstrip("/") + path
    return f"{url}?{query}" if query else url


def signature_valid(config: Config, url: str, params: Mapping[str, object], signature: str | None) -> bool:
    """As RequestValidator.validate: Twilio may have signed `url` with its port or without it.
    That computes both signatures always; here the second only when the first does not match,
    so a genuine webhook costs one HMAC, not two."""
    if not config.TWILIO_AUTH_TOKEN or not signature:
        return False
    validator, parsed = RequestValidator(config.TWILIO_AUTH_TOKEN), urlparse(url)
    signed = (validator.compute_signature(form, params) for form in (remove_port(parsed), add_port(parsed)))
    return any(compare(computed, signature) for computed in signed)


class _BaseUrlHttpClient(TwilioHttpClient):
    """Sends every request to `base_url` (a mock server in tests, a proxy in staging) keeping
    the path and query the twilio library built."""

    def __init__(self, base_url: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self._base = urlsplit(base_url)

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        parts = urlsplit(url)
        url = urlunsplit((self._base.scheme, self._base.netloc, parts.path, parts.query, ""))
        return super().request(method, url, *args, **kwargs)


def missing_settings(config: Config) -> list[str]:
    """The Twilio settings that sending (and readiness) need but are not set."""
    missing = [name for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN") if not getattr(config, name)]
    if not (config.TWILIO_FROM_NUMBER or config.TWILIO_MESSAGING_SERVICE_SID):
        missing.append("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
    return missing


def require_sending_config(config: Config) -> None:
    """Missing settings will not fix themselves on retry: fail the send at once, clearly."""
    missing = missing_settings(config)
    if missing:
        raise SendError(
            "Twilio is not configured: missing " + ", ".join(missing), code="not_configured", permanent=True
        )


def rest_client(config: Config) -> Client:
    if config.TWILIO_API_BASE_URL.rstrip("/") != TWILIO_API:
        http_client: TwilioHttpClient = _BaseUrlHttpClient(config.TWILIO_API_BASE_URL, timeout=10)
    else:
        http_client = TwilioHttpClient(timeout=10)
    return Client(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN, http_client=http_client)


def as_send_error(error: Exception) -> SendError:
    """Twilio client errors -> SendError; 4xx other than 429 will not succeed on retry. Its text
    keeps the provider's explanation without the phone numbers it may quote."""
    if isinstance(error, TwilioRestException):
        permanent = 400 <= error.status < 500 and error.status != 429
        code = str(error.code) if error.code else str(error.status)
        return SendError(without_phone_numbers(f"Twilio {error.status}: {error.msg}"), code=code, permanent=permanent)
    return SendError(without_phone_numbers(f"{type(error).__name__}: {error}"), code=None, permanent=False)
