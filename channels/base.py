"""What every channel adapter offers. Adapters translate between a provider's wire format and
our own types (app.domain); they decide nothing about contacts or queues."""

from __future__ import annotations

from typing import Protocol

from app.domain import Channel, Outbound, SendResult
from config import Config


class SendError(Exception):
    """A provider refused or failed a send. `permanent` errors are not retried."""

    def __init__(self, message: str, *, code: str | None, permanent: bool) -> None:
        super().__init__(message)
        self.code = code
        self.permanent = permanent


class ChannelAdapter(Protocol):
    channel: Channel

    def send(self, outbound: Outbound, config: Config) -> SendResult: ...
