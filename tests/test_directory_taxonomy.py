"""Taxonomies loaded from data: Open Eligibility (the default) through the real CLI, its
duplicate upstream id reported, a second import changing nothing, a licensed 211 taxonomy with
AIRS-style codes and French names loaded by the same command, and a term's descendants found by
the tree and by code prefix."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.directory import taxonomy, taxonomy_import
from app.directory.importing import Report
from app.directory.terms import TaxonomyTerm
from tests.support.services import ROOT
from tests.test_cli_and_embedded import flask_cli

OPEN_ELIGIBILITY = ROOT / "data/directory/open-eligibility/openeligibility-v2.0-flat.csv"
AIRS_STYLE = """code,name,name_fr,definition,parent_code
B,Basic Needs,Besoins essentiels,"Food, housing, material goods.",
BD,Food,Alimentation,Programs that provide food.,B
BD-1800,Emergency Food,Aide alimentaire d'urgence,Emergency food.,BD
BD-1800.2000,Food Banks,Banques alimentaires,Food pantries and banks.,BD-1800
BH,Housing,Logement,Shelter and housing.,B
"""


def count_terms(db, taxonomy_id: str) -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return session.scalar(select(func.count()).where(TaxonomyTerm.taxonomy_id == taxonomy_id)) or 0


def test_open_eligibility_imports_through_the_cli_and_again_changes_nothing(db, settings):  # type: ignore[no-untyped-def]
    first = flask_cli(settings, "taxonomy", "import", str(OPEN_ELIGIBILITY))
    assert first.returncode == 1  # the upstream file repeats id 1206: reported, the rest imported
    assert "row" in first.stdout and "1206 appears twice in the file" in first.stdout
    assert first.stdout.startswith("385 added")  # the taxonomy and 384 terms: 385 rows, one a repeat
    assert count_terms(db, "open-eligibility") == 384

    again = flask_cli(settings, "taxonomy", "import", str(OPEN_ELIGIBILITY))
    assert again.stdout.startswith("0 added, 0 updated, 385 unchanged"), again.stdout
    with db.transaction() as session:
        emergency = session.get(TaxonomyTerm, "open-eligibility:1101")
        assert (emergency.name, emergency.parent_id) == ("Emergency", None)
        payments = taxonomy.descendants(session, "open-eligibility:1113")
        assert "Help Pay for Food" in {term.name for term in payments}
        assert all(
            term.taxonomy_id == "open-eligibility" for term in taxonomy.descendants(session, "open-eligibility:1101")
        )


def test_a_licensed_taxonomy_loads_with_its_codes_and_french(db, tmp_path: Path):  # type: ignore[no-untyped-def]
    holder = tmp_path / "airs.csv"
    holder.write_text(AIRS_STYLE + "BD-1800.9000,,Sans nom,No name given,BD-1800\n", encoding="utf-8")
    with db.transaction() as session:
        report = taxonomy_import.import_csv(
            session, holder, {"id": "airs", "name": "211 HSIS", "version": "2026"}, Report()
        )
    assert (report.inserted, [(p.row, p.field) for p in report.problems]) == (6, [(6, "name")])
    with db.transaction() as session:
        banks = session.get(TaxonomyTerm, "airs:BD-1800.2000")
        assert (banks.name_fr, banks.description, banks.parent_id) == (
            "Banques alimentaires",
            "Food pantries and banks.",
            "airs:BD-1800",
        )
        under_food = [term.code for term in taxonomy.descendants(session, "airs:BD")]
        under_needs = [term.code for term in taxonomy.descendants(session, "airs:B")]
    assert under_food == ["BD-1800", "BD-1800.2000"]
    assert under_needs == ["BD", "BD-1800", "BD-1800.2000", "BH"]  # the tree reaches what the prefix cannot
