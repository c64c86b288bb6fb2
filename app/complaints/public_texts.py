"""The public complaints page's words in English and French (the process itself is in
app.complaints.process_texts), each refusal's message, and dates as each language writes them."""

from __future__ import annotations

from datetime import date

LANGUAGES = ("en", "fr")

_PAIRS = {
    "brand": ("211", "211"),
    "skip": ("Skip to main content", "Aller au contenu principal"),
    "switch": ("Français", "English"),
    "switch_label": ("Langue", "Language"),  # named in the language switched to
    "title": ("Complaints and problem resolution", "Plaintes et résolution de problèmes"),
    "intro": (
        "Tell us when 211 did not serve you well: the person who answered was unhelpful or disrespectful, "
        "the information we gave you was wrong or out of date, you waited too long, or you could not be "
        "served in English or in French. A supervisor reads every complaint.",
        "Dites-nous quand le 211 ne vous a pas bien servi : la personne qui vous a répondu n'a pas été utile ou "
        "respectueuse, l'information donnée était erronée ou périmée, l'attente a été trop longue, ou vous "
        "n'avez pas pu être servi en français ou en anglais. Une personne superviseure lit chaque plainte.",
    ),
    "urgent": (
        "If you need help now, call or text 211. In an emergency, call 911.",
        "Si vous avez besoin d'aide maintenant, appelez ou textez le 211. En cas d'urgence, composez le 911.",
    ),
    "process": ("How we handle complaints", "Comment nous traitons les plaintes"),
    "commitments": ("Our commitments", "Nos engagements"),
    "form": ("Make a complaint", "Porter plainte"),
    "name": ("Your name (optional)", "Votre nom (facultatif)"),
    "contact_details": ("How can we reach you? (optional)", "Comment pouvons-nous vous joindre? (facultatif)"),
    "contact_hint": (
        "A phone number or an email address. Leave it empty to stay anonymous: we will still look into your "
        "complaint, but we cannot answer you.",
        "Un numéro de téléphone ou une adresse courriel. Laissez ce champ vide pour rester anonyme : nous "
        "examinerons quand même votre plainte, mais nous ne pourrons pas vous répondre.",
    ),
    "language": ("Language of our answer", "Langue de notre réponse"),
    "summary": ("What happened? (required)", "Que s'est-il passé? (obligatoire)"),
    "summary_hint": (
        "When it happened, who you dealt with if you know, and what you would like us to do. At most 5,000 "
        "characters.",
        "Quand c'est arrivé, avec qui vous avez fait affaire si vous le savez, et ce que vous aimeriez que nous "
        "fassions. Au plus 5 000 caractères.",
    ),
    "send": ("Send my complaint", "Envoyer ma plainte"),
    "problem": ("There is a problem", "Il y a un problème"),
    "received_title": ("Complaint received", "Plainte reçue"),
    "thanks": ("Thank you. We received your complaint.", "Merci. Nous avons reçu votre plainte."),
    "reference": (
        "Your reference number is {reference}. Keep it, and give it to us if you call about this complaint.",
        "Votre numéro de référence est le {reference}. Conservez-le et donnez-le-nous si vous appelez au sujet "
        "de cette plainte.",
    ),
    "next_reachable": (
        "A supervisor will contact you within 2 business days, by {day} at the latest, and will answer you "
        "within 10 business days.",
        "Une personne superviseure communiquera avec vous dans les 2 jours ouvrables, au plus tard le {day}, "
        "et vous répondra dans les 10 jours ouvrables.",
    ),
    "next_anonymous": (
        "You did not leave a way to reach you, so we cannot answer you, but a supervisor will still look into "
        "your complaint. To hear what we found, call 211 and give your reference number.",
        "Vous n'avez pas laissé de moyen de vous joindre : nous ne pourrons pas vous répondre, mais une "
        "personne superviseure examinera quand même votre plainte. Pour connaître nos conclusions, appelez le "
        "211 et donnez votre numéro de référence.",
    ),
    "back": ("Back to the complaints page", "Retour à la page des plaintes"),
    "directory": ("Find a service", "Trouver un service"),
}  # fmt: skip

# What each refusal (app.complaints.fields.BadInput.key, or the page's own) says to the visitor.
_ERRORS = {
    "summary_required": ("Tell us what happened: this field is required.",
                         "Dites-nous ce qui s'est passé : ce champ est obligatoire."),
    "summary_too_long": ("What happened is at most 5,000 characters. Please shorten it, or call 211.",
                         "La description est limitée à 5 000 caractères. Veuillez la raccourcir, ou appelez le 211."),
    "name_too_long": ("Your name is at most 200 characters.", "Votre nom est limité à 200 caractères."),
    "contact_details_too_long": ("How to reach you is at most 320 characters.",
                                 "Vos coordonnées sont limitées à 320 caractères."),
    "nul": ("Your text contains a character we cannot store (a NUL character). Please remove it and send again.",
            "Votre texte contient un caractère que nous ne pouvons pas enregistrer (un caractère NUL). Veuillez "
            "le retirer et envoyer de nouveau."),
    "language_choice": ("Choose English or French for our answer.",
                        "Choisissez le français ou l'anglais pour notre réponse."),
    "invalid": ("We could not read your complaint. Please check the form and send it again.",
                "Nous n'avons pas pu lire votre plainte. Veuillez vérifier le formulaire et l'envoyer de nouveau."),
    "too_large": ("Your complaint is too long to send. Please shorten it to 5,000 characters, or call 211.",
                  "Votre plainte est trop longue pour être envoyée. Veuillez la raccourcir à 5 000 caractères, ou "
                  "appelez le 211."),
    "too_many": ("You have sent several complaints in a short time. Please wait an hour before sending another, "
                 "or call 211.",
                 "Vous avez envoyé plusieurs plaintes en peu de temps. Veuillez attendre une heure avant d'en "
                 "envoyer une autre, ou appelez le 211."),
}  # fmt: skip

TEXTS = {lang: {key: pair[n] for key, pair in _PAIRS.items()} for n, lang in enumerate(LANGUAGES)}
ERRORS = {lang: {key: pair[n] for key, pair in _ERRORS.items()} for n, lang in enumerate(LANGUAGES)}
# The choice of our answer's language, each language named in itself.
ANSWER_LANGUAGES = (("en", "English"), ("fr", "Français"))

_DAYS = {"en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
         "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")}  # fmt: skip
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
}  # fmt: skip


def error(lang: str, key: str) -> str:
    return ERRORS[lang].get(key, ERRORS[lang]["invalid"])


def day(value: date, lang: str) -> str:
    """`Wednesday, March 4` in English, `mercredi 4 mars` in French (`1er` on the first)."""
    weekday, month = _DAYS[lang][value.weekday()], _MONTHS[lang][value.month - 1]
    if lang == "fr":
        return f"{weekday} {'1er' if value.day == 1 else value.day} {month}"
    return f"{weekday}, {month} {value.day}"
