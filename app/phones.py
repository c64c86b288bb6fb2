"""Phone numbers: E.164 when `phonenumbers` can make one, the raw text always kept, and
withheld caller ids recognised so they never link different people together."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

# Twilio documents "anonymous", "unknown" or "other descriptions" for withheld numbers; carriers
# also present +266696687 ("ANONYMOUS" on a keypad).
_WITHHELD = {"", "anonymous", "unknown", "restricted", "private", "unavailable", "+266696687", "266696687"}
MAX_RAW = 320  # the address columns' length


@dataclass(frozen=True)
class ParsedNumber:
    raw: str
    e164: str | None

    @property
    def withheld(self) -> bool:
        return self.raw.strip().lower() in _WITHHELD

    @property
    def address_value(self) -> str | None:
        """The value that identifies this handle, or None when it identifies nobody."""
        if self.withheld:
            return None
        return self.e164 or self.raw.strip()


@lru_cache(maxsize=4096)
def parse(raw: str | None, region: str = "CA") -> ParsedNumber:
    """Cached: a webhook reads its sender's number several times (the handle, the spam evidence, the
    summary), and the result is an immutable pair of strings."""
    text = (raw or "")[:MAX_RAW]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return ParsedNumber(text, None)
    if not phonenumbers.is_possible_number(number):
        return ParsedNumber(text, None)
    return ParsedNumber(text, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
