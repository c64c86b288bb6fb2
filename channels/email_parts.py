"""Walking an email's MIME tree within limits: the text a person wrote (plain text preferred, else
the HTML turned into text, in any charset), attachments kept up to a size, and every part that
cannot be kept (too large, nested too deep, too many, undecodable) quarantined with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.errors import MessageDefect
from email.message import Message

from channels.email_headers import one_line

# Declared Latin-1 (or undeclared 8-bit) mail from Windows is really Windows-1252, as browsers
# assume (WHATWG Encoding): its curly quotes and "œ" live where Latin-1 has control characters.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii"}


@dataclass(frozen=True)
class Limits:
    message_bytes: int  # a larger message is not parsed: its headers are read, the rest quarantined
    part_bytes: int  # a larger attachment is quarantined, not stored
    depth: int = 10  # parts nested deeper are quarantined unread
    parts: int = 50  # parts beyond this many are quarantined unread


@dataclass(frozen=True)
class Part:
    """An attachment: stored (`content`), or quarantined with the reason it was not."""

    filename: str
    content_type: str
    size: int
    content: bytes | None
    quarantine: str | None = None


@dataclass
class Walk:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    seen: int = 0


def walk(message: Message, limits: Limits) -> Walk:
    found = Walk()
    _visit(message, 0, found, limits)
    return found


def _visit(part: Message, depth: int, found: Walk, limits: Limits) -> None:
    found.seen += 1
    if found.seen > limits.parts:
        if found.seen == limits.parts + 1:
            found.parts.append(_quarantined(part, 0, f"more than {limits.parts} parts: the rest were not read"))
        return
    if depth > limits.depth:
        found.parts.append(_quarantined(part, 0, f"nested deeper than {limits.depth} levels: not read"))
        return
    if part.get_content_maintype() == "multipart" and isinstance(part.get_payload(), list):
        for child in part.get_payload():
            if isinstance(child, Message):
                _visit(child, depth + 1, found, limits)
        return
    try:
        _leaf(part, found, limits)
    except Exception as error:  # a part the library cannot decode costs that part, never the message
        found.parts.append(_quarantined(part, 0, f"unreadable ({type(error).__name__})"))


def _leaf(part: Message, found: Walk, limits: Limits) -> None:
    kind, attached = part.get_content_type(), part.get_content_disposition() == "attachment"
    if kind in ("text/plain", "text/html") and not attached:
        (found.plain if kind == "text/plain" else found.html).append(text_of(part))
        return
    found.parts.append(_attachment(part, limits))


def text_of(part: Message) -> str:
    data = _bytes(part)
    declared = (_charset(part) or "us-ascii").lower()
    if declared in ("us-ascii", "ascii"):
        try:
            return data.decode("utf-8")  # undeclared 8-bit text is most often UTF-8 nowadays
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252" if declared in _AS_CP1252 else declared, errors="replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", errors="replace")


def _charset(part: Message) -> str | None:
    try:
        return part.get_content_charset()
    except Exception:
        return None


def _bytes(part: Message) -> bytes:
    """The part's content, transfer encoding undone; an embedded message as its bytes."""
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload
    inner = part.get_payload()
    if isinstance(inner, list):
        return b"".join(bytes(child) for child in inner if isinstance(child, Message))
    return str(inner or "").encode("utf-8", "replace")


def _attachment(part: Message, limits: Limits) -> Part:
    data = _bytes(part)
    broken = [type(d).__name__ for d in part.defects if isinstance(d, MessageDefect)]
    if broken:
        return _quarantined(part, len(data), f"malformed ({', '.join(sorted(set(broken)))[:200]})")
    if len(data) > limits.part_bytes:
        return _quarantined(part, len(data), f"{len(data)} bytes, over the limit of {limits.part_bytes} bytes")
    return Part(_filename(part), _kind(part), len(data), data)


def _quarantined(part: Message, size: int, reason: str) -> Part:
    return Part(_filename(part), _kind(part), size, None, reason)


def _kind(part: Message) -> str:
    return one_line(part.get_content_type(), 100)


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    return one_line(name.replace("/", "_").replace("\\", "_"), 200)
