"""Reading a taxonomy: a term and its descendants, found by the tree (`parent_id`) and, for
taxonomies whose codes nest (AIRS `BD-1800` > `BD-1800.2000`, Ohana's `101` > `101-02`), by code
prefix, so a search for a broad need also finds the services coded to its narrower ones."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, literal, or_, select
from sqlalchemy.orm import Session, aliased

from app.directory.terms import TaxonomyTerm
from app.errors import NotFound

CODE_SEPARATORS = ("-", ".")  # a code followed by one of these begins a narrower code


def term(session: Session, term_id: str) -> TaxonomyTerm:
    found = session.get(TaxonomyTerm, term_id)
    if found is None:
        raise NotFound(f"No taxonomy term {term_id}.")
    return found


def descendants(session: Session, term_id: str) -> list[TaxonomyTerm]:
    """Every term under `term_id` (not itself), in code order."""
    top = term(session, term_id)
    tree = select(TaxonomyTerm.id).where(TaxonomyTerm.parent_id == literal(top.id)).cte(recursive=True)
    child = aliased(TaxonomyTerm)
    tree = tree.union(select(child.id).where(child.parent_id == tree.c.id))
    in_tree = TaxonomyTerm.id.in_(select(tree.c.id))
    query = select(TaxonomyTerm).where(or_(in_tree, _narrower_codes(top))).order_by(TaxonomyTerm.code)
    return list(session.scalars(query))


def _narrower_codes(top: TaxonomyTerm) -> ColumnElement[bool]:
    if not top.code:
        return false()
    same = TaxonomyTerm.taxonomy_id == top.taxonomy_id
    return same & or_(*(TaxonomyTerm.code.startswith(top.code + sep, autoescape=True) for sep in CODE_SEPARATORS))
