"""The bench's figures: percentiles, CPU per operation, the printed table and the JSON file."""

from __future__ import annotations

import argparse
import json
import math
import os
from pathlib import Path
from typing import Any


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile; NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


LATENCY = "p50 {p50} / p95 {p95} / p99 {p99} / max {max} ms"  # one line of what `ms` returns


def ms(values: list[float]) -> dict[str, float]:
    """p50/p95/p99/max of `values` (seconds) in milliseconds."""
    return {k: round(pct(values, p) * 1000, 1) for k, p in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))}


def per_op(cpu: dict[str, Any], group: str, operations: int) -> float:
    """CPU milliseconds `group` spent per operation during a measured phase."""
    return round(1000 * cpu["seconds"][group] / operations, 2) if operations else math.nan


def print_report(results: dict) -> None:
    """Print the machine, the results table, the CPU per phase and the CPU per operation."""
    m = results["machine"]
    print(
        f"\nMachine: {m['nproc']} CPU ({m['cpu']}), {m['ram_gib']} GiB, PostgreSQL {m['postgresql']}, "
        f"Redis {m['redis']}, Python {m['python']}; load average before/after: "
        f"{results['load_before']} / {results['load_after']}"
    )
    f, c, p1, p, s1, cl, r = (
        results[k]
        for k in (
            "webhook_flood",
            "console_connect",
            "push_1_console",
            "push",
            "claim_one_at_a_time",
            "claims",
            "replies",
        )
    )
    rows = [
        (
            "(a) webhook flood",
            f"{f['requests']} signed SMS webhooks, {f['senders']} senders",
            f"{f['per_second']} req/s",
            _lat(f["latency_ms"]),
        ),
        (
            "    push during flood",
            "webhook 200 -> 1 console's contact_queued",
            "",
            _lat(f["push_to_1_console_during_flood_ms"]),
        ),
        (
            "    console connect",
            f"{c['consoles']} consoles, snapshot of {c['queued_in_snapshot']} queued ({c['snapshot_kib']} KiB)",
            "",
            _lat(c["connect_to_snapshot_ms"]),
        ),
        (
            "(b) push",
            f"{p1['webhooks']} webhooks at {p1['per_second']}/s -> 1 console",
            f"{p1['deliveries']} deliveries",
            _lat(p1["after_200_ms"]),
        ),
        (
            "    push",
            f"{p['webhooks']} webhooks at {p['per_second']}/s -> {p['consoles']} consoles",
            f"{p['deliveries']} deliveries",
            _lat(p["after_200_ms"]),
        ),
        (
            "    (from request sent)",
            f"{p['arrived_before_200']} arrived before the 200",
            "",
            _lat(p["after_request_sent_ms"]),
        ),
        (
            "(c) claim, uncontested",
            f"1 navigator claims {s1['claims']} contacts one after another",
            "",
            _lat(s1["ack_ms"]),
        ),
        (
            "    claim race",
            f"{cl['navigators']} navigators over {cl['contacts']} contacts",
            f"{cl['claims_per_second']} claims/s",
            _lat(cl["winning_ack_ms"]),
        ),
        (
            "    all claim acks",
            f"{cl['attempts']} attempts, {cl['lost_races']} lost races, exactly-once ok",
            f"{cl['attempts_per_second']} acks/s",
            _lat(cl["all_acks_ms"]),
        ),
        (
            "(d) reply -> Twilio",
            f"{r['replies']} replies at {r['per_second']}/s: ack -> Messages.create",
            "",
            _lat(r["ack_to_twilio_ms"]),
        ),
        ("    reply ack", "reply command -> ack", "", _lat(r["ack_ms"])),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    header = ("measure", "shape", "rate", "latency ms p50 / p95 / p99 / max")
    print("\n" + "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
    print("\nCPU per phase, % of one core (machine has {nproc} cores):".format(**m))
    for name in ("webhook_flood", "push_1_console", "console_connect", "push", "claims", "replies"):
        cpu = ", ".join(f"{k} {v}" for k, v in results[name]["cpu"]["percent_of_one_core"].items())
        print(f"  {name}: {cpu}")
    print(
        f"gunicorn CPU ms per operation: webhook {f['gunicorn_cpu_ms_per_webhook']} (1 console), "
        f"{p['gunicorn_cpu_ms_per_webhook']} ({p['consoles']} consoles, paced; "
        f"{p1['gunicorn_cpu_ms_per_webhook']} with 1 console); each console adds "
        f"{results['fan_out_gunicorn_cpu_ms_per_console_per_event']} per event; claim attempt "
        f"{cl['gunicorn_cpu_ms_per_attempt']}; console connect {c['gunicorn_cpu_ms_per_console']}; "
        f"reply {r['gunicorn_cpu_ms_per_reply']} (+ workers {r['workers_cpu_ms_per_reply']})"
    )
    print(f"Total run time: {results['seconds']} s")


def _lat(values: dict[str, float]) -> str:
    return f"{values['p50']} / {values['p95']} / {values['p99']} / {values['max']}"


def begin(args: argparse.Namespace) -> dict[str, Any]:
    """A benchmark's results, opened with its arguments and the machine's load before it runs.
    Local traffic never goes through a proxy the environment may name."""
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    return {"args": {k: str(v) for k, v in vars(args).items()}, "load_before": os.getloadavg()}


def print_rows(rows: list[dict[str, Any]]) -> None:
    """Print a benchmark's rows (measure, value, baseline, ratio, target, met), one a line."""
    for row in rows:
        print(" | ".join(str(row.get(k, "")) for k in ("measure", "value", "baseline", "ratio", "target", "met")))


def write_json(results: dict, path: Path) -> None:
    """Write every figure (per-phase CPU included) to `path` as JSON."""
    path.write_text(json.dumps(results, indent=2) + "\n")
