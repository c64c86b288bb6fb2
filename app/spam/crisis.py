"""Words that keep a contact queued whatever its spam score: a person in crisis reaches a
navigator, always. The CRISIS_WORDS setting (comma-separated) replaces this list."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from app.directory.normalize import fold

# English and French, folded (no accents, lower case); a word matches at word boundaries, and a
# phrase as written.
DEFAULT_WORDS = (
    "suicide", "suicidal", "kill myself", "end my life", "want to die", "overdose", "self harm", "hurt myself",
    "abuse", "abused", "violence", "unsafe", "not safe", "emergency", "crisis", "help me",
    "me tuer", "me suicider", "en finir", "mourir", "surdose", "me blesser", "violence conjugale", "abus",
    "danger", "urgence", "aidez-moi", "aidez moi", "pas en securite",
)  # fmt: skip


@cache
def _pattern(raw: str) -> re.Pattern[str] | None:
    words = [fold(w.strip()) for w in raw.split(",") if w.strip()] if raw.strip() else list(DEFAULT_WORDS)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b") if words else None


def mentions(texts: Iterable[str], setting: str = "") -> str | None:
    """The first crisis word or phrase in `texts`, folded; None when there is none."""
    pattern = _pattern(setting)
    for text in texts:
        found = pattern.search(fold(text)) if pattern else None
        if found:
            return found.group(1)
    return None
