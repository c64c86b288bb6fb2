"""A WSGI wrapper that signs every request to /twilio/ as Twilio would sign it (the URL under
PUBLIC_URL with its query, and the posted form), with tests.support.twilio_signing: a generated
request then reaches the real webhook handler, past its signature check, as Twilio's would."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from werkzeug.wrappers import Request

from tests.support.twilio_signing import PUBLIC_URL, signature

WSGIApp = Any


class SignedAsTwilio:
    def __init__(self, app: WSGIApp, prefix: str = "/twilio/") -> None:
        self.app, self.prefix = app, prefix

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").startswith(self.prefix):
            environ["HTTP_X_TWILIO_SIGNATURE"] = self._signature(environ)
        return self.app(environ, start_response)

    def _signature(self, environ: dict[str, Any]) -> str:
        body = environ["wsgi.input"].read()
        environ["wsgi.input"] = io.BytesIO(body)  # read again by the app
        form = Request({**environ, "wsgi.input": io.BytesIO(body)}).form
        query = environ.get("QUERY_STRING", "")
        path = Request(environ).path
        return signature(PUBLIC_URL + path + (f"?{query}" if query else ""), form)  # type: ignore[arg-type]
