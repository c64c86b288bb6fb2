"""Websockets without per-message compression (permessage-deflate, RFC 7692).

simple-websocket accepts the compression whenever a client offers it, and browsers always offer
it, so each console's copy of every frame and snapshot was compressed on its own: a frame to 500
consoles, 500 compressions. Measured with clients offering it, as browsers do, the fan-out's p50
went from about 27 to 53 ms and a storm's webhooks slowed by half (docs/decisions.md). The
consoles' messages are small JSON and a surge runs out of the server's CPU, not of bandwidth, so
the offer is hidden from the handshake and the server answers without the extension, which the
RFC allows: the browser then sends and receives plain frames."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

OFFER = "HTTP_SEC_WEBSOCKET_EXTENSIONS"  # the client's Sec-WebSocket-Extensions header

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class WithoutCompression:
    """WSGI middleware: no request reaches the app with an extension offer."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ.pop(OFFER, None)
        return self.app(environ, start_response)
