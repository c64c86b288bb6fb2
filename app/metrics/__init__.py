"""Prometheus metrics (docs/operations.md, "Metrics"): `GET /metrics`, read by a token or from
the machine itself. Counters and histograms are this process's (scrape every web instance);
the queue, the outbox and failed jobs are read from the database and Redis at each scrape."""
