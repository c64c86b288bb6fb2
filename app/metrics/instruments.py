"""One registry per app (tests build several apps in one process): what handlers count and time
as things happen, and the state read at each scrape (app.metrics.state)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from app.metrics.state import State

CLAIM_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


@dataclass(frozen=True)
class Instruments:
    registry: CollectorRegistry
    webhooks: Counter
    claim_seconds: Histogram


def install(app: Flask) -> Instruments:
    registry = CollectorRegistry()
    made = Instruments(
        registry,
        Counter("switchboard_webhooks", "Provider webhooks answered, by channel and outcome "
                "(accepted: 2xx; refused: 4xx, a forged signature included; failed: 5xx)",
                ["channel", "outcome"], registry=registry),
        Histogram("switchboard_claim_seconds", "Time to answer a console's claim, refusals included",
                  buckets=CLAIM_BUCKETS, registry=registry),
    )  # fmt: skip
    sockets = Gauge("switchboard_socket_connections", "Socket.IO connections open on this process", registry=registry)
    sockets.set_function(lambda: _open_sockets(app))
    registry.register(State(app))
    app.extensions["switchboard.metrics"] = made
    return made


def current() -> Instruments:
    instruments: Instruments = current_app.extensions["switchboard.metrics"]
    return instruments


def _open_sockets(app: Flask) -> float:
    socketio = app.extensions.get("socketio")
    return float(len(socketio.server.eio.sockets)) if socketio is not None else 0.0
