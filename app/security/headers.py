"""Security headers on every response: a Content Security Policy that allows no inline script
and no framing (but the chat widget's: `allow_framing`), no MIME sniffing, no referrer beyond our
origin, and `no-store` on everything but static files, since pages and API answers hold
residents' personal information."""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def allow_framing(response: Response, origins: tuple[str, ...]) -> None:
    """Let our own pages and `origins` (a partner's site: the chat widget) frame this response
    only; every other page keeps `frame-ancestors 'none'`. X-Frame-Options cannot name a partner:
    browsers that know CSP follow frame-ancestors over it."""
    ancestors = " ".join(("'self'", *origins))
    policy = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")
    response.headers["Content-Security-Policy"] = policy
    response.headers["X-Frame-Options"] = "SAMEORIGIN"


def protect(app: Flask) -> None:
    app.after_request(_add_headers)


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.blueprint != "static" and not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response
