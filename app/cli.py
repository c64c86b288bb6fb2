"""`flask --app wsgi users create ...` and `flask --app wsgi demo load`."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Callable

import click
from flask import Flask
from sqlalchemy.orm import Session

from app import staff
from app.calls import cli as call_cli
from app.directory import cli as directory_cli
from app.domain import Role
from app.errors import InvalidRequest
from app.privacy import cli as privacy_cli
from app.reports import cli as report_cli
from app.runtime import database
from app.services import demo
from app.spam import cli as spam_cli
from app.twofactor import service as twofactor


@click.group("users", help="Manage staff accounts.")
def users() -> None:
    pass


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", default=None, help="Display name shown to colleagues.")
@click.option("--languages", default="en", show_default=True, help="Comma-separated, e.g. en,fr.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email: str, role: str, name: str | None, languages: str, password_stdin: bool) -> None:
    """Create a staff account. Without --password-stdin a password is generated and printed."""
    generated = not password_stdin
    password = secrets.token_urlsafe(12) if generated else sys.stdin.readline().rstrip("\r\n")
    try:
        with database().transaction() as session:
            user = staff.create(session, email=email, role=role, password=password, name=name, languages=languages)
    except InvalidRequest as error:
        raise click.ClickException(error.message) from error
    click.echo(f"created {user.role} {user.email}" + (f" with password {password}" if generated else ""))


@users.command("set-role")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
def set_role(email: str, role: str) -> None:
    """Change a staff member's role; their open sessions end."""
    _change(lambda session: staff.set_role(session, email, role), f"{email} is now {role}")


@users.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Disable an account; its open sessions and consoles end."""
    _change(lambda session: staff.set_active(session, email, False), f"{email} is disabled")


@users.command("enable")
@click.argument("email")
def enable(email: str) -> None:
    _change(lambda session: staff.set_active(session, email, True), f"{email} is enabled")


@users.command("reset-2fa")
@click.argument("email")
def reset_two_factor(email: str) -> None:
    """Clear an account's two-factor sign-in (a lost phone): it enrols again at its next sign-in."""
    _change(lambda session: twofactor.reset(session, email), f"{email} will set up two-factor sign-in again")


def _change(action: Callable[[Session], object], done: str) -> None:
    try:
        with database().transaction() as session:
            action(session)
    except InvalidRequest as error:
        raise click.ClickException(error.message) from error
    click.echo(done)


@click.group("demo", help="Demo data for trying Switchboard locally.")
def demo_group() -> None:
    pass


@demo_group.command("load")
def load_demo() -> None:
    """Create demo staff (passwords printed once) and a few queued texts. Safe to run twice."""
    with database().transaction() as session:
        created = demo.load(session)
    if not created:
        click.echo("demo data already loaded (passwords were printed the first time)")
    for email, role, password in created:
        click.echo(f"  {role:<10} {email:<28} password: {password}")


def register(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(demo_group)
    app.cli.add_command(call_cli.voice_group)
    app.cli.add_command(directory_cli.directory_group)
    app.cli.add_command(directory_cli.taxonomy_group)
    app.cli.add_command(spam_cli.spam_group)
    app.cli.add_command(report_cli.reports_group)
    app.cli.add_command(privacy_cli.privacy_group)
