"""How a sender's number and first words are understood: what the navigator sees in the queue."""

from __future__ import annotations

import pytest

from app import language, phones


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+15145550100", "+15145550100"),
        ("(416) 555-0123", "+14165550123"),  # written locally: Canada is the default region
        ("+44 20 7946 0958", "+442079460958"),
        ("abc-not-a-number", None),
        ("12", None),
    ],
)
def test_numbers_become_e164_when_they_can(raw: str, e164: str | None) -> None:
    parsed = phones.parse(raw)
    assert parsed.e164 == e164
    assert parsed.raw == raw


@pytest.mark.parametrize("raw", ["anonymous", "Unknown", "", "+266696687", "restricted"])
def test_withheld_numbers_identify_nobody(raw: str) -> None:
    assert phones.parse(raw).address_value is None


def test_garbage_keeps_its_raw_text_as_the_reply_address() -> None:
    assert phones.parse("  shortcode-xyz ").address_value == "shortcode-xyz"


def test_a_huge_from_value_is_cut_to_a_storable_length() -> None:
    assert len(phones.parse("9" * 5000).raw) == 320


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'ai besoin d'aide pour le loyer", "fr"),
        ("Bonjour, où est le refuge le plus proche?", "fr"),
        ("Hi, I need help finding a food bank near Scarborough", "en"),
        ("STOP", None),
        ("ok", None),
    ],
)
def test_language_is_guessed_only_from_enough_words(text: str, expected: str | None) -> None:
    assert language.guess(text) == expected
