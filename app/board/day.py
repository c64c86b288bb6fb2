"""The board's day and the thresholds it is judged by, from the settings: the local day (in
TIME_ZONE) starting at BOARD_DAY_STARTS, and the service-level threshold of each channel
(SERVICE_LEVEL_SECONDS). A setting that cannot be read stops the process at start."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain import Channel
from app.reports.periods import Period
from config import Config, ConfigError

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_PAIR = re.compile(r"^\s*([a-z]+)\s*=\s*(\d+)\s*$")
DEFAULT_SERVICE_LEVEL = {"voice": 60, "chat": 60, "sms": 300, "email": 86400}


@dataclass(frozen=True)
class ShiftedDay(Period):
    """Local days that start at `starts_at` rather than midnight."""

    starts_at: time = time()

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, self.starts_at, ZoneInfo(self.zone)).astimezone(UTC)

    @property
    def end(self) -> datetime:
        after = self.last + timedelta(days=1)
        return datetime.combine(after, self.starts_at, ZoneInfo(self.zone)).astimezone(UTC)


def day_starts(config: Config) -> time:
    """BOARD_DAY_STARTS, `HH:MM` local time."""
    matched = _CLOCK.match(config.BOARD_DAY_STARTS.strip())
    if not matched:
        raise ConfigError(f"BOARD_DAY_STARTS must be a time of day, HH:MM (got {config.BOARD_DAY_STARTS[:20]!r})")
    return time(int(matched.group(1)), int(matched.group(2)))


def service_levels(config: Config) -> dict[str, int]:
    """Seconds within which an answer counts toward the service level, by channel:
    SERVICE_LEVEL_SECONDS (`voice=60;sms=300`) over the defaults."""
    found = dict(DEFAULT_SERVICE_LEVEL)
    for part in filter(str.strip, re.split(r"[;,]", config.SERVICE_LEVEL_SECONDS)):
        matched = _PAIR.match(part)
        if not matched or matched.group(1) not in set(Channel) or int(matched.group(2)) < 1:
            raise ConfigError(f"SERVICE_LEVEL_SECONDS must be like voice=60;sms=300 (got {part.strip()[:30]!r})")
        found[matched.group(1)] = int(matched.group(2))
    return found


def check(config: Config) -> None:
    """Raise ConfigError now, at start, rather than in the board's task."""
    day_starts(config)
    service_levels(config)


def today(config: Config, now: datetime) -> Period:
    """The board's day holding `now`: the report's own period when the day starts at midnight."""
    starts = day_starts(config)
    local = now.astimezone(ZoneInfo(config.TIME_ZONE))
    first = (local - timedelta(hours=starts.hour, minutes=starts.minute)).date()
    if starts == time():
        return Period(first, first, config.TIME_ZONE)
    return ShiftedDay(first, first, config.TIME_ZONE, starts)
