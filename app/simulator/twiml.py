"""TwiML as the simulated phone reads it: a document becomes a list of verbs, in order, with what
Twilio would do with each (what is said, where keys go, the queue, the conference). Only the
verbs and attributes Switchboard's answers use are understood; anything else is kept as
`Unknown` so the simulator shows it rather than silently skipping it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

HOLD_SECONDS = 20  # a <Play> of hold music is taken to last this long


@dataclass(frozen=True)
class Say:
    text: str
    language: str = ""


@dataclass(frozen=True)
class Pause:
    seconds: int


@dataclass(frozen=True)
class Play:
    url: str


@dataclass(frozen=True)
class Gather:
    action: str
    num_digits: int
    timeout: int
    inside: tuple[Say | Pause | Play, ...] = ()

    @property
    def seconds(self) -> int:
        """How long what it says and plays lasts before it gives up (the hold music's length)."""
        return sum(_length(verb) for verb in self.inside) + self.timeout


def _length(verb: Say | Pause | Play) -> int:
    if isinstance(verb, Pause):
        return verb.seconds
    return HOLD_SECONDS if isinstance(verb, Play) else 0


@dataclass(frozen=True)
class Redirect:
    url: str


@dataclass(frozen=True)
class Enqueue:
    queue: str
    action: str
    wait_url: str


@dataclass(frozen=True)
class Dial:
    action: str | None
    room: str
    ends_room_on_exit: bool


@dataclass(frozen=True)
class Hangup:
    pass


@dataclass(frozen=True)
class Leave:
    pass


@dataclass(frozen=True)
class Unknown:
    tag: str


Verb = Say | Pause | Play | Gather | Redirect | Enqueue | Dial | Hangup | Leave | Unknown


@dataclass(frozen=True)
class Document:
    url: str  # where it came from: relative URLs in it are resolved against it, as Twilio does
    verbs: list[Verb] = field(default_factory=list)


class NotTwiML(ValueError):
    """The answer is not a TwiML <Response>."""


def parse(xml: str | bytes, url: str) -> Document:
    """The verbs of a TwiML document fetched from `url`. Raises NotTwiML for anything else."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as error:
        raise NotTwiML(f"not XML: {error}") from None
    if root.tag != "Response":
        raise NotTwiML(f"the root is <{root.tag}>, not <Response>")
    return Document(url, [_verb(element, url) for element in root])


def _verb(element: ET.Element, url: str) -> Verb:
    reader = _READERS.get(element.tag)
    return reader(element, url) if reader else Unknown(element.tag)


def _say(element: ET.Element, url: str) -> Say:
    return Say((element.text or "").strip(), element.get("language", ""))


def _pause(element: ET.Element, url: str) -> Pause:
    return Pause(_int(element.get("length"), 1))


def _gather(element: ET.Element, url: str) -> Gather:
    inside = tuple(v for v in (_verb(child, url) for child in element) if isinstance(v, Say | Pause | Play))
    action = urljoin(url, element.get("action") or url)  # without one, Twilio posts to the document's URL
    return Gather(action, _int(element.get("numDigits"), 1), _int(element.get("timeout"), 5), inside)


def _enqueue(element: ET.Element, url: str) -> Enqueue:
    action, wait_url = urljoin(url, element.get("action") or url), urljoin(url, element.get("waitUrl", ""))
    return Enqueue((element.text or "").strip(), action, wait_url)


def _dial(element: ET.Element, url: str) -> Dial | Unknown:
    conference = element.find("Conference")
    if conference is None:
        return Unknown("Dial")  # a number or a client: not something Switchboard asks of a caller
    action = element.get("action")
    ends = conference.get("endConferenceOnExit", "false") == "true"
    return Dial(urljoin(url, action) if action else None, (conference.text or "").strip(), ends)


def _int(raw: str | None, default: int) -> int:
    return int(raw) if raw and raw.isdigit() else default


_READERS: dict[str, Callable[[ET.Element, str], Verb]] = {
    "Say": _say,
    "Pause": _pause,
    "Play": lambda element, url: Play((element.text or "").strip()),
    "Gather": _gather,
    "Redirect": lambda element, url: Redirect(urljoin(url, (element.text or "").strip())),
    "Enqueue": _enqueue,
    "Dial": _dial,
    "Hangup": lambda element, url: Hangup(),
    "Leave": lambda element, url: Leave(),
}
