"""From evidence to a verdict: every rule of the contact's channel, their points combined (each
finding as independent odds: 1 - product of (1 - points)), the verdict from the thresholds, the
block list on top, and crisis words over everything. Pure: it never touches the database."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from app.spam import crisis
from app.spam.evidence import Evidence
from app.spam.rules import RULES, TAGS

CLEAN, SUSPECT, SPAM, BLOCKED = "clean", "suspect", "spam", "blocked"
TURNED_AWAY = (SPAM, BLOCKED)  # the verdicts that close a waiting contact; also its outcome then
# What the funder's report excludes a contact as (mission.md): auto-dialers, static, spam.
CATEGORIES = {"repeat_calls": "auto_dialer", "no_input_hangup": "static"}


@dataclass(frozen=True)
class Verdict:
    verdict: str
    score: float
    reasons: list[dict[str, Any]] = field(default_factory=list)
    crisis: str | None = None

    @property
    def turns_away(self) -> bool:
        """Closed at once (its reasons kept): spam with high confidence, or a blocked address."""
        return self.verdict in TURNED_AWAY


def score(evidence: Evidence, thresholds: dict[str, dict[str, Any]], crisis_words: str = "") -> Verdict:
    findings = [found for name, check in RULES[evidence.channel] if (found := check(evidence, thresholds[name]))]
    points = 1.0 - math.prod(1.0 - min(max(f.points, 0.0), 1.0) for f in findings)
    levels = thresholds["verdict"]
    verdict = SPAM if points >= levels["spam"] else SUSPECT if points >= levels["suspect"] else CLEAN
    reasons = [{"rule": f.rule, "points": round(f.points, 2), "detail": f.detail} for f in findings]
    if evidence.blocked is not None:
        verdict = BLOCKED
        reasons.insert(0, {"rule": "blocked", "points": 1.0, "detail": f"on the block list: {evidence.blocked}"})
    word = crisis.mentions(evidence.bodies, crisis_words)
    if word is not None and verdict in (SPAM, BLOCKED):
        verdict = SUSPECT  # kept in the queue, marked, for a navigator to judge
    if word is not None:
        reasons.append({"rule": "crisis_words", "points": 0.0, "detail": f"mentions {word!r}: kept in the queue"})
    return Verdict(verdict, round(points, 3), reasons, word)


def category(verdict: str, reasons: list[dict[str, Any]], navigator_tag: str | None = None) -> str | None:
    """What an excluded contact counts as: auto_dialer, static, spam or blocked; None when counted."""
    if verdict == BLOCKED:
        return BLOCKED
    if verdict != SPAM:
        return None
    if TAGS.get(navigator_tag or "") == "static":
        return "static"
    strongest = max(reasons, key=lambda r: r["points"], default={"rule": ""})
    return CATEGORIES.get(strongest["rule"], SPAM)
