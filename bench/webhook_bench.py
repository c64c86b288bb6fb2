"""The SMS webhook against its baselines, in one run (issue 6 item 5; see bench/README.md).

Serves, each on a free 127.0.0.1 port: the project (`gunicorn -c gunicorn.conf.py wsgi:app` on a
fresh database built by the migrations, Redis as in production), bare Flask's GET /hello in the
same server shape, and the naive webhook as its file says (`gunicorn -w 4 -k sync`) and, like for
like as the file also suggests, in the project's server shape. Each gets
the same wrk load (16 connections, fixed duration): unique, validly signed webhooks (half open a
contact, half thread into one) or GET /hello. Rounds are interleaved; figures are medians. Then
counts the statements, round trips and CPU of a webhook in-process.

    .venv/bin/python -m bench.webhook_bench [--seconds 10] [--repeats 3] [--json PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import report, statements, wrk
from bench.failure import BenchFailure
from bench.stack import machine, running_stack
from bench.webhook_rounds import TARGETS, Rounds

TARGET_HELLO, TARGET_NAIVE, TARGET_P99_MS = 0.25, 0.5, 50.0  # issue 6, item 5
BASELINES = ("hello", "naive", "naive_like_ours")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.webhook_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each measured wrk run")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved rounds of the three servers")
    parser.add_argument("--connections", type=int, default=16, help="concurrent senders (wrk connections)")
    parser.add_argument("--pool", type=int, default=40_000, help="signed webhooks written per round")
    parser.add_argument("--inprocess", type=int, default=200, help="webhooks of each kind counted in-process")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    if not wrk.available():
        print("BENCH FAILED: wrk is not installed (apt-get install wrk; `make bench` does)", file=sys.stderr)
        return 1
    results = report.begin(args)
    load = wrk.Load(threads=2, connections=args.connections, seconds=args.seconds)
    try:
        with running_stack(workers=False) as stack, tempfile.TemporaryDirectory() as tmp:
            results["machine"] = machine(stack)
            results["rounds"] = Rounds(stack, load, args.pool, Path(tmp)).run(args.repeats)
            print("in-process statement count...", flush=True)
            results["in_process"] = statements.measure(stack.env, args.inprocess)
            results["intake_statement_chars"] = statements.intake_statement_chars()
    except BenchFailure as failure:
        print(f"\nBENCH FAILED: {failure}", file=sys.stderr)
        return 1
    results["load_after"] = os.getloadavg()
    results["summary"] = summarise(results["rounds"])
    results["rows"] = rows(results)
    report.print_rows(results["rows"])
    if args.json:
        report.write_json(results, args.json)
    return 0


def summarise(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over the measured rounds, and the project's ratios to each baseline."""

    def median(target: str, *keys: str) -> float:
        values = []
        for measured in rounds:
            value = measured[target]
            for key in keys:
                value = value[key]
            values.append(value)
        return round(statistics.median(values), 2)

    rates = {t: median(t, "per_second") for t in TARGETS}
    return {
        "per_second": rates,
        "p99_ms": {t: median(t, "p99_ms") for t in TARGETS},
        "project_p99_ms_per_round": [r["project"]["p99_ms"] for r in rounds],
        "ratio": {b: round(rates["project"] / rates[b], 3) for b in BASELINES},
        "ratio_per_round": {
            b: [round(r["project"]["per_second"] / r[b]["per_second"], 3) for r in rounds] for b in BASELINES
        },
        "server_cpu_ms_per_request": {t: median(t, "cpu_ms_per_request", "server") for t in TARGETS},
        "postgres_cpu_ms_per_request": {t: median(t, "cpu_ms_per_request", "postgres") for t in TARGETS},
    }


def rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures for docs/benchmarks.md (see bench/run_all.py), targets checked."""
    s, inproc, rounds = results["summary"], results["in_process"], len(results["rounds"])
    senders = results["args"]["connections"]
    rate, p99 = s["per_second"], s["p99_ms"]
    project = f"{rate['project']} req/s, p99 {p99['project']} ms"
    worst_p99 = max(s["project_p99_ms_per_round"])
    new, follow = inproc["new_contact"], inproc["follow_up"]
    cpu = s["server_cpu_ms_per_request"]
    return [
        {
            "measure": f"SMS webhook, {senders} senders, median of {rounds} rounds"
            f" (each: {s['ratio_per_round']['hello']})",
            "value": project,
            "baseline": f"bare Flask, same server shape: {rate['hello']} req/s, p99 {p99['hello']} ms",
            "ratio": s["ratio"]["hello"],
            "target": f">= {TARGET_HELLO}x",
            "met": s["ratio"]["hello"] >= TARGET_HELLO,
        },
        {
            "measure": f"SMS webhook vs the naive one (each round: {s['ratio_per_round']['naive']})",
            "value": project,
            "baseline": f"naive webhook, gunicorn -w 4 -k sync: {rate['naive']} req/s, p99 {p99['naive']} ms",
            "ratio": s["ratio"]["naive"],
            "target": f">= {TARGET_NAIVE}x",
            "met": s["ratio"]["naive"] >= TARGET_NAIVE,
        },
        {
            "measure": "SMS webhook vs the naive one in the project's server shape, like for like as its file"
            f" suggests (each round: {s['ratio_per_round']['naive_like_ours']})",
            "value": project,
            "baseline": f"naive webhook, one gevent worker: {rate['naive_like_ours']} req/s,"
            f" p99 {p99['naive_like_ours']} ms",
            "ratio": s["ratio"]["naive_like_ours"],
        },
        {
            "measure": f"SMS webhook p99 at {senders} senders, each round",
            "value": " / ".join(f"{v} ms" for v in s["project_p99_ms_per_round"]),
            "target": f"< {TARGET_P99_MS:g} ms",
            "met": worst_p99 < TARGET_P99_MS,
        },
        {
            "measure": "server CPU per request under load (all processes of the server)",
            "value": f"webhook {cpu['project']} ms",
            "baseline": f"naive {cpu['naive']} ms; bare Flask {cpu['hello']} ms",
            "ratio": round(cpu["project"] / cpu["naive"], 2) if cpu["naive"] else None,
        },
        {
            "measure": "statements per webhook (round trips incl. BEGIN and COMMIT; intake's plan setting, sent to"
            " psycopg directly, is one more), in-process",
            "value": f"new contact {new['statements']} ({new['round_trips']}); follow-up {follow['statements']} "
            f"({follow['round_trips']})",
        },
        {
            "measure": "intake's statement as psycopg receives it (its placeholders' conversion is kept under 4096)",
            "value": f"{results['intake_statement_chars']} characters",
            "target": "< 4096",
            "met": results["intake_statement_chars"] < 4096,
        },
        {
            "measure": "CPU per webhook in-process (Flask test client, single thread)",
            "value": f"new contact {new['cpu_ms']} ms; follow-up {follow['cpu_ms']} ms",
        },
    ]


if __name__ == "__main__":
    sys.exit(main())
