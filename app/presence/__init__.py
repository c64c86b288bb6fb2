"""Navigators' presence (available, busy, away, offline) recorded as spans of time, the capacity
that limits what they may hold at once, and the language-first offer of new contacts
(docs/presence.md). Importing this package loads nothing: its modules are imported by name."""
