"""How many contacts of each channel a navigator may hold at once (the CAPACITY setting, e.g.
`voice=1,sms=3,chat=3,email=5`), and what they hold now. A claim beyond it is refused."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain import Channel, ContactState, digits
from app.errors import DomainError
from app.models import Contact
from config import ConfigError

DEFAULT_LIMITS: dict[str, int] = {Channel.VOICE: 1, Channel.SMS: 3, Channel.CHAT: 3, Channel.EMAIL: 5}
# What a navigator holds, in words: (one, several).
# The refusal in full for each channel, since a language's words for them differ in gender too.
AT_MOST: dict[str, Callable[[int], str]] = {
    Channel.VOICE: lambda n: ngettext("You already hold %(num)s call, the most at once; close it first.",
                                      "You already hold %(num)s calls, the most at once; close one first.", n),
    Channel.SMS: lambda n: ngettext(
        "You already hold %(num)s text conversation, the most at once; close it first.",
        "You already hold %(num)s text conversations, the most at once; close one first.", n),
    Channel.CHAT: lambda n: ngettext("You already hold %(num)s chat, the most at once; close it first.",
                                     "You already hold %(num)s chats, the most at once; close one first.", n),
    Channel.EMAIL: lambda n: ngettext("You already hold %(num)s email, the most at once; close it first.",
                                      "You already hold %(num)s emails, the most at once; close one first.", n),
}  # fmt: skip


class AtCapacity(DomainError):
    code = "at_capacity"
    http_status = 409


@lru_cache(maxsize=8)
def limits(setting: str) -> dict[str, int]:
    """CAPACITY as limits by channel; a channel it leaves out keeps its default. ConfigError
    when an entry is not `channel=number` with a known channel and a number of at least 1."""
    parsed = dict(_entry(item.strip()) for item in setting.split(",") if item.strip())
    return {**DEFAULT_LIMITS, **parsed}


def _entry(item: str) -> tuple[str, int]:
    name, _, number = (part.strip() for part in item.partition("="))
    if name.lower() not in set(Channel) or not digits(number) or int(number) < 1:
        channels = ", ".join(Channel)
        raise ConfigError(f"CAPACITY: {item[:40]!r} is not channel=number ({channels}; at least 1)")
    return name.lower(), int(number)


def held(session: Session, staff_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """The contacts each of `staff_ids` holds now, by channel (channels with none left out)."""
    ids = list(staff_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Contact.navigator_id, Contact.channel, func.count())
        .where(Contact.state == ContactState.CLAIMED, Contact.navigator_id.in_(ids))
        .group_by(Contact.navigator_id, Contact.channel)
    ).all()
    loads: dict[int, dict[str, int]] = {}
    for staff_id, channel, count in rows:
        loads.setdefault(staff_id, {})[channel] = count
    return loads


def has_room(load: dict[str, int], channel: str, setting: str) -> bool:
    return load.get(channel, 0) < limits(setting).get(channel, 1)


def refuse_beyond(count: int, channel: str, setting: str) -> None:
    """Refuse one more contact of `channel` to a navigator who holds `count` of them."""
    if has_room({channel: count}, channel, setting):
        return
    raise AtCapacity(AT_MOST[Channel(channel)](count))
