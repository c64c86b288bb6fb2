"""The simulator's webhooks to Switchboard, made exactly as Twilio makes them: the form Twilio
posts, signed with the configured auth token over the public URL (RequestValidator's algorithm),
to our real routes.

They go through this process's WSGI app (Flask's test client), not over HTTP: the public URL
Twilio signs (PUBLIC_URL) is often not an address this process can reach (a proxy, the tests'
https://211.example.org), and a request through the app runs the same route, signature check,
error handlers and after-request hooks as one from the network, under gunicorn's gevent worker
and under plain threads alike (docs/simulator.md)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from twilio.request_validator import RequestValidator

from config import Config

API_VERSION = "2010-04-01"


class NotOurs(ValueError):
    """A URL that is not Switchboard's: the simulator only talks to us."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def local_path(config: Config, url: str) -> str:
    """The path and query of one of our public URLs (absolute, as Twilio holds them)."""
    base = config.PUBLIC_URL.rstrip("/")
    if url != base and not url.startswith(base + "/"):
        raise NotOurs(f"{url} is not under PUBLIC_URL")
    return url[len(base) :] or "/"


def absolute(config: Config, path: str) -> str:
    return config.PUBLIC_URL.rstrip("/") + path


class Poster:
    def __init__(self, app: Flask) -> None:
        self.app = app

    @property
    def config(self) -> Config:
        return self.app.config["SWITCHBOARD"]

    def post(self, url: str, params: dict[str, str]) -> Answer:
        """POST `params` to our public `url`, signed as Twilio signs it."""
        path = local_path(self.config, url)
        form = {"AccountSid": self.config.TWILIO_ACCOUNT_SID, "ApiVersion": API_VERSION, **params}
        signature = RequestValidator(self.config.TWILIO_AUTH_TOKEN).compute_signature(url, form)
        headers = {"X-Twilio-Signature": signature, "User-Agent": "TwilioProxy/1.1 (Switchboard simulator)"}
        response = self.app.test_client().post(path, data=form, headers=headers)
        return Answer(response.status_code, response.get_data(), response.content_type or "")
