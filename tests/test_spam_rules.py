"""Each spam rule at its threshold edges, the verdicts they add up to, and properties over arbitrary
evidence (Hypothesis): scoring never raises, a withheld number is never spam by itself, and
crisis words always keep a contact queued."""

from __future__ import annotations

from dataclasses import replace

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import Channel
from app.phones import parse
from app.spam import crisis
from app.spam.evidence import Evidence, digest, number_kind
from app.spam.scoring import BLOCKED, CLEAN, SPAM, SUSPECT, category, score
from app.spam.thresholds import DEFAULTS, thresholds
from config import ConfigError

RULES = thresholds("")
CALLER = Evidence(Channel.VOICE, sender="+16135550123", number_kind="valid", recent_calls=1)
TEXTER = Evidence(Channel.SMS, sender="+16135550123", number_kind="valid", recent_texts=1, bodies=("I need food",))


def rules_of(verdict_evidence: Evidence) -> list[str]:
    return [reason["rule"] for reason in score(verdict_evidence, RULES).reasons]


@pytest.mark.parametrize(
    ("calls", "verdict"), [(1, CLEAN), (3, CLEAN), (4, SUSPECT), (7, SUSPECT), (8, SPAM), (20, SPAM)]
)
def test_repeated_calls_from_one_number(calls: int, verdict: str) -> None:
    judged = score(replace(CALLER, recent_calls=calls), RULES)
    assert judged.verdict == verdict
    assert (calls >= 4) == ("repeat_calls" in rules_of(replace(CALLER, recent_calls=calls)))


@pytest.mark.parametrize(("seconds", "given_input", "found"), [(3, False, True), (5, False, True), (6, False, False),
                                                               (3, True, False)])  # fmt: skip
def test_a_silent_hang_up_in_the_menu_is_evidence_of_static(seconds: int, given_input: bool, found: bool) -> None:
    silent = replace(CALLER, menu_seconds=seconds, input_given=given_input)
    assert ("no_input_hangup" in rules_of(silent)) is found
    assert score(silent, RULES).verdict == (SUSPECT if found else CLEAN)  # evidence, never a close by itself


@pytest.mark.parametrize(("verstat", "found"), [
    ("TN-Validation-Failed-B", True), ("TN-Validation-Failed-C-Diverted", True), ("TN-Validation-Failed", True),
    ("TN-Validation-Passed-A", False), ("No-TN-Validation", False), (None, False), ("", False),
])  # fmt: skip
def test_only_a_failed_attestation_counts(verstat: str | None, found: bool) -> None:
    assert ("stir_failed" in rules_of(replace(CALLER, stir_verstat=verstat))) is found


@pytest.mark.parametrize(("raw", "kind"), [
    ("+16135550123", "valid"), ("613-555-0123", "valid"), ("+19005550123", "premium"), ("+1613555", "invalid"),
    ("12", "invalid"), ("262966", "machine"), ("ACME Deals", "machine"), ("anonymous", None), ("", None),
    ("+266696687", None),
])  # fmt: skip
def test_how_a_sender_reads(raw: str, kind: str | None) -> None:
    assert number_kind(raw, "CA") == kind


@settings(max_examples=300)
@given(st.sampled_from(["+1", "+44", "+33", "+61", "+91"]), st.integers(min_value=10**8, max_value=10**11 - 1))
def test_a_sender_reads_invalid_exactly_where_the_library_says(country: str, digits: int) -> None:
    """number_kind reads validity from number_type alone: it must agree with is_valid_number."""
    raw, e164 = f"{country}{digits}", parse(f"{country}{digits}").e164
    if e164 is not None:  # a possible number: the library reads its validity
        assert (number_kind(raw, "CA") == "invalid") is not phonenumbers.is_valid_number(phonenumbers.parse(e164))


def test_an_impossible_number_is_suspect_and_a_short_code_texter_too() -> None:
    assert score(replace(CALLER, number_kind="invalid", sender="+1613555"), RULES).verdict == SUSPECT
    assert score(replace(CALLER, number_kind="premium"), RULES).verdict == SUSPECT
    assert score(replace(TEXTER, number_kind="machine", sender="262966"), RULES).verdict == SUSPECT
    assert "machine_sender" not in rules_of(replace(CALLER, number_kind="machine"))  # texts only


@pytest.mark.parametrize(("texts", "verdict"), [(14, CLEAN), (15, SUSPECT), (29, SUSPECT), (30, SPAM)])
def test_a_burst_of_texts_from_one_sender(texts: int, verdict: str) -> None:
    assert score(replace(TEXTER, recent_texts=texts), RULES).verdict == verdict


@pytest.mark.parametrize(("senders", "verdict"), [(4, CLEAN), (5, SUSPECT), (14, SUSPECT), (15, SPAM), (50, SPAM)])
def test_the_same_text_from_many_senders(senders: int, verdict: str) -> None:
    assert score(replace(TEXTER, identical_senders=senders), RULES).verdict == verdict


def test_link_only_and_known_patterns() -> None:
    assert rules_of(replace(TEXTER, bodies=("http://x.example/a  www.y.example",))) == ["link_only"]
    assert rules_of(replace(TEXTER, bodies=("Is this shelter open? http://x.example/a",))) == []
    assert rules_of(replace(TEXTER, bodies=("You WON a gift card, reply now",))) == ["known_pattern"]
    linked_pattern = replace(TEXTER, bodies=("Claim your prize", "https://prize.example"), recent_texts=2)
    assert score(linked_pattern, RULES).verdict == SUSPECT


