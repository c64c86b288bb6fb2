"""Needs and gaps for planners (docs/planning.md): needs, unmet needs and their reasons, by
taxonomy term and by area, referrals per need and follow-up outcomes over a period, as a page and
as CSV, with every count under 5 suppressed (and what would give it away from the totals)."""
