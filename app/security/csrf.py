"""Cross-site request forgery. Two independent checks on every state-changing request a browser
can send us (everything but GET/HEAD/OPTIONS, Twilio's signed webhooks and the inbound-mail webhook):

- a request that says it comes from another site (`Origin`, else `Referer`) is refused;
- a form must carry the token stored in the signer's session (`csrf_token`), which a page
  on another site cannot read; a script's JSON request carries it in the `X-CSRF-Token` header
  (a page on another site cannot set that header on a cross-site request without our consent).
  The sign-in form has one too: login CSRF would otherwise sign a navigator's browser into an
  attacker's account."""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import Flask, jsonify, render_template, request, session
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from app.runtime import config

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Signed by Twilio, or authenticated with the inbound-mail secret: never sent by a browser.
EXEMPT_BLUEPRINTS = frozenset({"webhooks", "voice", "email_inbound"})
REFUSED = _l("This form expired or came from another site. Reload the page and try again.")


def token() -> str:
    """This session's token, created on first use (templates call it as csrf_token())."""
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(32)
    return session[FIELD]


def protect(app: Flask) -> None:
    app.jinja_env.globals["csrf_token"] = token
    app.before_request(_check)


def _check() -> ResponseReturnValue | None:
    if request.method in SAFE_METHODS or request.blueprint in EXEMPT_BLUEPRINTS:
        return None
    if _from_another_site() or not _token_matches():
        return _refuse()
    return None


def _from_another_site() -> bool:
    claimed = request.headers.get("Origin") or _origin_of(request.headers.get("Referer"))
    if claimed is None:
        return False  # not a browser, or one that sends neither: the token still decides
    return claimed not in {*config().allowed_origins, request.host_url.rstrip("/")}


def _origin_of(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "null"


def _token_matches() -> bool:
    sent, expected = request.form.get(FIELD) or request.headers.get(HEADER, ""), session.get(FIELD, "")
    return bool(expected) and hmac.compare_digest(sent.encode(), str(expected).encode())


def _refuse() -> ResponseReturnValue:
    if request.path.startswith("/api/"):
        return jsonify(error="csrf", message=str(REFUSED)), 403
    return render_template("refused.html", message=REFUSED), 403
