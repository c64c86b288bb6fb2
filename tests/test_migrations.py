"""The schema is built by the Alembic migrations and matches the models: autogenerate finds
nothing to add on PostgreSQL or on the embedded SQLite default, and the migrations go down to
nothing and back up cleanly (on a scratch database, so the session's database is untouched)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from app.directory.search_models import managed_by_migrations
from app.models import Base
from tests.support import services

APP_TABLES = {table.name for table in Base.metadata.sorted_tables}


def schema_differences(url: str) -> list[object]:
    """What `alembic revision --autogenerate` would put in a new migration, configured like
    migrations/env.py (compare_type=True)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "target_metadata": Base.metadata,
                    "render_as_batch": connection.dialect.name == "sqlite",
                    "include_name": lambda name, type_, parents: not managed_by_migrations(name),
                },
            )
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def table_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.fixture
def scratch_database(database_url: str) -> Iterator[str]:
    """An empty PostgreSQL database beside the session's one, dropped afterwards."""
    target = make_url(database_url)
    url = target.set(database=f"{target.database}_migrations").render_as_string(hide_password=False)
    services.recreate_database(url)
    try:
        yield url
    finally:
        services.drop_database(url)


def alembic_cli(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    """`alembic ...` as an operator runs it from the repository: the URL comes from DATABASE_URL."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=services.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_postgres_schema_built_by_migrations_matches_the_models(database_url: str) -> None:
    assert table_names(database_url) >= APP_TABLES
    assert schema_differences(database_url) == []


def test_postgres_migrations_downgrade_to_nothing_and_upgrade_again(scratch_database: str) -> None:
    cfg = services.alembic_config(scratch_database)
    command.upgrade(cfg, "head")
    assert table_names(scratch_database) >= APP_TABLES

    command.downgrade(cfg, "base")
    assert table_names(scratch_database) & APP_TABLES == set()
    assert table_names(scratch_database) <= {"alembic_version"}

    command.upgrade(cfg, "head")
    assert table_names(scratch_database) >= APP_TABLES
    assert schema_differences(scratch_database) == []


def test_embedded_sqlite_upgrade_head_builds_the_model_schema(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'instance' / 'switchboard.db'}"
    result = alembic_cli("upgrade", "head", database_url=url)
    assert result.returncode == 0, result.stderr
    assert table_names(url) >= APP_TABLES
    assert schema_differences(url) == []
