"""Administrators' corrections survive a re-import. A field corrected by hand (app.directory.flags'
edit log) keeps its corrected value while the source keeps sending the value the correction
replaced; once the source sends something else, the source has changed that field itself and
its new value is taken. A run of edits of one field counts as one correction of the value before
the first of them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.flags import MODELS, DirectoryEdit

_KINDS = {model: kind for kind, model in MODELS.items()}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


class Corrections:
    """The source's value behind each corrected field, read once from the edit log."""

    def __init__(self, session: Session) -> None:
        self._replaced: dict[tuple[str, str, str], str | None] = {}
        latest: dict[tuple[str, str, str], str | None] = {}
        order = (DirectoryEdit.edited_at, DirectoryEdit.id)
        for edit in session.scalars(select(DirectoryEdit).order_by(*order)):
            key = (edit.record_kind, edit.record_id, edit.field)
            if key not in latest or latest[key] != edit.old_value:  # a new run: the source's value before it
                self._replaced[key] = edit.old_value
            latest[key] = edit.new_value

    def keeps(self, model: type[Any], record_id: str, field: str, incoming: Any) -> bool:
        """Whether the stored (corrected) value stands against `incoming` from the source."""
        key = (_KINDS.get(model, ""), record_id, field)
        return key in self._replaced and self._replaced[key] == _text(incoming)
