"""`flask --app wsgi directory import PATH` and `flask --app wsgi taxonomy import PATH`: load
data with a progress bar, then a report of what changed and of every row refused (file, row,
field, reason). Refused rows do not stop the others; the exit status is 1 when there were any."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from app.directory import search_index, sources, taxonomy_import
from app.directory.importing import Report
from app.directory.source_rows import SourceRow
from app.runtime import database

SHOWN_PROBLEMS = 50


def _with_progress(rows: list[SourceRow], label: str) -> Iterator[SourceRow]:
    """On standard error, so the report on standard output stays clean for scripts."""
    with click.progressbar(rows, label=label.ljust(32), file=sys.stderr) as bar:
        yield from bar


def _finish(report: Report) -> None:
    click.echo(report.summary())
    for problem in report.problems[:SHOWN_PROBLEMS]:
        click.echo(f"  {problem.file} row {problem.row}: {problem.field} {problem.reason}")
    if len(report.problems) > SHOWN_PROBLEMS:
        click.echo(f"  ... and {len(report.problems) - SHOWN_PROBLEMS} more")
    if report.problems:
        raise SystemExit(1)


@click.group("directory", help="The directory of community services.")
def directory_group() -> None:
    pass


@directory_group.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def import_directory(path: Path) -> None:
    """Import (again: only what changed) an HSDS package or JSON, the Ohana sample or the Ontario CSV."""
    try:
        kind, importer = sources.detect(path)
    except sources.UnknownSource as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"importing {kind} from {path}")
    report = Report(follow=_with_progress)
    with database().transaction() as session:
        importer(session, path, report)
        click.echo(f"search index: {search_index.rebuild(session)} services at locations")
    _finish(report)


@click.group("taxonomy", help="The taxonomy needs and services are coded to.")
def taxonomy_group() -> None:
    pass


@taxonomy_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "taxonomy_id", default=taxonomy_import.OPEN_ELIGIBILITY["id"], show_default=True)
@click.option("--name", default=taxonomy_import.OPEN_ELIGIBILITY["name"], show_default=True)
@click.option("--version", default=taxonomy_import.OPEN_ELIGIBILITY["version"], show_default=True)
def import_taxonomy(path: Path, taxonomy_id: str, name: str, version: str) -> None:
    """Import a taxonomy's terms from CSV (Open Eligibility by default; see docs/directory.md)."""
    report = Report(follow=_with_progress)
    with database().transaction() as session:
        taxonomy_import.import_csv(session, path, {"id": taxonomy_id, "name": name, "version": version}, report)
        search_index.rebuild(session)  # term names are searched
    _finish(report)
