"""The rules: each a small named function of the evidence and its thresholds (app.spam.thresholds),
registered for the channels it applies to, returning a finding (points between 0 and 1, and what
it saw) or nothing. Chat and email add theirs here."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.domain import Channel
from app.spam.evidence import Evidence

PHONES, TEXTS, EVERY = (Channel.VOICE, Channel.SMS), (Channel.SMS, Channel.CHAT, Channel.EMAIL), tuple(Channel)
_LINK = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
CHAT_HONEYPOT = "chat-trap-"  # the handle of a chat whose pre-chat trap field was filled (app.chat)


@dataclass(frozen=True)
class Finding:
    rule: str
    points: float
    detail: str


Rule = Callable[[Evidence, dict[str, Any]], Finding | None]
RULES: dict[str, list[tuple[str, Rule]]] = {channel: [] for channel in Channel}
# The verdicts a navigator's tag at close gives; a wrong number is recorded, not excluded.
TAGS = {"spam": "spam", "prank": "spam", "test": "spam", "static": "static", "wrong_number": None}


def rule(*channels: str) -> Callable[[Rule], Rule]:
    def register(check: Rule) -> Rule:
        for channel in channels:
            RULES[channel].append((check.__name__, check))
        return check

    return register


def _graded(name: str, seen: int, suspect: int, spam: int, what: str) -> Finding | None:
    """Points from the counts: 0.5 at the suspect threshold, 1 at the spam threshold."""
    if seen < suspect:
        return None
    return Finding(name, 1.0 if seen >= spam else 0.5, what)


@rule(Channel.VOICE)
def repeat_calls(e: Evidence, t: dict[str, Any]) -> Finding | None:
    minutes = t["window_seconds"] // 60
    what = f"{e.recent_calls} calls from this number in {minutes} min"
    return _graded("repeat_calls", e.recent_calls, t["suspect_calls"], t["spam_calls"], what)


@rule(Channel.VOICE)
def no_input_hangup(e: Evidence, t: dict[str, Any]) -> Finding | None:
    if e.menu_seconds is None or e.input_given or e.menu_seconds > t["max_seconds"]:
        return None
    return Finding("no_input_hangup", t["points"], f"hung up in the menu after {e.menu_seconds} s, no key pressed")


@rule(Channel.VOICE)
def stir_failed(e: Evidence, t: dict[str, Any]) -> Finding | None:
    """Only a failed attestation counts: most Canadian calls carry none, which says nothing."""
    if "-failed" not in (e.stir_verstat or "").lower():
        return None
    return Finding("stir_failed", t["points"], f"caller id attestation failed ({e.stir_verstat})")


@rule(*PHONES)
def impossible_number(e: Evidence, t: dict[str, Any]) -> Finding | None:
    if e.number_kind == "invalid":
        return Finding("impossible_number", t["invalid_points"], f"{e.sender[:40]!r} is not a valid number")
    if e.number_kind == "premium":
        return Finding("impossible_number", t["premium_points"], f"{e.sender[:40]} is a premium-rate number")
    return None


@rule(Channel.SMS)
def machine_sender(e: Evidence, t: dict[str, Any]) -> Finding | None:
    if e.number_kind != "machine":
        return None
    return Finding("machine_sender", t["points"], f"sent from a short code or named sender ({e.sender[:40]})")


@rule(Channel.SMS, Channel.CHAT)  # a chat's messages count as its texts
def sms_burst(e: Evidence, t: dict[str, Any]) -> Finding | None:
    what = f"{e.recent_texts} texts from this sender in {t['window_seconds']} s"
    return _graded("sms_burst", e.recent_texts, t["suspect_texts"], t["spam_texts"], what)


@rule(*TEXTS)
def identical_bodies(e: Evidence, t: dict[str, Any]) -> Finding | None:
    what = f"the same text from {e.identical_senders} senders in {t['window_seconds'] // 60} min"
    return _graded("identical_bodies", e.identical_senders, t["suspect_senders"], t["spam_senders"], what)


@rule(*TEXTS)
def link_only(e: Evidence, t: dict[str, Any]) -> Finding | None:
    linked = any(_LINK.search(body) for body in e.bodies)
    if not linked or any(_LINK.sub("", body).strip() for body in e.bodies):
        return None
    return Finding("link_only", t["points"], "nothing but links")


@rule(*TEXTS)
def known_pattern(e: Evidence, t: dict[str, Any]) -> Finding | None:
    for pattern in t["patterns"]:
        if any(re.search(pattern, body, re.IGNORECASE) for body in e.bodies):
            return Finding("known_pattern", t["points"], f"matches the known spam pattern {pattern!r}")
    return None


@rule(Channel.CHAT)
def chat_honeypot(e: Evidence, t: dict[str, Any]) -> Finding | None:
    """A field people never see (nor fill) was filled in the pre-chat form: a bot's chat."""
    if not e.sender.startswith(CHAT_HONEYPOT):
        return None
    return Finding("chat_honeypot", t["points"], "filled the pre-chat form's hidden field (a bot)")


@rule(Channel.EMAIL)
def automated_mail(e: Evidence, t: dict[str, Any]) -> Finding | None:
    """An auto-reply, bounce or list mail is closed unanswered: nobody is waiting for an answer."""
    return Finding("automated_mail", t["points"], f"sent by a machine: {e.automated}") if e.automated else None


@rule(*EVERY)
def navigator_tag(e: Evidence, t: dict[str, Any]) -> Finding | None:
    if TAGS.get(e.navigator_tag or "") is None:
        return None
    return Finding("navigator_tag", t["points"], f"marked {e.navigator_tag} by the navigator")
