"""Residents' personal information over time (docs/privacy.md): erasing it from contacts while
what the reports count stays (erase), after the retention period (retention) or when a resident
asks (requests), and showing an administrator everything held about a resident (holdings)."""
