"""The funder's figures and what each counts, versioned (../shared/docs/mission.md, "Service Data").
A report records the version it used; a past period is re-run under the version in force then
(or any version named). A new version is added here, never an old one changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.errors import InvalidRequest


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    definition: str


@dataclass(frozen=True)
class Definitions:
    version: str
    in_force_from: date
    figures: tuple[Figure, ...]
    served_channels: tuple[str, ...]  # the channels whose contacts are counted as service given
    abandon_channels: tuple[str, ...]  # the channels whose abandonments the funder counts
    satisfaction_channels: tuple[str, ...]


_EXCLUDED = "Excludes contacts judged likely spam, auto-dialer or static, and blocked ones (docs/spam.md)"
V1 = Definitions(
    version="2026.1",
    in_force_from=date(2000, 1, 1),
    figures=(
        Figure("calls", "# of Calls", "Calls a navigator answered (continuous service to a caller, not unique "
               f"people). {_EXCLUDED}; abandoned calls and hang-ups in the menu are not service."),
        Figure("chats", "# of Chats", f"Chats a navigator answered. {_EXCLUDED}; abandoned chats are not service."),
        Figure("emails", "# of Emails", f"Emails a navigator answered. {_EXCLUDED}."),
        Figure("texts", "# of Texts", f"Text conversations a navigator answered. {_EXCLUDED}."),
        Figure("website_sessions", "# of Website Sessions",
               "Sessions on the public directory search (/services), counted without cookies."),
        Figure("satisfaction_phone", "Client Satisfaction: Phone", "Of callers who answered the survey after "
               "service, the share answering Very Satisfied or Satisfied; with the number surveyed."),
        Figure("satisfaction_chat", "Client Satisfaction: Chat", "The same for chat."),
        Figure("calls_abandoned", "# of Calls Abandoned", "Callers who hung up while waiting in the queue "
               f"(short abandons included; a callback request is not an abandonment). {_EXCLUDED}."),
        Figure("chats_abandoned", "# of Chats Abandoned", f"Chat residents who left while waiting. {_EXCLUDED}."),
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
        raise InvalidRequest(f"Unknown definitions version {version[:20]!r}; known: {', '.join(VERSIONS)}.")
    return VERSIONS[version]
