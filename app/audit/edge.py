"""Entries recorded by handlers in a transaction of their own: every refused page or request (403:
a role without the right, a failed CSRF or origin check) with who (when signed in), the method and
path (never the query) and from where, recorded once at the edge whatever refused it; and every
file exported."""

from __future__ import annotations

from flask import Flask, Response, request

from app import auth
from app.audit import service as audit
from app.runtime import database


def exported(user_id: int, what: str) -> None:
    with database().transaction() as session:
        audit.record(session, "export", user_id, detail=what)


def _refusal(response: Response) -> Response:
    if response.status_code == 403:
        claims = auth.session_claims(active=False)
        with database().transaction() as session:
            actor = claims[0] if claims else None
            audit.record(session, "access.refused", actor, detail=f"{request.method} {request.path}")
    return response


def register(app: Flask) -> None:
    app.after_request(_refusal)
