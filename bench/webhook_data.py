"""The webhook bench's traffic: unique, validly signed inbound-SMS webhooks written one a line
("signature<TAB>form body") for wrk. Every resident texts twice: the first text opens a queued
contact, the second (FOLLOW_UP_GAP requests later in the same wrk thread, so after the first
was answered) threads into it. Half the webhooks open contacts, half join one."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from tests.support.twilio_signing import PUBLIC_URL, signature, sms_params

PATH = "/twilio/sms"
FOLLOW_UP_GAP = 64  # more than the connections of one wrk thread: the first text is answered first


LAST_RESIDENT = 7_999_999  # past it the numbers would have too many digits, and read as spam evidence


def phone(resident: int) -> str:
    """A valid Montreal mobile number, different for every resident index up to LAST_RESIDENT."""
    if not 0 <= resident <= LAST_RESIDENT:
        raise ValueError(f"no valid number for resident {resident}")
    return f"+1438{2_000_000 + resident:07d}"


def slice_size(total: int, threads: int) -> int:
    """Webhooks per wrk thread: `total` shared out, in whole blocks of first texts and follow-ups."""
    block = 2 * FOLLOW_UP_GAP
    return max(block, total // threads // block * block)


def write(path: Path, tag: str, threads: int, per_thread: int, first_resident: int) -> int:
    """Write `threads` slices of `per_thread` (a slice_size) webhooks, MessageSid prefixed with
    `tag`; returns how many residents they come from, numbered from `first_resident`."""
    with path.open("w") as out:
        for thread in range(threads):
            for j in range(per_thread):
                block, position = divmod(j, 2 * FOLLOW_UP_GAP)
                resident = first_resident + (thread * per_thread) // 2 + block * FOLLOW_UP_GAP
                resident += position % FOLLOW_UP_GAP
                body = f"Text {position // FOLLOW_UP_GAP + 1} from resident {resident}: I need help with rent"
                params = sms_params(f"SM{tag}{thread * per_thread + j:024d}", phone(resident), body)
                out.write(f"{signature(PUBLIC_URL + PATH, params)}\t{urlencode(params)}\n")
    return threads * per_thread // 2