def test_evidence_adds_up_to_spam() -> None:
    odd = replace(CALLER, recent_calls=5, stir_verstat="TN-Validation-Failed-B", menu_seconds=2, input_given=False)
    assert score(odd, RULES).verdict == SUSPECT  # 1 - 0.5 x 0.6 x 0.5 = 0.85
    judged = score(replace(odd, number_kind="premium"), RULES)
    assert judged.verdict == SPAM and judged.turns_away and category(judged.verdict, judged.reasons) == "spam"
    dialer = score(replace(CALLER, recent_calls=20), RULES)
    assert dialer.turns_away and category(dialer.verdict, dialer.reasons) == "auto_dialer"


def test_the_block_list_and_the_navigators_tags() -> None:
    blocked = score(replace(TEXTER, blocked="harassing staff"), RULES)
    assert blocked.verdict == BLOCKED and blocked.reasons[0]["detail"] == "on the block list: harassing staff"
    static = score(replace(CALLER, navigator_tag="static"), RULES)
    assert static.verdict == SPAM and category(static.verdict, static.reasons, "static") == "static"
    assert score(replace(CALLER, navigator_tag="wrong_number"), RULES).verdict == CLEAN


@pytest.mark.parametrize("body", ["I want to kill myself", "Je veux me SUICIDER", "aidez-moi svp", "SUICIDE"])
def test_crisis_words_keep_a_contact_queued_whatever_the_score(body: str) -> None:
    worst = replace(TEXTER, bodies=(body,), recent_texts=99, identical_senders=99, blocked="bad", number_kind="machine")
    judged = score(worst, RULES)
    assert judged.verdict == SUSPECT and not judged.turns_away and judged.crisis
    assert judged.reasons[-1]["rule"] == "crisis_words"


def test_crisis_words_are_configurable_and_whole_words() -> None:
    assert crisis.mentions(["Unsafe at home"]) == "unsafe"
    assert crisis.mentions(["I'm in danger"], "danger, peril") == "danger"
    assert crisis.mentions(["I'm in danger"], "peril") is None
    assert crisis.mentions(["the abbey"]) is None  # not "abus" nor "abuse"


def test_spam_rules_setting_overrides_thresholds_and_refuses_nonsense() -> None:
    tuned = thresholds('{"repeat_calls": {"spam_calls": 20}}')
    assert tuned["repeat_calls"]["spam_calls"] == 20 and tuned["repeat_calls"]["window_seconds"] == 600
    assert score(replace(CALLER, recent_calls=8), tuned).verdict == SUSPECT
    for raw in ("{", '{"no_such_rule": {}}', '{"repeat_calls": 3}', "[1]"):
        with pytest.raises(ConfigError):
            thresholds(raw)
    assert set(DEFAULTS) >= {"verdict", "repeat_calls", "identical_bodies"}


def test_copies_of_a_text_have_one_digest() -> None:
    assert digest("Free  CRYPTO here") == digest("free crypto here ") == digest("Frée crypto here")
    assert digest("Free crypto here") != digest("Free crypto there")


texts = st.text(max_size=300)
evidence = st.builds(
    Evidence, channel=st.sampled_from(list(Channel)), sender=texts, withheld=st.booleans(),
    number_kind=st.sampled_from([None, "valid", "invalid", "premium", "machine"]),
    stir_verstat=st.one_of(st.none(), texts), recent_calls=st.integers(-5, 10_000), menu_seconds=st.one_of(
        st.none(), st.integers(-5, 10_000)), input_given=st.booleans(), recent_texts=st.integers(-5, 10_000),
    identical_senders=st.integers(-5, 10_000), bodies=st.lists(texts, max_size=5).map(tuple),
    blocked=st.one_of(st.none(), texts), navigator_tag=st.one_of(st.none(), texts),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(evidence)
def test_scoring_never_raises_and_stays_in_bounds(e: Evidence) -> None:
    judged = score(e, RULES)
    assert judged.verdict in (CLEAN, SUSPECT, SPAM, BLOCKED) and 0.0 <= judged.score <= 1.0
    assert all(reason["detail"] for reason in judged.reasons)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(list(Channel)), st.sampled_from(["anonymous", "", "Unknown", "+266696687", "private"]),
       st.lists(st.sampled_from(["hello", "I need help with rent", "bonjour", ""]), max_size=3).map(tuple))  # fmt: skip
def test_a_withheld_number_is_never_spam_by_itself(channel: str, sender: str, bodies: tuple[str, ...]) -> None:
    alone = Evidence(channel, sender=sender, withheld=True, number_kind=number_kind(sender, "CA"), bodies=bodies)
    assert score(alone, RULES).verdict == CLEAN


@settings(max_examples=300, deadline=None)
@given(evidence, st.sampled_from(crisis.DEFAULT_WORDS), texts)
def test_crisis_words_always_keep_a_contact_queued(e: Evidence, word: str, around: str) -> None:
    judged = score(replace(e, bodies=(*e.bodies, f"{around} {word.upper()} {around}")), RULES)
    assert not judged.turns_away and judged.crisis is not None
