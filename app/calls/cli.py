"""`flask --app wsgi voice ...`: the Twilio queue, the announcement callers hear, and each
navigator's phone (their console's browser, or a desk phone) and languages."""

from __future__ import annotations

import click

from app import staff
from app.calls import announcements
from app.errors import InvalidRequest
from app.phones import parse
from app.runtime import config as current_config
from app.runtime import database
from channels import voice
from channels.base import SendError


@click.group("voice", help="Voice: the Twilio queue, announcements, navigators' phones.")
def voice_group() -> None:
    pass


@voice_group.command("setup-queue")
def setup_queue() -> None:
    """Create the Twilio queue TWILIO_VOICE_QUEUE (or resize it) to hold 2,000 callers."""
    config = current_config()
    try:
        sid = voice.ensure_queue(config)
    except SendError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"queue {config.TWILIO_VOICE_QUEUE} ({sid}) holds {voice.QUEUE_SIZE} callers")


@voice_group.command("announce")
@click.option("--en", "english", help="What English-speaking callers hear after the welcome.")
@click.option("--fr", "french", help="Ce qu'entendent les appelants francophones.")
@click.option("--clear", is_flag=True, help="No announcement from the next call on.")
def announce(english: str | None, french: str | None, clear: bool) -> None:
    """Set (both languages) or clear the announcement; the next call hears it."""
    try:
        with database().transaction() as session:
            if clear:
                announcements.clear(session, None)
            else:
                announcements.set_current(session, None, english, french)
    except InvalidRequest as error:
        raise click.ClickException(error.message) from None
    click.echo("announcement cleared" if clear else "announcement set")


@voice_group.command("phone")
@click.argument("email")
@click.option("--desk", help="Ring this number (E.164) when they claim a call, instead of their browser.")
@click.option("--browser", is_flag=True, help="Their console's browser phone (the default).")
@click.option("--languages", help="Languages they speak, comma-separated (e.g. en,fr).")
def phone(email: str, desk: str | None, browser: bool, languages: str | None) -> None:
    """A navigator's phone and languages, shown in their console."""
    number = None
    if desk:
        number = parse(desk, current_config().DEFAULT_REGION).e164
        if number is None:
            raise click.ClickException(f"{desk!r} is not a phone number.")
    try:
        with database().transaction() as session:
            user = staff.set_voice(session, email, desk=number, browser=browser, languages=languages)
            shown = f"{user.email}: {user.desk_number or 'browser'} phone, speaks {user.languages}"
    except InvalidRequest as error:
        raise click.ClickException(error.message) from None
    click.echo(shown)
