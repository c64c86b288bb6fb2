"""The chat page's words in English and French: what the page shows, what its script says as the
chat goes on (handed to it as JSON), and each refusal's message to the resident."""

from __future__ import annotations

LANGUAGES = ("en", "fr")

_PAGE = {
    "brand": ("211", "211"),
    "skip": ("Skip to main content", "Aller au contenu principal"),
    "switch": ("Français", "English"),
    "switch_label": ("Langue", "Language"),  # named in the language switched to
    "title": ("Chat with 211", "Clavarder avec le 211"),
    "quick_exit": ("Quick exit", "Sortie rapide"),
    "quick_exit_hint": (
        "Leaves this page at once for a search engine.",
        "Quitte cette page immédiatement pour un moteur de recherche.",
    ),
    "emergency": ("In an emergency, call 911.", "En cas d'urgence, composez le 911."),
    "intro": (
        "Write to a 211 navigator about community, social and health services near you. It is free and confidential.",
        "Écrivez à une personne du 211 au sujet des services communautaires, sociaux et de santé "
        "près de chez vous. C'est gratuit et confidentiel.",
    ),
    "privacy_heading": ("Your privacy", "Votre vie privée"),
    "privacy": (
        "We keep what you write to help you and to count our services, never to identify "
        "you. Nothing is stored in a cookie; this browser keeps a key to your chat so that you "
        "can come back to it. Use Quick exit or End chat on a shared device.",
        "Nous conservons ce que vous écrivez pour vous aider et pour compter nos services, "
        "jamais pour vous identifier. Aucun témoin (cookie) n'est utilisé; ce navigateur garde "
        "une clé de votre conversation pour que vous puissiez y revenir. Utilisez Sortie rapide "
        "ou Terminer sur un appareil partagé.",
    ),
    "language": ("Language of the chat", "Langue de la conversation"),
    "first_name": ("Your first name (optional)", "Votre prénom (facultatif)"),
    "trap": ("Leave this field empty", "Laissez ce champ vide"),
    "start": ("Start chat", "Commencer"),
    "conversation": ("Conversation", "Conversation"),
    "message": ("Your message", "Votre message"),
    "send": ("Send", "Envoyer"),
    "end": ("End chat", "Terminer"),
    "survey": ("How satisfied are you with this chat?", "Êtes-vous satisfait de cette conversation?"),
    "very_satisfied": ("Very satisfied", "Très satisfait"),
    "satisfied": ("Satisfied", "Satisfait"),
    "not_satisfied": ("Not satisfied", "Pas satisfait"),
    "answer": ("Send my answer", "Envoyer ma réponse"),
    "transcript": ("Email me the transcript (optional)", "M'envoyer la transcription par courriel (facultatif)"),
    "email": ("Email address", "Adresse courriel"),
    "ask": ("Send the transcript", "Envoyer la transcription"),
    "new_chat": ("Start a new chat", "Nouvelle conversation"),
}
_SCRIPT = {
    "connecting": ("Connecting…", "Connexion…"),
    "reconnecting": ("Connection lost. Reconnecting…", "Connexion perdue. Reconnexion…"),
    "write_first": (
        "Write your first message: a navigator will answer.",
        "Écrivez votre premier message : une personne vous répondra.",
    ),
    "position": ("You are number {position} in line.", "Vous êtes au rang {position} dans la file."),
    "wait_minutes": ("Estimated wait: about {minutes} min.", "Attente estimée : environ {minutes} min."),
    "wait_unknown": (
        "A navigator will be with you in a few minutes.",
        "Une personne sera avec vous d'ici quelques minutes.",
    ),
    "joined": ("A navigator has joined the chat.", "Une personne du 211 s'est jointe à la conversation."),
    "typing": ("The navigator is typing…", "La personne écrit…"),
    "ended": ("This chat has ended.", "Cette conversation est terminée."),
    "you": ("You", "Vous"),
    "navigator": ("Navigator", "211"),
    "thanks_survey": ("Thank you for your answer.", "Merci pour votre réponse."),
    "thanks_transcript": (
        "Your request is recorded; the transcript will be sent to that address.",
        "Votre demande est notée; la transcription sera envoyée à cette adresse.",
    ),
    "too_many": (
        "Too many chats were started from your connection. Please call 211.",
        "Trop de conversations ont commencé depuis votre connexion. Appelez le 211.",
    ),
    "refused_start": (
        "The chat could not start. Please try again, or call 211.",
        "La conversation n'a pas pu commencer. Réessayez, ou appelez le 211.",
    ),
}
_REFUSALS = {
    "empty": ("Write a message before sending.", "Écrivez un message avant de l'envoyer."),
    "too_long": (
        "Your message is too long: {limit} characters at most. Split it in two.",
        "Votre message est trop long : {limit} caractères au plus. Coupez-le en deux.",
    ),
    "too_fast": (
        "You are sending messages too quickly. Wait a moment, then send again.",
        "Vous envoyez des messages trop vite. Attendez un moment, puis renvoyez.",
    ),
    "ended": (
        "This chat has ended. Start a new chat to write again.",
        "Cette conversation est terminée. Commencez-en une nouvelle pour écrire de nouveau.",
    ),
    "invalid": (
        "That could not be sent. Reload the page and try again.",
        "L'envoi n'a pas fonctionné. Rechargez la page et réessayez.",
    ),
    "bad_email": (
        "Enter an email address such as name@example.org.",
        "Entrez une adresse courriel comme nom@exemple.org.",
    ),
    "no_survey": (
        "The survey opens once a navigator has answered you.",
        "Le sondage s'ouvre une fois qu'une personne vous a répondu.",
    ),
}


def _pick(pairs: dict[str, tuple[str, str]], lang: str) -> dict[str, str]:
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    return {key: pair[index] for key, pair in pairs.items()}


def page(lang: str) -> dict[str, str]:
    return _pick(_PAGE, lang)


def script(lang: str) -> dict[str, str]:
    return _pick(_SCRIPT, lang)


def refusal(code: str, lang: str, **values: object) -> str:
    return _pick(_REFUSALS, lang).get(code, _pick(_REFUSALS, lang)["invalid"]).format(**values)
