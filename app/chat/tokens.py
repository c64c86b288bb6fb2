"""A visitor's token: their conversation's public id signed with the app's secret and dated, so
a reload or a new socket resumes that conversation and nothing else. Kept in the visitor's
browser (localStorage); never in a cookie (the widget may be framed on a partner's site)."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "switchboard.chat.visitor"


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


def issue(secret: str, public_id: str) -> str:
    return _serializer(secret).dumps({"c": public_id})


def conversation_of(secret: str, token: object, max_age: int) -> str | None:
    """The public id the token opens; None when it is forged, expired or not a token at all
    (a SignatureExpired is a BadSignature)."""
    if not isinstance(token, str) or len(token) > 500:
        return None
    try:
        claims = _serializer(secret).loads(token, max_age=max_age)
    except BadSignature:
        return None
    public_id = claims.get("c") if isinstance(claims, dict) else None
    return public_id if isinstance(public_id, str) else None
