"""The whole board, read in one transaction: the same for every supervisor, so it is built once
per frame and sent to all of them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app import serializers
from app.board import alerts, charts, day, live, metrics, people
from app.db import ports
from app.reports import definitions


def build(session: Session, now: datetime) -> dict[str, Any]:
    config = ports(session).config
    period = day.today(config, now)
    d = definitions.in_force(period.first)
    waiting = live.waiting(session, now)
    navigators = people.navigators(session)
    board: dict[str, Any] = {
        "server_time": serializers.iso(now),
        "day": {"date": period.first.isoformat(), "time_zone": period.zone, "starts": config.BOARD_DAY_STARTS,
                "start": serializers.iso(period.start), "end": serializers.iso(period.end)},
        "waiting": waiting,
        "navigators": navigators,
        "presence": people.summary(navigators),
        "today": metrics.today(session, d, period, day.service_levels(config)),
        "charts": charts.charts(session, d, period, now, {ch: w["count"] for ch, w in waiting["by_channel"].items()}),
        "contacts": live.contacts(session),
    }  # fmt: skip
    board["alerts"] = alerts.active(board, config)
    return board
