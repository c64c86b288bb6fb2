"""Which importer reads a path: an HSDS 3.1 tabular data package (a folder with
`datapackage.json`), HSDS JSON (a `.json` file), the Ohana sample (a folder with Ohana's
`programs.csv`) or the Ontario assessment-centre locations (a CSV with `location_name_fr`)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from app.directory.importing import Report

Importer = Callable[[Session, Path, Report], Report]


class UnknownSource(ValueError):
    pass


def _header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return next(csv.reader(handle), [])


def detect(path: Path) -> tuple[str, Importer]:
    """(what the path holds, the importer for it); UnknownSource says what is accepted."""
    from app.directory import hsds_json, hsds_tabular, ohana, ontario  # the importers import this module's callers

    if path.is_dir() and (path / "datapackage.json").is_file():
        return "an HSDS tabular data package", hsds_tabular.import_package
    if path.is_dir() and (path / "programs.csv").is_file():
        return "the Ohana sample directory", ohana.import_directory
    if path.is_file() and path.suffix.lower() == ".json":
        return "HSDS JSON", hsds_json.import_file
    if path.is_file() and path.suffix.lower() == ".csv" and "location_name_fr" in _header(path):
        return "Ontario's assessment-centre locations", ontario.import_csv
    raise UnknownSource(
        f"{path} is not a directory source: give an HSDS data package folder (with datapackage.json), "
        "an HSDS JSON file, the Ohana sample folder or the Ontario locations CSV."
    )
