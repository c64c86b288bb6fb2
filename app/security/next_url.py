"""Where to send someone after signing in: only a path on this site. Browsers forgive a lot
(`/\t/evil.example` becomes `//evil.example`, `/\\evil.example` becomes `//evil.example`), so
anything with a scheme, a host, a backslash or a control character is refused outright."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def safe(target: str | None) -> str | None:
    """`target` if it is a same-site path, else None."""
    if not target:
        return None
    decoded = unquote(target)
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in decoded) or "\\" in decoded:
        return None
    if not decoded.startswith("/") or decoded.startswith("//"):
        return None
    parts = urlsplit(decoded)
    return target if not parts.scheme and not parts.netloc else None
