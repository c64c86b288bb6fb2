"""How events reach consoles (docs/decisions.md, "One event bus").

Services publish after commit. In a web process the Hub hands each event to its own consoles
and, through the Redis bus, to every other process; each web process listens to the bus and
sends queue changes to its consoles in coalesced frames."""
