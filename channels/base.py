"""What every channel adapter offers. Adapters translate between a provider's wire format and
our own types (app.domain); they decide nothing about contacts or queues."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Protocol

from app.domain import Channel, Outbound, SendResult
from config import Config

REPLACEMENT = "\ufffd"  # what a NUL becomes: PostgreSQL text cannot hold one
_PLAUSIBLE_ID = re.compile(r"[!-~]+")  # printable ASCII, no spaces: every provider's ids
# Seven or more digits, maybe with spaces, brackets or dashes: a phone number in a provider's text.
_PHONE_NUMBER = re.compile(r"\+?\d(?:[\s()-]*\d){6,}")


class InvalidPayload(ValueError):
    """A provider's request we cannot take; the message says which field and why."""


class Fields(Mapping[str, str]):
    """A provider's request fields (form or query) as every adapter reads them: each value with
    NUL replaced by U+FFFD, so a resident's text with a NUL is still stored, never refused."""

    def __init__(self, raw: Mapping[str, str]) -> None:
        self._raw = raw

    def __getitem__(self, name: str) -> str:
        return self._raw[name].replace("\0", REPLACEMENT)

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def require(self, name: str) -> str:
        if name not in self._raw:
            raise InvalidPayload(f"{name} is required.")
        return self[name]

    def provider_id(self, name: str, limit: int) -> str:
        """A provider's identifier or code, refused unless plausible: one that does not fit its
        column or holds a NUL (now U+FFFD), a space or a control character is nobody's id."""
        value = self.require(name)
        if len(value) > limit or not _PLAUSIBLE_ID.fullmatch(value):
            raise InvalidPayload(f"{name} is not a valid id (up to {limit} printable ASCII characters).")
        return value


def without_phone_numbers(text: str) -> str:
    """Providers' error texts quote the number they refused ("The 'To' number +1514... is not a
    valid phone number"); our errors are stored and may be logged, so they never carry one."""
    return _PHONE_NUMBER.sub("[number]", text)


class SendError(Exception):
    """A provider refused or failed a send. `permanent` errors are not retried."""

    def __init__(self, message: str, *, code: str | None, permanent: bool) -> None:
        super().__init__(message)
        self.code = code
        self.permanent = permanent


class ChannelAdapter(Protocol):
    channel: Channel

    def send(self, outbound: Outbound, config: Config) -> SendResult: ...
