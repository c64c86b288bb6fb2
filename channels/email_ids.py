"""Message-IDs as we key them: an email's `Message-ID` is its provider id (deduplication) and the
thread's link (`In-Reply-To`, `References` name earlier ones). A column holds 100 characters: a
longer id is kept as its digest, computed the same way wherever an id is looked up."""

from __future__ import annotations

import hashlib
import re

from app.domain import PROVIDER_ID_MAX

# One id: angle brackets around printable ASCII without spaces (RFC 5322 msg-id, leniently).
_ID = re.compile(r"<[!-;=?-~]{1,900}>")
MAX_REFERENCES = 20  # the newest ids of a long thread are enough to find it


def ids_in(value: str) -> tuple[str, ...]:
    """The well-formed message ids in a header's value, in order; anything else is ignored."""
    return tuple(_ID.findall(value or ""))


def first_id(value: str) -> str:
    found = ids_in(value)
    return found[0] if found else ""


def key(message_id: str) -> str:
    """The provider id stored for `message_id`: itself, or its digest when too long for the column."""
    if len(message_id) <= PROVIDER_ID_MAX:
        return message_id
    return digest(message_id.encode())


def digest(data: bytes) -> str:
    """An id for what carries none (a message without a Message-ID is keyed by its bytes)."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def thread_keys(in_reply_to: str, references: str) -> tuple[str, ...]:
    """The provider ids a reply points at: its parent first, then the newest ancestors."""
    named = ids_in(in_reply_to) + tuple(reversed(ids_in(references)))
    return tuple(dict.fromkeys(key(i) for i in named))[:MAX_REFERENCES]
