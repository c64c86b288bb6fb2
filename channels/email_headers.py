"""Reading an email's headers without trusting them: any header may be malformed, encoded in an
unknown charset or carry control characters. Each read falls back to the raw text, never raises,
and returns one line of text (CR, LF and NUL gone)."""

from __future__ import annotations

import re
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]+")
_FOLDS = re.compile(r"\s*[\r\n]+\s*")
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes the parser could not decode, kept as surrogates
MAX_HEADER_CHARS = 2000


def one_line(text: str, limit: int = MAX_HEADER_CHARS) -> str:
    """`text` on one line: folds and tabs become spaces, other control characters go."""
    text = _CONTROLS.sub("", _FOLDS.sub(" ", text).replace("\t", " ")).strip()[:limit]
    return text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate cannot be stored


def header(message: Message, name: str) -> str:
    """The decoded value of the first `name` header, or "" when absent."""
    raw = _raw(message, name)
    if raw is not None and _UNDECODED.search(raw):
        return one_line(_eight_bit(raw))
    try:
        value = message.get(name)
        return "" if value is None else one_line(str(value))
    except Exception:  # a header the modern parser cannot read: decode its raw text ourselves
        return one_line(_decoded(_raw(message, name)))


def present(message: Message, name: str) -> bool:
    return _raw(message, name) is not None


def _raw(message: Message, name: str) -> str | None:
    wanted = name.lower()
    return next((str(value) for key, value in message.raw_items() if key.lower() == wanted), None)


def _decoded(raw: str | None) -> str:
    if raw is None:
        return ""
    try:
        return str(make_header(decode_header(raw)))
    except Exception:  # an unknown charset or a broken encoded word: the text as it came
        return raw


def _eight_bit(raw: str) -> str:
    """A header sent as raw 8-bit text (no RFC 2047 encoding): UTF-8, else Windows-1252."""
    data = raw.encode("utf-8", "surrogateescape")  # the parser's surrogates are the bytes as sent
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sender(message: Message) -> str:
    """The From address (user@domain), or "" when there is none that reads as one."""
    raw = _raw(message, "From") or ""
    try:
        found = [address for _, address in getaddresses([_decoded(raw)]) if "@" in address]
    except Exception:  # getaddresses is lenient, but a pathological header must not cost the message
        found = []
    return one_line(found[0], 320) if found else ""
