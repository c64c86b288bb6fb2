"""Threshold alerts on the board: a contact waiting too long (ALERT_LONGEST_WAIT_SECONDS), today's
abandonment rate too high (ALERT_ABANDONMENT_RATE, per channel whose abandonments the funder
counts), and contacts waiting in a language no available navigator speaks. Read off a built
board, so the alerts shown always agree with its figures; each has a stable `key`, and one
whose key was not active before has just started (it is pushed to the supervisors)."""

from __future__ import annotations

from typing import Any

from app.board import people
from app.realtime.view import UNKNOWN_LANGUAGE
from config import Config

Alert = dict[str, Any]  # {key, kind, message, value, threshold, channel?, language?}


def active(board: dict[str, Any], config: Config) -> list[Alert]:
    return _waits(board, config) + _abandonment(board, config) + _languages(board)


def started(now: list[Alert], before: set[str]) -> list[Alert]:
    return [alert for alert in now if alert["key"] not in before]


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"


def _waits(board: dict[str, Any], config: Config) -> list[Alert]:
    limit = config.ALERT_LONGEST_WAIT_SECONDS
    found = []
    for channel, shown in sorted(board["waiting"]["by_channel"].items()):
        waited = shown["longest_wait_seconds"]
        if waited >= limit:
            message = f"Longest wait on {channel}: {_minutes(waited)} (alert from {_minutes(limit)})."
            found.append({"key": f"longest_wait:{channel}", "kind": "longest_wait", "channel": channel,
                          "message": message, "value": waited, "threshold": limit})  # fmt: skip
    return found


def _abandonment(board: dict[str, Any], config: Config) -> list[Alert]:
    limit = round(100 * config.ALERT_ABANDONMENT_RATE, 1)
    found = []
    for channel, figures in board["today"]["by_channel"].items():
        rate = figures["abandonment_rate"]
        if rate is not None and rate >= limit:
            message = f"Today's {channel} abandonment rate is {rate}% (alert from {limit}%)."
            found.append({"key": f"abandonment_rate:{channel}", "kind": "abandonment_rate", "channel": channel,
                          "message": message, "value": rate, "threshold": limit})  # fmt: skip
    return found


def _languages(board: dict[str, Any]) -> list[Alert]:
    available = [n for n in board["navigators"] if n["presence"] == "available"]
    found = []
    for language, waiting in sorted(board["waiting"]["by_language"].items()):
        if language == UNKNOWN_LANGUAGE or any(people.speaks(n, language) for n in available):
            continue
        message = f"{waiting} waiting in {language}, and no available navigator speaks it."
        found.append({"key": f"no_navigator:{language}", "kind": "no_navigator", "language": language,
                      "message": message, "value": waiting, "threshold": 1})  # fmt: skip
    return found
