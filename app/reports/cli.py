"""`flask --app wsgi reports rollup [--since YYYY-MM-DD]`: build the report's daily rollup now
(the sweeps do it a month at a time), or build it again from a day on."""

from __future__ import annotations

import time
from datetime import datetime

import click
from flask.cli import AppGroup

from app.reports import rollup
from app.runtime import config as current_config
from app.runtime import database


# An AppGroup: its commands run in the app's context wherever they are invoked from.
@click.group("reports", cls=AppGroup, help="The funder's report: its daily rollup.")
def reports_group() -> None:
    pass


@reports_group.command("rollup")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Build again every settled day from this one (YYYY-MM-DD), built or not.")  # fmt: skip
def build(since: datetime | None) -> None:
    """Build every settled day not built yet (ROLLUP_SETTLE_DAYS), a month per transaction."""
    config = current_config()
    if database().engine.dialect.name != "postgresql":
        click.echo("No rollup on SQLite: the embedded database's reports count the contacts themselves.")
        return
    t0 = time.monotonic()
    days = rollup.build_all(database().transaction, config.TIME_ZONE, config.ROLLUP_SETTLE_DAYS,
                            since.date() if since else None)  # fmt: skip
    spent = time.monotonic() - t0
    if not days:
        click.echo(f"Every settled day is built ({config.TIME_ZONE}).")
        return
    click.echo(f"Built {len(days)} days, {days[0]} to {days[-1]} ({config.TIME_ZONE}), in {spent:.1f} s.")
