"""Referrals as the resident receives them by text, in their language: one message per referral
with the service's name, phone, address and hours, cut to fit two SMS segments (306 characters in
the GSM alphabet, 134 when a character forces UCS-2), so a phone shows each as one text."""

from __future__ import annotations

from app.wrapup.models import Referral

# GSM 03.38's basic alphabet: outside it the whole message goes as UCS-2, 67 characters a segment.
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
TWO_SEGMENTS = {"gsm": 2 * 153, "ucs2": 2 * 67}
# Typography that would force UCS-2 (and halve what fits) for no gain on a phone's screen.
PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u00a0": " ",
})  # fmt: skip
HEADINGS = {"en": "211 referral", "fr": "Référence du 211"}


def budget(text: str) -> int:
    return TWO_SEGMENTS["gsm" if set(text) <= GSM7 else "ucs2"]


def text_for(referral: Referral, language: str) -> str:
    """The referral's text; the hours, then the address, give way first when it is too long."""
    french = language == "fr"
    name = (referral.name_fr if french else None) or referral.name
    hours = (referral.hours_fr if french else None) or referral.hours
    lines = [HEADINGS["fr" if french else "en"] + ": " + name, referral.phone, referral.address, hours]
    parts = [line.translate(PLAIN) for line in lines if line]
    while len(parts) > 1 and len(_joined(parts)) > budget(_joined(parts)):
        parts.pop()
    whole = _joined(parts)
    return whole if len(whole) <= budget(whole) else whole[: budget(whole) - 1] + "…"


def _joined(parts: list[str]) -> str:
    return "\n".join(parts)
