"""The written complaint and problem-resolution process, as the public page shows it (and as
staff read it out or send it on request), in English with its French in the catalogue
(app/translations, docs/i18n.md). The timelines are those of app.complaints.deadlines."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Each step: (title, text).
STEPS = (
    (
        _l("Tell us"),
        _l(
            "Use the form on this page, call 211 and ask to make a complaint, or tell the person who "
            "is helping you. You can stay anonymous; if you want an answer, leave a phone number or "
            "an email address. Our staff can help you put your complaint in writing, in English or in"
            " French."
        ),
    ),
    (
        _l("We acknowledge it within 2 business days"),
        _l(
            "You get a reference number right away. Within 2 business days, a supervisor contacts you"
            " to confirm that we received your complaint, to tell you who is handling it and to ask "
            "anything we need to know."
        ),
    ),
    (
        _l("We look into it and answer within 10 business days"),
        _l(
            "The supervisor reviews the record of your contact with us, speaks with the staff "
            "involved and, if needed, with the service we referred you to. Within 10 business days of"
            " receiving your complaint, we tell you what we found and what we will do about it. If we"
            " need more time, we tell you why and when you will hear from us."
        ),
    ),
    (
        _l("Not satisfied? Ask the 211 manager to review it"),
        _l(
            "Tell us, by phone or in writing, within 30 days of our answer. The manager of the 211 "
            "service, who took no part in the first review, looks at the whole file and answers you "
            "within 10 business days."
        ),
    ),
    (
        _l("Still not satisfied? Go to our funder"),
        _l(
            "You can bring your complaint to the organization that funds 211 in your region. We give "
            "you its contact information with the manager's answer, and we cooperate with its review."
        ),
    ),
)

COMMITMENTS = (
    _l("Your complaint is confidential: only the staff who handle it read it."),
    _l("We keep only the information you choose to give us."),
    _l("Making a complaint never affects the help you get from 211."),
    _l("Business days are Monday to Friday, except statutory holidays."),
    _l(
        "We use what complaints teach us to improve our service, and we tell our funder how many we "
        "received and resolved, without any names."
    ),
    _l("You can ask for this process in writing: call 211 and we will send it to you, in English or in French."),
)
