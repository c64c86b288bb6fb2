"""The written complaint and problem-resolution process, in English and in French, as the public
page shows it (and as staff read it out or send it on request). The timelines are those of
app.complaints.deadlines."""

from __future__ import annotations

# Each step: (title, text), in English then in French.
_STEPS = (
    (
        ("Tell us",
         "Use the form on this page, call 211 and ask to make a complaint, or tell the person who is helping "
         "you. You can stay anonymous; if you want an answer, leave a phone number or an email address. Our "
         "staff can help you put your complaint in writing, in English or in French."),
        ("Dites-le-nous",
         "Remplissez le formulaire de cette page, appelez le 211 et demandez à porter plainte, ou dites-le à la "
         "personne qui vous aide. Vous pouvez rester anonyme; si vous voulez une réponse, laissez un numéro de "
         "téléphone ou une adresse courriel. Notre personnel peut vous aider à mettre votre plainte par écrit, "
         "en français ou en anglais."),
    ),
    (
        ("We acknowledge it within 2 business days",
         "You get a reference number right away. Within 2 business days, a supervisor contacts you to confirm "
         "that we received your complaint, to tell you who is handling it and to ask anything we need to know."),
        ("Nous en accusons réception dans les 2 jours ouvrables",
         "Vous recevez un numéro de référence immédiatement. Dans les 2 jours ouvrables, une personne "
         "superviseure communique avec vous pour confirmer que nous avons reçu votre plainte, vous dire qui "
         "s'en occupe et vous demander les renseignements dont nous avons besoin."),
    ),
    (
        ("We look into it and answer within 10 business days",
         "The supervisor reviews the record of your contact with us, speaks with the staff involved and, if "
         "needed, with the service we referred you to. Within 10 business days of receiving your complaint, we "
         "tell you what we found and what we will do about it. If we need more time, we tell you why and when "
         "you will hear from us."),
        ("Nous l'examinons et vous répondons dans les 10 jours ouvrables",
         "La personne superviseure examine le dossier de votre contact avec nous et s'entretient avec le "
         "personnel concerné et, au besoin, avec le service vers lequel nous vous avons dirigé. Dans les 10 "
         "jours ouvrables suivant la réception de votre plainte, nous vous disons ce que nous avons constaté et "
         "ce que nous allons faire. S'il nous faut plus de temps, nous vous expliquons pourquoi et quand vous "
         "aurez de nos nouvelles."),
    ),
    (
        ("Not satisfied? Ask the 211 manager to review it",
         "Tell us, by phone or in writing, within 30 days of our answer. The manager of the 211 service, who "
         "took no part in the first review, looks at the whole file and answers you within 10 business days."),
        ("Pas satisfait? Demandez une révision à la direction du 211",
         "Dites-le-nous, par téléphone ou par écrit, dans les 30 jours suivant notre réponse. La personne "
         "gestionnaire du service 211, qui n'a pas participé au premier examen, revoit tout le dossier et vous "
         "répond dans les 10 jours ouvrables."),
    ),
    (
        ("Still not satisfied? Go to our funder",
         "You can bring your complaint to the organization that funds 211 in your region. We give you its "
         "contact information with the manager's answer, and we cooperate with its review."),
        ("Toujours pas satisfait? Adressez-vous à notre bailleur de fonds",
         "Vous pouvez soumettre votre plainte à l'organisme qui finance le 211 dans votre région. Nous vous "
         "donnons ses coordonnées avec la réponse de la direction, et nous collaborons à son examen."),
    ),
)  # fmt: skip

_COMMITMENTS = (
    ("Your complaint is confidential: only the staff who handle it read it.",
     "Votre plainte est confidentielle : seules les personnes qui la traitent la lisent."),
    ("We keep only the information you choose to give us.",
     "Nous ne conservons que les renseignements que vous choisissez de nous donner."),
    ("Making a complaint never affects the help you get from 211.",
     "Porter plainte ne change jamais l'aide que vous recevez du 211."),
    ("Business days are Monday to Friday, except statutory holidays.",
     "Les jours ouvrables vont du lundi au vendredi, sauf les jours fériés."),
    ("We use what complaints teach us to improve our service, and we tell our funder how many we received "
     "and resolved, without any names.",
     "Nous nous servons de ce que les plaintes nous apprennent pour améliorer notre service, et nous "
     "indiquons à notre bailleur de fonds combien de plaintes nous avons reçues et réglées, sans aucun nom."),
    ("You can ask for this process in writing: call 211 and we will send it to you, in English or in French.",
     "Vous pouvez demander ce processus par écrit : appelez le 211 et nous vous l'enverrons, en français ou "
     "en anglais."),
)  # fmt: skip

STEPS = {lang: [step[n] for step in _STEPS] for n, lang in enumerate(("en", "fr"))}
COMMITMENTS = {lang: [pair[n] for pair in _COMMITMENTS] for n, lang in enumerate(("en", "fr"))}
