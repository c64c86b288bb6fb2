"""Open Referral's HSDS 3.1 schemas, as shipped in data/directory, made components of our document:
each file becomes `hsds_<name>` and its references by file name (`"phone.json"`) point there, so
the objects the directory API answers with are described by HSDS itself, not by a copy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from config import BASE_DIR

SCHEMAS = BASE_DIR / "data/directory/openreferral-hsds-3.1/schema"
PREFIX = "hsds_"
# Our ids are the sources' own, not the UUIDs HSDS's `format` asks for (docs/api.md): the one
# difference from HSDS that the document states by leaving that format out.
DROPPED_FORMATS = frozenset({"uuid"})


def schemas() -> dict[str, Any]:
    """Every table's schema, and the page envelope from HSDS's openapi.json."""
    found = {PREFIX + path.stem: _referenced(_read(path)) for path in sorted(SCHEMAS.glob("*.json")) if _table(path)}
    found[PREFIX + "Page"] = _read(SCHEMAS / "openapi.json")["components"]["schemas"]["Page"]
    return found


def _table(path: Path) -> bool:
    return not path.name.startswith("compiled_") and path.name != "openapi.json"


def _read(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _referenced(node: Any) -> Any:
    """The schema with its file references made component references."""
    if isinstance(node, list):
        return [_referenced(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _referenced(value) for key, value in node.items() if not _dropped(key, value)}
    ref = out.get("$ref")
    if isinstance(ref, str) and ref.endswith(".json") and "/" not in ref:
        out["$ref"] = f"#/components/schemas/{PREFIX}{ref.removesuffix('.json')}"
    return out


def _dropped(key: str, value: Any) -> bool:
    return key == "format" and value in DROPPED_FORMATS
