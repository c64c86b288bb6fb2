"""Settings of the retention of residents' personal information (docs/privacy.md), kept apart so
that config.py stays readable: Config inherits them, and the environment sets them like any other."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PrivacySettings:
    # Days after a contact closed when its personal information is erased; 0 keeps it for ever.
    # Two years by default: why in docs/decisions.md ("How long residents' information is kept").
    RETENTION_DAYS: int = 730
    RETENTION_BATCH: int = 200  # contacts erased per transaction (one batch per sweep)
