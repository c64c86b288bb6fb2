"""A small guess of English or French from a resident's first words, so the queue can route a
text to a navigator who speaks it. It says None rather than guess from too little."""

from __future__ import annotations

import re

_FRENCH = set(
    "je j ai besoin aide bonjour allo merci pour le la les un une des du de et est suis mon ma mes "
    "pas avec dans sur qui que quoi où comment logement loyer nourriture svp s'il vous plaît "
    "urgence refuge ce cette ça il elle nous vous ils mais ou donc".split()
)
_ENGLISH = set(
    "i i'm im need help hi hello thanks thank you for the a an and is am my me not with in on who "
    "what where how housing rent food please emergency shelter this that it we they but or so".split()
)
_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœ']+")


def guess(text: str) -> str | None:
    words = _WORD.findall(text.lower())
    french = sum(w in _FRENCH for w in words) + sum(ch in "àâçéèêëîïôûùüÿœ" for ch in text.lower())
    english = sum(w in _ENGLISH for w in words)
    if max(french, english) < 2 or french == english:
        return None
    return "fr" if french > english else "en"
