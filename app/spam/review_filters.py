"""The review page's filters, read from a query string: each one checked against what it can be,
so a mistyped value is a clear 400, never an empty list that looks like "nothing to review"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, String, cast, or_

from app.domain import Channel
from app.errors import InvalidRequest
from app.models import Contact
from app.spam.rules import RULES
from app.spam.scoring import BLOCKED, CLEAN, SPAM, SUSPECT

FLAGGED = (SUSPECT, SPAM, BLOCKED)
VERDICTS = (CLEAN, *FLAGGED)
REVIEWS = ("pending", "confirmed", "cleared")  # pending: not reviewed yet
# Every reason a verdict can give: the rules, the block list, the crisis words.
REASONS = tuple(sorted({name for rules in RULES.values() for name, _ in rules} | {"blocked", "crisis_words"}))
NAMES = ("channel", "reason", "verdict", "review", "since", "until")


@dataclass(frozen=True)
class Filters:
    channel: str | None = None
    reason: str | None = None  # a rule's name, as a reason of the verdict gives it
    verdict: str | None = None
    review: str | None = None
    since: date | None = None  # created on or after this day (UTC)
    until: date | None = None  # created on or before this day (UTC)

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> Filters:
        """From a query string; an empty field is no filter."""
        given = {name: (args.get(name) or "").strip() or None for name in NAMES}
        _one_of("channel", given["channel"], tuple(Channel))
        _one_of("reason", given["reason"], REASONS)
        _one_of("verdict", given["verdict"], VERDICTS)
        _one_of("review", given["review"], REVIEWS)
        since, until = day("since", given.pop("since")), day("until", given.pop("until"))
        if since and until and since > until:
            raise InvalidRequest(_("The first day (since) comes after the last (until)."))
        return cls(**given, since=since, until=until)

    def shown(self) -> dict[str, str]:
        """The filters as the form and links carry them (the ones set)."""
        return {name: str(value) for name in NAMES if (value := getattr(self, name)) is not None}

    def conditions(self) -> list[ColumnElement[bool]]:
        """Flagged (a verdict other than clean, a navigator's tag) or reviewed, then each filter."""
        found = [or_(Contact.spam_verdict.in_(FLAGGED), Contact.navigator_tag.is_not(None),
                     Contact.spam_review.is_not(None))]  # fmt: skip
        exact: dict[str, Any] = {"channel": Contact.channel, "verdict": Contact.spam_verdict}
        found += [column == getattr(self, name) for name, column in exact.items() if getattr(self, name)]
        if self.review == "pending":
            found.append(Contact.spam_review.is_(None))
        elif self.review:
            found.append(Contact.spam_review == self.review)
        if self.reason:  # the reasons are a JSON list, stored as json.dumps wrote it (PostgreSQL json, SQLite)
            found.append(cast(Contact.spam_reasons, String).contains(f'"rule": "{self.reason}"', autoescape=True))
        if self.since:
            found.append(Contact.created_at >= datetime.combine(self.since, time.min, UTC))
        if self.until and self.until < date.max:
            found.append(Contact.created_at < datetime.combine(self.until + timedelta(days=1), time.min, UTC))
        return found


def _one_of(name: str, value: str | None, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        got, choices = repr(value[:40]), ", ".join(allowed)
        raise InvalidRequest(_("Unknown %(name)s %(got)s: one of %(choices)s.", name=name, got=got, choices=choices))


def day(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if len(value) == len("YYYY-MM-DD"):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise InvalidRequest(_("%(name)s is a day as YYYY-MM-DD, not %(got)s.", name=name, got=repr(value[:40])))
