"""Rows written exactly once under concurrency: INSERT ... ON CONFLICT DO NOTHING RETURNING, where
a concurrent writer's row shows as no row rather than an error, so an attempt takes back what it
wrote and looks again (no savepoint per item). Statements are built once: SQLAlchemy keeps their
compiled forms. The returned row runs as a Core statement and becomes the session's object directly:
the ORM's loading of a statement's result (row processors built for every execution) cost a webhook
more than the INSERT itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy import bindparam, inspect, text
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_dict, set_committed_value
from sqlalchemy.orm.util import identity_key

from app.db import core
from app.models import Base

T = TypeVar("T")
M = TypeVar("M", bound=Base)
ATTEMPTS = 3


class Overtaken(Exception):
    """A concurrent delivery wrote a row this attempt needed to write."""


class Insert:
    """INSERT a `model` row (columns not given are NULL), ON CONFLICT DO NOTHING, RETURNING it loaded.
    Text: SQLAlchemy compiles its own upserts at every execution. PostgreSQL and SQLite read it alike."""

    def __init__(self, model: type[Base], conflict: str = "") -> None:
        table = Base.metadata.tables[model.__tablename__]
        given = [c for c in table.c if not c.primary_key]
        self.names = [c.name for c in given]
        on_conflict = f"ON CONFLICT {conflict} DO NOTHING " if conflict else ""
        sql = f"INSERT INTO {table.name} ({', '.join(self.names)}) VALUES (:{', :'.join(self.names)}) {on_conflict}"
        sql += f"RETURNING {', '.join(table.c.keys())}"
        self.statement = text(sql).bindparams(*(bindparam(c.name, type_=c.type) for c in given)).columns(*table.c)
        self.model = model

    def __call__(self, session: Session, written: list[Any], **values: Any) -> Any:
        """The new row, added to `written`; Overtaken if the conflict target names a row already."""
        row = core(session, self.statement, dict.fromkeys(self.names) | values).first()
        if row is None:
            raise Overtaken
        stored = adopt(session, self.model, row)
        written.append(stored)
        return stored


def adopt(session: Session, model: type[M], row: Sequence[Any]) -> M:
    """A row of `model`'s table (its columns in order) as the session's object, as a query would
    have loaded it (relationships lazy): the values go straight into its state, which
    make_transient_to_detached commits. An object the session holds already takes the values."""
    values = dict(zip(_keys(model), row, strict=True))
    held = session.identity_map.get(identity_key(model, (values["id"],)))
    if held is not None:
        for key, value in values.items():
            set_committed_value(held, key, value)
        return cast(M, held)
    instance = model()
    instance_dict(instance).update(values)
    make_transient_to_detached(instance)
    session.add(instance)
    return instance


@cache
def _keys(model: Any) -> list[str]:
    """The attribute of each of the model's table's columns, in order."""
    return [inspect(model).get_property_by_column(c).key for c in Base.metadata.tables[model.__tablename__].c]


def exactly_once(session: Session, attempt: Callable[[list[Any]], T]) -> T:
    """Run `attempt` (which adds each row it writes to the list) until no concurrent writer
    overtakes it; what an overtaken attempt wrote is taken back, newest first."""
    for _ in range(ATTEMPTS):
        written: list[Any] = []
        try:
            return attempt(written)
        except Overtaken:  # the other delivery's rows are committed now: the next attempt finds them
            for row in reversed(written):
                session.delete(row)
                session.flush()  # one at a time: no relationship tells the flush a resident's address goes first
    raise RuntimeError(f"gave up: overtaken by concurrent deliveries {ATTEMPTS} times")
