"""Browsers offer per-message compression on every websocket; the server declines it, so that a
frame to 500 consoles is not compressed 500 times (app/realtime/no_deflate.py)."""

from __future__ import annotations

import websocket

OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"  # as Chromium sends it


def test_a_socket_is_answered_without_compression_though_the_browser_offers_it(live) -> None:  # type: ignore[no-untyped-def]
    url = live.base_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    sock = websocket.create_connection(url, timeout=10, header=[OFFER])
    try:
        assert "sec-websocket-extensions" not in {name.lower() for name in sock.getheaders()}
        assert sock.recv().startswith("0{")  # engine.io's OPEN, uncompressed: the socket works
    finally:
        sock.close()
