"""Spam, auto-dialer, static and block-list tagging (docs/spam.md): one scoring module for every
channel, explainable (each verdict keeps its reasons), reversible (supervisors review), and never
keeping a person in crisis from a navigator."""
