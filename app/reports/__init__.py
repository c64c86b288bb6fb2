"""Supervisors' reports (docs/reports.md): the funder's service-data report, counted from the
contacts themselves under versioned definitions (settled days through an exact daily rollup)."""
