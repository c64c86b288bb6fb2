"""Protections every response and form gets, installed on the app in one call: cross-site
request forgery checks, safe redirects after sign-in, and the browser security headers."""

from __future__ import annotations

from flask import Flask

from app.security import csrf, headers


def protect(app: Flask) -> None:
    csrf.protect(app)
    headers.protect(app)
