"""What a caller hears, in English and French. Short sentences: people call 211 in hard moments,
often on a bad line."""

from __future__ import annotations

from app.calls.models import Announcement
from channels.voice_twiml import Said

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
KEYS = {"1": "en", "2": "fr"}
CALLBACK_KEY = "1"
SATISFACTION = {"1": "very_satisfied", "2": "satisfied", "3": "not_satisfied"}  # the funder's scale

_TEXT: dict[str, dict[str, str]] = {
    "welcome": {
        "en": "Welcome to 2-1-1. If this is an emergency, hang up and dial 9-1-1.",
        "fr": "Bienvenue au 2-1-1. En cas d'urgence, raccrochez et composez le 9-1-1.",
    },
    "choose": {
        "en": "For service in English, press 1.",
        "fr": "Pour le service en français, appuyez sur le 2.",
    },
    "position": {
        "en": "You are number {position} in line.",
        "fr": "Vous êtes le numéro {position} dans la file d'attente.",
    },
    "estimate": {
        "en": "The estimated wait is about {minutes} minutes.",
        "fr": "L'attente est d'environ {minutes} minutes.",
    },
    "no_estimate": {
        "en": "A navigator will answer as soon as one is free.",
        "fr": "Un intervenant vous répondra dès qu'il sera libre.",
    },
    "offer_callback": {
        "en": "To be called back instead of waiting, press 1 at any time.",
        "fr": "Pour qu'on vous rappelle plutôt que d'attendre, appuyez sur le 1 en tout temps.",
    },
    "callback_confirmed": {
        "en": "Thank you. A navigator will call you back at this number. Goodbye.",
        "fr": "Merci. Un intervenant vous rappellera à ce numéro. Au revoir.",
    },
    "cannot_hold": {
        "en": "We are sorry, we cannot hold your call right now. To be called back, press 1.",
        "fr": "Nous sommes désolés, nous ne pouvons pas garder votre appel en attente. "
        "Pour qu'on vous rappelle, appuyez sur le 1.",
    },
    "call_again": {
        "en": "Please call again in a few minutes. Goodbye.",
        "fr": "Veuillez rappeler dans quelques minutes. Au revoir.",
    },
    "connecting": {
        "en": "Connecting you with a navigator.",
        "fr": "Nous vous mettons en communication avec un intervenant.",
    },
    "survey": {
        "en": "Before you go: how satisfied are you with this call? "
        "Press 1 for very satisfied, 2 for satisfied, or 3 for not satisfied.",
        "fr": "Avant de partir : êtes-vous satisfait de cet appel? "
        "Appuyez sur le 1 pour très satisfait, le 2 pour satisfait, ou le 3 pour pas satisfait.",
    },
    "thanks": {"en": "Thank you for calling 2-1-1. Goodbye.", "fr": "Merci d'avoir appelé le 2-1-1. Au revoir."},
    "not_yours": {
        "en": "This call is not yours to join. Goodbye.",
        "fr": "Cet appel ne vous est pas destiné. Au revoir.",
    },
    "turned_away": {  # spam with high confidence, or a blocked number (app.spam)
        "en": "This line cannot take your call. If this is an emergency, dial 9-1-1. Goodbye.",
        "fr": "Cette ligne ne peut pas prendre votre appel. En cas d'urgence, composez le 9-1-1. Au revoir.",
    },
    "unavailable": {
        "en": "We are sorry, our phone line cannot take your call right now. Please call again shortly.",
        "fr": "Nous sommes désolés, notre ligne ne peut pas prendre votre appel pour le moment. "
        "Veuillez rappeler sous peu.",
    },
}


def said(key: str, language: str, **values: object) -> Said:
    return Said(_TEXT[key][language].format(**values), language)


def in_both(key: str) -> list[Said]:
    return [said(key, language) for language in LANGUAGES]


def announcement(current: Announcement | None) -> list[Said]:
    """The supervisors' announcement, in both languages, or nothing."""
    return [Said(current.text_en, "en"), Said(current.text_fr, "fr")] if current else []
