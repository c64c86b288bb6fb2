"""`flask --app wsgi spam ...`: the block list (`block`, `unblock`, `list`) and `rescore`, which
judges past contacts again after a change of SPAM_RULES. Bad input is a one-line message and
exit status 1, never a traceback."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from app import policy, staff
from app.errors import DomainError
from app.models import StaffUser
from app.models.base import utcnow
from app.runtime import config as current_config
from app.runtime import database
from app.spam import blocklist, rescore
from app.spam.models import BlockedAddress
from app.spam.thresholds import thresholds
from config import ConfigError

MAX_DAYS = 3650
SKIPPED = (rescore.UNCHANGED, rescore.REVIEWED, rescore.WAITING)
COLUMNS = "{:<6} {:<24} {:<30} {:<22} {:<28} {}"
HEADER = COLUMNS.format("chan.", "address", "blocked by", "blocked at", "expires", "reason")


# An AppGroup: its commands run in the app's context wherever they are invoked from (a test's runner too).
@click.group("spam", cls=AppGroup, help="Spam: the block list, and rescoring past contacts.")
def spam_group() -> None:
    pass


@spam_group.command("block")
@click.argument("address")
@click.option("--channel", required=True, metavar="CHANNEL", help="sms, voice, chat or email.")
@click.option("--reason", required=True, help="Why it is blocked (shown on the list).")
@click.option("--by", "email", required=True, metavar="EMAIL", help="Email of the supervisor or admin blocking it.")
@click.option("--days", metavar="N", help="Lift the block by itself after this many days (default: never).")
def block(address: str, channel: str, reason: str, email: str, days: str | None) -> None:
    """Turn away every contact from ADDRESS (a phone number in any usual form) on a channel.
    Blocking an address already blocked changes its reason and expiry."""
    expires_at = _expiry(days)

    def add(session: Session) -> str:
        row = blocklist.block(session, _lead(session, email), channel, address, reason, expires_at)
        return f"blocked {row.channel} {row.value}" + (f" until {_local(row.expires_at)}" if row.expires_at else "")

    click.echo(_in_transaction(add))


@spam_group.command("unblock")
@click.argument("address")
@click.option("--channel", required=True, metavar="CHANNEL", help="sms, voice, chat or email.")
@click.option("--by", "email", required=True, metavar="EMAIL", help="Email of the lead lifting the block.")
def unblock(address: str, channel: str, email: str) -> None:
    """Lift the block of ADDRESS on a channel (the entry is kept, with who lifted it and when)."""

    def lift(session: Session) -> str:
        row = blocklist.lift(session, _lead(session, email), channel, address)
        return f"unblocked {row.channel} {row.value}"

    click.echo(_in_transaction(lift))


@spam_group.command("list")
def list_blocks() -> None:
    """The active blocks, newest first: channel, address, reason, who, when and expiry."""
    lines = _in_transaction(lambda session: "\n".join(_row(entry) for entry in blocklist.listed(session)))
    click.echo(f"{HEADER}\n{lines}" if lines else "the block list is empty")


@spam_group.command("rescore")
@click.option("--from", "first", required=True, metavar="YYYY-MM-DD", help="First day (included).")
@click.option("--to", "last", required=True, metavar="YYYY-MM-DD", help="Last day (included).")
def rescore_command(first: str, last: str) -> None:
    """Judge again, with the rules and SPAM_RULES as they are now, the contacts created from --from
    to --to (both days included, local days in the TIME_ZONE setting), and report how many
    changed verdict, in each direction. Contacts a supervisor reviewed are never changed;
    contacts still waiting are skipped (they are judged again as they go on)."""
    config = current_config()
    try:
        thresholds(config.SPAM_RULES)
        start, end = rescore.window(_day(first, "--from"), _day(last, "--to"), config.TIME_ZONE)
    except (ConfigError, DomainError) as error:
        raise click.ClickException(str(error)) from None
    counts = rescore.rescore(database(), start, end, progress=_progress)
    click.echo(f"contacts created {first} to {last} ({config.TIME_ZONE}): {counts.total()}")
    click.echo(_report(counts))


def _progress(done: int) -> None:
    click.echo(f"{done} contacts so far", err=True)  # on standard error: the report stays clean for scripts


def _report(counts: Counter[str]) -> str:
    """Changes by direction first, then what stayed as it was."""
    changed = sorted(key for key in counts if key not in SKIPPED)
    return "\n".join(f"  {key}: {counts[key]}" for key in [*changed, *SKIPPED])


def _in_transaction(action: Callable[[Session], str]) -> str:
    try:
        with database().transaction() as session:
            return action(session)
    except DomainError as error:
        raise click.ClickException(error.message) from None


def _lead(session: Session, email: str) -> StaffUser:
    """Who blocks or lifts, as the list records it: an active supervisor or admin."""
    user = staff.find_by_email(session, email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    if not policy.can(user, "spam.block"):
        raise click.ClickException(f"{user.email} may not change the block list (active supervisors and admins).")
    return user


def _expiry(days: str | None) -> datetime | None:
    if days is None:
        return None
    try:
        count = int(days)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_DAYS:
        raise click.ClickException(f"--days is a whole number of days, 1 to {MAX_DAYS} (got {days[:20]!r}).")
    return utcnow() + timedelta(days=count)


def _day(raw: str, option: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise click.ClickException(f"{option} is a date written YYYY-MM-DD (got {raw[:20]!r}).") from None


def _row(entry: BlockedAddress) -> str:
    expiry = _local(entry.expires_at) if entry.expires_at else "never"
    who, when = entry.blocked_by.email, _local(entry.blocked_at)
    return COLUMNS.format(entry.channel, entry.value, who, when, expiry, entry.reason)


def _local(moment: datetime) -> str:
    """A time as the operator reads it: local (TIME_ZONE), to the minute, with its zone."""
    return moment.astimezone(ZoneInfo(current_config().TIME_ZONE)).strftime("%Y-%m-%d %H:%M %Z")
