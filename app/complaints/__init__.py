"""Complaints and their resolution (docs/complaints.md): residents complain on a public bilingual
page, navigators log one from a contact, supervisors track each to its outcome, and the funder's
report counts them (`service.count`)."""
