"""The words of a directory search, given to each database's own text search: PostgreSQL's
English and French configurations over the vectors the index rebuild stores (migration 0011), or
SQLite's FTS5 table (Porter stemming, diacritics removed). Both fold the words the same way. On
PostgreSQL the vectors' table also holds the filters' columns (migration 0023): `SEARCHED`."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from app.db import on_postgresql
from app.directory.normalize import fold
from app.directory.search_index import VECTORS

SEARCHED = table(  # migrations 0011 and 0023
    VECTORS,
    column("key", Integer), column("en"), column("fr"), column("accessible", Boolean),
    column("latitude", Float), column("longitude", Float),
    column("city_key", String), column("fsa", String), column("languages", String),
)  # fmt: skip

CONFIGURATIONS = {"en": "english", "fr": "french"}
WORD = re.compile(r"\w+")


def _postgres_matches(words: str, languages: list[str]) -> Select[Any]:
    """The stored vectors of migration 0011, GIN-indexed. The words are parsed once per language and
    statement, in a sub-select: as a plain expression of the bound words, a prepared statement's
    generic plan (psycopg prepares a statement run five times) parsed them again for every row."""
    vectors = SEARCHED.c

    def asked(lang: str) -> ColumnElement[Any]:
        parsed = func.plainto_tsquery(literal_column(f"'{CONFIGURATIONS[lang]}'"), bindparam("words", words))
        return select(parsed).scalar_subquery()

    ranks = [func.ts_rank(vectors[lang], asked(lang)) for lang in languages]
    rank = func.greatest(*ranks) if len(ranks) > 1 else ranks[0]
    matched = or_(*(vectors[lang].op("@@")(asked(lang)) for lang in languages))
    return select(vectors.key.label("key"), rank.label("rank")).where(matched)


def _sqlite_matches(words: list[str], languages: list[str]) -> Select[Any]:
    columns = " ".join(f"text_{lang}" for lang in languages)
    match = " AND ".join(f'{{{columns}}} : "{word}"' for word in words)
    where = text("hsds_search_fts MATCH :match").bindparams(match=match)
    found: Select[Any] = select(
        literal_column("rowid").label("key"), literal_column("-bm25(hsds_search_fts)").label("rank")
    )
    return found.select_from(text("hsds_search_fts")).where(where)


def holds_inactive(session: Session) -> bool:
    """SQLite's FTS5 table indexes every entry; PostgreSQL's vectors only the active ones."""
    return not on_postgresql(session)


def matches(session: Session, asked_words: str, language: str | None) -> Select[Any] | None:
    """(key, rank) of the entries holding every word (in `language`'s text, or either); None
    when no words were given."""
    words = WORD.findall(fold(asked_words))
    if not words:
        return None
    languages = [language] if language in CONFIGURATIONS else list(CONFIGURATIONS)
    if not holds_inactive(session):
        return _postgres_matches(" ".join(words), languages)
    return _sqlite_matches(words, languages)
