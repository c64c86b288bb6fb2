"""The audit trail people can read: recording (service), searching (search) and the page and its
CSV export (views). docs/audit.md."""
