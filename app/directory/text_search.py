"""The words of a directory search, given to each database's own text search: PostgreSQL's
English and French configurations over the vectors the index rebuild stores (migration 0011), or
SQLite's FTS5 table (Porter stemming, diacritics removed). Both fold the words the same way."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, column, func, literal_column, or_, select, table, text
from sqlalchemy.orm import Session

from app.directory.normalize import fold
from app.directory.search_index import VECTORS

CONFIGURATIONS = {"en": "english", "fr": "french"}
WORD = re.compile(r"\w+")


def _postgres_matches(words: str, languages: list[str]) -> Select[Any]:
    """The stored vectors of migration 0011, GIN-indexed; the query parsed once per language."""
    vectors = table(VECTORS, column("key"), column("en"), column("fr"))

    def asked(lang: str) -> ColumnElement[Any]:
        return func.plainto_tsquery(literal_column(f"'{CONFIGURATIONS[lang]}'"), bindparam("words", words))

    ranks = [func.ts_rank(vectors.c[lang], asked(lang)) for lang in languages]
    rank = func.greatest(*ranks) if len(ranks) > 1 else ranks[0]
    matched = or_(*(vectors.c[lang].op("@@")(asked(lang)) for lang in languages))
    return select(vectors.c.key.label("key"), rank.label("rank")).where(matched)


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
    return session.get_bind().dialect.name != "postgresql"


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
