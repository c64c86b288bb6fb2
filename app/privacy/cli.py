"""`flask --app wsgi privacy purge`: erase now the personal information of every contact past the
retention period (the workers' sweep does it a batch at a time), a batch per transaction."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.privacy import retention
from app.runtime import config as current_config
from app.runtime import database


# An AppGroup: its commands run in the app's context wherever they are invoked from.
@click.group("privacy", cls=AppGroup, help="Residents' personal information: retention.")
def privacy_group() -> None:
    pass


@privacy_group.command("purge")
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Erase contacts closed more than this many days ago (default: RETENTION_DAYS).")  # fmt: skip
def purge(days: int | None) -> None:
    """Erase the personal information of every closed contact past the retention period, except
    those with an open follow-up or complaint, of complaints closed as long ago, and web chats whose
    visitor never wrote; the counts the reports read stay."""
    config = current_config()
    kept_for = days or config.RETENTION_DAYS
    if kept_for <= 0:
        click.echo("Retention is off (RETENTION_DAYS=0): nothing erased.")
        return
    erased = retention.purge(database().transaction, kept_for, config.RETENTION_BATCH)
    click.echo(f"Erased {erased} contacts, complaints and silent web chats older than {kept_for} days.")
