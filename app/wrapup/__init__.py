"""Wrap-up: what a navigator records of a contact (docs/wrapup.md): needs coded to the taxonomy
and whether each was met, referrals with a snapshot of the service, contact type, inquirer,
area, optional demographics, consent to follow up, notes."""
