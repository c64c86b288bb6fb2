"""Background work: delivering outbox rows, and the periodic sweeps (outbox relay, claim
leases). `python -m workers` runs RQ workers with the scheduler and the sweeps."""
