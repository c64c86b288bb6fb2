"""Alembic environment: the database URL comes from the `sqlalchemy.url` option when a caller
set one (tests), else from Config (DATABASE_URL, default SQLite under instance/)."""

from logging.config import fileConfig
from pathlib import Path

from alembic import context
from sqlalchemy import pool

from app.db import private_engine
from app.directory.search_models import managed_by_migrations
from app.models import Base
from app.models.base import UTCDateTime
from config import Config

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name)

url = config.get_main_option("sqlalchemy.url") or Config.from_env().DATABASE_URL
if url.startswith("sqlite:///"):
    Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = private_engine(url, poolclass=pool.NullPool)  # errors never quote rows being migrated
    with engine.connect() as connection:
        _run(connection)


def render_item(type_: str, obj: object, autogen_context) -> str | bool:  # type: ignore[no-untyped-def]
    """Migrations stay independent of app code: our UTC type is a plain timestamptz column."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    return not managed_by_migrations(name)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
