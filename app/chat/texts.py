"""What the chat page's script says as the chat goes on (handed to it as JSON) and each refusal's
message to the resident, in English marked for the catalogue (app/translations, docs/i18n.md),
given in the conversation's language; the page's own words are in templates/chat.html."""

from __future__ import annotations

from flask_babel import force_locale, gettext, pgettext

LANGUAGES = ("en", "fr")


def N_(message: str) -> str:
    """Marks a string for the catalogue; it is translated where it is said (gettext's idiom)."""
    return message


_SCRIPT = {
    "connecting": N_("Connecting…"),
    "reconnecting": N_("Connection lost. Reconnecting…"),
    "write_first": N_("Write your first message: a navigator will answer."),
    "position": N_("You are number {position} in line."),
    "wait_minutes": N_("Estimated wait: about {minutes} min."),
    "wait_unknown": N_("A navigator will be with you in a few minutes."),
    "joined": N_("A navigator has joined the chat."),
    "typing": N_("The navigator is typing…"),
    "ended": N_("This chat has ended."),
    "you": N_("You"),
    "thanks_survey": N_("Thank you for your answer."),
    "thanks_transcript": N_("Your request is recorded; the transcript will be sent to that address."),
    "too_many": N_("Too many chats were started from your connection. Please call 211."),
    "refused_start": N_("The chat could not start. Please try again, or call 211."),
}
_REFUSALS = {
    "empty": N_("Write a message before sending."),
    "too_long": N_("Your message is too long: %(limit)s characters at most. Split it in two."),
    "too_fast": N_("You are sending messages too quickly. Wait a moment, then send again."),
    "ended": N_("This chat has ended. Start a new chat to write again."),
    "invalid": N_("That could not be sent. Reload the page and try again."),
    "bad_email": N_("Enter an email address such as name@example.org."),
    "no_survey": N_("The survey opens once a navigator has answered you."),
}


def script(lang: str) -> dict[str, str]:
    with force_locale(lang):
        said = {key: gettext(message) for key, message in _SCRIPT.items()}
        return said | {"navigator": pgettext("as the resident sees them", "Navigator")}


def refusal(code: str, lang: str, **values: object) -> str:
    with force_locale(lang):
        return gettext(_REFUSALS.get(code, _REFUSALS["invalid"]), **values)
