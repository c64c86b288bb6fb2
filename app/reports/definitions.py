"""The funder's figures and what each counts, versioned (../shared/docs/mission.md, "Service Data").
A report records the version it used; a past period is re-run under the version in force then
(or any version named). A new version is added here, never an old one changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from app.errors import InvalidRequest
from app.i18n.words import N_

EXCLUDED = N_("Excludes contacts judged likely spam, auto-dialer or static, and blocked ones (docs/spam.md)")


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    text: str  # the definition, with `%(excluded)s` where it says what no figure counts

    @property
    def definition(self) -> str:
        """In the funder's English, as the API and the CSV give it."""
        return self.text % {"excluded": EXCLUDED}

    def shown(self) -> tuple[str, str]:
        """The name and the definition in the reader's language, as /reports shows them."""
        return _(self.label), _(self.text, excluded=_(EXCLUDED))


@dataclass(frozen=True)
class Definitions:
    version: str
    in_force_from: date
    figures: tuple[Figure, ...]
    served_channels: tuple[str, ...]  # the channels whose contacts are counted as service given
    abandon_channels: tuple[str, ...]  # the channels whose abandonments the funder counts
    satisfaction_channels: tuple[str, ...]


# Each name and definition is marked for the catalogue (N_) but kept in the funder's English here,
# in the API and in the CSV: /reports shows them in the reader's language (Figure.shown).
V1 = Definitions(
    version="2026.1",
    in_force_from=date(2000, 1, 1),
    figures=(
        Figure("calls", N_("# of Calls"), N_(
            "Calls a navigator answered (continuous service to a caller, not unique people). %(excluded)s; "
            "abandoned calls and hang-ups in the menu are not service.")),
        Figure("chats", N_("# of Chats"), N_(
            "Chats a navigator answered. %(excluded)s; abandoned chats are not service.")),
        Figure("emails", N_("# of Emails"), N_("Emails a navigator answered. %(excluded)s.")),
        Figure("texts", N_("# of Texts"), N_("Text conversations a navigator answered. %(excluded)s.")),
        Figure("website_sessions", N_("# of Website Sessions"), N_(
            "Sessions on the public directory search (/services), counted without cookies.")),
        Figure("satisfaction_phone", N_("Client Satisfaction: Phone"), N_(
            "Of callers who answered the survey after service, the share answering Very Satisfied or "
            "Satisfied; with the number surveyed.")),
        Figure("satisfaction_chat", N_("Client Satisfaction: Chat"), N_("The same for chat.")),
        Figure("calls_abandoned", N_("# of Calls Abandoned"), N_(
            "Callers who hung up while waiting in the queue (short abandons included; a callback request "
            "is not an abandonment). %(excluded)s.")),
        Figure("chats_abandoned", N_("# of Chats Abandoned"), N_(
            "Chat residents who left while waiting. %(excluded)s.")),
    ),
    served_channels=("voice", "chat", "email", "sms"),
    abandon_channels=("voice", "chat"),
    satisfaction_channels=("voice", "chat"),
)  # fmt: skip
VERSIONS = {V1.version: V1}


def in_force(on: date) -> Definitions:
    """The version in force on a day (a period is counted under the one in force at its start);
    before the first took force, the first (no contact is that old: every figure is 0)."""
    first = min(VERSIONS.values(), key=lambda d: d.in_force_from)
    return max((d for d in VERSIONS.values() if d.in_force_from <= on), key=lambda d: d.in_force_from, default=first)


def named(version: str) -> Definitions:
    if version not in VERSIONS:
        known = ", ".join(VERSIONS)
        got = repr(version[:20])
        raise InvalidRequest(_("Unknown definitions version %(got)s; known: %(known)s.", got=got, known=known))
    return VERSIONS[version]
