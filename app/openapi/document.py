"""The document: spec/base.yaml, then each domain's piece (its paths and components) merged in,
then HSDS's schemas. Built once per process; a path or component named twice is a mistake in the
pieces and fails loudly rather than one silently replacing the other."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from app.openapi import hsds

SPEC = Path(__file__).with_name("spec")
PIECES = ("service", "contacts", "directory", "hsds", "reports", "spam", "privacy", "webhooks")


@cache
def document() -> dict[str, Any]:
    merged = _load("base")
    for name in PIECES:
        piece = _load(name)
        _add(merged["paths"], piece.get("paths", {}), name)
        for kind, entries in piece.get("components", {}).items():
            _add(merged["components"].setdefault(kind, {}), entries, name)
    _add(merged["components"]["schemas"], hsds.schemas(), "hsds schemas")
    return merged


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((SPEC / f"{name}.yaml").read_text(encoding="utf-8"))
    return loaded


def _add(into: dict[str, Any], entries: dict[str, Any], piece: str) -> None:
    twice = into.keys() & entries.keys()
    if twice:
        raise ValueError(f"{piece} names again what another piece describes: {', '.join(sorted(twice))}")
    into.update(entries)
