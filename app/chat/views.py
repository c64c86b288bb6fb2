"""`/chat`: the public web chat page, which is also the widget partners frame (docs/chat.md).
English or French by `lang`, else the browser's Accept-Language, like /services. It sets no
cookie; only the origins in CHAT_ALLOWED_ORIGINS (and our own pages) may frame it."""

from __future__ import annotations

from flask import Blueprint, make_response, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale

from app.chat import texts
from app.runtime import config
from app.security import headers

bp = Blueprint("chat", __name__)


@bp.get("/chat")
def page() -> ResponseReturnValue:
    lang = _language()
    other = "fr" if lang == "en" else "en"
    settings = config()
    with force_locale(lang):  # the page's words, from the catalogue
        shown = render_template(
            "chat.html", lang=lang, other=other, script_texts=texts.script(lang),
            switch_url=url_for(".page", lang=other), exit_url=settings.CHAT_QUICK_EXIT_URL,
            max_chars=settings.CHAT_MAX_CHARS,
        )  # fmt: skip
    response = make_response(shown)
    headers.allow_framing(response, settings.chat_frame_origins)
    if "lang" not in request.args:  # the language came from Accept-Language
        response.vary.add("Accept-Language")
    return response


def _language() -> str:
    asked = request.args.get("lang", "")
    return asked if asked in texts.LANGUAGES else request.accept_languages.best_match(texts.LANGUAGES, default="en")
