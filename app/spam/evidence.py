"""What the rules look at, as plain data (so scoring is a pure function, property-tested), and
how a sender's handle is read: a phone number that is valid, invalid or premium-rate, a short code
or alphanumeric sender, or a withheld number (never evidence by itself)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from app.directory.normalize import fold
from app.phones import parse

_MACHINE = re.compile(r"^(\d{3,8}|.*[a-z].*)$")  # a short code, or an alphanumeric sender id
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Evidence:
    channel: str
    sender: str = ""  # the handle as received
    withheld: bool = False
    number_kind: str | None = None  # "valid", "invalid", "premium", "machine"; None: not a phone number
    stir_verstat: str | None = None
    recent_calls: int = 0  # calls from this number within the repeat window, this one included
    menu_seconds: int | None = None  # a call that ended in the phone menu: how long it lasted
    input_given: bool = True  # the caller pressed a key (or spoke to a navigator)
    recent_texts: int = 0  # texts from this sender within the burst window, this one included
    identical_senders: int = 0  # senders of this text's body within the window, this one included
    bodies: tuple[str, ...] = ()  # what the resident wrote in this contact
    blocked: str | None = None  # the block list's reason, when the address is on it
    navigator_tag: str | None = None
    automated: str | None = None  # why a machine sent every message of this email contact


@lru_cache(maxsize=4096)
def number_kind(raw: str, region: str) -> str | None:
    """How a phone channel's sender reads; None for a withheld number. Cached: it depends on
    nothing else, and a resident's every text is judged."""
    number = parse(raw, region)
    if number.withheld:
        return None
    if _MACHINE.match(raw.strip().lower()):
        return "machine"
    if number.e164 is None:
        return "invalid"
    # number_type is UNKNOWN exactly where is_valid_number is false, and finding a NANP number's
    # region (by trying each of its 25 regions' patterns) is most of either's cost: done once.
    kind = phonenumbers.number_type(phonenumbers.parse(number.e164))
    if kind == phonenumbers.PhoneNumberType.UNKNOWN:
        return "invalid"
    return "premium" if kind == phonenumbers.PhoneNumberType.PREMIUM_RATE else "valid"


def digest(body: str) -> str:
    """A text's body reduced to what makes two copies the same (case, accents, spacing)."""
    same = _SPACES.sub(" ", fold(body)).strip()
    return hashlib.blake2b(same.encode(), digest_size=16).hexdigest()
